package verify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/verify/igmp"
	"github.com/mcaudit/mcaudit/verify/pgm"
)

// The session tests run two hosts, A and B, against each other with a
// synthetic clock: tick n is n × 100 ms after time.Unix(0, 0), and a
// "wire" between them drops, corrupts or floods what a real network would.

var (
	hostA      = netip.MustParseAddr("192.0.2.1")
	hostB      = netip.MustParseAddr("192.0.2.2")
	stranger   = netip.MustParseAddr("192.0.2.99") // not a peer
	simGroup   = netip.MustParseAddr("239.192.0.10")
	simQuerier = netip.MustParseAddr("192.0.2.254")
)

const simPort = 7500

// at is the synthetic clock.
func at(n int) time.Time { return time.Unix(0, 0).Add(time.Duration(n) * 100 * time.Millisecond) }

// simConfig is Defaults, filled in for self with one peer, and short.
func simConfig(self, peer netip.Addr) Config {
	return Config{
		Group:       simGroup,
		Port:        simPort,
		Peers:       []netip.Addr{peer},
		Self:        self,
		TTL:         255,
		Interval:    100 * time.Millisecond,
		Timeout:     30 * time.Second,
		Grace:       2 * time.Second,
		Linger:      3 * time.Second,
		QuerierWait: 5 * time.Second,
		Window:      10 * time.Second,
		// One tick is enough here, so that the tests of everything else
		// run in a few ticks; TestQuickLoss samples as Defaults do.
		MinTicks: 1,
	}
}

var (
	tsiA = pgm.TSI{GSI: [6]byte{10, 0, 0, 0, 0, 1}, SourcePort: 0x1001}
	tsiB = pgm.TSI{GSI: [6]byte{10, 0, 0, 0, 0, 2}, SourcePort: 0x2001}
)

// newPair makes the sessions of A and B, both started at tick 0; mod, if
// not nil, changes both configs.
func newPair(mod func(*Config)) (a, b *session) {
	ca, cb := simConfig(hostA, hostB), simConfig(hostB, hostA)
	if mod != nil {
		mod(&ca)
		mod(&cb)
	}
	a = newSession(ca, 0xa1, tsiA.GSI, tsiA.SourcePort, at(0))
	b = newSession(cb, 0xb1, tsiB.GSI, tsiB.SourcePort, at(0))
	return a, b
}

// link is what the network does to one direction's packets.
type link struct {
	dropSPM, dropODATA, dropMulticast, dropUnicast bool
	flood                                          bool // the switch floods unregistered multicast: canaries arrive
	corrupt                                        bool // flip the last byte of the ODATA
}

var (
	clean     = link{}
	dropPGM   = link{dropSPM: true, dropODATA: true}
	dropMcast = link{dropSPM: true, dropODATA: true, dropMulticast: true}
	dropAll   = link{dropSPM: true, dropODATA: true, dropMulticast: true, dropUnicast: true}
)

// wire delivers from's tick o to to, as the sockets would hand it over.
func wire(from, to *session, o Outgoing, l link, now time.Time) {
	src := from.cfg.Self
	if o.SPM != nil && !l.dropSPM {
		to.onPGM(src, o.SPM, now)
	}
	if !l.dropODATA {
		b := o.ODATA
		if l.corrupt {
			b = bytes.Clone(b)
			b[len(b)-1] ^= 0xff
		}
		to.onPGM(src, b, now)
	}
	if !l.dropMulticast {
		to.onUDP(src, to.cfg.Group, o.Multicast, now)
	}
	if !l.dropUnicast {
		for _, u := range o.Unicast {
			if u.To == to.cfg.Self {
				to.onUDP(src, u.To, u.Payload, now)
			}
		}
	}
	if l.flood {
		to.onCanary(src, o.Canary, now)
	}
}

// sim runs two sessions as Probe.Run does: the first tick is sent at once;
// on every later one a host rolls its soak window, stops with a final tick
// when finished, and otherwise sends. A host that stops takes its result
// there and then, and hears nothing of that tick or later.
type sim struct {
	hosts   [2]*session
	links   [2]func(n int) link // [0] A→B, [1] B→A
	n       int                 // the next tick
	stopAt  [2]int              // -1 while running
	results [2]Result
	sent    [2][]Outgoing
	// after, when set, runs at the end of each tick: a third host's
	// packets, injected.
	after func(n int)
}

func steady(l link) func(int) link { return func(int) link { return l } }

func newSim(a, b *session, ab, ba func(int) link) *sim {
	return &sim{hosts: [2]*session{a, b}, links: [2]func(int) link{ab, ba}, stopAt: [2]int{-1, -1}}
}

func (s *sim) running(i int) bool { return s.stopAt[i] < 0 }

func (s *sim) step() {
	now := at(s.n)
	var outs [2]Outgoing
	var sent [2]bool
	for i, h := range s.hosts {
		if !s.running(i) {
			continue
		}
		sent[i] = true
		switch {
		case s.n == 0:
			outs[i] = h.next(now, false)
		default:
			h.roll(now, false)
			if h.finished(now) {
				outs[i] = h.next(now, true)
				h.roll(now, true)
				s.results[i] = h.result(now)
				s.stopAt[i] = s.n
			} else {
				outs[i] = h.next(now, false)
			}
		}
		s.sent[i] = append(s.sent[i], outs[i])
	}
	for i := range s.hosts {
		if j := 1 - i; sent[i] && s.running(j) {
			wire(s.hosts[i], s.hosts[j], outs[i], s.links[i](s.n), now)
		}
	}
	if s.after != nil {
		s.after(s.n)
	}
	s.n++
}

// run steps until both hosts have stopped.
func (s *sim) run(t *testing.T, limit int) {
	t.Helper()
	for s.running(0) || s.running(1) {
		if s.n > limit {
			t.Fatalf("still running after tick %d (stopped at %v)", limit, s.stopAt)
		}
		s.step()
	}
}

// v3Query is an IGMPv3 query as a querier with RFC 3376 defaults sends it:
// general when group is the zero Addr.
func v3Query(group netip.Addr, maxResp time.Duration) []byte {
	return igmp.AppendQuery(nil, igmp.Message{Version: 3, Group: group, MaxResp: maxResp, QRV: 2, QQI: 125 * time.Second})
}

// withQuerier: both hosts hear a general query at tick 0.
func withQuerier(a, b *session) {
	for _, s := range []*session{a, b} {
		s.onIGMP(simQuerier, v3Query(netip.Addr{}, 10*time.Second), at(0))
	}
}

func anyContains(ds []string, sub string) bool {
	for _, d := range ds {
		if strings.Contains(d, sub) {
			return true
		}
	}
	return false
}

// onlyPeer is the result's single peer.
func onlyPeer(t *testing.T, r Result) PeerResult {
	t.Helper()
	if len(r.Peers) != 1 {
		t.Fatalf("%s: %d peers, want 1", r.Host, len(r.Peers))
	}
	return r.Peers[0]
}

func mustRecord(t *testing.T, b []byte) Record {
	t.Helper()
	r, err := ParseRecord(b)
	if err != nil {
		t.Fatalf("ParseRecord(%x): %v", b, err)
	}
	return r
}

func TestNextBuildsOneTick(t *testing.T) {
	a, _ := newPair(nil)
	var lastSPM uint32
	for n := range 7 {
		final := n == 5
		o := a.next(at(n), final)
		tick := uint32(n)
		if o.Final != final {
			t.Errorf("tick %d: Final %v", n, o.Final)
		}
		// SPMs on ticks 0, 3, 6 and on the final one, in their own
		// sequence space.
		if wantSPM := n%3 == 0 || final; (o.SPM != nil) != wantSPM {
			t.Errorf("tick %d: SPM %x, want one: %v", n, o.SPM, wantSPM)
		} else if wantSPM {
			p, err := pgm.Decode(o.SPM)
			if err != nil {
				t.Fatalf("tick %d SPM: %v", n, err)
			}
			if p.Type != pgm.SPM || p.TSI != tsiA || p.DestPort != simPort || p.SQN != lastSPM ||
				p.Trail != 0 || p.Lead != tick-1 || p.PathNLA != hostA {
				t.Errorf("tick %d SPM %+v: want SQN %d, trail 0, lead %d", n, p, lastSPM, tick-1)
			}
			lastSPM++
		}
		p, err := pgm.Decode(o.ODATA)
		if err != nil {
			t.Fatalf("tick %d ODATA: %v", n, err)
		}
		if p.Type != pgm.ODATA || p.TSI != tsiA || p.DestPort != simPort || p.SQN != tick || p.Trail != 0 {
			t.Errorf("tick %d ODATA %+v", n, p)
		}
		want := Record{Kind: KindPGM, Final: final, Run: 0xa1, Sender: hostA, Tick: tick}
		if r := mustRecord(t, p.Data); r != want {
			t.Errorf("tick %d ODATA record %+v, want %+v", n, r, want)
		}
		want.Kind = KindMulticast
		if r := mustRecord(t, o.Multicast); r != want {
			t.Errorf("tick %d multicast record %+v, want %+v", n, r, want)
		}
		want.Kind = KindCanary
		if r := mustRecord(t, o.Canary); r != want {
			t.Errorf("tick %d canary record %+v, want %+v", n, r, want)
		}
		if len(o.Unicast) != 1 || o.Unicast[0].To != hostB {
			t.Fatalf("tick %d unicast %+v, want one to %s", n, o.Unicast, hostB)
		}
		want.Kind = KindUnicast
		if r := mustRecord(t, o.Unicast[0].Payload); r != want {
			t.Errorf("tick %d unicast record %+v, want %+v", n, r, want)
		}
	}
	if a.tick != 7 || a.spm != 4 {
		t.Errorf("sent %d ticks and %d SPMs, want 7 and 4", a.tick, a.spm)
	}
}

