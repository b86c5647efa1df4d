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
}
