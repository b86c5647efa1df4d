package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/vendors"
)

// Ticket is a change request built from an audit and its remediation,
// the sections a change advisory board asks for.
type Ticket struct {
	ShortDescription   string
	Description        string
	Justification      string
	Devices            []string // the configuration items changed
	ImplementationPlan string
	PreChecks          string
	BackoutPlan        string
	TestPlan           string
	Risk               string // "low" or "moderate"
	Impact             string // "low" or "medium"
	// Alternative is set where multicast cannot be made to work: what to
	// do instead.
	Alternative string
}

// TicketOptions say how the audit was run, for the commands in the plans.
type TicketOptions struct {
	// AuditCommand re-runs the audit, e.g. "mcaudit audit --inventory inventory.yaml".
	AuditCommand string
}

// BuildTicket writes the change request for plan.
func BuildTicket(res *audit.Result, plan *remediate.Plan, o TicketOptions) Ticket {
	var t Ticket
	var changed []*remediate.DevicePlan
	for _, d := range plan.Devices {
		if len(d.Remediation) > 0 {
			changed = append(changed, d)
			t.Devices = append(t.Devices, d.Name)
		}
	}
	cl := clusterText(res)
	errs := res.Count(rules.Error)
	t.ShortDescription = fmt.Sprintf("Multicast readiness for %s: %d switch%s to change", cl, len(changed), pluralES(len(changed)))
	if len(changed) == 0 {
		t.ShortDescription = fmt.Sprintf("Multicast readiness for %s: no configuration change can be generated", cl)
	}
	if len(t.ShortDescription) > 160 {
		t.ShortDescription = t.ShortDescription[:157] + "..."
	}

	var d strings.Builder
	fmt.Fprintf(&d, "The application cluster %s keeps its nodes in sync with reliable multicast: PGM, IP protocol 113, inside one VLAN. ", cl)
	fmt.Fprintf(&d, "An audit of %d switch%s (mcaudit) found %d error%s and %d warning%s that stop or endanger that traffic. ",
		len(res.Devices), pluralES(len(res.Devices)), errs, plural(errs), res.Count(rules.Warning), plural(res.Count(rules.Warning)))
	if len(changed) > 0 {
		fmt.Fprintf(&d, "This change configures %s: %s.", strings.Join(t.Devices, ", "), strings.Join(fixSummary(changed), "; "))
	}
	if manual := manualItems(plan); len(manual) > 0 {
		d.WriteString("\n\nTo be decided by hand, not part of the generated change:\n")
		for _, m := range manual {
			d.WriteString("- " + oneLine(m) + "\n")
		}
	}
	if failed := res.Failed(); failed > 0 {
		fmt.Fprintf(&d, "\n\n%d device%s could not be audited, so this change may be incomplete:\n", failed, plural(failed))
		for _, dr := range res.Devices {
			if dr.Status != audit.StatusOK {
				fmt.Fprintf(&d, "- %s: %s\n", dr.Name, oneLine(dr.Error))
			}
		}
	}
	t.Alternative = alternative(res, plan)
	if t.Alternative != "" {
		d.WriteString("\n\n" + t.Alternative)
	}
	t.Description = strings.TrimSpace(d.String())

	var j strings.Builder
	for _, f := range res.Findings {
		if f.Severity == rules.Info {
			continue
		}
		fmt.Fprintf(&j, "[%s] %s on %s: %s\n", strings.ToUpper(string(f.Severity)), f.Rule, f.Device, f.Message)
		for _, e := range f.Evidence {
			fmt.Fprintf(&j, "    %s:%d: %s\n", e.File, e.Line, strings.TrimSpace(e.Text))
		}
	}
	if j.Len() == 0 {
		j.WriteString("The audit found nothing to fix.\n")
	}
	t.Justification = strings.TrimSpace(j.String())

	var impl, back, pre strings.Builder
	for i, dp := range changed {
		fmt.Fprintf(&impl, "%d. %s (%s), in configuration mode, in this order:\n", i+1, dp.Name, dp.Platform)
		for _, l := range dp.Remediation {
			impl.WriteString("    " + l + "\n")
		}
		fmt.Fprintf(&back, "%d. %s (%s), in configuration mode:\n", i+1, dp.Name, dp.Platform)
		for _, l := range dp.Rollback {
			back.WriteString("    " + l + "\n")
		}
		fmt.Fprintf(&pre, "%d. %s: save the output of\n", i+1, dp.Name)
		for _, c := range preChecks(dp) {
			pre.WriteString("    " + c + "\n")
		}
	}
	if len(changed) > 0 {
		impl.WriteString(saveText(changed) + "\n")
		back.WriteString("Apply on the switches changed so far, in reverse order of the implementation, then compare with the pre-check outputs.\n")
		pre.WriteString("Confirm each switch's configuration still matches the audited one: re-run the audit first.\n")
	}
	t.ImplementationPlan = strings.TrimSpace(impl.String())
	t.BackoutPlan = strings.TrimSpace(back.String())
	t.PreChecks = strings.TrimSpace(pre.String())
	t.TestPlan = testPlan(res, o)

	t.Risk, t.Impact = "low", "low"
	for _, dp := range changed {
		for _, f := range dp.Fixes {
			switch f {
			case "pgm-blocked", "vlan-not-on-trunk", "host-port-wrong-vlan":
				// These touch forwarding: an ACL, a trunk, a host's port.
				t.Risk, t.Impact = "moderate", "medium"
			}
		}
	}
	return t
}