// The unicast record carries what this host heard from the recipient.
func TestNextReportsHeard(t *testing.T) {
	a, b := newPair(nil)
	for n := range 4 {
		wire(b, a, b.next(at(n), false), clean, at(n))
	}
	r := mustRecord(t, a.next(at(4), false).Unicast[0].Payload)
	if want := (Counts{ODATA: 4, SPM: 2, Multicast: 4, Unicast: 4}); r.Heard != want {
		t.Errorf("report %+v, want %+v", r.Heard, want)
	}
}

func TestFullExchangePasses(t *testing.T) {
	a, b := newPair(nil)
	withQuerier(a, b)
	s := newSim(a, b, steady(clean), steady(clean))
	s.run(t, 100)
	// Tick 1 brings each host the other's report of tick 0, so both are
	// complete at tick 2 and say Done; tick 3 hears the other's Done.
	if s.stopAt != [2]int{3, 3} {
		t.Errorf("stopped at ticks %v, want 3 and 3", s.stopAt)
	}
	for i, r := range s.results {
		if r.Verdict != Pass || r.Mode != "quick" || r.Sent != 4 || r.Elapsed != Duration(300*time.Millisecond) || len(r.Notes) != 0 {
			t.Errorf("%s: verdict %s mode %s sent %d elapsed %s notes %q", r.Host, r.Verdict, r.Mode, r.Sent, r.Elapsed, r.Notes)
		}
		if r.Querier.Verdict != Pass || r.Flooding != NotMeasured {
			t.Errorf("%s: querier %+v flooding %s", r.Host, r.Querier, r.Flooding)
		}
		if r.PathsAfter != Duration(200*time.Millisecond) || r.VerdictAfter != Duration(200*time.Millisecond) {
			t.Errorf("%s: paths after %s, verdict after %s; want 200ms", r.Host, r.PathsAfter, r.VerdictAfter)
		}
		if want := []netip.Addr{hostA, hostB}[i]; r.Host != want || r.Group != simGroup || r.Port != simPort || r.TTL != 255 {
			t.Errorf("%s: host %s group %s port %d ttl %d", r.Host, r.Host, r.Group, r.Port, r.TTL)
		}
		if want := []pgm.TSI{tsiA, tsiB}[i].String(); r.TSI != want {
			t.Errorf("%s: TSI %s, want %s", r.Host, r.TSI, want)
		}
		p := onlyPeer(t, r)
		want := PeerResult{
			Address:      []netip.Addr{hostB, hostA}[i],
			Verdict:      Pass,
			Received:     Counts{ODATA: 3, SPM: 1, Multicast: 3, Unicast: 3},
			PeerReceived: Counts{ODATA: 2, SPM: 1, Multicast: 2, Unicast: 2},
			PeerSent:     3,
			First:        map[string]Duration{"pgm": 0, "udp-multicast": 0, "unicast": 0},
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", r.Host, p, want)
		}
	}
	// Records say Done from tick 2, when the host had its verdict, and
	// Final on the last.
	for i, outs := range s.sent {
		for n, o := range outs {
			r := mustRecord(t, o.Unicast[0].Payload)
			if r.Done != (n >= 2) || r.Final != (n == 3) {
				t.Errorf("host %d tick %d: Done %v Final %v", i, n, r.Done, r.Final)
			}
		}
	}
}

// A host whose peer never says Done stops Linger after its verdict.
// Here nothing from A reaches B: A has its verdict after the grace
// period, B only after the timeout.
func TestLingerWithoutPeerDone(t *testing.T) {
	a, b := newPair(nil)
	withQuerier(a, b)
	s := newSim(a, b, steady(dropAll), steady(clean))
	for s.n <= 49 {
		s.step()
	}
	if !s.running(0) || a.settledAt != at(20) || a.verdictAt != at(20) {
		t.Fatalf("A at tick 49: stopped at %d, settled at %v, verdict at %v; want running, verdict at tick 20", s.stopAt[0], a.settledAt, a.verdictAt)
	}
	if a.peers[0].peerDone || a.peers[0].peerFinal {
		t.Fatalf("B said Done or Final before it could have its verdict")
	}
	s.run(t, 400)
	// A: verdict at 2 s (grace after B's first unicast) + 3 s linger.
	// B: verdict at 30 s (timeout) + 3 s linger; A's final never reached it.
	if s.stopAt != [2]int{50, 330} {
		t.Errorf("stopped at ticks %v, want 50 and 330", s.stopAt)
	}
}

func TestPeerHearsNothingFromThisHost(t *testing.T) {
	a, b := newPair(nil)
	withQuerier(a, b)
	s := newSim(a, b, steady(dropAll), steady(clean))
	s.run(t, 400)
	ra, rb := s.results[0], s.results[1]
	pa, pb := onlyPeer(t, ra), onlyPeer(t, rb)
	if ra.Verdict != Fail || pa.Verdict != Fail || len(pa.Diagnosis) == 0 ||
		pa.Diagnosis[0] != "192.0.2.2 hears nothing from this host, not even unicast: a firewall on 192.0.2.2, or the path back, drops UDP port 7500" {
		t.Errorf("A: %s, peer %s %q", ra.Verdict, pa.Verdict, pa.Diagnosis)
	}
	if want := (Counts{ODATA: 50, SPM: 17, Multicast: 50, Unicast: 50}); pa.Received != want || pa.PeerReceived != (Counts{}) {
		t.Errorf("A received %+v, peer received %+v; want %+v and nothing", pa.Received, pa.PeerReceived, want)
	}
	want := []string{"nothing arrived from 192.0.2.1 in 30s: is `mcaudit verify` running there with the same --group and --port, and does its firewall let UDP port 7500 in?"}
	if rb.Verdict != Fail || pb.Verdict != Fail || !reflect.DeepEqual(pb.Diagnosis, want) {
		t.Errorf("B: %s, peer %s %q; want %q", rb.Verdict, pb.Verdict, pb.Diagnosis, want)
	}
	if pb.Received != (Counts{}) || pb.PeerSent != 0 || pb.First != nil {
		t.Errorf("B: received %+v, peer sent %d, first %v; want nothing", pb.Received, pb.PeerSent, pb.First)
	}
}

// A peer whose reports never come back (nothing of this host's reaches
// it, or unicast is dropped one way) tells nothing about multicast
// delivery towards it, and a host that hears none of a peer's unicast has
// no report at all. Neither may be diagnosed as multicast lost while
// unicast arrives.
func TestPeerWithoutFeedback(t *testing.T) {
	t.Run("nothing reaches B", func(t *testing.T) {
		a, b := newPair(nil)
		withQuerier(a, b)
		s := newSim(a, b, steady(dropAll), steady(clean))
		s.run(t, 400)
		pa := onlyPeer(t, s.results[0])
		// B reports nothing at all: unicast from A does not arrive there.
		if anyContains(pa.Diagnosis, "while unicast arrives") {
			t.Errorf("A: %q", pa.Diagnosis)
		}
	})
	t.Run("unicast A to B dropped", func(t *testing.T) {
		a, b := newPair(nil)
		withQuerier(a, b)
		s := newSim(a, b, steady(link{dropUnicast: true}), steady(clean))
		s.run(t, 400)
		pa, pb := onlyPeer(t, s.results[0]), onlyPeer(t, s.results[1])
		if pa.Verdict != Fail || pb.Verdict != Fail {
			t.Errorf("A: %s %q; B: %s %q; want both to fail", pa.Verdict, pa.Diagnosis, pb.Verdict, pb.Diagnosis)
		}
		// B's reports say it receives A's PGM and multicast.
		if pa.PeerReceived.ODATA == 0 || anyContains(pa.Diagnosis, "hears nothing") {
			t.Errorf("A: peer received %+v, diagnosis %q", pa.PeerReceived, pa.Diagnosis)
		}
		// B has no report from A, so it cannot tell what A receives.
		if anyContains(pb.Diagnosis, "both lost") || anyContains(pb.Diagnosis, "while unicast arrives") {
			t.Errorf("B: %q", pb.Diagnosis)
		}
	})
}

