//go:build linux

package verify

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// The scenarios of the issue, each on a fresh bridge (verify.md §5.4: a
// bridge's timers and memberships leak from one test into the next): every
// host runs the probe at once, listing the whole cluster, as an operator
// would.

var testGroup = netip.MustParseAddr("239.192.0.10")

func runAll(t testing.TB, b *netbed.Bed, cfg Config) []Result {
	t.Helper()
	results := runProbes(t, context.Background(), openAll(t, b, cfg), 0)
	for _, r := range results {
		logResult(t, r)
	}
	return results
}

// runProbes runs the probes at once, the i-th starting i×stagger late, and
// returns their results in order.
func runProbes(t testing.TB, ctx context.Context, probes []*Probe, stagger time.Duration) []Result {
	t.Helper()
	results := make([]Result, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * stagger)
			r, err := p.Run(ctx)
			if err != nil {
				t.Errorf("probe %d: %v", i, err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	return results
}

func openAll(t testing.TB, b *netbed.Bed, cfg Config) []*Probe {
	t.Helper()
	for _, h := range b.Hosts {
		cfg.Peers = append(cfg.Peers, h.Addr)
	}
	if !cfg.Group.IsValid() {
		cfg.Group = testGroup
	}
	probes := make([]*Probe, len(b.Hosts))
	for i, h := range b.Hosts {
		if err := h.Do(func() (err error) {
			probes[i], err = Open(cfg)
			return err
		}); err != nil {
			t.Fatalf("%s: %v", h.NS, err)
		}
		t.Cleanup(func() { probes[i].Close() })
	}
	return probes
}

func logResult(t testing.TB, r Result) {
	t.Helper()
	t.Logf("%s: %s in %s; querier %s %s; flooding %s; notes %q", r.Host, r.Verdict, r.Elapsed, r.Querier.Verdict, r.Querier.Diagnosis, r.Flooding, r.Notes)
	for _, p := range r.Peers {
		t.Logf("  peer %s %s in %+v out %+v %q", p.Address, p.Verdict, p.Received, p.PeerReceived, p.Diagnosis)
	}
}

func hasDiagnosis(p PeerResult, sub string) bool {
	for _, d := range p.Diagnosis {
		if strings.Contains(d, sub) {
			return true
		}
	}
	return false
}

func TestLiveQuerierOnPasses(t *testing.T) {
	b := netbed.New(t, netbed.Options{Hosts: 3, Snooping: true, Querier: true, QuerierAddr: true})
	for _, r := range runAll(t, b, Config{}) {
		if r.Verdict != Pass {
			t.Errorf("%s: verdict %s, want pass", r.Host, r.Verdict)
		}
		if len(r.Peers) != 2 {
			t.Errorf("%s: %d peers, want 2 (its own address dropped)", r.Host, len(r.Peers))
		}
		for _, p := range r.Peers {
			// A packet lost on a loaded machine is reported as noise, as it
			// should be; anything else said about a clean bridge is wrong.
			said := slices.DeleteFunc(slices.Clone(p.Diagnosis), func(d string) bool {
				return strings.Contains(d, "within what a quick run takes for noise")
			})
			if p.Verdict != Pass || len(said) != 0 || len(p.Invalid) != 0 {
				t.Errorf("%s → %s: %s %q invalid %v", r.Host, p.Address, p.Verdict, p.Diagnosis, p.Invalid)
			}
			for what, c := range map[string]Counts{"received": p.Received, "peer received": p.PeerReceived} {
				if c.ODATA == 0 || c.SPM == 0 || c.Multicast == 0 || c.Unicast == 0 || c.Canary != 0 {
					t.Errorf("%s → %s %s %+v: want every kind but the canary", r.Host, p.Address, what, c)
				}
			}
		}
		if len(r.Querier.Queriers) != 1 {
			t.Fatalf("%s: queriers %+v, want the bridge", r.Host, r.Querier.Queriers)
		}
		q := r.Querier.Queriers[0]
		// The bridge's general queries are minutes apart: a query within
		// the run can only be the answer to the scratch group's leave.
		if q.Address != netbed.QuerierAddr || q.Version != 3 || q.GroupSpecific == 0 || q.General != 0 ||
			time.Duration(q.Interval) != 125*time.Second || q.IntervalSource != "qqic" || q.Robustness != 2 {
			t.Errorf("%s: querier %+v", r.Host, q)
		}
		if r.Flooding != NotFlooded {
			t.Errorf("%s: flooding %s, want no (snooping with a querier)", r.Host, r.Flooding)
		}
		if !r.RouterAlert {
			t.Errorf("%s: SPMs went without Router Alert", r.Host)
		}
	}
}

func TestLiveACLDroppingProtocol113(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	b.DropProtocol(t, 113)
	for _, r := range runAll(t, b, Config{}) {
		if r.Verdict != Fail {
			t.Errorf("%s: verdict %s, want fail", r.Host, r.Verdict)
		}
		if r.Querier.Verdict != Pass || r.Querier.Queriers[0].Address != netip.IPv4Unspecified() {
			t.Errorf("%s: querier %+v, want the bridge's, from 0.0.0.0", r.Host, r.Querier)
		}
		for _, p := range r.Peers {
			if p.Received.ODATA != 0 || p.Received.SPM != 0 || p.Received.Multicast == 0 || p.Received.Unicast == 0 {
				t.Errorf("%s ← %s: received %+v, want UDP but no PGM", r.Host, p.Address, p.Received)
			}
			if p.Verdict != Fail || !hasDiagnosis(p, "IP protocol 113 is filtered both ways") {
				t.Errorf("%s → %s: %s %q", r.Host, p.Address, p.Verdict, p.Diagnosis)
			}
		}
	}
	if n := b.Dropped(t); n == 0 {
		t.Errorf("the ACL dropped nothing")
	}
}

func TestLiveNoQuerierNoFlooding(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, FloodOff: true})
	for _, r := range runAll(t, b, Config{QuerierWait: 2 * time.Second}) {
		if r.Verdict != Fail || r.Querier.Verdict != Fail || len(r.Querier.Queriers) != 0 {
			t.Errorf("%s: verdict %s querier %+v, want fail with no querier", r.Host, r.Verdict, r.Querier)
		}
		if !strings.Contains(r.Querier.Diagnosis, "no IGMP querier answered") {
			t.Errorf("%s: querier diagnosis %q", r.Host, r.Querier.Diagnosis)
		}
		if r.Flooding != NotFlooded {
			t.Errorf("%s: flooding %s, want no", r.Host, r.Flooding)
		}
		for _, p := range r.Peers {
			if p.Received.ODATA != 0 || p.Received.Multicast != 0 || p.Received.Unicast == 0 {
				t.Errorf("%s ← %s: received %+v, want unicast only", r.Host, p.Address, p.Received)
			}
			if p.Verdict != Fail || !hasDiagnosis(p, "PGM and UDP multicast are both lost") || !hasDiagnosis(p, "no querier answered") {
				t.Errorf("%s → %s: %s %q", r.Host, p.Address, p.Verdict, p.Diagnosis)
			}
		}
	}
}

