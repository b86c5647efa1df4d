package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mcaudit/mcaudit/capture"
	"github.com/mcaudit/mcaudit/verify"
)

// CaptureJSON writes what a capture shows as indented JSON.
func CaptureJSON(w io.Writer, r *capture.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CaptureTable writes what a capture shows for people: the PGM sessions,
// the queriers, the members, then the diagnosis on the capture's timeline
// and the verdict. Times are UTC, as the capture stores them.
func CaptureTable(w io.Writer, r *capture.Report, o TableOptions) error {
	p := painter(o.Color)
	b := &strings.Builder{}
	head := fmt.Sprintf("mcaudit capture of %s (%s, %s): %d packets, %d IPv4, from %s to %s UTC (%s)",
		vis(r.File), r.Format, r.LinkType, r.Packets, r.IPv4, stamp(r.Start), stamp(r.End), r.End.Sub(r.Start).Round(time.Second))
	if r.Host.IsValid() {
		head += fmt.Sprintf("; taken on %s (%s)", r.Host, r.HostFrom)
	}
	fmt.Fprintf(b, "%s\n\n", wrap(head, 2, o.Width))

	if len(r.Sessions) == 0 {
		b.WriteString("PGM: none\n")
	} else {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PGM SOURCE\tGROUP\tDPORT\tTSI\tODATA\tRDATA\tSPM\tNAK\tNCF\tGAPS\tLOST\tFIRST\tLAST")
		for _, s := range r.Sessions {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", addr(s.Source), addr(s.Group), s.DestPort, s.TSI,
				s.ODATA, s.RDATA, s.SPM, s.NAK, s.NCF, s.Gaps, s.Missing-s.Repaired, stamp(s.First), stamp(s.Last))
		}
		tw.Flush()
	}
	b.WriteString("\n")
	if len(r.Queriers) == 0 {
		b.WriteString("IGMP queriers: none heard\n")
	} else {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "IGMP QUERIER\tVERSION\tGENERAL\tGROUP-SPECIFIC\tINTERVAL\tLAST GENERAL QUERY")
		for _, q := range r.Queriers {
			interval := "-"
			if q.Interval > 0 {
				interval = q.Interval.String()
			}
			if q.Stated > 0 {
				interval += " (states " + q.Stated.String() + ")"
			}
			fmt.Fprintf(tw, "%s\tv%d\t%d\t%d\t%s\t%s\n", q.Address, q.Version, q.General, q.GroupSpecific, interval, stamp(q.LastGeneral))
		}
		tw.Flush()
	}
	if len(r.Members) > 0 {
		b.WriteString("\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "IGMP MEMBER\tREPORTS\tLEAVES\tGROUPS\tFIRST\tLAST")
		for _, m := range r.Members {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", m.Address, m.Reports, m.Leaves, addrs(m.Groups), stamp(m.First), stamp(m.Last))
		}
		tw.Flush()
	}
	if len(r.UDP) > 0 {
		b.WriteString("\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "UDP MULTICAST FROM\tGROUP\tDATAGRAMS\tFIRST\tLAST")
		for _, u := range r.UDP {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", u.Source, u.Group, u.Count, stamp(u.First), stamp(u.Last))
		}
		tw.Flush()
	}
	b.WriteString("\nDiagnosis (UTC):\n")
	if len(r.Diagnosis) == 0 {
		b.WriteString("  nothing wrong seen\n")
	}
	for _, f := range r.Diagnosis {
		kind := "note   "
		if f.Problem {
			kind = p.paint(ansiRed, "PROBLEM")
		}
		fmt.Fprintf(b, "  %s  %s  %s\n", stamp(f.At), kind, wrap(f.Text, 21, o.Width))
	}
	fmt.Fprintf(b, "\nVerdict: %s\n", paintStatus(p, r.Verdict, strings.ToUpper(captureVerdict(r.Verdict))))
	_, err := io.WriteString(w, b.String())
	return err
}

// captureVerdict names a capture's verdict: a capture can show a problem,
// or show none, which is not proof that there is none.
func captureVerdict(s verify.Status) string {
	if s == verify.Pass {
		return "no problem seen"
	}
	return "problem found"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("15:04:05")
}

func addr(a netip.Addr) string {
	if !a.IsValid() {
		return "-"
	}
	return a.String()
}

func addrs(as []netip.Addr) string {
	if len(as) == 0 {
		return "-"
	}
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}
