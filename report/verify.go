package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mcaudit/mcaudit/verify"
)

// VerifyJSON writes a verify result as indented JSON.
func VerifyJSON(w io.Writer, r verify.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// VerifyTable writes a verify result for people: one line per peer with
// what arrived each way, the diagnosis under it, then the querier, the
// soak's windows and the verdict.
func VerifyTable(w io.Writer, r verify.Result, o TableOptions) error {
	p := painter(o.Color)
	b := &strings.Builder{}
	fmt.Fprintf(b, "%s\n\n", wrap(fmt.Sprintf("mcaudit verify on %s (%s): group %s, port %d, TTL %d, %s run of %s, %d ticks sent",
		r.Host, vis(r.Interface), r.Group, r.Port, r.TTL, r.Mode, r.Elapsed, r.Sent), 2, o.Width))
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PEER\tPGM ODATA in/out\tPGM SPM in/out\tUDP MULTICAST in/out\tUNICAST in/out\tVERDICT")
	for _, pr := range r.Peers {
		h, q := pr.Received, pr.PeerReceived
		fmt.Fprintf(tw, "%s\t%d/%d\t%d/%d\t%d/%d\t%d/%d\t%s\n", pr.Address,
			h.ODATA, q.ODATA, h.SPM, q.SPM, h.Multicast, q.Multicast, h.Unicast, q.Unicast, status(p, pr.Verdict))
	}
	tw.Flush()
	b.WriteString(p.paint(ansiDim, "  "+wrap("in: received here from the peer; out: the peer's count of what it received from here", 2, o.Width)) + "\n")
	for _, pr := range r.Peers {
		for _, d := range pr.Diagnosis {
			fmt.Fprintf(b, "  %s\n", wrap(pr.Address.String()+": "+d, 4, o.Width))
		}
	}
	b.WriteString("\n")
	head := "IGMP querier: " + string(r.Querier.Verdict)
	line := wrap(head+" — "+r.Querier.Diagnosis, 2, o.Width)
	fmt.Fprintf(b, "%s\n", "IGMP querier: "+status(p, r.Querier.Verdict)+strings.TrimPrefix(line, head))
	for _, q := range r.Querier.Queriers {
		line := fmt.Sprintf("%s IGMPv%d: %d general, %d group-specific queries, first after %s",
			q.Address, q.Version, q.General, q.GroupSpecific, q.First)
		if q.MaxResp > 0 {
			line += fmt.Sprintf(", max response %s", q.MaxResp)
		}
		if q.Robustness > 0 {
			line += fmt.Sprintf(", robustness %d", q.Robustness)
		}
		if m := q.MembershipInterval(); m > 0 {
			line += fmt.Sprintf(", memberships last %s", m)
		}
		fmt.Fprintf(b, "  %s\n", wrap(line, 4, o.Width))
	}
	fmt.Fprintf(b, "Unregistered multicast flooded to this host: %s\n", r.Flooding)
	if !r.RouterAlert {
		b.WriteString("SPMs were sent without IP Router Alert on this OS.\n")
	}
	for _, pr := range r.Peers {
		if len(pr.Windows) == 0 {
			continue
		}
		fmt.Fprintf(b, "\nLoss from %s per window:\n", pr.Address)
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  WINDOW\tEXPECTED\tPGM LOSS\tUDP MULTICAST LOSS\tUNICAST LOSS")
		for _, win := range pr.Windows {
			exp := fmt.Sprint(win.Expected)
			if win.Silent {
				exp += " (silent)"
			}
			fmt.Fprintf(tw, "  %s–%s\t%s\t%.1f%%\t%.1f%%\t%.1f%%\n", win.Start, win.End, exp, win.PGMLoss, win.MulticastLoss, win.UnicastLoss)
		}
		tw.Flush()
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(b, "Note: %s\n", wrap(n, 6, o.Width))
	}
	fmt.Fprintf(b, "\nVerdict: %s\n", paintStatus(p, r.Verdict, strings.ToUpper(string(r.Verdict))))
	_, err := io.WriteString(w, b.String())
	return err
}

func status(p painter, s verify.Status) string { return paintStatus(p, s, string(s)) }

// paintStatus shows text in the colour of the verdict s.
func paintStatus(p painter, s verify.Status, text string) string {
	switch s {
	case verify.Pass:
		return p.paint(ansiGreen, text)
	case verify.Unknown:
		return p.paint(ansiYellow, text)
	}
	return p.paint(ansiRed, text)
}
