package arista

import (
	"net/netip"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// Written in EOS's format for this test: an interface with no neighbor,
// one with a switch (interface-name port ID, IPv4 management address
// after a MAC one), and one with a server (MAC port ID).
const eosLLDP = `Interface Ethernet1 detected 0 LLDP neighbors:

Interface Ethernet49/1 detected 1 LLDP neighbors:

  Neighbor 5087.89a1.d8d6/"Te1/0/2", age 14 seconds
  Discovered 2 days, 3:01:11 ago; Last changed 2 days, 3:01:11 ago
  - Chassis ID type: MAC address (4)
    Chassis ID     : 5087.89a1.d8d6
  - Port ID type: Interface name (5)
    Port ID     : "Te1/0/2"
  - Port Description: "TenGigabitEthernet1/0/2"
  - Time To Live: 120 seconds
  - System Name: "core2.dc2.example.net"
  - System Description: "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software"
  - System Capabilities : Bridge, Router
    Enabled Capabilities: Bridge, Router
  - Management Address Subtype: Ethernet
    Management Address        : 5087.89a1.d8d6
  - Management Address Subtype: IPv4
    Management Address        : 192.0.2.2
  - IEEE802.1/IEEE802.3 Link Aggregation
    Link Aggregation Status: Capable, Enabled (0x03)
    Port ID                : 10

Interface Ethernet10 detected 1 LLDP neighbors:

  Neighbor 0050.56ac.4cd9/"0050.56ac.4cd9", age 3 seconds
  - Chassis ID type: MAC address (4)
    Chassis ID     : 0050.56ac.4cd9
  - Port ID type: MAC address (3)
    Port ID     : 0050.56ac.4cd9
  - System Name: "eft4"
  - System Capabilities : Station
    Enabled Capabilities: Station
`

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("leaf3", EOS)
	if err := ParseShowLLDPNeighborsDetail(dev, "leaf3/lldp.txt", []byte(eosLLDP)); err != nil {
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
