package ucs

import (
	"errors"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

const inv = `devices:
  - name: fi-a
    platform: cisco_ucs_fi
    declare:
      vlans: "100,200-201"
      multicast_policy:
        igmp_snooping: enabled
        querier: enabled
        querier_address: 10.10.100.3
links:
  - [n5k:Ethernet1/17, fi-a:Eth1/17]
  - [n5k:Ethernet1/18, other:Eth1/1]
`

func TestDeclaration(t *testing.T) {
	d := model.NewDevice("fi-a", FI)
	if err := ParseInventory(d, "inv.yaml", []byte(inv)); err != nil {
		t.Fatal(err)
	}
	if len(d.VLANs) != 3 || d.VLANs[201] == nil || d.VLANs[100].Ref.Line != 5 {
		t.Errorf("vlans %v", d.VLANs)
	}
	q := d.Snooping.VLANs[200].Querier
	if q.Enabled == nil || q.Enabled.Line != 8 || q.Address.String() != "10.10.100.3" || q.AddressRef.Text != "        querier_address: 10.10.100.3" {
		t.Errorf("querier %+v", q)
	}
	if d.Snooping.VLANs[100].Disabled != nil || !d.Defaults.SnoopingOn || d.Defaults.QuerierByHand == "" {
		t.Errorf("snooping %+v defaults %+v", d.Snooping.VLANs[100], d.Defaults)
	}
	if len(d.Interfaces) != 1 || d.Interfaces[0].Name != "Ethernet1/17" || d.Interfaces[0].Mode != model.ModeTrunk ||
		!d.Interfaces[0].Allowed.Has(201) || d.Interfaces[0].Allowed.Has(1) || d.Interfaces[0].Ref.Line != 11 {
		t.Errorf("interfaces %+v", d.Interfaces)
	}
}

func TestDeclarationSnoopingOff(t *testing.T) {
	d := model.NewDevice("fi-a", FI)
	text := strings.Replace(inv, "igmp_snooping: enabled", "igmp_snooping: disabled", 1)
	if err := ParseInventory(d, "inv.yaml", []byte(text)); err != nil {
		t.Fatal(err)
	}
	if r := d.Snooping.VLANs[100].Disabled; r == nil || r.Line != 7 {
		t.Errorf("snooping %+v", d.Snooping.VLANs[100])
	}
}

// A declaration that cannot be read names the inventory's line and what
// was expected.
func TestBadDeclaration(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{`vlans: "100,200-201"`, `vlans: "100,5000"`, "inv.yaml line 5: vlans \"100,5000\""},
		{"querier: enabled", "querier: maybe", "inv.yaml line 8: querier: \"maybe\": want enabled or disabled"},
		{"querier_address: 10.10.100.3", "querier_address: 239.1.1.1", "inv.yaml line 9: querier_address \"239.1.1.1\" is not a unicast IPv4 address"},
		{"querier_address:", "querier_adress:", "inv.yaml line 9: multicast_policy: unknown key \"querier_adress\""},
		{"      vlans:", "      vlan:", "inv.yaml line 5: declare: unknown key \"vlan\""},
		{"name: fi-a", "name: fi-b", "device \"fi-a\" has no \"declare\" key"},
	} {
		d := model.NewDevice("fi-a", FI)
		err := ParseInventory(d, "inv.yaml", []byte(strings.Replace(inv, c.old, c.new, 1)))
		if !errors.Is(err, ErrDeclaration) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s → %s: %v, want %q", c.old, c.new, err, c.want)
		}
	}
}
