// Package ticket writes the change request for a remediation: what a
// change advisory board asks for (description, justification, the devices
// changed, pre-checks, implementation, backout and test plans, risk), as
// Markdown, a ServiceNow change_request body or a Jira issue body.
package ticket

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/diagram"
	"github.com/mcaudit/mcaudit/internal/markup"
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
	// Paths are each cluster's path before the change as Mermaid, for
	// the Markdown ticket: GitLab and GitHub draw it.
	Paths []string
}

// Options say how the audit was run, for the commands in the plans.
type Options struct {
	// AuditCommand re-runs the audit, e.g. "mcaudit audit --inventory inventory.yaml".
	AuditCommand string
}

// Build writes the change request for plan.
func Build(res *audit.Result, plan *remediate.Plan, o Options) Ticket {
	var t Ticket
	var changed []*remediate.DevicePlan
	for _, d := range plan.Devices {
		if len(d.Remediation) > 0 {
			changed = append(changed, d)
			t.Devices = append(t.Devices, d.Name)
		}
	}
	for _, v := range diagram.Views(res) {
		var m strings.Builder
		if diagram.Mermaid(&m, v) == nil {
			t.Paths = append(t.Paths, m.String())
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
			d.WriteString("- " + markup.OneLine(m) + "\n")
		}
	}
	if failed := res.Failed(); failed > 0 {
		fmt.Fprintf(&d, "\n\n%d device%s could not be audited, so this change may be incomplete:\n", failed, plural(failed))
		for _, dr := range res.Devices {
			if dr.Status != audit.StatusOK {
				fmt.Fprintf(&d, "- %s: %s\n", dr.Name, markup.OneLine(dr.Error))
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
		commit, note := commitOf(dp.Platform)
		fmt.Fprintf(&impl, "%d. %s (%s), in configuration mode, in this order:\n", i+1, dp.Name, dp.Platform)
		for _, l := range append(slices.Clone(dp.Remediation), commit...) {
			impl.WriteString("    " + l + "\n")
		}
		if note != "" {
			impl.WriteString("   " + note + "\n")
		}
		fmt.Fprintf(&back, "%d. %s (%s), in configuration mode:\n", i+1, dp.Name, dp.Platform)
		for _, l := range append(slices.Clone(dp.Rollback), commit...) {
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
		for _, c := range dp.Changes {
			if c.Class.Forwarding() {
				// An ACL, a VLAN map, a trunk or a host's port: traffic
				// that flows today goes through what changes.
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
	words := map[remediate.Class]string{
		remediate.ClassVLAN:     "create the cluster VLAN",
		remediate.ClassSnooping: "turn IGMP snooping on",
		remediate.ClassQuerier:  "add an IGMP snooping querier",
		remediate.ClassVersion:  "move IGMP to version 2",
		remediate.ClassACL:      "permit IP protocol 113 in the ACLs or filters that drop it",
		remediate.ClassVLANMap:  "forward IP protocol 113 in the VLAN maps that drop it",
		remediate.ClassTrunk:    "allow the VLAN on a trunk",
		remediate.ClassHostPort: "move a cluster host's port into the VLAN",
	}
	var out []string
	for _, d := range changed {
		var what []string
		for _, c := range d.Changes {
			if w, ok := words[c.Class]; ok && !slices.Contains(what, w) {
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
		out = append(out, v.Commands(dp.Platform, "ssh")...)
	}
	r, ok := remediator(dp.Platform)
	if !ok {
		return out
	}
	for _, c := range dp.Changes {
		for _, obj := range c.Objects {
			if obj.Kind != "acl" {
				continue
			}
			if cmd := r.ShowACLCommand(dp.Platform, obj.Name); !slices.Contains(out, cmd) {
				out = append(out, cmd)
			}
		}
	}
	return out
}

// commitOf is what ends a change on platform where typing it is not
// enough (Junos: commit confirmed), and why.
func commitOf(platform string) (lines []string, note string) {
	v, _ := vendors.Lookup(platform)
	if c, ok := v.(vendors.Committer); ok {
		return c.Commit(platform)
	}
	return nil, ""
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
func testPlan(res *audit.Result, o Options) string {
	var b strings.Builder
	n := 1
	for _, c := range res.Clusters {
		// Without the cluster's group in the inventory, the command says
		// where to find it rather than guessing one.
		group := "GROUP"
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
		if !c.Group.IsValid() {
			b.WriteString("   GROUP is the cluster's multicast group (EFT: the HA tab's Multicast Address); the inventory does not name it.\n")
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
