// Package capture explains a packet capture taken on a cluster node -
// Wireshark's or tcpdump's pcap or pcapng, Windows pktmon's after "pktmon
// etl2pcap" - in the words mcaudit verify uses live: the PGM sessions
// and how they fare, the IGMP queriers and memberships, and a diagnosis
// on the capture's timeline.
package capture

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// ErrNotCapture marks input that is not a capture mcaudit can read.
var ErrNotCapture = errors.New("not a capture mcaudit can read")

// packetSource is what both file formats give.
type packetSource interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	LinkType() layers.LinkType
}

// ipPacket is what the analysis needs of one IPv4 packet.
type ipPacket struct {
	at       time.Time
	src, dst netip.Addr
	proto    layers.IPProtocol
	payload  []byte
	sport    uint16 // UDP
	cut      bool   // the snap length cut the packet short
	outgoing bool   // Linux cooked capture: sent by the capturing host
	fragment bool   // a fragment of a larger datagram
}

// linkTypes are the link types read: what tcpdump, Wireshark and pktmon
// write on the interfaces a cluster node has.
var linkTypes = map[layers.LinkType]gopacket.LayerType{
	layers.LinkTypeEthernet:  layers.LayerTypeEthernet,
	layers.LinkTypeRaw:       layers.LayerTypeIPv4,
	layers.LinkTypeIPv4:      layers.LayerTypeIPv4,
	layers.LinkTypeLinuxSLL:  layers.LayerTypeLinuxSLL,
	layers.LinkTypeLinuxSLL2: layers.LayerTypeLinuxSLL2,
	layers.LinkTypeNull:      layers.LayerTypeLoopback,
}

// open detects the format from the first bytes and returns its reader.
func open(name string, r io.Reader) (packetSource, string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, err := br.Peek(4)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %d bytes, not even a capture's header: %w", name, len(magic), ErrNotCapture)
	}
	var src packetSource
	format := "pcap"
	switch {
	case bytes.Equal(magic, []byte{0x0a, 0x0d, 0x0d, 0x0a}):
		format = "pcapng"
		ng, err := pcapgo.NewNgReader(br, pcapgo.NgReaderOptions{SkipUnknownVersion: true})
		if err != nil {
			return nil, "", fmt.Errorf("%s: a pcapng file whose header cannot be read (%v): %w", name, err, ErrNotCapture)
		}
		src = ng
	case isPcapMagic(magic):
		p, err := pcapgo.NewReader(br)
		if err != nil {
			return nil, "", fmt.Errorf("%s: a pcap file whose header cannot be read (%v): %w", name, err, ErrNotCapture)
		}
		src = p
	default:
		return nil, "", fmt.Errorf("%s: starts with % x, neither pcap nor pcapng (save it from Wireshark as either; pktmon's .etl needs \"pktmon etl2pcap\" first): %w", name, magic, ErrNotCapture)
	}
	if _, ok := linkTypes[src.LinkType()]; !ok {
		return nil, "", fmt.Errorf("%s: link type %v (%d) is not one mcaudit reads (Ethernet, raw IP, Linux cooked v1/v2, loopback): %w",
			name, src.LinkType(), uint16(src.LinkType()), ErrNotCapture)
	}
	return src, format, nil
}

func isPcapMagic(m []byte) bool {
	for _, want := range [][]byte{{0xa1, 0xb2, 0xc3, 0xd4}, {0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d}, {0x4d, 0x3c, 0xb2, 0xa1}} {
		if bytes.Equal(m, want) {
			return true
		}
	}
	return false
}

// decoder turns frames of one link type into IPv4 packets, with gopacket's
// layers reused from packet to packet.
type decoder struct {
	parser  *gopacket.DecodingLayerParser
	eth     layers.Ethernet
	dot1q   layers.Dot1Q
	sll     layers.LinuxSLL
	sll2    layers.LinuxSLL2
	loop    layers.Loopback
	ip4     layers.IPv4
	udp     layers.UDP
	decoded []gopacket.LayerType
}

func newDecoder(lt layers.LinkType) *decoder {
	d := &decoder{}
	d.parser = gopacket.NewDecodingLayerParser(linkTypes[lt], &d.eth, &d.dot1q, &d.sll, &d.sll2, &d.loop, &d.ip4, &d.udp)
	d.parser.IgnoreUnsupported = true // PGM, IGMP and the rest are read here, not by gopacket
	return d
}

// decode returns the IPv4 packet in a frame, or false for anything else.
func (d *decoder) decode(data []byte, ci gopacket.CaptureInfo) (ipPacket, bool) {
	d.decoded = d.decoded[:0]
	// An error past the IPv4 layer (a UDP header cut short) leaves what
	// was read before it.
	_ = d.parser.DecodeLayers(data, &d.decoded)
	var p ipPacket
	got, outgoing := false, false
	for _, t := range d.decoded {
		switch t {
		case layers.LayerTypeIPv4:
			got = true
			p = ipPacket{at: ci.Timestamp, proto: d.ip4.Protocol, payload: d.ip4.Payload,
				cut: ci.CaptureLength < ci.Length, outgoing: outgoing,
				fragment: d.ip4.FragOffset != 0 || d.ip4.Flags&layers.IPv4MoreFragments != 0}
			p.src, _ = netip.AddrFromSlice(d.ip4.SrcIP.To4())
			p.dst, _ = netip.AddrFromSlice(d.ip4.DstIP.To4())
		case layers.LayerTypeLinuxSLL:
			outgoing = d.sll.PacketType == layers.LinuxSLLPacketTypeOutgoing
		case layers.LayerTypeLinuxSLL2:
			outgoing = d.sll2.PacketType == layers.LinuxSLL2PacketTypeOutgoing
		case layers.LayerTypeUDP:
			p.sport, p.payload = uint16(d.udp.SrcPort), d.udp.Payload
		}
	}
	return p, got && p.src.IsValid() && p.dst.IsValid()
}
