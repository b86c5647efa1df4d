package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// inputFlags say what an audit reads: an inventory (from config files, a
// snapshot, or live), or one saved config. audit, remediate and ticket
// take the same.
type inputFlags struct {
	Inventory string
	Snapshot  []string
	Record    string
	Config    string
	Platform  string
	VLAN      int
	Hosts     []string
	Group     string
	collectFlags
	// stages, when set, times what load does, for --verbose.
	stages *stages
	// findingsOnly is set by audit, which reports and does not remediate:
	// the models of devices no cluster reads need not be kept.
	findingsOnly bool
	// cmd is the command the flags belong to: its usage line for errors,
	// and whether a flag was given (0 or not given).
	cmd *cobra.Command
}

func (in *inputFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&in.Inventory, "inventory", "i", "", "inventory `FILE` (mcaudit YAML, Ansible or Nornir)")
	f.StringArrayVar(&in.Snapshot, "snapshot", nil, "read recorded outputs from `DIR`/<device>/ instead of the inventory's snapshot;\nrepeat to read the shards of a sharded collection as one")
	f.StringVar(&in.Record, "record", "", "when collecting live, also write the snapshot to `DIR`")
	f.StringVarP(&in.Config, "config", "c", "", "one saved running-config `FILE`")
	f.StringVar(&in.Platform, "platform", "", "platform of --config: "+strings.Join(vendors.Platforms(), "|"))
	f.IntVar(&in.VLAN, "vlan", 0, "the cluster VLAN (with --config)")
	f.StringSliceVar(&in.Hosts, "host", nil, "a cluster host's `IP` (repeat or comma-separate; with --config)")
	f.StringVar(&in.Group, "group", "", "the cluster's multicast group `ADDR` (with --config; default: all of 224.0.0.0/4)")
	in.collectFlags.register(f)
	in.cmd = cmd
}

func (in *inputFlags) validate() error {
	switch {
	case in.Inventory == "" && in.Config == "":
		if in.cmd == nil {
			return errors.New("say what to audit: --inventory FILE, or --config FILE --platform P --vlan N")
		}
		return fmt.Errorf("say what to audit: an inventory, or one saved configuration\n  usage: %s\n  e.g.   %s --inventory fixtures/lab/inventory.yaml",
			strings.TrimSuffix(in.cmd.UseLine(), " [flags]"), in.cmd.CommandPath())
	case in.Inventory != "" && in.Config != "":
		return errors.New("--inventory and --config are two ways to say what to audit: give one (an inventory names saved configurations with config: per device)")
	case len(in.Snapshot) > 0 && in.Record != "":
		return errors.New("--snapshot reads a recording and --record makes one while collecting live: give one")
	case in.cmd != nil && in.cmd.Flags().Changed("vlan") && (in.VLAN < 1 || in.VLAN > 4094):
		return fmt.Errorf("--vlan %d is not a VLAN ID (1-4094)", in.VLAN)
	}
	if in.Inventory != "" {
		for flag, set := range map[string]bool{"--platform": in.Platform != "", "--vlan": in.VLAN != 0, "--host": len(in.Hosts) > 0, "--group": in.Group != ""} {
			if set {
				return fmt.Errorf("%s goes with --config; an inventory says it per cluster and device", flag)
			}
		}
		return nil
	}
	switch {
	case len(in.Snapshot) > 0:
		return errors.New("--snapshot goes with --inventory")
	case in.Record != "":
		return errors.New("--record goes with --inventory")
	case in.Platform == "":
		return fmt.Errorf("--config needs --platform (%s)", strings.Join(vendors.Platforms(), ", "))
	case !slices.Contains(vendors.Platforms(), in.Platform):
		hint := didYouMean(in.Platform, vendors.Platforms())
		ansible, nornir := vendors.InventoryNames()
		for _, m := range []map[string]string{nornir, ansible} {
			if p, ok := m[strings.ToLower(in.Platform)]; ok {
				hint = fmt.Sprintf(" (did you mean %q? %s is another tool's name for it)", p, in.Platform)
				break
			}
		}
		return fmt.Errorf("unknown platform %q%s (want one of %s)", in.Platform, hint, strings.Join(vendors.Platforms(), ", "))
	case in.VLAN == 0:
		return errors.New("--config needs --vlan, the cluster VLAN")
	}
	return nil
}

