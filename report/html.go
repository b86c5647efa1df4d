package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/diagram"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/remediate"
)

//go:embed html.tmpl
var htmlSource string

var htmlPage = template.Must(template.New("page").Funcs(template.FuncMap{"vis": vis, "lines": termtext.VisibleLines}).Parse(htmlSource))

// HTMLOptions is what the page says beyond the audit.
type HTMLOptions struct {
	// Command is the mcaudit command the page reports: audit, remediate.
	Command string
	// ExitCode is the exit status the command gives, as a pipeline sees
	// it, and ExitMeaning says why.
	ExitCode    int
	ExitMeaning string
	// Plan is the remediation, where one was made; PlanError says why
	// none could be.
	Plan      *remediate.Plan
	PlanError string
	Version   string
}

// HTML writes the audit as one self-contained page for people: per
// cluster, a drawing of its layer-2 path with every problem where it is,
// the findings with their evidence as numbered configuration excerpts,
// and the remediation and rollback per device. The page loads nothing
// (its Content-Security-Policy forbids it), runs no script, and prints.
func HTML(w io.Writer, r *audit.Result, o HTMLOptions) error {
	p := htmlData{
		Command:     o.Command,
		Verdict:     verdict(r),
		Summary:     summaryCounts(r),
		ExitCode:    o.ExitCode,
		ExitMeaning: o.ExitMeaning,
		Version:     o.Version,
		Snapshots:   r.Snapshots,
		PlanError:   o.PlanError,
	}
	if len(p.Snapshots) == 0 && r.Snapshot != "" {
		p.Snapshots = []string{r.Snapshot}
	}
	views := diagram.Views(r)
	placed := make([]bool, len(r.Findings))
	for _, c := range r.Clusters {
		hc := htmlCluster{Name: c.Name, VLAN: c.VLAN, Facts: clusterFacts(c)}
		for _, v := range views {
			if v.Cluster != c.Name || v.VLAN != c.VLAN {
				continue
			}
			var svg strings.Builder
			if err := diagram.SVG(&svg, v); err != nil {
				return err
			}
			if err := diagram.CheckSVG([]byte(svg.String())); err != nil {
				return fmt.Errorf("drawing of cluster %q: %w", c.Name, err)
			}
			// Checked just above to hold only shapes and escaped text.
			hc.SVG = template.HTML(svg.String())
			for _, pr := range v.Problems {
				hc.Problems = append(hc.Problems, strings.ToUpper(string(pr.Severity))+": "+pr.Label)
			}
			hc.Domains = len(v.Domains)
		}
		for i, f := range r.Findings {
			if !placed[i] && f.Cluster == c.Name && f.VLAN == c.VLAN {
				placed[i] = true
				hc.Findings = append(hc.Findings, htmlFindingOf(r, i))
			}
		}
		p.Clusters = append(p.Clusters, hc)
	}
	for i := range r.Findings {
		if !placed[i] {
			p.Other = append(p.Other, htmlFindingOf(r, i))
		}
	}
	for _, d := range r.Devices {
		if d.Status != audit.StatusOK {
			p.NotAudited = append(p.NotAudited, htmlRow{d.Name, d.Platform, d.Error})
		}
		for _, u := range d.Unparsed {
			p.Unparsed = append(p.Unparsed, htmlRow{d.Name, fmt.Sprintf("%s:%d: %s", u.File, u.Line, strings.TrimSpace(u.Text)), u.Why})
		}
		for _, rr := range d.Refused {
			p.Refused = append(p.Refused, htmlRow{d.Name, rr.Request, rr.Answer})
		}
		if d.Note != "" {
			p.Notes = append(p.Notes, htmlRow{d.Name, d.Note, ""})
		}
	}
	if b := r.Baseline; b != nil {
		p.Baseline = &htmlBaseline{File: b.File, New: b.Count(baseline.New), Unchanged: b.Count(baseline.Unchanged), Fixed: len(b.Fixed)}
		for _, f := range b.Fixed {
			p.Baseline.FixedFindings = append(p.Baseline.FixedFindings, htmlFinding{Severity: string(f.Severity), Rule: f.Rule, Device: f.Device, Message: f.Message})
		}
	}
	if pl := o.Plan; pl != nil {
		for _, d := range pl.Devices {
			if len(d.Remediation) == 0 && len(d.Manual) == 0 {
				continue
			}
			p.Plan = append(p.Plan, htmlDevicePlan{Name: d.Name, Platform: d.Platform, Fixes: d.Fixes,
				Remediation: strings.Join(d.Remediation, "\n"), Rollback: strings.Join(d.Rollback, "\n"), Manual: d.Manual})
		}
		for _, f := range pl.Residual {
			p.Residual = append(p.Residual, htmlFinding{Severity: string(f.Severity), Rule: f.Rule, Device: f.Device, Message: f.Message})
		}
		p.Planned = true
	}
	return htmlPage.Execute(w, p)
}

