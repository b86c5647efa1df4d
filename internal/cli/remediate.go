package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/rules"
)

var remediateFormats = []string{"table", "json", "markdown", "html"}

type remediateOptions struct {
	Streams
	inputFlags
	OutDir    string
	Output    string
	Templates string
	Format    string
}

func newRemediateCmd(s Streams) *cobra.Command {
	o := &remediateOptions{Streams: s, Format: "table"}
	cmd := &cobra.Command{
		Use:   "remediate (--inventory FILE | --config FILE --platform P --vlan N) [--out DIR]",
		Short: "Generate the configuration that fixes the findings, with its rollback",
		Long: "Audit as mcaudit audit does, then render per device the configuration-mode lines that fix\n" +
			"every finding that can be fixed safely, in order: create the VLAN, snooping, the querier,\n" +
			"permits for IP protocol 113 inserted by sequence number before the blocking entry, the VLAN\n" +
			"added to trunks with \"add\", then the hosts' ports. Each change comes with its rollback.\n" +
			"What cannot be generated is listed as manual, with what to decide. The predicted\n" +
			"configuration is audited again, and what remains is reported as residual.\n\n" +
			"With --out DIR: <device>.cfg, <device>.rollback.cfg and <device>.predicted.cfg.\n" +
			"Templates are built in; --templates DIR overrides them file by file\n" +
			"(DIR/<platform>/<name>.tmpl).\n\n" +
			"Exit codes: 0 nothing left that is an error, 1 errors remain after the remediation\n" +
			"(manual items), 2 bad usage, input or template, 3 some devices could not be read.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.inputFlags.validate(); err != nil {
				return usageError{err}
			}
			o.Format = strings.ToLower(o.Format) // -f JSON is -f json
			if !contains(remediateFormats, o.Format) {
				return usageError{fmt.Errorf("--format must be one of %s, got %q", strings.Join(remediateFormats, ", "), o.Format)}
			}
			return runRemediate(cmd.Context(), o)
		},
	}
	o.inputFlags.register(cmd)
	f := cmd.Flags()
	f.StringVar(&o.OutDir, "out", "", "write <device>.cfg, .rollback.cfg and .predicted.cfg to `DIR`")
	f.StringVar(&o.Templates, "templates", "", "override the built-in templates with `DIR`/<platform>/<name>.tmpl")
	f.StringVarP(&o.Format, "format", "f", o.Format, "output format: "+strings.Join(remediateFormats, "|")+" (html: a page with the drawings, findings, remediation and rollback)")
	f.StringVarP(&o.Output, "output", "o", "", "write the report to `FILE` instead of standard output (--out DIR writes the configuration files)")
	return cmd
}

func runRemediate(ctx context.Context, o *remediateOptions) error {
	res, plan, err := o.inputFlags.plan(ctx, o.Streams, o.Templates)
	if err != nil {
		return err
	}
	var written []string
	if o.OutDir != "" {
		if written, err = writePlan(o.OutDir, plan); err != nil {
			return err
		}
	}
	code, result := ExitOK, error(nil)
	switch {
	case res.Failed() > 0:
		code, result = ExitIncomplete, fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
	case countSeverity(plan.Residual, rules.Error) > 0:
		code, result = ExitFindings, ErrFindings
	}
	err = writeOutput(o.Out, o.Output, func(w io.Writer, _ bool) error {
		switch o.Format {
		case "json":
			return writeJSON(w, plan)
		case "markdown":
			return report.PlanMarkdown(w, plan)
		case "html":
			meaning := report.ExitMeaning(code)
			switch code {
			case ExitOK:
				meaning = "no error remains after the remediation"
			case ExitFindings:
				meaning = "errors remain after the remediation (manual items)"
			}
			return report.HTML(w, res, report.HTMLOptions{Command: "remediate", ExitCode: code, ExitMeaning: meaning, Plan: plan, Version: Version})
		}
		writePlanSummary(w, plan, written)
		return nil
	})
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return result
}

// writePlan writes each device's change, rollback and predicted
// configuration; devices with nothing to change get no files. Every name
// is checked before the first file is written, so that two devices whose
// files would be one file write nothing.
func writePlan(dir string, plan *remediate.Plan) ([]string, error) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, d := range plan.Devices {
		if len(d.Remediation) == 0 {
			continue
		}
		files = append(files,
			file{d.Name + ".cfg", []byte(strings.Join(d.Remediation, "\n") + "\n")},
			file{d.Name + ".rollback.cfg", []byte(strings.Join(d.Rollback, "\n") + "\n")})
		if d.Predicted != nil {
			files = append(files, file{d.Predicted.File, d.Predicted.Data})
		}
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	if err := outdir.Distinct(names); err != nil {
		return nil, fmt.Errorf("--out %s: %w", dir, err)
	}
	out, err := outdir.Open(dir)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	var written []string
	for _, f := range files {
		if err := out.WriteFile(f.name, f.data, 0o644); err != nil {
			return written, err
		}
		written = append(written, out.Join(f.name))
	}
	return written, nil
}

func writePlanSummary(w io.Writer, plan *remediate.Plan, written []string) {
	var b strings.Builder
	for _, d := range plan.Devices {
		fmt.Fprintf(&b, "%s  %s\n", termtext.Visible(d.Name), termtext.Visible(d.Platform))
		if len(d.Remediation) == 0 && len(d.Manual) == 0 {
			b.WriteString("  nothing to change\n\n")
			continue
		}
		if len(d.Remediation) > 0 {
			fmt.Fprintf(&b, "  fixes %s: %d lines, rollback %d lines\n", strings.Join(d.Fixes, ", "), len(d.Remediation), len(d.Rollback))
			for _, l := range d.Remediation {
				fmt.Fprintf(&b, "    %s\n", l)
			}
		}
		for _, m := range d.Manual {
			fmt.Fprintf(&b, "  manual: %s\n", termtext.Visible(m))
		}
		b.WriteString("\n")
	}
	errs, warns := countSeverity(plan.Residual, rules.Error), countSeverity(plan.Residual, rules.Warning)
	fmt.Fprintf(&b, "after the change, the predicted configuration audits with %d error%s and %d warning%s left\n", errs, plural(errs), warns, plural(warns))
	for _, f := range plan.Residual {
		if f.Severity == rules.Error {
			fmt.Fprintf(&b, "  left: %s on %s: %s\n", f.Rule, termtext.Visible(f.Device), termtext.Visible(f.Message))
		}
	}
	for _, p := range written {
		fmt.Fprintf(&b, "wrote %s\n", p)
	}
	_, _ = io.WriteString(w, b.String())
}

func countSeverity(fs []rules.Finding, s rules.Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