func TestPGMFiltered(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ab, ba link
		wantA  string // the first of A's diagnoses
		wantB  string
	}{
		{
			name: "both ways", ab: dropPGM, ba: dropPGM,
			wantA: "IP protocol 113 is filtered both ways between this host and 192.0.2.2: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)",
			wantB: "IP protocol 113 is filtered both ways between this host and 192.0.2.1: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)",
		},
		{
			name: "A to B", ab: dropPGM, ba: clean,
			wantA: "IP protocol 113 is filtered from this host to 192.0.2.2: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)",
			wantB: "IP protocol 113 is filtered from 192.0.2.1 to this host: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newPair(nil)
			withQuerier(a, b)
			s := newSim(a, b, steady(tc.ab), steady(tc.ba))
			s.run(t, 400)
			// Never complete: settled after the grace period (tick 20),
			// Done heard on tick 21.
			if s.stopAt != [2]int{21, 21} {
				t.Errorf("stopped at ticks %v, want 21 and 21", s.stopAt)
			}
			for i, want := range []string{tc.wantA, tc.wantB} {
				r := s.results[i]
				p := onlyPeer(t, r)
				if r.Verdict != Fail || p.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, []string{want}) {
					t.Errorf("%s: %s, peer %s %q\nwant %q", r.Host, r.Verdict, p.Verdict, p.Diagnosis, want)
				}
				if p.Received.Multicast != 21 || p.Received.Unicast != 21 || len(p.Invalid) != 0 {
					t.Errorf("%s: received %+v invalid %v", r.Host, p.Received, p.Invalid)
				}
			}
			if tc.ba == clean {
				if got := onlyPeer(t, s.results[0]).Received; got != (Counts{ODATA: 21, SPM: 7, Multicast: 21, Unicast: 21}) {
					t.Errorf("A received %+v", got)
				}
			}
		})
	}
}

func TestMulticastLost(t *testing.T) {
	const lost = "PGM and UDP multicast are both lost both ways between this host and 192.0.2.2 while unicast arrives: the switches do not deliver the group: IGMP snooping without a working querier, or the VLAN"
	const noQuerier = "no IGMP querier answered in 5s: on a switch with IGMP snooping, multicast will stop after the membership interval (~260 s with defaults) because nothing refreshes the memberships; enable a querier on the cluster VLAN (mcaudit remediate) or wait for a general query with --querier-wait 130s"
	for _, tc := range []struct {
		name          string
		floodMeasured bool
		flood         bool
		igmpBlind     bool
		wantFlooding  Flooding
		wantQuerier   Status
		wantQDiag     string
		wantDiag      []string
		// Without flooding the verdict waits for the querier wait (5 s);
		// with it, a querier changes nothing and the paths' verdict at
		// the grace period (2 s) is the verdict.
		wantStop    int
		wantVerdict Duration
	}{
		{
			name: "flooding not measured", wantFlooding: NotMeasured, wantQuerier: Fail,
			wantQDiag: noQuerier + "; flooding of unregistered multicast could not be measured on this OS, so a switch without snooping also gives this verdict",
			wantDiag:  []string{lost, "no querier answered (see querier): the likeliest cause"},
			wantStop:  50, wantVerdict: Duration(5 * time.Second),
		},
		{
			name: "not flooded", floodMeasured: true, wantFlooding: NotFlooded, wantQuerier: Fail,
			wantQDiag: noQuerier,
			wantDiag:  []string{lost, "no querier answered (see querier): the likeliest cause"},
			wantStop:  50, wantVerdict: Duration(5 * time.Second),
		},
		{
			name: "IGMP not seen by this OS", igmpBlind: true, wantFlooding: NotMeasured, wantQuerier: Unknown,
			wantQDiag: blindQuerier,
			wantDiag:  []string{lost},
			wantStop:  50, wantVerdict: Duration(5 * time.Second),
		},
		{
			name: "flooded", floodMeasured: true, flood: true, wantFlooding: Flooded, wantQuerier: Pass,
			wantQDiag: "no IGMP query in 2s, but multicast nobody joined is flooded to this host: IGMP snooping is off (or floods unregistered groups), so the group keeps flowing without a querier, to every port in the VLAN",
			wantDiag:  []string{lost},
			wantStop:  21, wantVerdict: Duration(2 * time.Second),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newPair(nil)
			a.floodMeasured, b.floodMeasured = tc.floodMeasured, tc.floodMeasured
			a.igmpBlind, b.igmpBlind = tc.igmpBlind, tc.igmpBlind
			l := dropMcast
			l.flood = tc.flood
			s := newSim(a, b, steady(l), steady(l))
			s.run(t, 400)
			if s.stopAt != [2]int{tc.wantStop, tc.wantStop} {
				t.Errorf("stopped at ticks %v, want %d", s.stopAt, tc.wantStop)
			}
			r := s.results[0]
			if r.Verdict != Fail || r.Flooding != tc.wantFlooding {
				t.Errorf("verdict %s flooding %q, want fail and %q", r.Verdict, r.Flooding, tc.wantFlooding)
			}
			if r.PathsAfter != Duration(2*time.Second) || r.VerdictAfter != tc.wantVerdict {
				t.Errorf("paths after %s, verdict after %s; want 2s and %s", r.PathsAfter, r.VerdictAfter, tc.wantVerdict)
			}
			q := r.Querier
			wantWaited := Duration(min(time.Duration(tc.wantStop)*100*time.Millisecond, 5*time.Second))
			if q.Verdict != tc.wantQuerier || q.Diagnosis != tc.wantQDiag || len(q.Queriers) != 0 || q.Waited != wantWaited {
				t.Errorf("querier %s waited %s %d queriers: %q\nwant %s after %s: %q", q.Verdict, q.Waited, len(q.Queriers), q.Diagnosis, tc.wantQuerier, wantWaited, tc.wantQDiag)
			}
			p := onlyPeer(t, r)
			if p.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, tc.wantDiag) {
				t.Errorf("peer %s %q\nwant %q", p.Verdict, p.Diagnosis, tc.wantDiag)
			}
			// B's ticks up to the one before the stop, and B's report of
			// A's ticks before that.
			n := uint32(tc.wantStop)
			want, wantPeer := Counts{Unicast: n}, Counts{Unicast: n - 1}
			if tc.flood {
				want.Canary, wantPeer.Canary = n, n-1
			}
			if p.Received != want || p.PeerReceived != wantPeer {
				t.Errorf("received %+v, peer received %+v; want %+v and %+v", p.Received, p.PeerReceived, want, wantPeer)
			}
		})
	}
}

const blindQuerier = "no IGMP query seen in 5s, but this OS may not hand IGMP to programs, so that proves nothing: check the querier from a Linux host in the VLAN or in the switch configuration (mcaudit audit), or soak with --duration 5m to see multicast stop"

// Where the OS may keep IGMP from programs, hearing no query makes the
// querier unknown, which does not fail the run; a query heard, or
// flooding seen, still counts.
func TestQuerierUnknownWhereIGMPIsBlind(t *testing.T) {
	for _, tc := range []struct {
		name         string
		query, flood bool
		wantQuerier  Status
		wantQDiag    string
		wantStop     int
	}{
		{name: "no query", wantQuerier: Unknown, wantQDiag: blindQuerier, wantStop: 50},
		{name: "a query heard", query: true, wantQuerier: Pass, wantQDiag: "IGMPv3 querier 192.0.2.254, query interval 2m5s (qqic)", wantStop: 3},
		{name: "flooded", flood: true, wantQuerier: Pass, wantStop: 15, // the flooded querier wait, 1.5 s
			wantQDiag: "no IGMP query in 2s, but multicast nobody joined is flooded to this host: IGMP snooping is off (or floods unregistered groups), so the group keeps flowing without a querier, to every port in the VLAN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := newPair(nil)
			a.igmpBlind, b.igmpBlind = true, true
			a.floodMeasured, b.floodMeasured = tc.flood, tc.flood
			if tc.query {
				withQuerier(a, b)
			}
			s := newSim(a, b, steady(link{flood: tc.flood}), steady(link{flood: tc.flood}))
			s.run(t, 400)
			if s.stopAt != [2]int{tc.wantStop, tc.wantStop} {
				t.Errorf("stopped at ticks %v, want %d", s.stopAt, tc.wantStop)
			}
			for _, r := range s.results {
				p := onlyPeer(t, r)
				if r.Verdict != Pass || r.Querier.Verdict != tc.wantQuerier || r.Querier.Diagnosis != tc.wantQDiag || p.Verdict != Pass || len(p.Diagnosis) != 0 {
					t.Errorf("%s: %s, querier %s %q, peer %s %q\nwant pass, querier %s %q", r.Host, r.Verdict, r.Querier.Verdict, r.Querier.Diagnosis, p.Verdict, p.Diagnosis, tc.wantQuerier, tc.wantQDiag)
				}
			}
		})
	}
}

