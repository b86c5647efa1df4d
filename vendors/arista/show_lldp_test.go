package arista

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// testdata/show_lldp_neighbors_detail.txt is written in EOS's format for this test: an interface with no neighbor,
// one with a switch (interface-name port ID, IPv4 management address
// after a MAC one), and one with a server (MAC port ID).

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("leaf3", EOS)
	if err := ParseShowLLDPNeighborsDetail(dev, "leaf3/lldp.txt", readTestdata(t, "show_lldp_neighbors_detail.txt")); err != nil {
		t.Fatal(err)
	}
	if len(dev.Neighbors) != 2 {
		t.Fatalf("%d neighbors: %+v", len(dev.Neighbors), dev.Neighbors)
	}
	c, h := dev.Neighbors[0], dev.Neighbors[1]
	if c.LocalPort != "Ethernet49/1" || c.Port != "Te1/0/2" || c.PortIsMAC || c.PortDescription != "TenGigabitEthernet1/0/2" ||
		c.Name != "core2.dc2.example.net" || c.Address != netip.MustParseAddr("192.0.2.2") || !c.Bridges() || c.Ref.Line != 5 {
		t.Errorf("the switch: %+v", c)
	}
	if h.LocalPort != "Ethernet10" || !h.PortIsMAC || !h.Edge() {
		t.Errorf("the server: %+v", h)
	}
	if err := ParseShowLLDPNeighborsDetail(model.NewDevice("x", EOS), "x", []byte("% Invalid input\n")); err == nil {
		t.Error("a refused command read as an empty table")
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
