// Package rules judges the model against what reliable multicast (PGM, IP
// protocol 113) needs from a switched network. Each rule has its own file
// saying what it checks and why; rules see only the vendor-neutral model.
package rules

import (
	"cmp"
	"slices"
)

// Rule is one check.
type Rule struct {
	ID       string
	Severity Severity
	// Summary says what the rule checks; Why says what breaks when it
	// fails. Both are shown by "mcaudit rules" and in reports.
	Summary string
	Why     string
	// Fix says what to do about a finding, and whether mcaudit remediate
	// writes it.
	Fix string
	// Unproven marks a rule whose finding says a verdict could not be
	// reached (a line not understood, a request refused, a state that
	// could not be read): a run with one is not a pass.
	Unproven bool
	check    func(*Scope) []Finding
}

// registry lists every rule. An ID never changes meaning; a new check gets
// a new ID.
var registry = []*Rule{
	&snoopingDisabled,
	&snoopingUnverified,
	&querierMissing,
	&igmpVersionV1,
	&pgmBlocked,
	&vlanMissing,
	&vlanNotOnTrunk,
	&hostPortWrongVLAN,
	&noL2Path,
	&vlanNotDedicated,
	&stormControlMulticast,
	&queryIntervalShort,
	&aclUnparsed,
	&vlanUnverified,
	&routerACLOnSVI,
	&configUnparsed,
	&dataRefused,
	&linkMismatch,
	&waiverExpired,
	&waiverUnused,
}

// All returns the rules in a stable order: by severity, then ID.
func All() []*Rule {
	out := slices.Clone(registry)
	slices.SortStableFunc(out, func(a, b *Rule) int {
		return cmp.Or(cmp.Compare(a.Severity.Rank(), b.Severity.Rank()), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Scoped reports whether the rule judges a cluster's scope (Run makes its
// findings), as opposed to one whose findings come from elsewhere.
func (r *Rule) Scoped() bool { return r.check != nil }

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Run applies every rule to the scope. A finding that rests on a line the
// parser could not read is left out: config-unparsed reports the line, and
// the verdict as not proven; one that rests on what a device refused to
// say, likewise, and data-refused reports the refusal. Findings come back in the scope's device
// order, most severe first, then by rule and evidence.
func Run(s *Scope) []Finding {
	var out []Finding
	u := s.unreadable()
	for _, r := range registry {
		if r.check == nil {
			continue // its findings come from elsewhere (a waivers file)
		}
		for _, f := range r.check(s) {
			f.Rule, f.Severity, f.VLAN, f.Cluster = r.ID, r.Severity, s.Cluster.VLAN, s.Cluster.Name
			if r != &configUnparsed && u.covers(s.device(f.Device), f) {
				continue // not proven: config-unparsed names the line instead
			}
			if r != &dataRefused && s.restsOnRefusal(f) {
				continue // not proven: data-refused names the refusal instead
			}
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(s.fleet.rank(a.Device), s.fleet.rank(b.Device)),
			cmp.Compare(a.Severity.Rank(), b.Severity.Rank()),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(firstLine(a), firstLine(b)),
		)
	})
	return out
}

func firstLine(f Finding) int {
	if len(f.Evidence) == 0 {
		return 0
	}
	return f.Evidence[0].Line
}
