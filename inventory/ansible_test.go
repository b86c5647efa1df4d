package inventory

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeTree writes files (path → content) under a new directory and
// returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dev abbreviates an expected imported device.
func dev(name, platform, addr, transport string, port int, file string, line int) Device {
	return Device{Name: name, Platform: platform, Address: addr, Transport: transport, Port: port, File: file, Line: line}
}

func TestAnsibleYAML(t *testing.T) {
	const f = "testdata/ansible-yaml/hosts.yml"
	inv, err := Load(f, platforms)
	if err != nil {
		t.Fatal(err)
	}
	want := []Device{
		dev("acc1", "cisco_iosxe", "192.0.2.111", "ssh", 22, f, 18), // host_vars/acc1.yml beats the host's own ansible_host
		dev("acc2", "cisco_ios", "192.0.2.12", "ssh", 22, f, 20),    // mcaudit_platform overrides cisco.ios.ios
		dev("acc03", "cisco_iosxe", "192.0.2.13", "ssh", 22, f, 23), // range, host_vars/acc03.yaml
		dev("acc04", "cisco_iosxe", "acc04", "ssh", 22, f, 23),      // no ansible_host: the inventory name
		dev("leaf1", "cisco_nxos", "192.0.2.21", "ssh", 2222, f, 26),
		dev("leaf2", "cisco_nxos", "192.0.2.22", "gnmi", 50051, f, 29),
	}
	if diff := cmp.Diff(want, inv.Devices); diff != "" {
		t.Errorf("devices (-want +got):\n%s", diff)
	}
	if inv.Format != FormatAnsibleYAML || inv.File != f || len(inv.Clusters) != 0 || inv.Credentials.Username != "netops" {
		t.Errorf("format %q, file %q, %d clusters, credentials %+v", inv.Format, inv.File, len(inv.Clusters), inv.Credentials)
	}
	wantNotes := []string{
		f + ": ignored secrets: ansible_password (line 6), ansible_become_password (line 33), ansible_winrm_password (line 44)",
		"testdata/ansible-yaml/group_vars/all.yml: ignored secrets: snmp_community (line 3)",
		"testdata/ansible-yaml/group_vars/access.yml: ignored secrets: ansible_become_password (line 4)",
		"testdata/ansible-yaml/host_vars/acc1.yml: ignored secrets: ansible_ssh_pass (line 3)",
		"mcaudit never reads secrets from an inventory",
		f + ": skipped 2 hosts (no ansible_network_os): backup01, eft1",
		"testdata/ansible-yaml/group_vars/nxos/vault.yml: ignored: the file is vault-encrypted",
	}
	checkNotes(t, inv.Notes, wantNotes)
	err = inv.RequireClusters()
	if err == nil || !strings.Contains(err.Error(), "Ansible YAML inventories list devices only") || !strings.Contains(err.Error(), "devices_from: "+f) {
		t.Errorf("RequireClusters: %v", err)
	}
}

