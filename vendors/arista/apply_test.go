package arista

import (
	"errors"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// Each change the EOS templates write, applied to the leaf and then rolled
// back: the audit sees the change, and the rollback gives the original
// back byte for byte.
func TestApplyRoundTrips(t *testing.T) {
	base := string(readFile(t, "leaf1.cfg"))
	for _, c := range []struct {
		name             string
		change, rollback []string
		check            func(t *testing.T, d *model.Device)
		snippet          string // consecutive lines the changed config holds
	}{
		{"snooping back on in a VLAN", []string{"ip igmp snooping vlan 30"}, []string{"no ip igmp snooping vlan 30"},
			func(t *testing.T, d *model.Device) {
				if s := d.Snooping.VLANs[30]; s != nil && s.Disabled != nil {
					t.Error("still off")
				}
			}, ""},
		{"snooping off globally and on", []string{"no ip igmp snooping"}, []string{"ip igmp snooping"},
			func(t *testing.T, d *model.Device) {
				if d.Snooping.Disabled == nil {
					t.Error("not off")
				}
			}, "vlan internal order ascending range 1006 1199\n!\nno ip igmp snooping\nno ip igmp snooping vlan 30\n"},
		{"a querier in a new VLAN", []string{"ip igmp snooping vlan 200 querier address 10.10.200.4", "ip igmp snooping vlan 200 querier"},
			[]string{"no ip igmp snooping vlan 200 querier", "no ip igmp snooping vlan 200 querier address"},
			func(t *testing.T, d *model.Device) {
				if q := d.Snooping.VLANs[200].Querier; q.Enabled == nil || !q.Address.IsValid() {
					t.Errorf("querier %+v", q)
				}
			}, "ip igmp snooping vlan 100 querier address 10.10.100.4\nip igmp snooping vlan 200 querier\nip igmp snooping vlan 200 querier address 10.10.200.4\n"},
		{"a VLAN created in order", []string{"vlan 200", "   name EFT-HA2"}, []string{"no vlan 200"},
			func(t *testing.T, d *model.Device) {
				if v := d.VLANs[200]; v == nil || v.Name != "EFT-HA2" {
					t.Errorf("VLAN 200 %+v", v)
				}
			}, "vlan 100\n   name EFT-HA\n!\nvlan 200\n   name EFT-HA2\n!\nvlan 4094\n"},
		{"a permit before the deny", []string{"ip access-list HOST-IN", "   35 permit 113 host 10.10.100.13 host 239.192.10.10"},
			[]string{"ip access-list HOST-IN", "   no 35"},
			func(t *testing.T, d *model.Device) {
				es := d.ACLs["HOST-IN"].Entries
				if es[2].Seq != 35 || es[2].Proto.Num != 113 || es[3].Seq != 40 {
					t.Errorf("entries %+v", es)
				}
			}, "   30 permit udp any any eq domain\n   35 permit 113 host 10.10.100.13 host 239.192.10.10\n   40 deny ip any any log\n"},
		{"the VLAN added to a trunk", []string{"interface Port-Channel10", "   switchport trunk allowed vlan add 100"},
			[]string{"interface Port-Channel10", "   switchport trunk allowed vlan remove 100"},
			func(t *testing.T, d *model.Device) {
				if got := d.Interface("Port-Channel10").Allowed.String(); got != "10,30,100" {
					t.Errorf("allowed %s", got)
				}
			}, "   switchport trunk allowed vlan 10,30,100\n"},
		{"a host port moved", []string{"interface Et2", "   switchport access vlan 100"}, []string{"interface Et2", "   no switchport access vlan"},
			func(t *testing.T, d *model.Device) {
				if d.Interface("Ethernet2").AccessVLAN != 100 {
					t.Error("not moved")
				}
			}, "   description spare\n   shutdown\n   switchport access vlan 100\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mid, err := Apply([]byte(base), c.change)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, parse(t, string(mid)))
			if c.snippet != "" && !strings.Contains(string(mid), c.snippet) {
				t.Errorf("changed config lacks\n%s\ngot\n%s", c.snippet, mid)
			}
			back, err := Apply(mid, c.rollback)
			if err != nil {
				t.Fatal(err)
			}
			if string(back) != base {
				t.Errorf("rollback is not the original:\n%s", back)
			}
		})
	}
}

func TestApplyRefuses(t *testing.T) {
	base := readFile(t, "leaf1.cfg")
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"router bgp 65001"}, `mcaudit does not predict "router bgp 65001" at the top level on EOS`},
		{[]string{"interface Ethernet1", "   shutdown"}, `mcaudit does not predict "shutdown" in interface Ethernet1 on EOS`},
		{[]string{"interface Ethernet9"}, `the configuration has no "interface Ethernet9"`},
		{[]string{"interface Port-Channel10", "   switchport trunk allowed vlan 100"}, `mcaudit does not predict "switchport trunk allowed vlan 100"`},
		{[]string{"ip access-list HOST-IN", "   40 permit 113 any any"}, "duplicate sequence number 40"},
		{[]string{"ip access-list HOST-IN", "   35 permit 113 any any log"}, `mcaudit predicts entries of a protocol, a source and a destination, not "113 any any log"`},
		{[]string{"ip access-list HOST-IN", "   35 permit pgm any any"}, `unknown protocol "pgm"`},
		{[]string{"vlan 5000"}, `"5000" is not a VLAN ID 1-4094`},
		{[]string{"interface Ethernet1", "   switchport mode dot1q-tunnel"}, `switchport mode "dot1q-tunnel" is not access or trunk`},
	} {
		_, err := Apply(base, c.lines)
		var le *LineError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &le) {
			t.Errorf("%q: %v, want %q", c.lines, err, c.want)
		}
	}
}

func TestCheckComplete(t *testing.T) {
	if err := checkComplete(readFile(t, "leaf1.cfg")); err != nil {
		t.Error(err)
	}
	if err := checkComplete([]byte("hostname sw\ninterface Ethernet1\n")); err == nil || !strings.Contains(err.Error(), `its last line is "interface Ethernet1"`) {
		t.Errorf("a cut config: %v", err)
	}
}
