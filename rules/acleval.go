package rules

import (
	"fmt"
	"strings"

	"go4.org/netipx"

	"github.com/mcaudit/mcaudit/model"
)

// protoPGM is the IP protocol number of PGM (RFC 3208). No Cisco or
// Arista ACL has a keyword for it.
const protoPGM = 113

// verdict is what an ACL does with part of the PGM traffic.
type verdict int

const (
	permitted verdict = iota
	denied
	// unproven: an entry that may match could not be evaluated (unparsed,
	// conditional on DSCP/TTL/time, or an undefined object-group). It never
	// counts as a permit; the packets it may match stay undecided.
	unproven
)

// outcome is the fate of one part of the traffic and the line(s) deciding it.
type outcome struct {
	verdict verdict
	region  region
	refs    []model.Ref
	// why explains the outcome for a message: "line 70", "implicit deny at
	// the end of ACL EDGE-IN", or why an entry could not be evaluated.
	why      string
	implicit bool
	// seq is the deciding entry's sequence number (the ACL entry, or the
	// VLAN map entry); 0 with implicit.
	seq int
	// doubt holds the first line of each earlier entry that could not be
	// evaluated and may match some of these packets first: the verdict
	// holds only if they do not.
	doubt []model.Ref
}

// evalACL walks ACL name first-match against the PGM traffic in region in.
// The outcomes partition in, except that unproven outcomes overlap the
// outcomes of later entries (the traffic they may match stays undecided).
func evalACL(dev *model.Device, name string, in region) []outcome {
	acl := dev.ACLs[name]
	if acl == nil {
		return []outcome{{verdict: unproven, region: in,
			why: fmt.Sprintf("ACL %s is applied but not defined in the configuration", name)}}
	}
	var out []outcome
	rest := in
	for _, e := range acl.Entries {
		if rest.empty() {
			break
		}
		m, why := entryRect(dev, acl, e)
		if m == nil && why == "" {
			continue // cannot match PGM
		}
		if m == nil {
			out = append(out, outcome{verdict: unproven, region: rest, refs: []model.Ref{e.Ref}, why: why})
			continue
		}
		hit := rest.intersect(*m)
		if hit.empty() {
			continue
		}
		if e.Condition != "" {
			out = append(out, outcome{verdict: unproven, region: hit, refs: []model.Ref{e.Ref},
				why: fmt.Sprintf("the entry depends on %q, which the audit cannot evaluate", e.Condition)})
			continue
		}
		v := permitted
		if e.Action == model.Deny {
			v = denied
		}
		// A named entry (a Junos term) spans lines: its name says which,
		// and the evidence shows the line that decides.
		why = fmt.Sprintf("%s %s sequence %d (%s)", aclWord(dev, name), acl.Name, e.Seq, aceText(e.Ref))
		if e.Name != "" {
			why = fmt.Sprintf("%s %s term %s", aclWord(dev, name), acl.Name, e.Name)
		}
		out = append(out, outcome{verdict: v, region: hit, refs: []model.Ref{e.Ref}, seq: e.Seq, why: why})
		rest = rest.minusRegion(hit)
	}
	if !rest.empty() {
		out = append(out, outcome{verdict: denied, region: rest, refs: []model.Ref{acl.Ref}, implicit: true,
			why: fmt.Sprintf("implicit deny at the end of %s %s", aclWord(dev, name), acl.Name)})
	}
	return withDoubts(out)
}

// aclWord is what d's platform calls ACL name: "ACL", or the ACL's own
// Kind ("filter" on Junos).
func aclWord(d *model.Device, name string) string {
	if a := d.ACLs[name]; a != nil && a.Kind != "" {
		return a.Kind
	}
	return "ACL"
}

// withDoubts notes on each decided outcome the unproven outcomes before
// it that overlap its packets. An unproven entry stays in the walk so that
// later lines still decide, but a "denied" behind it is not a proof.
func withDoubts(out []outcome) []outcome {
	for i := range out {
		if out[i].verdict == unproven {
			continue
		}
		out[i].doubt = nil
		for _, u := range out[:i] {
			if u.verdict == unproven && len(u.refs) > 0 && out[i].region.overlaps(u.region) {
				out[i].doubt = append(out[i].doubt, u.refs[0])
			}
		}
	}
	return out
}

// entryRect returns the PGM packets entry e matches. It returns nil and
// an empty reason for an entry that cannot match PGM (another protocol,
// non-initial fragments only), and nil with a reason for an entry that
// might match but cannot be evaluated.
func entryRect(dev *model.Device, acl *model.ACL, e *model.ACE) (*rect, string) {
	if e.Unparsed != "" {
		// A protocol that was read before the parse failed and is not
		// PGM settles the entry; otherwise it might match.
		if !e.Proto.Any && e.Proto.Group == "" && e.Proto.Num != 0 && e.Proto.Num != protoPGM {
			return nil, ""
		}
		return nil, "the line could not be read: " + e.Unparsed
	}
	if e.Fragments {
		return nil, ""
	}
	match, why := matchesPGM(dev, e.Proto, map[string]bool{})
	if why != "" {
		return nil, why
	}
	if !match {
		return nil, ""
	}
	src, why := addrSet(dev, e.Src, map[string]bool{})
	if why != "" {
		return nil, why
	}
	dst, why := addrSet(dev, e.Dst, map[string]bool{})
	if why != "" {
		return nil, why
	}
	return &rect{src: src, dst: dst}, ""
}

