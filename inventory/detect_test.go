package inventory

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		want          string // a format, or "error: ..."
	}{
		{"native", "devices:\n  - {name: sw1, platform: cisco_ios, address: 192.0.2.1}\n", FormatNative},
		{"native, devices_from only", "devices_from: hosts.ini\n", FormatNative},
		{"native with a typo", "devcies:\n  - {name: sw1}\n", `error: line 1: unknown field "devcies" (did you mean "devices"?)`},
		{"INI section first", "# switches\n; more\n\n[ios]\nsw1\n[ios:vars]\nansible_network_os=ios\n", FormatAnsibleINI},
		{"INI host line first", "sw1 ansible_network_os=ios ansible_host=192.0.2.1\n", FormatAnsibleINI},
		{"INI bare host name first", "sw1\n\n[all:vars]\nansible_network_os=ios\n", FormatAnsibleINI},
		{"INI host:port first", "sw1:2222 ansible_network_os=ios\n", FormatAnsibleINI},
		{"INI IPv6 host first", "[2001:db8::1]:22 ansible_network_os=ios\n", FormatAnsibleINI},
		{"INI CRLF", "[ios]\r\nsw1 ansible_network_os=ios\r\n", FormatAnsibleINI},
		{"Ansible YAML with all", "---\n# managed by Ansible\nall:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", FormatAnsibleYAML},
		{"Ansible YAML without all", "switches:\n  hosts:\n    sw1:\n      ansible_network_os: ios\nservers:\n  vars: {x: 1}\n", FormatAnsibleYAML},
		{"Ansible YAML, children only", "campus:\n  children:\n    ios:\n      hosts: {sw1: {ansible_network_os: ios}}\n", FormatAnsibleYAML},
		{"Ansible JSON", `{"all": {"hosts": {"sw1": {"ansible_network_os": "cisco.ios.ios"}}}}`, FormatAnsibleYAML},
		{"Nornir hosts", "sw1:\n  hostname: 192.0.2.1\n  platform: ios\n", FormatNornir},
		{"Nornir hosts, groups only", "sw1:\n  groups: []\n  data: {mcaudit_platform: cisco_ios}\n", FormatNornir},
		{"prose", "Meeting notes: move the EFT cluster to VLAN 100 on Friday.\n", "error: line 1: not an inventory: want an mcaudit inventory (clusters, devices, links), an Ansible inventory"},
		{"a list", "- a\n- b\n", "error: line 1: an inventory is a mapping with clusters, devices and links"},
		{"empty", "", "error: empty inventory"},
		{"comments only", "# nothing yet\n", "error: empty inventory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"inv": tc.content, "hosts.ini": "[ios]\nsw9 ansible_network_os=ios\n"})
			inv, err := Load(filepath.Join(dir, "inv"), platforms)
			if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%v, want error %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inv.Format != tc.want {
				t.Errorf("format %q, want %q", inv.Format, tc.want)
			}
		})
	}
}

func TestDirectoryInventory(t *testing.T) {
	dir := writeTree(t, map[string]string{"hosts.yml": "all:\n  hosts:\n    sw1: {ansible_network_os: nxos}\n"})
	inv, err := Load(dir, platforms)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != FormatAnsibleYAML || inv.File != filepath.Join(dir, "hosts.yml") || len(inv.Devices) != 1 {
		t.Errorf("%+v", inv)
	}
}

// TestParseForeign: Parse detects formats as Load does.
func TestParseForeign(t *testing.T) {
	inv, err := Parse("lab/hosts", []byte("[nxos]\nleaf[1:2] ansible_network_os=nxos\n"), platforms)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != FormatAnsibleINI || len(inv.Devices) != 2 || inv.Devices[1].Name != "leaf2" || inv.Devices[1].File != "lab/hosts" {
		t.Errorf("%+v", inv)
	}
}

