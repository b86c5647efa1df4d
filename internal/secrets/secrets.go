// Package secrets removes secrets from configuration text before it
// reaches disk, by rules a vendor gives: the value that follows a keyword
// ("secret", "ciphertext", "community"), or any word of a shape that only
// a secret has (Junos "$9$..."). Each secret is replaced in place by
// Marker; the rest of the line, its ending and the file's line count stay,
// so that the scrubbed text parses and audits as the original did.
//
// Vendors whose dialect has more than keywords (Cisco's banners, key
// blobs, EEM commands) keep scrubbers of their own.
package secrets

import (
	"bytes"
	"slices"
)

// Marker replaces every secret.
const Marker = "<scrubbed>"

// Rule finds one kind of secret.
type Rule struct {
	// After is the keyword the secret follows.
	After string
	// Lead, where set, is the first word a line must have for the rule to
	// apply ("snmp-server" for "community").
	Lead string
	// Skip are words that may stand between the keyword and the value:
	// an encryption type ("0", "7", "sha512"), an algorithm ("md5").
	Skip []string
	// Offset is how many words after the keyword the value is, before
	// Skip applies ("ntp authentication-key N md5 X": 2).
	Offset int
	// Prefix, instead of After, makes every word that starts with it a
	// secret, wherever it stands (with or without a double quote before).
	Prefix string
}

// Scrub applies the rules to every line of text and returns the scrubbed
// text and how many secrets it replaced. A value that already reads
// Marker is left alone and not counted again.
func Scrub(text []byte, rules []Rule) ([]byte, int) {
	out := make([]byte, 0, len(text))
	n := 0
	var toks [][2]int
	for len(text) > 0 {
		end := bytes.IndexByte(text, '\n')
		next := end + 1
		if end < 0 {
			end, next = len(text), len(text)
		}
		body := end
		if body > 0 && text[body-1] == '\r' {
			body--
		}
		ln := text[:body]
		toks = words(ln, toks[:0])
		var hits [][2]int
		for _, r := range rules {
			hits = r.find(ln, toks, hits)
		}
		out, n = replace(out, ln, hits, n)
		out = append(out, text[body:next]...)
		text = text[next:]
	}
	return out, n
}

// words splits a line into words, a double-quoted one with its blanks.
func words(ln []byte, toks [][2]int) [][2]int {
	for i := 0; i < len(ln); {
		for i < len(ln) && (ln[i] == ' ' || ln[i] == '\t') {
			i++
		}
		if i == len(ln) {
			break
		}
		start := i
		if ln[i] == '"' {
			j := bytes.IndexByte(ln[i+1:], '"')
			if j >= 0 {
				i += j + 2
				toks = append(toks, [2]int{start, i})
				continue
			}
		}
		for i < len(ln) && ln[i] != ' ' && ln[i] != '\t' {
			i++
		}
		end := i
		if end-start > 1 && ln[end-1] == ';' {
			end-- // Junos ends a statement with ";": it is not the value's
		}
		toks = append(toks, [2]int{start, end})
	}
	return toks
}

func (r Rule) find(ln []byte, toks [][2]int, hits [][2]int) [][2]int {
	word := func(k int) string { return string(ln[toks[k][0]:toks[k][1]]) }
	if r.Prefix != "" {
		for k := range toks {
			w := word(k)
			if bytes.HasPrefix([]byte(w), []byte(r.Prefix)) || bytes.HasPrefix([]byte(w), []byte(`"`+r.Prefix)) {
				hits = append(hits, toks[k])
			}
		}
		return hits
	}
	if len(toks) == 0 {
		return hits
	}
	first := 0
	if word(0) == "no" || word(0) == "set" {
		first = 1 // Junos set lines, and negated commands, lead with a verb
	}
	if r.Lead != "" && (first >= len(toks) || word(first) != r.Lead) {
		return hits
	}
	for k := first; k < len(toks); k++ {
		if word(k) != r.After {
			continue
		}
		v := k + 1 + r.Offset
		for v < len(toks) && slices.Contains(r.Skip, word(v)) && v+1 < len(toks) {
			v++
		}
		if v < len(toks) {
			hits = append(hits, toks[v])
		}
		return hits
	}
	return hits
}

// replace writes ln with every hit replaced by Marker (a quoted value by
// a quoted Marker, so that the line still parses), counting the new ones.
func replace(out, ln []byte, hits [][2]int, n int) ([]byte, int) {
	slices.SortFunc(hits, func(a, b [2]int) int { return a[0] - b[0] })
	at := 0
	for _, h := range hits {
		if h[0] < at {
			continue // two rules, one word
		}
		out = append(out, ln[at:h[0]]...)
		w := ln[h[0]:h[1]]
		quoted := len(w) >= 2 && w[0] == '"' && w[len(w)-1] == '"'
		if string(w) != Marker && string(w) != `"`+Marker+`"` {
			n++
		}
		if quoted {
			out = append(out, '"')
			out = append(out, Marker...)
			out = append(out, '"')
		} else {
			out = append(out, Marker...)
		}
		at = h[1]
	}
	return append(out, ln[at:]...), n
}
