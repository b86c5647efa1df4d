package verify

import (
	"strings"
	"testing"
	"time"
)

// sampled is Defaults' MinTicks: a quick run judges loss on 20 ticks.
func sampled(c *Config) { c.MinTicks = 20 }

// A quick run used to pass when one ODATA of two arrived (95% loss to an
// nftables rule dropping 9 of 10 protocol-113 packets). It now waits for
// enough ticks and calls loss loss.
func TestQuickLoss(t *testing.T) {
	for _, tc := range []struct {
		name       string
		drop       func(n int) bool // which of A's ODATA the network drops
		verdict    Status
		wantB      string // in B's diagnosis (A → B is the lossy way)
		wantA      string
		stopsAbout int
	}{
		{"9 of 10 PGM packets dropped", func(n int) bool { return n%10 != 0 }, Fail,
			"PGM is lost from 192.0.2.1 to this host: 3 of 21 ODATA arrived (86% lost) while UDP multicast to the same group arrives (21 of 21)",
			"PGM is lost from this host to 192.0.2.2", 21},
		{"one PGM packet in twenty dropped", func(n int) bool { return n == 7 }, Pass,
			"PGM lost 5% from 192.0.2.1 to this host (20 of 21 ODATA arrived): within what a quick run takes for noise",
			"PGM lost 5% from this host to 192.0.2.2", 21},
		{"nothing dropped", func(int) bool { return false }, Pass, "", "", 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newPair(sampled)
			withQuerier(a, b)
			s := newSim(a, b, func(n int) link { return link{dropODATA: tc.drop(n)} }, steady(clean))
			s.run(t, 200)
			ra, rb := s.results[0], s.results[1]
			pa, pb := onlyPeer(t, ra), onlyPeer(t, rb)
			if ra.Verdict != tc.verdict || rb.Verdict != tc.verdict {
				t.Errorf("verdicts A %s B %s, want %s\nA %q\nB %q", ra.Verdict, rb.Verdict, tc.verdict, pa.Diagnosis, pb.Diagnosis)
			}
			if tc.wantB != "" && !anyContains(pb.Diagnosis, tc.wantB) {
				t.Errorf("B: %q\nwant %q", pb.Diagnosis, tc.wantB)
			}
			if tc.wantA != "" && !anyContains(pa.Diagnosis, tc.wantA) {
				t.Errorf("A: %q\nwant %q", pa.Diagnosis, tc.wantA)
			}
			if tc.wantA == "" && (len(pa.Diagnosis) != 0 || len(pb.Diagnosis) != 0) {
				t.Errorf("diagnoses on a clean run: A %q B %q", pa.Diagnosis, pb.Diagnosis)
			}
			if s.stopAt[0] < tc.stopsAbout {
				t.Errorf("A stopped at tick %d, before it had %d ticks to judge", s.stopAt[0], tc.stopsAbout)
			}
		})
	}
}

// A quick run that ends (here: interrupted by its timeout) before enough
// ticks were exchanged does not pass.
func TestQuickTooFewTicks(t *testing.T) {
	a, b := newPair(func(c *Config) { sampled(c); c.Timeout = c.Interval * 5 })
	withQuerier(a, b)
	s := newSim(a, b, steady(clean), steady(clean))
	s.run(t, 200)
	p := onlyPeer(t, s.results[0])
	if p.Verdict != Fail || !anyContains(p.Diagnosis, "fewer than the 20 a quick run needs to tell loss from noise") {
		t.Errorf("%s %q", p.Verdict, p.Diagnosis)
	}
}

// One valid-looking record from a host that runs no probe is not a peer
// whose protocol 113 is filtered: too little to judge.
func TestStrayRecord(t *testing.T) {
	a, _ := newPair(sampled)
	withQuerier(a, a)
	stray := AppendRecord(nil, Record{Kind: KindUnicast, Run: 7, Sender: hostB, Tick: 0})
	a.onUDP(hostB, hostA, stray, at(1))
	r := a.result(at(400))
	p := onlyPeer(t, r)
	if p.Verdict != Fail || !anyContains(p.Diagnosis, "only 1 probe record(s) arrived from 192.0.2.2, too few to show a probe runs there") {
		t.Errorf("%s %q", p.Verdict, p.Diagnosis)
	}
	if anyContains(p.Diagnosis, "113") {
		t.Errorf("a stray record blamed on protocol 113: %q", p.Diagnosis)
	}
}

