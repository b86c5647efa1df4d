package verify

import (
	"fmt"
	"io"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Capture keeps the packets a probe sends and receives, to be written as
// a pcapng file an engineer opens in Wireshark. The probe's sockets hand
// it payloads, not frames: each packet is an IPv4 packet rebuilt around
// what was sent or read (PGM and IGMP whole, UDP with its header), so
// its IP header's TTL, ID and options are not the wire's. What the
// host's kernel sends by itself (its IGMP reports) is not in it.
type Capture struct {
	mu      sync.Mutex
	limit   int
	pkts    []captured
	dropped int
}

type captured struct {
	at   time.Time
	out  bool
	data []byte
}

// DefaultCaptureLimit bounds what a capture keeps in memory: a six-minute
// soak with three peers sends and receives well under it.
const DefaultCaptureLimit = 500_000

// NewCapture keeps up to limit packets; later ones are counted, not kept.
func NewCapture(limit int) *Capture { return &Capture{limit: limit} }

// Len is how many packets the capture holds.
func (c *Capture) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pkts)
}

// add keeps one packet: protocol proto from src to dst with its payload;
// for UDP, payload follows a header with the given ports.
func (c *Capture) add(at time.Time, out bool, proto layers.IPProtocol, src, dst netip.Addr, sport, dport uint16, ttl int, payload []byte) {
	if c == nil || !src.Is4() || !dst.Is4() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pkts) >= c.limit {
		c.dropped++
		return
	}
	ip := &layers.IPv4{Version: 4, TTL: uint8(min(max(ttl, 1), 255)), Protocol: proto, SrcIP: src.AsSlice(), DstIP: dst.AsSlice()}
	ls := []gopacket.SerializableLayer{ip}
	if proto == layers.IPProtocolUDP {
		u := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
		_ = u.SetNetworkLayerForChecksum(ip)
		ls = append(ls, u)
	}
	ls = append(ls, gopacket.Payload(payload))
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ls...); err != nil {
		c.dropped++
		return
	}
	c.pkts = append(c.pkts, captured{at: at, out: out, data: append([]byte(nil), buf.Bytes()...)})
}

// WritePcapng writes the capture as pcapng: one interface (iface, seen
// from self), every packet with its direction, and comment - the probe's
// verdict - in the section header.
func (c *Capture) WritePcapng(w io.Writer, iface string, self netip.Addr, comment string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	desc := fmt.Sprintf("mcaudit verify on %s: IPv4 packets rebuilt from what its sockets sent and read (TTL, ID and IP options are not the wire's; the kernel's own IGMP reports are not included)", self)
	if c.dropped > 0 {
		comment += fmt.Sprintf("\n%d packets beyond the first %d were not kept", c.dropped, c.limit)
	}
	nw, err := pcapgo.NewNgWriterInterface(w,
		pcapgo.NgInterface{Name: iface, Description: desc, OS: runtime.GOOS, LinkType: layers.LinkTypeRaw, TimestampResolution: 9},
		pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "mcaudit verify", OS: runtime.GOOS, Hardware: runtime.GOARCH, Comment: comment}})
	if err != nil {
		return err
	}
	for _, p := range c.pkts {
		dir := pcapgo.NgEpbFlagDirectionInbound
		if p.out {
			dir = pcapgo.NgEpbFlagDirectionOutbound
		}
		ci := gopacket.CaptureInfo{Timestamp: p.at, CaptureLength: len(p.data), Length: len(p.data)}
		if err := nw.WritePacketWithOptions(ci, p.data, pcapgo.NgPacketOptions{Flags: &pcapgo.NgEpbFlags{Direction: dir}}); err != nil {
			return err
		}
	}
	return nw.Flush()
}

// Comment is a run's verdict as a capture file's comment: what Wireshark
// shows under Statistics > Capture File Properties.
func Comment(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "mcaudit verify from %s on %s: %s (group %s, port %d, PGM TSI %s)\n", r.Host, r.Interface, r.Verdict, r.Group, r.Port, r.TSI)
	fmt.Fprintf(&b, "querier: %s: %s\n", r.Querier.Verdict, r.Querier.Diagnosis)
	for _, p := range r.Peers {
		fmt.Fprintf(&b, "peer %s: %s", p.Address, p.Verdict)
		if len(p.Diagnosis) > 0 {
			b.WriteString(": " + strings.Join(p.Diagnosis, "; "))
		}
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		b.WriteString("note: " + n + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
