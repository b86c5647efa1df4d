package inventory

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNornir(t *testing.T) {
	const f = "testdata/nornir/hosts.yaml"
	want := []Device{
		dev("acc1", "cisco_iosxe", "192.0.2.11", "ssh", 22, f, 2),      // platform cisco_xe from campus_access, port from defaults
		dev("acc2", "cisco_ios", "192.0.2.12", "ssh", 22, f, 5),        // its own platform beats the group's
		dev("leaf1", "cisco_nxos", "192.0.2.21", "gnmi", 50051, f, 10), // data.mcaudit_transport, data.mcaudit_port; dc's port 8022 is SSH's
		dev("leaf2", "cisco_nxos", "192.0.2.22", "ssh", 2222, f, 16),
	}
	for _, path := range []string{"testdata/nornir", f} {
		t.Run(path, func(t *testing.T) {
			inv, err := Load(path, platforms)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, inv.Devices); diff != "" {
				t.Errorf("devices (-want +got):\n%s", diff)
			}
			if inv.Format != FormatNornir || inv.File != f || inv.Dir() != "testdata/nornir" {
				t.Errorf("format %q, file %q", inv.Format, inv.File)
			}
			if inv.Credentials.Username != "" {
				t.Errorf("username %q: the hosts' users differ, none should be picked", inv.Credentials.Username)
			}
			checkNotes(t, inv.Notes, []string{
				f + ": ignored secrets: password (line 9), secret (line 24)",
				"testdata/nornir/defaults.yaml: ignored secrets: password (line 4)",
				"mcaudit never reads secrets",
				f + ": skipped 1 host (platform fortios is not one mcaudit audits; set data.mcaudit_platform to override): fw1",
				f + ": username differs between hosts (netops for acc1, acc2; admin for leaf1, leaf2): not used",
			})
		})
	}
}

// TestNornirInheritance: host, then its groups in order, each before its
// own groups, then defaults.
func TestNornirInheritance(t *testing.T) {
	const groups = `
a:
  groups: [a_parent]
  data: {mcaudit_port: 1001}
a_parent:
  port: 2001
  platform: nxos
  username: netops
b:
  port: 1002
  platform: ios
  data: {mcaudit_platform: cisco_iosxe}
`
	const defaults = "port: 9999\nplatform: iosxe\nhostname: unused\nusername: netops\ndata:\n  mcaudit_transport: ssh\n"
	for _, tc := range []struct {
		name, host string
		want       Device
	}{
		{"host wins", "h: {hostname: 192.0.2.1, port: 3000, platform: cisco_nxos, groups: [a, b]}",
			// data.mcaudit_port from a beats every port; b's data.mcaudit_platform overrides any platform
			Device{Platform: "cisco_iosxe", Address: "192.0.2.1", Transport: "ssh", Port: 1001}},
		{"host's own platform", "h: {hostname: 192.0.2.1, port: 3000, platform: cisco_nxos, groups: [a_parent]}",
			Device{Platform: "cisco_nxos", Address: "192.0.2.1", Transport: "ssh", Port: 3000}},
		{"first group, then its parent, before the second group", "h: {groups: [a, b]}",
			Device{Platform: "cisco_iosxe", Address: "unused", Transport: "ssh", Port: 1001}}, // b's data.mcaudit_platform: data keys inherit too
		{"group order", "h: {groups: [b, a]}",
			Device{Platform: "cisco_iosxe", Address: "unused", Transport: "ssh", Port: 1001}},
		{"parent group before defaults", "h: {hostname: sw, groups: [a_parent]}",
			Device{Platform: "cisco_nxos", Address: "sw", Transport: "ssh", Port: 2001}},
		{"second group's port", "h: {hostname: sw, groups: [b]}",
			Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh", Port: 1002}},
		{"defaults only", "h: {hostname: sw}",
			Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh", Port: 9999}},
		{"no hostname anywhere: the name", "h: {platform: ios}",
			Device{Platform: "cisco_ios", Address: "unused", Transport: "ssh", Port: 9999}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"hosts.yaml": tc.host + "\n", "groups.yaml": groups, "defaults.yaml": defaults})
			inv, err := Load(dir, platforms)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.Name, tc.want.File, tc.want.Line = "h", filepath.Join(dir, "hosts.yaml"), 1
			if diff := cmp.Diff([]Device{tc.want}, inv.Devices); diff != "" {
				t.Errorf("device (-want +got):\n%s", diff)
			}
			if inv.Credentials.Username != "netops" {
				t.Errorf("username %q", inv.Credentials.Username)
			}
		})
	}
}

func TestNornirPlatforms(t *testing.T) {
	for in, want := range map[string]string{
		"ios": "cisco_ios", "cisco_ios": "cisco_ios",
		"iosxe": "cisco_iosxe", "cisco_iosxe": "cisco_iosxe", "cisco_xe": "cisco_iosxe",
		"nxos": "cisco_nxos", "nxos_ssh": "cisco_nxos", "cisco_nxos": "cisco_nxos", "NXOS": "cisco_nxos",
	} {
		dir := writeTree(t, map[string]string{"hosts.yaml": "sw1:\n  platform: " + in + "\n"})
		inv, err := Load(filepath.Join(dir, "hosts.yaml"), platforms)
		if err != nil || inv.Devices[0].Platform != want {
			t.Errorf("platform %s: %+v, %v; want %s", in, inv, err, want)
		}
	}
}

func TestNornirErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // DIR is the directory
	}{
		{"groups is a string", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups: core\n"},
			`DIR/hosts.yaml line 3: groups of "sw1": want a list of group names, found a single value`},
		{"group name is a mapping", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups:\n    - {name: core}\n", "groups.yaml": "core: {}\n"},
			`DIR/hosts.yaml line 4: groups of "sw1": want a group name, found a mapping`},
		{"a host is a list", map[string]string{"hosts.yaml": "sw1: {platform: ios}\nsw2: [a]\n"},
			`DIR/hosts.yaml line 2: host "sw2": want a mapping (hostname, platform, groups, data, ...), found a list`},
		{"data is a list", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  data: [a]\n"},
			`DIR/hosts.yaml line 3: data of "sw1": want a mapping, found a list`},
		{"platform is a mapping", map[string]string{"hosts.yaml": "sw1:\n  platform: {name: ios}\n"},
			`DIR/hosts.yaml line 2: platform of "sw1": want a single value, found a mapping`},
		{"unknown group", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups: [acess]\n", "groups.yaml": "access: {}\ncore: {}\n"},
			`DIR/hosts.yaml line 3: "sw1" is in group "acess", which is not in groups.yaml (did you mean "access"?)`},
		{"no groups.yaml", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups: [access]\n"},
			`DIR/hosts.yaml line 3: "sw1" is in group "access", but there is no groups.yaml beside hosts.yaml`},
		{"unknown parent group", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups: [access]\n", "groups.yml": "access:\n  groups: [campus]\n"},
			`DIR/groups.yml line 2: "access" is in group "campus", which is not in groups.yml`},
		{"group cycle", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  groups: [a]\n", "groups.yaml": "a:\n  groups: [b]\nb:\n  groups: [c]\nc:\n  groups: [a]\n"},
			`DIR/groups.yaml line 6: group cycle: a → b → c → a`},
		{"duplicate host", map[string]string{"hosts.yaml": "sw1: {platform: ios}\nsw1: {platform: nxos}\n"},
			`DIR/hosts.yaml line 2: host "sw1" is already defined at line 1`},
		{"bad port", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  port: twentytwo\n"},
			`DIR/hosts.yaml line 3: host "sw1": port "twentytwo" is not a port number (1-65535)`},
		{"bad port in defaults", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n", "defaults.yaml": "port: 0\n"},
			`DIR/defaults.yaml line 1: host "sw1": port "0" is not a port number (1-65535)`},
		{"defaults is a list", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n", "defaults.yaml": "- port: 22\n"},
			`DIR/defaults.yaml line 1: defaults: want a mapping (hostname, port, username, platform, data), found a list`},
		{"groups.yaml is a list", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n", "groups.yaml": "- core\n"},
			`DIR/groups.yaml line 1: want a mapping of group names to their settings, found a list`},
		{"groups.yaml not YAML", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n", "groups.yaml": "core: {platform: ios\n"},
			`DIR/groups.yaml line 1: not valid YAML`},
		{"unknown mcaudit_platform", map[string]string{"hosts.yaml": "sw1:\n  data:\n    mcaudit_platform: juniper_junos\n"},
			`DIR/hosts.yaml line 3: host "sw1": data.mcaudit_platform "juniper_junos" is not one of cisco_ios, cisco_iosxe, cisco_nxos`},
		{"unknown mcaudit_transport", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n  data: {mcaudit_transport: netconf}\n"},
			`DIR/hosts.yaml line 3: host "sw1": data.mcaudit_transport "netconf": want ssh or gnmi`},
		{"no switch", map[string]string{"hosts.yaml": "srv1:\n  hostname: 10.0.0.1\n  platform: linux\nsrv2:\n  hostname: 10.0.0.2\n"},
			`DIR/hosts.yaml line 1: no host mcaudit can audit among 2 hosts (srv1: platform linux is not one mcaudit audits; set data.mcaudit_platform to override, srv2: no platform)`},
		{"groups file given", map[string]string{"hosts.yaml": "sw1:\n  platform: ios\n", "groups.yaml": "core:\n  platform: ios\n"},
			`DIR/groups.yaml: this is Nornir's groups file: give the hosts file (hosts.yaml) or its directory`},
		{"directory without hosts.yaml", map[string]string{"inventory.yaml": "devices: []\n"},
			`DIR: a directory inventory holds hosts.yaml (Nornir SimpleInventory), and this one has none`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			path := dir
			if tc.name == "groups file given" {
				path = filepath.Join(dir, "groups.yaml")
			}
			_, err := Load(path, platforms)
			want := strings.ReplaceAll(tc.want, "DIR", dir)
			if err == nil {
				t.Fatalf("no error, want %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\nwant it to contain %q", err, want)
			}
		})
	}
}
