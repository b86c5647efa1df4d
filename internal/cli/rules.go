package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/rules"
)

func newRulesCmd(s Streams) *cobra.Command {
	format := "table"
	cmd := &cobra.Command{
		Use:   "rules [RULE...]",
		Short: "Show the rules: what each checks, why, and how to fix what it finds",
		Long: "Without arguments, every rule; with rule IDs (as findings name them), those rules.\n" +
			"For each: its severity, what it checks, what breaks when it fails, and what to do about a\n" +
			"finding (and whether mcaudit remediate writes the fix).",
		Example: "  mcaudit rules\n  mcaudit rules pgm-blocked igmp-querier-missing\n  mcaudit rules --format json",
		RunE: func(cmd *cobra.Command, args []string) error {
			list := rules.All()
			if len(args) > 0 {
				list = nil
				var ids []string
				for _, r := range rules.All() {
					ids = append(ids, r.ID)
				}
				for _, a := range args {
					r := rules.Lookup(a)
					if r == nil {
						return usageError{fmt.Errorf("no rule %q%s (mcaudit rules lists them)", a, didYouMean(a, ids))}
					}
					list = append(list, r)
				}
			}
			switch strings.ToLower(format) {
			case "json":
				type rule struct {
					ID       string         `json:"id"`
					Severity rules.Severity `json:"severity"`
					Checks   string         `json:"checks"`
					Why      string         `json:"why"`
					Fix      string         `json:"fix"`
				}
				var out []rule
				for _, r := range list {
					out = append(out, rule{r.ID, r.Severity, r.Summary, r.Why, r.Fix})
				}
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "table":
				var b strings.Builder
				for i, r := range list {
					if i > 0 {
						b.WriteString("\n")
					}
					fmt.Fprintf(&b, "%s  (%s)\n", r.ID, r.Severity)
					fmt.Fprintf(&b, "  checks: %s\n", wrapText(r.Summary, 10, 100))
					fmt.Fprintf(&b, "  why:    %s\n", wrapText(r.Why, 10, 100))
					fmt.Fprintf(&b, "  fix:    %s\n", wrapText(r.Fix, 10, 100))
				}
				_, err := fmt.Fprint(s.Out, b.String())
				return err
			}
			return usageError{fmt.Errorf("--format must be table or json, got %q", format)}
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", format, "output format: table|json")
	return cmd
}

// wrapText breaks text at width columns, continuing lines indented by indent.
func wrapText(text string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, w := range strings.Fields(text) {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteString("\n" + strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}