// checkNotes wants each note to start with the wanted text, in order.
func checkNotes(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d notes, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
		return
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("note %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

func TestAnsibleINI(t *testing.T) {
	const f = "testdata/ansible-ini/hosts.ini"
	inv, err := Load(f, platforms)
	if err != nil {
		t.Fatal(err)
	}
	want := []Device{
		dev("mgmt-sw", "cisco_iosxe", "192.0.2.5", "ssh", 22, f, 2), // ungrouped; port from [all:vars]
		dev("acc01", "cisco_iosxe", "acc01", "ssh", 22, f, 5),
		dev("acc02", "cisco_iosxe", "192.0.2.102", "ssh", 22, f, 5), // host_vars/acc02.yml
		dev("acc03", "cisco_iosxe", "acc03", "ssh", 22, f, 5),
		dev("acc10", "cisco_iosxe", "192.0.2.30", "ssh", 2222, f, 6),                           // host:port beats group vars
		dev("leafa.dc1.example.net", "cisco_nxos", "leafa.dc1.example.net", "ssh", 8022, f, 9), // group_vars/nxos.yml beats [all:vars]
		dev("leafb.dc1.example.net", "cisco_nxos", "leafb.dc1.example.net", "ssh", 8022, f, 9),
		dev("leaf-gnmi", "cisco_nxos", "2001:db8::21", "gnmi", 50051, f, 10),
	}
	if diff := cmp.Diff(want, inv.Devices); diff != "" {
		t.Errorf("devices (-want +got):\n%s", diff)
	}
	if inv.Format != FormatAnsibleINI || inv.Credentials.Username != "netops" {
		t.Errorf("format %q, credentials %+v", inv.Format, inv.Credentials)
	}
	checkNotes(t, inv.Notes, []string{
		f + ": ignored secrets: ansible_password (line 5), ansible_become_pass (line 6), ansible_ssh_pass (line 26)",
		"testdata/ansible-ini/group_vars/nxos.yml: ignored secrets: enable_secret (line 2)",
		"mcaudit never reads secrets",
		f + ": skipped 1 host (no ansible_network_os): web1",
		f + ": skipped 1 host (ansible_network_os ansible.windows.win is not a platform mcaudit audits; set mcaudit_platform to override): eft-node1",
	})
}

// TestAnsiblePrecedence checks which value wins, one variable at a time:
// host > child group > parent group > all, and Ansible's group_vars and
// host_vars above the inventory file's own.
func TestAnsiblePrecedence(t *testing.T) {
	const tree = `all:
  vars: {ansible_port: 1001}
  children:
    parent:
      vars: {ansible_port: 1002}
      children:
        child:
          vars: {ansible_port: 1003}
          hosts:
            sw1: {ansible_network_os: ios}
            sw2: {ansible_network_os: ios, ansible_port: 1004}
    other:
      vars: {ansible_port: 1005}
      hosts:
        sw3: {ansible_network_os: ios}
        sw4: {ansible_network_os: ios}
`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string]int // host → port
	}{
		{"file only", nil, map[string]int{"sw1": 1003, "sw2": 1004, "sw3": 1005, "sw4": 1005}},
		{"group_vars/all beats the file's groups", map[string]string{"group_vars/all.yml": "ansible_port: 2001\n"},
			map[string]int{"sw1": 2001, "sw2": 1004, "sw3": 2001}},
		{"group_vars child beats parent", map[string]string{"group_vars/parent.yml": "ansible_port: 2002\n", "group_vars/child.yaml": "ansible_port: 2003\n"},
			map[string]int{"sw1": 2003, "sw2": 1004, "sw3": 1005}},
		{"group_vars parent beats the file's child", map[string]string{"group_vars/parent": "ansible_port: 2002\n"},
			map[string]int{"sw1": 2002, "sw2": 1004}},
		{"host_vars beat all", map[string]string{"group_vars/child.yml": "ansible_port: 2003\n", "host_vars/sw2.yml": "ansible_port: 3004\n", "host_vars/sw3.json": `{"ansible_port": 3003}`},
			map[string]int{"sw1": 2003, "sw2": 3004, "sw3": 3003, "sw4": 1005}},
		{"group_vars directory, files in order", map[string]string{"group_vars/other/a.yml": "ansible_port: 2005\n", "group_vars/other/b.yml": "ansible_port: 2006\n", "group_vars/other/.hidden.yml": "ansible_port: 9\n"},
			map[string]int{"sw3": 2006, "sw1": 1003}},
		{"the first of name, name.yml, name.yaml wins", map[string]string{"group_vars/other.yml": "ansible_port: 2007\n", "group_vars/other.yaml": "ansible_port: 2008\n"},
			map[string]int{"sw3": 2007}},
		{"files of unknown groups are not read", map[string]string{"group_vars/nope.yml": "- not: [a mapping\n"},
			map[string]int{"sw1": 1003}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"hosts.yml": tree}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			inv, err := Load(filepath.Join(dir, "hosts.yml"), platforms)
			if err != nil {
				t.Fatal(err)
			}
			for host, port := range tc.want {
				if d := inv.Device(host); d == nil || d.Port != port {
					t.Errorf("%s: %+v, want port %d", host, d, port)
				}
			}
		})
	}
}

