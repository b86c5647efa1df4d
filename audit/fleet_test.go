package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/fleetgen"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// The generated estate is what the fleet benchmarks measure; this checks
// that what they measure is a real audit with the problems fleetgen
// planted and nothing else: pod 9 has no querier, pod 6's access ports
// drop protocol 113, the other pods are clean.
func TestFleetAuditFindsWhatWasPlanted(t *testing.T) {
	for _, cdp := range []bool{false, true} {
		t.Run(fmt.Sprint("links from CDP ", cdp), func(t *testing.T) { fleetFindings(t, cdp) })
	}
}

// fleetFindings audits a generated estate, its links declared or heard
// in the switches' CDP tables: the same findings either way.
func fleetFindings(t *testing.T, cdp bool) {
	st, err := fleetgen.Write(t.TempDir(), fleetgen.Options{Devices: 40, Clusters: 10, Neighbors: cdp})
	if err != nil {
		t.Fatal(err)
	}
	files := 200
	if cdp {
		files += 40
	}
	if st.Devices != 40 || st.Clusters != 10 || st.Files != files {
		t.Fatalf("stats %+v", st)
	}
	inv, err := inventory.Load(st.Inventory, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Inventory(context.Background(), inv, Sources{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() != 0 || len(res.Devices) != 40 || len(res.Clusters) != 10 {
		t.Fatalf("%d failed of %d devices, %d clusters", res.Failed(), len(res.Devices), len(res.Clusters))
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s %s %s", f.Cluster, f.Severity, f.Rule, f.Device))
	}
	sort.Strings(got)
	want := []string{
		"eft-p6 error pgm-blocked p6-acc1",
		"eft-p6 error pgm-blocked p6-acc2",
		"eft-p9 error igmp-querier-missing p9-dist1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Keeping only what the findings need changes no finding: on the labs, on
// a generated estate, and on one whose cluster's path crosses switches
// without its VLAN, which are stubbed first and read again.
func TestFindingsOnlyChangesNothing(t *testing.T) {
	dir := t.TempDir()
	every, err := fleetgen.Write(filepath.Join(dir, "every"), fleetgen.Options{Devices: 40, Clusters: 10})
	if err != nil {
		t.Fatal(err)
	}
	st, err := fleetgen.Write(dir, fleetgen.Options{Devices: 40, Clusters: 3})
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(st.Inventory)
	if err != nil {
		t.Fatal(err)
	}
	// eft-p0's second host moves to pod 4, whose switches lack VLAN 1100.
	crossing := filepath.Join(dir, "crossing.yaml")
	moved := strings.Replace(string(text), "switch: p0-acc2,", "switch: p4-acc1,", 1)
	if moved == string(text) {
		t.Fatal("no host to move")
	}
	if err := os.WriteFile(crossing, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"../fixtures/lab/inventory.yaml", "../fixtures/lab-mixed/inventory.yaml", "../fixtures/lab-ucs/inventory.yaml", every.Inventory, crossing} {
		inv, err := inventory.Load(path, vendors.InventoryPlatforms())
		if err != nil {
			t.Fatal(err)
		}
		full, err := Inventory(context.Background(), inv, Sources{})
		if err != nil {
			t.Fatal(err)
		}
		lean, err := Inventory(context.Background(), inv, Sources{FindingsOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(lean.Findings, full.Findings) || len(full.Findings) == 0 {
			t.Errorf("%s: findings differ:\nlean %+v\nfull %+v", path, lean.Findings, full.Findings)
		}
		if !reflect.DeepEqual(lean.Devices, full.Devices) {
			t.Errorf("%s: devices differ", path)
		}
		if path == crossing {
			// The path p0-acc1 → p0-dist1 → ... → p4-dist1 → p4-acc1 was
			// read again in full; pods 5 to 9, off the path and without a
			// cluster, stay stubs.
			for _, name := range []string{"p0-acc1", "p4-acc1", "p1-dist1", "p3-dist1", "p4-dist1"} {
				if lean.Models[name] == nil {
					t.Errorf("%s: %s on the path has no model", path, name)
				}
			}
			if lean.Models["p5-acc1"] != nil || lean.Models["p9-dist2"] != nil || full.Models["p9-dist2"] == nil {
				t.Errorf("%s: a device off every path kept its model", path)
			}
			var missing []string
			for _, f := range lean.Findings {
				if f.Rule == "vlan-missing" {
					missing = append(missing, f.Device)
				}
			}
			if len(missing) == 0 {
				t.Errorf("%s: no vlan-missing on the crossing path: %v", path, lean.Findings)
			}
		}
	}
}