func clusterText(res *audit.Result) string {
	var names []string
	for _, c := range res.Clusters {
		n := fmt.Sprintf("VLAN %d", c.VLAN)
		if c.Name != "" {
			n = fmt.Sprintf("%s (VLAN %d)", c.Name, c.VLAN)
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return "the cluster"
	}
	return strings.Join(names, ", ")
}

// fixSummary says in words what the change does on each device.
func fixSummary(changed []*remediate.DevicePlan) []string {
	words := map[string]string{
		"vlan-missing":           "create the cluster VLAN",
		"igmp-snooping-disabled": "turn IGMP snooping back on",
		"igmp-querier-missing":   "add an IGMP snooping querier",
		"igmp-version-v1":        "move IGMP to version 2",
		"pgm-blocked":            "permit IP protocol 113 in the ACLs that drop it",
		"vlan-not-on-trunk":      "allow the VLAN on a trunk",
		"host-port-wrong-vlan":   "move a cluster host's port into the VLAN",
	}
	var out []string
	for _, d := range changed {
		var what []string
		for _, f := range d.Fixes {
			if w, ok := words[f]; ok {
				what = append(what, w)
			}
		}
		out = append(out, d.Name+": "+strings.Join(what, ", "))
	}
	return out
}

func manualItems(plan *remediate.Plan) []string {
	var out []string
	for _, d := range plan.Devices {
		for _, m := range d.Manual {
			out = append(out, d.Name+": "+m)
		}
	}
	return out
}

// preChecks are the show commands to record before the change: the ones
// the audit reads, and each ACL the change edits.
func preChecks(dp *remediate.DevicePlan) []string {
	var out []string
	if v, ok := vendors.Lookup(dp.Platform); ok {
		for _, c := range v.Commands(dp.Platform, "ssh") {
			out = append(out, c)
		}
	}
	r, ok := remediator(dp.Platform)
	if !ok {
		return out
	}
	for _, l := range dp.Remediation {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == "ip" && f[1] == "access-list" {
			c := r.ShowACLCommand(dp.Platform, f[len(f)-1])
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func remediator(platform string) (vendors.Remediator, bool) {
	v, _ := vendors.Lookup(platform)
	r, ok := v.(vendors.Remediator)
	return r, ok
}

// saveText says how to save the configuration of the changed switches:
// in one sentence where they all save it the same way.
func saveText(changed []*remediate.DevicePlan) string {
	var cmds, each []string
	for _, dp := range changed {
		c := "(save its configuration)"
		if r, ok := remediator(dp.Platform); ok {
			c = r.SaveCommand(dp.Platform)
		}
		if !slices.Contains(cmds, c) {
			cmds = append(cmds, c)
		}
		each = append(each, dp.Name+": "+c)
	}
	if len(cmds) == 1 {
		return "Then save the configuration (" + cmds[0] + ") on each switch once the test plan passes."
	}
	return "Then save the configuration on each switch once the test plan passes: " + strings.Join(each, "; ") + "."
}

// testPlan names the mcaudit verify runs on the cluster hosts and what
// passing looks like, then the audit that must come back clean.
func testPlan(res *audit.Result, o TicketOptions) string {
	var b strings.Builder
	n := 1
	for _, c := range res.Clusters {
		group := "239.192.10.10"
		if c.Group.IsValid() {
			group = c.Group.String()
		}
		var ips []string
		for _, h := range c.Hosts {
			ips = append(ips, h.IP.String())
		}
		fmt.Fprintf(&b, "%d. On every host of %s at the same time (as root, or an elevated prompt on Windows):\n", n, clusterLabel(c.Name, c.VLAN))
		for _, h := range c.Hosts {
			var peers []string
			for _, ip := range ips {
				if ip != h.IP.String() {
					peers = append(peers, ip)
				}
			}
			fmt.Fprintf(&b, "    %s: mcaudit verify --group %s --peers %s --duration 6m\n", h.Name, group, strings.Join(peers, ","))
		}
		b.WriteString("   Passing: every host receives PGM (IP protocol 113), UDP multicast and unicast from every peer; " +
			"an IGMP querier is seen in the VLAN (its address and version 2 or later); no loss in any window, " +
			"including after 260 s, when a VLAN without a querier would stop forwarding the group. Exit code 0.\n")
		n++
	}
	cmd := o.AuditCommand
	if cmd == "" {
		cmd = "mcaudit audit"
	}
	fmt.Fprintf(&b, "%d. Re-run the audit: %s\n   Passing: exit code 0, no error-severity finding.", n, cmd)
	return b.String()
}

func clusterLabel(name string, vlan int) string {
	if name == "" {
		return fmt.Sprintf("the cluster (VLAN %d)", vlan)
	}
	return fmt.Sprintf("cluster %s (VLAN %d)", name, vlan)
}

// alternative says what to do where no configuration makes multicast
// work: hosts in different sites with no layer-2 path between them.
func alternative(res *audit.Result, plan *remediate.Plan) string {
	for _, fs := range [][]rules.Finding{res.Findings, plan.Residual} {
		for _, f := range fs {
			if f.Rule == "no-l2-path" && strings.Contains(f.Message, " in site ") {
				return "Multicast cannot reach between the sites without a layer-2 path: " +
					"carry it over a GRE tunnel (or similar) across the interconnect, or run the cluster over unicast " +
					"instead (EFT 7.4.2 and later: ClusterCoherenceQueueMsmqType=msmq-iterative). " + f.Message
			}
		}
	}
	return ""
}

func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}

// TicketMarkdown writes the ticket for a change-request page or an issue.
// Text from devices and the inventory is escaped where it is prose, and
// fenced where it is configuration, with a fence no line inside can close.
func TicketMarkdown(w io.Writer, t Ticket) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(oneLine(t.ShortDescription)))
	fmt.Fprintf(&b, "**Risk:** %s · **Impact:** %s · **Configuration items:** %s\n\n", t.Risk, t.Impact, mdEscape(orNone(strings.Join(t.Devices, ", "))))
	section := func(title, body string, code bool) {
		fmt.Fprintf(&b, "## %s\n\n", title)
		if code {
			fence := codeFence(body)
			fmt.Fprintf(&b, "%s\n%s\n%s\n\n", fence, body, fence)
		} else {
			fmt.Fprintf(&b, "%s\n\n", mdProse(body))
		}
	}
	section("Description", t.Description, false)
	section("Justification", t.Justification, true)
	section("Pre-checks", orNone(t.PreChecks), true)
	section("Implementation plan", orNone(t.ImplementationPlan), true)
	section("Backout plan", orNone(t.BackoutPlan), true)
	section("Test plan", t.TestPlan, true)
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// mdProse escapes text for Markdown line by line, keeping the "- " of
// the list items the ticket itself writes.
func mdProse(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		item, rest := "", l
		if r, ok := strings.CutPrefix(l, "- "); ok {
			item, rest = "- ", r
		}
		rest = mdEscape(rest)
		// What would open a block at the start of a line: a heading, a
		// quote, a list, a rule.
		if rest != "" && strings.ContainsRune("#>+-=~", rune(rest[0])) {
			rest = `\` + rest
		}
		lines[i] = item + rest
	}
	return strings.Join(lines, "\n")
}

// jiraEscape escapes what Jira wiki markup reads as links, images,
// macros, tables and citations wherever it stands ({ } [ ] | ! \ ??), and
// the inline markers (* _ - + ^ ~) where they can open or close a span: at
// the edge of a word. A hyphen inside "storm-control" stays as it is.
func jiraEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}', '[', ']', '|', '!', '\\':
			b.WriteByte('\\')
		case '?':
			if i+1 < len(s) && s[i+1] == '?' {
				b.WriteByte('\\')
			}
		case '*', '_', '-', '+', '^', '~':
			if i == 0 || i+1 == len(s) || !wordByte(s[i-1]) || !wordByte(s[i+1]) {
				b.WriteByte('\\')
			}
		case '#':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// jiraProse escapes text for Jira wiki markup line by line, keeping the
// "- " of the ticket's own list items.
func jiraProse(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			lines[i] = "- " + jiraEscape(rest)
		} else {
			lines[i] = jiraEscape(l)
		}
	}
	return strings.Join(lines, "\n")
}

// noformatEnd is what would close a {noformat} block early; inside one
// nothing can be escaped, so the word is broken visibly instead.
var noformatEnd = regexp.MustCompile(`(?i)\{noformat\}`)

func jiraNoformat(s string) string {
	return noformatEnd.ReplaceAllStringFunc(s, func(m string) string { return m[:len(m)-1] + `\}` })
}

// TicketServiceNow writes the JSON body of a POST to the change_request
// table. Risk and impact use ServiceNow's default choice values: risk
// 3 moderate, 4 low; impact 2 medium, 3 low.
func TicketServiceNow(w io.Writer, t Ticket) error {
	risk := map[string]string{"moderate": "3", "low": "4"}[t.Risk]
	impact := map[string]string{"medium": "2", "low": "3"}[t.Impact]
	body := map[string]string{
		"short_description":   t.ShortDescription,
		"description":         t.Description,
		"justification":       t.Justification,
		"implementation_plan": orNone(t.PreChecks) + "\n\n" + orNone(t.ImplementationPlan),
		"backout_plan":        orNone(t.BackoutPlan),
		"test_plan":           t.TestPlan,
		"risk":                risk,
		"impact":              impact,
		"type":                "normal",
		"category":            "Network",
		"cmdb_ci":             first(t.Devices),
		"u_affected_cis":      strings.Join(t.Devices, ","),
	}
	return writeJSON(w, body)
}

// TicketJira writes the JSON body of a POST to /rest/api/2/issue: the
// description in Jira wiki markup.
func TicketJira(w io.Writer, t Ticket, project, issueType string) error {
	var d strings.Builder
	section := func(title, body string, code bool) {
		fmt.Fprintf(&d, "h2. %s\n", title)
		if code {
			fmt.Fprintf(&d, "{noformat}\n%s\n{noformat}\n", jiraNoformat(body))
		} else {
			fmt.Fprintf(&d, "%s\n", jiraProse(body))
		}
	}
	fmt.Fprintf(&d, "*Risk:* %s, *Impact:* %s, *Configuration items:* %s\n", t.Risk, t.Impact, jiraEscape(orNone(strings.Join(t.Devices, ", "))))
	section("Description", t.Description, false)
	section("Justification", t.Justification, true)
	section("Pre-checks", orNone(t.PreChecks), true)
	section("Implementation plan", orNone(t.ImplementationPlan), true)
	section("Backout plan", orNone(t.BackoutPlan), true)
	section("Test plan", t.TestPlan, true)
	labels := []string{"mcaudit", "multicast"}
	for _, dev := range t.Devices {
		labels = append(labels, "ci-"+dev)
	}
	body := map[string]any{"fields": map[string]any{
		"project":     map[string]string{"key": project},
		"issuetype":   map[string]string{"name": issueType},
		"summary":     t.ShortDescription,
		"description": strings.TrimRight(d.String(), "\n"),
		"labels":      labels,
	}}
	return writeJSON(w, body)
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
