package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
	"github.com/mcaudit/mcaudit/waiver"
)

type auditOptions struct {
	Streams
	inputFlags
	Format   string
	Output   string
	Baseline string
	FailOn   string
	Waivers  string
	Verbose  bool
	// failSeverity and failNew are --fail-on, read.
	failSeverity rules.Severity
	failNew      bool
}

var auditFormats = []string{"table", "json", "junit", "sarif", "markdown", "html"}

func newAuditCmd(s Streams, runF func(context.Context, *auditOptions) error) *cobra.Command {
	o := &auditOptions{Streams: s, Format: "table", FailOn: "error"}
	cmd := &cobra.Command{
		Use:   "audit (--inventory FILE [--snapshot DIR] | --config FILE --platform P --vlan N)",
		Short: "Audit switch configurations for the cluster's multicast",
		Long: "Audit every device of an inventory across devices (the querier per layer-2 domain, the VLAN\n" +
			"on every trunk between the hosts' switches, the hosts' ports), or one saved running-config\n" +
			"as the switch the hosts attach to.\n\n" +
			"Devices are read from their config: file, from a snapshot (--snapshot, or the inventory's\n" +
			"snapshot: key), or else collected live over SSH or gNMI (see mcaudit collect); --record\n" +
			"writes what was collected, and auditing that snapshot later gives the same result.\n\n" +
			"With --baseline, a previous JSON report, each finding is marked new or unchanged and the\n" +
			"baseline's findings that are gone are listed as fixed; findings match by rule, cluster,\n" +
			"device and subject, never by line, so a configuration growing above a problem does not\n" +
			"make it new. --fail-on new then fails only on new error findings: a nightly run against\n" +
			"last night's report fails on regressions.\n\n" +
			"Waivers (--waivers FILE, or .mcaudit-waivers.yaml beside the inventory) accept findings\n" +
			"with a reason and a date: they stay in the report, marked, and do not fail the run.\n\n" +
			"Exit codes: 0 nothing that fails the run, 1 error findings not waived (--fail-on warning:\n" +
			"warnings too; --fail-on new: only new ones), 2 bad usage or input, 3 some devices could not\n" +
			"be read (the report for the others is still written).",
		Example: "  mcaudit audit --inventory fixtures/lab/inventory.yaml\n" +
			"  mcaudit audit -i inventory.yaml --format json --output tonight.json --baseline last-night.json --fail-on new\n" +
			"  mcaudit audit --config sw1.cfg --platform " + vendors.Platforms()[0] + " --vlan 100 --host 10.10.100.11 --host 10.10.100.12 --group 239.192.10.10",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return usageError{err}
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runAudit(cmd.Context(), o)
		},
	}
	o.inputFlags.register(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.Format, "format", "f", o.Format, "output format: "+strings.Join(auditFormats, "|"))
	f.StringVarP(&o.Output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.Baseline, "baseline", "", "compare with a previous report, `FILE` from --format json: findings new, unchanged, fixed")
	f.StringVar(&o.FailOn, "fail-on", o.FailOn, "what sets exit code 1: error or warning, the least severity that fails, and any or new (since --baseline), e.g. warning,new")
	f.StringVar(&o.Waivers, "waivers", "", "accept the findings `FILE` waives (default: "+waiver.DefaultFile+" beside the inventory, where there is one)")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "print how long each stage took to standard error")
	return cmd
}

func (o *auditOptions) validate() error {
	o.Format = strings.ToLower(o.Format) // -f JSON is -f json
	if !contains(auditFormats, o.Format) {
		return fmt.Errorf("--format must be one of %s, got %q", strings.Join(auditFormats, ", "), o.Format)
	}
	o.failSeverity, o.failNew = rules.Error, false
	for _, w := range strings.Split(strings.ToLower(o.FailOn), ",") {
		switch strings.TrimSpace(w) {
		case "error", "any", "":
		case "warning":
			o.failSeverity = rules.Warning
		case "new":
			o.failNew = true
		default:
			return fmt.Errorf("--fail-on takes error or warning (the least severity that fails) and new or any (since --baseline), e.g. warning,new; got %q", o.FailOn)
		}
	}
	if o.failNew && o.Baseline == "" {
		return errors.New("--fail-on new needs --baseline, the previous report to tell new findings from old")
	}
	return o.inputFlags.validate()
}

