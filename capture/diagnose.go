package capture

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// The thresholds of the diagnosis. Queries come every 125 s by default
// (RFC 3376 §8.2) and memberships last 260 s (§8.4); verify waits 130 s
// for a query before it says there is none.
const (
	defaultQueryInterval = 125 * time.Second
	noQuerierAfter       = 130 * time.Second
	// Queries have stopped when none came for this many intervals.
	queriesStopAfter = 2.5
	// A source has stopped when it was silent this many times its longest
	// silence before, and at least minSilence.
	stopFactor = 3
	minSilence = 5 * time.Second
	// A NAK storm: one receiver, this many NAKs, at this rate or more.
	stormNAKs = 50
	stormRate = 5.0 // per second
	// Unrepaired loss above this share of a session's data is a problem;
	// below it, a note.
	lossLimit = 0.01
)

// noise reports whether g is a group the diagnosis ignores unless asked:
// link-local groups (never snooped), and the SSDP and SLP groups every
// Windows host joins.
func noise(g netip.Addr) bool {
	b := g.As4()
	return (b[0] == 224 && b[1] == 0 && b[2] == 0) || g == ssdp || g == slp
}

var (
	ssdp = netip.AddrFrom4([4]byte{239, 255, 255, 250})
	slp  = netip.AddrFrom4([4]byte{239, 255, 255, 253})
)

// host tells which node the capture was taken on: the one it was told, the
// sender of what a Linux cooked capture marks outgoing, the address in
// nearly every unicast packet, or the only host that reports membership
// (with snooping, a node hears no other node's reports).
func (a *analysis) host() (netip.Addr, string) {
	if a.o.Host.IsValid() {
		return a.o.Host, "--host"
	}
	if h, n := top(a.outgoing); n > 0 {
		return h, "the packets the capture marks as sent"
	}
	var members []netip.Addr
	for _, m := range slices.SortedFunc(maps.Keys(a.members), netip.Addr.Compare) {
		if m.IsValid() && !m.IsUnspecified() {
			members = append(members, m)
		}
	}
	// Between two hosts, both are in every unicast packet: of those, the
	// one whose own reports the capture holds.
	if a.unicastTotal >= 3 {
		var in []netip.Addr
		for h, n := range a.unicast {
			if n*10 >= a.unicastTotal*9 {
				in = append(in, h)
			}
		}
		if len(in) == 1 {
			return in[0], fmt.Sprintf("the address in %d of its %d unicast packets", a.unicast[in[0]], a.unicastTotal)
		}
		var both []netip.Addr
		for _, h := range in {
			if slices.Contains(members, h) {
				both = append(both, h)
			}
		}
		if len(both) == 1 {
			return both[0], "the one host both in its unicast packets and reporting IGMP membership"
		}
	}
	if len(members) == 1 {
		return members[0], "the only host whose IGMP reports it holds"
	}
	return netip.Addr{}, ""
}

// top returns the address counted most, the lowest on a tie.
func top(counts map[netip.Addr]int) (netip.Addr, int) {
	var best netip.Addr
	n := 0
	for _, a := range slices.SortedFunc(maps.Keys(counts), netip.Addr.Compare) {
		if counts[a] > n {
			best, n = a, counts[a]
		}
	}
	return best, n
}

// source is what one PGM source did, over all its sessions (a restarted
// application starts a new one).
type source struct {
	addr     netip.Addr
	groups   []netip.Addr
	first    time.Time
	last     time.Time
	maxGap   time.Duration
	fin      bool
	sessions []*Session
}

// diagnose writes r's diagnosis: what went wrong, when, and why, in the
// words verify uses.
func diagnose(r *Report, o Options) {
	d := &diagnosis{r: r}
	if len(r.Sessions) == 0 && len(r.Queriers) == 0 && len(r.Members) == 0 {
		d.problem(r.Start, "the capture holds no PGM and no IGMP (%d packets, %d IPv4): it was taken on another interface, or a capture filter left them out; capture on the cluster's interface without a filter, or with \"ip proto 113 or igmp or udp\"", r.Packets, r.IPv4)
		d.quality()
		return
	}
	d.sources = sources(r.Sessions)
	d.querier()
	for _, s := range d.sources {
		if s.addr != r.Host {
			d.received(s)
		}
		for _, ss := range s.sessions {
			d.naks(s, ss) // NAKs go to the source: a capture there sees them
		}
	}
	d.silent(o)
	d.quality()
}

type diagnosis struct {
	r       *Report
	sources []*source
	// explained: sources whose stop the querier's end explains.
	explained map[netip.Addr]bool
}

