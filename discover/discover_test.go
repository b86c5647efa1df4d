package discover

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
)

// canon spells the short names the tests' tables use.
func canon(_, name string) string {
	for short, long := range map[string]string{"Te": "TenGigabitEthernet", "Gi": "GigabitEthernet", "Eth": "Ethernet", "Po": "Port-channel"} {
		if rest, ok := strings.CutPrefix(name, short); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return long + rest
		}
	}
	return name
}

func dev(name, hostname string, ports ...string) *model.Device {
	d := model.NewDevice(name, "cisco_iosxe")
	d.Hostname = hostname
	for _, p := range ports {
		ifc := &model.Interface{Name: p}
		if b, m, ok := strings.Cut(p, ">"); ok { // "member>bundle"
			ifc.Name, ifc.Bundle = b, m
		}
		d.AddInterface(ifc)
	}
	return d
}

func hear(d *model.Device, local, name, port string, line int) {
	d.Neighbors = append(d.Neighbors, model.Neighbor{Protocol: "cdp", LocalPort: local, Name: name, Port: port, Capabilities: []string{"router", "switch"},
		Ref: model.Ref{File: d.Name + "/cdp.txt", Line: line, Text: "Interface: " + local}})
}

func names(ls []model.Link) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.A.Device+":"+l.A.Interface+"-"+l.B.Device+":"+l.B.Interface+"/"+l.Source)
	}
	return out
}

func TestMatchesRealNames(t *testing.T) {
	core := dev("core1", "dc1-core1", "TenGigabitEthernet1/0/1", "TenGigabitEthernet1/0/2", "TenGigabitEthernet1/0/3", "TenGigabitEthernet1/0/4")
	leaf := dev("leaf1", "dc1-leaf1", "Ethernet1/49")
	acc := dev("acc1", "dc1-acc1", "GigabitEthernet1/0/49")
	acc2 := dev("acc2", "", "GigabitEthernet1/0/49")
	hear(core, "TenGigabitEthernet1/0/2", "DC1-LEAF1(SAL2231XK9P)", "Eth1/49", 3)    // NX-OS serial, upper case
	hear(core, "TenGigabitEthernet1/0/3", "dc1-acc1.dc1.example.net", "Gi1/0/49", 9) // FQDN of the hostname
	core.Neighbors = append(core.Neighbors, model.Neighbor{Protocol: "lldp", LocalPort: "TenGigabitEthernet1/0/4", Name: "", ChassisID: "aa",
		Port: "517", PortDescription: "GigabitEthernet1/0/49", Address: netip.MustParseAddr("192.0.2.12"), Ref: model.Ref{File: "core1/lldp.txt", Line: 4}}) // by address, port by description
	res := Links([]Device{
		{Name: "core1", Platform: "cisco_iosxe", Model: core},
		{Name: "leaf1", Platform: "cisco_nxos", Model: leaf},
		{Name: "acc1", Platform: "cisco_iosxe", Model: acc},
		{Name: "acc2", Platform: "cisco_iosxe", Address: netip.MustParseAddr("192.0.2.12"), Model: acc2},
	}, nil, nil, canon)
	want := []string{
		"core1:TenGigabitEthernet1/0/2-leaf1:Ethernet1/49/cdp",
		"core1:TenGigabitEthernet1/0/3-acc1:GigabitEthernet1/0/49/cdp",
		"core1:TenGigabitEthernet1/0/4-acc2:GigabitEthernet1/0/49/lldp",
	}
	if got := names(res.Links); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
	if len(res.Mismatches) != 0 || len(res.Outside) != 0 {
		t.Errorf("mismatches %+v, outside %+v", res.Mismatches, res.Outside)
	}
}

