package verify

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"
)

// ipv4UDP builds an IPv4 packet carrying a UDP datagram, as a packet
// socket reads it: IP header (with opts, a multiple of 4 bytes), UDP
// header, payload. Checksums are left zero; the kernel checked them.
func ipv4UDP(src, dst netip.Addr, dport uint16, opts, payload []byte) []byte {
	ihl := 20 + len(opts)
	total := ihl + 8 + len(payload)
	b := []byte{0x40 | byte(ihl/4), 0}
	b = binary.BigEndian.AppendUint16(b, uint16(total))
	b = append(b, 0x12, 0x34, 0x40, 0x00) // ID, DF, offset 0
	b = append(b, 1, 17, 0, 0)            // TTL, UDP, header checksum
	s, d := src.As4(), dst.As4()
	b = append(b, s[:]...)
	b = append(b, d[:]...)
	b = append(b, opts...)
	b = binary.BigEndian.AppendUint16(b, 40000) // source port
	b = binary.BigEndian.AppendUint16(b, dport)
	b = binary.BigEndian.AppendUint16(b, uint16(8+len(payload)))
	b = append(b, 0, 0)
	return append(b, payload...)
}

func TestCanaryGroup(t *testing.T) {
	for g, want := range map[string]string{
		"239.192.0.10":    "239.64.64.10",
		"239.0.0.1":       "239.128.64.1",
		"224.0.1.1":       "224.128.65.1",
		"239.255.255.255": "239.127.191.255",
	} {
		group, canary := netip.MustParseAddr(g), netip.MustParseAddr(want)
		got := CanaryGroup(group)
		if got != canary {
			t.Errorf("CanaryGroup(%s) = %s, want %s", group, got, canary)
		}
		// Another Ethernet address: the low 23 bits differ.
		ga, ca := group.As4(), got.As4()
		if gm, cm := binary.BigEndian.Uint32(ga[:])&0x7fffff, binary.BigEndian.Uint32(ca[:])&0x7fffff; gm == cm {
			t.Errorf("CanaryGroup(%s) = %s maps to the group's MAC address", group, got)
		}
		if CanaryGroup(got) != group {
			t.Errorf("CanaryGroup(CanaryGroup(%s)) = %s", group, CanaryGroup(got))
		}
	}
}

// The canary must be a group switches do not flood anyway and hosts do not
// join: in the link-local block 224.0.0.0/24 (224.0.0.1 is every host)
// a canary arrives whatever the snooping, and flooding would be reported
// where there is none, so a missing querier would pass.
func TestCanaryGroupIsNeverLinkLocal(t *testing.T) {
	for a1 := range 256 {
		for a2 := range 256 {
			g := netip.AddrFrom4([4]byte{224, byte(a1), byte(a2), 1})
			cfg := Config{Group: g, Peers: []netip.Addr{hostB}}
			if check(&cfg) != nil {
				continue
			}
			if c := CanaryGroup(g); c.IsLinkLocalMulticast() {
				t.Errorf("check accepts --group %s, whose canary %s is link-local", g, c)
			}
		}
	}
}

func TestCanaryPayload(t *testing.T) {
	canary := CanaryGroup(simGroup)
	payload := AppendRecord(nil, Record{Kind: KindCanary, Run: 1, Sender: hostB, Tick: 3})
	routerAlert := []byte{0x94, 0x04, 0x00, 0x00}
	valid := func() []byte { return ipv4UDP(hostB, canary, simPort, nil, payload) }
	withOpts := func() []byte { return ipv4UDP(hostB, canary, simPort, routerAlert, payload) }
	put16 := func(b []byte, off int, v uint16) []byte {
		binary.BigEndian.PutUint16(b[off:], v)
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want []byte // nil: rejected
	}{
		{"valid", valid(), payload},
		{"valid with IP options", withOpts(), payload},
		{"without DF", func() []byte { b := valid(); b[6] = 0; return b }(), payload},
		{"Ethernet padding after the packet", append(valid(), 0, 0, 0, 0, 0, 0), payload},
		{"UDP length shorter than the IP payload", put16(valid(), 24, 8+3), payload[:3]},
		{"empty UDP payload", ipv4UDP(hostB, canary, simPort, nil, nil), []byte{}},
		{"empty UDP payload with options", ipv4UDP(hostB, canary, simPort, routerAlert, nil), []byte{}},

		{"the cluster's group", ipv4UDP(hostB, simGroup, simPort, nil, payload), nil},
		{"unicast to this host", ipv4UDP(hostB, hostA, simPort, nil, payload), nil},
		{"another port", ipv4UDP(hostB, canary, simPort+1, nil, payload), nil},
		{"another port, with options", ipv4UDP(hostB, canary, simPort+1, routerAlert, payload), nil},
		{"first fragment (MF)", func() []byte { b := valid(); b[6] = 0x20; return b }(), nil},
		{"last fragment (offset)", func() []byte { b := valid(); b[6], b[7] = 0, 0x10; return b }(), nil},
		{"offset only in the high bits", func() []byte { b := valid(); b[6] = 0x5f; return b }(), nil},
		{"truncated by one byte", valid()[:len(valid())-1], nil},
		{"truncated to the IP header", valid()[:20], nil},
		{"truncated inside the IP header", valid()[:19], nil},
		{"options truncated", withOpts()[:22], nil},
		{"empty", nil, nil},
		{"UDP length one too long", put16(valid(), 24, uint16(8+len(payload)+1)), nil},
		{"UDP length with options, one too long", put16(withOpts(), 28, uint16(8+len(payload)+1)), nil},
		{"UDP length below its header", put16(valid(), 24, 7), nil},
		{"UDP length zero", put16(valid(), 24, 0), nil},
		{"IP total below IHL + UDP header", put16(valid(), 2, 27), nil},
		{"IHL below 5", func() []byte { b := valid(); b[0] = 0x44; return b }(), nil},
		{"IHL past the total", func() []byte { b := valid(); b[0] = 0x4f; return b }(), nil},
		{"IPv6", func() []byte { b := valid(); b[0] = 0x65; return b }(), nil},
		{"not UDP", func() []byte { b := valid(); b[9] = 113; return b }(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, got, ok := canaryPayload(tc.b, canary, simPort)
			if tc.want == nil {
				if ok || src.IsValid() || got != nil {
					t.Errorf("accepted: %s %x", src, got)
				}
				return
			}
			if !ok || src != hostB || !bytes.Equal(got, tc.want) || got == nil {
				t.Errorf("got %s %x %v, want %s %x", src, got, ok, hostB, tc.want)
			}
		})
	}
}

// What the flood listener hands on feeds onCanary: a canary from a peer
// counts, and makes the flooding verdict.
func TestCanaryThroughPacket(t *testing.T) {
	a, b := newPair(nil)
	a.floodMeasured = true
	canary := CanaryGroup(simGroup)
	o := b.next(at(0), false)
	src, pl, ok := canaryPayload(ipv4UDP(hostB, canary, simPort, nil, o.Canary), canary, simPort)
	if !ok {
		t.Fatal("the canary packet was rejected")
	}
	a.onCanary(src, pl, at(0))
	if p := a.peers[0]; p.heard != (Counts{Canary: 1}) || p.first[KindCanary] != at(0) || p.maxTick != 0 || p.winTicks {
		t.Errorf("heard %+v first %v", p.heard, p.first[KindCanary])
	}
	if r := a.result(at(1)); r.Flooding != Flooded {
		t.Errorf("flooding %q, want yes", r.Flooding)
	}
}
