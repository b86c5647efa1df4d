package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/rules"
)

// Markdown writes the audit as a merge-request comment: a one-line
// verdict, the clusters, the devices that could not be audited, then the
// findings by severity, each severity as a table followed by every
// finding's evidence in a code block. Warnings and info are folded into
// <details> to keep the comment short.
func Markdown(w io.Writer, r *audit.Result) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "**mcaudit: %s** · %s\n", verdict(r), summaryCounts(r))

	b.WriteString("\n")
	for _, c := range r.Clusters {
		name := "Cluster"
		if c.Name != "" {
			name = "Cluster **" + mdEscape(c.Name) + "**"
		}
		group := "no group given (checking all of 224.0.0.0/4)"
		if c.Group.IsValid() {
			group = "group " + c.Group.String()
		}
		var hs []string
		for _, h := range c.Hosts {
			s := h.IP.String()
			if h.Name != s {
				s = h.Name + " " + s
			}
			if h.Switch != "" {
				s += fmt.Sprintf(" (%s %s)", h.Switch, h.Interface)
			}
			hs = append(hs, s)
		}
		hosts := "none given (ACLs are checked for any source)"
		if len(hs) > 0 {
			hosts = strings.Join(hs, ", ")
		}
		fmt.Fprintf(b, "- %s: VLAN %d, %s; hosts: %s\n", name, c.VLAN, group, mdEscape(hosts))
	}
	if r.Snapshot != "" {
		fmt.Fprintf(b, "- Snapshot: %s (evidence paths are relative to it)\n", codeSpan(r.Snapshot))
	}

	if r.Failed() > 0 {
		fmt.Fprintf(b, "\n### Not audited (%d)\n\n", r.Failed())
		b.WriteString("| device | platform | error |\n| --- | --- | --- |\n")
		for _, d := range r.Devices {
			if d.Status != audit.StatusOK {
				fmt.Fprintf(b, "| %s | %s | %s |\n", cell(d.Name), cell(d.Platform), cell(d.Error))
			}
		}
		b.WriteString("\nNothing is proven about these devices: they are not compliant until audited.\n")
	}

	multi := len(r.Clusters) > 1
	for _, sev := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
		var fs []rules.Finding
		for _, f := range r.Findings {
			if f.Severity == sev {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		title := fmt.Sprintf("%d %s", len(fs), severityNoun(sev, len(fs)))
		if sev == rules.Error {
			fmt.Fprintf(b, "\n### %s\n\n", title)
		} else {
			fmt.Fprintf(b, "\n<details>\n<summary>%s</summary>\n\n", title)
		}
		writeMarkdownFindings(b, fs, multi)
		if sev != rules.Error {
			b.WriteString("\n</details>\n")
		}
	}

	var clean []string
	for _, d := range r.Devices {
		if d.Status != audit.StatusOK {
			continue
		}
		n := 0
		for _, f := range r.Findings {
			if f.Device == d.Name {
				n++
			}
		}
		if n == 0 {
			clean = append(clean, d.Name)
		}
	}
	if len(clean) > 0 {
		fmt.Fprintf(b, "\nNo findings: %s\n", mdEscape(strings.Join(clean, ", ")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownFindings writes a table of the findings, then each one with
// its evidence.
func writeMarkdownFindings(b *strings.Builder, fs []rules.Finding, multi bool) {
	if multi {
		b.WriteString("| device | cluster | rule | message |\n| --- | --- | --- | --- |\n")
	} else {
		b.WriteString("| device | rule | message |\n| --- | --- | --- |\n")
	}
	for _, f := range fs {
		if multi {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", cell(f.Device), cell(f.Cluster), cellCode(f.Rule), cell(f.Message))
		} else {
			fmt.Fprintf(b, "| %s | %s | %s |\n", cell(f.Device), cellCode(f.Rule), cell(f.Message))
		}
	}
	for _, f := range fs {
		heading := mdEscape(f.Device) + " · " + codeSpan(f.Rule)
		if multi && f.Cluster != "" {
			heading += " · " + mdEscape(f.Cluster)
		}
		fmt.Fprintf(b, "\n#### %s\n\n%s\n", heading, mdEscape(oneLine(f.Message)))
		if len(f.Evidence) == 0 {
			continue
		}
		lines := make([]string, len(f.Evidence))
		for i, e := range f.Evidence {
			lines[i] = evidenceLine(e)
		}
		text := strings.Join(lines, "\n")
		fence := codeFence(text)
		fmt.Fprintf(b, "\n%stext\n%s\n%s\n", fence, text, fence)
	}
}

// verdict is PASS, FAIL or INCOMPLETE, as in the table's summary.
func verdict(r *audit.Result) string {
	switch {
	case r.Failed() > 0:
		return "INCOMPLETE"
	case r.Count(rules.Error) > 0:
		return "FAIL"
	}
	return "PASS"
}

// summaryCounts is the table's summary without its verdict.
func summaryCounts(r *audit.Result) string {
	errs, warns, infos := r.Count(rules.Error), r.Count(rules.Warning), r.Count(rules.Info)
	return fmt.Sprintf("%d device%s, %d not audited: %d error%s, %d warning%s, %d info",
		len(r.Devices), plural(len(r.Devices)), r.Failed(), errs, plural(errs), warns, plural(warns), infos)
}

func severityNoun(s rules.Severity, n int) string {
	switch s {
	case rules.Error:
		return "error" + plural(n)
	case rules.Warning:
		return "warning" + plural(n)
	}
	return "info"
}

// mdReplacer escapes the characters that Markdown would read as markup in
// running text or a table cell. A backslash before ASCII punctuation is
// always an escape in CommonMark, so over-escaping is harmless.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "|", `\|`, "*", `\*`, "_", `\_`,
	"<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "&", `\&`,
)

func mdEscape(s string) string { return mdReplacer.Replace(s) }

// cell is text for a table cell: escaped, on one line.
func cell(s string) string { return mdEscape(oneLine(s)) }

// cellCode is inline code for a table cell: GitHub splits cells on pipes
// before it reads code spans, so a pipe is escaped even there.
func cellCode(s string) string { return strings.ReplaceAll(codeSpan(s), "|", `\|`) }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// codeSpan quotes s as inline code, with a fence longer than any run of
// backticks inside.
func codeSpan(s string) string {
	s = oneLine(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// codeFence is a fence of backticks longer than any run inside text.
func codeFence(text string) string {
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