func runAudit(ctx context.Context, o *auditOptions) error {
	var base []rules.Finding
	if o.Baseline != "" {
		// Read before the audit: a bad baseline is bad input, found
		// before minutes of collection, and --output may overwrite it.
		var err error
		if base, err = baseline.Load(o.Baseline); err != nil {
			return usageError{err}
		}
	}
	if o.Verbose {
		o.stages = newStages()
	}
	// The HTML page shows the remediation too, which needs every model
	// and the re-audit.
	o.findingsOnly = o.Format != "html"
	res, reaudit, err := o.inputFlags.load(ctx, o.Streams)
	if err != nil {
		return err
	}
	if o.Inventory != "" {
		o.stages.timed("read, parse", res.Stats.Read, throughput(res.Stats.Outputs, res.Stats.Bytes, res.Stats.Read))
		o.stages.timed("rules", res.Stats.Rules, fmt.Sprintf("%d clusters, %d findings", len(res.Clusters), len(res.Findings)))
	} else {
		o.stages.add("read, audit", "")
	}
	if err := o.applyWaivers(res); err != nil {
		return err
	}
	if o.Baseline != "" {
		res.Baseline = baseline.Compare(o.Baseline, res.Findings, base)
		o.stages.add("baseline", fmt.Sprintf("%d new, %d fixed", res.Baseline.Count(baseline.New), len(res.Baseline.Fixed)))
	}
	code, result := ExitOK, error(nil)
	switch {
	case res.Failed() > 0:
		code, result = ExitIncomplete, fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
	case o.failing(res) > 0:
		code, result = ExitFindings, ErrFindings
	}
	var write func(w io.Writer, tty bool) error
	if o.Format == "html" {
		page := report.HTMLOptions{Command: "audit", ExitCode: code, ExitMeaning: report.ExitMeaning(code), Version: Version}
		if o.failNew && code == ExitFindings {
			page.ExitMeaning = "new error findings since the baseline"
		}
		plan, err := remediate.Run(ctx, res, templates.Builtin(), reaudit)
		if err != nil {
			// The audit stands without it: say why on the page.
			page.PlanError = err.Error()
		}
		page.Plan = plan
		o.stages.add("remediation", "")
		write = func(w io.Writer, _ bool) error { return report.HTML(w, res, page) }
	}
	if err := o.write(res, write); err != nil {
		return err
	}
	if o.Output != "" {
		// The report went to a file: the verdict still reaches the terminal.
		fmt.Fprintf(o.Err, "%s (%s report in %s)\n", report.Summary(res), o.Format, o.Output)
	}
	o.stages.add("report", o.Format)
	o.stages.write(o.Err)
	return result
}

// failing counts the findings that fail the audit: those at --fail-on's
// severity or worse (error by default), only those new since --baseline
// with "new", and never a waived one.
func (o *auditOptions) failing(res *audit.Result) int {
	n := 0
	for i, f := range res.Findings {
		if f.Severity.Rank() > o.failSeverity.Rank() || res.Waived(i) != nil {
			continue
		}
		if o.failNew && res.Baseline.States[i] != baseline.New {
			continue
		}
		n++
	}
	return n
}

// applyWaivers reads --waivers, or the waivers file beside the inventory
// where there is one, and marks the findings it accepts.
func (o *auditOptions) applyWaivers(res *audit.Result) error {
	path := o.Waivers
	if path == "" && o.Inventory != "" {
		if p := filepath.Join(filepath.Dir(o.Inventory), waiver.DefaultFile); fileExists(p) {
			path = p
		}
	}
	if path == "" {
		return nil
	}
	ws, err := waiver.Load(path)
	if err != nil {
		return usageError{err}
	}
	res.Waivers = waiver.Apply(res.Findings, ws, path, time.Now())
	res.Findings = append(res.Findings, res.Waivers.Findings()...)
	o.stages.add("waivers", fmt.Sprintf("%d waived, %d expired, %d unused", len(res.Waivers.Waived), len(res.Waivers.Expired), len(res.Waivers.Unused)))
	return nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// write renders the report to --output or standard output, with page
// where the format needs more than the audit.
func (o *auditOptions) write(res *audit.Result, page func(w io.Writer, tty bool) error) error {
	return writeOutput(o.Out, o.Output, func(w io.Writer, tty bool) error {
		if page != nil {
			if err := page(w, tty); err != nil {
				return fmt.Errorf("write report: %w", err)
			}
			return nil
		}
		if err := render(w, o.Format, res, tty); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	})
}

// writeOutput runs write on the file path names, created whole, or on
// out where path is empty; tty says whether that is a terminal.
func writeOutput(out io.Writer, path string, write func(w io.Writer, tty bool) error) error {
	if path == "" {
		return write(out, isTerminal(out))
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, false); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func render(w io.Writer, format string, res *audit.Result, tty bool) error {
	switch format {
	case "json":
		return report.JSON(w, res)
	case "junit":
		return report.JUnit(w, res)
	case "sarif":
		return report.SARIF(w, res, Version)
	case "markdown":
		return report.Markdown(w, res)
	}
	opts := report.TableOptions{}
	if tty {
		opts = report.TableOptions{Color: true, Width: terminalWidth()}
	}
	return report.Table(w, res, opts)
}

// terminalWidth is $COLUMNS where the shell exports it, else 100.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 60 {
		return n
	}
	return 100
}

// isTerminal reports whether w is a terminal that wants colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
