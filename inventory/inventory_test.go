package inventory

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/model"
)

// platforms are Cisco's, as its vendor names them (the vendors registry
// imports this package, so its tests cannot import the registry).
var platforms = Platforms{
	Names: []string{"cisco_ios", "cisco_iosxe", "cisco_nxos"},
	Ansible: map[string]string{
		"cisco.ios.ios": "cisco_iosxe", "cisco.ios": "cisco_iosxe", "ios": "cisco_iosxe",
		"cisco.nxos.nxos": "cisco_nxos", "cisco.nxos": "cisco_nxos", "nxos": "cisco_nxos",
	},
	Nornir: map[string]string{
		"ios": "cisco_ios", "cisco_ios": "cisco_ios", "iosxe": "cisco_iosxe", "cisco_iosxe": "cisco_iosxe",
		"cisco_xe": "cisco_iosxe", "nxos": "cisco_nxos", "nxos_ssh": "cisco_nxos", "cisco_nxos": "cisco_nxos",
	},
}

const good = `snapshot: snap
clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Gi1/0/10, site: dc1}
      - name: eft2
        ip: 10.10.100.12
        switch: sw2
        interface: Ethernet1/10
devices:
  - {name: sw1, platform: cisco_iosxe, address: 192.0.2.1, transport: ssh}
  - {name: sw2, platform: cisco_nxos, address: 192.0.2.2, transport: gnmi, port: 50051}
  - {name: sw3, platform: cisco_ios, config: backups/sw3.cfg}
links:
  - [sw1:Te1/1/1, sw2:Ethernet1/49]
  - [ sw2:Ethernet1/50 , sw3:Gi0/1 ]
credentials:
  username_env: MCAUDIT_USERNAME
  password_env: MCAUDIT_PASSWORD
`

func TestParseGood(t *testing.T) {
	inv, err := Parse("lab/inv.yaml", []byte(good), platforms)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Snapshot != "snap" || inv.Path(inv.Snapshot) != "lab/snap" || inv.Path("/abs/x") != "/abs/x" {
		t.Errorf("snapshot %q resolves to %q", inv.Snapshot, inv.Path(inv.Snapshot))
	}
	if len(inv.Devices) != 3 || inv.Devices[1].Port != 50051 || inv.Devices[2].Config != "backups/sw3.cfg" || inv.Devices[2].Line != 15 {
		t.Errorf("devices: %+v", inv.Devices)
	}
	if inv.Credentials.PasswordEnv != "MCAUDIT_PASSWORD" {
		t.Errorf("credentials: %+v", inv.Credentials)
	}
	c := inv.Model(inv.Clusters[0])
	want := model.Cluster{Name: "eft-ha", VLAN: 100, Group: netip.MustParseAddr("239.192.10.10"),
		Ref: model.Ref{File: "lab/inv.yaml", Line: 3, Text: "  - name: eft-ha"},
		Hosts: []model.Host{
			{Name: "eft1", IP: netip.MustParseAddr("10.10.100.11"), Switch: "sw1", Interface: "Gi1/0/10", Site: "dc1",
				Ref: model.Ref{File: "lab/inv.yaml", Line: 7, Text: "      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Gi1/0/10, site: dc1}"}},
			{Name: "eft2", IP: netip.MustParseAddr("10.10.100.12"), Switch: "sw2", Interface: "Ethernet1/10",
				Ref: model.Ref{File: "lab/inv.yaml", Line: 8, Text: "      - name: eft2"}},
		}}
	if diff := cmp.Diff(want, c, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("cluster (-want +got):\n%s", diff)
	}
	links := inv.ModelLinks()
	if len(links) != 2 || links[1].A != (model.Endpoint{Device: "sw2", Interface: "Ethernet1/50"}) || links[1].B.Interface != "Gi0/1" || links[1].Ref.Line != 18 {
		t.Errorf("links: %+v", links)
	}
}

