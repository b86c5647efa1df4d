package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/internal/termtext"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/waiver"
)

// TableOptions shape the human-readable report.
type TableOptions struct {
	Color bool // ANSI colour: only for a terminal
	// Width wraps messages at this many columns, for a terminal; 0 keeps
	// each message on one line, which suits grep and diff.
	Width int
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + ansiReset
}

// Table writes the findings grouped per device, each with its evidence,
// and a closing summary.
func Table(w io.Writer, r *audit.Result, o TableOptions) error {
	p := painter(o.Color)
	b := &strings.Builder{}
	for _, c := range r.Clusters {
		writeCluster(b, c, o.Width)
	}
	switch {
	case len(r.Snapshots) > 1:
		fmt.Fprintf(b, "snapshots: %s (evidence paths are relative to the one holding the device's folder)\n", strings.Join(r.Snapshots, ", "))
	case r.Snapshot != "":
		fmt.Fprintf(b, "snapshot: %s (evidence paths are relative to it)\n", r.Snapshot)
	}
	multi := len(r.Clusters) > 1
	writeBaselineTable(b, p, r, multi, o.Width)
	for _, d := range r.Devices {
		b.WriteString("\n")
		fmt.Fprintf(b, "%s  %s\n", p.paint(ansiBold, vis(d.Name)), p.paint(ansiDim, vis(d.Platform)))
		if d.Status != audit.StatusOK {
			fmt.Fprintf(b, "  %s  %s\n", p.paint(ansiBold+ansiRed, "NOT AUDITED"), wrap(vis(d.Error), 15, o.Width))
			continue
		}
		n := 0
		for _, i := range newFirst(r) {
			f := r.Findings[i]
			if f.Device != d.Name {
				continue
			}
			n++
			writeFinding(b, p, f, multi && f.Cluster != "", isNew(r, i), r.Waived(i), o.Width)
		}
		if n == 0 {
			fmt.Fprintf(b, "  %s\n", p.paint(ansiGreen, "no findings"))
		}
		writeUnparsed(b, p, d.Unparsed, o.Width)
		writeRefused(b, p, d.Refused, o.Width)
		if d.Note != "" {
			fmt.Fprintf(b, "  %s  %s\n", p.paint(ansiDim, "NOTE   "), wrap(vis(d.Note), 11, o.Width))
		}
	}
	writeOutside(b, p, r, o.Width)
	b.WriteString("\n")
	b.WriteString(summaryLine(p, r))
	b.WriteString("\n")
	if len(r.Findings) > 0 {
		b.WriteString(p.paint(ansiDim, "What a rule checks, why, and how to fix it: mcaudit rules RULE") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeOutside lists the switches the neighbor tables show that the
// inventory lacks: where a path may leave what was audited.
func writeOutside(b *strings.Builder, p painter, r *audit.Result, width int) {
	if len(r.Outside) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", p.paint(ansiBold, "Heard, outside the inventory (not audited)"))
	for _, o := range r.Outside {
		what := o.Name
		if o.Address != "" {
			what += " " + o.Address
		}
		if o.Platform != "" {
			what += " (" + o.Platform + ")"
		}
		line := fmt.Sprintf("%s, heard by %s on %s (%s)", what, o.Device, o.LocalPort, strings.ToUpper(o.Protocol))
		fmt.Fprintf(b, "  %s\n", wrap(vis(line), 2, width))
	}
}

func writeCluster(b *strings.Builder, c model.Cluster, width int) {
	name := "cluster"
	if c.Name != "" {
		name = "cluster " + vis(c.Name)
	}
	group := "no group given (checking all of 224.0.0.0/4)"
	if c.Group.IsValid() {
		group = "group " + c.Group.String()
	}
	fmt.Fprintf(b, "%s: VLAN %d, %s\n", name, c.VLAN, group)
	if len(c.Hosts) == 0 {
		b.WriteString("  hosts: none given (ACLs are checked for any source)\n")
		return
	}
	var hs []string
	for _, h := range c.Hosts {
		s := h.IP.String()
		if h.Name != s {
			s = vis(h.Name) + " " + s
		}
		if h.Switch != "" {
			s += fmt.Sprintf(" (%s %s)", vis(h.Switch), vis(h.Interface))
		}
		hs = append(hs, s)
	}
	fmt.Fprintf(b, "  hosts: %s\n", wrap(strings.Join(hs, ", "), 9, width))
}

func writeFinding(b *strings.Builder, p painter, f rules.Finding, multi, isNew bool, w *waiver.Waiver, width int) {
	label, code := "INFO   ", ansiCyan
	switch f.Severity {
	case rules.Error:
		label, code = "ERROR  ", ansiBold+ansiRed
	case rules.Warning:
		label, code = "WARNING", ansiYellow
	}
	rule := f.Rule
	if multi && f.Cluster != "" {
		rule += " [" + vis(f.Cluster) + "]"
	}
	if isNew {
		rule += "  " + p.paint(ansiBold+ansiYellow, "NEW")
	}
	if w != nil {
		code = ansiDim
		rule += "  " + p.paint(ansiBold, "WAIVED")
	}
	fmt.Fprintf(b, "  %s  %s\n", p.paint(code, label), p.paint(ansiBold, rule))
	const indent = 11
	fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), wrap(vis(f.Message), indent, width))
	if w != nil {
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), wrap(vis(waiverText(w)), indent, width))
	}
	for _, e := range f.Evidence {
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), p.paint(ansiDim, evidenceLine(e)))
	}
}

