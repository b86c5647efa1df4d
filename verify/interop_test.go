//go:build linux

package verify

import (
	"context"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/libpgm"
	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// An independent PGM stack, Debian's libpgm, accepts and delivers what the
// probe sends: its checksum, ports, TSDU length and window all pass
// OpenPGM's checks, and each delivered APDU is the probe record of the
// ODATA that carried it, in order.
func TestLibpgmDeliversProbeODATA(t *testing.T) {
	bin := libpgm.Build(t)
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	h1, h2 := b.Hosts[0], b.Hosts[1]
	recv := libpgm.Start(t, bin, h2, testGroup, Defaults.Port)

	results := runProbes(t, context.Background(), openAll(t, b, Config{}), 0)
	for _, r := range results {
		logResult(t, r)
		if r.Verdict != Pass {
			t.Errorf("%s: %s beside a libpgm receiver", r.Host, r.Verdict)
		}
	}
	sent := results[0].Sent // h1's ticks: one ODATA each
	var tsi string
	var next uint32
	for delivered := 0; ; delivered++ {
		d, err := recv.Next(time.Second)
		if err != nil {
			if delivered == 0 {
				t.Fatalf("libpgm delivered nothing: %v\nlibpgm said:\n%s", err, recv.Stderr())
			}
			break
		}
		r, err := ParseRecord(d.Payload)
		if err != nil {
			t.Fatalf("delivery %d is not a probe record: %v (%x)", delivered, err, d.Payload)
		}
		if r.Sender != h1.Addr {
			continue // h2's own probe is not looped back to it; nothing else may come
		}
		if tsi == "" {
			tsi, next = d.TSI, r.Tick
			if tsi != results[0].TSI {
				t.Errorf("libpgm saw TSI %s, the probe reports %s", tsi, results[0].TSI)
			}
		}
		if d.TSI != tsi || r.Kind != KindPGM || r.Tick != next {
			t.Fatalf("delivery %d: TSI %s tick %d kind %s, want TSI %s tick %d pgm", delivered, d.TSI, r.Tick, r.Kind, tsi, next)
		}
		next++
	}
	// libpgm joins a few ticks after the probe's first ODATA at most; from
	// then on every ODATA must have been delivered.
	if got := next; got != sent || tsi == "" {
		t.Errorf("libpgm delivered h1's ticks up to %d, h1 sent %d\nlibpgm said:\n%s", got, sent, recv.Stderr())
	}
}
