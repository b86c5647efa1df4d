package juniper

// Predicted configuration: Apply plays the lines a remediation types in
// configuration mode onto a saved Junos configuration and returns the
// configuration the switch would then hold, as "set" lines, for mcaudit
// to audit again. Junos' configuration is a tree of statements whatever
// form it is shown in, so the prediction works on statements, in order:
//
//   - "set" of a container or of a member of a list adds the statement
//     where it is not already there, after the statements it shares the
//     most words with; "set" of a leaf that holds one value (vlan-id,
//     interface-mode, an l2-querier's source-address, an IGMP version)
//     replaces its value in place;
//   - "delete" removes the statement and everything under it, and, as
//     Junos only warns of a statement that is not there, is then a no-op;
//   - "insert ... term T before|after term U" moves the statements of
//     term T to just before (after) those of term U.
//
// Only the statements the Junos templates write are known; every other
// line is refused.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// LineError is a typed line Apply cannot apply.
type LineError = cfgtree.LineError

// form is a statement a template writes: its words, "*" for any one.
type form struct {
	words []string
	// leaf: the last word is the statement's one value, which a set
	// replaces.
	leaf bool
}

func f(pattern string, leaf bool) form { return form{strings.Fields(pattern), leaf} }

var forms = []form{
	f("vlans * vlan-id *", true),
	f("vlans * description *", true),
	f("protocols igmp-snooping vlan *", false),
	f("protocols igmp-snooping vlan * disable", false),
	f("protocols igmp-snooping vlan * l2-querier source-address *", true),
	f("protocols igmp interface *", false),
	f("protocols igmp interface * version *", true),
	f("firewall family ethernet-switching filter * term * from ip-source-address *", false),
	f("firewall family ethernet-switching filter * term * from ip-destination-address *", false),
	f("firewall family ethernet-switching filter * term * from ip-protocol *", false),
	f("firewall family ethernet-switching filter * term * then accept", false),
	f("interfaces * unit 0 family ethernet-switching vlan members *", false),
	f("interfaces * unit 0 family ethernet-switching interface-mode *", true),
}

// deletes are the statements the templates delete, each with what is
// under it.
var deletes = []form{
	f("vlans *", false),
	f("protocols igmp-snooping vlan *", false),
	f("protocols igmp-snooping vlan * disable", false),
	f("protocols igmp-snooping vlan * l2-querier", false),
	f("protocols igmp interface *", false),
	f("firewall family ethernet-switching filter * term *", false),
	f("interfaces * unit 0 family ethernet-switching vlan members *", false),
	f("interfaces * unit 0 family ethernet-switching interface-mode", false),
}

// matches reports whether words are the form.
func (fm form) matches(words []string) bool {
	if len(words) != len(fm.words) {
		return false
	}
	for i, w := range words {
		if fm.words[i] != "*" && fm.words[i] != w {
			return false
		}
	}
	return true
}

// held is a statement of the prediction and the typed line that put it
// there (0: the saved configuration).
type held struct {
	stmt
	src int
}

// Apply returns config with the configuration-mode lines applied, as
// "show configuration | display set" would show it afterwards.
func Apply(config []byte, lines []string) ([]byte, error) {
	if err := ParseConfig(model.NewDevice("config", Junos), "config", config); err != nil {
		return nil, fmt.Errorf("cannot apply lines to a config that does not parse: %w", err)
	}
	c := statements("config", string(config))
	if len(c.bad) > 0 {
		return nil, fmt.Errorf("cannot predict a config with a line that is not a Junos statement (line %d: %s)", c.bad[0].Ref.Line, c.bad[0].Why)
	}
	st := make([]held, len(c.stmts))
	for i, s := range c.stmts {
		st[i] = held{stmt: s}
	}
	for i, l := range lines {
		no := i + 1
		w, err := words(l)
		if err != nil || len(w) < 2 {
			return nil, &LineError{Line: no, Text: l, Msg: "not a set, delete or insert statement"}
		}
		switch w[0] {
		case "set":
			st, err = applySet(st, w[1:], no)
		case "delete":
			st, err = applyDelete(st, w[1:])
		case "insert":
			st, err = applyInsert(st, w[1:])
		default:
			err = fmt.Errorf("%q is not set, delete or insert", w[0])
		}
		if err != nil {
			return nil, &LineError{Line: no, Text: l, Msg: err.Error()}
		}
	}
	out, srcs := render(st, c.deactivated)
	dev := model.NewDevice("predicted", Junos)
	if err := ParseConfig(dev, "predicted config", out); err != nil {
		return nil, fmt.Errorf("the predicted config does not parse: %w", err)
	}
	for _, u := range dev.Unparsed {
		if n := u.Ref.Line; n >= 1 && n <= len(srcs) && srcs[n-1] > 0 {
			return nil, &LineError{Line: srcs[n-1], Text: lines[srcs[n-1]-1], Msg: "the predicted config has a statement Junos would not take: " + u.Why}
		}
	}
	return out, nil
}