// TestAnsibleMapping checks the variables mcaudit reads, one host at a time.
func TestAnsibleMapping(t *testing.T) {
	for _, tc := range []struct {
		name, ini string
		want      Device // Name, Platform, Address, Transport, Port
		user      string
		note      string // a note that must be there
	}{
		{"cisco.ios.ios is IOS-XE", "sw ansible_network_os=cisco.ios.ios", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh"}, "", ""},
		{"ios", "sw ansible_network_os=ios", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh"}, "", ""},
		{"cisco.ios, any case", "sw ansible_network_os=Cisco.IOS", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh"}, "", ""},
		{"mcaudit_platform cisco_ios", "sw ansible_network_os=cisco.ios.ios mcaudit_platform=cisco_ios", Device{Platform: "cisco_ios", Address: "sw", Transport: "ssh"}, "", ""},
		{"mcaudit_platform without network os", "sw mcaudit_platform=cisco_nxos", Device{Platform: "cisco_nxos", Address: "sw", Transport: "ssh"}, "", ""},
		{"nxos", "sw ansible_network_os=nxos", Device{Platform: "cisco_nxos", Address: "sw", Transport: "ssh"}, "", ""},
		{"cisco.nxos.nxos", "sw ansible_network_os=cisco.nxos.nxos", Device{Platform: "cisco_nxos", Address: "sw", Transport: "ssh"}, "", ""},
		{"ansible_host and port", "sw ansible_network_os=ios ansible_host=192.0.2.1 ansible_port=2022", Device{Platform: "cisco_iosxe", Address: "192.0.2.1", Transport: "ssh", Port: 2022}, "", ""},
		{"legacy ansible_ssh_host, ansible_ssh_port", "sw ansible_network_os=ios ansible_ssh_host=192.0.2.1 ansible_ssh_port=2022", Device{Platform: "cisco_iosxe", Address: "192.0.2.1", Transport: "ssh", Port: 2022}, "", ""},
		{"network_cli", "sw ansible_network_os=ios ansible_connection=network_cli ansible_port=2022", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh", Port: 2022}, "", ""},
		{"paramiko", "sw ansible_network_os=ios ansible_connection=paramiko ansible_port=2022", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh", Port: 2022}, "", ""},
		{"httpapi: its port is not SSH's", "sw ansible_network_os=nxos ansible_connection=httpapi ansible_port=443", Device{Platform: "cisco_nxos", Address: "sw", Transport: "ssh"}, "",
			`hosts: ansible_connection httpapi: mcaudit collects over SSH on the default port (set mcaudit_transport and mcaudit_port to change): sw`},
		{"gnmi: ansible_port is not gNMI's", "sw ansible_network_os=nxos ansible_port=22 mcaudit_transport=gnmi", Device{Platform: "cisco_nxos", Address: "sw", Transport: "gnmi"}, "", ""},
		{"gnmi with mcaudit_port", "sw ansible_network_os=nxos mcaudit_transport=GNMI mcaudit_port=50051", Device{Platform: "cisco_nxos", Address: "sw", Transport: "gnmi", Port: 50051}, "", ""},
		{"mcaudit_port over ansible_port", "sw ansible_network_os=ios ansible_port=22 mcaudit_port=2222", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh", Port: 2222}, "", ""},
		{"ansible_user", "sw ansible_network_os=ios ansible_user=netops", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh"}, "netops", ""},
		{"a templated user is not used", "sw ansible_network_os=ios ansible_user='{{ lookup(\"env\", \"USER\") }}'", Device{Platform: "cisco_iosxe", Address: "sw", Transport: "ssh"}, "", ""},
		{"IPv6 host with port", "[2001:db8::1]:2222 ansible_network_os=ios", Device{Platform: "cisco_iosxe", Address: "2001:db8::1", Transport: "ssh", Port: 2222}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"hosts": tc.ini + "\nsrv ansible_host=10.0.0.1\n"})
			f := filepath.Join(dir, "hosts")
			inv, err := Load(f, platforms)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Devices) != 1 {
				t.Fatalf("devices: %+v", inv.Devices)
			}
			d := inv.Devices[0]
			tc.want.Name, tc.want.File, tc.want.Line = d.Name, f, 1
			if diff := cmp.Diff(tc.want, d); diff != "" {
				t.Errorf("device (-want +got):\n%s", diff)
			}
			if inv.Credentials.Username != tc.user {
				t.Errorf("username %q, want %q", inv.Credentials.Username, tc.user)
			}
			if tc.note != "" && !strings.Contains(strings.Join(inv.Notes, "\n"), tc.note) {
				t.Errorf("notes:\n%s\nwant one with %q", strings.Join(inv.Notes, "\n"), tc.note)
			}
		})
	}
}

func TestAnsibleUsersDiffer(t *testing.T) {
	dir := writeTree(t, map[string]string{"hosts.ini": "[ios]\nsw1 ansible_user=alice\nsw2 ansible_user=bob\nsw3\n[ios:vars]\nansible_network_os=ios\n"})
	inv, err := Load(filepath.Join(dir, "hosts.ini"), platforms)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Credentials.Username != "" {
		t.Errorf("username %q, want none when hosts differ", inv.Credentials.Username)
	}
	if n := strings.Join(inv.Notes, "\n"); !strings.Contains(n, "ansible_user differs between hosts (alice for sw1; bob for sw2): not used") {
		t.Errorf("notes: %s", n)
	}
}

func TestAnsibleINISyntax(t *testing.T) {
	const ini = `; comment
# comment
[all:vars]
ansible_network_os=ios

[a]
sw1   # a comment after the name
'sw-2' ansible_host="192.0.2.2"
sw3 ansible_host=192.0.2.3#comment
sw4 ansible_host=192.0.2.4 mcaudit_platform='cisco_ios'
[a:vars]
ansible_port = "2022"   # quoted
ansible_user = netops ; comment

[b:children]
a   # comment
[b]
[b:vars]
mcaudit_transport=ssh
`
	dir := writeTree(t, map[string]string{"inv": ini})
	f := filepath.Join(dir, "inv")
	inv, err := Load(f, platforms)
	if err != nil {
		t.Fatal(err)
	}
	want := []Device{
		dev("sw1", "cisco_iosxe", "sw1", "ssh", 2022, f, 7),
		dev("sw-2", "cisco_iosxe", "192.0.2.2", "ssh", 2022, f, 8),
		dev("sw3", "cisco_iosxe", "192.0.2.3", "ssh", 2022, f, 9),
		dev("sw4", "cisco_ios", "192.0.2.4", "ssh", 2022, f, 10),
	}
	if diff := cmp.Diff(want, inv.Devices); diff != "" {
		t.Errorf("devices (-want +got):\n%s", diff)
	}
	if inv.Credentials.Username != "netops" {
		t.Errorf("user %q", inv.Credentials.Username)
	}
}

func TestExpandHostRanges(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // space-separated, or "error: ..."
	}{
		{"sw1", "sw1"},
		{"sw[1:3]", "sw1 sw2 sw3"},
		{"sw[01:03]", "sw01 sw02 sw03"},
		{"sw[08:11]", "sw08 sw09 sw10 sw11"},
		{"sw[001:100:33]", "sw001 sw034 sw067 sw100"},
		{"sw[:2]", "sw0 sw1 sw2"},
		{"leaf[a:c].dc1", "leafa.dc1 leafb.dc1 leafc.dc1"},
		{"r[1:2]-sw[a:b]", "r1-swa r1-swb r2-swa r2-swb"},
		{"sw[y:B]", "swy swz swA swB"},
		{"sw[03:01]", "error: range [03:01] runs backwards: 03 is after 01"},
		{"sw[c:a]", "error: range [c:a] runs backwards"},
		{"sw[01:100]", "error: range [01:100]: a zero-padded begin and its end must have the same width"},
		{"sw[1:]", "error: range [1:] has no end"},
		{"sw[1:3:0]", "error: step \"0\" is not a positive number"},
		{"sw[1:3:x]", "error: step \"x\" is not a positive number"},
		{"sw[1]", "error: range [1]: want [begin:end] or [begin:end:step]"},
		{"sw[1:2:3:4]", "error: want [begin:end] or [begin:end:step]"},
		{"sw[1:x]", "error: want numbers (at most 9 digits) or single letters"},
		{"sw[-1:2]", "error: want numbers"},
		{"sw[1:3", "error: range [ without ]"},
		{"sw1:3]", "error: ] without ["},
		{"sw]1[", "error: ] without ["},
		{"sw[0:99999]", "error: range [0:99999] expands to more than 10000 hosts"},
		{"a[0:999]b[0:99]", "error: ranges expand to more than 10000 hosts"},
		{"sw[0:9999999999]", "error: want numbers (at most 9 digits)"},
	} {
		got, err := expandHostRanges(tc.in)
		if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, %v; want error %q", tc.in, got, err, want)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %q, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseHostPattern(t *testing.T) {
	for _, tc := range []struct{ in, host, port, err string }{
		{"sw1", "sw1", "", ""},
		{"sw1:2222", "sw1", "2222", ""},
		{"sw[01:03]:22", "sw[01:03]", "22", ""},
		{"192.0.2.1", "192.0.2.1", "", ""},
		{"192.0.2.1:22", "192.0.2.1", "22", ""},
		{"2001:db8::1", "2001:db8::1", "", ""},
		{"[2001:db8::1]", "2001:db8::1", "", ""},
		{"[2001:db8::1]:830", "2001:db8::1", "830", ""},
		{"[2001:db8::1]x", "", "", "want [IPv6 address] or [IPv6 address]:port"},
		{"sw1:ssh", "", "", "numeric port"},
		{":22", "", "", "want host or host:port"},
		{"a:b:c", "", "", "write an IPv6 address with a port as [address]:port"},
	} {
		h, p, err := parseHostPattern(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %q %q %v, want error %q", tc.in, h, p, err, tc.err)
			}
			continue
		}
		if err != nil || h != tc.host || p != tc.port {
			t.Errorf("%s: %q %q %v, want %q %q", tc.in, h, p, err, tc.host, tc.port)
		}
	}
}

func TestSplitINI(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{`sw1 a=1 b=2`, `[sw1|a=1|b=2]`, ""},
		{"sw1\t a=1  ", `[sw1|a=1]`, ""},
		{`sw1 a="x y" b='p q'`, `[sw1|a=x y|b=p q]`, ""},
		{`sw1 a="say \"hi\"" b='a\b'`, `[sw1|a=say "hi"|b=a\b]`, ""},
		{`sw1 a=x\ y`, `[sw1|a=x y]`, ""},
		{`sw1 a=1 # b=2`, `[sw1|a=1]`, ""},
		{`sw1 a=1#b=2`, `[sw1|a=1]`, ""},
		{`sw1 a="1#2"`, `[sw1|a=1#2]`, ""},
		{`sw1 a=''`, `[sw1|a=]`, ""},
		{`sw1 a="x`, ``, `unterminated " quote`},
		{`sw1 a='x`, ``, `unterminated ' quote`},
	} {
		toks, err := splitINI([]byte(tc.in))
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: %v, want error %q", tc.in, err, tc.err)
			}
			continue
		}
		var s []string
		for _, x := range toks {
			s = append(s, string(x))
		}
		if got := "[" + strings.Join(s, "|") + "]"; err != nil || got != tc.want {
			t.Errorf("%s: %s %v, want %s", tc.in, got, err, tc.want)
		}
	}
}