type (
	htmlData struct {
		Command                       string
		Verdict, Summary              string
		ExitCode                      int
		ExitMeaning, Version          string
		Snapshots                     []string
		Clusters                      []htmlCluster
		Other                         []htmlFinding
		NotAudited, Unparsed, Refused []htmlRow
		Notes                         []htmlRow
		Baseline                      *htmlBaseline
		Planned                       bool
		Plan                          []htmlDevicePlan
		Residual                      []htmlFinding
		PlanError                     string
	}
	htmlCluster struct {
		Name     string
		VLAN     int
		Facts    []string
		SVG      template.HTML
		Domains  int
		Problems []string
		Findings []htmlFinding
	}
	htmlFinding struct {
		Severity, Rule, Device, Message string
		State                           string // "new", "unchanged", or "" without a baseline
		Excerpts                        []htmlExcerpt
	}
	// htmlExcerpt is a run of evidence lines from one file.
	htmlExcerpt struct {
		File  string
		Lines []htmlLine
	}
	htmlLine struct {
		No   int
		Text string
		Gap  bool // lines were skipped before this one
	}
	htmlRow      struct{ A, B, C string }
	htmlBaseline struct {
		File                  string
		New, Unchanged, Fixed int
		FixedFindings         []htmlFinding
	}
	htmlDevicePlan struct {
		Name, Platform        string
		Fixes                 []string
		Remediation, Rollback string
		Manual                []string
	}
)

func htmlFindingOf(r *audit.Result, i int) htmlFinding {
	f := r.Findings[i]
	h := htmlFinding{Severity: string(f.Severity), Rule: f.Rule, Device: f.Device, Message: f.Message, Excerpts: excerpts(f.Evidence)}
	if r.Baseline != nil && i < len(r.Baseline.States) {
		h.State = string(r.Baseline.States[i])
	}
	return h
}

// excerpts groups evidence by file, in line order, each file one excerpt
// with a mark where lines were skipped.
func excerpts(refs []model.Ref) []htmlExcerpt {
	byFile := map[string][]model.Ref{}
	var files []string
	for _, e := range refs {
		if _, ok := byFile[e.File]; !ok {
			files = append(files, e.File)
		}
		byFile[e.File] = append(byFile[e.File], e)
	}
	var out []htmlExcerpt
	for _, file := range files {
		rs := byFile[file]
		sort.SliceStable(rs, func(a, b int) bool { return rs[a].Line < rs[b].Line })
		rs = slices.CompactFunc(rs, func(a, b model.Ref) bool { return a.Line == b.Line && a.Line != 0 })
		ex := htmlExcerpt{File: file}
		for k, e := range rs {
			if e.Line == 0 {
				continue // the file as a whole: its name says it
			}
			ex.Lines = append(ex.Lines, htmlLine{No: e.Line, Text: strings.TrimRight(e.Text, " \t\r"), Gap: k > 0 && rs[k-1].Line != 0 && e.Line > rs[k-1].Line+1})
		}
		out = append(out, ex)
	}
	return out
}

// clusterFacts says what the cluster is, a fact a line.
func clusterFacts(c model.Cluster) []string {
	facts := []string{fmt.Sprintf("VLAN %d", c.VLAN)}
	if c.Group.IsValid() {
		facts = append(facts, "group "+c.Group.String())
	} else {
		facts = append(facts, "no group given: ACLs are checked for all of 224.0.0.0/4")
	}
	if len(c.Hosts) == 0 {
		facts = append(facts, "no hosts given: ACLs are checked for any source")
	}
	for _, h := range c.Hosts {
		s := "host " + h.IP.String()
		if h.Name != "" && h.Name != h.IP.String() {
			s = "host " + h.Name + " " + h.IP.String()
		}
		if h.Switch != "" {
			s += " on " + h.Switch + " " + h.Interface
		}
		facts = append(facts, s)
	}
	return facts
}

// ExitMeaning says what an audit's exit code means, in the words of the
// command's help.
func ExitMeaning(code int) string {
	switch code {
	case 0:
		return "no error finding"
	case 1:
		return "error findings"
	case 3:
		return "some devices could not be read: nothing is proven about them"
	}
	return ""
}
