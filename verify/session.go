package verify

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/mcaudit/mcaudit/verify/igmp"
	"github.com/mcaudit/mcaudit/verify/pgm"
)

// session is the probe without its sockets: it turns received bytes into
// counts and the clock into packets to send, and judges the result. Run
// feeds it from the sockets; tests and benchmarks feed it directly. Every
// method takes the time, so nothing in it reads a clock.
type session struct {
	cfg   Config
	run   uint64
	tsi   pgm.TSI
	start time.Time
	tick  uint32 // ticks sent so far
	spm   uint32 // SPMs sent so far: their own sequence space

	peers []*peer
	byIP  map[netip.Addr]*peer

	queriers queriers
	// floodMeasured: this host can see multicast it has not joined (a
	// packet socket on Linux), so canaries tell whether the switch floods.
	floodMeasured bool
	// igmpBlind: the OS may keep IGMP from raw sockets, so hearing no
	// query proves nothing.
	igmpBlind bool

	settledAt time.Time // when every peer was settled: records say Done from then on
	verdictAt time.Time // when the querier was settled too
	winStart  time.Time // the soak's current window
}

// peer is what one host knows about another.
type peer struct {
	addr netip.Addr
	run  uint64
	tsi  pgm.TSI

	heard    Counts // received from the peer
	reported Counts // what the peer says it received from us
	invalid  map[string]int
	naks     int
	restarts int
	// spmPending counts SPMs by TSI until the peer's ODATA names its own.
	spmPending map[pgm.TSI]uint32

	first     [KindCanary + 1]time.Time // first arrival per kind
	firstTick [KindCanary + 1]uint32    // the tick of that first arrival
	seen      [KindCanary + 1]tickSet   // ticks received per kind, to refuse a second copy
	maxTick   uint32
	// reportedExpected is the peer's count of what it expected of us;
	// reports come in the peer's unicast, and must never go backwards.
	reportedExpected Counts
	reportTick       uint32 // the tick of the report taken
	lastSeen         time.Time
	peerDone         bool
	peerFinal        bool

	// The soak's current window: counts since it began, and the first
	// tick it expects.
	win      Counts
	winTick  uint32
	winTicks bool // winTick is set
	windows  []Window
}

func newSession(cfg Config, run uint64, gsi [6]byte, sport uint16, now time.Time) *session {
	s := &session{
		cfg:   cfg,
		run:   run,
		tsi:   pgm.TSI{GSI: gsi, SourcePort: sport},
		start: now,
		byIP:  map[netip.Addr]*peer{},
	}
	s.queriers.start = now
	s.winStart = now
	for _, a := range cfg.Peers {
		p := &peer{addr: a, invalid: map[string]int{}}
		s.peers = append(s.peers, p)
		s.byIP[a] = p
	}
	return s
}

// Outgoing is one tick's packets.
type Outgoing struct {
	SPM       []byte // PGM SPM, sent with IP Router Alert where the OS allows; nil on most ticks
	ODATA     []byte // PGM ODATA carrying a KindPGM record
	Multicast []byte // UDP payload for group:port
	Canary    []byte // UDP payload for the canary group
	Unicast   []Addressed
	Final     bool
}

// Addressed is a UDP payload for one peer.
type Addressed struct {
	To      netip.Addr
	Payload []byte
}

// spmEvery: SPMs go out on the first tick and then every few ticks, as the
// heartbeat of a quiet PGM source would; they only need to prove SPMs pass.
const spmEvery = 3

