package aruba

import (
	"errors"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

func TestApplyRoundTrips(t *testing.T) {
	base := string(readFile(t, "access1.cfg"))
	for _, c := range []struct {
		name             string
		change, rollback []string
		check            func(t *testing.T, d *model.Device)
		snippet          string
	}{
		{"snooping on in a VLAN", []string{"vlan 100", "    ip igmp snooping enable"}, []string{"vlan 100", "    no ip igmp snooping"},
			func(t *testing.T, d *model.Device) {
				if d.Snooping.VLANs[100].Enabled == nil {
					t.Error("still off")
				}
			}, "vlan 100\n    name EFT-HA\n    ip igmp snooping enable\nvlan 200\n"},
		{"the VLAN interface as querier", []string{"interface vlan100", "    ip igmp enable"}, []string{"interface vlan100", "    no ip igmp enable"},
			func(t *testing.T, d *model.Device) {
				if d.SVI(100).IGMPEnabled == nil {
					t.Error("no IGMP")
				}
			}, "interface vlan 100\n    ip address 10.10.100.41/24\n    ip igmp enable\n"},
		{"a permit before the deny", []string{"access-list ip EDGE-CX", "    35 permit 113 10.10.100.11 239.192.10.10"}, []string{"access-list ip EDGE-CX", "    no 35"},
			func(t *testing.T, d *model.Device) {
				es := d.ACLs["EDGE-CX"].Entries
				if es[2].Seq != 35 || es[2].Proto.Num != 113 || es[2].Src.Prefix.Bits() != 32 {
					t.Errorf("entries %+v", es)
				}
			}, "    30 permit udp any any eq 53\n    35 permit 113 10.10.100.11 239.192.10.10\n    40 deny any any any count\n"},
		{"a VLAN added to the LAG", []string{"interface lag 1", "    vlan trunk allowed 300"}, []string{"interface lag 1", "    no vlan trunk allowed 300"},
			func(t *testing.T, d *model.Device) {
				if got := d.Interface("lag1").Allowed.String(); got != "10,100,200,300" {
					t.Errorf("allowed %s", got)
				}
			}, "    vlan trunk allowed 10,100,200,300\n"},
		{"a new VLAN", []string{"vlan 150", "    name EFT-HA2"}, []string{"no vlan 150"},
			func(t *testing.T, d *model.Device) {
				if v := d.VLANs[150]; v == nil || v.Name != "EFT-HA2" {
					t.Errorf("VLAN 150 %+v", v)
				}
			}, "vlan 100\n    name EFT-HA\nvlan 150\n    name EFT-HA2\nvlan 200\n"},
		{"a host port moved", []string{"interface 1/1/3", "    vlan access 100"}, []string{"interface 1/1/3", "    vlan access 10"},
			func(t *testing.T, d *model.Device) {
				if d.Interface("1/1/3").AccessVLAN != 100 {
					t.Error("not moved")
				}
			}, ""},
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
	base := readFile(t, "access1.cfg")
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"router ospf 1"}, `mcaudit does not predict "router ospf 1" at the top level on AOS-CX`},
		{[]string{"interface 1/1/1", "    shutdown"}, `mcaudit does not predict "shutdown" in interface 1/1/1`},
		{[]string{"interface 1/1/40"}, `the configuration has no "interface 1/1/40"`},
		{[]string{"access-list ip EDGE-CX", "    40 permit 113 any any"}, "duplicate sequence number 40"},
		{[]string{"access-list ip EDGE-CX", "    35 permit 113 any any count"}, `mcaudit predicts entries of a protocol, a source and a destination, not "113 any any count"`},
		{[]string{"interface vlan100", "    ip igmp version 1"}, `IGMP version "1" is not 2 or 3`},
	} {
		_, err := Apply(base, c.lines)
		var le *LineError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &le) {
			t.Errorf("%q: %v, want %q", c.lines, err, c.want)
		}
	}
}