// matchesPGM reports whether a protocol match covers IP protocol 113:
// "ip" covers every protocol; a service object-group is expanded. One
// member that covers 113 settles it, even when another cannot be read.
// path holds the groups being expanded, not every group seen: two nested
// groups may share a member group without that being a loop.
func matchesPGM(dev *model.Device, p model.Proto, path map[string]bool) (bool, string) {
	if p.Any {
		return true, ""
	}
	if p.Group == "" {
		return p.Num == protoPGM, ""
	}
	g := dev.ServiceGroups[p.Group]
	if g == nil {
		return false, fmt.Sprintf("service object-group %s is not defined", p.Group)
	}
	if path[g.Name] {
		return false, fmt.Sprintf("service object-group %s contains itself", g.Name)
	}
	path[g.Name] = true
	defer delete(path, g.Name)
	for _, s := range g.Protos {
		if s.Any || s.Num == protoPGM {
			return true, ""
		}
	}
	unknown := ""
	for _, sub := range g.Groups {
		m, why := matchesPGM(dev, model.Proto{Group: sub}, path)
		if m {
			return true, ""
		}
		if unknown == "" {
			unknown = why
		}
	}
	if unknown == "" && len(g.Unparsed) > 0 {
		unknown = fmt.Sprintf("service object-group %s has a member that could not be read (%s line %d)", g.Name, g.Unparsed[0].File, g.Unparsed[0].Line)
	}
	return false, unknown
}

// addrSet returns the addresses an ACE address matches. path holds the
// groups being expanded, as in matchesPGM.
func addrSet(dev *model.Device, a model.AddrMatch, path map[string]bool) (*netipx.IPSet, string) {
	switch {
	case a.Any:
		return setOf(allV4), ""
	case a.Group == "":
		return setOf(a.Prefix), ""
	}
	g := dev.AddressGroups[a.Group]
	if g == nil {
		return nil, fmt.Sprintf("address object-group %s is not defined", a.Group)
	}
	if path[g.Name] {
		return nil, fmt.Sprintf("address object-group %s contains itself", g.Name)
	}
	path[g.Name] = true
	defer delete(path, g.Name)
	if len(g.Unparsed) > 0 {
		return nil, fmt.Sprintf("address object-group %s has a member that could not be read (%s line %d)", g.Name, g.Unparsed[0].File, g.Unparsed[0].Line)
	}
	var b netipx.IPSetBuilder
	for _, p := range g.Prefixes {
		b.AddPrefix(p)
	}
	for _, sub := range g.Groups {
		s, why := addrSet(dev, model.AddrMatch{Group: sub}, path)
		if why != "" {
			return nil, why
		}
		b.AddSet(s)
	}
	s, _ := b.IPSet()
	return s, ""
}

// evalVLANMap walks a VLAN access map: entries in sequence order, each
// taking the packets its match ACLs permit (all packets when it has no
// match clause) and forwarding or dropping them. Packets no entry takes
// are dropped when the map matches on IP at all, else forwarded.
func evalVLANMap(dev *model.Device, m *model.VLANMap, in region) []outcome {
	var out []outcome
	rest := in
	matchesIP := false
	for _, e := range m.Entries {
		if rest.empty() {
			break
		}
		if e.MatchMAC && len(e.MatchIP) == 0 {
			continue // MAC ACLs apply to non-IP frames only
		}
		entryRefs := []model.Ref{e.Ref}
		if e.ActionRef != nil {
			entryRefs = append(entryRefs, *e.ActionRef)
		}
		var taken region
		var takenRefs []model.Ref
		var takenWhy string
		if len(e.MatchIP) == 0 {
			taken = rest
		} else {
			matchesIP = true
			for _, name := range e.MatchIP {
				for _, o := range evalACL(dev, name, rest) {
					switch {
					case o.verdict == permitted:
						taken = append(taken, o.region...)
						takenRefs = append(takenRefs, o.refs...)
						if takenWhy == "" {
							takenWhy = fmt.Sprintf(", matched by %s", o.why)
						}
					case o.verdict == unproven:
						out = append(out, outcome{verdict: unproven, region: o.region,
							refs: append(append([]model.Ref{}, entryRefs...), o.refs...), why: o.why})
					}
				}
			}
		}
		if taken.empty() {
			continue
		}
		v, action := permitted, "forward"
		if e.Drop {
			v, action = denied, "drop"
		}
		out = append(out, outcome{verdict: v, region: taken, refs: append(entryRefs, takenRefs...), seq: e.Seq,
			why: fmt.Sprintf("VLAN map %s sequence %d (action %s)%s", m.Name, e.Seq, action, takenWhy)})
		rest = rest.minusRegion(taken)
	}
	if !rest.empty() && matchesIP {
		var refs []model.Ref
		if len(m.Entries) > 0 {
			refs = []model.Ref{m.Entries[len(m.Entries)-1].Ref}
		}
		out = append(out, outcome{verdict: denied, region: rest, refs: refs, implicit: true,
			why: fmt.Sprintf("implicit drop at the end of VLAN map %s (no entry matches)", m.Name)})
	}
	return withDoubts(out)
}

// aceText is an ACL line for a message: without indentation, a leading
// sequence number or runs of blanks.
func aceText(r model.Ref) string {
	f := strings.Fields(r.Text)
	if len(f) > 1 && strings.Trim(f[0], "0123456789") == "" {
		f = f[1:]
	}
	return strings.Join(f, " ")
}