func TestParseErrors(t *testing.T) {
	base := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("test setup: %q not in the good inventory", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"typo in host field", base("switch: sw1", "swtich: sw1"), `inv.yaml line 7: unknown field "swtich" in hosts (did you mean "switch"?)`},
		{"typo at top level", base("links:", "link:"), `inv.yaml line 16: unknown field "link" (did you mean "links"?)`},
		{"unknown field, no close match", base("  username_env", "  radius: x\n  username_env"), `inv.yaml line 20: unknown field "radius" in credentials (valid fields: enable_env, enable_file, key_file, known_hosts, password_env, password_file, ssh_agent, username, username_env)`},
		{"a token in the file", base("  username_env", "  token: 0123456789abcdef\n  username_env"), `inv.yaml line 20: "token" in credentials: secrets never go in the inventory; name an environment variable (token_env)`},
		{"a secret in the file", base("  username_env", "  password: hunter2\n  username_env"), `inv.yaml line 20: "password" in credentials: secrets never go in the inventory; name an environment variable (password_env) or a file (password_file)`},
		{"host on unknown switch", base("switch: sw2", "switch: sw9"), `inv.yaml line 8: host "eft2": switch "sw9" is not a device of this inventory (did you mean "sw1"?)`},
		{"host without switch", base("switch: sw1, ", ""), `inv.yaml line 7: host "eft1": switch is required`},
		{"host without interface", base(", interface: Gi1/0/10", ""), `inv.yaml line 7: host "eft1": interface is required`},
		{"bad host ip", base("10.10.100.11", "10.10.100"), `inv.yaml line 7: host "eft1": ip "10.10.100" is not an IPv4 address`},
		{"unicast group", base("239.192.10.10", "10.1.1.1"), `inv.yaml line 3: cluster "eft-ha": group "10.1.1.1" is not an IPv4 multicast address`},
		{"bad querier address", base("group: 239.192.10.10", "group: 239.192.10.10\n    querier_address: 239.1.1.1"), `inv.yaml line 6: cluster "eft-ha": querier_address "239.1.1.1" is not a unicast IPv4 address`},
		{"vlan out of range", base("vlan: 100", "vlan: 4095"), `inv.yaml line 3: cluster "eft-ha": vlan 4095 is not 1-4094`},
		{"vlan not a number", base("vlan: 100", "vlan: hundred"), "inv.yaml: line 4: cannot unmarshal !!str `hundred` into int"},
		{"unknown platform", base("platform: cisco_ios,", "platform: cisco_xr,"), `inv.yaml line 15: device "sw3": unknown platform "cisco_xr" (want one of cisco_ios, cisco_iosxe, cisco_nxos)`},
		{"duplicate device", base("name: sw3", "name: sw1"), `inv.yaml line 15: device "sw1" is already defined at line 13`},
		{"no address, no config", base("config: backups/sw3.cfg", "site: x"), `inv.yaml line 15: unknown field "site" in devices`},
		{"bad transport", base("transport: gnmi", "transport: telnet"), `inv.yaml line 14: device "sw2": unknown transport "telnet" (want ssh or gnmi)`},
		{"link to unknown device", base("sw3:Gi0/1", "sw4:Gi0/1"), `inv.yaml line 18: link end sw4:Gi0/1: unknown device "sw4" (did you mean "sw1"?)`},
		{"link not a pair", base("  - [sw1:Te1/1/1, sw2:Ethernet1/49]", "  - [sw1:Te1/1/1]"), `inv.yaml line 17: a link is a pair [device:interface, device:interface]`},
		{"link end without interface", base("sw1:Te1/1/1", "sw1"), `inv.yaml line 17: link end "sw1" is not device:interface`},
		{"link end with a space", base("sw1:Te1/1/1,", "sw1: Te1/1/1,"), `inv.yaml line 17: link end is a mapping: write device:interface with no space after the colon`},
		{"device name is a path", base("name: sw3", "name: ../../escaped"), `inv.yaml line 15: device: the name "../../escaped" starts with "."`},
		{"device name with a separator", base("name: sw3", "name: a/b"), `inv.yaml line 15: device: the name "a/b" holds "/"`},
		{"device name with a backslash", base("name: sw3", `name: "a\\b"`), `inv.yaml line 15: device: the name "a\\b" holds "\\"`},
		{"device name with a line break", base("name: sw3", `name: "sw\n3"`), `inv.yaml line 15: device: the name "sw\n3" holds "\n"`},
		{"device name with an escape", base("name: sw3", `name: "sw\e[2J"`), `inv.yaml line 15: device: the name "sw\x1b[2J" holds "\x1b"`},
		{"device name is a rollback file", base("name: sw3", "name: sw1.rollback"), `inv.yaml line 15: device: the name "sw1.rollback" ends in ".rollback", which remediation gives to another device's files (sw1.rollback.cfg)`},
		{"device name is a predicted file", base("name: sw3", "name: SW1.Predicted"), `ends in ".predicted"`},
		{"device names differ in case", base("name: sw3", "name: SW1"), `inv.yaml line 15: device "SW1" and device "sw1" (inv.yaml line 13) differ only in case`},
		{"vlan_name with a line break", base("group: 239.192.10.10", "group: 239.192.10.10\n    vlan_name: \"EFT-HA\\nno ip igmp snooping\""), `inv.yaml line 6: cluster "eft-ha": vlan_name "EFT-HA\nno ip igmp snooping": holds "\n"`},
		{"vlan_name with a carriage return", base("group: 239.192.10.10", "group: 239.192.10.10\n    vlan_name: \"EFT\\rHA\""), `inv.yaml line 6: cluster "eft-ha": vlan_name "EFT\rHA": holds "\r"`},
		{"vlan_name with a blank", base("group: 239.192.10.10", "group: 239.192.10.10\n    vlan_name: EFT HA"), `vlan_name "EFT HA": holds " "`},
		{"querier_address not canonical", base("group: 239.192.10.10", "group: 239.192.10.10\n    querier_address: \" 10.1.1.1\""), `inv.yaml line 6: cluster "eft-ha": querier_address " 10.1.1.1" is not a unicast IPv4 address`},
		{"not a mapping", "- just\n- a list\n", `inv.yaml line 1: an inventory is a mapping`},
		{"empty", "", "inv.yaml: empty inventory"},
		{"not YAML", "clusters: [\n", "inv.yaml line 1: not valid YAML: "},
		// yaml.v3 numbers its parser's errors from 0: the brace is on line 7.
		{"a brace left open", base("interface: Gi1/0/10, site: dc1}", "interface: Gi1/0/10, site: dc1"), "inv.yaml line 7: not valid YAML: did not find expected ',' or '}'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("inv.yaml", []byte(tc.yaml), platforms)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestRequireClusters(t *testing.T) {
	inv, err := Parse("inv.yaml", []byte("devices:\n  - {name: sw1, platform: cisco_ios, address: 192.0.2.1}\n"), platforms)
	if err != nil {
		t.Fatal(err)
	}
	if err := inv.RequireClusters(); err == nil || err.Error() != "inv.yaml: no clusters: say which VLAN and hosts to audit" {
		t.Errorf("RequireClusters: %v", err)
	}
}

func TestClosest(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"swtich", "switch"}, {"Switch", "switch"}, {"interfce", "interface"}, {"xyz", ""}, {"hosts", "hosts"},
	} {
		if got := closest(tc.in, []string{"switch", "interface", "hosts", "site"}); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzParse: any input gives an inventory or an error naming the file,
// never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("clusters: [{name: a, vlan: 1, hosts: [{name: h, ip: 1.1.1.1, switch: s, interface: i}]}]\ndevices: [{name: s, platform: cisco_ios, config: c}]\n"))
	f.Add([]byte("links: [[a:b, c:d]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := Parse("f.yaml", data, platforms)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, c := range inv.Clusters {
			mc := inv.Model(c) // must not panic: everything was validated
			for _, h := range mc.Hosts {
				if inv.Device(h.Switch) == nil {
					t.Fatalf("host %s on unknown switch %s passed validation", h.Name, h.Switch)
				}
			}
		}
	})
}

