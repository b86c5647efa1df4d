package rules

import (
	"fmt"
	"slices"

	"github.com/mcaudit/mcaudit/model"
)

var configUnparsed = Rule{
	ID:       "config-unparsed",
	Severity: Warning,
	Unproven: true,
	Summary: "Every configuration line on which a verdict about the cluster rests was understood: the " +
		"ports on its path, its VLAN, IGMP snooping and the querier, the VLAN maps that filter it.",
	Why: "A line the parser could not read may change the answer: a trunk's VLAN list, a port's mode, " +
		"snooping turned off. The device is still audited, but the verdicts that rest on that line are " +
		"not proven, and instead of a pass or a failure the audit names the line to check by hand. " +
		"Lines that configure nothing the audit reads are only counted in the device's parse summary.",
	Fix:   "Check the cited line by hand, or correct it if the device took a typo; the verdicts that rest on it are left out until it reads. Run mcaudit audit again after.",
	check: checkConfigUnparsed,
}

// unreadable is what the scope's verdicts cannot rest on: settings with a
// line the parser could not read.
type unreadable struct {
	lines map[string][]unprovenLine // by device
}

type unprovenLine struct {
	u    model.Unparsed
	what string // the verdicts it leaves unreadable, in words
}

// unreadable works out, once per scope, which unreadable lines the
// cluster's verdicts rest on.
func (s *Scope) unreadable() *unreadable {
	if s.unprov != nil {
		return s.unprov
	}
	u := &unreadable{lines: map[string][]unprovenLine{}}
	s.unprov = u
	v := s.Cluster.VLAN
	onPath := map[string]map[string]bool{}
	for _, p := range s.ports() {
		if onPath[p.Device.Name] == nil {
			onPath[p.Device.Name] = map[string]bool{}
		}
		onPath[p.Device.Name][p.Iface.Name] = true
	}
	for _, name := range s.scoped {
		d := s.device(name)
		if d == nil || len(d.Unparsed) == 0 || !(s.inDomain[name] || s.pathDevices[name]) {
			continue
		}
		for _, l := range d.Unparsed {
			var what string
			switch on := l.On; {
			case on.Kind == model.OnInterface && (onPath[name][on.Name] || s.Single):
				what = fmt.Sprintf("what %s carries (its mode, VLANs, state, ACLs and storm control)", on.Name)
			case on.Kind == model.OnSnooping && (on.VLAN == 0 || on.VLAN == v):
				what = fmt.Sprintf("IGMP snooping and the querier on VLAN %d", v)
			case on.Kind == model.OnVLAN && (on.VLAN == 0 || on.VLAN == v):
				what = fmt.Sprintf("whether VLAN %d exists and forwards", v)
			case on.Kind == model.OnVLANMap && filters(d, on.Name, v):
				what = fmt.Sprintf("what VLAN map %s does to VLAN %d", on.Name, v)
			default:
				continue
			}
			u.lines[name] = append(u.lines[name], unprovenLine{u: l, what: what})
		}
	}
	return u
}

// filters reports whether VLAN map m (every map, where the line names
// none) filters VLAN v on d.
func filters(d *model.Device, m string, v int) bool {
	for _, f := range d.VLANFilters {
		if (m == "" || f.Map == m) && f.VLANs.Has(v) {
			return true
		}
	}
	return m == ""
}

func checkConfigUnparsed(s *Scope) []Finding {
	u := s.unreadable()
	var out []Finding
	for _, name := range s.scoped {
		for _, l := range u.lines[name] {
			out = append(out, Finding{Device: name, Evidence: []model.Ref{l.u.Ref},
				Message: fmt.Sprintf("line %d could not be read (%s), so %s on %s is not proven: check that line by hand",
					l.u.Ref.Line, l.u.Why, l.what, name)})
		}
	}
	return out
}

// covers reports whether a finding rests on a setting with an unreadable
// line: it is then not proven, and config-unparsed says so instead.
func (u *unreadable) covers(d *model.Device, f Finding) bool {
	for _, l := range u.lines[f.Device] {
		on := l.u.On
		switch on.Kind {
		case model.OnInterface:
			if f.Subject != nil && f.Subject.Interface != "" && sameBundle(d, f.Subject.Interface, on.Name) &&
				slices.Contains([]string{"host-port-wrong-vlan", "vlan-not-on-trunk", "storm-control-multicast", "pgm-blocked"}, f.Rule) {
				return true
			}
		case model.OnSnooping:
			if slices.Contains([]string{"igmp-snooping-disabled", "igmp-version-v1", "igmp-querier-missing"}, f.Rule) {
				return true
			}
		case model.OnVLAN:
			if slices.Contains([]string{"vlan-missing", "vlan-unverified"}, f.Rule) {
				return true
			}
		case model.OnVLANMap:
			if f.Rule == "pgm-blocked" && f.Subject != nil && f.Subject.VLANMap != "" && (on.Name == "" || on.Name == f.Subject.VLANMap) {
				return true
			}
		}
	}
	// The querier is the whole domain's: an unreadable snooping line on
	// any switch of it leaves "no querier" unreadable everywhere.
	if f.Rule == "igmp-querier-missing" {
		for dev, ls := range u.lines {
			for _, l := range ls {
				if l.u.On.Kind == model.OnSnooping && dev != f.Device {
					return true
				}
			}
		}
	}
	return false
}

// sameBundle reports whether interfaces a and b of d are one, or one is
// the other's aggregate or a fellow member.
func sameBundle(d *model.Device, a, b string) bool {
	if a == b {
		return true
	}
	if d == nil {
		return false
	}
	ia, ib := d.Interface(a), d.Interface(b)
	if ia == nil || ib == nil {
		return false
	}
	agg := func(i *model.Interface) string {
		if i.Bundle != "" {
			return i.Bundle
		}
		return i.Name
	}
	return agg(ia) == agg(ib)
}
