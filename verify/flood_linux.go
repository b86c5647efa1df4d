package verify

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"os"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// floodListener sees UDP to the canary group arriving on the cluster
// interface although no socket joined it. Only a switch that floods
// unregistered multicast delivers such frames; the IP stack would drop
// them, so a packet socket in all-multicast mode reads them first.
type floodListener struct {
	f      *os.File
	canary netip.Addr
	port   uint16
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

func openFloodListener(ifi *net.Interface, canary netip.Addr, port uint16) (*floodListener, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, int(htons(unix.ETH_P_IP)))
	if err != nil {
		if isPrivilege(err) {
			return nil, fmt.Errorf("%w (packet socket: %v)", ErrPrivilege, err)
		}
		return nil, fmt.Errorf("packet socket: %w", err)
	}
	fail := func(what string, err error) (*floodListener, error) {
		unix.Close(fd)
		return nil, fmt.Errorf("packet socket on %s: %s: %w", ifi.Name, what, err)
	}
	// The filter goes on before the bind, so the socket never queues the
	// host's other traffic: IPv4, UDP, to the canary group, to our port.
	c := canary.As4()
	prog, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 9, Size: 1},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: unix.IPPROTO_UDP, SkipFalse: 5},
		bpf.LoadAbsolute{Off: 16, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: binary.BigEndian.Uint32(c[:]), SkipFalse: 3},
		bpf.LoadMemShift{Off: 0},
		bpf.LoadIndirect{Off: 2, Size: 2},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: uint32(port), SkipTrue: 1},
		bpf.RetConstant{Val: 0},
		bpf.RetConstant{Val: 0xffff},
	})
	if err != nil {
		return fail("filter", err)
	}
	filter := make([]unix.SockFilter, len(prog))
	for i, ins := range prog {
		filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	if err := unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}); err != nil {
		return fail("filter", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_IP), Ifindex: ifi.Index}); err != nil {
		return fail("bind", err)
	}
	// A real NIC drops multicast frames for groups nobody joined before
	// the kernel sees them; all-multicast lifts that for as long as this
	// socket lives.
	mreq := unix.PacketMreq{Ifindex: int32(ifi.Index), Type: unix.PACKET_MR_ALLMULTI}
	if err := unix.SetsockoptPacketMreq(fd, unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mreq); err != nil {
		return fail("all-multicast", err)
	}
	return &floodListener{f: os.NewFile(uintptr(fd), "packet:"+ifi.Name), canary: canary, port: port}, nil
}

// run reads until Close, handing on the UDP payload and IP source of each
// canary.
func (l *floodListener) run(deliver func(src netip.Addr, payload []byte)) {
	buf := make([]byte, 65536)
	for {
		n, err := l.f.Read(buf)
		if err != nil {
			return
		}
		src, payload, ok := canaryPayload(buf[:n], l.canary, l.port)
		if ok {
			deliver(src, append([]byte(nil), payload...))
		}
	}
}

func (l *floodListener) Close() error { return l.f.Close() }