func formOf(w []string) (form, bool) {
	for _, fm := range forms {
		if fm.matches(w) {
			return fm, true
		}
	}
	return form{}, false
}

func hasPrefix(w, p []string) bool {
	return len(w) >= len(p) && slices.Equal(w[:len(p)], p)
}

func applySet(st []held, w []string, src int) ([]held, error) {
	fm, ok := formOf(w)
	if !ok {
		return nil, fmt.Errorf("not a statement mcaudit's templates write")
	}
	n := held{stmt: stmt{words: w}, src: src}
	if fm.leaf {
		parent := w[:len(w)-1]
		at := -1
		kept := st[:0:0]
		for _, h := range st {
			if len(h.words) == len(w) && hasPrefix(h.words, parent) {
				if at < 0 {
					at = len(kept)
					kept = append(kept, n)
				}
				continue
			}
			kept = append(kept, h)
		}
		if at >= 0 {
			return kept, nil
		}
	} else {
		for _, h := range st {
			if hasPrefix(h.words, w) {
				return st, nil // there already
			}
		}
	}
	return slices.Insert(st, placeFor(st, w), n), nil
}

// placeFor is where a new statement goes: after the last statement that
// shares the most leading words with it, or last.
func placeFor(st []held, w []string) int {
	best, at := 0, len(st)
	for i, h := range st {
		k := 0
		for k < len(w) && k < len(h.words) && h.words[k] == w[k] {
			k++
		}
		if k > 0 && k >= best {
			best, at = k, i+1
		}
	}
	return at
}

func applyDelete(st []held, w []string) ([]held, error) {
	if !slices.ContainsFunc(deletes, func(fm form) bool { return fm.matches(w) }) {
		return nil, fmt.Errorf("not a statement mcaudit's templates delete")
	}
	return slices.DeleteFunc(st, func(h held) bool { return hasPrefix(h.words, w) }), nil
}

// applyInsert moves a filter's term: "insert firewall family
// ethernet-switching filter F term T before|after term U".
func applyInsert(st []held, w []string) ([]held, error) {
	fm := f("firewall family ethernet-switching filter * term * * term *", false)
	if !fm.matches(w) || (w[7] != "before" && w[7] != "after") {
		return nil, fmt.Errorf(`want "insert firewall family ethernet-switching filter F term T before|after term U"`)
	}
	moved, other := w[:7], append(slices.Clone(w[:5]), "term", w[9])
	var block, rest []held
	for _, h := range st {
		if hasPrefix(h.words, moved) {
			block = append(block, h)
		} else {
			rest = append(rest, h)
		}
	}
	if len(block) == 0 {
		return nil, fmt.Errorf("term %s is not in filter %s", w[6], w[4])
	}
	first, last := -1, -1
	for i, h := range rest {
		if hasPrefix(h.words, other) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil, fmt.Errorf("term %s is not in filter %s", w[9], w[4])
	}
	at := first
	if w[7] == "after" {
		at = last + 1
	}
	return slices.Insert(rest, at, block...), nil
}

// render writes the statements as "set" lines, then the deactivated
// paths that still hold one; srcs[i] is the typed line that wrote output
// line i+1, 0 for the saved configuration's.
func render(st []held, deactivated [][]string) ([]byte, []int) {
	var b strings.Builder
	var srcs []int
	for _, h := range st {
		b.WriteString("set " + quoteWords(h.words) + "\n")
		srcs = append(srcs, h.src)
	}
	for _, d := range deactivated {
		if slices.ContainsFunc(st, func(h held) bool { return hasPrefix(h.words, d) }) {
			b.WriteString("deactivate " + quoteWords(d) + "\n")
			srcs = append(srcs, 0)
		}
	}
	return []byte(b.String()), srcs
}

// quoteWords joins words as Junos prints them: a word with a blank or a
// character of the syntax in double quotes.
func quoteWords(w []string) string {
	out := make([]string, len(w))
	for i, x := range w {
		if x == "" || strings.ContainsAny(x, " \t;{}#\"[]") {
			x = `"` + strings.ReplaceAll(x, `"`, `\"`) + `"`
		}
		out[i] = x
	}
	return strings.Join(out, " ")
}
