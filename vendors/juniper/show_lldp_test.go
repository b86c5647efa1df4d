package juniper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// testdata/show_lldp_neighbors.txt is written in Junos' format for this test: two members of ae0 to one
// Arista, a port with no system name, a port whose port info is a
// description with blanks.

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("acc3", Junos)
	if err := ParseShowLLDPNeighbors(dev, "acc3/lldp.txt", readTestdata(t, "show_lldp_neighbors.txt")); err != nil {
		t.Fatal(err)
	}
	if len(dev.Neighbors) != 4 {
		t.Fatalf("%d neighbors: %+v", len(dev.Neighbors), dev.Neighbors)
	}
	want := []struct{ local, bundle, port, name string }{
		{"xe-0/1/0", "ae0", "Ethernet3/29/1", "core01.sjc01"},
		{"xe-0/1/1", "ae0", "Ethernet3/29/2", "core01.sjc01"},
		{"ge-0/0/5", "", "ge-0/0/1", ""},
		{"ge-0/0/7", "", "uplink to core", "acc7"},
	}
	for i, w := range want {
		n := dev.Neighbors[i]
		if n.LocalPort != w.local || n.Bundle != w.bundle || n.Port != w.port || n.Name != w.name || n.Ref.Line != i+4 {
			t.Errorf("row %d: %+v, want %+v", i, n, w)
		}
	}
	off := model.NewDevice("acc4", Junos)
	if err := ParseShowLLDPNeighbors(off, "f", []byte("error: LLDP is not running\n")); err != nil || len(off.NeighborsOff) != 1 {
		t.Errorf("LLDP off: %v %+v", err, off.NeighborsOff)
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
