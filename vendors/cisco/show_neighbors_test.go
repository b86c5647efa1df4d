package cisco

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/model"
)

// The neighbor tables below are written for these tests in the formats
// the platforms print (see ../shared/samples for real ones): the IOS
// layout with its double-spaced commas, NX-OS with no space after
// "Device ID:" and the serial in parentheses, phones and servers beside
// switches, and an entry cut short.

const iosCDP = `sw1#show cdp neighbors detail
-------------------------
Device ID: core1.dc1.example.net
Entry address(es):
  IP address: 10.0.0.1
Platform: cisco C9500-48Y4C,  Capabilities: Router Switch IGMP
Interface: Port-channel1,  Port ID (outgoing port): Port-channel1
Holdtime : 140 sec

Version :
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a
Technical Support: http://www.cisco.com/techsupport

advertisement version: 2
VTP Management Domain: ''
Native VLAN: 1
Duplex: full
Management address(es):
  IP address: 192.0.2.1

-------------------------
Device ID: SEP001122334455
Entry address(es):
  IP address: 10.20.0.55
Platform: Cisco IP Phone 8845,  Capabilities: Host Phone Two-port Mac Relay
Interface: GigabitEthernet1/0/12,  Port ID (outgoing port): Port 1
Holdtime : 150 sec

-------------------------
Device ID: broken-entry
Entry address(es):
  IP address: 10.0.0.9
Platform: cisco WS-C2960X,  Capabilities: Switch IGMP

Total cdp entries displayed : 3
`

const nxosCDP = `----------------------------------------
Device ID:leaf-101(SAL2231XK9P)
System Name: leaf-101

Interface address(es):
    IPv4 Address: 10.1.100.226
Platform: N9K-C93180YC-EX, Capabilities: Router Switch IGMP Filtering Supports-STP-Dispute
Interface: Ethernet1/49, Port ID (outgoing port): Ethernet1/1
Holdtime: 157 sec

Version:
Cisco Nexus Operating System (NX-OS) Software, Version 9.3(8)

Advertisement Version: 2

Native VLAN: 1
Duplex: full

MTU: 9216
Mgmt address(es):
    IPv4 Address: 192.0.2.21
`

func TestParseCDPNeighbors(t *testing.T) {
	dev := model.NewDevice("acc1", IOSXE)
	if err := ParseShowCDPNeighborsDetail(dev, "acc1/cdp.txt", []byte(iosCDP)); err != nil {
		t.Fatal(err)
	}
	want := []model.Neighbor{
		{Protocol: "cdp", LocalPort: "Port-channel1", Name: "core1.dc1.example.net", Port: "Port-channel1",
			Address: netip.MustParseAddr("192.0.2.1"), Platform: "cisco C9500-48Y4C", Capabilities: []string{"router", "switch"},
			Ref: model.Ref{File: "acc1/cdp.txt", Line: 7, Text: "Interface: Port-channel1,  Port ID (outgoing port): Port-channel1"}},
		{Protocol: "cdp", LocalPort: "GigabitEthernet1/0/12", Name: "SEP001122334455", Port: "Port 1",
			Address: netip.MustParseAddr("10.20.0.55"), Platform: "Cisco IP Phone 8845", Capabilities: []string{"host", "phone"},
			Ref: model.Ref{File: "acc1/cdp.txt", Line: 26, Text: "Interface: GigabitEthernet1/0/12,  Port ID (outgoing port): Port 1"}},
	}
	if diff := cmp.Diff(want, dev.Neighbors, cmpopts.EquateComparable(netip.Addr{})); diff != "" {
		t.Errorf("neighbors (-want +got):\n%s", diff)
	}
	if !dev.Neighbors[1].Edge() || dev.Neighbors[0].Edge() || !dev.Neighbors[0].Bridges() {
		t.Error("the phone is not an edge device, or the core is")
	}
	if len(dev.Unparsed) != 1 || dev.Unparsed[0].Ref.Line != 30 {
		t.Errorf("the entry without an Interface line is not reported at its Device ID line: %+v", dev.Unparsed)
	}

	nx := model.NewDevice("core1", NXOS)
	if err := ParseShowCDPNeighborsDetail(nx, "core1/cdp.txt", []byte(nxosCDP)); err != nil {
		t.Fatal(err)
	}
	if len(nx.Neighbors) != 1 {
		t.Fatalf("%d neighbors", len(nx.Neighbors))
	}
	n := nx.Neighbors[0]
	if n.Name != "leaf-101(SAL2231XK9P)" || n.SystemName != "leaf-101" || n.LocalPort != "Ethernet1/49" || n.Port != "Ethernet1/1" || n.Address != netip.MustParseAddr("192.0.2.21") {
		t.Errorf("NX-OS entry: %+v", n)
	}
}

