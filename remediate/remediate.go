// Package remediate turns findings into the configuration that fixes them:
// per device, the lines to type in configuration mode, rendered from the
// platform's templates in a traffic-safe order, the rollback that undoes
// them, what cannot be generated and why, and the findings that remain when
// the predicted configuration is audited again.
package remediate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// Version is the version of the JSON plan format.
const Version = 1

// Plan is the remediation of an audit.
type Plan struct {
	Version int           `json:"version"`
	Devices []*DevicePlan `json:"devices"`
	// Residual are the findings of the audit of the predicted
	// configurations: what the remediation leaves, the manual items
	// among them.
	Residual []rules.Finding `json:"residual"`
}

// DevicePlan is what to do on one device.
type DevicePlan struct {
	Name        string   `json:"name"`
	Platform    string   `json:"platform"`
	Remediation []string `json:"remediation"`
	Rollback    []string `json:"rollback"`
	Fixes       []string `json:"fixes"`
	Manual      []string `json:"manual"`
	// Predicted is the configuration after the change, where the device's
	// configuration text is known.
	Predicted *audit.ConfigText `json:"-"`
	// Original is the configuration text the plan was made from.
	Original *audit.ConfigText `json:"-"`

	// Changes are the rendered steps, which Remediation and Rollback are
	// made of, in traffic-safe order: what a ticket describes.
	Changes []Change `json:"-"`

	// moot are manual items that stand only while their finding does: the
	// querier a VLAN lacks may come from a switch the plan joins it to.
	moot []pendingItem
}

// pendingItem is a manual item and the finding it answers.
type pendingItem struct {
	rule, text string
}

// Auditor audits the inventory again with the given configurations in
// place of the recorded ones, and nothing else (no show output).
type Auditor func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error)

// rounds bounds the re-planning: a fix can reveal the next problem (once
// snooping is back on, the VLAN needs a querier), so the predicted
// configuration is planned again until nothing more can be fixed.
const rounds = 3

// Run plans the fixes for res, predicts each changed device's
// configuration, audits the prediction with reaudit, and plans again for
// what the fixes reveal.
func Run(ctx context.Context, res *audit.Result, tmpl *templates.Set, reaudit Auditor) (*Plan, error) {
	plan, err := Build(ctx, res, tmpl)
	if err != nil {
		return nil, err
	}
	byName := map[string]*DevicePlan{}
	for _, d := range plan.Devices {
		byName[d.Name] = d
		if cfg, ok := res.Configs[d.Name]; ok {
			orig := cfg
			d.Original = &orig
		}
	}
	for round := 1; ; round++ {
		predicted, err := predict(ctx, plan)
		if err != nil {
			return nil, err
		}
		after, err := reaudit(ctx, predicted)
		if err != nil {
			return nil, fmt.Errorf("auditing the predicted configuration: %w", err)
		}
		plan.Residual = after.Findings
		if round == rounds {
			break
		}
		next, err := Build(ctx, after, tmpl)
		if err != nil {
			return nil, err
		}
		more := false
		for _, d := range next.Devices {
			if p := byName[d.Name]; p != nil && len(d.Remediation) > 0 {
				p.extend(d)
				more = true
			}
		}
		if !more {
			break
		}
	}
	if plan.Residual == nil {
		plan.Residual = []rules.Finding{}
	}
	for _, d := range plan.Devices {
		for _, m := range d.moot {
			still := slices.ContainsFunc(plan.Residual, func(f rules.Finding) bool { return f.Device == d.Name && f.Rule == m.rule })
			if !still {
				d.Manual = slices.DeleteFunc(d.Manual, func(s string) bool { return s == m.text })
			}
		}
	}
	for _, d := range plan.Devices {
		if len(d.Remediation) > 0 && d.Predicted == nil {
			d.Manual = append(d.Manual, "the remediation was not checked by a re-audit: the device was read without a configuration text (gNMI)")
		}
	}
	return plan, nil
}

// extend adds a later round's changes, keeping the traffic-safe order
// across rounds. Its manual items are left out: they come from an audit of
// configuration alone, which lacks the show output the first audit had.
func (d *DevicePlan) extend(later *DevicePlan) {
	d.Changes = append(d.Changes, later.Changes...)
	d.assemble()
}

