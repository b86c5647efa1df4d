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
		Use:   "rules",
		Short: "List the rules: id, severity, what each checks and why",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch format {
			case "json":
				type rule struct {
					ID       string         `json:"id"`
					Severity rules.Severity `json:"severity"`
					Checks   string         `json:"checks"`
					Why      string         `json:"why"`
				}
				var out []rule
				for _, r := range rules.All() {
					out = append(out, rule{r.ID, r.Severity, r.Summary, r.Why})
				}
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "table":
				var b strings.Builder
				for i, r := range rules.All() {
					if i > 0 {
						b.WriteString("\n")
					}
					fmt.Fprintf(&b, "%s  (%s)\n", r.ID, r.Severity)
					fmt.Fprintf(&b, "  checks: %s\n", wrapText(r.Summary, 10, 100))
					fmt.Fprintf(&b, "  why:    %s\n", wrapText(r.Why, 10, 100))
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
