package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors"
)

type auditOptions struct {
	Streams
	Inventory string
	Snapshot  string
	Config    string
	Platform  string
	VLAN      int
	Hosts     []string
	Group     string
	Format    string
	Output    string
	Record    string
	collectFlags
}

var auditFormats = []string{"table", "json"}

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
			"  mcaudit audit --config sw1.cfg --platform cisco_iosxe --vlan 100 --host 10.10.100.11 --host 10.10.100.12 --group 239.192.10.10",
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
	f := cmd.Flags()
	f.StringVarP(&o.Inventory, "inventory", "i", "", "inventory `FILE` (YAML)")
	f.StringVar(&o.Snapshot, "snapshot", "", "read recorded outputs from `DIR`/<device>/ instead of the inventory's snapshot")
	f.StringVarP(&o.Config, "config", "c", "", "one saved running-config `FILE` to audit")
	f.StringVar(&o.Platform, "platform", "", "platform of --config: "+strings.Join(vendors.Platforms(), "|"))
	f.IntVar(&o.VLAN, "vlan", 0, "the cluster VLAN (with --config)")
	f.StringSliceVar(&o.Hosts, "host", nil, "a cluster host's `IP` (repeat or comma-separate; with --config)")
	f.StringVar(&o.Group, "group", "", "the cluster's multicast group `ADDR` (with --config; default: all of 224.0.0.0/4)")
	f.StringVarP(&o.Format, "format", "f", o.Format, "output format: "+strings.Join(auditFormats, "|"))
	f.StringVarP(&o.Output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.Record, "record", "", "when collecting live, also write the snapshot to `DIR`")
	o.collectFlags.register(f)
	cmd.MarkFlagsMutuallyExclusive("inventory", "config")
	cmd.MarkFlagsMutuallyExclusive("snapshot", "record")
	cmd.MarkFlagsOneRequired("inventory", "config")
	return cmd
}

func (o *auditOptions) validate() error {
	if !contains(auditFormats, o.Format) {
		return fmt.Errorf("--format must be one of %s, got %q", strings.Join(auditFormats, ", "), o.Format)
	}
	if o.Inventory != "" {
		for flag, set := range map[string]bool{"--platform": o.Platform != "", "--vlan": o.VLAN != 0, "--host": len(o.Hosts) > 0, "--group": o.Group != ""} {
			if set {
				return fmt.Errorf("%s goes with --config; an inventory says it per cluster and device", flag)
			}
		}
		return nil
	}
	switch {
	case o.Snapshot != "":
		return errors.New("--snapshot goes with --inventory")
	case o.Record != "":
		return errors.New("--record goes with --inventory")
	case o.Platform == "":
		return fmt.Errorf("--config needs --platform (%s)", strings.Join(vendors.Platforms(), ", "))
	case o.VLAN == 0:
		return errors.New("--config needs --vlan, the cluster VLAN")
	}
	return nil
}

func runAudit(ctx context.Context, o *auditOptions) error {
	var (
		res *audit.Result
		err error
	)
	if o.Inventory != "" {
		var inv *inventory.Inventory
		if inv, err = loadInventory(o.Streams, o.Inventory); err != nil {
			return err
		}
		if err = inv.RequireClusters(); err != nil {
			return err
		}
		var src audit.Sources
		if src, err = o.sources(ctx, inv); err != nil {
			return err
		}
		res, err = audit.Inventory(ctx, inv, src)
	} else {
		var in audit.Single
		if in, err = o.single(); err != nil {
			return usageError{err}
		}
		res, err = audit.Config(ctx, in)
	}
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

// sources collects live when the audit has no snapshot to read, recording
// what it collected with --record, so that a later audit of the recording
// gives exactly this audit's result.
func (o *auditOptions) sources(ctx context.Context, inv *inventory.Inventory) (audit.Sources, error) {
	src := audit.Sources{Snapshot: o.Snapshot}
	if audit.SnapshotDir(inv, o.Snapshot) != "" {
		return src, nil
	}
	results, err := o.collectFlags.run(ctx, o.Streams, inv)
	if err != nil {
		return src, err
	}
	src.Live, src.Failed, src.Recorded = map[string]*snapshot.Device{}, map[string]error{}, o.Record
	for _, r := range results {
		if r.Err != nil {
			src.Failed[r.Target.Name] = r.Err
			continue
		}
		if o.Record != "" {
			if err := snapshot.Write(o.Record, r.Device); err != nil {
				src.Failed[r.Target.Name] = err
				continue
			}
		}
		src.Live[r.Target.Name] = r.Device
	}
	return src, nil
}

// single turns the --config flags into an audit request.
func (o *auditOptions) single() (audit.Single, error) {
	in := audit.Single{Config: o.Config, Platform: o.Platform, VLAN: o.VLAN}
	for _, h := range o.Hosts {
		a, err := netip.ParseAddr(strings.TrimSpace(h))
		if err != nil || !a.Is4() {
			return in, fmt.Errorf("--host %q is not an IPv4 address", h)
		}
		in.Hosts = append(in.Hosts, a)
	}
	if o.Group != "" {
		g, err := netip.ParseAddr(o.Group)
		if err != nil {
			return in, fmt.Errorf("--group %q is not an IPv4 address", o.Group)
		}
		in.Group = g
	}
	return in, nil
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
	if format == "json" {
		return report.JSON(w, res)
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