// assemble orders the rendered steps: the changes in traffic-safe order,
// the rollback in the reverse.
func (d *DevicePlan) assemble() {
	sort.SliceStable(d.Changes, func(i, j int) bool { return d.Changes[i].Class < d.Changes[j].Class })
	d.Remediation, d.Rollback, d.Fixes = []string{}, []string{}, []string{}
	for _, c := range d.Changes {
		d.Remediation = append(d.Remediation, c.Fix...)
		if !slices.Contains(d.Fixes, c.Rule) {
			d.Fixes = append(d.Fixes, c.Rule)
		}
	}
	for i := len(d.Changes) - 1; i >= 0; i-- {
		d.Rollback = append(d.Rollback, d.Changes[i].Rollback...)
	}
	sort.Strings(d.Fixes)
}

// predict applies each changed device's lines to its original
// configuration and returns the predictions. A device whose lines cannot
// be applied keeps none of them: lines mcaudit cannot predict are lines
// it must not hand to an engineer; they become a manual item.
func predict(ctx context.Context, plan *Plan) (map[string]audit.ConfigText, error) {
	out := map[string]audit.ConfigText{}
	for _, d := range plan.Devices {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if d.Original == nil || len(d.Remediation) == 0 {
			continue
		}
		v, _ := vendors.Lookup(d.Platform)
		a, ok := v.(vendors.Applier)
		if !ok {
			continue
		}
		text, err := a.Apply(d.Platform, d.Original.Data, d.Remediation)
		if err != nil {
			d.Manual = append(d.Manual, fmt.Sprintf("%s: remediation withheld: the configuration after the change could not be predicted (%v): make these changes by hand", strings.Join(d.Fixes, ", "), err))
			d.Changes, d.Predicted = nil, nil
			d.assemble()
			continue
		}
		d.Predicted = &audit.ConfigText{File: d.Name + ".predicted.cfg", Data: text}
		out[d.Name] = *d.Predicted
	}
	return out, nil
}

// Change is one rendered step of a device's plan.
type Change struct {
	Rule     string // the finding's rule it fixes
	Template string
	Class    Class
	// Objects are what the change configures.
	Objects       []Object
	Fix, Rollback []string
}

// Object is one thing a change configures: a VLAN, an ACL, an interface.
type Object struct {
	Kind string // "vlan", "igmp-snooping", "acl", "vlan-map", "interface"
	Name string // "100", "EDGE-IN", "GigabitEthernet1/0/10"; "" for the whole switch
}

// Class is what a change touches, numbered in the traffic-safe order the
// changes go in: create the VLAN, snooping, the querier, then open the
// ACLs, then carry the VLAN on trunks, then move the hosts' ports.
type Class int

const (
	ClassVLAN Class = 10 * (iota + 1)
	ClassSnooping
	ClassQuerier
	ClassVersion
	ClassACL
	ClassVLANMap
	ClassTrunk
	ClassHostPort
)

// Forwarding says whether a change of this class alters how traffic that
// flows today is forwarded (an ACL, a VLAN map, a trunk, a host's port),
// rather than adding what is missing beside it.
func (c Class) Forwarding() bool { return c >= ClassACL }

// step is one change on one device, before rendering.
type step struct {
	class    Class
	rule     string
	template string
	data     templateData
}

// templateData is what a template renders, and what it configures.
type templateData interface{ objects() []Object }

// Build plans the fixes for every finding of res, without predicting.
func Build(ctx context.Context, res *audit.Result, tmpl *templates.Set) (*Plan, error) {
	plan := &Plan{Version: Version, Devices: []*DevicePlan{}}
	for _, dr := range res.Devices {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if dr.Status != audit.StatusOK {
			continue
		}
		dev := res.Models[dr.Name]
		if dev == nil {
			continue
		}
		dp := &DevicePlan{Name: dr.Name, Platform: dr.Platform, Remediation: []string{}, Rollback: []string{}, Fixes: []string{}, Manual: []string{}}
		p := planner{dev: dev, res: res, vendor: remediatorOf(dr.Platform), tmpl: tmpl}
		if n, ok := p.vendor.(vendors.VLANNamer); ok {
			p.byName = n.VLANsByName(dr.Platform)
		}
		for _, f := range res.Findings {
			if f.Device == dr.Name {
				p.finding(f)
			}
		}
		if p.err != nil {
			return nil, p.err
		}
		p.pgmSteps()
		if err := p.render(ctx, tmpl, dp); err != nil {
			return nil, err
		}
		dp.Manual = append(dp.Manual, p.manual...)
		dp.moot = p.moot
		plan.Devices = append(plan.Devices, dp)
	}
	return plan, nil
}