func TestBundlesAndBothDirections(t *testing.T) {
	a := dev("acc1", "acc1", "TenGigabitEthernet1/1/1>Port-channel1", "TenGigabitEthernet1/1/2>Port-channel1", "Port-channel1")
	c := dev("core1", "core1", "TenGigabitEthernet1/0/1>Port-channel1", "TenGigabitEthernet1/0/5>Port-channel1", "Port-channel1")
	hear(a, "TenGigabitEthernet1/1/1", "core1", "Te1/0/1", 3)
	hear(a, "TenGigabitEthernet1/1/2", "core1", "Te1/0/5", 9)
	hear(c, "TenGigabitEthernet1/0/1", "acc1", "Te1/1/1", 4)
	res := Links([]Device{{Name: "acc1", Model: a}, {Name: "core1", Model: c}}, nil, nil, func(_, n string) string { return canon("", n) })
	if got := names(res.Links); len(got) != 1 || got[0] != "acc1:Port-channel1-core1:Port-channel1/cdp" {
		t.Fatalf("links %q: the members are one bundle link", got)
	}
	if res.Links[0].Also == nil || res.Links[0].Also.File != "core1/cdp.txt" {
		t.Errorf("the other direction's line is not kept: %+v", res.Links[0])
	}
}

func TestDeclaredWinsAndMismatch(t *testing.T) {
	s1 := dev("sw1", "sw1", "TenGigabitEthernet1/1/1", "GigabitEthernet1/0/11")
	s2 := dev("sw2", "sw2", "Ethernet1/49", "Ethernet1/50")
	s3 := dev("sw3", "sw3", "TenGigabitEthernet1/0/1")
	hear(s2, "Ethernet1/49", "sw1", "Gi1/0/11", 5) // contradicts the declared link
	hear(s2, "Ethernet1/50", "sw3", "Te1/0/1", 12) // discovered, kept
	hear(s1, "GigabitEthernet1/0/11", "sw2", "Eth1/49", 7)
	declared := []model.Link{{A: model.Endpoint{Device: "sw1", Interface: "TenGigabitEthernet1/1/1"}, B: model.Endpoint{Device: "sw2", Interface: "Ethernet1/49"},
		Ref: model.Ref{File: "inventory.yaml", Line: 20}, Source: "inventory"}}
	res := Links([]Device{{Name: "sw1", Model: s1}, {Name: "sw2", Model: s2}, {Name: "sw3", Model: s3}}, declared, nil, canon)
	want := []string{"sw1:TenGigabitEthernet1/1/1-sw2:Ethernet1/49/inventory", "sw2:Ethernet1/50-sw3:TenGigabitEthernet1/0/1/cdp"}
	if got := names(res.Links); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
	if len(res.Mismatches) != 1 {
		t.Fatalf("mismatches: %+v", res.Mismatches)
	}
	m := res.Mismatches[0]
	if m.At != (model.Endpoint{Device: "sw2", Interface: "Ethernet1/49"}) || m.Heard != (model.Endpoint{Device: "sw1", Interface: "GigabitEthernet1/0/11"}) ||
		len(m.Evidence) != 3 || m.Evidence[0].Line != 20 || m.Evidence[1].File != "sw1/cdp.txt" || m.Evidence[2].File != "sw2/cdp.txt" || m.Evidence[2].Line != 5 {
		t.Errorf("mismatch: at %v heard %v evidence %v", m.At, m.Heard, m.Evidence)
	}
	if !strings.Contains(m.String(), "the inventory links sw1 TenGigabitEthernet1/1/1 to sw2 Ethernet1/49, but the neighbor tables link sw2 Ethernet1/49 to sw1 GigabitEthernet1/0/11") {
		t.Errorf("mismatch says %q", m.String())
	}
}

func TestNeverASwitchLink(t *testing.T) {
	s1 := dev("sw1", "sw1", "GigabitEthernet1/0/10", "GigabitEthernet1/0/12", "GigabitEthernet1/0/20", "GigabitEthernet1/0/48")
	s2 := dev("sw2", "sw2", "Ethernet1/1")
	hear(s1, "GigabitEthernet1/0/10", "sw2", "Eth1/1", 3) // a declared host port
	s1.Neighbors = append(s1.Neighbors,
		model.Neighbor{Protocol: "cdp", LocalPort: "GigabitEthernet1/0/12", Name: "SEP001122334455", Port: "Port 1", Capabilities: []string{"host", "phone"}},
		model.Neighbor{Protocol: "lldp", LocalPort: "GigabitEthernet1/0/20", Name: "sw2", Port: "0050.56ac.4cd9", PortIsMAC: true},
		model.Neighbor{Protocol: "lldp", LocalPort: "GigabitEthernet1/0/48", Name: "dist9.example.net", Port: "Te1/0/48", Capabilities: []string{"bridge"},
			Address: netip.MustParseAddr("192.0.2.99"), Platform: "Cisco IOS", Ref: model.Ref{File: "sw1/lldp.txt", Line: 40}})
	res := Links([]Device{{Name: "sw1", Model: s1}, {Name: "sw2", Model: s2}}, nil,
		map[model.Endpoint]bool{{Device: "sw1", Interface: "GigabitEthernet1/0/10"}: true}, canon)
	if len(res.Links) != 0 {
		t.Errorf("links %q from a host port, a phone or a MAC port ID", names(res.Links))
	}
	if len(res.Outside) != 1 || res.Outside[0].Name != "dist9.example.net" || res.Outside[0].LocalPort != "GigabitEthernet1/0/48" || res.Outside[0].Address != "192.0.2.99" {
		t.Errorf("outside: %+v", res.Outside)
	}
}

