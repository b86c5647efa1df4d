package vendors

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scrapli/scrapligo/platform"

	"github.com/mcaudit/mcaudit/inventory"
)

// What every vendor of the registry hands out holds together: platforms
// are claimed once, inventory names lead to registered platforms and mean
// one thing, SSH drivers are scrapligo's own, and template directories
// exist.
func TestRegistry(t *testing.T) {
	owner := map[string]int{}
	for i, v := range all {
		for _, p := range v.Platforms() {
			if j, dup := owner[p]; dup {
				t.Errorf("platform %s is claimed by vendors %d and %d", p, j, i)
			}
			owner[p] = i
		}
	}
	for _, which := range []int{0, 1} {
		seen := map[string]string{}
		for _, v := range all {
			a, n := v.InventoryNames()
			for k, p := range [][]map[string]string{{a}, {n}}[which][0] {
				if _, ok := owner[p]; !ok {
					t.Errorf("inventory name %s leads to %s, which no vendor reads", k, p)
				}
				if q, dup := seen[k]; dup && q != p {
					t.Errorf("inventory name %s means both %s and %s", k, q, p)
				}
				seen[k] = p
			}
		}
	}
	for _, v := range all {
		for _, p := range v.Platforms() {
			if len(v.Commands(p, "ssh")) == 0 && len(v.Commands(p, "gnmi")) == 0 {
				t.Errorf("%s collects nothing", p)
			}
			if v.ConfigCommand(p) == "" {
				t.Errorf("%s has no config command", p)
			}
			if sc, ok := v.(SSHCollector); ok {
				name, def := sc.SSHDriver(p)
				switch {
				case def != nil:
					// The vendor's own definition: scrapligo must take it.
					if _, err := platform.NewPlatform(def, "192.0.2.1"); err != nil {
						t.Errorf("%s: SSH definition: %v", p, err)
					}
				case !slices.Contains(platform.GetPlatformNames(), name):
					t.Errorf("%s: SSH driver %q is not a scrapligo platform", p, name)
				}
			}
			if r, ok := v.(Remediator); ok {
				fsys, _ := r.Templates()
				for _, d := range r.TemplateDirs(p) {
					if _, err := fs.ReadDir(fsys, d); err != nil {
						t.Errorf("%s: template directory %s: %v", p, d, err)
					}
				}
			}
		}
	}
}

// Inventories from other tools name every vendor's switches their way,
// and each reaches mcaudit's platform.
func TestInventoryNamesLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ini := write("hosts", strings.Join([]string{
		"leaf1 ansible_network_os=arista.eos.eos",
		"ex1 ansible_network_os=junipernetworks.junos.junos",
		"cx1 ansible_network_os=arubanetworks.aoscx.aoscx",
		"nx1 ansible_network_os=cisco.nxos.nxos",
	}, "\n")+"\n")
	nornir := write("hosts.yaml", "leaf2: {platform: eos}\nex2: {platform: junos}\ncx2: {platform: aoscx}\nios2: {platform: iosxe}\n")
	want := map[string]string{
		"leaf1": "arista_eos", "ex1": "juniper_junos", "cx1": "aruba_aoscx", "nx1": "cisco_nxos",
		"leaf2": "arista_eos", "ex2": "juniper_junos", "cx2": "aruba_aoscx", "ios2": "cisco_iosxe",
	}
	for _, f := range []string{ini, nornir} {
		inv, err := inventory.Load(f, InventoryPlatforms())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(inv.Devices) != 4 {
			t.Errorf("%s: %d devices", f, len(inv.Devices))
		}
		for _, d := range inv.Devices {
			if want[d.Name] != d.Platform {
				t.Errorf("%s: %s is %s, want %s", f, d.Name, d.Platform, want[d.Name])
			}
		}
	}
}
