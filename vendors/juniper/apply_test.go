package juniper

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/model"
)

func TestApplyRoundTrips(t *testing.T) {
	const filter = "set firewall family ethernet-switching filter HOSTS-IN term "
	for _, c := range []struct {
		name             string
		change, rollback []string
		check            func(t *testing.T, d *model.Device)
	}{
		{"a term accepting PGM before the discard",
			[]string{
				filter + "mcaudit-pgm from ip-source-address 10.10.100.13/32",
				filter + "mcaudit-pgm from ip-destination-address 239.192.10.10/32",
				filter + "mcaudit-pgm from ip-protocol 113",
				filter + "mcaudit-pgm then accept",
				"insert firewall family ethernet-switching filter HOSTS-IN term mcaudit-pgm before term deny-rest",
			},
			[]string{"delete firewall family ethernet-switching filter HOSTS-IN term mcaudit-pgm"},
			func(t *testing.T, d *model.Device) {
				var names []string
				for _, e := range d.ACLs["HOSTS-IN"].Entries {
					names = append(names, e.Name)
				}
				want := []string{"allow-web", "allow-udp", "allow-igmp", "mcaudit-pgm", "deny-rest"}
				if diff := cmp.Diff(want, names); diff != "" {
					t.Errorf("terms (-want +got):\n%s", diff)
				}
				e := d.ACLs["HOSTS-IN"].Entries[3]
				if e.Proto.Num != 113 || e.Action != model.Permit || e.Src.Prefix.String() != "10.10.100.13/32" || e.Dst.Prefix.String() != "239.192.10.10/32" {
					t.Errorf("the new term %+v", e)
				}
			}},
		{"snooping on a VLAN, a querier",
			[]string{"set protocols igmp-snooping vlan MGMT", "set protocols igmp-snooping vlan MGMT l2-querier source-address 10.10.99.3"},
			[]string{"delete protocols igmp-snooping vlan MGMT l2-querier", "delete protocols igmp-snooping vlan MGMT"},
			func(t *testing.T, d *model.Device) {
				if s := d.Snooping.VLANs[99]; s == nil || s.Enabled == nil || s.Querier.Address.String() != "10.10.99.3" {
					t.Errorf("VLAN 99 snooping %+v", s)
				}
			}},
		{"a querier's address replaced",
			[]string{"set protocols igmp-snooping vlan EFT-HA l2-querier source-address 10.10.100.9"},
			[]string{"set protocols igmp-snooping vlan EFT-HA l2-querier source-address 10.10.100.3"},
			func(t *testing.T, d *model.Device) {
				if a := d.Snooping.VLANs[100].Querier.Address.String(); a != "10.10.100.9" {
					t.Errorf("querier %s", a)
				}
			}},
		{"a VLAN created and added to a trunk",
			[]string{"set vlans EFT-HA2 vlan-id 150", "set interfaces ae0 unit 0 family ethernet-switching vlan members EFT-HA2"},
			[]string{"delete interfaces ae0 unit 0 family ethernet-switching vlan members EFT-HA2", "delete vlans EFT-HA2"},
			func(t *testing.T, d *model.Device) {
				if d.VLANs[150] == nil || d.Interface("ae0").Allowed.String() != "20,99-100,150" {
					t.Errorf("VLAN 150 %+v, ae0 %s", d.VLANs[150], d.Interface("ae0").Allowed.String())
				}
			}},
		{"a host port moved",
			[]string{"delete interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members USERS", "set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members EFT-HA"},
			[]string{"delete interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members EFT-HA", "set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members USERS"},
			func(t *testing.T, d *model.Device) {
				if d.Interface("ge-0/0/2").AccessVLAN != 100 {
					t.Error("not moved")
				}
			}},
		{"IGMP version on the IRB",
			[]string{"set protocols igmp interface irb.100 version 3"},
			[]string{"set protocols igmp interface irb.100 version 2"},
			func(t *testing.T, d *model.Device) {
				if d.SVI(100).IGMPVer != 3 {
					t.Error("version not replaced")
				}
			}},
	} {
		for _, base := range []string{"acc3.conf", "acc3.set"} {
			t.Run(c.name+" on "+base, func(t *testing.T) {
				orig := readFile(t, base)
				mid, err := Apply(orig, c.change)
				if err != nil {
					t.Fatal(err)
				}
				c.check(t, parse(t, string(mid)))
				back, err := Apply(mid, c.rollback)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(view(parse(t, string(orig))), view(parse(t, string(back)))); diff != "" {
					t.Errorf("rollback is not the original (-original +rolled back):\n%s", diff)
				}
			})
		}
	}
}

// The prediction keeps what is deactivated deactivated, and a statement
// of the set form as it was.
func TestApplyKeeps(t *testing.T) {
	orig := readFile(t, "acc3.set")
	out, err := Apply(orig, []string{"set protocols igmp-snooping vlan MGMT"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\ndeactivate protocols igmp-snooping vlan USERS\n") {
		t.Errorf("the deactivation is lost:\n%s", out)
	}
	if !strings.Contains(string(out), "set interfaces ge-0/0/0 description \"eft3 (EFT HA node)\"\n") {
		t.Errorf("a quoted word is not quoted:\n%s", out)
	}
	// the new statement sits with its siblings
	if !strings.Contains(string(out), "set protocols igmp-snooping vlan USERS\nset protocols igmp-snooping vlan MGMT\nset protocols igmp interface") {
		t.Errorf("the new statement is out of place:\n%s", out)
	}
	d := parse(t, string(out))
	if s := d.Snooping.VLANs[20]; s != nil && s.Enabled != nil {
		t.Error("a deactivated statement became active")
	}
}

func TestApplyRefuses(t *testing.T) {
	base := readFile(t, "acc3.conf")
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"set system host-name other"}, "not a statement mcaudit's templates write"},
		{[]string{"delete interfaces ge-0/0/0"}, "not a statement mcaudit's templates delete"},
		{[]string{"rollback 1"}, `"rollback" is not set, delete or insert`},
		{[]string{"insert firewall family ethernet-switching filter HOSTS-IN term nope before term deny-rest"}, "term nope is not in filter HOSTS-IN"},
		{[]string{"insert firewall family ethernet-switching filter HOSTS-IN term allow-arp before term nope"}, "term nope is not in filter HOSTS-IN"},
		{[]string{`set vlans "EFT HA`}, "not a set, delete or insert statement"},
		{[]string{"set vlans EFT-HA vlan-id 5000"}, "the predicted config has a statement Junos would not take"},
	} {
		_, err := Apply(base, c.lines)
		var le *LineError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &le) {
			t.Errorf("%q: %v, want %q", c.lines, err, c.want)
		}
	}
	if _, err := Apply([]byte("hostname sw1\n"), []string{"set protocols igmp-snooping vlan all"}); err == nil {
		t.Error("lines were applied to a config that is not Junos")
	}
}
