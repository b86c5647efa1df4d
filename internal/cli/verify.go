package cli

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/verify"
)

// ErrVerifyFailed: the probe's verdict is fail; exit 1 like an audit with
// errors.
var ErrVerifyFailed = fmt.Errorf("verify failed: %w", ErrFindings)

func newVerifyCmd(s Streams) *cobra.Command {
	cfg := verify.Defaults
	var group string
	var peers []string
	format, pcap := "table", ""
	cmd := &cobra.Command{
		Use:   "verify --group G --peers IP[,IP…]",
		Short: "Prove on the wire that the cluster hosts exchange PGM, and find the IGMP querier",
		Long: `verify runs on every cluster host at once (like omping): each host sends real PGM
(IP protocol 113: SPM and ODATA, as Windows reliable multicast and MSMQ use), UDP
multicast to the same group, and UDP unicast to each peer, and validates what its
peers send. Comparing the three tells why a path fails: unicast and UDP multicast
arrive but PGM does not, so protocol 113 is filtered; all multicast is lost, so
IGMP snooping, the querier or the VLAN is at fault. It also finds the IGMP querier:
it joins and leaves a scratch group, which makes a querier answer at once, and
waits up to --querier-wait for it.

A quick run stops at its verdict, usually within seconds. A snooping switch
without a querier still forwards for a few minutes after a host joins, so use
--duration 5m (longer than the membership interval, 260 s by default) to see
it stop; loss is then reported per --window.

Pick a --port the cluster does not use: a PGM receiver on the same group and
port would take the probe's packets for messages.

--pcap FILE writes what the probe sent and received as pcapng for Wireshark, with
the verdict as the file's comment. The probe's sockets see payloads, so each
packet is an IPv4 packet rebuilt around one: PGM and IGMP as they were, UDP with
its ports; TTL and IP options are not the wire's.

Needs raw sockets: root or CAP_NET_RAW on Linux, an elevated prompt on Windows.
Exit 0 pass, 1 fail, 2 bad usage or no privilege.`,
		Example: `  # on each of the three EFT nodes, at the same time:
  sudo mcaudit verify --group 239.192.10.10 --peers 10.10.100.11,10.10.100.12,10.10.100.13
  # soak for 5 minutes, JSON for a change record:
  sudo mcaudit verify --group 239.192.10.10 --peers 10.10.100.12 --duration 5m --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if group != "" {
				if cfg.Group, err = netip.ParseAddr(group); err != nil {
					return usageError{fmt.Errorf("--group %q: %w", group, err)}
				}
			}
			cfg.Peers = nil
			for _, p := range peers {
				a, err := netip.ParseAddr(strings.TrimSpace(p))
				if err != nil {
					return usageError{fmt.Errorf("--peers %q: %w", p, err)}
				}
				cfg.Peers = append(cfg.Peers, a)
			}
			// An explicit wait is a request to see the querier's general
			// queries, not just its answer to a leave.
			cfg.MeasureQuerier = cmd.Flags().Changed("querier-wait")
			format = strings.ToLower(format)
			if format != "table" && format != "json" {
				return usageError{fmt.Errorf("--format must be table or json, got %q", format)}
			}
			var out *os.File
			if pcap != "" {
				// Created first: a path that cannot be written fails before
				// the peers wait on this host.
				if out, err = os.Create(pcap); err != nil {
					return usageError{fmt.Errorf("--pcap: %w", err)}
				}
				defer out.Close()
			}
			probe, err := verify.Open(cfg)
			if errors.Is(err, verify.ErrConfig) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			if out != nil {
				probe.Capture = verify.NewCapture(verify.DefaultCaptureLimit)
			}
			c := probe.Config()
			what := "until the verdict"
			if c.Duration > 0 {
				what = fmt.Sprintf("for %s", c.Duration)
			}
			fmt.Fprintf(s.Err, "verify: probing %d peer(s) from %s on %s %s (Ctrl-C stops with the result so far)\n",
				len(c.Peers), c.Self, c.Iface, what)
			probe.OnWindow = func(peer netip.Addr, w verify.Window) {
				fmt.Fprintf(s.Err, "verify: %s–%s from %s: PGM loss %.1f%%, UDP multicast %.1f%%, unicast %.1f%%\n",
					w.Start, w.End, peer, w.PGMLoss, w.MulticastLoss, w.UnicastLoss)
			}
			r, err := probe.Run(cmd.Context())
			if err != nil {
				return err
			}
			if out != nil {
				err := probe.Capture.WritePcapng(out, r.Interface, r.Host, verify.Comment(r))
				if err == nil {
					err = out.Close()
				}
				if err != nil {
					return fmt.Errorf("--pcap %s: %w", pcap, err)
				}
				fmt.Fprintf(s.Err, "verify: wrote %d packets to %s\n", probe.Capture.Len(), pcap)
			}
			if format == "json" {
				err = report.VerifyJSON(s.Out, r)
			} else {
				var o report.TableOptions
				if isTerminal(s.Out) {
					o = report.TableOptions{Color: true, Width: terminalWidth()}
				}
				err = report.VerifyTable(s.Out, r, o)
			}
			if err != nil {
				return err
			}
			if r.Verdict != verify.Pass {
				return ErrVerifyFailed
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&group, "group", "", "the cluster's multicast group (EFT: the HA tab's Multicast Address)")
	f.StringSliceVar(&peers, "peers", nil, "the cluster hosts' addresses, comma-separated; this host's own is skipped")
	f.StringVar(&cfg.Iface, "iface", "", "interface on the cluster VLAN (default: the one on a peer's subnet)")
	f.Uint16Var(&cfg.Port, "port", cfg.Port, "PGM data-destination port and UDP port of the probe; not one the cluster uses")
	f.IntVar(&cfg.TTL, "ttl", cfg.TTL, "multicast TTL (Windows reliable multicast sends 255)")
	f.DurationVar(&cfg.Duration, "duration", 0, "soak for this long, reporting loss per --window (0: stop at the verdict)")
	f.DurationVar(&cfg.Window, "window", cfg.Window, "soak loss is reported per window of this length")
	f.DurationVar(&cfg.QuerierWait, "querier-wait", cfg.QuerierWait, "how long to wait for an IGMP query; set, it also waits to measure an IGMPv2 querier's interval (general queries come every 60–125 s)")
	f.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "give up on peers not heard from within this time")
	f.DurationVar(&cfg.Interval, "interval", cfg.Interval, "time between probe packets")
	f.StringVarP(&format, "format", "f", format, "output format: table|json")
	f.StringVar(&pcap, "pcap", "", "write the packets sent and received to FILE as pcapng, with the verdict as its comment")
	return cmd
}
