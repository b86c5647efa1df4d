package aruba

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// testdata/show_lldp_neighbor-info_detail.txt is written in AOS-CX's format for this test: an access point (MAC port ID,
// the newer Chassis-Name key) and a switch (the older System-Name key, a
// port name for port ID).

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("acc4", AOSCX)
	if err := ParseShowLLDPNeighborInfoDetail(dev, "acc4/lldp.txt", readTestdata(t, "show_lldp_neighbor-info_detail.txt")); err != nil {
		t.Fatal(err)
	}
	if len(dev.Neighbors) != 2 {
		t.Fatalf("%d neighbors: %+v", len(dev.Neighbors), dev.Neighbors)
	}
	ap, sw := dev.Neighbors[0], dev.Neighbors[1]
	if !ap.PortIsMAC || !ap.Edge() || ap.Name != "ap-floor4" || ap.LocalPort != "1/1/12" {
		t.Errorf("the access point: %+v", ap)
	}
	if sw.LocalPort != "1/1/49" || sw.Name != "core2" || sw.Port != "Te1/0/4" || sw.Address != netip.MustParseAddr("192.0.2.2") || !sw.Bridges() || sw.Ref.Line != 15 {
		t.Errorf("the switch: %+v", sw)
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