func TestPeerNeverHeard(t *testing.T) {
	a, _ := newPair(nil)
	a.onIGMP(simQuerier, v3Query(netip.Addr{}, 10*time.Second), at(0))
	stop := -1
	for n := 1; n <= 400 && stop < 0; n++ {
		if n == 299 && !a.settledAt.IsZero() {
			t.Fatalf("settled at %v, before the timeout", a.settledAt)
		}
		if a.finished(at(n)) {
			stop = n
		}
	}
	if stop != 330 || a.settledAt != at(300) {
		t.Errorf("finished at tick %d, settled at %v; want 330 (timeout 30 s + linger 3 s)", stop, a.settledAt)
	}
	if r := mustRecord(t, a.next(at(330), true).Multicast); !r.Done || !r.Final {
		t.Errorf("last record %+v: want Done and Final", r)
	}
	r := a.result(at(330))
	p := onlyPeer(t, r)
	want := PeerResult{
		Address:   hostB,
		Verdict:   Fail,
		Diagnosis: []string{"nothing arrived from 192.0.2.2 in 30s: is `mcaudit verify` running there with the same --group and --port, and does its firewall let UDP port 7500 in?"},
	}
	if r.Verdict != Fail || !reflect.DeepEqual(p, want) {
		t.Errorf("verdict %s, peer\n got %+v\nwant %+v", r.Verdict, p, want)
	}
}

func TestSPMsFilteredIsANote(t *testing.T) {
	a, b := newPair(nil)
	withQuerier(a, b)
	l := link{dropSPM: true}
	s := newSim(a, b, steady(l), steady(l))
	s.run(t, 400)
	if s.stopAt != [2]int{21, 21} {
		t.Errorf("stopped at ticks %v, want 21 and 21", s.stopAt)
	}
	r := s.results[0]
	p := onlyPeer(t, r)
	want := []string{
		"PGM data from 192.0.2.2 arrives but its SPMs (sent with IP Router Alert) do not: something drops packets with IP options; PGM repairs need SPMs",
		"192.0.2.2 receives PGM data from this host but not its SPMs (sent with IP Router Alert): something drops packets with IP options",
	}
	if r.Verdict != Pass || p.Verdict != Pass || !reflect.DeepEqual(p.Diagnosis, want) {
		t.Errorf("%s, peer %s %q\nwant pass with %q", r.Verdict, p.Verdict, p.Diagnosis, want)
	}
	if p.Received != (Counts{ODATA: 21, Multicast: 21, Unicast: 21}) || p.PeerReceived != (Counts{ODATA: 20, Multicast: 20, Unicast: 20}) {
		t.Errorf("received %+v, peer received %+v", p.Received, p.PeerReceived)
	}
}

func TestBadChecksumFails(t *testing.T) {
	// Sampled as in a real run: B, whose one packet A refused, sees a
	// 5% loss in A's reports, within noise.
	a, b := newPair(func(c *Config) { c.MinTicks = 20 })
	withQuerier(a, b)
	s := newSim(a, b, steady(clean), func(n int) link { return link{corrupt: n == 1} })
	s.run(t, 100)
	ra, rb := s.results[0], s.results[1]
	p := onlyPeer(t, ra)
	if want := map[string]int{"PGM bad checksum": 1}; !reflect.DeepEqual(p.Invalid, want) {
		t.Errorf("invalid %v, want %v", p.Invalid, want)
	}
	if want := []string{"packets from 192.0.2.2 failed validation: PGM bad checksum ×1"}; ra.Verdict != Fail || p.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, want) {
		t.Errorf("A: %s, peer %s %q; want fail with %q", ra.Verdict, p.Verdict, p.Diagnosis, want)
	}
	if p.Received.ODATA != p.Received.Multicast-1 {
		t.Errorf("received %+v: want one ODATA fewer than multicast", p.Received)
	}
	if pb := onlyPeer(t, rb); rb.Verdict != Pass || len(pb.Invalid) != 0 {
		t.Errorf("B: %s invalid %v", rb.Verdict, pb.Invalid)
	}
}

// A peer whose every packet fails validation (here: another version of
// the probe) has sent something: the diagnosis must say what was wrong
// with it, not only that nothing arrived.
func TestOnlyInvalidPacketsAreDiagnosed(t *testing.T) {
	a, b := newPair(nil)
	a.onIGMP(simQuerier, v3Query(netip.Addr{}, 10*time.Second), at(0))
	for n := range 5 {
		o := b.next(at(n), false)
		for _, pl := range [][]byte{o.Multicast, o.Unicast[0].Payload} {
			pl = bytes.Clone(pl)
			pl[4] = 1 // record version
			a.onUDP(hostB, netip.Addr{}, pl, at(n))
		}
	}
	p := onlyPeer(t, a.result(at(300)))
	const reason = "probe record version 1, want 2 (is the peer running another mcaudit version?)"
	if !reflect.DeepEqual(p.Invalid, map[string]int{reason: 10}) {
		t.Fatalf("invalid %v", p.Invalid)
	}
	if p.Verdict != Fail || !anyContains(p.Diagnosis, reason) {
		t.Errorf("peer %s %q: want the reason %q", p.Verdict, p.Diagnosis, reason)
	}
}

// checksummed sets the PGM checksum of b.
func checksummed(b []byte) []byte {
	binary.BigEndian.PutUint16(b[6:], 0)
	binary.BigEndian.PutUint16(b[6:], pgm.Checksum(b))
	return b
}

func TestIgnoredPackets(t *testing.T) {
	_, b := newPair(nil)
	o := b.next(at(0), false)
	rec := AppendRecord(nil, Record{Kind: KindPGM, Run: 0xb1, Sender: hostB, Tick: 0})
	strangerCanary := AppendRecord(nil, Record{Kind: KindCanary, Run: 0xb1, Sender: stranger, Tick: 0})
	foreign := pgm.TSI{GSI: [6]byte{1, 2, 3, 4, 5, 6}, SourcePort: 4000}
	for _, tc := range []struct {
		name string
		feed func(s *session)
	}{
		{"PGM from a non-peer", func(s *session) {
			s.onPGM(stranger, o.SPM, at(0))
			s.onPGM(stranger, o.ODATA, at(0))
			s.onPGM(stranger, []byte{1}, at(0))
		}},
		{"UDP from a non-peer", func(s *session) {
			s.onUDP(stranger, simGroup, o.Multicast, at(0))
			s.onUDP(stranger, hostA, o.Unicast[0].Payload, at(0))
			s.onUDP(stranger, hostA, []byte("MCAV"), at(0))
		}},
		{"canary from a non-peer", func(s *session) { s.onCanary(stranger, o.Canary, at(0)) }},
		{"PGM to another port", func(s *session) {
			s.onPGM(hostB, pgm.AppendODATA(nil, tsiB, simPort+1, 0, 0, rec), at(0))
			s.onPGM(hostB, pgm.AppendSPM(nil, tsiB, simPort+1, 0, 0, 0, hostB), at(0))
			bad := pgm.AppendODATA(nil, tsiB, simPort+1, 0, 0, rec)
			bad[len(bad)-1] ^= 1 // not even checked
			s.onPGM(hostB, bad, at(0))
		}},
		{"PGM shorter than its ports", func(s *session) { s.onPGM(hostB, o.ODATA[:3], at(0)) }},
		{"foreign PGM on the probe's port", func(s *session) {
			s.onPGM(hostB, pgm.AppendODATA(nil, foreign, simPort, 7, 0, []byte("an EFT cluster message")), at(0))
			s.onPGM(hostB, pgm.AppendODATA(nil, foreign, simPort, 8, 0, nil), at(0))
		}},
		{"foreign UDP on the probe's port", func(s *session) {
			s.onUDP(hostB, simGroup, []byte("an EFT cluster message"), at(0))
			s.onUDP(hostB, hostA, nil, at(0))
		}},
		{"record kinds to the wrong destination", func(s *session) {
			s.onUDP(hostB, hostA, o.Multicast, at(0))             // multicast kind, unicast to us
			s.onUDP(hostB, simGroup, o.Unicast[0].Payload, at(0)) // unicast kind, to the group
			s.onUDP(hostB, simGroup, o.Canary, at(0))             // canary kind on the UDP socket
		}},
		{"canary that is not a canary record", func(s *session) {
			s.onCanary(hostB, o.Multicast, at(0))
			s.onCanary(hostB, []byte("junk"), at(0))
			s.onCanary(hostB, strangerCanary, at(0))
		}},
		{"NAK for another session", func(s *session) {
			s.onPGM(hostB, nak(tsiB, simPort, tsiB.SourcePort), at(0))
			s.onPGM(hostB, nak(tsiA, simPort, simPort+1), at(0))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newPair(nil)
			tc.feed(a)
			p := a.peers[0]
			if p.heard != (Counts{}) || len(p.invalid) != 0 || p.tsi != (pgm.TSI{}) || p.run != 0 || p.naks != 0 ||
				!p.lastSeen.IsZero() || len(p.spmPending) != 0 {
				t.Errorf("peer state changed: heard %+v invalid %v tsi %v run %d naks %d seen %v pending %v",
					p.heard, p.invalid, p.tsi, p.run, p.naks, p.lastSeen, p.spmPending)
			}
		})
	}
}

