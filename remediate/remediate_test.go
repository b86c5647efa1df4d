package remediate

import (
	"context"
	"encoding/json"
	"flag"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./remediate -update creates it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// closedLoop checks what remediation promises: every finding it fixes is
// gone from the audit of the predicted configuration, and the rollback
// applied to the prediction audits like the original configuration.
func closedLoop(t *testing.T, plan *Plan, reaudit Auditor) {
	t.Helper()
	// A rule fixed in part (one source's permit written, another's left
	// to a manual item) may still be found: the manual item says why.
	fixed := map[[2]string]bool{}
	for _, d := range plan.Devices {
		for _, r := range d.Fixes {
			fixed[[2]string{d.Name, r}] = !slices.ContainsFunc(d.Manual, func(m string) bool { return strings.HasPrefix(m, r+": ") })
		}
		if len(d.Remediation) > 0 && len(d.Rollback) == 0 {
			t.Errorf("%s: a remediation without a rollback", d.Name)
		}
	}
	for _, f := range plan.Residual {
		if fixed[[2]string{f.Device, f.Rule}] {
			t.Errorf("%s on %s was remediated but is still found: %s", f.Rule, f.Device, f.Message)
		}
	}
	original, rolledBack := map[string]audit.ConfigText{}, map[string]audit.ConfigText{}
	for _, d := range plan.Devices {
		if d.Predicted == nil {
			continue
		}
		v, _ := vendors.Lookup(d.Platform)
		text, err := v.(vendors.Applier).Apply(d.Platform, d.Predicted.Data, d.Rollback)
		if err != nil {
			t.Fatalf("%s: rollback: %v", d.Name, err)
		}
		original[d.Name] = *d.Original
		rolledBack[d.Name] = audit.ConfigText{File: d.Original.File, Data: text}
	}
	before, err := reaudit(context.Background(), original)
	if err != nil {
		t.Fatal(err)
	}
	after, err := reaudit(context.Background(), rolledBack)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(summary(before.Findings), summary(after.Findings)); diff != "" {
		t.Errorf("the rollback does not give back the original's audit (-original +rolled back):\n%s", diff)
	}
}

// summary is a finding without the evidence lines, which shift when a
// change is undone in another place of the file.
func summary(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Device+" "+f.Rule+" "+f.Message)
	}
	slices.Sort(out)
	return out
}

func labPlan(t *testing.T, path string) (*Plan, Auditor) {
	t.Helper()
	inv, err := inventory.Load(path, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
		return audit.Inventory(ctx, inv, audit.Sources{Configs: configs, ConfigOnly: true})
	}
	plan, err := Run(context.Background(), res, templates.Builtin(), reaudit)
	if err != nil {
		t.Fatal(err)
	}
	return plan, reaudit
}

func TestLab(t *testing.T) {
	plan, reaudit := labPlan(t, "../fixtures/lab/inventory.yaml")
	closedLoop(t, plan, reaudit)
	b, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lab.plan.json.golden", append(b, '\n'))
	for _, f := range plan.Residual {
		if f.Severity == rules.Error {
			t.Errorf("an error is left after remediating the lab: %s on %s: %s", f.Rule, f.Device, f.Message)
		}
	}
}

// The mixed lab: a Junos filter, an EOS trunk and AOS-CX's default-off
// snooping, each fixed in its vendor's lines, the predictions audited
// clean and the rollbacks audited as the originals.
func TestMixedLab(t *testing.T) {
	plan, reaudit := labPlan(t, "../fixtures/lab-mixed/inventory.yaml")
	closedLoop(t, plan, reaudit)
	b, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lab-mixed.plan.json.golden", append(b, '\n'))
	fixed := map[string][]string{}
	for _, d := range plan.Devices {
		fixed[d.Name] = d.Fixes
		if len(d.Manual) > 0 {
			t.Errorf("%s: manual items %q", d.Name, d.Manual)
		}
	}
	want := map[string][]string{"acc3": {"pgm-blocked"}, "leaf3": {"vlan-not-on-trunk"}, "acc4": {"igmp-snooping-disabled"}, "core2": {}}
	if diff := cmp.Diff(want, fixed); diff != "" {
		t.Errorf("fixes (-want +got):\n%s", diff)
	}
	if len(plan.Residual) != 0 {
		t.Errorf("residual %+v", plan.Residual)
	}
}

