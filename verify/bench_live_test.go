//go:build linux

package verify

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// BenchmarkTimeToVerdict: how long two hosts take to their verdict, per
// scenario, on a fresh bridge each time (not counted). ns/op is the whole
// run; verdict-s is when the verdict was complete on the slower host;
// paths-s when every path was judged (PGM, UDP multicast, unicast);
// querier-s is when the first IGMP query arrived.
func BenchmarkTimeToVerdict(b *testing.B) {
	for _, sc := range []struct {
		name string
		opt  netbed.Options
		acl  bool
		want Status
	}{
		{"querier", netbed.Options{Snooping: true, Querier: true}, false, Pass},
		{"acl-113", netbed.Options{Snooping: true, Querier: true}, true, Fail},
		{"no-querier", netbed.Options{Snooping: true, FloodOff: true}, false, Fail},
		{"snooping-off", netbed.Options{}, false, Pass},
	} {
		b.Run(sc.name, func(b *testing.B) {
			var verdict, paths, querier time.Duration
			for b.Loop() {
				b.StopTimer()
				bed := netbed.New(b, sc.opt)
				if sc.acl {
					bed.DropProtocol(b, 113)
				}
				probes := openAll(b, bed, Config{})
				b.StartTimer()
				rs := runProbes(b, context.Background(), probes, 0)
				b.StopTimer()
				var v, pa time.Duration
				for _, r := range rs {
					if r.Verdict != sc.want {
						b.Fatalf("%s: %s, want %s", r.Host, r.Verdict, sc.want)
					}
					v = max(v, time.Duration(r.VerdictAfter))
					pa = max(pa, time.Duration(r.PathsAfter))
					if len(r.Querier.Queriers) > 0 {
						querier = max(querier, time.Duration(r.Querier.Queriers[0].First))
					}
				}
				verdict += v
				paths += pa
				b.StartTimer()
			}
			b.ReportMetric(verdict.Seconds()/float64(b.N), "verdict-s")
			b.ReportMetric(paths.Seconds()/float64(b.N), "paths-s")
			if querier > 0 {
				b.ReportMetric(querier.Seconds(), "querier-s")
			}
		})
	}
}

// BenchmarkReceiveLive: the whole receive path, sockets included: one host
// sends b.N PGM ODATA as fast as a raw socket takes them through the
// bridge; the other runs the probe. pkts/s is what the probe validated and
// counted per second of sending; lost-% is what never got that far (the
// socket buffer overflows when the sender outruns the reader).
func BenchmarkReceiveLive(b *testing.B) {
	bed := netbed.New(b, netbed.Options{})
	h1, h2 := bed.Hosts[0], bed.Hosts[1]
	var recv *Probe
	if err := h2.Do(func() (err error) {
		recv, err = Open(Config{Group: testGroup, Peers: []netip.Addr{h1.Addr}, Duration: time.Hour})
		return err
	}); err != nil {
		b.Fatal(err)
	}
	var send *ipv4.PacketConn
	if err := h1.Do(func() error {
		c, err := net.ListenPacket("ip4:113", "0.0.0.0")
		if err != nil {
			return err
		}
		send = ipv4.NewPacketConn(c)
		ifi, err := net.InterfaceByName(h1.Iface)
		if err != nil {
			return err
		}
		return send.SetMulticastInterface(ifi)
	}); err != nil {
		b.Fatal(err)
	}
	defer send.Close()
	cfg := recv.Config()
	cfg.Self, cfg.Peers = h1.Addr, []netip.Addr{h2.Addr}
	src := newSession(cfg, 7, [6]byte{1, 2, 3, 4, 5, 6}, 0x1234, time.Now())
	packets := make([][]byte, b.N)
	for i := range packets {
		packets[i] = src.next(time.Now(), false).ODATA
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	go func() {
		r, _ := recv.Run(ctx)
		done <- r
	}()
	time.Sleep(100 * time.Millisecond) // the probe's readers are up
	group := &net.IPAddr{IP: testGroup.AsSlice()}
	b.ResetTimer()
	for _, p := range packets {
		if _, err := send.WriteTo(p, nil, group); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	elapsed := b.Elapsed()
	time.Sleep(200 * time.Millisecond) // let the reader drain
	cancel()
	r := <-done
	got := r.Peers[0].Received.ODATA
	if len(r.Peers[0].Invalid) != 0 {
		b.Fatalf("invalid: %v", r.Peers[0].Invalid)
	}
	b.ReportMetric(float64(got)/elapsed.Seconds(), "pkts/s")
	b.ReportMetric(100*float64(b.N-int(got))/float64(b.N), "lost-%")
}
