package verify

import (
	"net/netip"
	"testing"
	"time"
)

// BenchmarkValidate: packets a receiver validates and accounts per second,
// sockets aside: PGM ODATA (checksum, header, TSDU, record), SPM and the UDP
// records, in the proportions a peer sends them; duplicate and report
// checks included.
func BenchmarkValidate(b *testing.B) {
	a, bb := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	cfg := Defaults
	cfg.Group = netip.MustParseAddr("239.192.0.10")
	t0 := time.Unix(0, 0)
	cfgA, cfgB := cfg, cfg
	cfgA.Self, cfgA.Peers = a, []netip.Addr{bb}
	cfgB.Self, cfgB.Peers = bb, []netip.Addr{a}
	sender := newSession(cfgA, 1, [6]byte{1, 2, 3, 4, 5, 6}, 0x1234, t0)
	const ticks = 1024
	outs := make([]Outgoing, ticks)
	for i := range outs {
		outs[i] = sender.next(t0.Add(time.Duration(i)*cfg.Interval), false)
	}
	// A receiver takes each tick once (a copy is refused as forged), so
	// every pass over the ticks is a fresh receiver's.
	var recv *session
	packets := 0
	for b.Loop() {
		recv = newSession(cfgB, 2, [6]byte{6, 5, 4, 3, 2, 1}, 0x4321, t0)
		for i := range outs {
			o := &outs[i]
			now := t0.Add(time.Duration(i) * cfg.Interval)
			if o.SPM != nil {
				recv.onPGM(a, o.SPM, now)
				packets++
			}
			recv.onPGM(a, o.ODATA, now)
			recv.onUDP(a, cfg.Group, o.Multicast, now)
			recv.onUDP(a, bb, o.Unicast[0].Payload, now)
			packets += 3
		}
	}
	if recv.peers[0].heard.ODATA == 0 || len(recv.peers[0].invalid) != 0 {
		b.Fatalf("receiver accounted %+v, invalid %v", recv.peers[0].heard, recv.peers[0].invalid)
	}
	b.ReportMetric(float64(packets)/b.Elapsed().Seconds(), "pkts/s")
	b.ReportMetric(0, "ns/op")
}