// A device mcaudit does not log in to is declared: "declare" is kept as
// written for its vendor, required for it and refused for the others.
func TestDeclaredDevices(t *testing.T) {
	ps := platforms
	ps.Names = append(slices.Clone(ps.Names), "cisco_ucs_fi")
	ps.Declared = []string{"cisco_ucs_fi"}
	fi := "  - name: fi\n    platform: cisco_ucs_fi\n    declare:\n      vlans: \"100\"\n      anything: [the vendor checks it]\n"
	inv, err := Parse("inv.yaml", []byte(strings.Replace(good, "links:", fi+"links:", 1)), ps)
	if err != nil {
		t.Fatal(err)
	}
	if d := inv.Device("fi"); d == nil || !d.Declared() || d.Declare.Line != 19 || inv.Device("sw1").Declared() {
		t.Errorf("fi %+v", d)
	}
	if !strings.Contains(string(inv.Text()), "anything: [the vendor checks it]") {
		t.Error("Text is not the inventory")
	}
	for _, c := range []struct{ yaml, want string }{
		{strings.Replace(good, "links:", "  - {name: fi, platform: cisco_ucs_fi}\nlinks:", 1), `inv.yaml line 16: device "fi": a cisco_ucs_fi is not logged in to: declare what it has under "declare"`},
		{strings.Replace(good, "links:", strings.Replace(fi, "    declare:", "    address: 192.0.2.9\n    declare:", 1)+"links:", 1), `device "fi": a cisco_ucs_fi is declared, not collected: it takes no address, config or transport`},
		{strings.Replace(good, "config: backups/sw3.cfg}", "config: backups/sw3.cfg, declare: {vlans: \"1\"}}", 1), `inv.yaml line 15: device "sw3": "declare" is for devices mcaudit does not log in to (cisco_ucs_fi), not cisco_ios`},
	} {
		if _, err := Parse("inv.yaml", []byte(c.yaml), ps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v, want %q", err, c.want)
		}
	}
}
