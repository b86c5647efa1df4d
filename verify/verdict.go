package verify

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// complete: every kind has arrived both ways, over enough ticks to tell
// loss from noise, so nothing more can be learned about this peer in a
// quick run.
func (s *session) complete(p *peer) bool {
	h, r := p.heard, p.reported
	return h.ODATA > 0 && h.SPM > 0 && h.Multicast > 0 && h.Unicast > 0 &&
		r.ODATA > 0 && r.SPM > 0 && r.Multicast > 0 && r.Unicast > 0 && s.sampled(p)
}

// sampled: MinTicks of the peer's have been seen here, and it has seen
// MinTicks of this host's.
func (s *session) sampled(p *peer) bool {
	n := uint32(s.cfg.MinTicks)
	return p.expected().Unicast >= n && p.reportedExpected.Unicast >= n
}

// settled: a quick run has waited long enough to judge this peer: all
// arrived; or the peer has been heard for the grace period and long
// enough to sample its loss, so whatever is still missing is lost, not
// late; or it was never heard before the timeout.
func (s *session) settled(p *peer, now time.Time) bool {
	if s.complete(p) {
		return true
	}
	if c := p.first[KindUnicast]; !c.IsZero() && now.Sub(c) >= s.cfg.Grace && p.expected().Unicast >= uint32(s.cfg.MinTicks) {
		return true
	}
	return now.Sub(s.start) >= s.cfg.Timeout
}

// establishedTicks: a peer shows it runs the probe by this many ticks of
// one kind; one stray record that looks right proves nothing.
const establishedTicks = 3

func (p *peer) established() bool {
	h := p.heard
	return max(h.ODATA, h.Multicast, h.Unicast) >= establishedTicks
}

// querierSettled: a querier was heard, or the wait for one is over. Where
// the switch floods unregistered multicast a querier changes nothing, so
// the wait is only as long as a querier takes to answer the scratch
// group's leave.
func (s *session) querierSettled(now time.Time) bool {
	if now.Sub(s.start) >= s.cfg.QuerierWait {
		return true
	}
	if len(s.queriers.seen) > 0 {
		return !s.cfg.MeasureQuerier || s.queriers.seen[0].Interval > 0
	}
	return s.flooded() && now.Sub(s.start) >= min(floodedQuerierWait, s.cfg.QuerierWait)
}

// floodedQuerierWait: a querier answers a leave well within this.
const floodedQuerierWait = 1500 * time.Millisecond

func (s *session) flooded() bool {
	return s.floodMeasured && slices.ContainsFunc(s.peers, func(p *peer) bool { return p.heard.Canary > 0 })
}

// finished reports whether the run can stop now. A quick run stops once it
// has its verdict and its peers have theirs (they need this host's unicast
// reports to judge the path towards them), or a linger period after its own
// verdict; a soak runs for its duration.
func (s *session) finished(now time.Time) bool {
	if s.cfg.Duration > 0 {
		return now.Sub(s.start) >= s.cfg.Duration
	}
	if s.settledAt.IsZero() && !slices.ContainsFunc(s.peers, func(p *peer) bool { return !s.settled(p, now) }) {
		s.settledAt = now
	}
	if s.settledAt.IsZero() || !s.querierSettled(now) {
		return false
	}
	if s.verdictAt.IsZero() {
		s.verdictAt = now
	}
	if now.Sub(s.verdictAt) >= s.cfg.Linger {
		return true
	}
	return !slices.ContainsFunc(s.peers, func(p *peer) bool { return !p.peerDone && !p.peerFinal })
}

// lossLimit: a soak window losing more than this fails. A few packets lost
// once is noise; memberships ageing out lose everything.
const lossLimit = 10.0

// roll closes the soak's current window once it is Window long, and
// reports whether it did.
func (s *session) roll(now time.Time, force bool) bool {
	if s.cfg.Duration == 0 || !now.After(s.winStart) || (!force && now.Sub(s.winStart) < s.cfg.Window) {
		return false
	}
	start, end := Duration(s.winStart.Sub(s.start)), Duration(now.Sub(s.start))
	own := uint32(max(1, now.Sub(s.winStart)/s.cfg.Interval))
	for _, p := range s.peers {
		w := Window{Start: start, End: end, Received: p.win}
		if p.winTicks && p.maxTick+1 > p.winTick {
			w.Expected = p.maxTick + 1 - p.winTick
			p.winTick = p.maxTick + 1
		} else if !p.peerFinal {
			w.Expected, w.Silent = own, true
		}
		w.PGMLoss = lossPct(w.Expected, w.Received.ODATA)
		w.MulticastLoss = lossPct(w.Expected, w.Received.Multicast)
		w.UnicastLoss = lossPct(w.Expected, w.Received.Unicast)
		p.windows = append(p.windows, w)
		p.win = Counts{}
	}
	s.winStart = now
	return true
}