func TestCDPOffIsNotAnError(t *testing.T) {
	dev := model.NewDevice("acc2", IOS)
	if err := ParseShowCDPNeighborsDetail(dev, "acc2/cdp.txt", []byte("acc2#show cdp neighbors detail\n% CDP is not enabled\n")); err != nil {
		t.Fatal(err)
	}
	if len(dev.NeighborsOff) != 1 || dev.NeighborsOff[0].Protocol != "cdp" || dev.NeighborsOff[0].Ref.Line != 2 {
		t.Errorf("CDP off not recorded: %+v", dev.NeighborsOff)
	}
	if err := ParseShowCDPNeighborsDetail(dev, "acc2/cdp.txt", []byte("% Invalid input detected at '^' marker.\n")); err == nil {
		t.Error("a rejected command read as an empty table")
	}
}

const iosLLDP = `------------------------------------------------
Local Intf: Gi1/0/2
Chassis id: 2c6b.f5a1.c2c0
Port id: 517
Port Description: xe-0/0/1.0
System Name - not advertised

System Description:
Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 21.4R3

Time remaining: 112 seconds
System Capabilities: B,R
Enabled Capabilities: B,R
Management Addresses - not advertised
Vlan ID: 1

------------------------------------------------
Local Intf: Gi1/0/20
Chassis id: 3c2c.3011.aa01
Port id: 3c2c.3011.aa01
Port Description: eth0
System Name: ap-floor2

System Description:
Aruba AP

Time remaining: 91 seconds
System Capabilities: B,W
Enabled Capabilities: W
Management Addresses:
    IP: 10.30.0.7
Vlan ID: - not advertised

Total entries displayed: 2
`

const nxosLLDP = `Capability codes:
  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
Device ID            Local Intf      Hold-time  Capability  Port ID

Chassis id: 5087.89a1.d8d6
Port id: Te1/0/2
Local Port id: Eth1/49
Port Description: TenGigabitEthernet1/0/2
System Name: core1.dc1.example.net
System Description: Cisco IOS Software, Catalyst L3 Switch Software
Time remaining: 93 seconds
System Capabilities: B, R
Enabled Capabilities: B, R
Management Address: 192.0.2.1
Vlan ID: 1


Chassis id: 5087.89a1.d8d7
Port id: Ethernet1/2
Local Port id: Eth1/2
Port Description: Ethernet1/2
System Name: n9k2
System Description: Cisco Nexus Operating System (NX-OS) Software 9.3(8)
Time remaining: 93 seconds
System Capabilities: B, R
Enabled Capabilities: B, R
Management Address: 192.0.2.22
Vlan ID: 1

Total entries displayed: 2
`

func TestParseLLDPNeighbors(t *testing.T) {
	dev := model.NewDevice("acc1", IOSXE)
	if err := ParseShowLLDPNeighborsDetail(dev, "acc1/lldp.txt", []byte(iosLLDP)); err != nil {
		t.Fatal(err)
	}
	if len(dev.Neighbors) != 2 {
		t.Fatalf("%d neighbors: %+v", len(dev.Neighbors), dev.Neighbors)
	}
	j, ap := dev.Neighbors[0], dev.Neighbors[1]
	if j.LocalPort != "GigabitEthernet1/0/2" || j.Port != "517" || j.PortDescription != "xe-0/0/1.0" || j.Name != "" ||
		j.Platform != "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 21.4R3" || !j.Bridges() || j.Ref.Line != 2 {
		t.Errorf("the Junos neighbor: %+v", j)
	}
	if !ap.PortIsMAC || ap.Name != "ap-floor2" || ap.Address != netip.MustParseAddr("10.30.0.7") || !ap.Edge() {
		t.Errorf("the access point: %+v", ap)
	}

	nx := model.NewDevice("leaf1", NXOS)
	if err := ParseShowLLDPNeighborsDetail(nx, "leaf1/lldp.txt", []byte(nxosLLDP)); err != nil {
		t.Fatal(err)
	}
	if len(nx.Neighbors) != 2 {
		t.Fatalf("%d neighbors: %+v", len(nx.Neighbors), nx.Neighbors)
	}
	c := nx.Neighbors[0]
	if c.LocalPort != "Ethernet1/49" || c.Port != "Te1/0/2" || c.Name != "core1.dc1.example.net" || c.Address != netip.MustParseAddr("192.0.2.1") || c.Ref.Line != 8 {
		t.Errorf("the NX-OS entry: %+v", c)
	}
	off := model.NewDevice("acc9", IOSXE)
	if err := ParseShowLLDPNeighborsDetail(off, "acc9/lldp.txt", []byte("% LLDP is not enabled\n")); err != nil || len(off.NeighborsOff) != 1 {
		t.Errorf("LLDP off: %v %+v", err, off.NeighborsOff)
	}
}
