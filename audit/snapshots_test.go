package audit

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// The lab's snapshot split in two shards, read together, gives the audit
// of the whole: the same devices and the same findings with the same
// evidence; and the report knows which shard holds which device.
func TestSnapshotsUnionIsTheWhole(t *testing.T) {
	inv, err := inventory.Load("../fixtures/lab/inventory.yaml", vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Inventory(context.Background(), inv, Sources{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := t.TempDir(), t.TempDir()
	copyDir(t, "../fixtures/lab/snapshot/acc1", filepath.Join(a, "acc1"))
	copyDir(t, "../fixtures/lab/snapshot/acc2", filepath.Join(b, "acc2"))
	copyDir(t, "../fixtures/lab/snapshot/leaf1", filepath.Join(b, "leaf1"))
	union, err := Inventory(context.Background(), inv, Sources{Snapshots: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Findings) == 0 || !reflect.DeepEqual(union.Findings, whole.Findings) {
		t.Errorf("findings differ:\nunion %+v\nwhole %+v", union.Findings, whole.Findings)
	}
	if !reflect.DeepEqual(union.Devices, whole.Devices) {
		t.Errorf("devices differ:\nunion %+v\nwhole %+v", union.Devices, whole.Devices)
	}
	if union.Snapshot != a || !reflect.DeepEqual(union.Snapshots, []string{a, b}) {
		t.Errorf("snapshot %q, snapshots %q", union.Snapshot, union.Snapshots)
	}
	if got := union.SnapshotOf("leaf1"); got != b {
		t.Errorf("SnapshotOf(leaf1) = %q, want %q", got, b)
	}

	// leaf1 in both: that device is not audited, the others are.
	copyDir(t, "../fixtures/lab/snapshot/leaf1", filepath.Join(a, "leaf1"))
	dup, err := Inventory(context.Background(), inv, Sources{Snapshots: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dup.Devices {
		bad := d.Status != StatusOK
		if bad != (d.Name == "leaf1") {
			t.Errorf("%s: status %s %s", d.Name, d.Status, d.Error)
		}
		if d.Name == "leaf1" && !strings.Contains(d.Error, "shards must not overlap") {
			t.Errorf("leaf1: %s", d.Error)
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