// maxUnparsedShown bounds the parse summary a table lists per device; JSON
// lists every line.
const maxUnparsedShown = 10

// writeUnparsed is a device's parse summary: the lines its parser could
// not read. Those a verdict rests on are findings already; the rest are
// shown so that nothing unread goes unsaid.
func writeUnparsed(b *strings.Builder, p painter, us []audit.UnparsedLine, width int) {
	if len(us) == 0 {
		return
	}
	const indent = 11
	fmt.Fprintf(b, "  %s  %s\n", p.paint(ansiCyan, "PARSE  "), wrap(fmt.Sprintf("%d line%s not understood; the verdicts that rest on them are not proven", len(us), plural(len(us))), indent, width))
	for i, u := range us {
		if i == maxUnparsedShown {
			fmt.Fprintf(b, "%sand %d more (--format json lists them all)\n", strings.Repeat(" ", indent), len(us)-i)
			break
		}
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), p.paint(ansiDim, wrap(vis(unparsedText(u)), indent, width)))
	}
}

// writeRefused is what the device would not say: each request it refused
// and its answer.
func writeRefused(b *strings.Builder, p painter, rs []audit.RefusedRequest, width int) {
	if len(rs) == 0 {
		return
	}
	const indent = 11
	fmt.Fprintf(b, "  %s  %s\n", p.paint(ansiCyan, "UNREAD "), wrap(fmt.Sprintf("could not read %d request%s; the verdicts that rest on them are not proven", len(rs), plural(len(rs))), indent, width))
	for _, r := range rs {
		fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", indent), p.paint(ansiDim, wrap(vis(refusedText(r)), indent, width)))
	}
}

// refusedText is a request the device did not answer, and its answer.
func refusedText(r audit.RefusedRequest) string {
	if r.Line > 0 {
		return fmt.Sprintf("%s — %s (%s:%d)", r.Request, r.Answer, r.File, r.Line)
	}
	return fmt.Sprintf("%s — %s", r.Request, r.Answer)
}

// unparsedText is a line not understood, and why.
func unparsedText(u audit.UnparsedLine) string {
	return fmt.Sprintf("%s:%d: %s (%s)", u.File, u.Line, strings.TrimSpace(u.Text), u.Why)
}

func evidenceLine(e model.Ref) string {
	if e.Line == 0 {
		return vis(e.File)
	}
	return fmt.Sprintf("%s:%d: %s", vis(e.File), e.Line, vis(strings.TrimSpace(e.Text)))
}