func (d *diagnosis) problem(at time.Time, format string, a ...any) {
	d.r.Diagnosis = append(d.r.Diagnosis, Finding{At: at, Problem: true, Text: fmt.Sprintf(format, a...)})
}

func (d *diagnosis) note(at time.Time, format string, a ...any) {
	d.r.Diagnosis = append(d.r.Diagnosis, Finding{At: at, Text: fmt.Sprintf(format, a...)})
}

func sources(sessions []Session) []*source {
	by := map[netip.Addr]*source{}
	var out []*source
	for i := range sessions {
		s := &sessions[i]
		if !s.Source.IsValid() { // only NAKs or NCFs: the source itself was never heard
			continue
		}
		src := by[s.Source]
		if src == nil {
			src = &source{addr: s.Source, first: s.First}
			by[s.Source] = src
			out = append(out, src)
		}
		src.sessions = append(src.sessions, s)
		if !slices.Contains(src.groups, s.Group) {
			src.groups = append(src.groups, s.Group)
		}
		src.first = minTime(src.first, s.First)
		if s.lastDown.After(src.last) {
			src.last, src.fin = s.lastDown, s.FIN
		}
		src.maxGap = max(src.maxGap, s.maxGap)
	}
	return out
}

// stopped reports whether s fell silent before the capture ended, and
// for how long.
func (d *diagnosis) stopped(s *source) (bool, time.Duration) {
	silence := d.r.End.Sub(s.last)
	return silence > max(minSilence, stopFactor*s.maxGap), silence
}

// querier judges the queriers: none, one that stops, several.
func (d *diagnosis) querier() {
	r := d.r
	span := r.End.Sub(r.Start)
	var last *Querier
	general := 0
	for i := range r.Queriers {
		q := &r.Queriers[i]
		general += q.General
		if q.General > 0 && (last == nil || q.LastGeneral.After(last.LastGeneral)) {
			last = q
		}
	}
	if last == nil {
		if span >= noQuerierAfter {
			d.problem(r.Start, "no IGMP general query in %s of capture: there is no querier in this VLAN; on switches with IGMP snooping, multicast stops about 260 s after a host's last report because nothing asks for the next one (mcaudit audit: igmp-querier-missing; mcaudit remediate adds one)", dur(span))
		} else {
			d.note(r.Start, "no IGMP general query in %s of capture: too short to tell whether a querier exists (one queries every 125 s by default); capture for %s or more", dur(span), dur(noQuerierAfter))
		}
		return
	}
	interval, how := time.Duration(last.Interval), "measured"
	if interval == 0 {
		interval, how = time.Duration(last.Stated), "stated in its queries"
	}
	if interval == 0 {
		interval, how = defaultQueryInterval, "the default"
	}
	since := r.End.Sub(last.LastGeneral)
	if since > time.Duration(queriesStopAfter*float64(interval)) {
		d.querierStopped(last, interval, how, since)
	}
	var active []string
	for _, q := range r.Queriers {
		if q.General >= 3 {
			active = append(active, q.Address.String())
		}
	}
	if len(active) > 1 {
		d.note(r.Queriers[0].First, "%d queriers send general queries: %s; IGMP elects one (the lowest address), so they do not hear each other's queries (a filter, or different VLANs on one segment)", len(active), strings.Join(active, ", "))
	}
	if last.Interval > 0 && last.Stated > 0 {
		m, s := time.Duration(last.Interval), time.Duration(last.Stated)
		if m > s*3/2 || m < s*2/3 {
			d.note(last.First, "querier %s states a %s query interval but queries every %s", last.Address, dur(s), dur(m))
		}
	}
}

// querierStopped is the classic failure: queries stop, and the sources the
// capture hears stop once the switches age the group out.
func (d *diagnosis) querierStopped(q *Querier, interval time.Duration, how string, since time.Duration) {
	at := q.LastGeneral
	var after []string
	d.explained = map[netip.Addr]bool{}
	for _, s := range d.sources {
		if s.addr == d.r.Host || !s.last.After(at) || s.fin {
			continue
		}
		if stop, _ := d.stopped(s); stop {
			after = append(after, fmt.Sprintf("PGM from %s stops %s later", s.addr, dur(s.last.Sub(at))))
			d.explained[s.addr] = true
		}
	}
	head := fmt.Sprintf("general queries from %s stop at %s (every %s before, %s; none in the %s after)", q.Address, clock(at), dur(interval), how, dur(since))
	if len(after) > 0 {
		d.problem(at, "%s; %s: the switches aged the group out — no querier", head, strings.Join(after, "; "))
		return
	}
	d.problem(at, "%s: no querier since then; on switches with IGMP snooping, multicast stops about 260 s after the last query", head)
}

