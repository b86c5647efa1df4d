package juniper

import (
	"fmt"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// stmt is one configuration statement: its whole path of words, as
// "show configuration | display set" writes it after "set", and the line
// it was read from.
type stmt struct {
	words []string
	ref   model.Ref
	// inactive: deactivated ("inactive:", "deactivate ..."); kept so that
	// a predicted configuration keeps it, never read as configuration.
	inactive bool
}

func (s stmt) String() string { return strings.Join(s.words, " ") }

// config is a Junos configuration as statements.
type config struct {
	stmts []stmt
	// deactivated are the paths deactivated, as "deactivate" writes them.
	deactivated [][]string
	bad         []model.Unparsed
	setForm     bool
}

// statements reads a Junos configuration in either form - the curly
// hierarchy of "show configuration", or the "set" lines of "| display
// set" - as statements. Comments, annotations and "#" lines are skipped.
// A line that is neither form is returned as unreadable, with why.
func statements(file string, text string) config {
	var out []stmt
	var bad []model.Unparsed
	setForm := false
	lines := strings.Split(text, "\n")
	for _, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "set ") || strings.HasPrefix(t, "deactivate ") {
			setForm = true
			break
		}
	}
	ref := func(i int) model.Ref {
		return model.Ref{File: file, Line: i + 1, Text: strings.TrimSuffix(lines[i], "\r")}
	}
	if setForm {
		var inactive [][]string
		for i, l := range lines {
			w, err := words(l)
			switch {
			case err != nil:
				bad = append(bad, model.Unparsed{Ref: ref(i), Why: err.Error()})
			case len(w) == 0 || strings.HasPrefix(w[0], "#"):
			case w[0] == "set" && len(w) > 1:
				out = append(out, stmt{words: w[1:], ref: ref(i)})
			case w[0] == "deactivate" && len(w) > 1:
				inactive = append(inactive, w[1:])
			case w[0] == "activate" || w[0] == "delete" || w[0] == "protect" || w[0] == "annotate" || strings.HasSuffix(w[len(w)-1], ">") || strings.HasPrefix(w[0], "{"):
				// the rest of a display set output, a prompt, "{master:0}"
			default:
				bad = append(bad, model.Unparsed{Ref: ref(i), Why: "not a set statement"})
			}
		}
		for i := range out {
			out[i].inactive = under(out[i].words, inactive)
		}
		return config{stmts: out, deactivated: inactive, bad: bad, setForm: true}
	}
	var deact [][]string
	var path [][]string
	var off []bool // whether each open block is inactive
	inComment := false
	for i, l := range lines {
		t := strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if inComment {
			if strings.Contains(t, "*/") {
				inComment = false
			}
			continue
		}
		if strings.HasPrefix(t, "/*") {
			inComment = !strings.Contains(t, "*/")
			continue
		}
		if t == "" || strings.HasPrefix(t, "#") || strings.HasSuffix(t, ">") || strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && !strings.Contains(t, " ") {
			continue
		}
		w, err := words(t)
		if err != nil {
			bad = append(bad, model.Unparsed{Ref: ref(i), Why: err.Error()})
			continue
		}
		inact := false
		if w[0] == "inactive:" || w[0] == "protect:" {
			inact = w[0] == "inactive:"
			w = w[1:]
		}
		if len(w) == 0 {
			bad = append(bad, model.Unparsed{Ref: ref(i), Why: "a prefix without its statement"})
			continue
		}
		cur := len(off) > 0 && off[len(off)-1]
		switch last := w[len(w)-1]; {
		case len(w) == 1 && last == "}":
			if len(path) == 0 {
				bad = append(bad, model.Unparsed{Ref: ref(i), Why: "a \"}\" closes no block"})
				continue
			}
			path, off = path[:len(path)-1], off[:len(off)-1]
		case last == "{":
			path = append(path, w[:len(w)-1])
			off = append(off, cur || inact)
			if inact && !cur {
				deact = append(deact, flat(path))
			}
		case strings.HasSuffix(last, ";"):
			w[len(w)-1] = strings.TrimSuffix(last, ";")
			if w[len(w)-1] == "" {
				w = w[:len(w)-1]
			}
			if inact && !cur {
				deact = append(deact, append(flat(path), w...))
			}
			for _, full := range expandList(append(flat(path), w...)) {
				if len(full) > 0 {
					out = append(out, stmt{words: full, ref: ref(i), inactive: cur || inact})
				}
			}
		default:
			bad = append(bad, model.Unparsed{Ref: ref(i), Why: "a statement without its \";\" or \"{\""})
		}
	}
	if len(path) > 0 {
		bad = append(bad, model.Unparsed{Ref: ref(len(lines) - 1), Why: fmt.Sprintf("%d blocks never closed", len(path))})
	}
	return config{stmts: out, deactivated: deact, bad: bad}
}

// flat joins a block path into one list of words.
func flat(path [][]string) []string {
	var out []string
	for _, p := range path {
		out = append(out, p...)
	}
	return out
}

// words splits a line into words; a double-quoted string is one word,
// without its quotes.
func words(l string) ([]string, error) {
	var out []string
	for l = strings.TrimSpace(l); l != ""; l = strings.TrimSpace(l) {
		if l[0] == '"' {
			end := strings.IndexByte(l[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("a quote that never closes")
			}
			w := l[1 : end+1]
			l = l[end+2:]
			if strings.HasPrefix(l, ";") {
				w, l = w+";", l[1:] // the statement's end, kept for the caller
			}
			out = append(out, w)
			continue
		}
		i := strings.IndexAny(l, " \t")
		if i < 0 {
			i = len(l)
		}
		out = append(out, l[:i])
		l = l[i:]
	}
	return out, nil
}

// expandList turns "members [ a b ]" into one statement per element.
func expandList(w []string) [][]string {
	open := -1
	for i, x := range w {
		if x == "[" {
			open = i
			break
		}
	}
	if open < 0 {
		return [][]string{w}
	}
	var out [][]string
	for i := open + 1; i < len(w) && w[i] != "]"; i++ {
		full := append(append([]string{}, w[:open]...), w[i])
		out = append(out, full)
	}
	return out
}

// under reports whether words start with one of the prefixes.
func under(w []string, prefixes [][]string) bool {
	for _, p := range prefixes {
		if len(w) >= len(p) && strings.Join(w[:len(p)], " ") == strings.Join(p, " ") {
			return true
		}
	}
	return false
}
