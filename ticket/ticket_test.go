package ticket

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// ticketFor audits and remediates an inventory (from the repository root)
// and builds its ticket.
func ticketFor(t *testing.T, path string) Ticket {
	t.Helper()
	inv, err := inventory.Load(path, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := remediate.Run(context.Background(), res, templates.Builtin(),
		func(ctx context.Context, c map[string]audit.ConfigText) (*audit.Result, error) {
			return audit.Inventory(ctx, inv, audit.Sources{Configs: c, ConfigOnly: true})
		})
	if err != nil {
		t.Fatal(err)
	}
	return Build(res, plan, Options{AuditCommand: "mcaudit audit --inventory " + path})
}

func TestLabTickets(t *testing.T) {
	t.Chdir("..")
	tk := ticketFor(t, "fixtures/lab/inventory.yaml")
	if tk.Risk != "moderate" || tk.Impact != "medium" || strings.Join(tk.Devices, ",") != "acc1,core1" || tk.Alternative != "" {
		t.Errorf("risk %s impact %s devices %v alternative %q", tk.Risk, tk.Impact, tk.Devices, tk.Alternative)
	}
	for _, want := range []string{"65 permit 113 host 10.10.100.11 host 239.192.10.10", "switchport trunk allowed vlan add 100"} {
		if !strings.Contains(tk.ImplementationPlan, want) {
			t.Errorf("implementation plan lacks %q", want)
		}
	}
	for _, want := range []string{"no 65", "switchport trunk allowed vlan remove 100"} {
		if !strings.Contains(tk.BackoutPlan, want) {
			t.Errorf("backout plan lacks %q", want)
		}
	}
	for _, want := range []string{"eft1: mcaudit verify --group 239.192.10.10 --peers 10.10.100.12 --duration 6m", "eft2: mcaudit verify --group 239.192.10.10 --peers 10.10.100.11"} {
		if !strings.Contains(tk.TestPlan, want) {
			t.Errorf("test plan lacks %q", want)
		}
	}
	if !strings.Contains(tk.Justification, "acc1/show_running-config.txt:439: 70 deny   ip any any log") {
		t.Error("justification lacks the evidence")
	}
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"lab.md.golden", func(b *bytes.Buffer) error { return Markdown(b, tk) }},
		{"lab.servicenow.golden", func(b *bytes.Buffer) error { return ServiceNow(b, tk) }},
		{"lab.jira.golden", func(b *bytes.Buffer) error { return Jira(b, tk, "NET", "Change") }},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			t.Fatal(err)
		}
		golden(t, f.name, b.Bytes())
	}

	var sn map[string]string
	var b bytes.Buffer
	_ = ServiceNow(&b, tk)
	if err := json.Unmarshal(b.Bytes(), &sn); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"short_description", "description", "justification", "implementation_plan", "backout_plan", "test_plan", "risk", "impact", "cmdb_ci"} {
		if sn[k] == "" {
			t.Errorf("ServiceNow body has no %s", k)
		}
	}
	if sn["risk"] != "3" || sn["impact"] != "2" || sn["cmdb_ci"] != "acc1" {
		t.Errorf("risk %q impact %q cmdb_ci %q", sn["risk"], sn["impact"], sn["cmdb_ci"])
	}
	var jira struct {
		Fields struct {
			Project     struct{ Key string }
			IssueType   struct{ Name string } `json:"issuetype"`
			Summary     string
			Description string
			Labels      []string
		}
	}
	b.Reset()
	_ = Jira(&b, tk, "NET", "Change")
	if err := json.Unmarshal(b.Bytes(), &jira); err != nil {
		t.Fatal(err)
	}
	if jira.Fields.Project.Key != "NET" || jira.Fields.IssueType.Name != "Change" || jira.Fields.Summary != tk.ShortDescription ||
		!strings.Contains(jira.Fields.Description, "h2. Backout plan") || len(jira.Fields.Labels) != 4 {
		t.Errorf("jira body: %+v", jira.Fields)
	}
}

// The mixed lab's ticket: each vendor's lines, Junos ended by a commit
// confirmed with its note, in the change and in the backout.
func TestMixedLabTicket(t *testing.T) {
	t.Chdir("..")
	tk := ticketFor(t, "fixtures/lab-mixed/inventory.yaml")
	if strings.Join(tk.Devices, ",") != "acc3,leaf3,acc4" {
		t.Errorf("devices %v", tk.Devices)
	}
	for _, want := range []string{
		"insert firewall family ethernet-switching filter HOSTS-IN term mcaudit-pgm before term deny-rest\n    commit confirmed 10\n   Junos applies nothing until it is committed",
		"switchport trunk allowed vlan add 100",
		"    vlan 100\n        ip igmp snooping enable",
		"acc3: commit, which confirms the commit confirmed; leaf3: copy running-config startup-config; acc4: write memory",
	} {
		if !strings.Contains(tk.ImplementationPlan, want) {
			t.Errorf("implementation plan lacks %q:\n%s", want, tk.ImplementationPlan)
		}
	}
	if !strings.Contains(tk.BackoutPlan, "delete firewall family ethernet-switching filter HOSTS-IN term mcaudit-pgm\n    commit confirmed 10") {
		t.Errorf("backout plan:\n%s", tk.BackoutPlan)
	}
	if strings.Contains(tk.Description, "querier") {
		t.Errorf("the querier leaf3 lacks comes with the trunk; no manual item should say otherwise:\n%s", tk.Description)
	}
	var b bytes.Buffer
	if err := Markdown(&b, tk); err != nil {
		t.Fatal(err)
	}
	golden(t, "lab-mixed.md.golden", b.Bytes())
}

