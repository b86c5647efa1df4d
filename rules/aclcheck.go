package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"

	"github.com/mcaudit/mcaudit/model"
)

// aclResults are the findings of one walk over every ACL and VLAN map on
// the cluster's path; three rules report from it.
type aclResults struct {
	blocked, unparsed, routed []Finding
}

// aclCheck evaluates, once per scope, every port ACL on the path and every
// VLAN map on the cluster VLAN against PGM from the hosts to the group, and
// the router ACLs on the VLAN's SVIs for information.
func (s *Scope) aclCheck() *aclResults {
	if s.acl != nil {
		return s.acl
	}
	r := &aclResults{}
	seenUnparsed := map[string]int{}
	addUnparsed := func(f Finding, key string, extra ...model.Ref) {
		if i, ok := seenUnparsed[key]; ok {
			r.unparsed[i].Evidence = append(r.unparsed[i].Evidence, extra...)
			return
		}
		seenUnparsed[key] = len(r.unparsed)
		r.unparsed = append(r.unparsed, f)
	}
	dst := setOf(s.groupDest())
	for _, p := range s.ports() {
		for _, dir := range []string{"in", "out"} {
			b := p.Iface.PortACLIn
			srcs := s.hostSources(nil)
			if dir == "out" {
				b = p.Iface.PortACLOut
			}
			if p.Host != nil {
				// Only the host itself sends into its port; the others'
				// traffic leaves through it.
				if dir == "in" {
					srcs = []netip.Prefix{netip.PrefixFrom(p.Host.IP, 32)}
				} else {
					srcs = s.hostSources(p.Host)
				}
			}
			if b == nil || len(srcs) == 0 {
				continue
			}
			where := fmt.Sprintf("%s %s on %s (%s)", aclWord(p.Device, b.ACL), b.ACL, p.Iface.Name, dir)
			for _, o := range s.evalPortACL(p.Device, b.ACL, srcs, dst) {
				switch o.verdict {
				case denied:
					r.blocked = append(r.blocked, Finding{Device: p.Device.Name,
						Message:  fmt.Sprintf("%s denies IP protocol 113 %s: %s", where, o.flows, decidedBy(o.outcome)),
						Evidence: slices.Concat(o.refs, []model.Ref{b.Ref}, o.doubt),
						Subject: &Subject{Interface: p.Iface.Name, ACL: b.ACL, Direction: dir, Seq: o.seq,
							Sources: o.region.sourcePrefixes()}})
				case unproven:
					key := p.Device.Name + "|" + refKey(o.refs) + "|" + o.why
					addUnparsed(Finding{Device: p.Device.Name,
						Message:  fmt.Sprintf("%s: %s; whether it passes IP protocol 113 %s is not proven", where, o.why, o.flows),
						Evidence: slices.Concat(o.refs, []model.Ref{b.Ref})}, key, b.Ref)
				}
			}
		}
	}
	all := region{{setOf(s.hostSources(nil)...), dst}}
	for _, d := range s.domainDevices() {
		for _, f := range d.VLANFilters {
			if !f.VLANs.Has(s.Cluster.VLAN) {
				continue
			}
			m := d.VLANMaps[f.Map]
			if m == nil {
				addUnparsed(Finding{Device: d.Name,
					Message:  fmt.Sprintf("VLAN filter on VLAN %d applies VLAN map %s, which is not defined; what it does to IP protocol 113 is not proven", s.Cluster.VLAN, f.Map),
					Evidence: []model.Ref{f.Ref}}, d.Name+"|"+refKey([]model.Ref{f.Ref}))
				continue
			}
			where := fmt.Sprintf("VLAN map %s on VLAN %d", m.Name, s.Cluster.VLAN)
			for _, o := range evalVLANMap(d, m, all) {
				switch o.verdict {
				case denied:
					r.blocked = append(r.blocked, Finding{Device: d.Name,
						Message:  fmt.Sprintf("%s drops IP protocol 113 %s: %s", where, o.region.flows(), decidedBy(o)),
						Evidence: dedupRefs(append(append(o.refs, f.Ref), o.doubt...)),
						Subject:  &Subject{VLANMap: m.Name, Seq: o.seq, Sources: o.region.sourcePrefixes()}})
				case unproven:
					addUnparsed(Finding{Device: d.Name,
						Message:  fmt.Sprintf("%s: %s; whether it passes IP protocol 113 is not proven", where, o.why),
						Evidence: append(o.refs, f.Ref)}, d.Name+"|"+refKey(o.refs)+"|"+o.why)
				}
			}
		}
		if vl := d.VLANs[s.Cluster.VLAN]; vl != nil {
			for _, b := range []*model.ACLBinding{vl.ACLIn, vl.ACLOut} {
				if b == nil {
					continue
				}
				dir := map[bool]string{true: "in", false: "out"}[b == vl.ACLIn]
				where := fmt.Sprintf("%s %s on VLAN %d (%s)", aclWord(d, b.ACL), b.ACL, s.Cluster.VLAN, dir)
				for _, o := range evalACL(d, b.ACL, all) {
					switch o.verdict {
					case denied:
						r.blocked = append(r.blocked, Finding{Device: d.Name,
							Message:  fmt.Sprintf("%s denies IP protocol 113 %s: %s", where, o.region.flows(), decidedBy(o)),
							Evidence: dedupRefs(slices.Concat(o.refs, []model.Ref{b.Ref}, o.doubt)),
							Subject:  &Subject{ACL: b.ACL, Direction: dir, Scope: "vlan", Seq: o.seq, Sources: o.region.sourcePrefixes()}})
					case unproven:
						addUnparsed(Finding{Device: d.Name,
							Message:  fmt.Sprintf("%s: %s; whether it passes IP protocol 113 is not proven", where, o.why),
							Evidence: append(o.refs, b.Ref)}, d.Name+"|"+refKey(o.refs)+"|"+o.why)
					}
				}
			}
		}
		svi := d.SVI(s.Cluster.VLAN)
		if svi == nil {
			continue
		}
		for _, b := range []*model.ACLBinding{svi.RouterACLIn, svi.RouterACLOut} {
			if b == nil {
				continue
			}
			dir := "in"
			if b == svi.RouterACLOut {
				dir = "out"
			}
			msg := fmt.Sprintf("%s %s on %s (%s) is a router ACL: it filters routed traffic only and does not see PGM bridged inside VLAN %d", aclWord(d, b.ACL), b.ACL, svi.Name, dir, s.Cluster.VLAN)
			ev := []model.Ref{b.Ref}
			for _, o := range evalACL(d, b.ACL, all) {
				if o.verdict == denied {
					msg += fmt.Sprintf("; it would drop IP protocol 113 if the cluster traffic were routed: %s", decidedBy(o))
					ev = append(ev, o.refs...)
					break
				}
			}
			r.routed = append(r.routed, Finding{Device: d.Name, Message: msg, Evidence: ev,
				Subject: &Subject{Interface: svi.Name, ACL: b.ACL, Direction: dir, Scope: "svi"}})
		}
	}
	s.acl = r
	return r
}

