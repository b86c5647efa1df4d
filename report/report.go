// Package report renders audit results: a table for people at a terminal,
// JSON for pipelines, and for CI systems JUnit XML (test reports), SARIF
// 2.1.0 (code scanning) and Markdown (merge-request comments).
package report

import (
	"encoding/json"
	"io"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/discover"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/waiver"
)

// Version is the version of the JSON report format.
const Version = 1

type jsonReport struct {
	Version  int    `json:"version"`
	Snapshot string `json:"snapshot,omitempty"`
	// Snapshots lists every snapshot read, where there were several.
	Snapshots []string             `json:"snapshots,omitempty"`
	Clusters  []jsonCluster        `json:"clusters"`
	Devices   []audit.DeviceResult `json:"devices"`
	Findings  []jsonFinding        `json:"findings"`
	Summary   jsonSummary          `json:"summary"`
	Baseline  *jsonBaseline        `json:"baseline,omitempty"`
	// Links are the links between the devices the audit used, each with
	// where it came from: "device:interface" ends, as the inventory's
	// links: writes them, so that discovered ones can be frozen there.
	Links []jsonLink `json:"links,omitempty"`
	// Outside are the switches the neighbor tables show that the
	// inventory does not hold.
	Outside []discover.Outside `json:"outside,omitempty"`
}

type jsonLink struct {
	A        string      `json:"a"`
	B        string      `json:"b"`
	Source   string      `json:"source"`
	Evidence []model.Ref `json:"evidence"`
}

// jsonFinding is a finding and, with a baseline, whether it is new.
type jsonFinding struct {
	rules.Finding
	Baseline baseline.State `json:"baseline,omitempty"`
	// Waived is the waiver that accepts the finding: it does not fail
	// the run.
	Waived *waiver.Waiver `json:"waived,omitempty"`
}

// jsonBaseline sums up the comparison with --baseline, and lists what it
// had that this audit no longer finds.
type jsonBaseline struct {
	File          string          `json:"file"`
	New           int             `json:"new"`
	Unchanged     int             `json:"unchanged"`
	Fixed         int             `json:"fixed"`
	FixedFindings []rules.Finding `json:"fixed_findings"`
}

type jsonCluster struct {
	Name  string     `json:"name,omitempty"`
	VLAN  int        `json:"vlan"`
	Group string     `json:"group,omitempty"`
	Hosts []jsonHost `json:"hosts"`
}

type jsonHost struct {
	Name      string `json:"name"`
	IP        string `json:"ip"`
	Switch    string `json:"switch,omitempty"`
	Interface string `json:"interface,omitempty"`
	Site      string `json:"site,omitempty"`
}

type jsonSummary struct {
	Devices  int `json:"devices"`
	Failed   int `json:"failed"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
	// Waived counts the findings a waiver accepts, among the above.
	Waived int `json:"waived,omitempty"`
	// NotProven counts the open findings that say a verdict could not be
	// reached (a refused request, a line not understood), among the above.
	NotProven int `json:"not_proven,omitempty"`
}

// JSON writes the report of design.md: version, devices, findings with
// their evidence, and a summary.
func JSON(w io.Writer, r *audit.Result) error {
	out := jsonReport{
		Version:   Version,
		Snapshot:  r.Snapshot,
		Snapshots: r.Snapshots,
		Clusters:  []jsonCluster{},
		Devices:   r.Devices,
		Findings:  []jsonFinding{},
		Summary: jsonSummary{
			Devices:   len(r.Devices),
			Failed:    r.Failed(),
			Errors:    r.Count(rules.Error),
			Warnings:  r.Count(rules.Warning),
			Info:      r.Count(rules.Info),
			NotProven: openUnproven(r),
		},
	}
	if r.Waivers != nil {
		out.Summary.Waived = len(r.Waivers.Waived)
	}
	if out.Devices == nil {
		out.Devices = []audit.DeviceResult{}
	}
	for _, c := range r.Clusters {
		out.Clusters = append(out.Clusters, clusterJSON(c))
	}
	for _, l := range r.Links {
		jl := jsonLink{A: l.A.Device + ":" + l.A.Interface, B: l.B.Device + ":" + l.B.Interface, Source: l.Source, Evidence: []model.Ref{l.Ref}}
		if l.Also != nil {
			jl.Evidence = append(jl.Evidence, *l.Also)
		}
		out.Links = append(out.Links, jl)
	}
	out.Outside = r.Outside
	for i, f := range r.Findings {
		jf := jsonFinding{Finding: withEvidence(f)}
		if r.Baseline != nil {
			jf.Baseline = r.Baseline.States[i]
		}
		jf.Waived = r.Waived(i)
		out.Findings = append(out.Findings, jf)
	}
	if b := r.Baseline; b != nil {
		out.Baseline = &jsonBaseline{File: b.File, New: b.Count(baseline.New), Unchanged: b.Count(baseline.Unchanged),
			Fixed: len(b.Fixed), FixedFindings: []rules.Finding{}}
		for _, f := range b.Fixed {
			out.Baseline.FixedFindings = append(out.Baseline.FixedFindings, withEvidence(f))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// withEvidence gives f an empty evidence list rather than null.
func withEvidence(f rules.Finding) rules.Finding {
	if f.Evidence == nil {
		f.Evidence = []model.Ref{}
	}
	return f
}

func clusterJSON(c model.Cluster) jsonCluster {
	jc := jsonCluster{Name: c.Name, VLAN: c.VLAN, Hosts: []jsonHost{}}
	if c.Group.IsValid() {
		jc.Group = c.Group.String()
	}
	for _, h := range c.Hosts {
		jc.Hosts = append(jc.Hosts, jsonHost{Name: h.Name, IP: h.IP.String(), Switch: h.Switch, Interface: h.Interface, Site: h.Site})
	}
	return jc
}
