//go:build linux

package verify

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/netbed"
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
				rs := make([]Result, len(probes))
				var wg sync.WaitGroup
				for i, p := range probes {
					wg.Add(1)
					go func() {
						defer wg.Done()
						rs[i], _ = p.Run(context.Background())
					}()
				}
				wg.Wait()
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