// Every vendor's own test configuration, planned alone: each fix it gets
// is gone from the audit of its prediction, and its rollback audits as
// the original did.
func TestEachVendorClosedLoop(t *testing.T) {
	for _, c := range []struct {
		platform, file string
		hosts          []string
		fixes          []string
	}{
		{"arista_eos", "../vendors/arista/testdata/leaf1.cfg", []string{"10.10.100.13"}, []string{}},
		{"aruba_aoscx", "../vendors/aruba/testdata/access1.cfg", []string{"10.10.100.41"}, []string{"igmp-querier-missing", "igmp-snooping-disabled", "pgm-blocked"}},
		{"juniper_junos", "../vendors/juniper/testdata/acc3.conf", []string{"10.10.100.13"}, []string{"pgm-blocked"}},
		{"juniper_junos", "../vendors/juniper/testdata/acc3.set", []string{"10.10.100.13"}, []string{"pgm-blocked"}},
		// legacy: no l2-querier; IGMP on the RVI queries
		{"juniper_junos", "../vendors/juniper/testdata/legacy.set", []string{"10.10.100.13"}, []string{"igmp-querier-missing"}},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			b, err := os.ReadFile(c.file)
			if err != nil {
				t.Fatal(err)
			}
			plan, reaudit := single(t, c.platform, string(b), c.hosts...)
			closedLoop(t, plan, reaudit)
			if diff := cmp.Diff(c.fixes, plan.Devices[0].Fixes); diff != "" {
				t.Errorf("fixes (-want +got):\n%s", diff)
			}
			for _, f := range plan.Residual {
				if f.Severity == rules.Error {
					t.Errorf("an error is left: %s %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// single plans one saved config.
func single(t *testing.T, platform, config string, hosts ...string) (*Plan, Auditor) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sw.cfg")
	if err := os.WriteFile(path, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	in := audit.Single{Config: path, Platform: platform, VLAN: 100, Group: netip.MustParseAddr("239.192.10.10")}
	for _, h := range hosts {
		in.Hosts = append(in.Hosts, netip.MustParseAddr(h))
	}
	res, err := audit.Config(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
		for _, c := range configs {
			return audit.ConfigData(ctx, in, c)
		}
		return res, nil
	}
	plan, err := Run(context.Background(), res, templates.Builtin(), reaudit)
	if err != nil {
		t.Fatal(err)
	}
	return plan, reaudit
}

func TestBrokenConfigs(t *testing.T) {
	for _, tc := range []struct {
		name, platform, config string
		hosts                  []string
		fixes                  []string
		manual                 string // a substring of a manual item, if one is expected
	}{
		{name: "ios-snooping-off-everything", platform: "cisco_iosxe", hosts: []string{"10.10.100.11", "10.10.100.12"},
			fixes: []string{"igmp-querier-missing", "igmp-snooping-disabled", "pgm-blocked"},
			config: `hostname sw1
vtp mode transparent
no ip igmp snooping
no ip igmp snooping vlan 100
vlan 100
 name EFT
ip access-list extended EDGE
 10 permit tcp any any eq 443
 20 deny ip any any
interface GigabitEthernet1/0/10
 switchport access vlan 100
 switchport mode access
 ip access-group EDGE in
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "ios-numbered-acl-implicit-deny", platform: "cisco_ios", hosts: []string{"10.10.100.11"},
			fixes: []string{"igmp-querier-missing", "pgm-blocked"},
			config: `hostname sw2
vtp mode transparent
vlan 100
access-list 101 permit tcp any any eq 443
access-list 101 permit udp any any eq 53
interface GigabitEthernet0/10
 switchport access vlan 100
 switchport mode access
 ip access-group 101 in
interface Vlan100
 ip address 10.10.100.3 255.255.255.0
end
`},
		{name: "ios-no-gap-before-deny", platform: "cisco_iosxe", hosts: []string{"10.10.100.11"},
			fixes:  []string{"igmp-querier-missing"},
			manual: "no free sequence numbers before entry 11",
			config: `hostname sw3
vtp mode transparent
vlan 100
ip access-list extended TIGHT
 10 permit tcp any any
 11 deny ip any any
interface GigabitEthernet1/0/10
 switchport access vlan 100
 ip access-group TIGHT in
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "ios-permit-after-the-deny", platform: "cisco_iosxe", hosts: []string{"10.10.100.11", "10.10.100.12"},
			fixes:  []string{"igmp-querier-missing", "pgm-blocked"},
			manual: "has this permit already as entry 30",
			config: `hostname sw3
vtp mode transparent
vlan 100
ip access-list extended LATE
 10 permit tcp any any
 20 deny 113 any any
 30 permit 113 host 10.10.100.11 host 239.192.10.10
 40 permit ip any any
interface GigabitEthernet1/0/10
 switchport access vlan 100
 ip access-group LATE in
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "ios-no-address-for-querier", platform: "cisco_iosxe", hosts: []string{"10.10.100.11"},
			manual: "choose an unused address of VLAN 100's subnet",
			config: `hostname sw4
vtp mode transparent
vlan 100
interface GigabitEthernet1/0/10
 switchport access vlan 100
end
`},
		{name: "ios-vlan-map-drops", platform: "cisco_iosxe", hosts: []string{"10.10.100.11", "10.10.100.12"},
			fixes: []string{"pgm-blocked"},
			config: `hostname sw5
vtp mode transparent
ip igmp snooping querier
vlan 100
ip access-list extended ALL-IP
 10 permit ip any any
vlan access-map GUARD 10
 match ip address ALL-IP
 action drop
vlan filter GUARD vlan-list 100
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "ios-querier-on-without-address", platform: "cisco_iosxe",
			config: `hostname sw6
vtp mode transparent
ip igmp snooping vlan 100 querier
vlan 100
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
 shutdown
interface GigabitEthernet1/0/1
 no switchport
end
`, manual: "choose an unused address"},
		{name: "ios-igmpv1", platform: "cisco_iosxe",
			fixes: []string{"igmp-version-v1"},
			config: `hostname sw7
vtp mode transparent
ip multicast-routing
vlan 100
interface Vlan100
 ip address 10.10.100.1 255.255.255.0
 ip pim sparse-mode
 ip igmp version 1
end
`},
		{name: "nxos-snooping-off-acl-querier", platform: "cisco_nxos", hosts: []string{"10.10.100.11"},
			fixes: []string{"igmp-querier-missing", "igmp-snooping-disabled", "pgm-blocked"},
			config: `!Command: show running-config
hostname nx1
feature interface-vlan
system default switchport
ip access-list HOST-IN
  10 permit tcp any any eq 443
  20 deny ip any any
vlan 1,100
vlan configuration 100
  no ip igmp snooping
interface Vlan100
  no shutdown
  ip address 10.10.100.2/24
interface Ethernet1/10
  switchport access vlan 100
  ip port access-group HOST-IN in
`},
		{name: "nxos-no-gap-before-deny", platform: "cisco_nxos", hosts: []string{"10.10.100.11"},
			fixes:  []string{"igmp-querier-missing"},
			manual: "(resequence ip access-list TIGHT 10 10)",
			config: `!Command: show running-config
hostname nx3
feature interface-vlan
ip access-list TIGHT
  10 permit tcp any any
  11 deny ip any any
vlan 1,100
interface Vlan100
  no shutdown
  ip address 10.10.100.2/24
interface Ethernet1/10
  switchport access vlan 100
  ip port access-group TIGHT in
`},
		{name: "ios-acl-at-top-of-range", platform: "cisco_iosxe", hosts: []string{"10.10.100.11"},
			fixes:  []string{"igmp-querier-missing"},
			manual: "ACL EDGE has no free sequence numbers after its last entry for 1 permits: resequence it (ip access-list resequence EDGE 10 10)",
			config: `hostname sw8
vtp mode transparent
vlan 100
ip access-list extended EDGE
 10 permit tcp any any eq 443
 2147483647 permit udp any any eq 53
interface GigabitEthernet1/0/10
 switchport access vlan 100
 switchport mode access
 ip access-group EDGE in
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "ios-acl-name-unwritable", platform: "cisco_iosxe", hosts: []string{"10.10.100.11"},
			fixes:  []string{"igmp-querier-missing"},
			manual: `pgm-blocked: ACL name "EDGE%IN" cannot be written into configuration: IOS-XE wants 1-64 letters`,
			config: `hostname sw9
vtp mode transparent
vlan 100
ip access-list extended EDGE%IN
 10 permit tcp any any eq 443
interface GigabitEthernet1/0/10
 switchport access vlan 100
 switchport mode access
 ip access-group EDGE%IN in
interface Vlan100
 ip address 10.10.100.2 255.255.255.0
end
`},
		{name: "nxos-vxlan-vlan-not-snooped", platform: "cisco_nxos", hosts: []string{"10.10.100.11"},
			fixes: []string{"igmp-snooping-disabled"},
			config: `!Command: show running-config
hostname leaf9
feature nv overlay
feature vn-segment-vlan-based
vlan 1,100
vlan 100
  vn-segment 10100
vlan configuration 100
  ip igmp snooping querier 10.10.100.5
interface Ethernet1/10
  switchport
  switchport access vlan 100
`},
		{name: "nxos-vlan-missing", platform: "cisco_nxos",
			fixes: []string{"vlan-missing"},
			config: `!Command: show running-config
hostname nx2
vlan 1
vlan configuration 100
  ip igmp snooping querier 10.10.100.5
interface Ethernet1/1
  switchport
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, reaudit := single(t, tc.platform, tc.config, tc.hosts...)
			closedLoop(t, plan, reaudit)
			d := plan.Devices[0]
			if diff := cmp.Diff(tc.fixes, d.Fixes, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) || (len(a) == 0 && len(b) == 0) })); diff != "" {
				t.Errorf("fixes (-want +got):\n%s", diff)
			}
			if tc.manual != "" && !slices.ContainsFunc(d.Manual, func(m string) bool { return strings.Contains(m, tc.manual) }) {
				t.Errorf("no manual item with %q: %q", tc.manual, d.Manual)
			}
			var b strings.Builder
			b.WriteString("! remediation\n" + strings.Join(d.Remediation, "\n") + "\n! rollback\n" + strings.Join(d.Rollback, "\n") + "\n! manual\n" + strings.Join(d.Manual, "\n") + "\n")
			golden(t, tc.name+".golden", []byte(b.String()))
		})
	}
}

func TestFreeSeqs(t *testing.T) {
	for _, tc := range []struct {
		seqs      []int
		before, n int
		max       int
		want      []int
		ok        bool
	}{
		{[]int{10, 20, 60, 70}, 70, 1, math.MaxInt32, []int{65}, true},
		{[]int{10, 20, 60, 70}, 70, 2, math.MaxInt32, []int{63, 66}, true},
		{[]int{10, 20}, 0, 2, math.MaxInt32, []int{30, 40}, true},
		{nil, 0, 1, math.MaxInt32, []int{10}, true},
		{[]int{10}, 10, 1, math.MaxInt32, []int{5}, true},
		{[]int{10, 11}, 11, 1, math.MaxInt32, nil, false},
		{[]int{10, 12}, 12, 1, math.MaxInt32, []int{11}, true},
		{[]int{10, 12}, 12, 2, math.MaxInt32, nil, false},
		// At the top of the range: what room is left, else none.
		{[]int{10, math.MaxInt32 - 4}, 0, 2, math.MaxInt32, []int{math.MaxInt32 - 2, math.MaxInt32}, true},
		{[]int{10, math.MaxInt32}, 0, 1, math.MaxInt32, nil, false},
		{[]int{10, math.MaxInt32 - 1}, 0, 2, math.MaxInt32, nil, false},
		{[]int{10, 65530}, 0, 1, 65535, []int{65535}, true},
		{nil, 0, 1, 0, nil, false}, // a platform that says no maximum takes nothing
	} {
		got, ok := freeSeqs(slices.Clone(tc.seqs), tc.before, tc.n, tc.max)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("freeSeqs(%v, %d, %d, %d) = %v %v, want %v %v", tc.seqs, tc.before, tc.n, tc.max, got, ok, tc.want, tc.ok)
		}
	}
}