func TestTablesThatDisagree(t *testing.T) {
	a := dev("a", "a", "Ethernet1")
	b := dev("b", "b", "Ethernet1")
	c := dev("c", "c", "Ethernet2")
	hear(a, "Ethernet1", "b", "Ethernet1", 1)
	hear(b, "Ethernet1", "c", "Ethernet2", 2) // b says its Ethernet1 goes to c
	res := Links([]Device{{Name: "a", Model: a}, {Name: "b", Model: b}, {Name: "c", Model: c}}, nil, nil, canon)
	if got := names(res.Links); len(got) != 1 || got[0] != "a:Ethernet1-b:Ethernet1/cdp" {
		t.Errorf("links %q: the first heard stands", got)
	}
	if len(res.Mismatches) != 1 || !strings.Contains(res.Mismatches[0].String(), "cdp shows a Ethernet1 linked to b Ethernet1, but the neighbor tables also link b Ethernet1 to c Ethernet2") {
		t.Errorf("mismatches: %+v", res.Mismatches)
	}
}

// NetBox's cables are physical: two members of one bundle are one link,
// and a cable the neighbors contradict is a mismatch in NetBox's words.
func TestNetBoxCables(t *testing.T) {
	a := dev("acc1", "acc1", "TenGigabitEthernet1/1/1>Port-channel1", "TenGigabitEthernet1/1/2>Port-channel1", "Port-channel1", "GigabitEthernet1/0/49")
	c := dev("core1", "core1", "TenGigabitEthernet1/0/1>Port-channel1", "TenGigabitEthernet1/0/5>Port-channel1", "Port-channel1", "TenGigabitEthernet1/0/3", "TenGigabitEthernet1/0/4")
	hear(c, "TenGigabitEthernet1/0/3", "acc1", "Gi1/0/49", 8)
	cable := func(id int, ad, ai, bd, bi string) model.Link {
		return model.Link{A: model.Endpoint{Device: ad, Interface: ai}, B: model.Endpoint{Device: bd, Interface: bi}, Source: "netbox",
			Ref: model.Ref{File: fmt.Sprintf("https://netbox.example.net/api/dcim/cables/%d/", id)}}
	}
	declared := []model.Link{
		cable(1, "acc1", "TenGigabitEthernet1/1/1", "core1", "TenGigabitEthernet1/0/1"),
		cable(2, "acc1", "TenGigabitEthernet1/1/2", "core1", "TenGigabitEthernet1/0/5"),
		cable(3, "acc1", "GigabitEthernet1/0/49", "core1", "TenGigabitEthernet1/0/4"),
	}
	res := Links([]Device{{Name: "acc1", Model: a}, {Name: "core1", Model: c}}, declared, nil, canon)
	want := []string{"acc1:Port-channel1-core1:Port-channel1/netbox", "acc1:GigabitEthernet1/0/49-core1:TenGigabitEthernet1/0/4/netbox"}
	if got := names(res.Links); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
	if res.Links[0].Also == nil || !strings.HasSuffix(res.Links[0].Also.File, "/cables/2/") {
		t.Errorf("the second member's cable is not kept as evidence: %+v", res.Links[0])
	}
	if len(res.Mismatches) != 1 || !strings.Contains(res.Mismatches[0].String(), "NetBox cables acc1 GigabitEthernet1/0/49 to core1 TenGigabitEthernet1/0/4, but the neighbor tables link acc1 GigabitEthernet1/0/49 to core1 TenGigabitEthernet1/0/3") {
		t.Errorf("mismatches: %v", res.Mismatches)
	}
}