// vis makes text from a device or an inventory safe for a terminal: every
// human format prints it through here; JSON and the CI formats carry it
// exactly, escaped by their own encoders.
func vis(s string) string { return termtext.Visible(s) }

// Summary is the table's last line: the verdict and the counts, plain.
func Summary(r *audit.Result) string { return summaryLine(painter(false), r) }

func summaryLine(p painter, r *audit.Result) string {
	errs, warns, infos := r.Count(rules.Error), r.Count(rules.Warning), r.Count(rules.Info)
	s := fmt.Sprintf("%d device%s, %d not audited: %d error%s, %d warning%s, %d info",
		len(r.Devices), plural(len(r.Devices)), r.Failed(), errs, plural(errs), warns, plural(warns), infos)
	if r.Waivers != nil {
		s += fmt.Sprintf("; %d waived", len(r.Waivers.Waived))
		errs = openErrors(r) // a waived error does not fail the run
	}
	if d := r.Baseline; d != nil {
		s += fmt.Sprintf("; since the baseline: %d new, %d fixed", d.Count(baseline.New), len(d.Fixed))
	}
	switch {
	case r.Failed() > 0:
		return p.paint(ansiBold+ansiRed, "INCOMPLETE") + "  " + s
	case errs > 0:
		return p.paint(ansiBold+ansiRed, "FAIL") + "  " + s
	}
	if n := openUnproven(r); n > 0 {
		return p.paint(ansiBold+ansiYellow, "NOT PROVEN") + "  " + s + fmt.Sprintf("; %d verdict%s not proven", n, plural(n))
	}
	return p.paint(ansiBold+ansiGreen, "PASS") + "  " + s
}

// newFirst orders the findings' indexes with those new since the
// baseline first, each group in the audit's order.
func newFirst(r *audit.Result) []int {
	idx := make([]int, 0, len(r.Findings))
	for i := range r.Findings {
		if isNew(r, i) {
			idx = append(idx, i)
		}
	}
	for i := range r.Findings {
		if !isNew(r, i) {
			idx = append(idx, i)
		}
	}
	return idx
}

func isNew(r *audit.Result, i int) bool {
	return r.Baseline != nil && r.Baseline.States[i] == baseline.New
}

// writeBaselineTable lists, before the devices, what is new since the
// baseline and what it had that is now fixed.
func writeBaselineTable(b *strings.Builder, p painter, r *audit.Result, multi bool, width int) {
	d := r.Baseline
	if d == nil {
		return
	}
	fmt.Fprintf(b, "\nsince the baseline %s: %d new, %d fixed, %d unchanged\n", vis(d.File), d.Count(baseline.New), len(d.Fixed), d.Count(baseline.Unchanged))
	const indent = 9
	line := func(label, code string, f rules.Finding) {
		rule := f.Rule
		if multi && f.Cluster != "" {
			rule += " [" + vis(f.Cluster) + "]"
		}
		text := fmt.Sprintf("%s %s: %s", rule, vis(f.Device), vis(f.Message))
		fmt.Fprintf(b, "  %s  %s\n", p.paint(code, label), wrap(text, indent, width))
	}
	for _, i := range newFirst(r) {
		if isNew(r, i) {
			line("NEW  ", ansiBold+ansiYellow, r.Findings[i])
		}
	}
	for _, f := range d.Fixed {
		line("FIXED", ansiGreen, f)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// wrap breaks text into lines of at most width columns, continuing lines
// indented by indent spaces (the first line's indent is the caller's).
func wrap(text string, indent, width int) string {
	if width == 0 {
		return text
	}
	avail := max(width-indent, 40)
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		if i > 0 {
			if col+1+len(word) > avail {
				b.WriteString("\n")
				b.WriteString(strings.Repeat(" ", indent))
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

// waiverText says why a finding is waived, until when, and where.
func waiverText(w *waiver.Waiver) string {
	s := "waived: " + w.Reason
	if w.Expires != "" {
		s += " (until " + w.Expires + ")"
	}
	return s + fmt.Sprintf(" [%s:%d]", w.File, w.Line)
}