func lossPct(expected, got uint32) float64 {
	if expected == 0 || got >= expected {
		return 0
	}
	return float64(expected-got) * 100 / float64(expected)
}

// result judges the run.
func (s *session) result(now time.Time) Result {
	r := Result{
		Version: 1,
		Host:    s.cfg.Self,
		Group:   s.cfg.Group,
		Port:    s.cfg.Port,
		TTL:     s.cfg.TTL,
		Mode:    "quick",
		Elapsed: Duration(now.Sub(s.start)),
		Verdict: Pass,
		Sent:    s.tick,
		TSI:     s.tsi.String(),
	}
	if s.cfg.Duration > 0 {
		r.Mode = "soak"
	}
	r.VerdictAfter, r.PathsAfter = r.Elapsed, r.Elapsed
	if !s.verdictAt.IsZero() {
		r.VerdictAfter = Duration(s.verdictAt.Sub(s.start))
	}
	if !s.settledAt.IsZero() {
		r.PathsAfter = Duration(s.settledAt.Sub(s.start))
	}
	r.Flooding = NotMeasured
	if s.floodMeasured {
		r.Flooding = NotFlooded
		if s.flooded() {
			r.Flooding = Flooded
		}
	}
	r.Querier = s.querierResult(now, r.Flooding)
	if r.Querier.Verdict == Fail {
		r.Verdict = Fail
	}
	for _, p := range s.peers {
		pr := s.peerResult(p, r.Querier)
		if pr.Verdict == Fail {
			r.Verdict = Fail
		}
		r.Peers = append(r.Peers, pr)
	}
	if len(s.queriers.seen) > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d different queriers answered: an election in progress, or two queriers that cannot hear each other", len(s.queriers.seen)))
	}
	return r
}

func (s *session) querierResult(now time.Time, flood Flooding) QuerierResult {
	q := QuerierResult{Verdict: Pass, Queriers: s.queriers.list(), Waited: Duration(min(now.Sub(s.start), s.cfg.QuerierWait))}
	if len(q.Queriers) > 0 {
		first := q.Queriers[0]
		q.Diagnosis = fmt.Sprintf("IGMPv%d querier %s", first.Version, first.Address)
		if first.Address.IsUnspecified() {
			q.Diagnosis += " (a switch querying without an address)"
		}
		if first.Interval > 0 {
			q.Diagnosis += fmt.Sprintf(", query interval %s (%s)", first.Interval, first.IntervalSource)
		} else {
			q.Diagnosis += "; query interval unknown: IGMPv1/v2 queries do not state it (--querier-wait 130s measures it between two general queries)"
		}
		if first.Version == 1 {
			q.Diagnosis += "; IGMPv1 has no leave messages: ports stay in groups until they time out"
		}
		return q
	}
	waited := time.Duration(q.Waited).Round(time.Second)
	if flood == Flooded {
		q.Diagnosis = fmt.Sprintf("no IGMP query in %s, but multicast nobody joined is flooded to this host: IGMP snooping is off (or floods unregistered groups), so the group keeps flowing without a querier, to every port in the VLAN", waited)
		return q
	}
	if s.igmpBlind {
		q.Verdict = Unknown
		q.Diagnosis = fmt.Sprintf("no IGMP query seen in %s, but this OS may not hand IGMP to programs, so that proves nothing: check the querier from a Linux host in the VLAN or in the switch configuration (mcaudit audit), or soak with --duration 5m to see multicast stop", waited)
		return q
	}
	q.Verdict = Fail
	q.Diagnosis = fmt.Sprintf("no IGMP querier answered in %s: on a switch with IGMP snooping, multicast will stop after the membership interval (~260 s with defaults) because nothing refreshes the memberships; enable a querier on the cluster VLAN (mcaudit remediate) or wait for a general query with --querier-wait 130s", waited)
	if flood == NotMeasured {
		q.Diagnosis += "; flooding of unregistered multicast could not be measured on this OS, so a switch without snooping also gives this verdict"
	}
	return q
}

