package snapshot

import (
	"github.com/mcaudit/mcaudit/internal/outdir"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	for cmd, want := range map[string]string{
		"show running-config":           "show_running-config.txt",
		"show ip igmp snooping querier": "show_ip_igmp_snooping_querier.txt",
		"show interface trunk":          "show_interface_trunk.txt",
		"show run | section vlan 1.2":   "show_run_section_vlan_1.2.txt",
		"show  vlan\tbrief":             "show_vlan_brief.txt",
		"gnmi:/network-instances/network-instance[name=default]/vlans": "gnmi_network-instances_network-instance_name_default_vlans.json",
	} {
		if got := FileName(cmd); got != want {
			t.Errorf("FileName(%q) = %q, want %q", cmd, got, want)
		}
	}
}

func TestLoad(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "sw1")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "show_running-config.txt"), []byte("hostname sw1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "show_vlan_brief.txt"), []byte("VLAN Name\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, MetaFile), []byte("device: sw1\nplatform: cisco_ios\ntransport: ssh\ncollected_at: 2026-11-20T09:14:03Z\ntool_version: 0.1.0\n"), 0o644))

	d, err := Load(root, "sw1", []string{"show running-config", "show interfaces trunk", "show vlan brief"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta == nil || d.Meta.Platform != "cisco_ios" || d.Meta.CollectedAt.Year() != 2026 {
		t.Errorf("meta: %+v", d.Meta)
	}
	if len(d.Outputs) != 2 || d.Outputs[0].Rel != "sw1/show_running-config.txt" || d.Outputs[1].Command != "show vlan brief" || string(d.Outputs[0].Data) != "hostname sw1\n" {
		t.Errorf("outputs: %+v", d.Outputs)
	}

	if _, err := Load(root, "sw9", nil); err == nil || !strings.Contains(err.Error(), `no directory for device "sw9"`) {
		t.Errorf("missing device: %v", err)
	}
	must(t, os.WriteFile(filepath.Join(dir, MetaFile), []byte("platfrom: cisco_ios\n"), 0o644))
	if _, err := Load(root, "sw1", nil); err == nil || !strings.Contains(err.Error(), "meta.yaml") || !strings.Contains(err.Error(), "platfrom") {
		t.Errorf("bad meta: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteThenLoad(t *testing.T) {
	root := t.TempDir()
	d := &Device{
		Meta: &Meta{Device: "sw1", Platform: "cisco_nxos", Transport: "ssh", ToolVersion: "0.1.0"},
		Outputs: []Output{
			{Command: "show running-config", Rel: "sw1/show_running-config.txt", Data: []byte("hostname sw1\n")},
			{Command: "gnmi:/acl", Rel: "sw1/gnmi_acl.json", Data: []byte(`{"a":1}`)},
		},
	}
	out, err := outdir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := Write(out, d); err != nil {
		t.Fatal(err)
	}
	got, err := Load(root, "sw1", []string{"show running-config", "gnmi:/acl"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta.Platform != "cisco_nxos" || len(got.Outputs) != 2 || string(got.Outputs[1].Data) != `{"a":1}` {
		t.Errorf("round trip: %+v %+v", got.Meta, got.Outputs)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "sw1"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	bad := &Device{Meta: &Meta{Device: "sw1"}, Outputs: []Output{{Rel: "sw1/../../etc/x"}}}
	bad.Outputs[0].Rel = "sw1/meta.yaml"
	if err := Write(out, bad); err == nil {
		t.Error("an output named meta.yaml was written")
	}
}

// A link in a snapshot, to a file or in place of a device's directory, is
// refused unread: nothing of what it points at appears in the error.
func TestLoadRefusesLinks(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(t.TempDir(), "shadow")
	must(t, os.WriteFile(secret, []byte("root:$6$SECRETHASH:19000::::::\n"), 0o600))
	must(t, os.MkdirAll(filepath.Join(root, "sw1"), 0o755))
	must(t, os.Symlink(secret, filepath.Join(root, "sw1", "show_running-config.txt")))
	must(t, os.Symlink(filepath.Dir(secret), filepath.Join(root, "sw2")))
	for dev, want := range map[string]string{
		"sw1": "show_running-config.txt is a symbolic link: a snapshot holds regular files only",
		"sw2": "sw2 is a symbolic link",
	} {
		_, err := Load(root, dev, []string{"show running-config"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", dev, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRETHASH") {
			t.Errorf("%s: the error quotes the link's target: %v", dev, err)
		}
	}
	if _, err := Load(root, "../x", nil); err == nil {
		t.Error("a device name leaving the snapshot was read")
	}
}