// TestTicketNamesTheAlternative: hosts in two sites with no layer-2 path
// between them cannot share multicast; the ticket says what to do instead.
func TestTicketNamesTheAlternative(t *testing.T) {
	dir := t.TempDir()
	cfg := "hostname %s\nvtp mode transparent\nip igmp snooping querier\nvlan 100\ninterface GigabitEthernet1/0/10\n switchport access vlan 100\n switchport mode access\ninterface Vlan100\n ip address 10.10.100.%d 255.255.255.0\nend\n"
	for i, name := range []string{"dc1sw", "dc2sw"} {
		if err := os.WriteFile(filepath.Join(dir, name+".cfg"), []byte(strings.NewReplacer("%s", name, "%d", string(rune('2'+i))).Replace(cfg)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv := `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: dc1sw, interface: Gi1/0/10, site: dc1}
      - {name: eft2, ip: 10.10.100.12, switch: dc2sw, interface: Gi1/0/10, site: dc2}
devices:
  - {name: dc1sw, platform: cisco_iosxe, config: dc1sw.cfg}
  - {name: dc2sw, platform: cisco_iosxe, config: dc2sw.cfg}
`
	path := filepath.Join(dir, "inventory.yaml")
	if err := os.WriteFile(path, []byte(inv), 0o644); err != nil {
		t.Fatal(err)
	}
	tk := ticketFor(t, path)
	for _, want := range []string{"GRE tunnel", "EFT 7.4.2 and later", "msmq-iterative"} {
		if !strings.Contains(tk.Alternative, want) || !strings.Contains(tk.Description, want) {
			t.Errorf("the alternative lacks %q: %q", want, tk.Alternative)
		}
	}
	if len(tk.Devices) != 0 || !strings.Contains(tk.ShortDescription, "no configuration change can be generated") {
		t.Errorf("devices %v, short description %q", tk.Devices, tk.ShortDescription)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name (the test runs from the
// repository root).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("ticket", "testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ticket -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\nrerun with -update if the change is intended", name, diff)
	}
}

// The ticket reads the plan's structure, not its rendered lines: the risk
// comes from what the changes touch, the pre-checks from the objects they
// configure, and a test plan never names a group the inventory did not.
func TestTicketFromThePlansStructure(t *testing.T) {
	res := &audit.Result{
		Clusters: []model.Cluster{{Name: "eft-ha", VLAN: 100, Hosts: []model.Host{
			{Name: "eft1", IP: netip.MustParseAddr("10.10.100.11")}, {Name: "eft2", IP: netip.MustParseAddr("10.10.100.12")}}}},
		Devices: []audit.DeviceResult{{Name: "sw1", Platform: "cisco_iosxe", Status: audit.StatusOK}},
	}
	querier := remediate.Change{Rule: "igmp-querier-missing", Class: remediate.ClassQuerier, Objects: []remediate.Object{{Kind: "vlan", Name: "100"}},
		Fix: []string{"ip igmp snooping vlan 100 querier address 10.10.100.3"}, Rollback: []string{"no ip igmp snooping vlan 100 querier address 10.10.100.3"}}
	acl := remediate.Change{Rule: "pgm-blocked", Class: remediate.ClassACL, Objects: []remediate.Object{{Kind: "acl", Name: "EDGE-IN"}},
		Fix: []string{"ip access-list extended HOSTS-IN", " 15 permit 113 any any"}, Rollback: []string{"ip access-list extended HOSTS-IN", " no 15"}}
	for _, c := range []struct {
		name    string
		changes []remediate.Change
		risk    string
		check   string // a pre-check the ticket must name, or none
	}{
		{"a querier added is low risk", []remediate.Change{querier}, "low", ""},
		{"an ACL edited touches forwarding", []remediate.Change{querier, acl}, "moderate", "show ip access-lists EDGE-IN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dp := &remediate.DevicePlan{Name: "sw1", Platform: "cisco_iosxe", Changes: c.changes}
			for _, ch := range c.changes {
				dp.Remediation = append(dp.Remediation, ch.Fix...)
			}
			tk := Build(res, &remediate.Plan{Devices: []*remediate.DevicePlan{dp}}, Options{})
			if tk.Risk != c.risk {
				t.Errorf("risk %s, want %s", tk.Risk, c.risk)
			}
			// The pre-check comes from the ACL object, not from a line
			// that happens to start with "ip access-list".
			if c.check != "" && !strings.Contains(tk.PreChecks, c.check) {
				t.Errorf("pre-checks lack %q:\n%s", c.check, tk.PreChecks)
			}
			if strings.Contains(tk.PreChecks, "HOSTS-IN") || strings.Count(tk.PreChecks, "show ip access-lists") != strings.Count(c.check, "show ip access-lists") {
				t.Errorf("pre-checks:\n%s", tk.PreChecks)
			}
			if strings.Contains(tk.TestPlan, "239.192.10.10") || !strings.Contains(tk.TestPlan, "eft1: mcaudit verify --group GROUP --peers 10.10.100.12") ||
				!strings.Contains(tk.TestPlan, "GROUP is the cluster's multicast group") {
				t.Errorf("test plan:\n%s", tk.TestPlan)
			}
		})
	}
}
