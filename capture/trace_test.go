package capture

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/mcaudit/mcaudit/verify/igmp"
	"github.com/mcaudit/mcaudit/verify/pgm"
)

// A trace builds a capture for the tests: frames at given seconds from its
// start, written as pcap or pcapng by gopacket's writers, which are not
// the code under test.
type trace struct {
	t      testing.TB
	start  time.Time
	frames []frame
}

type frame struct {
	at   time.Duration
	data []byte
	cut  int // captured bytes, when fewer than the frame's
}

func newTrace(t testing.TB) *trace {
	return &trace{t: t, start: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)}
}

var (
	group   = netip.MustParseAddr("239.192.0.10")
	node1   = netip.MustParseAddr("10.10.100.11")
	node2   = netip.MustParseAddr("10.10.100.12")
	node3   = netip.MustParseAddr("10.10.100.13")
	querier = netip.MustParseAddr("10.10.100.1")
	allHost = netip.MustParseAddr("224.0.0.1")
	v3Rep   = netip.MustParseAddr("224.0.0.22")
)

func sec(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// ip adds an Ethernet frame carrying an IPv4 packet.
func (tr *trace) ip(at time.Duration, src, dst netip.Addr, proto layers.IPProtocol, payload []byte) *frame {
	tr.t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 1, Protocol: proto, SrcIP: net.IP(src.AsSlice()), DstIP: net.IP(dst.AsSlice())}
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{1, 0, 0x5e, 0, 0, 1}, EthernetType: layers.EthernetTypeIPv4}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, gopacket.Payload(payload)); err != nil {
		tr.t.Fatal(err)
	}
	tr.frames = append(tr.frames, frame{at: at, data: bytes.Clone(buf.Bytes())})
	return &tr.frames[len(tr.frames)-1]
}

func (tr *trace) udp(at time.Duration, src, dst netip.Addr) {
	tr.t.Helper()
	u := &layers.UDP{SrcPort: 4000, DstPort: 7500}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, u, gopacket.Payload("probe")); err != nil {
		tr.t.Fatal(err)
	}
	tr.ip(at, src, dst, layers.IPProtocolUDP, buf.Bytes())
}

func tsi(src netip.Addr) pgm.TSI {
	a := src.As4()
	return pgm.TSI{GSI: [6]byte{a[0], a[1], a[2], a[3], 0, 1}, SourcePort: 4242}
}

func (tr *trace) spm(at time.Duration, src netip.Addr, sqn, lead uint32) {
	tr.ip(at, src, group, pgm.Protocol, pgm.AppendSPM(nil, tsi(src), 7500, sqn, 1, lead, src))
}

func (tr *trace) odata(at time.Duration, src netip.Addr, sqn uint32) {
	tr.ip(at, src, group, pgm.Protocol, pgm.AppendODATA(nil, tsi(src), 7500, sqn, 1, []byte("eft")))
}

// rdata is an ODATA with the RDATA type, checksummed again.
func (tr *trace) rdata(at time.Duration, src netip.Addr, sqn uint32) {
	b := pgm.AppendODATA(nil, tsi(src), 7500, sqn, 1, []byte("eft"))
	b[4] = byte(pgm.RDATA)
	b[6], b[7] = 0, 0
	binary.BigEndian.PutUint16(b[6:], pgm.Checksum(b))
	tr.ip(at, src, group, pgm.Protocol, b)
}

// nak is a receiver's NAK for sqn of src's session, sent to src: the
// ports swapped, as RFC 3208 §8.3 has them upstream.
func (tr *trace) nak(at time.Duration, from, src netip.Addr, sqn uint32) {
	t := tsi(src)
	b := binary.BigEndian.AppendUint16(nil, 7500)
	b = binary.BigEndian.AppendUint16(b, t.SourcePort)
	b = append(b, byte(pgm.NAK), 0, 0, 0)
	b = append(b, t.GSI[:]...)
	b = append(b, 0, 0)
	b = binary.BigEndian.AppendUint32(b, sqn)
	s, g := src.As4(), group.As4()
	b = append(b, 0, 1, 0, 0, s[0], s[1], s[2], s[3], 0, 1, 0, 0, g[0], g[1], g[2], g[3])
	binary.BigEndian.PutUint16(b[6:], pgm.Checksum(b))
	tr.ip(at, from, src, pgm.Protocol, b)
}

// query is a general IGMPv3 query stating a query interval of qi.
func (tr *trace) query(at time.Duration, qi time.Duration) {
	tr.ip(at, querier, allHost, igmp.Protocol, igmp.AppendQuery(nil, igmp.Message{Version: 3, MaxResp: time.Second, QRV: 2, QQI: qi}))
}

// report is an IGMPv3 report joining group (CHANGE_TO_EXCLUDE, no
// sources); leave makes it CHANGE_TO_INCLUDE with none.
func (tr *trace) report(at time.Duration, host netip.Addr, leave bool) {
	typ := byte(4)
	if leave {
		typ = 3
	}
	g := group.As4()
	b := []byte{0x22, 0, 0, 0, 0, 0, 0, 1, typ, 0, 0, 0, g[0], g[1], g[2], g[3]}
	binary.BigEndian.PutUint16(b[2:], inet(b))
	tr.ip(at, host, v3Rep, igmp.Protocol, b)
}

func inet(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for s > 0xffff {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}

// pcap writes the trace as classic pcap.
func (tr *trace) pcap() []byte {
	tr.t.Helper()
	var b bytes.Buffer
	w := pcapgo.NewWriter(&b)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		tr.t.Fatal(err)
	}
	for _, f := range tr.frames {
		data := f.data
		if f.cut > 0 {
			data = data[:f.cut]
		}
		ci := gopacket.CaptureInfo{Timestamp: tr.start.Add(f.at), CaptureLength: len(data), Length: len(f.data)}
		if err := w.WritePacket(ci, data); err != nil {
			tr.t.Fatal(err)
		}
	}
	return b.Bytes()
}

// pcapng writes it as pcapng.
func (tr *trace) pcapng() []byte {
	tr.t.Helper()
	var b bytes.Buffer
	w, err := pcapgo.NewNgWriter(&b, layers.LinkTypeEthernet)
	if err != nil {
		tr.t.Fatal(err)
	}
	for _, f := range tr.frames {
		ci := gopacket.CaptureInfo{Timestamp: tr.start.Add(f.at), CaptureLength: len(f.data), Length: len(f.data)}
		if err := w.WritePacket(ci, f.data); err != nil {
			tr.t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tr.t.Fatal(err)
	}
	return b.Bytes()
}

func (tr *trace) read(o Options) *Report {
	tr.t.Helper()
	r, err := Read("trace.pcap", bytes.NewReader(tr.pcap()), o)
	if err != nil {
		tr.t.Fatal(err)
	}
	return r
}

// sender adds a healthy source from 0 to end: an SPM a second, ODATA ten
// times a second, sequence numbers from 1.
func (tr *trace) sender(src netip.Addr, from, end float64) uint32 {
	sqn := uint32(1)
	for i := int(from * 10); i < int(end*10); i++ {
		at := sec(float64(i) / 10)
		if i%10 == 0 {
			tr.spm(at, src, uint32(i), sqn-1)
		}
		tr.odata(at+time.Millisecond, src, sqn)
		sqn++
	}
	return sqn
}

// queries adds general queries every qi from 0 to end.
func (tr *trace) queries(qi time.Duration, end float64) {
	for at := time.Duration(0); at < sec(end); at += qi {
		tr.query(at+500*time.Millisecond, qi)
	}
}