// A third host on the VLAN sends unicast records in B's name to A, with
// B's run and A's run as echo (both of which it can learn from their
// multicast), saying B received all of A's PGM, which the network drops.
// It cannot make A pass: its records repeat B's ticks, or its counts go
// back and forth with B's own reports.
func TestForgedReports(t *testing.T) {
	for _, tc := range []struct {
		name  string
		forge func(a *session, n int) [][]byte
		want  string
	}{
		{"copies of B's ticks, full counts", func(a *session, n int) [][]byte {
			var out [][]byte
			for range 4 { // 88 records for 22 ticks, as seen on the bed
				out = append(out, AppendRecord(nil, Record{Kind: KindUnicast, Run: 0xb1, Sender: hostB, Tick: uint32(n), Echo: 0xa1,
					Heard: Counts{ODATA: a.tick, SPM: a.spm, Multicast: a.tick, Unicast: a.tick}, Expected: Counts{ODATA: a.tick, Multicast: a.tick, Unicast: a.tick}}))
			}
			return out
		}, "unicast record for a tick already received"},
		{"counts beyond what A sent", func(a *session, n int) [][]byte {
			return [][]byte{AppendRecord(nil, Record{Kind: KindUnicast, Run: 0xb1, Sender: hostB, Tick: uint32(n) + 100000, Echo: 0xa1,
				Heard: Counts{ODATA: 1000, Multicast: 1000, Unicast: 1000}, Expected: Counts{ODATA: 1000, Multicast: 1000, Unicast: 1000}})}
		}, "report claims more of this host's packets than it sent"},
		{"a report on another run of A", func(a *session, n int) [][]byte {
			return [][]byte{AppendRecord(nil, Record{Kind: KindUnicast, Run: 0xb1, Sender: hostB, Tick: uint32(n), Echo: 0xdead})}
		}, "report on another run of this host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newPair(sampled)
			withQuerier(a, b)
			s := newSim(a, b, steady(dropPGM), steady(clean))
			s.after = func(n int) {
				if s.running(0) && n > 0 {
					for _, rec := range tc.forge(a, n) {
						a.onUDP(hostB, hostA, rec, at(n))
					}
				}
			}
			s.run(t, 400)
			p := onlyPeer(t, s.results[0])
			if s.results[0].Verdict != Fail || p.Verdict != Fail {
				t.Errorf("A %s, peer %s %q: forged reports passed", s.results[0].Verdict, p.Verdict, p.Diagnosis)
			}
			found := false
			for k := range p.Invalid {
				found = found || strings.Contains(k, tc.want)
			}
			if !found {
				t.Errorf("invalid %v, want %q", p.Invalid, tc.want)
			}
			if p.Received.Unicast > s.results[1].Sent {
				t.Errorf("A counted %d unicast records from B, which sent %d ticks", p.Received.Unicast, s.results[1].Sent)
			}
		})
	}
}

func TestTickSet(t *testing.T) {
	var ts tickSet
	for _, tc := range []struct {
		tick uint32
		new  bool
	}{{0, true}, {0, false}, {5, true}, {4095, true}, {4095, false}, {4096, true}, {0, true}, {5, false}, {100000, true}, {4096, true}, {100000, false}, {99999, true}} {
		if got := ts.add(tc.tick); got != tc.new {
			t.Errorf("add(%d) = %v, want %v", tc.tick, got, tc.new)
		}
	}
}

// Multicast that stops inside a soak window loses part of that window and
// all of the next: still the forgotten membership, said as such.
func TestSoakStopMidWindow(t *testing.T) {
	a, b := newPair(func(c *Config) { c.Duration, c.Window = 4*time.Second, time.Second })
	withQuerier(a, b)
	s := newSim(a, b, func(n int) link {
		if n >= 15 {
			return dropMcast
		}
		return clean
	}, steady(clean))
	s.run(t, 100)
	p := onlyPeer(t, s.results[1])
	if p.Verdict != Fail || !anyContains(p.Diagnosis, "multicast from 192.0.2.1 stopped between 1s and 2s into the run while unicast went on") {
		t.Errorf("%s %q\nwindows %+v", p.Verdict, p.Diagnosis, p.Windows)
	}
}