// A foreign PGM session on the probe's port does not pin the peer's TSI:
// the peer's own ODATA after it counts, with no complaint.
func TestForeignODATADoesNotPinTSI(t *testing.T) {
	a, b := newPair(nil)
	foreign := pgm.TSI{GSI: [6]byte{1, 2, 3, 4, 5, 6}, SourcePort: 4000}
	a.onPGM(hostB, pgm.AppendODATA(nil, foreign, simPort, 7, 0, []byte("an EFT cluster message")), at(0))
	a.onPGM(hostB, b.next(at(0), false).ODATA, at(0))
	p := a.peers[0]
	if p.tsi != tsiB || p.heard.ODATA != 1 || len(p.invalid) != 0 {
		t.Errorf("tsi %v heard %+v invalid %v; want %v, one ODATA, none invalid", p.tsi, p.heard, p.invalid, tsiB)
	}
}

func TestSPMsWaitForTheTSI(t *testing.T) {
	a, b := newPair(nil)
	foreign := pgm.TSI{GSI: [6]byte{1, 2, 3, 4, 5, 6}, SourcePort: 4000}
	spm := func(tsi pgm.TSI, sqn uint32) []byte { return pgm.AppendSPM(nil, tsi, simPort, sqn, 0, sqn, hostB) }
	p := a.peers[0]

	a.onPGM(hostB, spm(foreign, 0), at(0))
	a.onPGM(hostB, spm(tsiB, 0), at(0))
	a.onPGM(hostB, spm(foreign, 1), at(1))
	a.onPGM(hostB, spm(tsiB, 1), at(1))
	if p.heard.SPM != 0 || !p.first[KindPGM].IsZero() {
		t.Fatalf("before the peer's ODATA: heard %d SPMs, first PGM %v; want none", p.heard.SPM, p.first[KindPGM])
	}
	if want := map[pgm.TSI]uint32{foreign: 2, tsiB: 2}; !reflect.DeepEqual(p.spmPending, want) {
		t.Errorf("pending %v, want %v", p.spmPending, want)
	}

	b.next(at(0), false) // tick 0 lost
	a.onPGM(hostB, b.next(at(2), false).ODATA, at(2))
	if p.heard.SPM != 2 || p.heard.ODATA != 1 || p.spmPending != nil {
		t.Errorf("after the peer's ODATA: heard %+v pending %v; want its 2 SPMs", p.heard, p.spmPending)
	}

	a.onPGM(hostB, spm(foreign, 2), at(3))
	if p.heard.SPM != 2 || p.spmPending != nil {
		t.Errorf("a foreign SPM after the TSI is known: heard %d SPMs, pending %v", p.heard.SPM, p.spmPending)
	}
	a.onPGM(hostB, spm(tsiB, 2), at(3))
	if p.heard.SPM != 3 || len(p.invalid) != 0 {
		t.Errorf("the peer's SPM after the TSI is known: heard %d SPMs, invalid %v", p.heard.SPM, p.invalid)
	}
	// An SPM is not a tick: the peer's highest tick is still its ODATA's.
	if p.maxTick != 1 || p.first[KindPGM] != at(2) || p.lastSeen != at(3) {
		t.Errorf("max tick %d first PGM %v last seen %v", p.maxTick, p.first[KindPGM], p.lastSeen)
	}
}

// At most 16 TSIs wait for the peer's ODATA: a busy group cannot grow the
// map without bound.
func TestSPMsPendingBounded(t *testing.T) {
	a, _ := newPair(nil)
	for i := range 40 {
		tsi := pgm.TSI{GSI: [6]byte{1, 2, 3, 4, 5, byte(i)}, SourcePort: 4000}
		a.onPGM(hostB, pgm.AppendSPM(nil, tsi, simPort, 0, 0, 0, hostB), at(0))
	}
	if n := len(a.peers[0].spmPending); n != 16 {
		t.Errorf("%d TSIs pending, want 16", n)
	}
}

// nak is a PGM NAK for sequence number 5 of the session tsi, as a
// receiver sends it to the source (OpenPGM's send_nak): unicast to the
// source's NLA, with the ports swapped, so sport is the data-destination
// port and dport the TSI's source port.
func nak(tsi pgm.TSI, sport, dport uint16) []byte {
	b := binary.BigEndian.AppendUint16(nil, sport)
	b = binary.BigEndian.AppendUint16(b, dport)
	b = append(b, byte(pgm.NAK), 0, 0, 0)
	b = append(b, tsi.GSI[:]...)
	b = append(b, 0, 0) // TSDU length
	b = binary.BigEndian.AppendUint32(b, 5)
	a, g := hostA.As4(), simGroup.As4()
	b = append(b, 0, 1, 0, 0)
	b = append(b, a[:]...)
	b = append(b, 0, 1, 0, 0)
	b = append(b, g[:]...)
	return checksummed(b)
}

func TestValidation(t *testing.T) {
	_, b := newPair(nil)
	b.next(at(0), false)
	o := b.next(at(1), false) // tick 1
	recOf := func(k Kind, edit func(*Record)) []byte {
		r := Record{Kind: k, Run: 0xb1, Sender: hostB, Tick: 1}
		if edit != nil {
			edit(&r)
		}
		return AppendRecord(nil, r)
	}
	odata := func(tsi pgm.TSI, sqn uint32, data []byte) []byte {
		return pgm.AppendODATA(nil, tsi, simPort, sqn, 0, data)
	}
	otherTSI := pgm.TSI{GSI: tsiB.GSI, SourcePort: tsiB.SourcePort + 2}
	for _, tc := range []struct {
		name string
		feed func(s *session)
		want map[string]int
	}{
		{"bad checksum", func(s *session) {
			bad := bytes.Clone(o.ODATA)
			bad[20] ^= 0x10
			s.onPGM(hostB, bad, at(1))
		}, map[string]int{"PGM bad checksum": 1}},
		{"no checksum on ODATA", func(s *session) {
			bad := bytes.Clone(o.ODATA)
			bad[6], bad[7] = 0, 0
			s.onPGM(hostB, bad, at(1))
		}, map[string]int{"PGM checksum missing on a data packet": 1}},
		{"truncated PGM", func(s *session) { s.onPGM(hostB, o.ODATA[:10], at(1)) }, map[string]int{"PGM truncated": 1}},
		{"PGM version bits", func(s *session) {
			bad := bytes.Clone(o.ODATA)
			bad[4] |= 0x10
			s.onPGM(hostB, checksummed(bad), at(1))
		}, map[string]int{"PGM unsupported version or reserved bits set": 1}},
		{"TSDU length", func(s *session) {
			bad := append(bytes.Clone(o.ODATA), 0)
			s.onPGM(hostB, checksummed(bad), at(1))
		}, map[string]int{"PGM TSDU length does not match the payload": 1}},
		{"ODATA record from another sender", func(s *session) {
			s.onPGM(hostB, odata(tsiB, 1, recOf(KindPGM, func(r *Record) { r.Sender = stranger })), at(1))
		}, map[string]int{"ODATA payload is not a valid probe record": 1}},
		{"ODATA carrying a multicast record", func(s *session) {
			s.onPGM(hostB, odata(tsiB, 1, recOf(KindMulticast, nil)), at(1))
		}, map[string]int{"ODATA payload is not a valid probe record": 1}},
		{"ODATA record of another version", func(s *session) {
			rec := recOf(KindPGM, nil)
			rec[4] = 9
			s.onPGM(hostB, odata(tsiB, 1, rec), at(1))
		}, map[string]int{"ODATA payload is not a valid probe record": 1}},
		{"ODATA sequence number not the tick", func(s *session) {
			s.onPGM(hostB, odata(tsiB, 2, recOf(KindPGM, nil)), at(1))
		}, map[string]int{"ODATA sequence number differs from the record's tick": 1}},
		{"TSI changed within a run", func(s *session) {
			s.onPGM(hostB, o.ODATA, at(1))
			s.onPGM(hostB, odata(otherTSI, 1, recOf(KindPGM, nil)), at(1))
		}, map[string]int{"PGM TSI changed within a run": 1}},
		{"UDP record from another sender", func(s *session) {
			s.onUDP(hostB, simGroup, recOf(KindMulticast, func(r *Record) { r.Sender = stranger }), at(1))
			s.onUDP(hostB, hostA, recOf(KindUnicast, func(r *Record) { r.Sender = hostA }), at(1))
		}, map[string]int{"record sender differs from the IP source (NAT in the path?)": 2}},
		{"UDP record of another version", func(s *session) {
			rec := bytes.Clone(o.Multicast)
			rec[4] = 1
			s.onUDP(hostB, simGroup, rec, at(1))
		}, map[string]int{"probe record version 1, want 2 (is the peer running another mcaudit version?)": 1}},
		{"UDP record cut", func(s *session) {
			s.onUDP(hostB, hostA, o.Unicast[0].Payload[:30], at(1))
		}, map[string]int{"unicast probe record of 30 bytes, want 72": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newPair(nil)
			tc.feed(a)
			p := a.peers[0]
			if !reflect.DeepEqual(p.invalid, tc.want) {
				t.Errorf("invalid %v, want %v", p.invalid, tc.want)
			}
			// Only the valid ODATA of "TSI changed" counts.
			wantHeard := Counts{}
			if tc.name == "TSI changed within a run" {
				wantHeard.ODATA = 1
			}
			if p.heard != wantHeard {
				t.Errorf("heard %+v, want %+v", p.heard, wantHeard)
			}
			pr := onlyPeer(t, a.result(at(20)))
			if pr.Verdict != Fail || !reflect.DeepEqual(pr.Invalid, tc.want) {
				t.Errorf("peer %s invalid %v", pr.Verdict, pr.Invalid)
			}
		})
	}
}

