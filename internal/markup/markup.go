// Package markup writes text from devices and inventories into Markdown
// and Jira wiki markup so that it reads as the text it is: never a link,
// an image, a heading or the end of a code block.
package markup

import (
	"regexp"
	"strings"
)

// mdReplacer escapes the characters that Markdown would read as markup in
// running text or a table cell. A backslash before ASCII punctuation is
// always an escape in CommonMark, so over-escaping is harmless.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "|", `\|`, "*", `\*`, "_", `\_`,
	"<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "&", `\&`,
)

// Escape escapes s for Markdown running text.
func Escape(s string) string { return mdReplacer.Replace(s) }

// Cell is text for a Markdown table cell: escaped, on one line.
func Cell(s string) string { return Escape(OneLine(s)) }

// CellCode is inline code for a table cell: GitHub splits cells on pipes
// before it reads code spans, so a pipe is escaped even there.
func CellCode(s string) string { return strings.ReplaceAll(CodeSpan(s), "|", `\|`) }

// OneLine joins s's words with single spaces.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// CodeSpan quotes s as inline code, with a fence longer than any run of
// backticks inside.
func CodeSpan(s string) string {
	s = OneLine(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// CodeFence is a fence of backticks longer than any run inside text.
func CodeFence(text string) string {
	return strings.Repeat("`", max(3, longestRun(text, '`')+1))
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// Prose escapes text for Markdown line by line, keeping the "- " of the
// list items the caller writes.
func Prose(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		item, rest := "", l
		if r, ok := strings.CutPrefix(l, "- "); ok {
			item, rest = "- ", r
		}
		rest = Escape(rest)
		// What would open a block at the start of a line: a heading, a
		// quote, a list, a rule.
		if rest != "" && strings.ContainsRune("#>+-=~", rune(rest[0])) {
			rest = `\` + rest
		}
		lines[i] = item + rest
	}
	return strings.Join(lines, "\n")
}

// JiraEscape escapes what Jira wiki markup reads as links, images,
// macros, tables and citations wherever it stands ({ } [ ] | ! \ ??), and
// the inline markers (* _ - + ^ ~) where they can open or close a span: at
// the edge of a word. A hyphen inside "storm-control" stays as it is.
func JiraEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}', '[', ']', '|', '!', '\\':
			b.WriteByte('\\')
		case '?':
			if i+1 < len(s) && s[i+1] == '?' {
				b.WriteByte('\\')
			}
		case '*', '_', '-', '+', '^', '~':
			if i == 0 || i+1 == len(s) || !wordByte(s[i-1]) || !wordByte(s[i+1]) {
				b.WriteByte('\\')
			}
		case '#':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// JiraProse escapes text for Jira wiki markup line by line, keeping the
// "- " of the caller's list items.
func JiraProse(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			lines[i] = "- " + JiraEscape(rest)
		} else {
			lines[i] = JiraEscape(l)
		}
	}
	return strings.Join(lines, "\n")
}

// noformatEnd is what would close a {noformat} block early; inside one
// nothing can be escaped, so the word is broken visibly instead.
var noformatEnd = regexp.MustCompile(`(?i)\{noformat\}`)

// JiraNoformat makes s safe inside a Jira {noformat} block.
func JiraNoformat(s string) string {
	return noformatEnd.ReplaceAllStringFunc(s, func(m string) string { return m[:len(m)-1] + `\}` })
}