func TestDevicesFrom(t *testing.T) {
	const f = "testdata/linked/inventory.yaml"
	inv, err := Load(f, platforms)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range inv.Devices {
		names = append(names, d.Name+"@"+filepath.Base(d.File))
	}
	if got := strings.Join(names, " "); got != "core1@inventory.yaml acc1@hosts.yml acc2@hosts.yml acc03@hosts.yml acc04@hosts.yml leaf1@hosts.yml leaf2@hosts.yml" {
		t.Errorf("devices: %s", got)
	}
	if err := inv.RequireClusters(); err != nil {
		t.Error(err)
	}
	if inv.Format != FormatNative || inv.Credentials.Username != "netops" || inv.Credentials.PasswordEnv != "MCAUDIT_PASSWORD" {
		t.Errorf("format %q, credentials %+v", inv.Format, inv.Credentials)
	}
	c := inv.Model(inv.Clusters[0])
	if c.Hosts[0].Switch != "acc1" || c.Hosts[1].Switch != "leaf1" || c.Hosts[1].Ref != (model.Ref{File: f, Line: 10, Text: "      - {name: eft2, ip: 10.10.100.12, switch: leaf1, interface: Ethernet1/10, site: dc1}"}) {
		t.Errorf("cluster: %+v", c)
	}
	links := inv.ModelLinks()
	if len(links) != 2 || links[1].B != (model.Endpoint{Device: "leaf1", Interface: "Ethernet1/49"}) || links[1].Ref.Line != 15 {
		t.Errorf("links: %+v", links)
	}
	if d := inv.Device("leaf2"); d == nil || d.Transport != "gnmi" || d.Port != 50051 || d.Line != 29 {
		t.Errorf("leaf2: %+v", d)
	}
	if d := inv.Device("core1"); inv.Path(d.Config) != "testdata/linked/backups/core1.cfg" {
		t.Errorf("core1 config resolves to %s", inv.Path(d.Config))
	}
	// The imported inventory's notes are passed on.
	checkNotes(t, inv.Notes[:1], []string{"testdata/ansible-yaml/hosts.yml: ignored secrets: ansible_password (line 6)"})
	if len(inv.Notes) != 7 {
		t.Errorf("notes:\n%s", strings.Join(inv.Notes, "\n"))
	}
}

// TestDevicesFromFormats links each format, with clusters on imported names.
func TestDevicesFromFormats(t *testing.T) {
	const native = `devices_from: %s
clusters:
  - name: eft
    vlan: 100
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Gi1/0/10}
      - {name: eft2, ip: 10.10.100.12, switch: sw2, interface: Ethernet1/10}
links:
  - [sw1:Gi1/0/49, sw2:Ethernet1/49]
%s`
	for _, tc := range []struct {
		name, from string
		files      map[string]string
		creds      string
		user       string
		note       string
	}{
		{"INI", "net/hosts.ini", map[string]string{"net/hosts.ini": "[ios]\nsw1 ansible_user=netops\n[nxos]\nsw2 ansible_user=netops\n[ios:vars]\nansible_network_os=ios\n[nxos:vars]\nansible_network_os=nxos\n"},
			"", "netops", ""},
		{"YAML", "net/inventory.yml", map[string]string{"net/inventory.yml": "all:\n  vars: {ansible_user: netops}\n  hosts:\n    sw1: {ansible_network_os: ios}\n    sw2: {ansible_network_os: nxos}\n"},
			"credentials:\n  username: admin\n", "admin", "net/inventory.yml: user name netops not used: the credentials of"},
		{"Nornir directory", "nornir", map[string]string{"nornir/hosts.yaml": "sw1: {platform: iosxe, username: netops}\nsw2: {platform: nxos, username: netops}\n"},
			"credentials:\n  username_env: NET_USER\n", "", "nornir/hosts.yaml: user name netops not used"},
		{"Nornir file", "nornir/hosts.yaml", map[string]string{"nornir/hosts.yaml": "sw1: {platform: iosxe}\nsw2: {platform: nxos}\n"},
			"", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"inv.yaml": fmt.Sprintf(native, tc.from, tc.creds)}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			inv, err := Load(filepath.Join(dir, "inv.yaml"), platforms)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Devices) != 2 || inv.Devices[0].Name != "sw1" || inv.Devices[1].Platform != "cisco_nxos" || len(inv.Clusters) != 1 || len(inv.Links) != 1 {
				t.Errorf("%+v", inv)
			}
			if inv.Credentials.Username != tc.user {
				t.Errorf("username %q, want %q", inv.Credentials.Username, tc.user)
			}
			notes := strings.Join(inv.Notes, "\n")
			if (tc.note == "") != (notes == "") || !strings.Contains(notes, tc.note) {
				t.Errorf("notes %q, want %q", notes, tc.note)
			}
		})
	}
}