func (s *session) peerResult(p *peer, q QuerierResult) PeerResult {
	pr := PeerResult{
		Address:      p.addr,
		Verdict:      Pass,
		Received:     p.heard,
		PeerReceived: p.reported,
		NAKs:         p.naks,
		Restarts:     p.restarts,
		Windows:      p.windows,
	}
	if p.heard.Unicast > 0 || p.heard.Multicast > 0 || p.heard.ODATA > 0 {
		pr.PeerSent = p.maxTick + 1
	}
	for k := KindPGM; k <= KindCanary; k++ {
		if !p.first[k].IsZero() {
			if pr.First == nil {
				pr.First = map[string]Duration{}
			}
			pr.First[k.String()] = Duration(p.first[k].Sub(s.start))
		}
	}
	if len(p.invalid) > 0 {
		pr.Invalid = maps.Clone(p.invalid)
	}
	fail := func(format string, a ...any) {
		pr.Verdict = Fail
		pr.Diagnosis = append(pr.Diagnosis, fmt.Sprintf(format, a...))
	}
	note := func(format string, a ...any) {
		pr.Diagnosis = append(pr.Diagnosis, fmt.Sprintf(format, a...))
	}
	invalid := func() {
		if len(p.invalid) > 0 {
			var reasons []string
			for _, k := range slices.Sorted(maps.Keys(p.invalid)) {
				reasons = append(reasons, fmt.Sprintf("%s ×%d", k, p.invalid[k]))
			}
			fail("packets from %s failed validation: %s", p.addr, strings.Join(reasons, ", "))
		}
	}
	h, r := p.heard, p.reported
	if h.Unicast == 0 && h.Multicast == 0 && h.ODATA == 0 && h.SPM == 0 {
		fail("nothing arrived from %s in %s: is `mcaudit verify` running there with the same --group and --port, and does its firewall let UDP port %d in?", p.addr, s.cfg.Timeout, s.cfg.Port)
		invalid()
		return pr
	}
	if !p.established() {
		fail("only %d probe record(s) arrived from %s, too few to show a probe runs there: is `mcaudit verify` running there with the same --group and --port, and does its firewall let UDP port %d in?",
			h.ODATA+h.Multicast+h.Unicast, p.addr, s.cfg.Port)
		invalid()
		return pr
	}
	// r comes in the peer's unicast: without any, or with nothing in it,
	// the path towards the peer is not known to lose multicast.
	feedback := h.Unicast > 0 && r != (Counts{})
	switch {
	case h.Unicast == 0:
		fail("no unicast arrives from %s, only its multicast: a firewall on this host or on %s, or the path, drops UDP port %d; what %s receives from this host is unknown", p.addr, p.addr, s.cfg.Port, p.addr)
	case r == (Counts{}):
		fail("%s hears nothing from this host, not even unicast: a firewall on %s, or the path back, drops UDP port %d", p.addr, p.addr, s.cfg.Port)
	case r.Unicast == 0:
		fail("%s receives this host's multicast but not its unicast: a firewall on %s, or the path back, drops UDP port %d", p.addr, p.addr, s.cfg.Port)
	}
	both := func(f func(Counts) bool) string { return ways(f(h), feedback && f(r), p.addr) }
	if pgmLost := both(func(c Counts) bool { return c.ODATA == 0 }); pgmLost != "" {
		if mcLost := both(func(c Counts) bool { return c.Multicast == 0 }); mcLost == "" {
			fail("IP protocol 113 is filtered %s: UDP multicast to the same group arrives, PGM does not; look for an ACL or firewall dropping protocol 113 (mcaudit audit: pgm-blocked)", pgmLost)
		} else {
			fail("PGM and UDP multicast are both lost %s while unicast arrives: the switches do not deliver the group: IGMP snooping without a working querier, or the VLAN", mcLost)
			if q.Verdict == Fail {
				note("no querier answered (see querier): the likeliest cause")
			}
		}
	} else if mcLost := both(func(c Counts) bool { return c.Multicast == 0 }); mcLost != "" {
		note("UDP multicast is lost %s while PGM arrives: a firewall drops UDP port %d; PGM, which the cluster uses, passes", mcLost, s.cfg.Port)
	}
	if h.ODATA > 0 && h.SPM == 0 {
		note("PGM data from %s arrives but its SPMs (sent with IP Router Alert) do not: something drops packets with IP options; PGM repairs need SPMs", p.addr)
	}
	if r.ODATA > 0 && r.SPM == 0 {
		note("%s receives PGM data from this host but not its SPMs (sent with IP Router Alert): something drops packets with IP options", p.addr)
	}
	invalid()
	if s.cfg.Duration == 0 && pr.Verdict == Pass {
		// Packets that arrived but failed validation are reported as
		// such above, not again as loss.
		s.judgeLoss(p, fail, note)
	}
	if p.naks > 0 {
		note("%s sent %d PGM NAKs to this host: a non-passive PGM receiver there saw gaps", p.addr, p.naks)
	}
	if p.restarts > 0 {
		note("%s restarted its probe during the run (%d restarts); counts are from its last run", p.addr, p.restarts)
	}
	s.judgeWindows(&pr, fail)
	return pr
}