// next builds the packets of the next tick.
func (s *session) next(now time.Time, final bool) Outgoing {
	sqn := s.tick
	s.tick++
	done := !s.settledAt.IsZero()
	rec := Record{Done: done, Final: final, Run: s.run, Sender: s.cfg.Self, Tick: sqn}
	var out Outgoing
	out.Final = final
	if sqn%spmEvery == 0 || final {
		// Window: trail 0, lead = the last ODATA sent; before any, empty
		// (trail == lead+1), as RFC 3208 §3.3 has a new source advertise.
		out.SPM = pgm.AppendSPM(nil, s.tsi, s.cfg.Port, s.spm, 0, sqn-1, s.cfg.Self)
		s.spm++
	}
	rec.Kind = KindPGM
	out.ODATA = pgm.AppendODATA(nil, s.tsi, s.cfg.Port, sqn, 0, AppendRecord(nil, rec))
	rec.Kind = KindMulticast
	out.Multicast = AppendRecord(nil, rec)
	rec.Kind = KindCanary
	out.Canary = AppendRecord(nil, rec)
	rec.Kind = KindUnicast
	for _, p := range s.peers {
		r := rec
		r.Heard, r.Expected, r.Echo = p.heard, p.expected(), p.run
		out.Unicast = append(out.Unicast, Addressed{To: p.addr, Payload: AppendRecord(nil, r)})
	}
	return out
}

// expected is how many of each kind this host expected from p: the ticks
// since that kind first arrived. PGM travels the group's path as UDP
// multicast does, so it is expected from whichever arrived first: PGM that
// gets through only now and then does not start its own count late.
func (p *peer) expected() Counts {
	from := func(k Kind) (uint32, bool) { return p.firstTick[k], !p.first[k].IsZero() }
	n := func(t uint32, ok bool) uint32 {
		if !ok || p.maxTick < t {
			return 0
		}
		return p.maxTick - t + 1
	}
	pt, pok := from(KindPGM)
	if mt, mok := from(KindMulticast); mok && pok && mt < pt {
		pt = mt
	}
	return Counts{ODATA: n(pt, pok), Multicast: n(from(KindMulticast)), Unicast: n(from(KindUnicast))}
}

// tickSet remembers which of the last tickWindow ticks of one kind have
// arrived: a second record for one tick is a copy, made by the network or
// by a host sending in the peer's name. The bits are a ring indexed by
// tick; ticks leaving the window are cleared as it moves up.
type tickSet struct {
	base uint32 // the lowest tick the window covers
	bits [tickWindow / 64]uint64
}

const tickWindow = 4096

// add records tick t and reports whether it was new. Ticks older than the
// window are taken as new: a copy that late proves nothing.
func (ts *tickSet) add(t uint32) bool {
	if t < ts.base {
		return true
	}
	if t >= ts.base+tickWindow {
		newBase := t - tickWindow + 1
		if newBase-ts.base >= tickWindow {
			ts.bits = [tickWindow / 64]uint64{}
		} else {
			for old := ts.base; old != newBase; old++ {
				i := old % tickWindow
				ts.bits[i/64] &^= 1 << (i % 64)
			}
		}
		ts.base = newBase
	}
	i := t % tickWindow
	w, b := i/64, uint64(1)<<(i%64)
	if ts.bits[w]&b != 0 {
		return false
	}
	ts.bits[w] |= b
	return true
}