func TestLiveSnoopingOffFloods(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: false})
	for _, r := range runAll(t, b, Config{QuerierWait: 2 * time.Second}) {
		if r.Verdict != Pass || r.Querier.Verdict != Pass || len(r.Querier.Queriers) != 0 {
			t.Errorf("%s: verdict %s, querier %+v: want pass without a querier", r.Host, r.Verdict, r.Querier)
		}
		if r.Flooding != Flooded || !strings.Contains(r.Querier.Diagnosis, "flooded") {
			t.Errorf("%s: flooding %s, querier diagnosis %q", r.Host, r.Flooding, r.Querier.Diagnosis)
		}
		for _, p := range r.Peers {
			if p.Verdict != Pass || p.Received.Canary == 0 {
				t.Errorf("%s → %s: %s received %+v", r.Host, p.Address, p.Verdict, p.Received)
			}
		}
	}
}

// A soak catches what a quick run cannot: multicast that stops while
// unicast goes on. The querier is switched off mid-run on a switch that
// does not flood, which is where a real switch without a querier ends up
// when memberships age out.
func TestLiveSoakSeesMulticastStop(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, FloodOff: true})
	cfg := Config{Duration: 4 * time.Second, Window: time.Second}
	go func() {
		time.Sleep(2 * time.Second)
		b.SetQuerier(t, false)
	}()
	for _, r := range runAll(t, b, cfg) {
		if r.Verdict != Fail || r.Mode != "soak" {
			t.Errorf("%s: %s %s, want a failed soak", r.Host, r.Mode, r.Verdict)
		}
		for _, p := range r.Peers {
			if len(p.Windows) < 4 {
				t.Fatalf("%s ← %s: %d windows, want 4", r.Host, p.Address, len(p.Windows))
			}
			first, last := p.Windows[0], p.Windows[len(p.Windows)-1]
			if first.PGMLoss > lossLimit || last.PGMLoss != 100 || last.MulticastLoss != 100 || last.UnicastLoss > lossLimit {
				t.Errorf("%s ← %s: windows %+v", r.Host, p.Address, p.Windows)
			}
			if !hasDiagnosis(p, "into the run while unicast went on") {
				t.Errorf("%s → %s: %q", r.Host, p.Address, p.Diagnosis)
			}
		}
	}
}

