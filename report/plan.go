package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcaudit/mcaudit/internal/markup"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/rules"
)

// PlanMarkdown writes a remediation as a merge-request comment: per
// device the lines to type and their rollback in code blocks, what is left
// to do by hand, then what the predicted configuration still shows.
func PlanMarkdown(w io.Writer, plan *remediate.Plan) error {
	var b strings.Builder
	errs := 0
	for _, f := range plan.Residual {
		if f.Severity == rules.Error {
			errs++
		}
	}
	verdict := "every error fixed"
	if errs > 0 {
		verdict = fmt.Sprintf("%d error%s left to do by hand", errs, plural(errs))
	}
	changed := 0
	for _, d := range plan.Devices {
		if len(d.Remediation) > 0 {
			changed++
		}
	}
	switches := "switches"
	if changed == 1 {
		switches = "switch"
	}
	fmt.Fprintf(&b, "**mcaudit remediate: %d %s to change, %s**\n", changed, switches, verdict)
	for _, d := range plan.Devices {
		if len(d.Remediation) == 0 && len(d.Manual) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s (%s)\n", markup.Escape(d.Name), markup.Escape(d.Platform))
		if len(d.Remediation) > 0 {
			codes := make([]string, len(d.Fixes))
			for i, f := range d.Fixes {
				codes[i] = markup.CodeSpan(f)
			}
			fmt.Fprintf(&b, "\nFixes %s.\n", strings.Join(codes, ", "))
			for _, part := range []struct {
				title string
				lines []string
			}{{"Remediation", d.Remediation}, {"Rollback", d.Rollback}} {
				text := strings.Join(part.lines, "\n")
				fence := markup.CodeFence(text)
				fmt.Fprintf(&b, "\n%s:\n\n%stext\n%s\n%s\n", part.title, fence, text, fence)
			}
		}
		if len(d.Manual) > 0 {
			b.WriteString("\nTo do by hand:\n\n")
			for _, m := range d.Manual {
				fmt.Fprintf(&b, "- %s\n", markup.Escape(markup.OneLine(m)))
			}
		}
	}
	if len(plan.Residual) > 0 {
		b.WriteString("\n<details>\n<summary>What the predicted configuration still shows</summary>\n\n| severity | device | rule | message |\n| --- | --- | --- | --- |\n")
		for _, f := range plan.Residual {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Severity, markup.Cell(f.Device), markup.CellCode(f.Rule), markup.Cell(f.Message))
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
