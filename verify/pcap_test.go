package verify

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// A capture reads back as what was kept: rebuilt IPv4 packets with valid
// checksums, directions, and the verdict as the section's comment; what
// goes beyond the limit is counted in it.
func TestCaptureWritesPcapng(t *testing.T) {
	self, peer, group := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("239.1.1.1")
	c := NewCapture(2)
	at := time.Unix(1767225600, 5)
	c.add(at, true, protoPGM, self, group, 0, 0, 255, []byte{0, 1, 2, 3})
	c.add(at.Add(time.Millisecond), false, layers.IPProtocolUDP, peer, group, 40000, 7500, 1, []byte("probe"))
	c.add(at, false, layers.IPProtocolUDP, peer, self, 1, 2, 1, nil) // beyond the limit
	var buf bytes.Buffer
	if err := c.WritePcapng(&buf, "veth0", self, "verdict: pass"); err != nil {
		t.Fatal(err)
	}
	r, err := pcapgo.NewNgReader(&buf, pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeRaw || r.SectionInfo().Comment != "verdict: pass\n1 packets beyond the first 2 were not kept" {
		t.Errorf("link type %v, comment %q", r.LinkType(), r.SectionInfo().Comment)
	}
	var dirs []pcapgo.NgEpbFlag
	for {
		data, ci, opts, err := r.ReadPacketDataWithOptions()
		if err != nil {
			break
		}
		if !ci.Timestamp.Equal(at) && !ci.Timestamp.Equal(at.Add(time.Millisecond)) {
			t.Errorf("timestamp %v", ci.Timestamp)
		}
		dirs = append(dirs, opts.Flags.Direction)
		p := gopacket.NewPacket(data, layers.LayerTypeIPv4, gopacket.Default)
		ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		if ip == nil { // gopacket has no PGM decoder: the payload stays undecoded
			t.Fatalf("not an IPv4 packet: %v", p)
		}
		if u, ok := p.Layer(layers.LayerTypeUDP).(*layers.UDP); ok {
			if u.SrcPort != 40000 || u.DstPort != 7500 || string(u.Payload) != "probe" {
				t.Errorf("UDP %+v", u)
			}
		} else if ip.Protocol != 113 || ip.TTL != 255 || !bytes.Equal(ip.Payload, []byte{0, 1, 2, 3}) {
			t.Errorf("PGM %+v", ip)
		}
	}
	if len(dirs) != 2 || dirs[0] != pcapgo.NgEpbFlagDirectionOutbound || dirs[1] != pcapgo.NgEpbFlagDirectionInbound {
		t.Errorf("directions %v", dirs)
	}
}