// onPGM takes a packet from the raw IP protocol 113 socket. The socket sees
// every PGM packet the host accepts, the cluster's own sessions included,
// so only packets from a peer to our data-destination port are ours.
func (s *session) onPGM(src netip.Addr, b []byte, now time.Time) {
	p := s.byIP[src]
	if p == nil || len(b) < 4 {
		return
	}
	// Downstream packets go to the data-destination port; a NAK comes
	// back with the ports swapped (RFC 3208 §8.3, OpenPGM's send_nak).
	sport, dport := binary.BigEndian.Uint16(b[0:2]), binary.BigEndian.Uint16(b[2:4])
	upstream := sport == s.cfg.Port && dport == s.tsi.SourcePort
	if dport != s.cfg.Port && !upstream {
		return
	}
	pk, err := pgm.Decode(b)
	if err != nil {
		p.invalid[dropReason(err)]++
		return
	}
	if dport != s.cfg.Port && pk.Type != pgm.NAK && pk.Type != pgm.NNAK {
		return // only NAKs come upstream
	}
	switch pk.Type {
	case pgm.SPM:
		// An SPM carries no probe record, so it is the peer's probe only
		// if its TSI is the one the peer's ODATA carries; until that is
		// known it waits, as the cluster's own sessions may share the
		// group and port.
		if p.tsi == (pgm.TSI{}) {
			if p.spmPending == nil {
				p.spmPending = map[pgm.TSI]uint32{}
			}
			if len(p.spmPending) < 16 {
				p.spmPending[pk.TSI]++
			}
			return
		}
		if pk.TSI != p.tsi {
			return
		}
		p.heard.SPM++
		p.win.SPM++
		p.arrived(KindPGM, 0, now, false)
	case pgm.ODATA:
		r, err := ParseRecord(pk.Data)
		if errors.Is(err, errNotRecord) {
			return // the cluster's own PGM, or another program's
		}
		if err != nil || r.Kind != KindPGM || r.Sender != src {
			p.invalid["ODATA payload is not a valid probe record"]++
			return
		}
		if r.Tick != pk.SQN {
			p.invalid["ODATA sequence number differs from the record's tick"]++
			return
		}
		s.newRun(p, r.Run)
		if !s.sameSession(p, pk.TSI) || !p.fresh(KindPGM, r.Tick) {
			return
		}
		if n := p.spmPending[pk.TSI]; n > 0 {
			p.heard.SPM += n
			p.win.SPM += n
		}
		p.spmPending = nil
		p.heard.ODATA++
		p.win.ODATA++
		p.arrived(KindPGM, r.Tick, now, true)
		p.noteFlags(r)
	case pgm.NAK, pgm.NNAK:
		if !upstream || pk.TSI.GSI != s.tsi.GSI { // Decode reads the swapped sport into TSI.SourcePort
			return
		}
		// A non-passive PGM receiver on the peer asks for a repair: not
		// ours to answer, but worth knowing.
		p.naks++
	}
}

// sameSession pins a peer's TSI from its first ODATA. A different TSI in
// a record of the same run is a broken probe.
func (s *session) sameSession(p *peer, tsi pgm.TSI) bool {
	if p.tsi == (pgm.TSI{}) {
		p.tsi = tsi
		return true
	}
	if p.tsi != tsi {
		p.invalid["PGM TSI changed within a run"]++
		return false
	}
	return true
}

// newRun notices a peer that restarted: its counts start again.
func (s *session) newRun(p *peer, run uint64) {
	if p.run == run {
		return
	}
	if p.run != 0 {
		p.restarts++
		*p = peer{addr: p.addr, run: run, invalid: p.invalid, restarts: p.restarts, windows: p.windows}
		return
	}
	p.run = run
}

// onUDP takes a datagram from the UDP socket. dst is the packet's
// destination where the OS tells it (not on Windows); the record's kind
// says what the sender meant it to be.
func (s *session) onUDP(src netip.Addr, dst netip.Addr, b []byte, now time.Time) {
	p := s.byIP[src]
	if p == nil {
		return
	}
	r, err := ParseRecord(b)
	if errors.Is(err, errNotRecord) {
		return
	}
	if err != nil {
		p.invalid[err.Error()]++
		return
	}
	if r.Sender != src {
		p.invalid["record sender differs from the IP source (NAT in the path?)"]++
		return
	}
	switch {
	case r.Kind == KindMulticast && (!dst.IsValid() || dst == s.cfg.Group):
		s.newRun(p, r.Run)
		if !p.fresh(KindMulticast, r.Tick) {
			return
		}
		p.heard.Multicast++
		p.win.Multicast++
		p.arrived(KindMulticast, r.Tick, now, true)
	case r.Kind == KindUnicast && (!dst.IsValid() || dst == s.cfg.Self):
		s.newRun(p, r.Run)
		if why := s.checkReport(p, r); why != "" {
			p.invalid[why]++
			return
		}
		if !p.fresh(KindUnicast, r.Tick) {
			return
		}
		p.heard.Unicast++
		p.win.Unicast++
		if r.Tick >= p.reportTick {
			// A report that arrives after a later one is older news.
			p.reported, p.reportedExpected, p.reportTick = r.Heard, r.Expected, r.Tick
		}
		p.arrived(KindUnicast, r.Tick, now, true)
	default:
		return
	}
	p.noteFlags(r)
}