// received judges what arrived from one source: data, loss, repairs,
// NAKs, and whether it stopped.
func (d *diagnosis) received(s *source) {
	for _, ss := range s.sessions {
		switch data := ss.ODATA + ss.RDATA; {
		case data == 0 && ss.SPM > 0 && ss.LeadMoved:
			d.problem(ss.First, "PGM SPMs arrive from %s but no ODATA: its SPMs say it sent data up to sequence %d (session %s), none of which arrived: something on the path drops PGM data packets but not SPMs (their size: the MTU; or a filter on packet length)", s.addr, ss.Lead, ss.TSI)
		case data == 0 && ss.SPM > 0:
			d.note(ss.First, "PGM SPMs arrive from %s but no ODATA: its SPMs say it sent nothing new during the capture (session %s idle)", s.addr, ss.TSI)
		case ss.ODATA > 0 && ss.SPM == 0:
			d.note(ss.First, "PGM data from %s arrives but its SPMs (sent with IP Router Alert) do not: something drops packets with IP options; PGM repairs need SPMs", s.addr)
		}
		if lost := ss.Missing - ss.Repaired; lost > 0 {
			share := float64(lost) / float64(ss.ODATA+ss.Missing)
			text := fmt.Sprintf("%d of %d ODATA from %s never arrived and were not repaired (%.1f%%, session %s): loss on the path, or packets the capture itself dropped (check the capture tool's drop count)", lost, ss.ODATA+ss.Missing, s.addr, 100*share, ss.TSI)
			if share > lossLimit {
				d.problem(ss.First, "%s", text)
			} else {
				d.note(ss.First, "%s", text)
			}
		}
		if ss.Repaired > 0 {
			d.note(ss.First, "%d ODATA from %s were lost and repaired by RDATA (session %s)", ss.Repaired, s.addr, ss.TSI)
		}
	}
	if stop, silence := d.stopped(s); stop && !d.explained[s.addr] {
		switch {
		case s.fin:
			d.note(s.last, "%s closed its PGM session at %s (FIN): the application stopped there", s.addr, clock(s.last))
		case len(d.r.Queriers) == 0:
			d.problem(s.last, "PGM from %s stops at %s (nothing in the %s after) and no IGMP query was heard in the whole capture: the switches aged the group out — no querier (or the sender stopped)", s.addr, clock(s.last), dur(silence))
		default:
			d.note(s.last, "PGM from %s stops at %s (nothing in the %s after) while the querier goes on: the sender stopped, or its path did", s.addr, clock(s.last), dur(silence))
		}
	}
}

// naks reports a storm: one receiver asking again and again.
func (d *diagnosis) naks(s *source, ss *Session) {
	for _, who := range slices.SortedFunc(maps.Keys(ss.nakers), netip.Addr.Compare) {
		n := ss.nakers[who]
		span := n.last.Sub(n.first)
		rate := float64(n.count) / max(span.Seconds(), 1)
		if n.count >= stormNAKs && rate >= stormRate {
			d.problem(n.first, "NAK storm from %s: %d NAKs for %s's session in %s (%.0f/s): %s keeps missing data — loss on its path, or a receiver too slow to keep up", who, n.count, s.addr, dur(span), rate, who)
		}
	}
	if ss.NAK >= 3 && ss.NCF == 0 {
		d.note(ss.First, "%d NAKs for %s's session and no NCF: the NAKs do not reach %s, or its confirmations do not come back", ss.NAK, s.addr, s.addr)
	}
}