// describedOutcome is an outcome with its traffic put into words.
type describedOutcome struct {
	outcome
	flows string
}

// evalPortACL evaluates an ACL against PGM from srcs to dst, once per
// device, ACL and sources: on a large access switch hundreds of ports
// carry the same ACL, and both the evaluation and its wording repeat.
func (s *Scope) evalPortACL(d *model.Device, acl string, srcs []netip.Prefix, dst *netipx.IPSet) []describedOutcome {
	key := fmt.Sprint(d.Name, "\x00", acl, "\x00", srcs)
	if out, ok := s.aclMemo[key]; ok {
		return out
	}
	var out []describedOutcome
	for _, o := range evalACL(d, acl, region{{setOf(srcs...), dst}}) {
		out = append(out, describedOutcome{o, o.region.flows()})
	}
	if s.aclMemo == nil {
		s.aclMemo = map[string][]describedOutcome{}
	}
	s.aclMemo[key] = out
	return out
}

// decidedBy names what decides an outcome, for a message, and the lines
// that could not be evaluated but may decide first.
func decidedBy(o outcome) string {
	if len(o.doubt) == 0 {
		return o.why
	}
	var lines []string
	for _, r := range o.doubt {
		lines = append(lines, fmt.Sprint(r.Line))
	}
	return fmt.Sprintf("%s, unless the entry on line %s, which could not be evaluated, matches first",
		o.why, strings.Join(lines, ", line "))
}

func refKey(refs []model.Ref) string {
	var b strings.Builder
	for _, r := range refs {
		fmt.Fprintf(&b, "%s:%d,", r.File, r.Line)
	}
	return b.String()
}