// A non-passive PGM receiver on the peer NAKs the gaps it sees in this
// host's ODATA; the NAK names this host's TSI and comes back with the
// ports swapped.
func TestNAKsAreNoted(t *testing.T) {
	a, b := newPair(nil)
	withQuerier(a, b)
	s := newSim(a, b, steady(clean), steady(clean))
	s.step()
	if _, err := pgm.Decode(nak(tsiA, simPort, tsiA.SourcePort)); err != nil {
		t.Fatalf("the test's NAK does not decode: %v", err)
	}
	a.onPGM(hostB, nak(tsiA, simPort, tsiA.SourcePort), at(0))
	a.onPGM(hostB, nak(tsiA, simPort, tsiA.SourcePort), at(0))
	s.run(t, 100)
	p := onlyPeer(t, s.results[0])
	want := []string{"192.0.2.2 sent 2 PGM NAKs to this host: a non-passive PGM receiver there saw gaps"}
	if p.NAKs != 2 || p.Verdict != Pass || !reflect.DeepEqual(p.Diagnosis, want) || len(p.Invalid) != 0 {
		t.Errorf("NAKs %d, peer %s %q invalid %v; want 2, pass, %q", p.NAKs, p.Verdict, p.Diagnosis, p.Invalid, want)
	}
}

func TestPeerRestart(t *testing.T) {
	a, b := newPair(nil)
	for n := range 5 {
		wire(b, a, b.next(at(n), false), clean, at(n))
	}
	p := a.peers[0]
	if p.heard != (Counts{ODATA: 5, SPM: 2, Multicast: 5, Unicast: 5}) || p.run != 0xb1 || p.restarts != 0 {
		t.Fatalf("first run: heard %+v run %#x restarts %d", p.heard, p.run, p.restarts)
	}
	// B restarts: a new run, a new TSI, ticks from 0.
	tsi2 := pgm.TSI{GSI: tsiB.GSI, SourcePort: 0x3001}
	b2 := newSession(b.cfg, 0xb2, tsi2.GSI, tsi2.SourcePort, at(5))
	for n := 5; n < 12; n++ {
		wire(b2, a, b2.next(at(n), false), clean, at(n))
	}
	p = a.peers[0]
	if p.run != 0xb2 || p.tsi != tsi2 || p.restarts != 1 {
		t.Errorf("after the restart: run %#x tsi %v restarts %d", p.run, p.tsi, p.restarts)
	}
	r := onlyPeer(t, a.result(at(12)))
	// Seven ticks of the new run, 0..6. Its first SPM (tick 0) came before
	// the ODATA that told of the restart, named a TSI the old run did not
	// have, and was not counted; tick 3's and 6's were.
	if want := (Counts{ODATA: 7, SPM: 2, Multicast: 7, Unicast: 7}); r.Received != want {
		t.Errorf("received %+v, want %+v", r.Received, want)
	}
	if r.Restarts != 1 || r.PeerSent != 7 || r.First["unicast"] != Duration(500*time.Millisecond) {
		t.Errorf("restarts %d peer sent %d first %v", r.Restarts, r.PeerSent, r.First)
	}
	if !anyContains(r.Diagnosis, "192.0.2.2 restarted its probe during the run (1 restarts); counts are from its last run") {
		t.Errorf("diagnosis %q", r.Diagnosis)
	}

	// A third run, seen first on the UDP socket.
	b3 := newSession(b.cfg, 0xb3, tsiB.GSI, 0x4001, at(12))
	o := b3.next(at(12), false)
	a.onUDP(hostB, simGroup, o.Multicast, at(12))
	if p := a.peers[0]; p.restarts != 2 || p.heard != (Counts{Multicast: 1}) || p.tsi != (pgm.TSI{}) {
		t.Errorf("second restart: restarts %d heard %+v tsi %v", p.restarts, p.heard, p.tsi)
	}
}

func TestQuerier(t *testing.T) {
	scratch := netip.MustParseAddr("239.255.1.1")
	v2 := func(maxResp time.Duration) []byte {
		return igmp.AppendQuery(nil, igmp.Message{Version: 2, MaxResp: maxResp})
	}
	type feed struct {
		n   int
		src netip.Addr
		b   []byte
	}
	other := netip.MustParseAddr("192.0.2.253")
	for _, tc := range []struct {
		name      string
		feeds     []feed
		want      []Querier
		wantDiag  string
		wantNotes []string
	}{
		{
			name: "v3 group-specific then general",
			feeds: []feed{
				{2, simQuerier, v3Query(scratch, time.Second)},
				{5, simQuerier, v3Query(netip.Addr{}, 10*time.Second)},
			},
			want: []Querier{{Address: simQuerier, Version: 3, Interval: Duration(125 * time.Second), IntervalSource: "qqic",
				MaxResp: Duration(10 * time.Second), Robustness: 2, General: 1, GroupSpecific: 1, First: Duration(200 * time.Millisecond)}},
			wantDiag: "IGMPv3 querier 192.0.2.254, query interval 2m5s (qqic)",
		},
		{
			name: "v3 general queries keep the QQIC interval",
			feeds: []feed{
				{0, simQuerier, v3Query(netip.Addr{}, 10*time.Second)},
				{30, simQuerier, v3Query(netip.Addr{}, 10*time.Second)},
			},
			want: []Querier{{Address: simQuerier, Version: 3, Interval: Duration(125 * time.Second), IntervalSource: "qqic",
				MaxResp: Duration(10 * time.Second), Robustness: 2, General: 2}},
			wantDiag: "IGMPv3 querier 192.0.2.254, query interval 2m5s (qqic)",
		},
		{
			name: "v2 general queries 3 s apart",
			feeds: []feed{
				{1, simQuerier, v2(10 * time.Second)},
				{31, simQuerier, v2(10 * time.Second)},
			},
			want: []Querier{{Address: simQuerier, Version: 2, Interval: Duration(3 * time.Second), IntervalSource: "measured",
				MaxResp: Duration(10 * time.Second), General: 2, First: Duration(100 * time.Millisecond)}},
			wantDiag: "IGMPv2 querier 192.0.2.254, query interval 3s (measured)",
		},
		{
			name:     "one v2 general query: no interval yet",
			feeds:    []feed{{1, simQuerier, v2(10 * time.Second)}},
			want:     []Querier{{Address: simQuerier, Version: 2, MaxResp: Duration(10 * time.Second), General: 1, First: Duration(100 * time.Millisecond)}},
			wantDiag: "IGMPv2 querier 192.0.2.254; query interval unknown: IGMPv1/v2 queries do not state it (--querier-wait 130s measures it between two general queries)",
		},
		{
			name: "two queriers",
			feeds: []feed{
				{1, simQuerier, v2(10 * time.Second)},
				{2, other, v2(10 * time.Second)},
			},
			want: []Querier{
				{Address: simQuerier, Version: 2, MaxResp: Duration(10 * time.Second), General: 1, First: Duration(100 * time.Millisecond)},
				{Address: other, Version: 2, MaxResp: Duration(10 * time.Second), General: 1, First: Duration(200 * time.Millisecond)},
			},
			wantDiag:  "IGMPv2 querier 192.0.2.254; query interval unknown: IGMPv1/v2 queries do not state it (--querier-wait 130s measures it between two general queries)",
			wantNotes: []string{"2 different queriers answered: an election in progress, or two queriers that cannot hear each other"},
		},
		{
			name:     "v1",
			feeds:    []feed{{0, simQuerier, igmp.AppendQuery(nil, igmp.Message{Version: 1})}},
			want:     []Querier{{Address: simQuerier, Version: 1, General: 1}},
			wantDiag: "IGMPv1 querier 192.0.2.254; query interval unknown: IGMPv1/v2 queries do not state it (--querier-wait 130s measures it between two general queries); IGMPv1 has no leave messages: ports stay in groups until they time out",
		},
		{
			name:     "a switch querying from 0.0.0.0",
			feeds:    []feed{{0, netip.IPv4Unspecified(), v3Query(netip.Addr{}, 10*time.Second)}},
			want:     []Querier{{Address: netip.IPv4Unspecified(), Version: 3, Interval: Duration(125 * time.Second), IntervalSource: "qqic", MaxResp: Duration(10 * time.Second), Robustness: 2, General: 1}},
			wantDiag: "IGMPv3 querier 0.0.0.0 (a switch querying without an address), query interval 2m5s (qqic)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newPair(nil)
			for _, f := range tc.feeds {
				a.onIGMP(f.src, f.b, at(f.n))
			}
			r := a.result(at(40))
			q := r.Querier
			got := q.Queriers
			for i := range got {
				got[i].lastGeneral = time.Time{}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("queriers\n got %+v\nwant %+v", got, tc.want)
			}
			if q.Verdict != Pass || q.Diagnosis != tc.wantDiag || q.Waited != Duration(4*time.Second) {
				t.Errorf("querier %s waited %s %q\nwant pass after 4s, %q", q.Verdict, q.Waited, q.Diagnosis, tc.wantDiag)
			}
			if !reflect.DeepEqual(r.Notes, tc.wantNotes) {
				t.Errorf("notes %q, want %q", r.Notes, tc.wantNotes)
			}
		})
	}
}