// judgeLoss fails a quick run whose PGM or UDP multicast lost more than
// lossLimit either way, and one that saw too few ticks to tell: a pass
// must rest on enough packets. Everything arrived at least once here.
func (s *session) judgeLoss(p *peer, fail, note func(string, ...any)) {
	min := uint32(s.cfg.MinTicks)
	for _, d := range []struct {
		way           string
		got, expect   Counts
		sampledEnough bool
	}{
		{"from " + p.addr.String() + " to this host", p.heard, p.expected(), p.expected().Unicast >= min},
		{"from this host to " + p.addr.String(), p.reported, p.reportedExpected, p.reportedExpected.Unicast >= min},
	} {
		if !d.sampledEnough {
			fail("only %d ticks were exchanged %s, fewer than the %d a quick run needs to tell loss from noise: run again, or soak with --duration", d.expect.Unicast, d.way, min)
			continue
		}
		pgmLoss := lossPct(d.expect.ODATA, d.got.ODATA)
		mcLoss := lossPct(d.expect.Multicast, d.got.Multicast)
		switch {
		case pgmLoss > lossLimit && mcLoss <= lossLimit:
			fail("PGM is lost %s: %d of %d ODATA arrived (%.0f%% lost) while UDP multicast to the same group arrives (%d of %d): something drops part of IP protocol 113 (a policer or rate limit on it, or an ACL matching some of it)",
				d.way, d.got.ODATA, d.expect.ODATA, pgmLoss, d.got.Multicast, d.expect.Multicast)
		case pgmLoss > lossLimit:
			fail("multicast is lost %s: PGM %.0f%% (%d of %d ODATA arrived), UDP multicast %.0f%%, while unicast arrives: the path drops multicast (storm control, a congested link, memberships that come and go)",
				d.way, pgmLoss, d.got.ODATA, d.expect.ODATA, mcLoss)
		case mcLoss > lossLimit:
			note("UDP multicast is lost %s (%.0f%%) while PGM arrives: a firewall or policer on UDP port %d; PGM, which the cluster uses, passes", d.way, mcLoss, s.cfg.Port)
		case pgmLoss > 0:
			note("PGM lost %.0f%% %s (%d of %d ODATA arrived): within what a quick run takes for noise; soak with --duration to measure", pgmLoss, d.way, d.got.ODATA, d.expect.ODATA)
		}
	}
}

// judgeWindows fails a soak where a window lost more than lossLimit, and
// names the classic pattern: multicast that stops while unicast goes on.
func (s *session) judgeWindows(pr *PeerResult, fail func(string, ...any)) {
	for i, w := range pr.Windows {
		if w.Silent && i > 0 && windowsHeard(pr.Windows[:i]) {
			fail("nothing at all arrived from %s in %s–%s, not even unicast: its probe stopped without saying so, or the path went down", pr.Address, w.Start, w.End)
			return
		}
		if w.Expected == 0 || w.Silent || (i == 0 && w.PGMLoss < 100 && w.MulticastLoss < 100) {
			// The first window includes the time before the peer joined
			// (omping discounts it the same way), unless nothing came.
			continue
		}
		if w.PGMLoss <= lossLimit && w.MulticastLoss <= lossLimit {
			continue
		}
		// Multicast that stops rarely stops on a window's edge: the window
		// it stops in loses part, the next all of it. Either way, with
		// unicast going on, it is the membership that was forgotten.
		if i > 0 && windowsDelivered(pr.Windows[:i]) && w.UnicastLoss < 100 && slices.ContainsFunc(pr.Windows[i:], stopped) {
			when := "at " + w.Start.String()
			if !stopped(w) {
				when = fmt.Sprintf("between %s and %s", w.Start, w.End)
			}
			fail("multicast from %s stopped %s into the run while unicast went on: the switch forgot the membership, which is what happens without a querier (membership interval ~260 s)", pr.Address, when)
			return
		}
		fail("from %s, %s–%s: PGM lost %.0f%%, UDP multicast lost %.0f%%, unicast lost %.0f%%", pr.Address, w.Start, w.End, w.PGMLoss, w.MulticastLoss, w.UnicastLoss)
		return
	}
}

// stopped: a window in which all multicast was lost and unicast was not.
func stopped(w Window) bool {
	return !w.Silent && w.Expected > 0 && w.PGMLoss == 100 && w.MulticastLoss == 100 && w.UnicastLoss < 100
}

func windowsHeard(ws []Window) bool {
	return slices.ContainsFunc(ws, func(w Window) bool { return w.Received != (Counts{}) })
}

func windowsDelivered(ws []Window) bool {
	return slices.ContainsFunc(ws, func(w Window) bool { return w.Received.ODATA > 0 || w.Received.Multicast > 0 })
}

// ways names the directions in which something was lost, or "" when none.
func ways(lostIn, lostOut bool, peer fmt.Stringer) string {
	switch {
	case lostIn && lostOut:
		return "both ways between this host and " + peer.String()
	case lostIn:
		return "from " + peer.String() + " to this host"
	case lostOut:
		return "from this host to " + peer.String()
	}
	return ""
}