// An IGMPv2 querier states no interval: asked to wait, the probe measures
// it between two general queries.
func TestLiveIGMPv2QuerierIntervalMeasured(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, IGMPVersion: 2, QueryInterval: time.Second})
	for _, r := range runAll(t, b, Config{QuerierWait: 4 * time.Second, MeasureQuerier: true}) {
		if r.Verdict != Pass || len(r.Querier.Queriers) != 1 {
			t.Fatalf("%s: %s, queriers %+v", r.Host, r.Verdict, r.Querier.Queriers)
		}
		q := r.Querier.Queriers[0]
		if q.Version != 2 || q.General < 2 || q.IntervalSource != "measured" ||
			time.Duration(q.Interval) < 900*time.Millisecond || time.Duration(q.Interval) > 1500*time.Millisecond ||
			time.Duration(q.MaxResp) != time.Second {
			t.Errorf("%s: querier %+v, want v2 with a measured interval of about 1 s and a 1 s response interval", r.Host, q)
		}
		if time.Duration(r.VerdictAfter) >= 4*time.Second {
			t.Errorf("%s: verdict after %s: it waited the whole --querier-wait", r.Host, r.VerdictAfter)
		}
	}
}

// Ctrl-C during a soak: Run returns at once with what it has, marked
// incomplete, and leaves no goroutine or socket behind.
func TestLiveInterruptedRun(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	probes := openAll(t, b, Config{Duration: time.Minute, Window: 200 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(time.Second, cancel)
	results := runProbes(t, ctx, probes, 0)
	for _, r := range results {
		if r.Verdict != Fail || len(r.Notes) == 0 || r.Notes[0] != "interrupted before the verdict was complete" {
			t.Errorf("%s: %s %q", r.Host, r.Verdict, r.Notes)
		}
		if e := time.Duration(r.Elapsed); e < 900*time.Millisecond || e > 1500*time.Millisecond {
			t.Errorf("%s: ran %s after a cancel at 1s", r.Host, e)
		}
		for _, p := range r.Peers {
			if len(p.Windows) < 3 || p.Received.ODATA == 0 {
				t.Errorf("%s ← %s: %d windows, %+v: the partial result is lost", r.Host, p.Address, len(p.Windows), p.Received)
			}
		}
	}
	for _, p := range probes {
		if len(p.closers) != 0 {
			t.Errorf("sockets left open")
		}
	}
}

// Operators start the probe on each node by hand, seconds apart: the first
// waits for the others, and both judge the paths once they meet.
func TestLiveStaggeredStart(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	results := runProbes(t, context.Background(), openAll(t, b, Config{}), 2*time.Second)
	for _, r := range results {
		logResult(t, r)
		if r.Verdict != Pass {
			t.Errorf("%s: %s", r.Host, r.Verdict)
		}
	}
	if e := time.Duration(results[0].Elapsed); e < 2*time.Second || e > 5*time.Second {
		t.Errorf("the first host ran %s; it should wait for the second (2 s) and stop soon after", e)
	}
}

// A node known to the cluster by a secondary address sends from it: the
// peers list that address, and nothing else would reach them as its.
func TestLiveSecondaryAddress(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	secondary := netip.MustParseAddr("192.0.2.101")
	b.Hosts[0].AddAddr(t, secondary)
	b.Hosts[0].Addr = secondary // what the operator lists in --peers
	for _, r := range runAll(t, b, Config{}) {
		if r.Verdict != Pass {
			t.Errorf("%s: %s", r.Host, r.Verdict)
		}
	}
}