func TestVLANName(t *testing.T) {
	for _, tc := range []struct {
		name, vlanName, want string
	}{
		{"eft-ha", "", "EFT-HA"}, {"", "", "MULTICAST-CLUSTER"}, {"eft ha/prod", "", "EFT-HA-PROD"},
		{"x", "CLUSTER-SYNC", "CLUSTER-SYNC"}, {strings.Repeat("a", 40), "", strings.Repeat("A", 32)},
	} {
		c := clusterNamed(tc.name, tc.vlanName)
		if got := vlanName(c); got != tc.want {
			t.Errorf("vlanName(%q, %q) = %q, want %q", tc.name, tc.vlanName, got, tc.want)
		}
	}
}

func clusterNamed(name, vlanName string) model.Cluster {
	return model.Cluster{Name: name, VLANName: vlanName, VLAN: 100}
}

func TestTemplateOverrideErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "cisco_iosxe"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "cisco_iosxe", "querier.tmpl"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("{{define \"fix\"}}\nip igmp snooping vlan {{.VLAN} querier\n{{end}}{{define \"rollback\"}}{{end}}\n")
	_, err := templates.Dir(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "cisco_iosxe", "querier.tmpl")+": line 2:") {
		t.Errorf("parse error: %v", err)
	}
	write("{{define \"fix\"}}\nip igmp snooping vlan {{.Vlan}}\n{{end}}{{define \"rollback\"}}{{end}}\n")
	set, err := templates.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = set.Render(context.Background(), "cisco_iosxe", "querier", querierData{VLAN: 100, Address: "10.0.0.1"})
	if err == nil || !strings.Contains(err.Error(), "querier.tmpl: line 2:") || !strings.Contains(err.Error(), "Vlan") {
		t.Errorf("execution error: %v", err)
	}
	write("{{define \"fix\"}}x{{end}}\n")
	if _, err := templates.Dir(dir); err == nil || !strings.Contains(err.Error(), `defines no "rollback" template`) {
		t.Errorf("missing block: %v", err)
	}
	// A file the user did not override comes from the built-in set.
	write("{{define \"fix\"}}ip igmp snooping vlan {{.VLAN}} querier address {{.Address}} ! site standard\n{{end}}{{define \"rollback\"}}no ip igmp snooping vlan {{.VLAN}} querier address {{.Address}}\n{{end}}\n")
	set, err = templates.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fix, _, err := set.Render(context.Background(), "cisco_iosxe", "querier", querierData{VLAN: 100, Address: "10.0.0.1"})
	if err != nil || len(fix) != 1 || !strings.HasSuffix(fix[0], "! site standard") {
		t.Errorf("override: %q %v", fix, err)
	}
	if fix, _, err := set.Render(context.Background(), "cisco_iosxe", "trunk-add", trunkData{Interface: "Port-channel1", VLAN: 100}); err != nil || len(fix) != 2 {
		t.Errorf("built-in fallback: %q %v", fix, err)
	}
}

// TestGNMILab: an OpenConfig-only switch has no CLI templates and no
// configuration text, so its fixes are manual, named as such, and the run
// does not fail.
func TestGNMILab(t *testing.T) {
	plan, _ := labPlan(t, "testdata/gnmi-lab.yaml")
	var sw1 *DevicePlan
	for _, d := range plan.Devices {
		if d.Name == "sw1" {
			sw1 = d
		}
	}
	if sw1 == nil || len(sw1.Remediation) != 0 || !slices.Contains(sw1.Manual, "pgm-blocked: no acl-permit template for platform openconfig: make this change by hand") {
		t.Fatalf("sw1: %+v", sw1)
	}
}
