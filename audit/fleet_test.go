package audit

import (
	"context"
	"fmt"
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
	st, err := fleetgen.Write(t.TempDir(), fleetgen.Options{Devices: 40, Clusters: 10})
	if err != nil {
		t.Fatal(err)
	}
	if st.Devices != 40 || st.Clusters != 10 || st.Files != 200 {
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
