package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/snapshot"
)

type collectOptions struct {
	Streams
	Inventory string
	OutDir    string
	Shard     string
	ShardEnv  string
	collectFlags
}

func newCollectCmd(s Streams) *cobra.Command {
	o := &collectOptions{Streams: s}
	cmd := &cobra.Command{
		Use:   "collect --inventory FILE --out DIR",
		Short: "Pull configs and show output from the inventory's devices and record a snapshot",
		Long: "Collect from every device of the inventory that has an address (over SSH, or gNMI where the\n" +
			"device says transport: gnmi) and write DIR/<device>/<command>.txt and meta.yaml, secrets\n" +
			"scrubbed before anything is written. Audit the snapshot later with\n" +
			"mcaudit audit --inventory FILE --snapshot DIR.\n\n" +
			"Credentials come from the environment or files the inventory names (credentials:), never\n" +
			"from flags. Host keys are checked against known_hosts.\n\n" +
			"On several machines at once, --shard K/N collects shard K (0 to N-1) of N: a device's shard\n" +
			"follows from its name, so it stays put as others are added, and the shards' DIRs merge by\n" +
			"copying them into one, or audit them together with --snapshot A --snapshot B ... In a\n" +
			"Kubernetes Indexed Job give --shard N --shard-index-env JOB_COMPLETION_INDEX.\n\n" +
			"Exit codes: 0 every device collected, 2 bad usage or input, 3 some devices failed (the\n" +
			"others are written).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCollect(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.Inventory, "inventory", "i", "", "inventory `FILE`")
	f.StringVar(&o.OutDir, "out", "", "snapshot `DIR` to write")
	f.StringVar(&o.Shard, "shard", "", "collect only shard `K/N` of the devices (K from 0), or N with --shard-index-env")
	f.StringVar(&o.ShardEnv, "shard-index-env", "", "read the shard index K from environment variable `VAR` (e.g. JOB_COMPLETION_INDEX)")
	o.collectFlags.register(f)
	_ = cmd.MarkFlagRequired("inventory")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func runCollect(ctx context.Context, o *collectOptions) error {
	shard, err := o.parseShard()
	if err != nil {
		return usageError{err}
	}
	inv, err := loadInventory(o.Streams, o.Inventory)
	if err != nil {
		return err
	}
	o.collectFlags.shard = shard
	results, err := o.collectFlags.run(ctx, o.Streams, inv)
	if err != nil {
		return err
	}
	if len(results) == 0 && shard.N > 1 {
		// More shards than devices leaves some empty: not an error for a
		// pipeline that runs a fixed number of collectors.
		_, err := fmt.Fprintf(o.Out, "shard %s holds none of the inventory's devices: nothing to collect\n", shard)
		return err
	}
	if len(results) == 0 {
		return usageError{fmt.Errorf("%s: no device has an address to collect from (devices with config: are read offline)", inv.File)}
	}
	out, err := outdir.Open(o.OutDir)
	if err != nil {
		return err
	}
	defer out.Close()
	failed, writeErrs := 0, []error{}
	tw := tabwriter.NewWriter(o.Out, 0, 4, 2, ' ', 0)
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed++
			fmt.Fprintf(tw, "%s\tFAILED\t%s\n", r.Target.Name, termtext.Visible(r.Err.Error()))
		default:
			if err := snapshot.Write(out, r.Device); err != nil {
				failed++
				writeErrs = append(writeErrs, err)
				fmt.Fprintf(tw, "%s\tFAILED\t%s\n", r.Target.Name, termtext.Visible(err.Error()))
				continue
			}
			note := ""
			if len(r.Refused) > 0 {
				note += " (refused, recorded: " + termtext.Visible(strings.Join(r.Refused, ", ")) + ")"
			}
			if len(r.Skipped) > 0 {
				note += " (rejected, skipped: " + termtext.Visible(strings.Join(r.Skipped, ", ")) + ")"
			}
			fmt.Fprintf(tw, "%s\tok\t%d outputs in %s%s\n", r.Target.Name, len(r.Device.Outputs), r.Elapsed.Round(10e6), note)
		}
	}
	of := ""
	if shard.N > 1 {
		of = fmt.Sprintf(" (shard %s)", shard)
	}
	if failed == len(results) {
		fmt.Fprintf(tw, "\ncollected none of %d devices%s: nothing written to %s (each device's error is above)\n", len(results), of, o.OutDir)
	} else {
		fmt.Fprintf(tw, "\ncollected %d of %d devices%s into %s\n", len(results)-failed, len(results), of, o.OutDir)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d%s", ErrIncomplete, failed, len(results), joinErrs(writeErrs))
	}
	return nil
}

// parseShard reads --shard and --shard-index-env; no --shard is every
// device.
func (o *collectOptions) parseShard() (collect.Shard, error) {
	if o.Shard == "" {
		if o.ShardEnv != "" {
			return collect.Shard{}, errors.New("--shard-index-env goes with --shard N, the number of shards")
		}
		return collect.Shard{}, nil
	}
	index := ""
	if o.ShardEnv != "" {
		var ok bool
		if index, ok = os.LookupEnv(o.ShardEnv); !ok || index == "" {
			return collect.Shard{}, fmt.Errorf("--shard-index-env %s: the variable is not set", o.ShardEnv)
		}
	}
	s, err := collect.ParseShard(o.Shard, index)
	if err != nil {
		return s, fmt.Errorf("--shard: %w", err)
	}
	return s, nil
}

func joinErrs(errs []error) string {
	if len(errs) == 0 {
		return ""
	}
	return ": " + errors.Join(errs...).Error()
}