func TestDevicesFromErrors(t *testing.T) {
	const hosts = "[ios]\nacc1 ansible_host=192.0.2.11\nacc2 ansible_host=192.0.2.12\n[web]\nweb1\n[ios:vars]\nansible_network_os=cisco.ios.ios\n"
	const cluster = "clusters:\n  - name: eft\n    vlan: 100\n    hosts:\n      - {name: eft1, ip: 10.10.100.11, switch: %s, interface: Gi1/0/10}\n"
	for _, tc := range []struct {
		name, inv string
		files     map[string]string
		want      string // DIR is the directory
	}{
		{"duplicate name", "devices_from: hosts.ini\ndevices:\n  - {name: core1, platform: cisco_iosxe, config: core1.cfg}\n  - {name: acc2, platform: cisco_ios, address: 192.0.2.99}\n", nil,
			`DIR/inv.yaml line 4: device "acc2" is already defined in DIR/hosts.ini line 3 (devices_from)`},
		{"missing file", "devices_from: nope.ini\n", nil,
			`DIR/inv.yaml line 1: devices_from nope.ini: stat DIR/nope.ini: no such file or directory`},
		{"native target", "devices_from: other.yaml\n", map[string]string{"other.yaml": "devices: [{name: x, platform: cisco_ios, address: 192.0.2.1}]\n"},
			`DIR/inv.yaml line 1: devices_from other.yaml: DIR/other.yaml: this is an mcaudit inventory: devices_from names an Ansible or Nornir inventory`},
		{"itself", "devices_from: inv.yaml\n", nil,
			`DIR/inv.yaml: this is an mcaudit inventory: devices_from names an Ansible or Nornir inventory`},
		{"error in the imported file", "# linked\ndevices_from: bad.ini\n", map[string]string{"bad.ini": "[ios]\nsw[3:1]\n"},
			`DIR/inv.yaml line 2: devices_from bad.ini: DIR/bad.ini line 2: host "sw[3:1]": range [3:1] runs backwards: 3 is after 1`},
		{"not a string", "devices_from: [a, b]\n", nil,
			"DIR/inv.yaml: line 1: cannot unmarshal !!seq into string"},
		{"typo in the key", "device_from: hosts.ini\n", nil,
			`DIR/inv.yaml line 1: unknown field "device_from" (did you mean "devices_from"?)`},
		{"cluster on a misspelt imported switch", "devices_from: hosts.ini\n" + fmt.Sprintf(cluster, "acc3"), nil,
			`DIR/inv.yaml line 6: host "eft1": switch "acc3" is not a device of this inventory (did you mean "acc1"?)`},
		{"cluster on a skipped host", "devices_from: hosts.ini\n" + fmt.Sprintf(cluster, "web1"), nil,
			`DIR/inv.yaml line 6: host "eft1": switch "web1" is not a device of this inventory`},
		{"link to an unknown device", "devices_from: hosts.ini\nlinks:\n  - [acc1:Gi1/0/49, acc9:Gi1/0/49]\n", nil,
			`DIR/inv.yaml line 3: link end acc9:Gi1/0/49: unknown device "acc9" (did you mean "acc1"?)`},
		{"own device still checked", "devices_from: hosts.ini\ndevices:\n  - {name: core1, platform: cisco_xr, address: 192.0.2.1}\n", nil,
			`DIR/inv.yaml line 3: device "core1": unknown platform "cisco_xr"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"inv.yaml": tc.inv, "hosts.ini": hosts}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			_, err := Load(filepath.Join(dir, "inv.yaml"), platforms)
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

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{
		"ansible_password": true, "ansible_ssh_pass": true, "ansible_become_password": true, "ansible_become_pass": true,
		"ansible_sudo_pass": true, "ansible_httpapi_password": true, "ansible_winrm_password": true, "password": true,
		"secret": true, "enable_secret": true, "api_token": true, "snmp_community": true, "tacacs_key": true, "PASSWORD": true,
		"ansible_ssh_private_key_file": false, "password_file": false, "password_env": false,
		"ansible_host": false, "ansible_user": false, "ansible_network_os": false, "platform": false, "hostname": false,
		"ansible_port": false, "data": false, "groups": false, "passive_interfaces": false, "keyboard": false,
	} {
		if got := isSecretKey(k); got != want {
			t.Errorf("isSecretKey(%q) = %v, want %v", k, got, want)
		}
	}
}

// secretValue is in the testdata inventories wherever a password would be.
const secretValue = "7f3a9c1e"

// TestSecretsNeverLeak: a password in an Ansible or Nornir inventory never
// appears in the loaded inventory, its notes or any error.
func TestSecretsNeverLeak(t *testing.T) {
	const pw = "pw-7f3a9c1e-NEVER-SHOW"
	vault := "!vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        3766336139633165" + secretValue + "0a\n"
	check := func(t *testing.T, what, s string) {
		t.Helper()
		if strings.Contains(s, secretValue) {
			t.Errorf("the secret is in the %s:\n%s", what, s)
		}
	}
	load := func(t *testing.T, path string) {
		t.Helper()
		inv, err := Load(path, platforms)
		if err != nil {
			check(t, "error", fmt.Sprintf("%+v", err))
			return
		}
		check(t, "inventory", fmt.Sprintf("%+v", inv))
		check(t, "inventory", fmt.Sprintf("%#v", inv))
		check(t, "notes", strings.Join(inv.Notes, "\n"))
		if err := inv.RequireClusters(); err != nil {
			check(t, "error", err.Error())
		}
	}
	t.Run("testdata", func(t *testing.T) {
		// Make sure the testdata does hold the secret, where it matters.
		for _, f := range []string{"ansible-yaml/hosts.yml", "ansible-yaml/host_vars/acc1.yml", "ansible-yaml/group_vars/access.yml", "ansible-yaml/group_vars/nxos/vault.yml",
			"ansible-ini/hosts.ini", "ansible-ini/group_vars/nxos.yml", "nornir/hosts.yaml", "nornir/defaults.yaml"} {
			if data, err := os.ReadFile(filepath.Join("testdata", f)); err != nil || !strings.Contains(string(data), secretValue) {
				t.Fatalf("testdata/%s does not hold the secret (%v)", f, err)
			}
		}
		for _, p := range []string{"testdata/ansible-yaml/hosts.yml", "testdata/ansible-ini/hosts.ini", "testdata/nornir", "testdata/nornir/hosts.yaml", "testdata/linked/inventory.yaml"} {
			t.Run(p, func(t *testing.T) { load(t, p) })
		}
	})
	for _, tc := range []struct {
		name  string
		files map[string]string // "inv" is loaded
		err   bool
	}{
		// Ansible INI
		{"INI value", map[string]string{"inv": "[ios]\nsw1 ansible_network_os=ios ansible_password=" + pw + "\n"}, false},
		{"INI quoted value", map[string]string{"inv": "[ios]\nsw1 ansible_network_os=ios ansible_become_pass='" + pw + " x'\n"}, false},
		{"INI vars", map[string]string{"inv": "[ios]\nsw1\n[ios:vars]\nansible_network_os=ios\nansible_ssh_pass = \"" + pw + "\"\n"}, false},
		{"INI vault value", map[string]string{"inv": "[ios]\nsw1 ansible_network_os=ios ansible_user=$ANSIBLE_VAULT;1.1;AES256;" + pw + "\n"}, false},
		{"INI space after =", map[string]string{"inv": "[ios]\nsw1 ansible_network_os=ios ansible_password= " + pw + "\n"}, true},
		{"INI no =", map[string]string{"inv": "[ios]\nsw1 ansible_network_os=ios ansible_password " + pw + "\n"}, true},
		{"INI unterminated quote", map[string]string{"inv": "[ios]\nsw1 ansible_password=\"" + pw + "\n"}, true},
		{"INI vars without =", map[string]string{"inv": "[ios]\nsw1\n[ios:vars]\nansible_password " + pw + "\n"}, true},
		{"INI bad range", map[string]string{"inv": "[ios]\nsw[1:x] ansible_password=" + pw + "\n"}, true},
		{"INI error later", map[string]string{"inv": "[ios]\nsw1 ansible_password=" + pw + "\n[bad section]\n"}, true},
		{"INI no usable host", map[string]string{"inv": "[web]\nweb1 ansible_password=" + pw + "\n"}, true},
		// Ansible YAML
		{"YAML value", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios, ansible_password: " + pw + "}\n"}, false},
		{"YAML vault", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_become_password: " + vault}, false},
		{"YAML vault on a plain key", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_user: " + vault}, false},
		{"YAML vault on ansible_host", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n      ansible_network_os: ios\n      ansible_host: " + vault}, true},
		{"YAML alias to a secret", map[string]string{"inv": "all:\n  vars:\n    ansible_password: &pw " + pw + "\n  hosts:\n    sw1: {ansible_network_os: ios, ansible_host: *pw, ansible_user: *pw}\n"}, false},
		{"YAML nested secret", map[string]string{"inv": "all:\n  vars:\n    radius: {servers: [{host: 10.0.0.1, key: " + pw + "}]}\n  hosts:\n    sw1: {ansible_network_os: ios}\n"}, false},
		{"YAML secret as a mapping", map[string]string{"inv": "all:\n  vars:\n    ansible_password: {a: " + pw + "}\n  hosts:\n    sw1: {ansible_network_os: ios}\n"}, false},
		{"YAML misindented into a host", map[string]string{"inv": "all:\n  hosts:\n    sw1:\n    ansible_password: " + pw + "\n  vars:\n    ansible_network_os: ios\n"}, false},
		{"YAML syntax error after", map[string]string{"inv": "all:\n  vars:\n    ansible_password: " + pw + "\n  hosts: {sw1: \n"}, true},
		{"YAML unterminated quote", map[string]string{"inv": "all:\n  vars:\n    ansible_password: \"" + pw + "\n"}, true},
		{"YAML structure error after", map[string]string{"inv": "all:\n  vars:\n    ansible_password: " + pw + "\n  hosts: [sw1]\n"}, true},
		{"group_vars", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", "group_vars/all/vault.yml": "vault_ansible_password: " + pw + "\nansible_password: '{{ vault_ansible_password }}'\n"}, false},
		{"group_vars syntax error", map[string]string{"inv": "all:\n  hosts:\n    sw1: {ansible_network_os: ios}\n", "host_vars/sw1.yml": "ansible_password: " + pw + "\n  bad: [\n"}, true},
		{"vault-encrypted inventory", map[string]string{"inv": "$ANSIBLE_VAULT;1.1;AES256\n" + secretValue + "\n"}, true},
		// Nornir
		{"Nornir", map[string]string{"inv": "sw1:\n  platform: ios\n  password: " + pw + "\n", "groups.yaml": "g:\n  password: " + pw + "\n", "defaults.yaml": "password: " + pw + "\n"}, false},
		{"Nornir connection_options", map[string]string{"inv": "sw1:\n  platform: ios\n  connection_options:\n    netmiko:\n      extras: {secret: " + pw + "}\n    napalm:\n      extras:\n        optional_args: {secret: " + pw + "}\n"}, false},
		{"Nornir error after", map[string]string{"inv": "sw1:\n  platform: ios\n  password: " + pw + "\n  groups: core\n"}, true},
		{"Nornir password as a platform typo", map[string]string{"inv": "sw1:\n  platform: ios\n  password:\n    " + pw + "\n"}, false},
		{"Nornir bad defaults", map[string]string{"inv": "sw1:\n  platform: ios\n", "defaults.yaml": "password: " + pw + "\nport: x\n"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			f := filepath.Join(dir, "inv")
			inv, err := Load(f, platforms)
			if (err != nil) != tc.err {
				t.Errorf("error %v, want error %v", err, tc.err)
			}
			if err != nil {
				check(t, "error", fmt.Sprintf("%+v", err))
				return
			}
			check(t, "inventory", fmt.Sprintf("%+v", inv))
			check(t, "inventory", fmt.Sprintf("%#v", inv))
			if len(inv.Notes) == 0 || !strings.Contains(strings.Join(inv.Notes, "\n"), "ignored") {
				t.Errorf("no note says what was ignored: %q", inv.Notes)
			}
			// And through devices_from.
			linked := writeTree(t, nil)
			native := filepath.Join(linked, "inv.yaml")
			if err := os.WriteFile(native, []byte("devices_from: "+f+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			load(t, native)
		})
	}
}

// TestNoSecretInNativeError: the native loader rejects a secret without
// repeating it.
func TestNoSecretInNativeError(t *testing.T) {
	_, err := Parse("inv.yaml", []byte("devices: [{name: sw1, platform: cisco_ios, address: 192.0.2.1}]\ncredentials:\n  password: pw-"+secretValue+"\n"), platforms)
	if err == nil || strings.Contains(err.Error(), secretValue) || !strings.Contains(err.Error(), `inv.yaml line 3: "password" in credentials: secrets never go in the inventory`) {
		t.Errorf("error: %v", err)
	}
}
