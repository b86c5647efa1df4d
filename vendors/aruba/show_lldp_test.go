package aruba

import (
	"net/netip"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// Written in AOS-CX's format for this test: an access point (MAC port ID,
// the newer Chassis-Name key) and a switch (the older System-Name key, a
// port name for port ID).
const aoscxLLDP = `acc4# show lldp neighbor-info detail
LLDP Neighbor Information
=========================
Total Neighbor Entries          : 2
--------------------------------------------------------------------------------
Port                           : 1/1/12
Neighbor Entries               : 1
Neighbor Chassis-Name          : ap-floor4
Neighbor Chassis-ID            : 70:3a:0e:cd:41:fe
Neighbor Management-Address    : 10.252.99.12
Chassis Capabilities Enabled   : WLAN
Neighbor Port-ID               : 70:3a:0e:cd:41:fe
Neighbor Port-Desc             : eth0
--------------------------------------------------------------------------------
Port                           : 1/1/49
Neighbor Entries               : 1
Neighbor System-Name           : core2
Neighbor System-Description    : Cisco IOS Software, Catalyst L3 Switch Software
Neighbor Chassis-ID            : 50:87:89:a1:d8:d6
Neighbor Management-Address    : 192.0.2.2
Chassis Capabilities Available : Bridge, Router
Chassis Capabilities Enabled   : Bridge, Router
Neighbor Port-ID               : Te1/0/4
Neighbor Port-Desc             : TenGigabitEthernet1/0/4
`

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("acc4", AOSCX)
	if err := ParseShowLLDPNeighborInfoDetail(dev, "acc4/lldp.txt", []byte(aoscxLLDP)); err != nil {
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