// TestAnsibleErrors: malformed structure is an error naming the file, the
// line and what was expected; unknown keys and odd data are not.
func TestAnsibleErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string // "inv" is the inventory
		want  string            // with FILE for the inventory's path
	}{
		// YAML
		{"hosts is a list", map[string]string{"inv": "all:\n  children:\n    ios:\n      hosts:\n        - sw1\n"},
			`FILE line 4: hosts of group "ios" is a list: Ansible YAML wants a mapping of host names`},
		{"hosts is a string", map[string]string{"inv": "all:\n  hosts: sw1\n"},
			`FILE line 2: hosts of group "all": want a mapping of host names, found a single value`},
		{"a host is a list", map[string]string{"inv": "all:\n  hosts:\n    sw1: [a, b]\n"},
			`FILE line 3: host "sw1": want a mapping of variables (or nothing), found a list`},
		{"a group is a list", map[string]string{"inv": "all:\n  children:\n    ios: [sw1]\n"},
			`FILE line 3: group "ios": want a mapping with hosts:, children: or vars:, found a list`},
		{"children is a list", map[string]string{"inv": "all:\n  children: [ios]\n"},
			`FILE line 2: children of group "all": want a mapping of group names, found a list`},
		{"vars is a list", map[string]string{"inv": "all:\n  vars: [a]\n  hosts: {sw1: }\n"},
			`FILE line 2: vars of group "all": want a mapping, found a list`},
		{"group cycle", map[string]string{"inv": "all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a:\n"},
			`FILE line 7: group cycle: a → b → a`},
		{"a group is its own child", map[string]string{"inv": "all:\n  children:\n    a:\n      children:\n        a:\n"},
			`FILE line 5: group cycle: a → a`},
		{"all as a child", map[string]string{"inv": "all:\n  children:\n    a:\n      children:\n        all:\n"},
			`FILE line 5: group all cannot be a child of group "a"`},
		{"a backwards range", map[string]string{"inv": "all:\n  hosts:\n    sw[03:01]:\n"},
			`FILE line 3: host "sw[03:01]": range [03:01] runs backwards: 03 is after 01`},
		{"YAML syntax", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_host: 1\n"},
			`FILE line 3: not valid YAML: did not find expected ',' or '}'`},
		{"no hosts", map[string]string{"inv": "all:\n  children:\n    ios:\n"},
			`FILE: no hosts in this Ansible YAML inventory`},
		{"no switch", map[string]string{"inv": "all:\n  hosts:\n    web1:\n    db1: {ansible_network_os: community.mysql}\n"},
			`FILE line 3: no host mcaudit can audit among 2 hosts (web1: no ansible_network_os, db1: ansible_network_os community.mysql is not a platform mcaudit audits; set mcaudit_platform to override); set ansible_network_os (cisco.ios.ios, cisco.nxos.nxos) or mcaudit_platform`},
		{"bad ansible_port", map[string]string{"inv": "all:\n  vars:\n    ansible_port: ssh\n  hosts:\n    sw1: {ansible_network_os: ios}\n"},
			`FILE line 3: host "sw1": ansible_port "ssh" is not a port number (1-65535)`},
		{"port out of range", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios, mcaudit_port: 70000}\n"},
			`FILE line 3: host "sw1": mcaudit_port "70000" is not a port number (1-65535)`},
		{"unknown mcaudit_platform", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      mcaudit_platform: cisco_xr\n"},
			`FILE line 4: host "sw1": mcaudit_platform "cisco_xr" is not one of cisco_ios, cisco_iosxe, cisco_nxos`},
		{"unknown mcaudit_transport", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      mcaudit_transport: telnet\n"},
			`FILE line 5: host "sw1": mcaudit_transport "telnet": want ssh or gnmi`},
		{"templated ansible_host", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_host: \"{{ inventory_hostname }}.example.net\"\n"},
			`FILE line 5: host "sw1": ansible_host "{{ inventory_hostname }}.example.net" is a Jinja2 template, which mcaudit does not evaluate`},
		{"vault-encrypted ansible_host", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_host: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        3132\n"},
			`FILE line 5: host "sw1": ansible_host is vault-encrypted: mcaudit does not decrypt`},
		{"ansible_host is a list", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_host: [a, b]\n"},
			`FILE line 5: host "sw1": ansible_host: want a single value, found a list or mapping`},
		{"group_vars file not a mapping", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", "group_vars/all.yml": "- a\n- b\n"},
			`group_vars/all.yml line 1: want a mapping of variables, found a list`},
		{"group_vars not YAML", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", "host_vars/sw1.yml": "ansible_port: [22\n"},
			`host_vars/sw1.yml line 1: not valid YAML: did not find expected ',' or ']'`},
		{"bad value in group_vars", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", "group_vars/all/ports.yml": "\n\nansible_port: x\n"},
			`group_vars/all/ports.yml line 3: host "sw1": ansible_port "x" is not a port number`},
		{"vault-encrypted inventory", map[string]string{"inv": "$ANSIBLE_VAULT;1.1;AES256\n3132\n"},
			`FILE: the file is vault-encrypted: mcaudit does not decrypt inventories`},
		// INI
		{"INI backwards range", map[string]string{"inv": "[ios]\nsw[03:01] ansible_network_os=ios\n"},
			`FILE line 2: host "sw[03:01]": range [03:01] runs backwards: 03 is after 01`},
		{"INI range too big", map[string]string{"inv": "[ios]\nsw[0:99999]\n"},
			`FILE line 2: host "sw[0:99999]": range [0:99999] expands to more than 10000 hosts`},
		{"INI padded range widths", map[string]string{"inv": "[ios]\nsw[01:100]\n"},
			`FILE line 2: host "sw[01:100]": range [01:100]: a zero-padded begin and its end must have the same width`},
		{"INI bad key=value", map[string]string{"inv": "[ios]\nsw1 ansible_host=192.0.2.1 ansible_port 22\n"},
			`FILE line 2: host "sw1": variable 2 (after ansible_host=) is not key=value`},
		{"INI empty key", map[string]string{"inv": "[ios]\nsw1 =x\n"},
			`FILE line 2: host "sw1": variable 1 is not key=value`},
		{"INI key=value first", map[string]string{"inv": "[ios]\nansible_host=192.0.2.1\n"},
			`FILE line 2: a host line starts with the host name, not key=value`},
		{"INI unterminated quote", map[string]string{"inv": "[ios]\nsw1 ansible_host=\"192.0.2.1\n"},
			`FILE line 2: unterminated " quote`},
		{"INI bad port", map[string]string{"inv": "[ios]\nsw1:ssh\n"},
			`FILE line 2: host "sw1:ssh": want host or host:port, with a numeric port`},
		{"INI bad section", map[string]string{"inv": "[ios]\nsw1\n[ios switches]\n"},
			`FILE line 3: not a valid section header: want [group], [group:vars] or [group:children], with no spaces`},
		{"INI section type", map[string]string{"inv": "[ios:host]\nsw1\n"},
			`FILE line 1: section [ios:host] has an unknown type "host": want [ios], [ios:vars] or [ios:children]`},
		{"INI vars without =", map[string]string{"inv": "[ios]\nsw1\n[ios:vars]\nansible_network_os ios\n"},
			`FILE line 4: [ios:vars]: want key=value`},
		{"INI vars with a spaced key", map[string]string{"inv": "[ios]\nsw1\n[ios:vars]\nansible network_os=ios\n"},
			`FILE line 4: [ios:vars]: want key=value, with a key of one word`},
		{"INI two children on a line", map[string]string{"inv": "[a]\n[b]\n[c:children]\na b\n"},
			`FILE line 4: [c:children]: want one group name per line`},
		{"INI undefined child", map[string]string{"inv": "[switches]\nsw1\n[campus:children]\nswitches\nswitchs\n"},
			`FILE line 5: [campus:children] names group "switchs", which has no [switchs] or [switchs:children] section (did you mean "switches"?)`},
		{"INI vars of an undefined group", map[string]string{"inv": "[switches]\nsw1\n[swiches:vars]\nansible_network_os=ios\n"},
			`FILE line 3: [swiches:vars] is for group "swiches", which has no [swiches] or [swiches:children] section (did you mean "switches"?)`},
		{"INI cycle", map[string]string{"inv": "[a:children]\nb\n[b:children]\nc\n[c:children]\na\n"},
			`FILE line 6: group cycle: a → b → c → a`},
		{"INI all as a child", map[string]string{"inv": "[a:children]\nall\n"},
			`FILE line 2: group all cannot be a child of group "a"`},
		{"INI no switch", map[string]string{"inv": "[web]\nweb1\nweb2 ansible_network_os=vyos.vyos.vyos\n"},
			`FILE line 2: no host mcaudit can audit among 2 hosts`},
		{"INI empty", map[string]string{"inv": "[web]\n"},
			`FILE: no hosts in this Ansible INI inventory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			f := filepath.Join(dir, "inv")
			_, err := Load(f, platforms)
			want := strings.ReplaceAll(tc.want, "FILE", f)
			if err == nil {
				t.Fatalf("no error, want %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\nwant it to contain %q", err, want)
			}
			if !strings.HasPrefix(err.Error(), dir) {
				t.Errorf("error %q does not start with the file", err)
			}
		})
	}
}

// TestAnsibleTolerated: what real inventories carry is not an error.
func TestAnsibleTolerated(t *testing.T) {
	const yml = `all:
  vars:
    ansible_python_interpreter: /usr/bin/python3
    interfaces:                # structured data mcaudit does not read
      - {name: Gi1/0/1, vlan: 100}
    base: &base
      ansible_network_os: cisco.ios.ios
  hosts:
    sw1:
      <<: *base
      ansible_host: 192.0.2.1
    sw2: &sw2
      <<: *base
    sw3: *sw2
  children:
    ungrouped:
    empty:
    weird:
      hots:                    # a typo Ansible also only warns about
        sw4:
`
	dir := writeTree(t, map[string]string{"hosts.yaml": yml})
	inv, err := Load(filepath.Join(dir, "hosts.yaml"), platforms)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Devices) != 3 || inv.Devices[0].Address != "192.0.2.1" || inv.Devices[2].Platform != "cisco_iosxe" {
		t.Errorf("devices: %+v", inv.Devices)
	}
	if n := strings.Join(inv.Notes, "\n"); !regexp.MustCompile(`hosts.yaml line 19: group "weird": key "hots" ignored`).MatchString(n) {
		t.Errorf("notes: %s", n)
	}
}

// FuzzParseINI: any input gives hosts or an error naming the file and a
// line of it, never a panic; no variable with a secret's name is kept.
func FuzzParseINI(f *testing.F) {
	seed, err := os.ReadFile("testdata/ansible-ini/hosts.ini")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("sw[01:03] ansible_host=\"x y\" ansible_password='p w'\n[a:children]\nb\n[b]\n"))
	f.Add([]byte("[a:vars]\nx=1\n[a]\n[2001:db8::1]:22 ansible_network_os=nxos\n"))
	f.Add([]byte("sw[a:c][1:3:2]:22 mcaudit_platform=cisco_ios # c\n;x\n"))
	lineRE := regexp.MustCompile(`^f\.ini line (\d+): `)
	f.Fuzz(func(t *testing.T, data []byte) {
		a := newAnsible("f.ini", FormatAnsibleINI, &noteLog{})
		err := a.readINI(data)
		if err == nil {
			for _, g := range a.groups {
				for k := range g.vars {
					if isSecretKey(k) {
						t.Fatalf("secret %s kept in group %s", k, g.name)
					}
				}
			}
			for _, h := range a.hosts {
				for k := range h.vars {
					if isSecretKey(k) {
						t.Fatalf("secret %s kept in host %s", k, h.name)
					}
				}
			}
			_, err = a.inventory(platforms)
		}
		if err == nil {
			return
		}
		if !strings.HasPrefix(err.Error(), "f.ini") {
			t.Fatalf("error does not name the file: %v", err)
		}
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > strings.Count(string(data), "\n")+1 {
				t.Fatalf("error names line %d of %d: %v", n, strings.Count(string(data), "\n")+1, err)
			}
		}
	})
}
