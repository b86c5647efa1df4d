//go:build linux

package verify

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/netbed"
)

var testGroup = netip.MustParseAddr("239.192.0.10")

// runAll runs the probe on every host of the bed at once, each listing the
// whole cluster as its peers, as an operator would.
func runAll(t testing.TB, b *netbed.Bed, cfg Config) []Result {
	t.Helper()
	var peers []netip.Addr
	for _, h := range b.Hosts {
		peers = append(peers, h.Addr)
	}
	cfg.Peers = peers
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
	}
	results := make([]Result, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := p.Run(context.Background())
			if err != nil {
				t.Errorf("%s: %v", b.Hosts[i].NS, err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	return results
}

func TestLiveQuerierOnPasses(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true})
	rs := runAll(t, b, Config{})
	for _, r := range rs {
		t.Logf("%s: %s in %s querier %+v flooding %s notes %v", r.Host, r.Verdict, r.Elapsed, r.Querier, r.Flooding, r.Notes)
		for _, p := range r.Peers {
			t.Logf("  %s %s heard %+v reported %+v diag %v first %v", p.Address, p.Verdict, p.Received, p.PeerReceived, p.Diagnosis, p.First)
		}
	}
	_ = time.Second
}
