package cli

import (
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcaudit/mcaudit/capture"
	"github.com/mcaudit/mcaudit/report"
	"github.com/mcaudit/mcaudit/verify"
)

// ErrCaptureProblem: the capture shows a problem; exit 1 like a failed
// verify.
var ErrCaptureProblem = fmt.Errorf("the capture shows a problem: %w", ErrFindings)

func newCaptureCmd(s Streams) *cobra.Command {
	var group, host, format string
	cmd := &cobra.Command{
		Use:   "capture FILE",
		Short: "Explain a packet capture taken on a cluster node: PGM sessions, IGMP queriers, what went wrong and when",
		Long: `capture reads a capture taken on a cluster node - Wireshark's or tcpdump's pcap or
pcapng, or Windows pktmon's once converted with "pktmon etl2pcap" - and explains it
in the words of mcaudit verify: every PGM session (TSI, group, port, ODATA, RDATA,
SPM, NAK and NCF counts, sequence gaps, first and last packet), every IGMP querier
(version, measured general-query interval, last query), membership reports and
leaves per host, and a diagnosis on the capture's timeline, such as queries that
stop and the PGM that stops a membership interval later.

Capture on the node's cluster interface without a filter, or with
"ip proto 113 or igmp or udp", for longer than the query interval (125 s by
default): a shorter capture cannot show that there is no querier.

--host names the node the capture was taken on when the capture cannot tell
(it is told from a Linux cooked capture's direction, the unicast traffic, or the
only host reporting membership). --group judges only the cluster's group.

FILE "-" reads standard input. Times are UTC, as captures store them.
Exit 0 no problem seen, 1 a problem found, 2 bad usage or a file that is not a
capture mcaudit can read.`,
		Example: `  # on the EFT node: tcpdump -i eth0 -w node2.pcap 'ip proto 113 or igmp or udp'
  mcaudit capture node2.pcap --group 239.192.0.10
  # a Windows node: pktmon start --capture; ...; pktmon stop; pktmon etl2pcap PktMon.etl
  mcaudit capture PktMon.pcapng --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o capture.Options
			var err error
			if group != "" {
				if o.Group, err = netip.ParseAddr(group); err != nil || !o.Group.Is4() || !o.Group.IsMulticast() {
					return usageError{fmt.Errorf("--group %q: want an IPv4 multicast address", group)}
				}
			}
			if host != "" {
				if o.Host, err = netip.ParseAddr(host); err != nil || !o.Host.Is4() {
					return usageError{fmt.Errorf("--host %q: want the node's IPv4 address", host)}
				}
			}
			format = strings.ToLower(format)
			switch format {
			case "", "table", "json":
			default:
				return usageError{fmt.Errorf("--format must be table or json, got %q", format)}
			}
			name := args[0]
			var in io.Reader = s.In
			if name != "-" {
				f, err := os.Open(name)
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			r, err := capture.Read(name, in, o)
			if err != nil {
				return err
			}
			if format == "json" {
				err = report.CaptureJSON(s.Out, r)
			} else {
				var t report.TableOptions
				if isTerminal(s.Out) {
					t = report.TableOptions{Color: true, Width: terminalWidth()}
				}
				err = report.CaptureTable(s.Out, r, t)
			}
			if err != nil {
				return err
			}
			if r.Verdict != verify.Pass {
				return ErrCaptureProblem
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&group, "group", "", "the cluster's multicast group; every group PGM is sent to when empty")
	f.StringVar(&host, "host", "", "the address of the node the capture was taken on, when the capture cannot tell")
	f.StringVar(&format, "format", "table", "table or json")
	return cmd
}