// remediatorOf is the remediation side of a platform's vendor; nil where
// it has none, which accepts no token, so nothing is written for it.
func remediatorOf(platform string) vendors.Remediator {
	v, _ := vendors.Lookup(platform)
	r, _ := v.(vendors.Remediator)
	return r
}

// planner collects the steps of one device.
type planner struct {
	dev    *model.Device
	res    *audit.Result
	tmpl   *templates.Set
	vendor vendors.Remediator // nil: the platform has no templates
	// byName: the platform's configuration refers to VLANs by name.
	byName bool
	// err is bad input that no device can be remediated with: an
	// inventory value the platform does not accept.
	err    error
	steps  []step
	seen   map[string]bool
	manual []string
	moot   []pendingItem
	// pgm groups blocked PGM by ACL (or VLAN map) and deciding entry, so
	// that ports sharing an ACL get one insertion.
	pgm map[pgmKey]*pgmGroup
}

func (p *planner) add(key string, s step) {
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	p.steps = append(p.steps, s)
}

// manualUnlessSolved is a manual item that the audit of the predicted
// configuration drops where the finding is gone: other changes of the
// plan solved it.
func (p *planner) manualUnlessSolved(f rules.Finding, format string, args ...any) {
	p.manualf(f, format, args...)
	p.moot = append(p.moot, pendingItem{f.Rule, p.manual[len(p.manual)-1]})
}

func (p *planner) manualf(f rules.Finding, format string, args ...any) {
	m := f.Rule + ": " + fmt.Sprintf(format, args...)
	if !slices.Contains(p.manual, m) {
		p.manual = append(p.manual, m)
	}
}

// render turns the steps into lines.
func (p *planner) render(ctx context.Context, tmpl *templates.Set, dp *DevicePlan) error {
	for _, s := range p.steps {
		if !tmpl.Has(p.dev.Platform, s.template) {
			m := fmt.Sprintf("%s: no %s template for platform %s: make this change by hand", s.rule, s.template, p.dev.Platform)
			if !slices.Contains(p.manual, m) {
				p.manual = append(p.manual, m)
			}
			continue
		}
		var check TokenChecker
		if p.vendor != nil {
			check = p.vendor.Token
		}
		fix, rb, err := safeRender(ctx, tmpl, p.dev.Platform, s.template, s.data, check)
		var te *tokenError
		switch {
		case errors.As(err, &te):
			p.manual = append(p.manual, fmt.Sprintf("%s: %v: make this change by hand", s.rule, te))
			continue
		case errors.Is(err, errShape):
			p.manual = append(p.manual, fmt.Sprintf("%s: the %s template was not rendered as it is written (%v): make this change by hand", s.rule, s.template, err))
			continue
		case err != nil:
			return err
		}
		dp.Changes = append(dp.Changes, Change{Rule: s.rule, Template: s.template, Class: s.class, Objects: s.data.objects(), Fix: fix, Rollback: rb})
	}
	dp.assemble()
	return nil
}

// cluster returns the cluster a finding belongs to.
func (p *planner) cluster(f rules.Finding) model.Cluster {
	for _, c := range p.res.Clusters {
		if c.Name == f.Cluster && c.VLAN == f.VLAN {
			return c
		}
	}
	return model.Cluster{VLAN: f.VLAN}
}

// vlanName is the name given to a VLAN remediation creates: the
// inventory's, else one made from the cluster's name.
func vlanName(c model.Cluster) string {
	if c.VLANName != "" {
		return c.VLANName
	}
	name := "MULTICAST-CLUSTER"
	if c.Name != "" {
		name = strings.ToUpper(c.Name)
	}
	name = strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
	return name[:min(len(name), 32)]
}
