package verify

import (
	"fmt"
	"syscall"

	"golang.org/x/net/bpf"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// openSPM opens the socket SPMs go out on: a second raw protocol-113 socket
// whose every packet carries IP Router Alert (RFC 3208 §4 wants it on SPMs,
// not on ODATA), set once with IP_OPTIONS. It never reads, so a filter that
// accepts nothing keeps the kernel from queueing copies of all PGM for it.
func (p *Probe) openSPM() (*ipv4.PacketConn, bool, error) {
	c, err := p.listen("ip4:113", "0.0.0.0")
	if err != nil {
		return nil, false, err
	}
	if err := p.multicast(c, "PGM SPM"); err != nil {
		return nil, false, err
	}
	drop, err := bpf.Assemble([]bpf.Instruction{bpf.RetConstant{Val: 0}})
	if err != nil {
		return nil, false, err
	}
	if err := c.SetBPF(drop); err != nil {
		return nil, false, fmt.Errorf("PGM SPM socket: filter: %w", err)
	}
	raw, err := c.PacketConn.(interface {
		SyscallConn() (syscall.RawConn, error)
	}).SyscallConn()
	if err != nil {
		return nil, false, err
	}
	var serr error
	routerAlert := []byte{0x94, 0x04, 0x00, 0x00} // RFC 2113: type 148, length 4, value 0
	if err := raw.Control(func(fd uintptr) {
		serr = unix.SetsockoptString(int(fd), unix.IPPROTO_IP, unix.IP_OPTIONS, string(routerAlert))
	}); err != nil {
		return nil, false, err
	}
	if serr != nil {
		// Still send SPMs, without the option; the result says so.
		return c, false, nil
	}
	return c, true, nil
}
