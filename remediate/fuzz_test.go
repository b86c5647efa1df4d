package remediate

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// fuzzConfig lacks the cluster VLAN, has no querier and an ACL that drops
// PGM on the host's port: every kind of value an inventory gives
// remediation (the VLAN's name, the querier's address, names of things)
// is written somewhere.
const fuzzConfig = `hostname sw1
vtp mode transparent
vlan 10
ip access-list extended EDGE-IN
 10 permit tcp any any eq 443
interface GigabitEthernet1/0/10
 switchport access vlan 100
 switchport mode access
 ip access-group EDGE-IN in
interface TenGigabitEthernet1/1/1
 switchport mode trunk
 switchport trunk allowed vlan 10
end
`

// fuzzPlan remediates the fuzz config with an inventory holding the given
// strings; nil when the inventory or remediation refuses them.
func fuzzPlan(dir, cluster, vlanName, querier, device, iface string) *Plan {
	c := map[string]any{"name": cluster, "vlan": 100, "group": "239.192.10.10",
		"hosts": []map[string]any{{"name": "eft1", "ip": "10.10.100.11", "switch": device, "interface": iface}}}
	if vlanName != "" {
		c["vlan_name"] = vlanName
	}
	if querier != "" {
		c["querier_address"] = querier
	}
	doc := map[string]any{
		"clusters": []map[string]any{c},
		"devices":  []map[string]any{{"name": device, "platform": "cisco_iosxe", "config": "sw1.cfg"}},
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return nil
	}
	inv, err := inventory.Parse(filepath.Join(dir, "inv.yaml"), data, vendors.InventoryPlatforms())
	if err != nil {
		return nil
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		return nil
	}
	reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
		return audit.Inventory(ctx, inv, audit.Sources{Configs: configs, ConfigOnly: true})
	}
	plan, err := Run(context.Background(), res, templates.Builtin(), reaudit)
	if err != nil {
		return nil
	}
	return plan
}

var (
	nameLine    = regexp.MustCompile(`^ name [A-Za-z0-9_.-]{1,32}$`)
	querierLine = regexp.MustCompile(`^(no )?ip igmp snooping vlan 100 querier address (\d+\.\d+\.\d+\.\d+)$`)
)

// FuzzRemediationInventoryStrings feeds arbitrary strings from an
// inventory through remediation: whatever they hold, every line written
// is a line the templates write, with only the VLAN's name and the
// querier's address differing, each a valid token.
func FuzzRemediationInventoryStrings(f *testing.F) {
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sw1.cfg"), []byte(fuzzConfig), 0o644); err != nil {
		f.Fatal(err)
	}
	ref := fuzzPlan(dir, "eft-ha", "EFT-HA", "10.10.100.2", "sw1", "GigabitEthernet1/0/10")
	if ref == nil || len(ref.Devices) != 1 || len(ref.Devices[0].Remediation) == 0 {
		f.Fatalf("the reference inventory is not remediated: %+v", ref)
	}
	allowed := map[string]bool{}
	for _, l := range append(ref.Devices[0].Remediation, ref.Devices[0].Rollback...) {
		allowed[l] = true
	}
	for _, seed := range [][5]string{
		{"eft-ha", "EFT-HA\nno ip igmp snooping\ninterface TenGigabitEthernet1/0/1\n shutdown", "10.10.100.2", "sw1", "Gi1/0/10"},
		{"eft-ha", "EFT-HA\rno ip igmp snooping", "10.10.100.2", "sw1", "Gi1/0/10"},
		{"eft ha\nend", "", "10.10.100.2", "sw1", "Gi1/0/10"},
		{"eft-ha", "A", "10.10.100.2\nno ip igmp snooping", "sw1", "Gi1/0/10"},
		{"eft-ha", "", "", "../../x", "Gi1/0/10"},
		{"eft-ha", "\x1b]0;pwned\x07", "10.10.100.2", "sw1", "Gi1/0/10\n shutdown"},
		{"", "EFT-HA", "10.10.100.3", "sw1", "GigabitEthernet1/0/10"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4])
	}
	f.Fuzz(func(t *testing.T, cluster, vlanName, querier, device, iface string) {
		plan := fuzzPlan(dir, cluster, vlanName, querier, device, iface)
		if plan == nil {
			return
		}
		for _, d := range plan.Devices {
			for _, l := range append(append([]string{}, d.Remediation...), d.Rollback...) {
				if allowed[l] || nameLine.MatchString(l) {
					continue
				}
				if m := querierLine.FindStringSubmatch(l); m != nil {
					if a, err := netip.ParseAddr(m[2]); err == nil && a.String() == m[2] {
						continue
					}
				}
				t.Fatalf("remediation wrote a line no template writes: %q\nall lines:\n%s", l, strings.Join(d.Remediation, "\n"))
			}
		}
	})
}
