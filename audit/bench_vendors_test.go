package audit

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// The same large switch in each vendor's dialect: nIfaces ports (every
// 48th a trunk, every 7th access port behind the edge ACL) and an edge ACL
// of nACEs entries ending in a deny of everything, which blocks PGM.

func genEOSConfig(nIfaces, nACEs int) string {
	var b strings.Builder
	b.WriteString("! Command: show running-config\nhostname big-eos\n!\nip igmp snooping vlan 100 querier\nip igmp snooping vlan 100 querier address 10.10.100.3\n!\n")
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, "vlan %d\n   name VLAN%04d\n!\n", v*10, v*10)
	}
	b.WriteString("ip access-list EDGE-IN\n")
	for i := 1; i < nACEs; i++ {
		fmt.Fprintf(&b, "   %d permit tcp 10.%d.%d.0/24 any eq %d\n", i*10, i/250, i%250, 1000+i)
	}
	fmt.Fprintf(&b, "   %d deny ip any any log\n!\n", nACEs*10)
	for i := 0; i < nIfaces; i++ {
		fmt.Fprintf(&b, "interface Ethernet%d/%d\n   description server port %d\n", i/48+1, i%48+1, i)
		if i%48 == 47 {
			b.WriteString("   switchport mode trunk\n   switchport trunk allowed vlan 10,20,30,100,200-300\n   storm-control multicast level 5.00\n")
		} else {
			fmt.Fprintf(&b, "   switchport access vlan %d\n", (i%20+1)*10)
			if i%7 == 0 {
				b.WriteString("   ip access-group EDGE-IN in\n")
			}
		}
		b.WriteString("!\n")
	}
	b.WriteString("interface Vlan100\n   ip address 10.10.100.2/24\n!\nend\n")
	return b.String()
}

func genAOSCXConfig(nIfaces, nACEs int) string {
	var b strings.Builder
	b.WriteString("Current configuration:\n!\nhostname big-cx\n!\naccess-list ip EDGE-IN\n")
	for i := 1; i < nACEs; i++ {
		fmt.Fprintf(&b, "    %d permit tcp 10.%d.%d.0/24 any eq %d\n", i*10, i/250, i%250, 1000+i)
	}
	fmt.Fprintf(&b, "    %d deny any any any count\n", nACEs*10)
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, "vlan %d\n    name VLAN%04d\n    ip igmp snooping enable\n", v*10, v*10)
	}
	for i := 0; i < nIfaces; i++ {
		fmt.Fprintf(&b, "interface %d/1/%d\n    description server port %d\n    no shutdown\n    no routing\n", i/48+1, i%48+1, i)
		if i%48 == 47 {
			b.WriteString("    vlan trunk native 1\n    vlan trunk allowed 10,20,30,100,200-300\n")
		} else {
			fmt.Fprintf(&b, "    vlan access %d\n", (i%20+1)*10)
			if i%7 == 0 {
				b.WriteString("    apply access-list ip EDGE-IN in\n")
			}
		}
	}
	b.WriteString("interface vlan 100\n    ip address 10.10.100.2/24\n    ip igmp enable\n")
	return b.String()
}

func genJunosConfig(nIfaces, nACEs int) string {
	var b strings.Builder
	b.WriteString("set system host-name big-ex\n")
	for v := 1; v <= 200; v++ {
		fmt.Fprintf(&b, "set vlans VLAN%04d vlan-id %d\nset protocols igmp-snooping vlan VLAN%04d\n", v*10, v*10, v*10)
	}
	b.WriteString("set protocols igmp-snooping vlan VLAN0100 l2-querier source-address 10.10.100.3\n")
	const f = "set firewall family ethernet-switching filter EDGE-IN term "
	for i := 1; i < nACEs; i++ {
		fmt.Fprintf(&b, "%st%d from ip-source-address 10.%d.%d.0/24\n%st%d from ip-protocol tcp\n%st%d from destination-port %d\n%st%d then accept\n",
			f, i, i/250, i%250, f, i, f, i, 1000+i, f, i)
	}
	fmt.Fprintf(&b, "%sdeny-rest then discard\n", f)
	for i := 0; i < nIfaces; i++ {
		port := fmt.Sprintf("ge-%d/0/%d", i/48, i%48)
		fmt.Fprintf(&b, "set interfaces %s description \"server port %d\"\n", port, i)
		u := "set interfaces " + port + " unit 0 family ethernet-switching "
		if i%48 == 47 {
			fmt.Fprintf(&b, "%sinterface-mode trunk\n%svlan members VLAN0010\n%svlan members VLAN0100\n%svlan members 200-300\n", u, u, u, u)
		} else {
			fmt.Fprintf(&b, "%svlan members VLAN%04d\n", u, (i%20+1)*10)
			if i%7 == 0 {
				fmt.Fprintf(&b, "%sfilter input EDGE-IN\n", u)
			}
		}
	}
	return b.String()
}

// BenchmarkParseAuditVendors measures parse + audit of the same large
// switch (5,000 ports, a 500-entry edge ACL) in each vendor's dialect, on
// one goroutine; MB/s is configuration text.
func BenchmarkParseAuditVendors(b *testing.B) {
	for _, c := range []struct {
		platform, host string
		text           string
	}{
		{"cisco_iosxe", "GigabitEthernet1/0/1", genIOSConfig("big", 5000, 500)},
		{"arista_eos", "Ethernet1/1", genEOSConfig(5000, 500)},
		{"aruba_aoscx", "1/1/1", genAOSCXConfig(5000, 500)},
		{"juniper_junos", "ge-0/0/0", genJunosConfig(5000, 500)},
	} {
		b.Run(c.platform, func(b *testing.B) {
			data := []byte(c.text)
			in := Single{Config: "big.cfg", Platform: c.platform, VLAN: 100,
				Hosts: []netip.Addr{netip.MustParseAddr("10.10.100.11"), netip.MustParseAddr("10.10.100.12")},
				Group: netip.MustParseAddr("239.192.10.10")}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				res, err := ConfigData(context.Background(), in, ConfigText{File: in.Config, Data: data})
				if err != nil {
					b.Fatal(err)
				}
				if !blocksPGM(res) {
					b.Fatalf("the edge ACL should block PGM: %+v", res.Findings)
				}
			}
		})
	}
}

func blocksPGM(res *Result) bool {
	for _, f := range res.Findings {
		if f.Rule == "pgm-blocked" {
			return true
		}
	}
	return false
}
