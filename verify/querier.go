package verify

import (
	"net/netip"
	"slices"
	"time"

	"github.com/mcaudit/mcaudit/verify/igmp"
)

// Querier is one IGMP querier as this host saw it.
type Querier struct {
	Address netip.Addr `json:"address"` // 0.0.0.0 for a snooping switch that queries without an address
	Version int        `json:"version"`
	// Interval is the general query interval: the querier's own QQIC for
	// IGMPv3, else the gap measured between two general queries; zero while
	// unknown.
	Interval       Duration `json:"interval,omitempty"`
	IntervalSource string   `json:"interval_source,omitempty"` // "qqic" or "measured"
	// MaxResp is the query response interval of its general queries; a
	// group-specific query carries the last member interval instead.
	MaxResp       Duration `json:"max_response,omitempty"`
	Robustness    uint8    `json:"robustness,omitempty"` // IGMPv3 QRV
	General       int      `json:"general_queries"`
	GroupSpecific int      `json:"group_specific_queries"`
	First         Duration `json:"first_seen"` // since the probe started

	lastGeneral time.Time
}

// MembershipInterval is how long a switch keeps a port in a group after the
// last report: RFC 3376 §8.4, robustness × query interval + query response
// interval, the RFC's defaults standing in for what was not heard.
func (q Querier) MembershipInterval() time.Duration {
	if q.Interval == 0 {
		return 0
	}
	qrv := time.Duration(q.Robustness)
	if qrv == 0 {
		qrv = 2
	}
	resp := time.Duration(q.MaxResp)
	if resp == 0 {
		resp = 10 * time.Second
	}
	return qrv*time.Duration(q.Interval) + resp
}

// queriers accumulates the membership queries a host hears.
type queriers struct {
	start time.Time
	seen  []*Querier
}

func (qs *queriers) observe(src netip.Addr, m igmp.Message, now time.Time) {
	if m.Type != igmp.MembershipQuery {
		return
	}
	i := slices.IndexFunc(qs.seen, func(q *Querier) bool { return q.Address == src })
	if i < 0 {
		qs.seen = append(qs.seen, &Querier{Address: src, First: Duration(now.Sub(qs.start))})
		i = len(qs.seen) - 1
	}
	q := qs.seen[i]
	q.Version = m.Version
	if m.Version == 3 {
		q.Robustness = m.QRV
		if m.QQI > 0 {
			q.Interval, q.IntervalSource = Duration(m.QQI), "qqic"
		}
	}
	if !m.General() {
		q.GroupSpecific++
		return
	}
	q.General++
	q.MaxResp = Duration(m.MaxResp)
	if !q.lastGeneral.IsZero() && q.IntervalSource != "qqic" {
		q.Interval, q.IntervalSource = Duration(now.Sub(q.lastGeneral)), "measured"
	}
	q.lastGeneral = now
}

func (qs *queriers) list() []Querier {
	out := make([]Querier, len(qs.seen))
	for i, q := range qs.seen {
		out[i] = *q
	}
	return out
}
