package verify

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"time"
)

// Status is a verdict.
type Status string

// Verdicts.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	// Unknown: the host could not observe it (the querier on an OS that
	// does not hand IGMP to programs); it does not decide the verdict.
	Unknown Status = "unknown"
)

// Duration is a time.Duration that reads as seconds in JSON, as people and
// jq want it.
type Duration time.Duration

// MarshalJSON writes seconds with millisecond precision.
func (d Duration) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Duration(d).Round(time.Millisecond).Milliseconds())/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("duration %s: want seconds: %w", b, err)
	}
	*d = Duration(math.Round(f * float64(time.Second)))
	return nil
}

func (d Duration) String() string { return time.Duration(d).Round(time.Millisecond).String() }

// Flooding says whether the switch floods multicast nobody joined.
type Flooding string

// Flooding states.
const (
	Flooded     Flooding = "yes"
	NotFlooded  Flooding = "no"
	NotMeasured Flooding = "not measured"
)

// Result is one host's view of one verify run.
type Result struct {
	Version   int        `json:"version"` // of this JSON form
	Host      netip.Addr `json:"host"`
	Interface string     `json:"interface"`
	Group     netip.Addr `json:"group"`
	Port      uint16     `json:"port"`
	TTL       int        `json:"ttl"`
	Mode      string     `json:"mode"` // "quick" or "soak"
	Elapsed   Duration   `json:"elapsed"`
	// VerdictAfter is when the verdict was complete; a quick run then
	// lingers until its peers have theirs.
	VerdictAfter Duration `json:"verdict_after"`
	// PathsAfter is when every peer's paths were judged; the querier may
	// take longer.
	PathsAfter Duration `json:"paths_after"`
	Verdict    Status   `json:"verdict"`
	// Sent is how many ticks this host sent: one packet of each kind per
	// peer per tick.
	Sent        uint32 `json:"sent"`
	RouterAlert bool   `json:"spm_router_alert"` // SPMs carried IP Router Alert
	// TSI is this host's PGM session (GSI.source-port, as OpenPGM prints
	// it), for finding its packets in a capture.
	TSI     string        `json:"pgm_tsi"`
	Querier QuerierResult `json:"querier"`
	// Flooding: whether multicast to a group no host joined reached this
	// host. When it does, the cluster's group is still delivered after its
	// memberships age out, querier or not.
	Flooding Flooding     `json:"flooding"`
	Peers    []PeerResult `json:"peers"`
	Notes    []string     `json:"notes,omitempty"`
}

// QuerierResult is the IGMP querier part of the verdict.
type QuerierResult struct {
	Verdict   Status    `json:"verdict"`
	Queriers  []Querier `json:"queriers"`
	Waited    Duration  `json:"waited"`
	Diagnosis string    `json:"diagnosis"`
}

// PeerResult is the verdict on the paths between this host and one peer.
type PeerResult struct {
	Address netip.Addr `json:"address"`
	Verdict Status     `json:"verdict"`
	// Diagnosis: what failed and the likely cause, most important first.
	Diagnosis []string `json:"diagnosis,omitempty"`
	// Received is what arrived here from the peer; PeerReceived is what the
	// peer reported receiving from here (over unicast).
	Received     Counts `json:"received"`
	PeerReceived Counts `json:"peer_received"`
	// PeerSent is how many ticks the peer has sent, as far as this host
	// can tell from the highest tick number that arrived.
	PeerSent uint32              `json:"peer_sent"`
	First    map[string]Duration `json:"first_arrival,omitempty"` // per kind, since the probe started
	Invalid  map[string]int      `json:"invalid,omitempty"`       // packets that claimed to be the peer's probe but failed validation, by reason
	NAKs     int                 `json:"naks,omitempty"`
	Restarts int                 `json:"restarts,omitempty"`
	Windows  []Window            `json:"windows,omitempty"`
}

// Window is one soak interval's loss, from this peer to this host.
type Window struct {
	Start    Duration `json:"start"`
	End      Duration `json:"end"`
	Expected uint32   `json:"expected"`
	Received Counts   `json:"received"`
	// Loss in percent per kind; a kind nothing was expected of is 0.
	PGMLoss       float64 `json:"pgm_loss"`
	MulticastLoss float64 `json:"udp_multicast_loss"`
	UnicastLoss   float64 `json:"unicast_loss"`
	// Silent: nothing at all arrived from the peer in this window, so
	// Expected is this host's own tick count.
	Silent bool `json:"silent,omitempty"`
}