// load audits the inputs. The Auditor it returns audits them again with
// substituted configurations and no show output: remediation's re-audit
// of its predicted configurations.
func (in *inputFlags) load(ctx context.Context, s Streams) (*audit.Result, remediate.Auditor, error) {
	if in.Inventory != "" {
		inv, err := loadInventory(s, in.Inventory)
		if err != nil {
			return nil, nil, err
		}
		if err := inv.RequireClusters(); err != nil {
			return nil, nil, err
		}
		if err := inv.CheckConfigFiles(); err != nil {
			return nil, nil, err
		}
		in.stages.add("inventory", fmt.Sprintf("%d devices, %d clusters", len(inv.Devices), len(inv.Clusters)))
		src, err := in.sources(ctx, s, inv)
		if err != nil {
			return nil, nil, err
		}
		if src.Live != nil {
			in.stages.add("collection", fmt.Sprintf("%d devices", len(src.Live)+len(src.Failed)))
		}
		bar := progress(s.Err, len(inv.Devices), "reading")
		src.Progress = func(_ string, err error) { bar.done(err != nil) }
		src.FindingsOnly = in.findingsOnly
		res, err := audit.Inventory(ctx, inv, src)
		bar.finish()
		src.Progress, src.FindingsOnly = nil, false
		reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
			again := src
			again.Configs, again.ConfigOnly = configs, true
			return audit.Inventory(ctx, inv, again)
		}
		return res, reaudit, err
	}
	single, err := in.single()
	if err != nil {
		return nil, nil, usageError{err}
	}
	res, err := audit.Config(ctx, single)
	reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
		for _, c := range configs {
			return audit.ConfigData(ctx, single, c)
		}
		return res, nil
	}
	return res, reaudit, err
}

// plan audits the inputs and remediates the result, with the built-in
// templates or those of templatesDir over them.
func (in *inputFlags) plan(ctx context.Context, s Streams, templatesDir string) (*audit.Result, *remediate.Plan, error) {
	tmpl := templates.Builtin()
	if templatesDir != "" {
		var err error
		if tmpl, err = templates.Dir(templatesDir); err != nil {
			return nil, nil, err
		}
	}
	res, reaudit, err := in.load(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	plan, err := remediate.Run(ctx, res, tmpl, reaudit)
	return res, plan, err
}

// sources collects live when the audit has no snapshot to read, recording
// what it collected with --record, so that a later audit of the recording
// gives exactly this audit's result.
func (in *inputFlags) sources(ctx context.Context, s Streams, inv *inventory.Inventory) (audit.Sources, error) {
	src := audit.Sources{Snapshots: in.Snapshot}
	if len(in.Snapshot) > 0 || audit.SnapshotDir(inv, "") != "" {
		return src, nil
	}
	results, err := in.collectFlags.run(ctx, s, inv)
	if err != nil {
		return src, err
	}
	src.Live, src.Failed, src.Recorded = map[string]*snapshot.Device{}, map[string]error{}, in.Record
	var record *outdir.Dir
	if in.Record != "" {
		if record, err = outdir.Open(in.Record); err != nil {
			return src, err
		}
		defer record.Close()
	}
	for _, r := range results {
		if r.Err != nil {
			src.Failed[r.Target.Name] = r.Err
			continue
		}
		if record != nil {
			if err := snapshot.Write(record, r.Device); err != nil {
				src.Failed[r.Target.Name] = err
				continue
			}
		}
		src.Live[r.Target.Name] = r.Device
	}
	return src, nil
}

// single turns the --config flags into an audit request.
func (in *inputFlags) single() (audit.Single, error) {
	s := audit.Single{Config: in.Config, Platform: in.Platform, VLAN: in.VLAN}
	for _, h := range in.Hosts {
		a, err := netip.ParseAddr(strings.TrimSpace(h))
		if err != nil || !a.Is4() {
			return s, fmt.Errorf("--host %q is not an IPv4 address", h)
		}
		s.Hosts = append(s.Hosts, a)
	}
	if in.Group != "" {
		g, err := netip.ParseAddr(in.Group)
		if err != nil {
			return s, fmt.Errorf("--group %q is not an IPv4 address", in.Group)
		}
		s.Group = g
	}
	return s, nil
}

// didYouMean suggests the name s is the start of, where one is, else the
// closest of names to s, or nothing.
func didYouMean(s string, names []string) string {
	var starts []string
	for _, n := range names {
		if strings.HasPrefix(n, s) {
			starts = append(starts, n)
		}
	}
	if len(starts) == 1 {
		return fmt.Sprintf(" (did you mean %q?)", starts[0])
	}
	if c := inventory.Closest(s, names); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}
