package termtext

import (
	"testing"
	"unicode/utf8"
)

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want, lines string }{
		{"dc1-acc1", "dc1-acc1", "dc1-acc1"},
		{"Zürich-sw1", "Zürich-sw1", "Zürich-sw1"},
		{"sw\x1b]0;pwned\x07", `sw\x1b]0;pwned\x07`, `sw\x1b]0;pwned\x07`},
		{"\x1b[2J\x1b[HPASS", `\x1b[2J\x1b[HPASS`, `\x1b[2J\x1b[HPASS`},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", `\x1b]8;;http://x\x1b\link\x1b]8;;\x1b\`, `\x1b]8;;http://x\x1b\link\x1b]8;;\x1b\`},
		{"a\nb\rc\td", `a\x0ab\x0dc\x09d`, "a\nb\\x0dc\\x09d"},
		{"\u009b2J", `\u009b2J`, `\u009b2J`},
		{"evil\u202etxt.exe", `evil\u202etxt.exe`, `evil\u202etxt.exe`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"del\x7f", `del\x7f`, `del\x7f`},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := VisibleLines(tc.in); got != tc.lines {
			t.Errorf("VisibleLines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
	}
}

func FuzzVisible(f *testing.F) {
	f.Add("sw\x1b]0;x\x07\n\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Visible(s), VisibleLines(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%q gave invalid UTF-8 %q", s, out)
			}
			for _, r := range out {
				if r < 0x20 && r != '\n' || r == 0x7f || hidden(r) {
					t.Fatalf("%q left %U in %q", s, r, out)
				}
			}
		}
		for _, r := range Visible(s) {
			if r == '\n' {
				t.Fatalf("Visible(%q) kept a line break", s)
			}
		}
	})
}