func TestQuerierIgnoresOtherIGMP(t *testing.T) {
	report := []byte{byte(igmp.V2Report), 0, 0, 0, 239, 192, 0, 10}
	binary.BigEndian.PutUint16(report[2:], ^inetSum(report))
	if _, err := igmp.Decode(report); err != nil {
		t.Fatalf("the test's report does not decode: %v", err)
	}
	bad := v3Query(netip.Addr{}, 10*time.Second)
	bad[9] ^= 1
	a, _ := newPair(nil)
	a.onIGMP(simQuerier, report, at(0))
	a.onIGMP(simQuerier, bad, at(0))
	a.onIGMP(simQuerier, []byte{0x11}, at(0))
	if len(a.queriers.seen) != 0 || a.querierSettled(at(49)) || !a.querierSettled(at(50)) {
		t.Errorf("queriers %v settled at 4.9s %v", a.queriers.seen, a.querierSettled(at(49)))
	}
}

// inetSum is the folded ones'-complement sum of b.
func inetSum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}

// soak runs A and B for a 5 s soak with 1 s windows; ba says what is lost
// from B to A on each tick. It returns A's view of B.
func soak(t *testing.T, ba func(n int) link) (Result, PeerResult) {
	t.Helper()
	a, b := newPair(func(c *Config) { c.Duration, c.Window = 5*time.Second, time.Second })
	withQuerier(a, b)
	s := newSim(a, b, steady(clean), ba)
	s.run(t, 100)
	if s.stopAt != [2]int{50, 50} {
		t.Errorf("stopped at ticks %v, want 50 and 50", s.stopAt)
	}
	r := s.results[0]
	if r.Mode != "soak" || r.Elapsed != Duration(5*time.Second) || r.Sent != 51 {
		t.Errorf("mode %s elapsed %s sent %d", r.Mode, r.Elapsed, r.Sent)
	}
	p := onlyPeer(t, r)
	if len(p.Windows) < 5 {
		t.Fatalf("%d windows, want 5: %+v", len(p.Windows), p.Windows)
	}
	return r, p
}

// window is a 1 s window from second i that expected ten ticks.
func window(i int, got Counts, pgmLoss, mcLoss, uniLoss float64) Window {
	return Window{
		Start: Duration(time.Duration(i) * time.Second), End: Duration(time.Duration(i+1) * time.Second),
		Expected: 10, Received: got, PGMLoss: pgmLoss, MulticastLoss: mcLoss, UnicastLoss: uniLoss,
	}
}

func TestSoakMulticastStops(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n >= 20 {
			return dropMcast
		}
		return clean
	})
	want := []Window{
		window(0, Counts{ODATA: 10, SPM: 4, Multicast: 10, Unicast: 10}, 0, 0, 0),
		window(1, Counts{ODATA: 10, SPM: 3, Multicast: 10, Unicast: 10}, 0, 0, 0),
		window(2, Counts{Unicast: 10}, 100, 100, 0),
		window(3, Counts{Unicast: 10}, 100, 100, 0),
		window(4, Counts{Unicast: 10}, 100, 100, 0),
	}
	if !reflect.DeepEqual(p.Windows[:5], want) {
		t.Errorf("windows\n got %+v\nwant %+v", p.Windows[:5], want)
	}
	wantDiag := []string{"multicast from 192.0.2.2 stopped at 2s into the run while unicast went on: the switch forgot the membership, which is what happens without a querier (membership interval ~260 s)"}
	if r.Verdict != Fail || p.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, wantDiag) {
		t.Errorf("%s, peer %s %q\nwant %q", r.Verdict, p.Verdict, p.Diagnosis, wantDiag)
	}
}

func TestSoakLossInOneWindow(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n >= 20 && n < 30 && n%3 == 0 {
			return dropMcast // ticks 21, 24 and 27, the window's SPMs among them
		}
		return clean
	})
	if got, want := p.Windows[2], window(2, Counts{ODATA: 7, Multicast: 7, Unicast: 10}, 30, 30, 0); !reflect.DeepEqual(got, want) {
		t.Errorf("window 2\n got %+v\nwant %+v", got, want)
	}
	for i, w := range p.Windows[:5] {
		if i != 2 && (w.PGMLoss != 0 || w.MulticastLoss != 0 || w.UnicastLoss != 0 || w.Expected != 10) {
			t.Errorf("window %d: %+v", i, w)
		}
	}
	wantDiag := []string{"from 192.0.2.2, 2s–3s: PGM lost 30%, UDP multicast lost 30%, unicast lost 0%"}
	if r.Verdict != Fail || p.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, wantDiag) {
		t.Errorf("%s, peer %s %q\nwant %q", r.Verdict, p.Verdict, p.Diagnosis, wantDiag)
	}
}

// Loss at or under lossLimit in a window is noise.
func TestSoakLossUnderLimit(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n == 25 {
			return dropMcast
		}
		return clean
	})
	if w := p.Windows[2]; w.PGMLoss != 10 || w.MulticastLoss != 10 {
		t.Errorf("window 2: %+v, want 10%% loss", w)
	}
	if r.Verdict != Pass || p.Verdict != Pass || len(p.Diagnosis) != 0 {
		t.Errorf("%s, peer %s %q", r.Verdict, p.Verdict, p.Diagnosis)
	}
}

// The first window includes the time before the peer joined: losing its
// first ticks' multicast is not a failure.
func TestSoakJoinLatency(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n < 3 {
			return dropMcast
		}
		return clean
	})
	if got, want := p.Windows[0], window(0, Counts{ODATA: 7, SPM: 3, Multicast: 7, Unicast: 10}, 30, 30, 0); !reflect.DeepEqual(got, want) {
		t.Errorf("window 0\n got %+v\nwant %+v", got, want)
	}
	if r.Verdict != Pass || p.Verdict != Pass || len(p.Diagnosis) != 0 {
		t.Errorf("%s, peer %s %q", r.Verdict, p.Verdict, p.Diagnosis)
	}
}

// Unless nothing at all came in it.
func TestSoakFirstWindowAllLost(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n < 10 {
			return dropMcast
		}
		return clean
	})
	wantDiag := []string{"from 192.0.2.2, 0s–1s: PGM lost 100%, UDP multicast lost 100%, unicast lost 0%"}
	if r.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, wantDiag) {
		t.Errorf("%s, peer %q\nwant %q", r.Verdict, p.Diagnosis, wantDiag)
	}
}

// A silent window (nothing from the peer) expects this host's own tick
// count, and fails as an outage rather than as loss.
func TestSoakSilentWindow(t *testing.T) {
	r, p := soak(t, func(n int) link {
		if n >= 20 && n < 30 {
			return dropAll
		}
		return clean
	})
	want := Window{Start: Duration(2 * time.Second), End: Duration(3 * time.Second), Expected: 10,
		PGMLoss: 100, MulticastLoss: 100, UnicastLoss: 100, Silent: true}
	if !reflect.DeepEqual(p.Windows[2], want) {
		t.Errorf("window 2\n got %+v\nwant %+v", p.Windows[2], want)
	}
	// The window after the silence expects the ticks missed in it too.
	if w := p.Windows[3]; w.Expected != 20 || w.Received.ODATA != 10 || w.PGMLoss != 50 {
		t.Errorf("window 3: %+v, want 20 expected, 10 received", w)
	}
	if r.Verdict != Fail || !reflect.DeepEqual(p.Diagnosis, []string{"nothing at all arrived from 192.0.2.2 in 2s–3s, not even unicast: its probe stopped without saying so, or the path went down"}) {
		t.Errorf("%s, peer %q", r.Verdict, p.Diagnosis)
	}
}

// Probe.Run rolls on every tick and once more, forced, after the last: a
// soak whose end falls on a window boundary must not gain a zero-length
// window (it would read as 100% loss, or as nothing expected).
func TestSoakFinalRollAddsNoEmptyWindow(t *testing.T) {
	_, p := soak(t, steady(clean))
	if len(p.Windows) != 5 {
		t.Errorf("%d windows, want 5; the last: %+v", len(p.Windows), p.Windows[len(p.Windows)-1])
	}
	for i, w := range p.Windows {
		if w.End <= w.Start {
			t.Errorf("window %d is empty: %+v", i, w)
		}
	}
}

// A quick run has no windows, and roll does nothing there.
func TestQuickRunHasNoWindows(t *testing.T) {
	a, b := newPair(nil)
	for n := range 20 {
		wire(b, a, b.next(at(n), false), clean, at(n))
		a.roll(at(n), n%5 == 0)
	}
	a.roll(at(20), true)
	if w := a.peers[0].windows; w != nil {
		t.Errorf("windows %+v", w)
	}
}

