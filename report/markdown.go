package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/diagram"
	"github.com/mcaudit/mcaudit/internal/markup"
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
			name = "Cluster **" + markup.Escape(c.Name) + "**"
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
		fmt.Fprintf(b, "- %s: VLAN %d, %s; hosts: %s\n", name, c.VLAN, group, markup.Escape(hosts))
	}
	switch {
	case len(r.Snapshots) > 1:
		spans := make([]string, len(r.Snapshots))
		for i, d := range r.Snapshots {
			spans[i] = markup.CodeSpan(d)
		}
		fmt.Fprintf(b, "- Snapshots: %s (evidence paths are relative to the one holding the device's folder)\n", strings.Join(spans, ", "))
	case r.Snapshot != "":
		fmt.Fprintf(b, "- Snapshot: %s (evidence paths are relative to it)\n", markup.CodeSpan(r.Snapshot))
	}

	for _, v := range diagram.Views(r) {
		// GitLab and GitHub draw it; elsewhere it reads as text.
		var m strings.Builder
		if err := diagram.Mermaid(&m, v); err != nil {
			return err
		}
		title := fmt.Sprintf("VLAN %d", v.VLAN)
		if v.Cluster != "" {
			title = markup.Escape(v.Cluster) + ", " + title
		}
		fmt.Fprintf(b, "\nThe path of %s:\n\n```mermaid\n%s```\n", title, m.String())
	}

	writeBaselineMarkdown(b, r, len(r.Clusters) > 1)

	if r.Failed() > 0 {
		fmt.Fprintf(b, "\n### Not audited (%d)\n\n", r.Failed())
		b.WriteString("| device | platform | error |\n| --- | --- | --- |\n")
		for _, d := range r.Devices {
			if d.Status != audit.StatusOK {
				fmt.Fprintf(b, "| %s | %s | %s |\n", markup.Cell(d.Name), markup.Cell(d.Platform), markup.Cell(d.Error))
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

	var unparsed []string
	for _, d := range r.Devices {
		for _, u := range d.Unparsed {
			unparsed = append(unparsed, fmt.Sprintf("| %s | %s | %s |", markup.Cell(d.Name), markup.CellCode(fmt.Sprintf("%s:%d: %s", u.File, u.Line, strings.TrimSpace(u.Text))), markup.Cell(u.Why)))
		}
	}
	var refused []string
	for _, d := range r.Devices {
		for _, rr := range d.Refused {
			refused = append(refused, fmt.Sprintf("| %s | %s | %s |", markup.Cell(d.Name), markup.CellCode(rr.Request), markup.Cell(rr.Answer)))
		}
	}
	if len(refused) > 0 {
		fmt.Fprintf(b, "\n<details>\n<summary>%d request%s not answered</summary>\n\n", len(refused), plural(len(refused)))
		b.WriteString("What the devices could not be read for; the verdicts that rest on it are not proven.\n\n| device | request | answer |\n| --- | --- | --- |\n")
		b.WriteString(strings.Join(refused, "\n") + "\n\n</details>\n")
	}
	if len(unparsed) > 0 {
		fmt.Fprintf(b, "\n<details>\n<summary>%d line%s not understood</summary>\n\n", len(unparsed), plural(len(unparsed)))
		b.WriteString("The verdicts that rest on these lines are not proven.\n\n| device | line | why |\n| --- | --- | --- |\n")
		b.WriteString(strings.Join(unparsed, "\n") + "\n\n</details>\n")
	}

	var notes []string
	for _, d := range r.Devices {
		if d.Note != "" {
			notes = append(notes, fmt.Sprintf("- %s: %s", markup.Cell(d.Name), markup.Cell(d.Note)))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\nHow devices were read:\n\n" + strings.Join(notes, "\n") + "\n")
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
		fmt.Fprintf(b, "\nNo findings: %s\n", markup.Escape(strings.Join(clean, ", ")))
	}
	if len(r.Findings) > 0 {
		b.WriteString("\nWhat a rule checks, why, and how to fix it: `mcaudit rules RULE`.\n")
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
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", markup.Cell(f.Device), markup.Cell(f.Cluster), markup.CellCode(f.Rule), markup.Cell(f.Message))
		} else {
			fmt.Fprintf(b, "| %s | %s | %s |\n", markup.Cell(f.Device), markup.CellCode(f.Rule), markup.Cell(f.Message))
		}
	}
	for _, f := range fs {
		heading := markup.Escape(f.Device) + " · " + markup.CodeSpan(f.Rule)
		if multi && f.Cluster != "" {
			heading += " · " + markup.Escape(f.Cluster)
		}
		fmt.Fprintf(b, "\n#### %s\n\n%s\n", heading, markup.Escape(markup.OneLine(f.Message)))
		if len(f.Evidence) == 0 {
			continue
		}
		lines := make([]string, len(f.Evidence))
		for i, e := range f.Evidence {
			lines[i] = evidenceLine(e)
		}
		text := strings.Join(lines, "\n")
		fence := markup.CodeFence(text)
		fmt.Fprintf(b, "\n%stext\n%s\n%s\n", fence, text, fence)
	}
}

// verdict is PASS, FAIL, INCOMPLETE or NOT PROVEN, as in the table's
// summary.
func verdict(r *audit.Result) string {
	switch {
	case r.Failed() > 0:
		return "INCOMPLETE"
	case openErrors(r) > 0:
		return "FAIL"
	case openUnproven(r) > 0:
		return "NOT PROVEN"
	}
	return "PASS"
}

// openUnproven counts the findings no waiver accepts that say a verdict
// could not be reached: without them the run would pass, with them it
// has not been shown to.
func openUnproven(r *audit.Result) int {
	n := 0
	for i, f := range r.Findings {
		if rl := rules.Lookup(f.Rule); rl != nil && rl.Unproven && r.Waived(i) == nil {
			n++
		}
	}
	return n
}

// openErrors counts the error findings no waiver accepts.
func openErrors(r *audit.Result) int {
	n := 0
	for i, f := range r.Findings {
		if f.Severity == rules.Error && r.Waived(i) == nil {
			n++
		}
	}
	return n
}

// summaryCounts is the table's summary without its verdict.
func summaryCounts(r *audit.Result) string {
	errs, warns, infos := r.Count(rules.Error), r.Count(rules.Warning), r.Count(rules.Info)
	s := fmt.Sprintf("%d device%s, %d not audited: %d error%s, %d warning%s, %d info",
		len(r.Devices), plural(len(r.Devices)), r.Failed(), errs, plural(errs), warns, plural(warns), infos)
	if d := r.Baseline; d != nil {
		s += fmt.Sprintf("; since the baseline: %d new, %d fixed", d.Count(baseline.New), len(d.Fixed))
	}
	return s
}

// writeBaselineMarkdown lists, first, what is new since the baseline and
// what it had that is now fixed.
func writeBaselineMarkdown(b *strings.Builder, r *audit.Result, multi bool) {
	d := r.Baseline
	if d == nil {
		return
	}
	fmt.Fprintf(b, "\n### Since the baseline: %d new, %d fixed\n\n", d.Count(baseline.New), len(d.Fixed))
	fmt.Fprintf(b, "Compared with %s; %d unchanged.\n", markup.CodeSpan(d.File), d.Count(baseline.Unchanged))
	var rows []string
	row := func(state string, f rules.Finding) {
		rule := markup.CellCode(f.Rule)
		if multi && f.Cluster != "" {
			rule += " " + markup.Cell(f.Cluster)
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s |", state, markup.Cell(string(f.Severity)), markup.Cell(f.Device), rule, markup.Cell(f.Message)))
	}
	for i, f := range r.Findings {
		if d.States[i] == baseline.New {
			row("**new**", f)
		}
	}
	for _, f := range d.Fixed {
		row("fixed", f)
	}
	if len(rows) > 0 {
		b.WriteString("\n| | severity | device | rule | message |\n| --- | --- | --- | --- | --- |\n")
		b.WriteString(strings.Join(rows, "\n") + "\n")
	}
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
