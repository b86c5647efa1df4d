package rules

import "github.com/mcaudit/mcaudit/model"

// Severity ranks findings. Only errors fail an audit (exit code 1).
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities, most severe first.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Finding is one thing wrong (or worth knowing) with one device, and the
// lines it rests on.
type Finding struct {
	Rule     string      `json:"rule"`
	Severity Severity    `json:"severity"`
	Device   string      `json:"device"`
	Cluster  string      `json:"cluster,omitempty"`
	VLAN     int         `json:"vlan"`
	Message  string      `json:"message"`
	Evidence []model.Ref `json:"evidence"`
	// Subject names what the finding is about, for remediation and for
	// pipelines that act on findings: objects by name, not by syntax.
	Subject *Subject `json:"subject,omitempty"`
}

// Subject is the object of a finding.
type Subject struct {
	Interface string `json:"interface,omitempty"`
	ACL       string `json:"acl,omitempty"`
	Direction string `json:"direction,omitempty"` // "in" or "out"
	VLANMap   string `json:"vlan_map,omitempty"`
	// Seq is the deciding entry of the ACL or VLAN map; 0 means the
	// implicit deny or drop at its end.
	Seq int `json:"seq,omitempty"`
	// Sources are the cluster addresses (prefixes) the ACL blocks.
	Sources []string `json:"sources,omitempty"`
	Host    string   `json:"host,omitempty"`
	// Scope says which setting: "global" or "vlan" snooping, the "svi" or
	// the snooping "querier" version, a "suspended" VLAN.
	Scope string `json:"scope,omitempty"`
	// Request is the request a device refused (data-refused).
	Request string `json:"request,omitempty"`
}
