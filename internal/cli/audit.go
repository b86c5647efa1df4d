package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/vendors"
)

type auditOptions struct {
	Streams
	inputFlags
	Format string
	Output string
}

var auditFormats = []string{"table", "json", "junit", "sarif", "markdown"}

func newAuditCmd(s Streams, runF func(context.Context, *auditOptions) error) *cobra.Command {
	o := &auditOptions{Streams: s, Format: "table"}
	cmd := &cobra.Command{
		Use:   "audit (--inventory FILE [--snapshot DIR] | --config FILE --platform P --vlan N)",
		Short: "Audit switch configurations for the cluster's multicast",
		Long: "Audit every device of an inventory across devices (the querier per layer-2 domain, the VLAN\n" +
			"on every trunk between the hosts' switches, the hosts' ports), or one saved running-config\n" +
			"as the switch the hosts attach to.\n\n" +
			"Devices are read from their config: file, from a snapshot (--snapshot, or the inventory's\n" +
			"snapshot: key), or else collected live over SSH or gNMI (see mcaudit collect); --record\n" +
			"writes what was collected, and auditing that snapshot later gives the same result.\n\n" +
			"Exit codes: 0 no error finding, 1 error findings, 2 bad usage or input, 3 some devices\n" +
			"could not be read (the report for the others is still written).",
		Example: "  mcaudit audit --inventory fixtures/lab/inventory.yaml\n" +
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
	return cmd
}

func (o *auditOptions) validate() error {
	if !contains(auditFormats, o.Format) {
		return fmt.Errorf("--format must be one of %s, got %q", strings.Join(auditFormats, ", "), o.Format)
	}
	return o.inputFlags.validate()
}

func runAudit(ctx context.Context, o *auditOptions) error {
	res, _, err := o.inputFlags.load(ctx, o.Streams)
	if err != nil {
		return err
	}
	if err := o.write(res); err != nil {
		return err
	}
	switch {
	case res.Failed() > 0:
		return fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
	case res.Count("error") > 0:
		return ErrFindings
	}
	return nil
}

// write renders the report to --output or standard output.
func (o *auditOptions) write(res *audit.Result) error {
	w, tty := o.Out, isTerminal(o.Out)
	if o.Output != "" {
		f, err := os.Create(o.Output)
		if err != nil {
			return err
		}
		defer f.Close()
		w, tty = f, false
	}
	if err := render(w, o.Format, res, tty); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if f, ok := w.(*os.File); ok && o.Output != "" {
		return f.Close()
	}
	return nil
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