// silent finds who should send PGM and does not: a host that joins the
// group or sends it UDP but no PGM, and a node that joined and hears
// nobody.
func (d *diagnosis) silent(o Options) {
	r := d.r
	groups := d.groups(o)
	sends := map[netip.Addr]map[netip.Addr]bool{} // group → sources
	for _, s := range d.sources {
		for _, g := range s.groups {
			if sends[g] == nil {
				sends[g] = map[netip.Addr]bool{}
			}
			sends[g][s.addr] = true
		}
	}
	for _, g := range groups {
		type life struct {
			at    time.Time
			how   string
			group bool // traffic to the group itself: the switches deliver it
		}
		alive := map[netip.Addr]life{}
		var reporters []string // silent reporters, when this host is not known
		for _, m := range r.Members {
			if !slices.Contains(m.Groups, g) || !m.Address.IsValid() || m.Address.IsUnspecified() {
				continue
			}
			// This host's own reports are in its capture: until it is
			// known, a reporter that sends no PGM may be this host.
			if r.Host.IsValid() {
				alive[m.Address] = life{m.First, "its IGMP reports for " + g.String() + " arrive", false}
			} else if !sends[g][m.Address] {
				reporters = append(reporters, m.Address.String())
			}
		}
		if len(reporters) > 0 {
			d.note(r.Start, "%s report %s but send no PGM to it; one may be the host the capture was taken on: pass --host to judge the others", strings.Join(reporters, ", "), g)
		}
		for _, u := range r.UDP {
			if u.Group == g {
				alive[u.Source] = life{u.First, fmt.Sprintf("its UDP to %s arrives (%d datagrams)", g, u.Count), true}
			}
		}
		others := 0
		for src := range sends[g] {
			if src != r.Host {
				others++
			}
		}
		// The switches deliver the group here if anything sent to it
		// arrives from elsewhere, or a querier keeps their snooping
		// state: then a host heard but not in PGM has its protocol 113
		// dropped. IGMP reports go to link-local groups, delivered
		// whatever the snooping state, so alone they do not show it.
		delivered := others > 0 || len(r.Queriers) > 0
		flagged := false
		for _, h := range slices.SortedFunc(maps.Keys(alive), netip.Addr.Compare) {
			if h == r.Host || sends[g][h] {
				continue
			}
			l := alive[h]
			flagged = true
			if l.group || delivered {
				d.problem(l.at, "no PGM from %s at all while %s: protocol 113 filtered between %s and this host (an ACL or firewall), or no PGM application runs there", h, l.how, h)
				continue
			}
			d.problem(l.at, "no PGM from %s at all while %s, and no IGMP query was heard: protocol 113 is filtered between %s and this host, or the switches deliver nothing to %s because IGMP snooping has no querier", h, l.how, h, g)
		}
		joined, ok := alive[r.Host]
		switch {
		case others > 0 || flagged:
		case !ok || !r.Host.IsValid():
		case len(r.Queriers) == 0:
			d.problem(joined.at, "this host (%s) joined %s at %s, but no PGM from any other host arrives in the %s after, and no IGMP query was heard: with IGMP snooping and no querier the switches deliver nothing to the group — no querier (or no other node sends)", r.Host, g, clock(joined.at), dur(r.End.Sub(joined.at)))
		default:
			d.problem(joined.at, "this host (%s) joined %s at %s, but no PGM from any other host arrives in the %s after, while the querier answers: no other node sends to %s, or protocol 113 is filtered on the way here", r.Host, g, clock(joined.at), dur(r.End.Sub(joined.at)), g)
		}
	}
}

// groups are the groups judged: the one asked for, or every group PGM is
// sent to or hosts join, less the noise every network has.
func (d *diagnosis) groups(o Options) []netip.Addr {
	if o.Group.IsValid() {
		return []netip.Addr{o.Group}
	}
	set := map[netip.Addr]bool{}
	for _, s := range d.sources {
		for _, g := range s.groups {
			set[g] = true
		}
	}
	for _, m := range d.r.Members {
		for _, g := range m.Groups {
			if !noise(g) {
				set[g] = true
			}
		}
	}
	for _, u := range d.r.UDP {
		if len(set) > 0 && !set[u.Group] {
			continue // UDP to a group nobody uses for PGM or joins says nothing
		}
		set[u.Group] = true
	}
	return slices.SortedFunc(maps.Keys(set), netip.Addr.Compare)
}

// quality notes what limits the reading: invalid, cut and fragmented
// packets.
func (d *diagnosis) quality() {
	r := d.r
	if len(r.Invalid) > 0 {
		var reasons []string
		for _, k := range slices.Sorted(maps.Keys(r.Invalid)) {
			reasons = append(reasons, fmt.Sprintf("%s ×%d", k, r.Invalid[k]))
		}
		d.problem(r.Start, "packets failed validation: %s", strings.Join(reasons, ", "))
	}
	if r.Cut > 0 {
		d.note(r.Start, "%d packets were cut short by the capture's snap length: their PGM and IGMP headers were read, their checksums and data could not be checked", r.Cut)
	}
	if r.Fragments > 0 {
		d.note(r.Start, "%d IPv4 fragments were not read (PGM and IGMP messages are never fragmented)", r.Fragments)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// clock is a moment as the diagnosis says it: UTC, to the second.
func clock(t time.Time) string { return t.UTC().Format("15:04:05") }

// dur is a duration as the diagnosis says it: whole seconds from 10 s up.
func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d >= time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	default:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
}
