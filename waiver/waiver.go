// Package waiver reads a waivers file and applies it to an audit's
// findings: a waived finding stays in every report, marked with its
// reason, and does not fail the run; a waiver past its date waives
// nothing and is itself a warning; a waiver that matches no finding is
// reported, so that stale ones get cleaned up.
package waiver

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
)

// DefaultFile is looked for beside the inventory when --waivers is not
// given.
const DefaultFile = ".mcaudit-waivers.yaml"

// Waiver accepts the findings of one rule on one device, narrowed by
// cluster, interface or ACL where given.
type Waiver struct {
	Rule      string `yaml:"rule" json:"rule"`
	Device    string `yaml:"device" json:"device"`
	Cluster   string `yaml:"cluster" json:"cluster,omitempty"`
	Interface string `yaml:"interface" json:"interface,omitempty"`
	ACL       string `yaml:"acl" json:"acl,omitempty"`
	Reason    string `yaml:"reason" json:"reason"`
	// Expires is the last day the waiver holds (YYYY-MM-DD); "" for none.
	Expires string `yaml:"expires" json:"expires,omitempty"`
	File    string `yaml:"-" json:"file"`
	Line    int    `yaml:"-" json:"line"`
	until   time.Time
}

// Load reads a waivers file: a mapping with a waivers: list. Every error
// names the file and line.
func Load(path string) ([]Waiver, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("waivers: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s line %d: a waivers file is a mapping with a waivers: list", path, top.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if k.Value != "waivers" {
			return nil, fmt.Errorf("%s line %d: unknown key %q (a waivers file holds waivers:)", path, k.Line, k.Value)
		}
		list = top.Content[i+1]
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s line %d: waivers: is a list", path, top.Line)
	}
	var out []Waiver
	for _, n := range list.Content {
		w, err := read(n)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n.Line, err)
		}
		w.File, w.Line = path, n.Line
		out = append(out, w)
	}
	return out, nil
}

var keys = []string{"rule", "device", "cluster", "interface", "acl", "reason", "expires"}

func read(n *yaml.Node) (Waiver, error) {
	var w Waiver
	if n.Kind != yaml.MappingNode {
		return w, errors.New("a waiver is a mapping: rule, device, reason, and optionally cluster, interface, acl, expires")
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i].Value
		known := false
		for _, want := range keys {
			known = known || k == want
		}
		if !known {
			return w, fmt.Errorf("unknown key %q in a waiver (want %s)", k, strings.Join(keys, ", "))
		}
	}
	if err := n.Decode(&w); err != nil {
		return w, err
	}
	switch {
	case w.Rule == "":
		return w, errors.New("a waiver names the rule it waives (rule:)")
	case rules.Lookup(w.Rule) == nil:
		return w, fmt.Errorf("rule %q is not one of mcaudit's (mcaudit rules lists them)", w.Rule)
	case w.Device == "":
		return w, errors.New("a waiver names the device (device:): a waiver for every switch at once would hide the next one")
	case strings.TrimSpace(w.Reason) == "":
		return w, errors.New("a waiver says why (reason:), for whoever reads the report next")
	}
	if w.Expires != "" {
		t, err := time.Parse(time.DateOnly, w.Expires)
		if err != nil {
			return w, fmt.Errorf("expires %q is not a date (YYYY-MM-DD)", w.Expires)
		}
		w.until = t
	}
	return w, nil
}

// Result is what the waivers did to an audit's findings.
type Result struct {
	File string
	// Waived maps a finding's index to the waiver that accepts it.
	Waived map[int]*Waiver
	// Expired waive nothing; Unused match no finding.
	Expired []Waiver
	Unused  []Waiver
}

// Apply matches waivers to findings on the day today. A waiver holds
// through its expiry date.
func Apply(findings []rules.Finding, ws []Waiver, file string, today time.Time) *Result {
	r := &Result{File: file, Waived: map[int]*Waiver{}}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for i := range ws {
		w := &ws[i]
		if !w.until.IsZero() && day.After(w.until) {
			r.Expired = append(r.Expired, *w)
			continue
		}
		used := false
		for k, f := range findings {
			if _, done := r.Waived[k]; !done && w.matches(f) {
				r.Waived[k] = w
				used = true
			}
		}
		if !used {
			r.Unused = append(r.Unused, *w)
		}
	}
	return r
}

func (w *Waiver) matches(f rules.Finding) bool {
	if f.Rule != w.Rule || f.Device != w.Device || (w.Cluster != "" && f.Cluster != w.Cluster) {
		return false
	}
	s := f.Subject
	if w.Interface != "" && (s == nil || !strings.EqualFold(s.Interface, w.Interface)) {
		return false
	}
	if w.ACL != "" && (s == nil || s.ACL != w.ACL) {
		return false
	}
	return true
}

// Findings are the waivers' own findings: one warning per expired waiver,
// one info per waiver that matched nothing, each at its line.
func (r *Result) Findings() []rules.Finding {
	var out []rules.Finding
	for _, w := range r.Expired {
		out = append(out, rules.Finding{Rule: "waiver-expired", Severity: rules.Warning, Device: w.Device, Cluster: w.Cluster,
			Message:  fmt.Sprintf("the waiver of %s on %s expired on %s: it waives nothing (%s); renew it with a new date, or fix what it waived", w.Rule, w.Device, w.Expires, w.Reason),
			Evidence: []model.Ref{{File: w.File, Line: w.Line, Text: "rule: " + w.Rule + ", device: " + w.Device}}})
	}
	for _, w := range r.Unused {
		out = append(out, rules.Finding{Rule: "waiver-unused", Severity: rules.Info, Device: w.Device, Cluster: w.Cluster,
			Message:  fmt.Sprintf("the waiver of %s on %s matches no finding: remove it (%s)", w.Rule, w.Device, w.Reason),
			Evidence: []model.Ref{{File: w.File, Line: w.Line, Text: "rule: " + w.Rule + ", device: " + w.Device}}})
	}
	return out
}