// fresh records that tick t of kind k arrived and reports whether it is
// the first copy. A second copy is counted as invalid, not as traffic: a
// host on the VLAN sending records in the peer's name cannot add to its
// counts by repeating its ticks.
func (p *peer) fresh(k Kind, t uint32) bool {
	if p.seen[k].add(t) {
		return true
	}
	p.invalid[k.String()+" record for a tick already received (a copy: another host sends in this peer's name, or the network duplicates packets)"]++
	return false
}

// checkReport says why a peer's report on this host cannot be true, or
// "". An honest peer never reports more of this host's packets than this
// host sent, nor more received than it expected, never goes backwards
// within a run, and names this host's run as it heard it.
func (s *session) checkReport(p *peer, r Record) string {
	h, e := r.Heard, r.Expected
	switch {
	case r.Echo != 0 && r.Echo != s.run:
		return "report on another run of this host (stale, or sent by another host in this peer's name)"
	case r.Echo == 0 && h != (Counts{}):
		return "report with counts but without this host's run"
	case max(h.ODATA, h.Multicast, h.Unicast, h.SPM, e.ODATA, e.Multicast, e.Unicast) > s.tick:
		return "report claims more of this host's packets than it sent"
	case h.ODATA > e.ODATA || h.Multicast > e.Multicast || h.Unicast > e.Unicast:
		return "report claims more packets received than expected"
	case r.Tick > p.reportTick && (h.ODATA < p.reported.ODATA || h.Multicast < p.reported.Multicast ||
		h.Unicast < p.reported.Unicast || h.SPM < p.reported.SPM || e.ODATA < p.reportedExpected.ODATA ||
		e.Multicast < p.reportedExpected.Multicast || e.Unicast < p.reportedExpected.Unicast):
		return "reports went backwards within a run"
	}
	return ""
}

// offInterface counts a packet in a peer's name that arrived on another
// interface than the cluster's.
func (s *session) offInterface(src netip.Addr) {
	if p := s.byIP[src]; p != nil {
		p.invalid["packet arrived on another interface than the cluster VLAN's"]++
	}
}

// onCanary takes a datagram to the canary group, seen without joining it.
func (s *session) onCanary(src netip.Addr, b []byte, now time.Time) {
	p := s.byIP[src]
	if p == nil {
		return
	}
	if r, err := ParseRecord(b); err == nil && r.Kind == KindCanary && r.Sender == src {
		p.heard.Canary++
		p.arrived(KindCanary, r.Tick, now, false)
	}
}

// onIGMP takes a message from the raw IGMP socket.
func (s *session) onIGMP(src netip.Addr, b []byte, now time.Time) {
	m, err := igmp.Decode(b)
	if err != nil {
		return
	}
	s.queriers.observe(src, m, now)
}

func (p *peer) arrived(k Kind, tick uint32, now time.Time, ticked bool) {
	if p.first[k].IsZero() {
		p.first[k], p.firstTick[k] = now, tick
	}
	p.lastSeen = now
	if !ticked {
		return
	}
	if !p.winTicks {
		p.winTick, p.winTicks = tick, true
	}
	if tick > p.maxTick {
		p.maxTick = tick
	}
}

func (p *peer) noteFlags(r Record) {
	p.peerDone = p.peerDone || r.Done
	p.peerFinal = p.peerFinal || r.Final
}

// dropReason names a decode error for the report.
func dropReason(err error) string {
	for _, e := range []error{pgm.ErrChecksum, pgm.ErrNoChecksum, pgm.ErrTSDU, pgm.ErrTruncated,
		pgm.ErrVersion, pgm.ErrType, pgm.ErrOptions, pgm.ErrAFI, pgm.ErrWindow} {
		if errors.Is(err, e) {
			return "PGM " + e.Error()
		}
	}
	return fmt.Sprintf("PGM %v", err)
}