func TestCheck(t *testing.T) {
	peer := []netip.Addr{hostB}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // substring of the error; "" for none
	}{
		{"no group", Config{Peers: peer}, "--group is required"},
		{"IPv6 group", Config{Group: netip.MustParseAddr("ff15::10"), Peers: peer}, "--group ff15::10 is not an IPv4 multicast address (224.0.0.0/4)"},
		{"IPv4-mapped group", Config{Group: netip.MustParseAddr("::ffff:239.192.0.10"), Peers: peer}, "is not an IPv4 multicast address"},
		{"unicast group", Config{Group: netip.MustParseAddr("10.0.0.1"), Peers: peer}, "--group 10.0.0.1 is not an IPv4 multicast address"},
		{"broadcast group", Config{Group: netip.MustParseAddr("255.255.255.255"), Peers: peer}, "is not an IPv4 multicast address"},
		{"link-local all hosts", Config{Group: netip.MustParseAddr("224.0.0.1"), Peers: peer}, "--group 224.0.0.1 is link-local (224.0.0.0/24)"},
		{"link-local top", Config{Group: netip.MustParseAddr("224.0.0.255"), Peers: peer}, "is link-local"},
		{"SSM", Config{Group: netip.MustParseAddr("232.1.2.3"), Peers: peer}, "--group 232.1.2.3 is in the source-specific range 232.0.0.0/8"},
		{"TTL 256", Config{Group: simGroup, Peers: peer, TTL: 256}, "--ttl 256 is not between 1 and 255"},
		{"TTL -1", Config{Group: simGroup, Peers: peer, TTL: -1}, "--ttl -1 is not between 1 and 255"},
		{"no peers", Config{Group: simGroup}, "--peers is required"},
		{"empty peers", Config{Group: simGroup, Peers: []netip.Addr{}}, "--peers is required"},
		{"loopback peer", Config{Group: simGroup, Peers: []netip.Addr{hostB, netip.MustParseAddr("127.0.0.1")}}, "peer 127.0.0.1 is not a host's IPv4 unicast address"},
		{"multicast peer", Config{Group: simGroup, Peers: []netip.Addr{simGroup}}, "peer 239.192.0.10 is not a host's IPv4 unicast address"},
		{"unspecified peer", Config{Group: simGroup, Peers: []netip.Addr{netip.IPv4Unspecified()}}, "peer 0.0.0.0 is not"},
		{"IPv6 peer", Config{Group: simGroup, Peers: []netip.Addr{netip.MustParseAddr("2001:db8::1")}}, "peer 2001:db8::1 is not"},
		{"zero peer", Config{Group: simGroup, Peers: []netip.Addr{{}}}, "peer invalid IP is not"},
		{"lowest group", Config{Group: netip.MustParseAddr("224.0.1.0"), Peers: peer}, ""},
		{"highest group", Config{Group: netip.MustParseAddr("239.255.255.255"), Peers: peer}, ""},
		{"just below SSM", Config{Group: netip.MustParseAddr("231.255.255.255"), Peers: peer}, ""},
		{"just above SSM", Config{Group: netip.MustParseAddr("233.0.0.0"), Peers: peer}, ""},
		{"TTL 1", Config{Group: simGroup, Peers: peer, TTL: 1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			err := check(&cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("check: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("check passed %+v, want %q", cfg, tc.want)
			case tc.want != "" && (!strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrConfig)):
				t.Errorf("check: %v\nwant ErrConfig with %q", err, tc.want)
			}
		})
	}
}

func TestCheckFillsDefaults(t *testing.T) {
	peers := []netip.Addr{hostB, netip.MustParseAddr("192.0.2.3")}
	for _, tc := range []struct {
		name string
		in   Config
		want func(*Config) // applied to Defaults with the group and peers
	}{
		{"all defaults", Config{}, func(*Config) {}},
		{"set values kept", Config{Port: 9000, TTL: 1, Interval: 50 * time.Millisecond, Timeout: time.Minute, Grace: time.Second,
			Linger: 10 * time.Second, QuerierWait: 130 * time.Second, Window: 30 * time.Second, Iface: "eth1"},
			func(c *Config) {
				c.Port, c.TTL, c.Interval, c.Timeout, c.Grace = 9000, 1, 50*time.Millisecond, time.Minute, time.Second
				c.Linger, c.QuerierWait, c.Window, c.Iface = 10*time.Second, 130*time.Second, 30*time.Second, "eth1"
			}},
		{"soak shorter than the default window", Config{Duration: 5 * time.Second}, func(c *Config) {
			c.Duration, c.Window = 5*time.Second, 5*time.Second
		}},
		{"soak shorter than its window", Config{Duration: 5 * time.Second, Window: time.Minute}, func(c *Config) {
			c.Duration, c.Window = 5*time.Second, 5*time.Second
		}},
		{"soak longer than the window", Config{Duration: 5 * time.Minute, Window: 2 * time.Second}, func(c *Config) {
			c.Duration, c.Window = 5*time.Minute, 2*time.Second
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.in
			cfg.Group, cfg.Peers = simGroup, peers
			if err := check(&cfg); err != nil {
				t.Fatal(err)
			}
			want := Defaults
			want.Group, want.Peers = simGroup, peers
			tc.want(&want)
			if !reflect.DeepEqual(cfg, want) {
				t.Errorf("check filled\n %+v\nwant %+v", cfg, want)
			}
		})
	}
	if Defaults.Port != 7500 || Defaults.TTL != 255 || Defaults.Interval != 100*time.Millisecond || Defaults.Timeout != 30*time.Second ||
		Defaults.Grace != 2*time.Second || Defaults.Linger != 3*time.Second || Defaults.QuerierWait != 5*time.Second ||
		Defaults.Window != 10*time.Second || Defaults.Duration != 0 || Defaults.Group.IsValid() || Defaults.Peers != nil {
		t.Errorf("Defaults changed: %+v", Defaults)
	}
}

// The CLI passes its duration flags straight through: a negative one must
// be refused by check, as Run would otherwise panic in time.NewTicker
// (--interval) or run with nonsense timing (the others).
func TestCheckRejectsNegativeDurations(t *testing.T) {
	for _, tc := range []struct {
		flag string
		set  func(*Config)
	}{
		{"--interval", func(c *Config) { c.Interval = -time.Second }},
		{"--timeout", func(c *Config) { c.Timeout = -time.Second }},
		{"--querier-wait", func(c *Config) { c.QuerierWait = -time.Second }},
		{"--duration", func(c *Config) { c.Duration = -time.Minute }},
		{"--window", func(c *Config) { c.Duration, c.Window = time.Minute, -time.Second }},
	} {
		cfg := Config{Group: simGroup, Peers: []netip.Addr{hostB}}
		tc.set(&cfg)
		err := check(&cfg)
		if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.flag) {
			t.Errorf("%s negative: check returned %v, want ErrConfig naming %s", tc.flag, err, tc.flag)
		}
	}
}

// Durations read as seconds in JSON with millisecond precision, and read
// back as they were written.
func TestDurationJSON(t *testing.T) {
	for d, want := range map[Duration]string{
		Duration(0): "0", Duration(1500 * time.Millisecond): "1.5", Duration(125 * time.Second): "125",
		Duration(1234567 * time.Microsecond): "1.235", Duration(1001 * time.Millisecond): "1.001",
		Duration(-2 * time.Second): "-2",
	} {
		b, err := d.MarshalJSON()
		if err != nil || string(b) != want {
			t.Errorf("%v: %s %v, want %s", time.Duration(d), b, err, want)
		}
	}
	var bad []string
	for ms := range 100000 {
		d := Duration(time.Duration(ms) * time.Millisecond)
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Duration
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		if i := bytes.IndexByte(b, '.'); (i >= 0 && len(b)-i-1 > 3) || back != d {
			bad = append(bad, fmt.Sprintf("%v → %s → %v", time.Duration(d), b, time.Duration(back)))
		}
	}
	if len(bad) > 0 {
		t.Errorf("%d of 100000 millisecond durations are written with more than 3 decimals or do not read back, e.g. %q", len(bad), bad[:min(len(bad), 4)])
	}
	var d Duration
	if err := d.UnmarshalJSON([]byte(`"1s"`)); err == nil {
		t.Errorf("a string read as %v", time.Duration(d))
	}
	if got := fmt.Sprint(Duration(2*time.Second + 400*time.Microsecond)); got != "2s" {
		t.Errorf("String %q, want 2s", got)
	}
}

func TestMembershipInterval(t *testing.T) {
	for _, tc := range []struct {
		q    Querier
		want time.Duration
	}{
		{Querier{Interval: Duration(125 * time.Second), Robustness: 2, MaxResp: Duration(10 * time.Second)}, 260 * time.Second},
		{Querier{Interval: Duration(60 * time.Second), Robustness: 3, MaxResp: Duration(5 * time.Second)}, 185 * time.Second},
		{Querier{Interval: Duration(125 * time.Second)}, 260 * time.Second}, // RFC defaults for QRV and response
		{Querier{Robustness: 2, MaxResp: Duration(10 * time.Second)}, 0},    // interval unknown
	} {
		if got := tc.q.MembershipInterval(); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.q, got, tc.want)
		}
	}
}
