package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/diagram"
)

type topologyOptions struct {
	Streams
	inputFlags
	Format  string
	Output  string
	Cluster string
}

var topologyFormats = []string{"json", "mermaid", "dot"}

func newTopologyCmd(s Streams) *cobra.Command {
	o := &topologyOptions{Streams: s, Format: "json"}
	cmd := &cobra.Command{
		Use:   "topology --inventory FILE [--format json|mermaid|dot]",
		Short: "Each cluster's layer-2 path and domain as data, to draw",
		Long: "Audit the inventory as mcaudit audit does and write, per cluster, what its drawing shows: the\n" +
			"hosts, the switches of the VLAN's domains and of the paths between the hosts' switches (with\n" +
			"platform and whether they were read), the links with their ports and whether they carry the\n" +
			"VLAN, and each finding on the switch, link or host cable it concerns. JSON for people who draw\n" +
			"their own, Mermaid (one cluster: --cluster NAME where there are several) or Graphviz DOT.\n\n" +
			"Exit codes: 0 written, 2 bad usage or input, 3 some devices could not be read (drawn as not\n" +
			"audited; the rest is written).",
		Example: "  mcaudit topology -i fixtures/lab/inventory.yaml --format mermaid\n" +
			"  mcaudit topology -i inventory.yaml --format dot | dot -Tsvg > path.svg",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runTopology(cmd.Context(), o) },
	}
	o.inputFlags.register(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.Format, "format", "f", o.Format, "output format: "+strings.Join(topologyFormats, "|"))
	f.StringVarP(&o.Output, "output", "o", "", "write to `FILE` instead of standard output")
	f.StringVar(&o.Cluster, "cluster", "", "only the cluster `NAME`")
	return cmd
}

func runTopology(ctx context.Context, o *topologyOptions) error {
	o.Format = strings.ToLower(o.Format) // -f JSON is -f json
	switch {
	case !contains(topologyFormats, o.Format):
		return usageError{fmt.Errorf("--format must be one of %s, got %q", strings.Join(topologyFormats, ", "), o.Format)}
	case o.Inventory == "":
		return usageError{errors.New("topology needs --inventory: a single saved config has no links to draw")}
	}
	if err := o.inputFlags.validate(); err != nil {
		return usageError{err}
	}
	o.findingsOnly = true
	res, _, err := o.inputFlags.load(ctx, o.Streams)
	if err != nil {
		return err
	}
	views := diagram.Views(res)
	var names []string
	for _, v := range views {
		names = append(names, fmt.Sprintf("%q", v.Cluster))
	}
	if o.Cluster != "" {
		views = slices.DeleteFunc(views, func(v diagram.View) bool { return v.Cluster != o.Cluster })
		if len(views) == 0 {
			return usageError{fmt.Errorf("--cluster %q: the inventory's clusters are %s", o.Cluster, strings.Join(names, ", "))}
		}
	}
	if o.Format == "mermaid" && len(views) != 1 {
		return usageError{fmt.Errorf("a Mermaid file draws one cluster: choose one with --cluster (%s)", strings.Join(names, ", "))}
	}
	if err := o.write(views); err != nil {
		return err
	}
	if res.Failed() > 0 {
		return fmt.Errorf("%w: %d of %d", ErrIncomplete, res.Failed(), len(res.Devices))
	}
	return nil
}

func (o *topologyOptions) write(views []diagram.View) error {
	return writeOutput(o.Out, o.Output, func(w io.Writer, _ bool) error {
		var err error
		switch o.Format {
		case "mermaid":
			err = diagram.Mermaid(w, views[0])
		case "dot":
			err = diagram.DOT(w, views)
		default:
			err = diagram.JSON(w, views)
		}
		if err != nil {
			return fmt.Errorf("write topology: %w", err)
		}
		return nil
	})
}
