// Package ifname spells interface names as a platform's configuration
// does, from any of the forms users, configurations and show output write
// ("Gi1/0/1", "gigabitethernet 1/0/1", "Eth1/49", "Po10"), by a table of
// the platform's interface types and their abbreviations.
package ifname

import "strings"

// Type is one interface type: its full name as the platform prints it in
// its configuration, and the abbreviations show output and users write,
// the one show output uses first.
type Type struct {
	Full   string
	Abbrev []string
}

// Table is a platform's interface types. Order matters only for prefix
// matching of unlisted abbreviations: the first type whose full name
// starts with the given letters wins, so the more common type comes first.
type Table []Type

// Canonical returns the full name for name; names it does not recognise
// are returned as they are, so that they can still be reported.
func (tb Table) Canonical(name string) string {
	name = strings.TrimSpace(name)
	// A configuration already spells names in full: keep them.
	for _, t := range tb {
		if rest, ok := strings.CutPrefix(name, t.Full); ok && startsNumber(rest) {
			return name
		}
	}
	i := strings.IndexFunc(name, func(r rune) bool { return (r >= '0' && r <= '9') || r == ' ' })
	if i <= 0 {
		return name
	}
	kind := strings.ToLower(name[:i])
	rest := strings.TrimSpace(name[i:])
	for _, t := range tb {
		if strings.ToLower(t.Full) == kind {
			return t.Full + rest
		}
	}
	for _, t := range tb {
		for _, a := range t.Abbrev {
			if a == kind {
				return t.Full + rest
			}
		}
	}
	for _, t := range tb {
		if strings.HasPrefix(strings.ToLower(t.Full), kind) {
			return t.Full + rest
		}
	}
	return name
}

// Short abbreviates a full name the way show output does
// ("GigabitEthernet1/0/10" → "Gi1/0/10").
func (tb Table) Short(name string) string {
	for _, t := range tb {
		if rest, ok := strings.CutPrefix(name, t.Full); ok && len(t.Abbrev) > 0 && startsNumber(rest) {
			a := t.Abbrev[0]
			return strings.ToUpper(a[:1]) + a[1:] + rest
		}
	}
	return name
}

// TypeOf returns the full type name a full interface name starts with, or
// "" (the longest, where one type's name starts another's).
func (tb Table) TypeOf(name string) string {
	best := ""
	for _, t := range tb {
		if rest, ok := strings.CutPrefix(name, t.Full); ok && startsNumber(rest) && len(t.Full) > len(best) {
			best = t.Full
		}
	}
	return best
}

func startsNumber(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// T is a type with its full name and abbreviations.
func T(full string, abbrev ...string) Type { return Type{Full: full, Abbrev: abbrev} }
