package capture

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/mcaudit/mcaudit/verify"
	"github.com/mcaudit/mcaudit/verify/igmp"
	"github.com/mcaudit/mcaudit/verify/pgm"
)

// Version is the version of the JSON form of Report.
const Version = 1

// Report is what a capture shows.
type Report struct {
	Version  int    `json:"version"`
	File     string `json:"file"`
	Format   string `json:"format"`    // pcap or pcapng
	LinkType string `json:"link_type"` // as gopacket names it
	Packets  int    `json:"packets"`   // every frame in the file
	// IPv4 counts the IPv4 packets; Cut those the snap length cut short;
	// Fragments those that were part of a larger datagram.
	IPv4      int       `json:"ipv4"`
	Cut       int       `json:"cut,omitempty"`
	Fragments int       `json:"fragments,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	// Host is the node the capture was taken on, and how that is known;
	// invalid when it cannot be told.
	Host     netip.Addr `json:"host,omitzero"`
	HostFrom string     `json:"host_from,omitempty"`

	Sessions []Session `json:"pgm_sessions"`
	Queriers []Querier `json:"igmp_queriers"`
	Members  []Member  `json:"igmp_members"`
	// UDP counts multicast UDP datagrams per source: what arrives besides
	// PGM tells a filtered protocol from a group the switches do not
	// deliver.
	UDP []UDPSource `json:"udp_multicast"`

	Diagnosis []Finding      `json:"diagnosis"`
	Verdict   verify.Status  `json:"verdict"` // pass: nothing wrong seen
	Invalid   map[string]int `json:"invalid,omitempty"`
}

// Session is one PGM transport session: a source's TSI.
type Session struct {
	TSI      string     `json:"tsi"`
	Source   netip.Addr `json:"source"`
	Group    netip.Addr `json:"group"`
	DestPort uint16     `json:"dport"`
	SPM      int        `json:"spm"`
	ODATA    int        `json:"odata"`
	RDATA    int        `json:"rdata"`
	NAK      int        `json:"nak"` // NAKs for this session, from any receiver
	NCF      int        `json:"ncf"`
	Other    int        `json:"other,omitempty"`
	// Gaps are the jumps in the ODATA sequence; Missing the sequence
	// numbers skipped; Repaired those an RDATA filled in.
	Gaps     int       `json:"gaps"`
	Missing  int       `json:"missing"`
	Repaired int       `json:"repaired"`
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	// LastData is the last ODATA or RDATA; the zero time where none.
	LastData time.Time `json:"last_data,omitzero"`
	// FIN: the source said it closed the session.
	FIN bool `json:"fin,omitempty"`
	// Lead is the last SPM's leading edge: the newest sequence number the
	// source says it sent; LeadMoved that it moved during the capture.
	Lead      uint32 `json:"spm_lead,omitempty"`
	LeadMoved bool   `json:"spm_lead_moved,omitempty"`

	nakers    map[netip.Addr]*naker
	lastDown  time.Time     // the last packet from the source
	maxGap    time.Duration // the longest silence between two of them
	haveLead  bool
	nextSQN   uint32
	haveSQN   bool
	missingAt map[uint32]bool
}

// Querier is an IGMP querier the capture heard.
type Querier struct {
	Address       netip.Addr `json:"address"`
	Version       int        `json:"version"`
	General       int        `json:"general_queries"`
	GroupSpecific int        `json:"group_specific_queries"`
	// Interval is the measured gap between general queries (the median),
	// 0 with fewer than two; Stated is what an IGMPv3 query says (QQIC).
	Interval verify.Duration `json:"interval,omitempty"`
	Stated   verify.Duration `json:"stated_interval,omitempty"`
	// Robustness and MaxResp make the membership interval.
	Robustness  int             `json:"robustness,omitempty"`
	MaxResp     verify.Duration `json:"max_resp,omitempty"`
	First       time.Time       `json:"first"`
	LastGeneral time.Time       `json:"last_general,omitzero"`
	Last        time.Time       `json:"last"`

	generals []time.Time
}

// Member is a host whose IGMP reports the capture saw.
type Member struct {
	Address netip.Addr   `json:"address"`
	Reports int          `json:"reports"`
	Leaves  int          `json:"leaves"`
	Groups  []netip.Addr `json:"groups"`
	First   time.Time    `json:"first"`
	Last    time.Time    `json:"last"`
}

// UDPSource counts one source's UDP to one group.
type UDPSource struct {
	Source netip.Addr `json:"source"`
	Group  netip.Addr `json:"group"`
	Count  int        `json:"count"`
	First  time.Time  `json:"first"`
	Last   time.Time  `json:"last"`
}

// Finding is one line of the diagnosis, at the moment it starts.
type Finding struct {
	At      time.Time `json:"at"`
	Problem bool      `json:"problem"` // false: a note
	Text    string    `json:"text"`
}

// Options narrow what is judged.
type Options struct {
	// Group is the cluster's group; zero: every group PGM is sent to.
	Group netip.Addr
	// Host is the node the capture was taken on; zero: told from the
	// capture where it can be.
	Host netip.Addr
}

// naker is one receiver's NAKs for a session.
type naker struct {
	count       int
	first, last time.Time
}

// udpKey is one source's UDP to one group.
type udpKey struct{ src, group netip.Addr }

// Read reads a capture from r (name is how errors cite it) and explains it.
func Read(name string, r io.Reader, o Options) (*Report, error) {
	src, format, err := open(name, r)
	if err != nil {
		return nil, err
	}
	rep := &Report{Version: Version, File: name, Format: format, LinkType: src.LinkType().String(), Invalid: map[string]int{}}
	a := newAnalysis(rep, o)
	dec := newDecoder(src.LinkType())
	for {
		data, ci, err := src.ZeroCopyReadPacketData() // nothing keeps a packet past its turn
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if rep.Packets == 0 {
				return nil, fmt.Errorf("%s: %v: %w", name, err, ErrNotCapture)
			}
			// A file cut off mid-packet (a capture still being written, a
			// copy stopped short) is read up to the cut, and says so.
			a.finding(rep.End, false, fmt.Sprintf("the file ends inside packet %d (%v): read up to there", rep.Packets+1, err))
			break
		}
		rep.Packets++
		if rep.Start.IsZero() || ci.Timestamp.Before(rep.Start) {
			rep.Start = ci.Timestamp
		}
		if ci.Timestamp.After(rep.End) {
			rep.End = ci.Timestamp
		}
		p, ok := dec.decode(data, ci)
		if ok {
			a.packet(p)
		}
	}
	a.finish()
	return rep, nil
}

// analysis accumulates a capture's packets.
type analysis struct {
	rep      *Report
	o        Options
	sessions map[pgm.TSI]*Session
	queriers map[netip.Addr]*Querier
	members  map[netip.Addr]*Member
	udp      map[udpKey]*UDPSource
	// unicast counts each address's unicast packets, either way;
	// outgoing the sources of what Linux marks as sent by this host.
	unicast, outgoing map[netip.Addr]int
	unicastTotal      int
}

func newAnalysis(rep *Report, o Options) *analysis {
	return &analysis{rep: rep, o: o, sessions: map[pgm.TSI]*Session{}, queriers: map[netip.Addr]*Querier{},
		members: map[netip.Addr]*Member{}, udp: map[udpKey]*UDPSource{},
		unicast: map[netip.Addr]int{}, outgoing: map[netip.Addr]int{}}
}

func (a *analysis) finding(at time.Time, problem bool, text string) {
	a.rep.Diagnosis = append(a.rep.Diagnosis, Finding{At: at, Problem: problem, Text: text})
}

func (a *analysis) packet(p ipPacket) {
	a.rep.IPv4++
	if p.cut {
		a.rep.Cut++
	}
	if p.outgoing {
		a.outgoing[p.src]++
	}
	if !p.dst.IsMulticast() && p.dst != netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		a.unicastTotal++
		a.unicast[p.src]++
		if p.dst != p.src {
			a.unicast[p.dst]++
		}
	}
	if p.fragment {
		a.rep.Fragments++
		return // PGM and IGMP messages are never this large; the first piece alone cannot be read
	}
	switch p.proto {
	case pgm.Protocol:
		a.pgm(p)
	case igmp.Protocol:
		a.igmp(p)
	case layers.IPProtocolUDP:
		if p.dst.IsMulticast() && !noise(p.dst) && (!a.o.Group.IsValid() || p.dst == a.o.Group) {
			k := udpKey{p.src, p.dst}
			u := a.udp[k]
			if u == nil {
				u = &UDPSource{Source: p.src, Group: p.dst, First: p.at}
				a.udp[k] = u
			}
			u.Count++
			u.Last = p.at
		}
	}
}

func (a *analysis) pgm(p ipPacket) {
	pk, err := pgm.Decode(p.payload)
	whole := err == nil
	if err != nil {
		if !p.cut {
			a.rep.Invalid[fmt.Sprintf("PGM from %s: %v", p.src, unwrapLast(err))]++
			return
		}
		// Cut by the snap length: its header still says what it was.
		if pk, err = pgm.DecodeHeader(p.payload); err != nil {
			return
		}
	}
	// NAKs and NCFs name the session they are about by its TSI, sent by
	// receivers (NAK) or the network (NCF): count them on it. What goes
	// upstream has the ports swapped (RFC 3208 §8.3).
	tsi, dport := pk.TSI, pk.DestPort
	switch pk.Type {
	case pgm.NAK, pgm.NNAK, pgm.SPMR, pgm.POLR, pgm.ACK:
		tsi.SourcePort, dport = pk.DestPort, pk.TSI.SourcePort
	}
	s := a.sessions[tsi]
	if s == nil {
		s = &Session{TSI: tsi.String(), DestPort: dport, First: p.at, nakers: map[netip.Addr]*naker{}, missingAt: map[uint32]bool{}}
		a.sessions[tsi] = s
	}
	s.Last = p.at
	switch pk.Type {
	case pgm.SPM, pgm.ODATA, pgm.RDATA:
		if !s.Source.IsValid() {
			s.Source, s.Group = p.src, p.dst
		}
		if !s.lastDown.IsZero() {
			s.maxGap = max(s.maxGap, p.at.Sub(s.lastDown))
		}
		s.lastDown = p.at
		s.FIN = s.FIN || pk.FIN
	}
	switch pk.Type {
	case pgm.SPM:
		s.SPM++
		if !whole { // the lead is past the cut
			break
		}
		if s.haveLead && pk.Lead != s.Lead {
			s.LeadMoved = true
		}
		s.Lead, s.haveLead = pk.Lead, true
	case pgm.ODATA:
		s.ODATA++
		s.LastData = p.at
		if whole || len(p.payload) >= 20 { // the sequence number was captured
			s.sequence(pk.SQN)
		}
	case pgm.RDATA:
		s.RDATA++
		s.LastData = p.at
		if s.missingAt[pk.SQN] {
			delete(s.missingAt, pk.SQN)
			s.Repaired++
		}
	case pgm.NAK, pgm.NNAK:
		s.NAK++
		n := s.nakers[p.src]
		if n == nil {
			n = &naker{first: p.at}
			s.nakers[p.src] = n
		}
		n.count++
		n.last = p.at
	case pgm.NCF:
		s.NCF++
	default:
		s.Other++
	}
}

// maxMissing bounds the sequence numbers a session remembers as missing.
const maxMissing = 100_000

// sequence follows the ODATA sequence numbers: a jump forward is a gap.
func (s *Session) sequence(sqn uint32) {
	if s.haveSQN {
		d := sqn - s.nextSQN
		if d != 0 && d < 1<<31 { // ahead: the numbers between were not seen
			s.Gaps++
			s.Missing += int(d)
			// Remembered for repairs up to a bound: a jump of millions is
			// a restarted source or a forged number, not packets to wait for.
			for q := s.nextSQN; q != sqn && len(s.missingAt) < maxMissing; q++ {
				s.missingAt[q] = true
			}
		}
		if d >= 1<<31 { // behind: a duplicate or reordered packet
			return
		}
	}
	s.nextSQN, s.haveSQN = sqn+1, true
}

func (a *analysis) igmp(p ipPacket) {
	m, err := igmp.Decode(p.payload)
	if err != nil {
		if !p.cut {
			a.rep.Invalid[fmt.Sprintf("IGMP from %s: %v", p.src, unwrapLast(err))]++
		}
		return
	}
	switch m.Type {
	case igmp.MembershipQuery:
		q := a.queriers[p.src]
		if q == nil {
			q = &Querier{Address: p.src, First: p.at}
			a.queriers[p.src] = q
		}
		q.Version, q.Last = m.Version, p.at
		if m.MaxResp > 0 {
			q.MaxResp = verify.Duration(m.MaxResp)
		}
		if m.Version == 3 {
			q.Stated, q.Robustness = verify.Duration(m.QQI), int(m.QRV)
		}
		if m.General() {
			q.General++
			q.LastGeneral = p.at
			q.generals = append(q.generals, p.at)
		} else {
			q.GroupSpecific++
		}
	case igmp.V1Report, igmp.V2Report, igmp.V2Leave, igmp.V3Report:
		h := a.members[p.src]
		if h == nil {
			h = &Member{Address: p.src, First: p.at}
			a.members[p.src] = h
		}
		h.Last = p.at
		add := func(g netip.Addr) {
			if !slices.Contains(h.Groups, g) {
				h.Groups = append(h.Groups, g)
			}
		}
		switch m.Type {
		case igmp.V2Leave:
			h.Leaves++
		case igmp.V3Report:
			h.Reports++
			for _, r := range m.Changes {
				if r.Leaves() {
					h.Leaves++
				} else if r.Joins() {
					add(r.Group)
				}
			}
		default:
			h.Reports++
			add(m.Group)
		}
	}
}

// unwrapLast is an error without its package prefix chain, for a count
// by reason.
func unwrapLast(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

// finish sorts what was read and diagnoses it.
func (a *analysis) finish() {
	r := a.rep
	for _, s := range a.sessions {
		if a.o.Group.IsValid() && s.Group.IsValid() && s.Group != a.o.Group {
			continue
		}
		r.Sessions = append(r.Sessions, *s)
	}
	slices.SortFunc(r.Sessions, func(x, y Session) int {
		return cmp.Or(x.Source.Compare(y.Source), cmp.Compare(x.TSI, y.TSI))
	})
	for _, q := range a.queriers {
		q.Interval = verify.Duration(median(q.generals))
		r.Queriers = append(r.Queriers, *q)
	}
	slices.SortFunc(r.Queriers, func(x, y Querier) int { return x.Address.Compare(y.Address) })
	for _, m := range a.members {
		slices.SortFunc(m.Groups, netip.Addr.Compare)
		r.Members = append(r.Members, *m)
	}
	slices.SortFunc(r.Members, func(x, y Member) int { return x.Address.Compare(y.Address) })
	r.Host, r.HostFrom = a.host()
	for _, u := range a.udp {
		r.UDP = append(r.UDP, *u)
	}
	slices.SortFunc(r.UDP, func(x, y UDPSource) int { return cmp.Or(x.Source.Compare(y.Source), x.Group.Compare(y.Group)) })
	diagnose(r, a.o)
	if len(r.Invalid) == 0 {
		r.Invalid = nil
	}
	r.Verdict = verify.Pass
	for _, f := range r.Diagnosis {
		if f.Problem {
			r.Verdict = verify.Fail
		}
	}
	slices.SortStableFunc(r.Diagnosis, func(x, y Finding) int { return x.At.Compare(y.At) })
}

// median is the median gap between times, 0 with fewer than two.
func median(ts []time.Time) time.Duration {
	if len(ts) < 2 {
		return 0
	}
	gaps := make([]time.Duration, 0, len(ts)-1)
	for i := 1; i < len(ts); i++ {
		gaps = append(gaps, ts[i].Sub(ts[i-1]))
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}
