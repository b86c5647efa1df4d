package inventory

import (
	"path/filepath"
	"strings"
	"testing"
)

// A device's name becomes a folder and a file stem, whichever format
// named it: each format refuses a name that would write elsewhere.
func TestDeviceNamesAreNotPaths(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		load  string
		want  string
	}{
		{"Ansible INI", map[string]string{"hosts": "[sw]\n../../escaped ansible_network_os=ios\n"}, "hosts",
			`hosts line 2: device: the name "../../escaped" starts with "."`},
		{"Ansible INI, a rollback name", map[string]string{"hosts": "[sw]\nacc1 ansible_network_os=ios\nacc1.rollback ansible_network_os=ios\n"}, "hosts",
			`hosts line 3: device: the name "acc1.rollback" ends in ".rollback"`},
		{"Ansible YAML", map[string]string{"hosts.yaml": "all:\n  hosts:\n    ../escaped:\n      ansible_network_os: ios\n"}, "hosts.yaml",
			`device: the name "../escaped" starts with "."`},
		{"Nornir", map[string]string{"hosts.yaml": "sw1/../../x:\n  hostname: 192.0.2.1\n  platform: ios\n"}, "hosts.yaml",
			`hosts.yaml line 1: device: the name "sw1/../../x" holds "/"`},
		{"Nornir, names differing in case", map[string]string{"hosts.yaml": "sw1:\n  hostname: 192.0.2.1\n  platform: ios\nSW1:\n  hostname: 192.0.2.2\n  platform: ios\n"}, "hosts.yaml",
			`hosts.yaml line 4: device "SW1" and device "sw1" (`},
		{"devices_from", map[string]string{
			"inv.yaml": "clusters:\n  - {name: c, vlan: 100, hosts: [{name: h, ip: 10.0.0.1, switch: acc1, interface: Gi1/0/1}]}\ndevices_from: hosts\ndevices:\n  - {name: ACC1, platform: cisco_ios, config: a.cfg}\n",
			"hosts":    "[sw]\nacc1 ansible_network_os=ios\n"}, "inv.yaml",
			`differ only in case`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			_, err := Load(filepath.Join(dir, tc.load), platforms)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCheckDeviceName(t *testing.T) {
	for _, ok := range []string{"acc1", "dc1-core1.dc1.example.net", "SW_01", "2001:db8::1", "192.0.2.1", "a.rollbackx"} {
		if err := CheckDeviceName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "..", ".hidden", "-x", "a/b", `a\b`, "a b", "a\x00b", "a\rb", "é", "sw\xff", strings.Repeat("a", 254), "x.rollback", "x.PREDICTED"} {
		if err := CheckDeviceName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
