// Package termtext makes text from devices and inventories safe to print
// on a terminal. A hostname, a config line or an error that quotes a
// device can hold escape sequences: a window title (OSC 0), a clear
// screen, a hyperlink (OSC 8), a cursor move that overwrites a FAIL with
// a PASS. Visible writes every control character, every byte that is not
// UTF-8, and the Unicode controls that reorder or hide text as a visible
// escape (\x1b, \u202e), and leaves all else as it is.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every control character made visible, line
// breaks included: for a field of a table.
func Visible(s string) string { return visible(s, false) }

// VisibleLines is Visible, but keeps line breaks ("\n"): for a message of
// several lines, such as an error.
func VisibleLines(s string) string { return visible(s, true) }

func visible(s string, keepNL bool) string {
	if safe(s, keepNL) {
		return s // the common case: no copy
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNL:
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func safe(s string, keepNL bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == 0x7f || c < 0x20 && !(c == '\n' && keepNL) {
			if c < 0x80 {
				return false
			}
			return safeUnicode(s[i:], keepNL)
		}
	}
	return true
}

func safeUnicode(s string, keepNL bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
		if r < 0x20 && !(r == '\n' && keepNL) || r == 0x7f || hidden(r) {
			return false
		}
	}
	return true
}

// hidden says whether r is a C1 control (which some terminals obey like
// ESC sequences) or a Unicode format control that reorders or hides text.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x200b, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}
