package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/rules"
)

// nxSnooping is NX-OS "show ip igmp snooping" with one block for VLAN 100.
func nxSnooping(global, vlan100 string) string {
	return "Global IGMP Snooping Information:\n" + global +
		"  IGMPv1/v2 Report Suppression enabled\n\n" +
		"IGMP Snooping information for vlan 100\n" + vlan100 +
		"  IGMPv3 Explicit tracking enabled\n"
}

const (
	nxSnoopOn  = "  IGMP Snooping enabled\n"
	nxVLANOn   = "  IGMP snooping enabled\n  Lookup mode: IP\n"
	nxQuerier3 = "  IGMP querier present, address: 10.10.100.3, version: 2, i/f Ethernet1/49\n"

	iosQuerierHeader = "Vlan      IP Address               IGMP Version  Port\n" +
		"-------------------------------------------------------------\n"
	evIOSQuerierHeader = "sw1/show_ip_igmp_snooping_querier.txt|~Vlan      IP Address"
)

var cannotRun = "Without a querier the switches age the cluster's group out after about 260 s"

func TestSnoopingDisabled(t *testing.T) {
	snap2 := snapInventory(invBase, "sw2")
	runScenarios(t, base, []scenario{{
		name:  "off globally (IOS)",
		files: files{"sw1.cfg": edit(sw1Base, "ip igmp snooping querier\n", "no ip igmp snooping\nip igmp snooping querier\n")},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw1",
			msg: []string{"IGMP snooping is disabled globally on sw1, so VLAN 100 floods multicast"},
			ev:  []string{"sw1.cfg|no ip igmp snooping"}}},
	}, {
		name:  "off on the VLAN (IOS)",
		files: files{"sw1.cfg": edit(sw1Base, "ip igmp snooping querier\n", "no ip igmp snooping vlan 100\nip igmp snooping querier\n")},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw1",
			msg: []string{"IGMP snooping is disabled on VLAN 100 on sw1"}, not: []string{"show output"},
			ev: []string{"sw1.cfg|no ip igmp snooping vlan 100"}}},
	}, {
		name:  "off on another VLAN only",
		files: files{"sw1.cfg": edit(sw1Base, "ip igmp snooping querier\n", "no ip igmp snooping vlan 10\nip igmp snooping querier\n")},
	}, {
		name:  "off in NX-OS vlan configuration",
		files: files{"sw2.cfg": edit(sw2Base, "  ip igmp snooping querier 10.10.100.5\n", "  ip igmp snooping querier 10.10.100.5\n  no ip igmp snooping\n")},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw2",
			msg: []string{"IGMP snooping is disabled on VLAN 100 on sw2"},
			ev:  []string{"sw2.cfg|vlan configuration 100|  no ip igmp snooping"}}},
	}, {
		name:  "off globally (NX-OS)",
		files: files{"sw2.cfg": edit(sw2Base, "feature interface-vlan\n", "feature interface-vlan\nno ip igmp snooping\n")},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw2",
			msg: []string{"disabled globally on sw2"}, ev: []string{"sw2.cfg|no ip igmp snooping"}}},
	}, {
		// The querier of a switch whose snooping is off does not run; with
		// sw2's querier gone nothing serves the domain.
		name: "the querier of a switch with snooping off does not count",
		files: files{
			"sw1.cfg": edit(sw1Base, "ip igmp snooping querier\n", "no ip igmp snooping vlan 100\nip igmp snooping querier\n"),
			"sw2.cfg": sw2NoQ,
		},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw1",
			ev: []string{"sw1.cfg|no ip igmp snooping vlan 100"}},
			{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
				msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw1, sw2): no querier configured in it is able to run",
					"sw1 has an IGMP snooping querier (source 10.10.100.3), but snooping is disabled in the VLAN, so the querier does not run"},
				ev: []string{"sw1.cfg|ip igmp snooping querier", "sw1.cfg|ip igmp snooping querier address 10.10.100.3", "sw1.cfg|no ip igmp snooping vlan 100"}}},
	}, {
		// Show output beats configuration: the config says off, the switch says on.
		name: "show output says on where the config says off",
		files: files{
			"inventory.yaml": snap2,
			"snap/sw2/show_running-config.txt": edit(sw2Base, "  ip igmp snooping querier 10.10.100.5\n",
				"  ip igmp snooping querier 10.10.100.5\n  no ip igmp snooping\n"),
			"snap/sw2/show_ip_igmp_snooping.txt": nxSnooping(nxSnoopOn, nxVLANOn+nxQuerier3),
		},
	}, {
		name: "show output says off where the config is silent",
		files: files{
			"inventory.yaml":                     snap2,
			"snap/sw2/show_running-config.txt":   sw2Base,
			"snap/sw2/show_ip_igmp_snooping.txt": nxSnooping(nxSnoopOn, "  IGMP snooping disabled\n"+nxQuerier3),
		},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw2",
			msg: []string{"IGMP snooping is disabled on VLAN 100 on sw2 (show output)"},
			ev:  []string{"sw2/show_ip_igmp_snooping.txt|IGMP Snooping information for vlan 100|  IGMP snooping disabled"}}},
	}, {
		name: "show output says off globally",
		files: files{
			"inventory.yaml":                     snap2,
			"snap/sw2/show_running-config.txt":   sw2Base,
			"snap/sw2/show_ip_igmp_snooping.txt": "Global IGMP Snooping Information:\n  IGMP Snooping disabled\n",
		},
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "sw2",
			msg: []string{"IGMP snooping is disabled globally on sw2 (show output)"},
			ev:  []string{"sw2/show_ip_igmp_snooping.txt|  IGMP Snooping disabled"}}},
	}, {
		// Global show output alone outweighs a global "no" line too.
		name: "show output says on globally where the config says off",
		files: files{
			"inventory.yaml":                     snap2,
			"snap/sw2/show_running-config.txt":   edit(sw2Base, "feature interface-vlan\n", "feature interface-vlan\nno ip igmp snooping\n"),
			"snap/sw2/show_ip_igmp_snooping.txt": "Global IGMP Snooping Information:\n  IGMP Snooping enabled\n",
		},
	}})
}

func TestQuerier(t *testing.T) {
	// sw1 variants: querier without an address, with an SVI, without any IP.
	sw1NoAddr := edit(sw1Base, "ip igmp snooping querier address 10.10.100.3\n", "")
	sw1NoAddrSVI := edit(sw1NoAddr, "interface Vlan10\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n!\ninterface Vlan10\n")
	sw1NoIP := edit(sw1NoAddr, "interface Vlan10\n ip address 10.10.10.3 255.255.255.0\n", "")
	sw1PIM := edit(sw1NoQ, "interface Vlan10\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n ip pim sparse-mode\n!\ninterface Vlan10\n")
	sw2PIM := edit(sw2NoQ, "interface Ethernet1/10\n", "interface Vlan100\n  ip address 10.10.100.6/24\n  ip pim sparse-mode\ninterface Ethernet1/10\n")
	snap1 := snapInventory(invBase, "sw1")
	snap2 := snapInventory(invBase, "sw2")
	runScenarios(t, base, []scenario{{
		name:  "IOS global querier with an address serves both switches",
		files: files{"sw2.cfg": sw2NoQ},
	}, {
		name:  "NX-OS querier in vlan configuration serves both switches",
		files: files{"sw1.cfg": sw1NoQ},
	}, {
		name:  "no querier anywhere",
		files: files{"sw1.cfg": sw1NoQ, "sw2.cfg": sw2NoQ},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw1, sw2): no switch has an IGMP snooping querier (off by default) and no SVI in the VLAN runs PIM", cannotRun},
			// Nothing to cite but the VLAN on the switch the finding is
			// attributed to (the first of the domain, having no SVI).
			ev: []string{"sw1.cfg|vlan 100"}}},
	}, {
		name:  "IOS querier without an address falls back to the VLAN's SVI",
		files: files{"sw1.cfg": sw1NoAddrSVI, "sw2.cfg": sw2NoQ},
	}, {
		name:  "IOS querier without an address falls back to the first address on the switch",
		files: files{"sw1.cfg": sw1NoAddr, "sw2.cfg": sw2NoQ},
	}, {
		name:  "IOS querier without any IP address on the switch cannot send",
		files: files{"sw1.cfg": sw1NoIP, "sw2.cfg": sw2NoQ},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw1, sw2): no querier configured in it is able to run",
				"sw1 has an IGMP snooping querier, but it has no IP address to send queries from (no querier address, no SVI address, no IP address on the switch)"},
			not: []string{"no switch has an IGMP snooping querier"},
			ev:  []string{"sw1.cfg|ip igmp snooping querier"}}},
	}, {
		name: "per-VLAN querier off overrides the global one",
		files: files{
			"sw1.cfg": edit(sw1Base, "ip igmp snooping querier address 10.10.100.3\n", "ip igmp snooping querier address 10.10.100.3\nno ip igmp snooping vlan 100 querier\n"),
			"sw2.cfg": sw2NoQ,
		},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"sw1 has an IGMP snooping querier enabled globally, but it is turned off for VLAN 100"},
			ev:  []string{"sw1.cfg|ip igmp snooping querier", "sw1.cfg|no ip igmp snooping vlan 100 querier"}}},
	}, {
		name:  "IOS SVI with PIM but without ip multicast-routing is no querier",
		files: files{"sw1.cfg": sw1PIM, "sw2.cfg": sw2NoQ},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"no querier configured in it is able to run",
				"sw1 has Vlan100 with PIM sparse-mode, but multicast routing is not enabled globally (no \"ip multicast-routing\"), so PIM and IGMP do not run"},
			ev: []string{"sw1.cfg|interface Vlan100", "sw1.cfg|interface Vlan100| ip pim sparse-mode"}}},
	}, {
		name:  "IOS SVI with PIM and ip multicast-routing is the querier",
		files: files{"sw1.cfg": edit(sw1PIM, "vtp mode transparent\n", "vtp mode transparent\nip multicast-routing\n"), "sw2.cfg": sw2NoQ},
	}, {
		name:  "IOS SVI without PIM is no querier, and the message says so",
		files: files{"sw1.cfg": edit(sw1NoQ, "interface Vlan10\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n!\ninterface Vlan10\n"), "sw2.cfg": sw2NoQ},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"no switch has an IGMP snooping querier (off by default) and no SVI in the VLAN runs PIM", "Vlan100 on sw1 has no PIM, so it sends no queries"},
			ev:  []string{"sw1.cfg|interface Vlan100"}}},
	}, {
		name:  "NX-OS SVI with PIM is down by default",
		files: files{"sw1.cfg": sw1NoQ, "sw2.cfg": sw2PIM},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw2",
			msg: []string{"sw2 has Vlan100 with PIM sparse-mode, but Vlan100 is shut down (no \"no shutdown\" line, and the platform's default is down)"},
			ev:  []string{"sw2.cfg|interface Vlan100", "sw2.cfg|  ip pim sparse-mode"}}},
	}, {
		name:  "NX-OS SVI with PIM and no shutdown is the querier",
		files: files{"sw1.cfg": sw1NoQ, "sw2.cfg": edit(sw2PIM, "  ip pim sparse-mode\n", "  ip pim sparse-mode\n  no shutdown\n")},
	}, {
		// As in the lab: the querier is on a switch the trunk cuts off.
		name:  "a querier behind a trunk that does not carry the VLAN does not count",
		files: files{"sw1.cfg": edit(sw1NoQ, " switchport trunk allowed vlan 10,100\n", " switchport trunk allowed vlan 10\n")},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw1): no switch has an IGMP snooping querier"},
			not: []string{"sw2"},
			ev:  []string{"sw1.cfg|vlan 100"}},
			{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
				ev: []string{"sw1.cfg|interface TenGigabitEthernet1/1/1", "sw1.cfg|interface TenGigabitEthernet1/1/1| switchport trunk allowed vlan 10", evLink}}},
	}, {
		// sw2 reports no querier: the configured ones are not running.
		name: "show output of no querier beats configured queriers",
		files: files{
			"inventory.yaml":                   snap2,
			"snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_ip_igmp_snooping.txt": nxSnooping(nxSnoopOn, nxVLANOn+"  IGMP querier none\n"+
				"  Switch-querier enabled, address 10.10.100.5, currently not running\n"),
		},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"No IGMP querier is active in VLAN 100's layer-2 domain (sw1, sw2): the show output of sw2 lists no querier for VLAN 100 (sw2/show_ip_igmp_snooping.txt)",
				"sw1 has an IGMP snooping querier (source 10.10.100.3) configured, but it is not running",
				"sw2 has an IGMP snooping querier (source 10.10.100.5) configured, but it is not running"},
			ev: []string{"sw2/show_ip_igmp_snooping.txt|  IGMP querier none",
				"sw1.cfg|ip igmp snooping querier", "sw1.cfg|ip igmp snooping querier address 10.10.100.3",
				"sw2/show_running-config.txt|  ip igmp snooping querier 10.10.100.5"}}},
	}, {
		name: "show output of a querier present satisfies the domain",
		files: files{
			"inventory.yaml":                     snap2,
			"snap/sw2/show_running-config.txt":   sw2NoQ,
			"snap/sw2/show_ip_igmp_snooping.txt": nxSnooping(nxSnoopOn, nxVLANOn+"  IGMP querier present, address: 10.10.100.1, version: 2, i/f Ethernet1/49\n"),
			"sw1.cfg":                            sw1NoQ,
			"sw2.cfg":                            "",
		},
	}, {
		// The fallback address shows in the message once show output
		// says the querier is not running.
		name: "IOS querier table empty: the SVI fallback is named",
		files: files{
			"inventory.yaml":                             snap1,
			"snap/sw1/show_running-config.txt":           sw1NoAddrSVI,
			"snap/sw1/show_ip_igmp_snooping_querier.txt": iosQuerierHeader,
			"sw1.cfg": "", "sw2.cfg": sw2NoQ,
		},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"No IGMP querier is active in VLAN 100's layer-2 domain (sw1, sw2): the show output of sw1 lists no querier for VLAN 100 (sw1/show_ip_igmp_snooping_querier.txt)",
				"sw1 has an IGMP snooping querier (source 10.10.100.2, taken from Vlan100) configured, but it is not running",
				"Vlan100 on sw1 has no PIM, so it sends no queries"},
			ev: []string{evIOSQuerierHeader, "sw1/show_running-config.txt|ip igmp snooping querier", "sw1/show_running-config.txt|interface Vlan100"}}},
	}, {
		name: "IOS querier table empty: the first address on the switch is named",
		files: files{
			"inventory.yaml":                             snap1,
			"snap/sw1/show_running-config.txt":           sw1NoAddr,
			"snap/sw1/show_ip_igmp_snooping_querier.txt": iosQuerierHeader,
			"sw1.cfg": "", "sw2.cfg": sw2NoQ,
		},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
			msg: []string{"sw1 has an IGMP snooping querier (source 10.10.10.3, taken from Vlan10, the first address on the switch) configured, but it is not running"},
			ev:  []string{evIOSQuerierHeader, "sw1/show_running-config.txt|ip igmp snooping querier"}}},
	}, {
		name: "IOS querier table with the VLAN satisfies the domain",
		files: files{
			"inventory.yaml":                   snap1,
			"snap/sw1/show_running-config.txt": sw1NoQ,
			"snap/sw1/show_ip_igmp_snooping_querier.txt": iosQuerierHeader +
				"100       10.10.100.1              v2            Te1/1/1\n",
			"sw1.cfg": "", "sw2.cfg": sw2NoQ,
		},
	}})
}

func TestIGMPVersion(t *testing.T) {
	svi1 := edit(sw1Base, "interface Vlan10\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n ip igmp version 1\n!\ninterface Vlan10\n")
	runScenarios(t, base, []scenario{{
		name:  "IGMPv1 on the SVI",
		files: files{"sw1.cfg": svi1},
		want: []want{{rule: "igmp-version-v1", sev: rules.Error, device: "sw1",
			msg: []string{"Vlan100 runs IGMPv1"},
			ev:  []string{"sw1.cfg|interface Vlan100", "sw1.cfg| ip igmp version 1"}}},
	}, {
		name:  "IGMPv2 on the SVI",
		files: files{"sw1.cfg": edit(svi1, " ip igmp version 1\n", " ip igmp version 2\n")},
	}, {
		name:  "snooping querier set to version 1",
		files: files{"sw1.cfg": edit(sw1Base, "ip igmp snooping querier address 10.10.100.3\n", "ip igmp snooping querier address 10.10.100.3\nip igmp snooping querier version 1\n")},
		want: []want{{rule: "igmp-version-v1", sev: rules.Error, device: "sw1",
			msg: []string{"the IGMP snooping querier for VLAN 100 is set to IGMPv1"},
			ev:  []string{"sw1.cfg|ip igmp snooping querier", "sw1.cfg|ip igmp snooping querier version 1"}}},
	}, {
		// A version on a querier that is not on sends nothing.
		name:  "version 1 on a querier that is not enabled",
		files: files{"sw1.cfg": edit(sw1Base, "ip igmp snooping querier\n", "ip igmp snooping querier version 1\n")},
	}, {
		name: "IOS show output: the querier runs v1",
		files: files{
			"inventory.yaml":                   snapInventory(invBase, "sw1"),
			"snap/sw1/show_running-config.txt": sw1Base,
			"snap/sw1/show_ip_igmp_snooping_querier.txt": iosQuerierHeader +
				"100       10.10.100.3              v1            Switch\n",
			"sw1.cfg": "",
		},
		want: []want{{rule: "igmp-version-v1", sev: rules.Error, device: "sw1",
			msg: []string{"the querier of VLAN 100 (10.10.100.3) runs IGMPv1 (show output)"},
			ev:  []string{"sw1/show_ip_igmp_snooping_querier.txt|~100       10.10.100.3"}}},
	}, {
		name: "NX-OS show output: the querier runs v1",
		files: files{
			"inventory.yaml":                     snapInventory(invBase, "sw2"),
			"snap/sw2/show_running-config.txt":   sw2Base,
			"snap/sw2/show_ip_igmp_snooping.txt": nxSnooping(nxSnoopOn, nxVLANOn+"  IGMP querier present, address: 10.10.100.3, version: 1, i/f Ethernet1/49\n"),
		},
		want: []want{{rule: "igmp-version-v1", sev: rules.Error, device: "sw2",
			msg: []string{"the querier of VLAN 100 (10.10.100.3) runs IGMPv1 (show output)"},
			ev:  []string{"sw2/show_ip_igmp_snooping.txt|~IGMP querier present"}}},
	}})
}

// sw1 with ACL text added before "end" and an access-group on a port.
func sw1ACL(port, group, acl string) string {
	return edit(sw1Base,
		"interface "+port+"\n", "interface "+port+"\n "+group+"\n",
		"end\n", acl+"end\n")
}

// sw1 with its uplink as Port-channel1 of Te1/1/1 and Te1/1/2; extra lines
// go to Te1/1/2 and to the port-channel.
func sw1Bundle(memberExtra, poAllowed string) string {
	return edit(sw1Base, "interface TenGigabitEthernet1/1/1\n description uplink sw2\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n",
		"interface Port-channel1\n switchport trunk allowed vlan "+poAllowed+"\n switchport mode trunk\n!\n"+
			"interface TenGigabitEthernet1/1/1\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n"+memberExtra+" channel-group 1 mode active\n!\n"+
			"interface TenGigabitEthernet1/1/2\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n"+memberExtra+" channel-group 1 mode active\n")
}

var invBundle = edit(invBase, "[sw1:TenGigabitEthernet1/1/1,", "[sw1:Po1,")

func TestPGMBlocked(t *testing.T) {
	const edge = `ip access-list extended EDGE-IN
 10 permit tcp 10.10.100.0 0.0.0.255 any eq 443
 20 permit ip 10.10.100.0 0.0.0.255 10.0.0.0 0.255.255.255
 30 deny   ip any any log
`
	runScenarios(t, base, []scenario{{
		name:  "port ACL on a host port: only that host's traffic enters it",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in", edge)},
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "sw1",
			msg: []string{"ACL EDGE-IN on GigabitEthernet1/0/10 (in) denies IP protocol 113 from 10.10.100.11 to 239.192.10.10: ACL EDGE-IN sequence 30 (deny ip any any log)"},
			not: []string{"10.10.100.12"},
			ev:  []string{"sw1.cfg| 30 deny   ip any any log", "sw1.cfg| ip access-group EDGE-IN in"}}},
	}, {
		name: "an ACL that permits 113 first passes",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in",
			edit(edge, " 10 permit tcp", " 5 permit 113 10.10.100.0 0.0.0.255 239.192.0.0 0.0.255.255\n 10 permit tcp"))},
	}, {
		name: "outbound port ACL on a host port: the other hosts' traffic leaves through it",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-OUT out",
			"ip access-list extended EDGE-OUT\n 10 permit 113 host 10.10.100.11 any\n")},
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "sw1",
			msg: []string{"ACL EDGE-OUT on GigabitEthernet1/0/10 (out) denies IP protocol 113 from 10.10.100.12 to 239.192.10.10: implicit deny at the end of ACL EDGE-OUT"},
			ev:  []string{"sw1.cfg|ip access-list extended EDGE-OUT", "sw1.cfg| ip access-group EDGE-OUT out"}}},
	}, {
		name: "port ACL on a trunk on the path: every host's traffic",
		files: files{"sw2.cfg": edit(sw2Base,
			"  switchport trunk allowed vlan 10,100\n", "  switchport trunk allowed vlan 10,100\n  ip port access-group UPLINK in\n",
			"interface Ethernet1/10\n", "ip access-list UPLINK\n  10 permit tcp any any\n  20 deny ip any any\ninterface Ethernet1/10\n")},
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "sw2",
			msg: []string{"ACL UPLINK on Ethernet1/49 (in) denies IP protocol 113 from 10.10.100.11, 10.10.100.12 to 239.192.10.10: ACL UPLINK sequence 20 (deny ip any any)"},
			ev:  []string{"sw2.cfg|  20 deny ip any any", "sw2.cfg|  ip port access-group UPLINK in"}}},
	}, {
		name: "port ACL on a port-channel member",
		files: files{
			"inventory.yaml": invBundle,
			"sw1.cfg": edit(sw1Bundle("", "10,100"),
				"interface TenGigabitEthernet1/1/2\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n",
				"interface TenGigabitEthernet1/1/2\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n ip access-group NO-PGM in\n",
				"end\n", "ip access-list extended NO-PGM\n 10 deny   113 any any\n 20 permit ip any any\nend\n"),
		},
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "sw1",
			msg: []string{"ACL NO-PGM on TenGigabitEthernet1/1/2 (in) denies IP protocol 113 from 10.10.100.11, 10.10.100.12 to 239.192.10.10: ACL NO-PGM sequence 10 (deny 113 any any)"},
			ev:  []string{"sw1.cfg| 10 deny   113 any any", "sw1.cfg| ip access-group NO-PGM in"}}},
	}, {
		name:  "port ACL on a port off the path is not judged",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/11", "ip access-group EDGE-IN in", edge)},
	}, {
		name: "VLAN map dropping PGM",
		files: files{"sw2.cfg": sw2Base + `ip access-list PGM
  10 permit 113 any any
vlan access-map BLOCK-PGM 10
  match ip address PGM
  action drop
vlan access-map BLOCK-PGM 20
  action forward
vlan filter BLOCK-PGM vlan-list 100
`},
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "sw2",
			msg: []string{"VLAN map BLOCK-PGM on VLAN 100 drops IP protocol 113 from 10.10.100.11, 10.10.100.12 to 239.192.10.10: VLAN map BLOCK-PGM sequence 10 (action drop), matched by ACL PGM sequence 10 (permit 113 any any)"},
			ev: []string{"sw2.cfg|vlan access-map BLOCK-PGM 10", "sw2.cfg|  action drop", "sw2.cfg|  10 permit 113 any any",
				"sw2.cfg|vlan filter BLOCK-PGM vlan-list 100"}}},
	}, {
		name:  "VLAN map on another VLAN",
		files: files{"sw2.cfg": sw2Base + "vlan access-map DROP-ALL 10\n  action drop\nvlan filter DROP-ALL vlan-list 10,200\n"},
	}, {
		// The group is 239.192.10.10: a permit for 239.192.0.0/16 covers it.
		name: "VLAN map forwarding PGM to the group and dropping the rest",
		files: files{"sw2.cfg": sw2Base + `ip access-list CLUSTER
  10 permit 113 10.10.100.0/24 239.192.0.0/16
vlan access-map VM 10
  match ip address CLUSTER
  action forward
vlan filter VM vlan-list 100
`},
	}})
}

func TestACLUnparsed(t *testing.T) {
	runScenarios(t, base, []scenario{{
		// The first line cannot be read; the deny after it still decides,
		// and the message says the verdict rests on that line not matching.
		name: "unreadable line before the deny",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in",
			"ip access-list extended EDGE-IN\n 10 permit 113 any any frobnicate\n 20 deny   ip any any\n")},
		want: []want{{rule: "acl-unparsed", sev: rules.Warning, device: "sw1",
			msg: []string{"ACL EDGE-IN on GigabitEthernet1/0/10 (in): the line could not be read: option \"frobnicate\" is not understood; whether it passes IP protocol 113 from 10.10.100.11 to 239.192.10.10 is not proven"},
			ev:  []string{"sw1.cfg| 10 permit 113 any any frobnicate", "sw1.cfg| ip access-group EDGE-IN in"}},
			{rule: "pgm-blocked", sev: rules.Error, device: "sw1",
				msg: []string{"ACL EDGE-IN sequence 20 (deny ip any any), unless the entry on line 34, which could not be evaluated, matches first"},
				ev:  []string{"sw1.cfg| 20 deny   ip any any", "sw1.cfg| ip access-group EDGE-IN in", "sw1.cfg| 10 permit 113 any any frobnicate"}}},
	}, {
		name: "unreadable line before a permit: a warning, never a pass",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in",
			"ip access-list extended EDGE-IN\n 10 deny   113 any any frobnicate\n 20 permit ip any any\n")},
		want: []want{{rule: "acl-unparsed", sev: rules.Warning, device: "sw1",
			ev: []string{"sw1.cfg| 10 deny   113 any any frobnicate", "sw1.cfg| ip access-group EDGE-IN in"}}},
	}, {
		name: "an unreadable tcp line cannot match PGM",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in",
			"ip access-list extended EDGE-IN\n 10 deny   tcp any 10.10.100.300 0.0.0.0 eq 443\n 20 permit ip any any\n")},
	}, {
		name: "conditional entry",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group EDGE-IN in",
			"ip access-list extended EDGE-IN\n 10 deny   113 any any dscp cs1\n 20 permit ip any any\n")},
		want: []want{{rule: "acl-unparsed", sev: rules.Warning, device: "sw1",
			msg: []string{"the entry depends on \"dscp cs1\", which the audit cannot evaluate"},
			ev:  []string{"sw1.cfg| 10 deny   113 any any dscp cs1", "sw1.cfg| ip access-group EDGE-IN in"}}},
	}, {
		name:  "undefined ACL",
		files: files{"sw1.cfg": sw1ACL("GigabitEthernet1/0/10", "ip access-group NOPE in", "")},
		want: []want{{rule: "acl-unparsed", sev: rules.Warning, device: "sw1",
			msg: []string{"ACL NOPE on GigabitEthernet1/0/10 (in): ACL NOPE is applied but not defined in the configuration; whether it passes IP protocol 113 from 10.10.100.11 to 239.192.10.10 is not proven"},
			ev:  []string{"sw1.cfg| ip access-group NOPE in"}}},
	}, {
		name:  "undefined VLAN map",
		files: files{"sw2.cfg": sw2Base + "vlan filter GHOST vlan-list 100\n"},
		want: []want{{rule: "acl-unparsed", sev: rules.Warning, device: "sw2",
			msg: []string{"VLAN filter on VLAN 100 applies VLAN map GHOST, which is not defined"},
			ev:  []string{"sw2.cfg|vlan filter GHOST vlan-list 100"}}},
	}})
}

func TestRouterACLOnSVI(t *testing.T) {
	svi := func(acl string) string {
		return edit(sw1Base, "interface Vlan10\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n ip access-group SVI-IN in\n!\ninterface Vlan10\n",
			"end\n", acl+"end\n")
	}
	runScenarios(t, base, []scenario{{
		name:  "a router ACL that would drop PGM is information, not an error",
		files: files{"sw1.cfg": svi("ip access-list extended SVI-IN\n 10 permit ip 10.10.100.0 0.0.0.255 10.0.0.0 0.255.255.255\n 20 deny   ip any any\n")},
		want: []want{{rule: "router-acl-on-svi", sev: rules.Info, device: "sw1",
			msg: []string{"ACL SVI-IN on Vlan100 (in) is a router ACL: it filters routed traffic only and does not see PGM bridged inside VLAN 100",
				"it would drop IP protocol 113 if the cluster traffic were routed", "ACL SVI-IN sequence 20 (deny ip any any)"},
			ev: []string{"sw1.cfg| ip access-group SVI-IN in", "sw1.cfg| 20 deny   ip any any"}}},
	}, {
		name:  "a router ACL that permits PGM",
		files: files{"sw1.cfg": svi("ip access-list extended SVI-IN\n 10 permit ip any any\n")},
		want: []want{{rule: "router-acl-on-svi", sev: rules.Info, device: "sw1",
			msg: []string{"is a router ACL"}, not: []string{"would drop"},
			ev: []string{"sw1.cfg| ip access-group SVI-IN in"}}},
	}})
}

func TestVLANMissing(t *testing.T) {
	const brief = `
VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
1    default                          active    Eth1/1
10   MGMT                             active    Eth1/49
`
	runScenarios(t, chain, []scenario{{
		// sw3 is between the hosts' switches and lacks the VLAN: the
		// domains split, each keeps its own querier.
		name:  "transit switch in VTP transparent mode without the VLAN",
		files: files{"sw3.cfg": edit(sw3Base, "vlan 100\n!\n", "")},
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "sw3",
			msg: []string{"VLAN 100 does not exist on sw3 (configuration)"},
			ev:  []string{"sw3.cfg|vtp mode transparent"}}},
	}, {
		name:  "NX-OS without the VLAN",
		files: files{"sw2.cfg": edit(sw2Base, "vlan 1,10,100\nvlan 100\n  name EFT-HA\n", "vlan 1,10\n")},
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "sw2",
			msg: []string{"VLAN 100 does not exist on sw2 (configuration)"},
			ev:  []string{"sw2.cfg|hostname sw2"}}},
	}, {
		name:  "suspended VLAN",
		files: files{"sw2.cfg": edit(sw2Base, "  name EFT-HA\n", "  name EFT-HA\n  state suspend\n")},
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "sw2",
			msg: []string{"VLAN 100 exists on sw2 but is suspended (configuration), so it forwards nothing"},
			ev:  []string{"sw2.cfg|vlan 100", "sw2.cfg|  state suspend"}}},
	}, {
		name: "show vlan brief without the VLAN beats the configuration",
		files: files{
			"inventory.yaml":                   snapInventory(invChain, "sw2"),
			"snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_vlan_brief.txt":     brief,
		},
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "sw2",
			msg: []string{"VLAN 100 does not exist on sw2 (show vlan brief)"},
			ev:  []string{"sw2/show_vlan_brief.txt|~VLAN Name"}}},
	}, {
		name: "show vlan brief: VLAN shut locally",
		files: files{
			"inventory.yaml":                   snapInventory(invChain, "sw2"),
			"snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_vlan_brief.txt":     brief + "100  EFT-HA                           act/lshut Eth1/10, Eth1/49\n",
		},
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "sw2",
			msg: []string{"VLAN 100 exists on sw2 but is act/lshut (show vlan brief), so it forwards nothing"},
			ev:  []string{"sw2/show_vlan_brief.txt|~100  EFT-HA"}}},
	}, {
		// The VTP server keeps VLANs in vlan.dat: show output proves it.
		name: "IOS VTP server: show vlan brief proves the VLAN",
		files: files{
			"inventory.yaml":                   snapInventory(edit(invChain, "{name: sw3, platform: cisco_iosxe,", "{name: sw3, platform: cisco_ios,"), "sw3"),
			"snap/sw3/show_running-config.txt": edit(sw3Base, "vtp mode transparent\n!\nvlan 10\n!\nvlan 100\n!\n", ""),
			"snap/sw3/show_vlan_brief.txt":     brief + "100  EFT-HA                           active    \n",
		},
	}})
}

func TestVLANUnverified(t *testing.T) {
	server := edit(sw3Base, "vtp mode transparent\n!\nvlan 10\n!\nvlan 100\n!\n", "")
	runScenarios(t, chain, []scenario{{
		name:  "IOS VTP server by default, no show vlan brief",
		files: files{"sw3.cfg": server},
		want: []want{{rule: "vlan-unverified", sev: rules.Warning, device: "sw3",
			msg: []string{"whether VLAN 100 exists on sw3 is not proven: it runs VTP server mode (the default: the configuration has no \"vtp mode\" line), so its VLANs are not in the configuration; record show vlan brief"},
			ev:  []string{"sw3.cfg|hostname sw3"}}},
	}, {
		name:  "IOS VTP client, no show vlan brief",
		files: files{"sw3.cfg": edit(server, "hostname sw3\n", "hostname sw3\nvtp mode client\n")},
		want: []want{{rule: "vlan-unverified", sev: rules.Warning, device: "sw3",
			msg: []string{"it runs VTP client mode, so its VLANs"}, not: []string{"the default"},
			ev: []string{"sw3.cfg|vtp mode client"}}},
	}})
}

func TestVLANNotOnTrunk(t *testing.T) {
	sw1Allowed := func(lines string) string {
		return edit(sw1Base, " switchport trunk allowed vlan 10,100\n", lines)
	}
	evTe := "sw1.cfg|interface TenGigabitEthernet1/1/1"
	runScenarios(t, base, []scenario{{
		name:  "allowed list replaced without add",
		files: files{"sw1.cfg": sw1Allowed(" switchport trunk allowed vlan 10,20\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"TenGigabitEthernet1/1/1 (link to sw2 Ethernet1/49, between sw1 and sw2) does not carry VLAN 100: the trunk's allowed VLANs are 10,20"},
			ev:  []string{evTe, evTe + "| switchport trunk allowed vlan 10,20", evLink}}},
	}, {
		name:  "VLAN removed",
		files: files{"sw1.cfg": sw1Allowed(" switchport trunk allowed vlan 10,100\n switchport trunk allowed vlan remove 100\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"the trunk's allowed VLANs are 10"},
			ev:  []string{evTe, evTe + "| switchport trunk allowed vlan 10,100", evTe + "| switchport trunk allowed vlan remove 100", evLink}}},
	}, {
		name:  "VLAN added back",
		files: files{"sw1.cfg": sw1Allowed(" switchport trunk allowed vlan 10\n switchport trunk allowed vlan add 100\n")},
	}, {
		name:  "allowed vlan none on the far end",
		files: files{"sw2.cfg": edit(sw2Base, "  switchport trunk allowed vlan 10,100\n", "  switchport trunk allowed vlan none\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw2",
			msg: []string{"Ethernet1/49 (link to sw1 TenGigabitEthernet1/1/1, between sw1 and sw2) does not carry VLAN 100: the trunk's allowed VLANs are none"},
			ev:  []string{"sw2.cfg|interface Ethernet1/49", "sw2.cfg|  switchport trunk allowed vlan none", evLink}}},
	}, {
		name:  "an access port in another VLAN as a link end",
		files: files{"sw1.cfg": edit(sw1Base, " switchport trunk allowed vlan 10,100\n switchport mode trunk\n", " switchport access vlan 10\n switchport mode access\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"TenGigabitEthernet1/1/1 is an access port in VLAN 10, not a trunk"},
			ev:  []string{evTe, evTe + "| switchport access vlan 10", evLink}}},
	}, {
		name:  "a shut down link end",
		files: files{"sw2.cfg": edit(sw2Base, "  switchport trunk allowed vlan 10,100\n  no shutdown\n", "  switchport trunk allowed vlan 10,100\n  shutdown\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw2",
			msg: []string{"Ethernet1/49 is shut down"}, not: []string{"default"},
			ev: []string{"sw2.cfg|interface Ethernet1/49", "sw2.cfg|  shutdown", evLink}}},
	}, {
		name: "a link end down by the NX-OS default",
		files: files{"sw2.cfg": edit(sw2Base, "feature interface-vlan\n", "feature interface-vlan\nsystem default switchport shutdown\n",
			"  switchport trunk allowed vlan 10,100\n  no shutdown\n", "  switchport trunk allowed vlan 10,100\n")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw2",
			msg: []string{"Ethernet1/49 is shut down (no \"no shutdown\" line, and the platform's default is down)"},
			ev:  []string{"sw2.cfg|interface Ethernet1/49", evLink}}},
	}, {
		// The port-channel's list counts, not the members'.
		name:  "port-channel without the VLAN, members with it",
		files: files{"inventory.yaml": invBundle, "sw1.cfg": sw1Bundle("", "10")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"Port-channel1 (link to sw2 Ethernet1/49, between sw1 and sw2) does not carry VLAN 100: the trunk's allowed VLANs are 10"},
			ev:  []string{"sw1.cfg|interface Port-channel1", "sw1.cfg|interface Port-channel1| switchport trunk allowed vlan 10", "inventory.yaml|~[sw1:Po1,"}}},
	}, {
		name:  "a link written on a member of a port-channel without the VLAN",
		files: files{"sw1.cfg": sw1Bundle("", "10")},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"TenGigabitEthernet1/1/1 (link to sw2 Ethernet1/49, between sw1 and sw2; a member of Port-channel1) does not carry VLAN 100: the trunk's allowed VLANs are 10"},
			ev:  []string{"sw1.cfg|interface Port-channel1", "sw1.cfg|interface Port-channel1| switchport trunk allowed vlan 10", evLink}}},
	}, {
		name:  "port-channel with the VLAN",
		files: files{"inventory.yaml": invBundle, "sw1.cfg": sw1Bundle("", "10,100")},
	}})

	// A second path sw1 — sw3 — sw2 beside the direct link.
	redundant := base.with(files{
		"inventory.yaml": invBase + "  - [sw1:Te1/1/2, sw3:Te1/0/1]\n  - [sw3:Te1/0/2, sw2:Eth1/50]\n" +
			"", // devices added below
	})
	redundant["inventory.yaml"] = edit(redundant["inventory.yaml"], "links:\n",
		"  - {name: sw3, platform: cisco_iosxe, config: sw3.cfg}\nlinks:\n")
	redundant["sw3.cfg"] = sw3Base
	redundant["sw1.cfg"] = edit(sw1Base, "interface Vlan10\n",
		"interface TenGigabitEthernet1/1/2\n switchport trunk allowed vlan 10,100\n switchport mode trunk\n!\ninterface Vlan10\n")
	redundant["sw2.cfg"] = sw2Base + "interface Ethernet1/50\n  switchport mode trunk\n  switchport trunk allowed vlan 10,100\n  no shutdown\n"
	runScenarios(t, redundant, []scenario{{
		name: "both paths carry the VLAN",
	}, {
		// Hosts connected through sw3: the broken direct link is not judged.
		name:  "the shortest path is broken, a redundant one carries the VLAN",
		files: files{"sw1.cfg": edit(redundant["sw1.cfg"], " description uplink sw2\n switchport trunk allowed vlan 10,100\n", " description uplink sw2\n switchport trunk allowed vlan 10\n")},
	}, {
		// Both broken: only the shortest path (the direct link) is judged.
		name: "both paths broken: only the shortest is reported",
		files: files{
			"sw1.cfg": edit(redundant["sw1.cfg"], " description uplink sw2\n switchport trunk allowed vlan 10,100\n", " description uplink sw2\n switchport trunk allowed vlan 10\n"),
			"sw3.cfg": edit(sw3Base, " description to sw2\n switchport trunk allowed vlan 10,100\n", " description to sw2\n switchport trunk allowed vlan 10\n"),
		},
		want: []want{{rule: "vlan-not-on-trunk", sev: rules.Error, device: "sw1",
			msg: []string{"TenGigabitEthernet1/1/1 (link to sw2 Ethernet1/49, between sw1 and sw2)"},
			ev:  []string{evTe, evTe + "| switchport trunk allowed vlan 10", evLink}}},
	}})
}

func TestHostPortWrongVLAN(t *testing.T) {
	port := func(lines string) string {
		return edit(sw1Base, " description eft1\n switchport access vlan 100\n switchport mode access\n", " description eft1\n"+lines)
	}
	evGi := "sw1.cfg|interface GigabitEthernet1/0/10"
	runScenarios(t, base, []scenario{{
		name:  "access port in another VLAN",
		files: files{"sw1.cfg": port(" switchport access vlan 20\n switchport mode access\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is an access port in VLAN 20, not VLAN 100"},
			ev:  []string{evGi, evGi + "| switchport access vlan 20", evHost1}}},
	}, {
		name:  "access port left in the default VLAN 1",
		files: files{"sw1.cfg": port(" switchport mode access\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is in VLAN 1 (no \"switchport access vlan\" line: the default), not VLAN 100"},
			ev:  []string{evGi, evHost1}}},
	}, {
		name:  "trunk",
		files: files{"sw1.cfg": port(" switchport mode trunk\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is a trunk, not an access port in VLAN 100"},
			ev:  []string{evGi, evGi + "| switchport mode trunk", evHost1}}},
	}, {
		name:  "routed port",
		files: files{"sw1.cfg": port(" no switchport\n ip address 10.10.100.11 255.255.255.0\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is a routed port, not a switchport"},
			ev:  []string{evGi, evGi + "| no switchport", evHost1}}},
	}, {
		name:  "shut down",
		files: files{"sw1.cfg": port(" switchport access vlan 100\n switchport mode access\n shutdown\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is shut down"}, not: []string{"default"},
			ev: []string{evGi, evGi + "| shutdown", evHost1}}},
	}, {
		name: "NX-OS host port down by default",
		files: files{"sw2.cfg": edit(sw2Base, "feature interface-vlan\n", "feature interface-vlan\nsystem default switchport shutdown\n",
			"  switchport access vlan 100\n  no shutdown\n", "  switchport access vlan 100\n")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw2",
			msg: []string{"host eft2's port Ethernet1/10 is shut down (no \"no shutdown\" line, and the platform's default is down)"},
			ev:  []string{"sw2.cfg|interface Ethernet1/10", evHost2}}},
	}, {
		// DTP made the port a trunk: show interfaces trunk says so.
		name: "configured access, trunking according to show output",
		files: files{
			"inventory.yaml":                   snapInventory(invBase, "sw1"),
			"snap/sw1/show_running-config.txt": port(" switchport access vlan 100\n"),
			"snap/sw1/show_interfaces_trunk.txt": "\nPort        Vlans allowed on trunk\n" +
				"Gi1/0/10    1-4094\nTe1/1/1     10,100\n",
			"sw1.cfg": "",
		},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is a trunk (show interfaces trunk), not an access port in VLAN 100"},
			ev: []string{"sw1/show_running-config.txt|interface GigabitEthernet1/0/10",
				"sw1/show_interfaces_trunk.txt|Gi1/0/10    1-4094", evHost1}}},
	}, {
		name:  "the interface does not exist",
		files: files{"inventory.yaml": edit(invBase, "interface: GigabitEthernet1/0/10,", "interface: GigabitEthernet1/0/99,")},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/99 does not exist on sw1"},
			ev:  []string{evHost1}},
			// The port eft1 really is on is then just another port in the VLAN.
			{rule: "vlan-not-dedicated", sev: rules.Warning, device: "sw1",
				msg: []string{"1 other access port on sw1: GigabitEthernet1/0/10 (\"eft1\")"},
				ev:  []string{evGi, evGi + "| switchport access vlan 100"}}},
	}, {
		name: "abbreviated interface names in the inventory resolve",
		files: files{"inventory.yaml": edit(invBase,
			"interface: GigabitEthernet1/0/10,", "interface: Gi1/0/10,",
			"interface: Ethernet1/10,", "interface: Eth1/10,",
			"[sw1:TenGigabitEthernet1/1/1, sw2:Ethernet1/49]", "[sw1:Te1/1/1, sw2:Eth1/49]")},
	}, {
		name: "abbreviated name of a port in the wrong VLAN: the message has the full name",
		files: files{
			"inventory.yaml": edit(invBase, "interface: GigabitEthernet1/0/10,", "interface: gi1/0/10,"),
			"sw1.cfg":        port(" switchport access vlan 20\n switchport mode access\n"),
		},
		want: []want{{rule: "host-port-wrong-vlan", sev: rules.Error, device: "sw1",
			msg: []string{"host eft1's port GigabitEthernet1/0/10 is an access port in VLAN 20"},
			ev:  []string{evGi, evGi + "| switchport access vlan 20", evHost1}}},
	}})
}

func TestNoL2Path(t *testing.T) {
	noLinks := edit(invBase, "links:\n  - [sw1:TenGigabitEthernet1/1/1, sw2:Ethernet1/49]\n", "")
	runScenarios(t, base, []scenario{{
		name:  "no links between the hosts' switches",
		files: files{"inventory.yaml": noLinks},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"no layer-2 path between sw1 (eft1) and sw2 (eft2): the inventory's links do not connect them"},
			not: []string{"GRE"},
			ev:  []string{evHost1, evHost2}}},
	}, {
		name:  "hosts in different sites",
		files: files{"inventory.yaml": edit(noLinks, "interface: Ethernet1/10, site: dc1}", "interface: Ethernet1/10, site: dc2}")},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"eft1 is in site dc1 and eft2 in site dc2", "GRE (or similar) across the interconnect", "unicast (EFT 7.4.2 and later)"},
			ev:  []string{evHost1, evHost2}}},
	}, {
		// Three hosts on two switches: one finding for the pair of switches.
		name: "one finding per pair of switches",
		files: files{
			"inventory.yaml": edit(noLinks, "devices:\n",
				"      - {name: eft3, ip: 10.10.100.13, switch: sw1, interface: GigabitEthernet1/0/11, site: dc1}\ndevices:\n"),
			"sw1.cfg": edit(sw1Base, " description spare\n switchport access vlan 10\n", " description eft3\n switchport access vlan 100\n"),
		},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"no layer-2 path between sw1 (eft1) and sw2 (eft2)"},
			ev:  []string{evHost1, evHost2}}},
	}})
}

func TestVLANNotDedicated(t *testing.T) {
	runScenarios(t, base, []scenario{{
		name:  "another access port in the cluster VLAN",
		files: files{"sw1.cfg": edit(sw1Base, " description spare\n switchport access vlan 10\n", " description spare\n switchport access vlan 100\n")},
		want: []want{{rule: "vlan-not-dedicated", sev: rules.Warning, device: "sw1",
			msg: []string{"VLAN 100 is not dedicated to the cluster: 1 other access port on sw1: GigabitEthernet1/0/11 (\"spare\")"},
			ev:  []string{"sw1.cfg|interface GigabitEthernet1/0/11", "sw1.cfg|interface GigabitEthernet1/0/11| switchport access vlan 100"}}},
	}, {
		name:  "a shut down port in the VLAN does not count",
		files: files{"sw1.cfg": edit(sw1Base, " description spare\n switchport access vlan 10\n switchport mode access\n", " description spare\n switchport access vlan 100\n switchport mode access\n shutdown\n")},
	}, {
		name: "NX-OS: two other ports",
		files: files{"sw2.cfg": sw2Base + "interface Ethernet1/11\n  switchport access vlan 100\n  no shutdown\n" +
			"interface Ethernet1/12\n  description NAS\n  switchport access vlan 100\n  no shutdown\n"},
		want: []want{{rule: "vlan-not-dedicated", sev: rules.Warning, device: "sw2",
			msg: []string{"VLAN 100 is not dedicated to the cluster: 2 other access ports on sw2: Ethernet1/11, Ethernet1/12 (\"NAS\")"},
			ev: []string{"sw2.cfg|interface Ethernet1/11", "sw2.cfg|interface Ethernet1/11|  switchport access vlan 100",
				"sw2.cfg|interface Ethernet1/12", "sw2.cfg|interface Ethernet1/12|  switchport access vlan 100"}}},
	}, {
		// The link is a pair of access ports in the cluster VLAN: they
		// carry it and are link ports, not other hosts.
		name: "host ports and link ports are not counted",
		files: files{
			"inventory.yaml": edit(invBase, "[sw1:TenGigabitEthernet1/1/1, sw2:Ethernet1/49]", "[sw1:GigabitEthernet1/0/11, sw2:Ethernet1/11]"),
			"sw1.cfg":        edit(sw1Base, " description spare\n switchport access vlan 10\n", " description spare\n switchport access vlan 100\n"),
			"sw2.cfg":        sw2Base + "interface Ethernet1/11\n  switchport access vlan 100\n  no shutdown\n",
		},
	}})
}

func TestStormControl(t *testing.T) {
	runScenarios(t, base, []scenario{{
		name:  "on a host port",
		files: files{"sw1.cfg": edit(sw1Base, " description eft1\n", " description eft1\n storm-control multicast level 1.00\n")},
		want: []want{{rule: "storm-control-multicast", sev: rules.Warning, device: "sw1",
			msg: []string{"multicast storm control on GigabitEthernet1/0/10 (host eft1's port) drops multicast above 1.00% of the bandwidth"},
			ev:  []string{"sw1.cfg|interface GigabitEthernet1/0/10", "sw1.cfg| storm-control multicast level 1.00"}}},
	}, {
		name:  "on a trunk on the path, in packets per second",
		files: files{"sw1.cfg": edit(sw1Base, " description uplink sw2\n", " description uplink sw2\n storm-control multicast level pps 10k\n")},
		want: []want{{rule: "storm-control-multicast", sev: rules.Warning, device: "sw1",
			msg: []string{"multicast storm control on TenGigabitEthernet1/1/1 (the link to sw2 Ethernet1/49) drops multicast above pps 10k"},
			ev:  []string{"sw1.cfg|interface TenGigabitEthernet1/1/1", "sw1.cfg| storm-control multicast level pps 10k"}}},
	}, {
		name:  "on the members of a port-channel on the path",
		files: files{"inventory.yaml": invBundle, "sw1.cfg": sw1Bundle(" storm-control multicast level 0.50\n", "10,100")},
		want: []want{{rule: "storm-control-multicast", sev: rules.Warning, device: "sw1",
			msg: []string{"multicast storm control on TenGigabitEthernet1/1/1 (the link to sw2 Ethernet1/49) drops multicast above 0.50% of the bandwidth"},
			ev:  []string{"sw1.cfg|interface TenGigabitEthernet1/1/1", "sw1.cfg|interface TenGigabitEthernet1/1/1| storm-control multicast level 0.50"}},
			{rule: "storm-control-multicast", sev: rules.Warning, device: "sw1",
				msg: []string{"multicast storm control on TenGigabitEthernet1/1/2 (the link to sw2 Ethernet1/49)"},
				ev:  []string{"sw1.cfg|interface TenGigabitEthernet1/1/2", "sw1.cfg|interface TenGigabitEthernet1/1/2| storm-control multicast level 0.50"}}},
	}, {
		name:  "level 100.00 is no limit",
		files: files{"sw1.cfg": edit(sw1Base, " description eft1\n", " description eft1\n storm-control multicast level 100.00\n")},
	}, {
		name:  "on a port off the path",
		files: files{"sw1.cfg": edit(sw1Base, " description spare\n", " description spare\n storm-control multicast level 1.00\n")},
	}})
}

func TestFailedDevice(t *testing.T) {
	fs := chain.with(files{
		"sw1.cfg": sw1NoQ,
		"sw2.cfg": sw2NoQ,
		"sw3.cfg": strings.TrimSuffix(sw3Base, "end\n"), // truncated
	})
	res := runInventory(t, fs)
	status := map[string]audit.DeviceResult{}
	for _, d := range res.Devices {
		status[d.Name] = d
	}
	if d := status["sw3"]; d.Status != audit.StatusError || !strings.Contains(d.Error, "truncated") {
		t.Errorf("sw3: status %q error %q, want error mentioning truncation", d.Status, d.Error)
	}
	for _, n := range []string{"sw1", "sw2"} {
		if d := status[n]; d.Status != audit.StatusOK {
			t.Errorf("%s: status %q (%s), want ok", n, d.Status, d.Error)
		}
	}
	if res.Failed() != 1 {
		t.Errorf("Failed() = %d, want 1", res.Failed())
	}
	// Each host switch is its own domain as far as can be proven; each
	// borders sw3, which could not be read.
	checkFindings(t, fs, res.Findings, []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "sw1",
		msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw1)", "the domain may extend through sw3, which could not be audited"},
		ev:  []string{"sw1.cfg|vlan 100"}},
		{rule: "igmp-querier-missing", sev: rules.Error, device: "sw2",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (sw2)", "the domain may extend through sw3, which could not be audited"},
			ev:  []string{"sw2.cfg|vlan 100"}}})

	// With queriers on both sides only the failure is reported.
	fs = chain.with(files{"sw3.cfg": "not a config\n"})
	res = runInventory(t, fs)
	if res.Failed() != 1 {
		t.Errorf("Failed() = %d, want 1", res.Failed())
	}
	checkFindings(t, fs, res.Findings, nil)
}

func TestSingleConfig(t *testing.T) {
	const edge = `hostname edge1
!
vtp mode transparent
!
vlan 100
 name EFT-HA
!
ip igmp snooping querier
ip igmp snooping querier address 10.10.100.3
!
interface GigabitEthernet1/0/1
 switchport access vlan 100
 switchport mode access
!
interface GigabitEthernet1/0/2
 switchport access vlan 100
 switchport mode access
!
interface TenGigabitEthernet1/1/1
 switchport trunk allowed vlan 100
 switchport mode trunk
!
end
`
	const nx = `hostname leaf9
vlan 1,100
vlan configuration 100
  ip igmp snooping querier 10.10.100.5
interface Ethernet1/1
  switchport access vlan 100
interface Ethernet1/2
  switchport access vlan 100
`
	hosts := []string{"10.10.100.11", "10.10.100.12"}
	cases := []struct {
		name     string
		platform string
		cfg      string
		hosts    []string
		group    string
		want     []want
	}{{
		name: "clean", cfg: edge, hosts: hosts, group: "239.192.10.10",
	}, {
		name: "more access ports than hosts", hosts: hosts,
		cfg: edit(edge, "interface TenGigabitEthernet1/1/1\n", "interface GigabitEthernet1/0/3\n description PRINTER\n switchport access vlan 100\n switchport mode access\n!\ninterface TenGigabitEthernet1/1/1\n"),
		want: []want{{rule: "vlan-not-dedicated", sev: rules.Warning, device: "edge1",
			msg: []string{"VLAN 100 has 3 access ports on edge1 but the cluster has 2 hosts: GigabitEthernet1/0/1, GigabitEthernet1/0/2, GigabitEthernet1/0/3 (\"PRINTER\")"},
			ev: []string{"sw.cfg|interface GigabitEthernet1/0/1", "sw.cfg|interface GigabitEthernet1/0/1| switchport access vlan 100",
				"sw.cfg|interface GigabitEthernet1/0/2", "sw.cfg|interface GigabitEthernet1/0/2| switchport access vlan 100",
				"sw.cfg|interface GigabitEthernet1/0/3", "sw.cfg|interface GigabitEthernet1/0/3| switchport access vlan 100"}}},
	}, {
		name: "more access ports but no hosts given: nothing to compare",
		cfg:  edit(edge, "interface TenGigabitEthernet1/1/1\n", "interface GigabitEthernet1/0/3\n switchport access vlan 100\n!\ninterface TenGigabitEthernet1/1/1\n"),
	}, {
		name: "querier without any address on the switch", hosts: hosts,
		cfg: edit(edge, "ip igmp snooping querier address 10.10.100.3\n", ""),
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "edge1",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain (edge1)", "it has no IP address to send queries from"},
			ev:  []string{"sw.cfg|ip igmp snooping querier"}}},
	}, {
		name: "querier without an address but with an SVI", hosts: hosts,
		cfg: edit(edge, "ip igmp snooping querier address 10.10.100.3\n", "", "end\n", "interface Vlan100\n ip address 10.10.100.2 255.255.255.0\n!\nend\n"),
	}, {
		name: "port ACL: every host is a source", hosts: hosts, group: "239.192.10.10",
		cfg: edit(edge, " switchport access vlan 100\n switchport mode access\n!\ninterface GigabitEthernet1/0/2\n",
			" switchport access vlan 100\n switchport mode access\n ip access-group EDGE in\n!\ninterface GigabitEthernet1/0/2\n",
			"end\n", "ip access-list extended EDGE\n 10 deny   113 any any\n 20 permit ip any any\nend\n"),
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "edge1",
			msg: []string{"ACL EDGE on GigabitEthernet1/0/1 (in) denies IP protocol 113 from 10.10.100.11, 10.10.100.12 to 239.192.10.10: ACL EDGE sequence 10 (deny 113 any any)"},
			ev:  []string{"sw.cfg| 10 deny   113 any any", "sw.cfg| ip access-group EDGE in"}}},
	}, {
		// Without hosts or group every source and all of 224.0.0.0/4 are
		// judged; the message names exactly what is denied.
		name: "port ACL without hosts or group",
		cfg: edit(edge, " switchport access vlan 100\n switchport mode access\n!\ninterface GigabitEthernet1/0/2\n",
			" switchport access vlan 100\n switchport mode access\n ip access-group EDGE in\n!\ninterface GigabitEthernet1/0/2\n",
			"end\n", "ip access-list extended EDGE\n 10 permit 113 10.10.100.0 0.0.0.255 239.0.0.0 0.255.255.255\nend\n"),
		want: []want{{rule: "pgm-blocked", sev: rules.Error, device: "edge1",
			msg: []string{"denies IP protocol 113 from any address except 10.10.100.0/24 to 224.0.0.0/4, and from 10.10.100.0/24 to 224.0.0.0/4 except 239.0.0.0/8: implicit deny at the end of ACL EDGE"},
			ev:  []string{"sw.cfg|ip access-list extended EDGE", "sw.cfg| ip access-group EDGE in"}}},
	}, {
		name: "VLAN missing on the switch", hosts: hosts,
		cfg: edit(edge, "vlan 100\n name EFT-HA\n", ""),
		want: []want{{rule: "vlan-missing", sev: rules.Error, device: "edge1",
			msg: []string{"VLAN 100 does not exist on edge1 (configuration)"},
			ev:  []string{"sw.cfg|vtp mode transparent"}}},
	}, {
		name: "NX-OS clean", platform: "cisco_nxos", cfg: nx, hosts: hosts,
	}, {
		// Every switch of the domain floods: no querier is needed.
		name: "NX-OS snooping off", platform: "cisco_nxos", hosts: hosts,
		cfg: edit(nx, "  ip igmp snooping querier 10.10.100.5\n", "  no ip igmp snooping\n"),
		want: []want{{rule: "igmp-snooping-disabled", sev: rules.Error, device: "leaf9",
			msg: []string{"IGMP snooping is disabled on VLAN 100 on leaf9"},
			ev:  []string{"sw.cfg|  no ip igmp snooping"}}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.platform
			if p == "" {
				p = "cisco_iosxe"
			}
			res := runSingle(t, p, c.cfg, 100, c.hosts, c.group)
			checkFindings(t, files{"sw.cfg": c.cfg}, res.Findings, c.want)
		})
	}
}

// VLAN 1 exists on every Cisco switch, and 1002-1005 on every Catalyst,
// without a "vlan" line for them: they are never missing, and never
// unproven for want of show vlan brief.
func TestBuiltinVLANs(t *testing.T) {
	transparent := "Building configuration...\n\nCurrent configuration : 400 bytes\n!\nversion 17.9\nhostname acc9\n!\nvtp mode transparent\n!\nvlan 2\n!\nvlan 3\n!\n" +
		"interface GigabitEthernet1/0/10\n switchport mode access\n!\ninterface GigabitEthernet1/0/11\n switchport mode access\n!\nend\n"
	server := "hostname acc8\n!\ninterface GigabitEthernet0/10\n switchport mode access\n!\nend\n"
	nxos := "!Command: show running-config\nhostname nx9\nfeature interface-vlan\ninterface Ethernet1/10\n  switchport\n"
	for _, tc := range []struct {
		name, platform, cfg string
		vlan                int
		none                []string // rules that must not fire
		some                string   // a rule that must
	}{
		{"IOS-XE 17.9 transparent, ports left in VLAN 1", "cisco_iosxe", transparent, 1, []string{"vlan-missing", "vlan-unverified"}, ""},
		{"IOS-XE transparent, VLAN 1002", "cisco_iosxe", transparent, 1002, []string{"vlan-missing", "vlan-unverified"}, ""},
		{"IOS VTP server, VLAN 1", "cisco_ios", server, 1, []string{"vlan-missing", "vlan-unverified"}, ""},
		{"NX-OS with no vlan 1 line", "cisco_nxos", nxos, 1, []string{"vlan-missing"}, ""},
		{"IOS-XE transparent, VLAN 4 is still missing", "cisco_iosxe", transparent, 4, nil, "vlan-missing"},
		{"NX-OS has no VLAN 1002", "cisco_nxos", nxos, 1002, nil, "vlan-missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runSingle(t, tc.platform, tc.cfg, tc.vlan, []string{"10.0.0.11"}, "")
			found := false
			for _, f := range res.Findings {
				for _, r := range tc.none {
					if f.Rule == r {
						t.Errorf("%s: %s", f.Rule, f.Message)
					}
				}
				found = found || f.Rule == tc.some
			}
			if tc.some != "" && !found {
				t.Errorf("no %s:\n%s", tc.some, dump(res.Findings))
			}
		})
	}
}

// NX-OS snoops a VLAN mapped to a VXLAN segment only where "ip igmp
// snooping vxlan" is configured.
func TestVXLANSnooping(t *testing.T) {
	base := "!Command: show running-config\nhostname leaf9\nfeature interface-vlan\nfeature nv overlay\nfeature vn-segment-vlan-based\n%s" +
		"vlan 1,100\nvlan 100\n  name EFT-HA\n  vn-segment 10100\nvlan configuration 100\n  ip igmp snooping querier 10.10.100.5\n" +
		"interface Ethernet1/10\n  switchport\n  switchport access vlan 100\n"
	for _, tc := range []struct {
		name, extra string
		off         bool
	}{
		{"without ip igmp snooping vxlan", "", true},
		{"with ip igmp snooping vxlan", "ip igmp snooping vxlan\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runSingle(t, "cisco_nxos", fmt.Sprintf(base, tc.extra), 100, []string{"10.10.100.11"}, "")
			var got []rules.Finding
			for _, f := range res.Findings {
				if f.Rule == "igmp-snooping-disabled" {
					got = append(got, f)
				}
			}
			switch {
			case tc.off && (len(got) != 1 || !strings.Contains(got[0].Message, `IGMP snooping is off on VLAN 100 on leaf9 by the platform's default: VLAN 100 is mapped to VXLAN segment 10100, and NX-OS snoops VXLAN VLANs only with "ip igmp snooping vxlan"`) ||
				got[0].Evidence[0].Text != "  vn-segment 10100"):
				t.Errorf("want one finding citing the vn-segment line:\n%s", dump(got))
			case !tc.off && len(got) != 0:
				t.Errorf("snooping reported off:\n%s", dump(got))
			}
		})
	}
}

// A line the parser cannot read does not stop the audit: the verdicts that
// rest on it become config-unparsed warnings naming the line, and a line
// that configures nothing on the cluster's path changes nothing.
func TestConfigUnparsed(t *testing.T) {
	notProven := func(dev, file, line, what string) want {
		return want{rule: "config-unparsed", sev: rules.Warning, device: dev, ev: []string{file + "|" + line},
			msg: []string{"could not be read", what, "is not proven: check that line by hand"}}
	}
	runScenarios(t, base, []scenario{
		{name: "the host's port: its VLAN is not proven, not wrong",
			files: files{"sw1.cfg": edit(sw1Base, " description eft1\n switchport access vlan 100\n", " description eft1\n switchport access vlan 1OO\n")},
			want: []want{notProven("sw1", "sw1.cfg", " switchport access vlan 1OO",
				"what GigabitEthernet1/0/10 carries")}},
		{name: "a trunk on the path: whether it carries the VLAN is not proven",
			files: files{"sw2.cfg": edit(sw2Base, "  switchport trunk allowed vlan 10,100\n", "  switchport trunk allowed vlan 10,1OO\n")},
			want: []want{notProven("sw2", "sw2.cfg", "  switchport trunk allowed vlan 10,1OO",
				"what Ethernet1/49 carries")}},
		{name: "the snooping querier: its verdicts are not proven",
			files: files{"sw1.cfg": edit(sw1NoQ, "vtp mode transparent\n", "vtp mode transparent\nip igmp snooping querier address 10.10.100\n")},
			want: []want{notProven("sw1", "sw1.cfg", "ip igmp snooping querier address 10.10.100",
				"IGMP snooping and the querier on VLAN 100")}},
		{name: "a port off the path: counted, not judged",
			files: files{"sw1.cfg": edit(sw1Base, " description spare\n switchport access vlan 10\n", " description spare\n switchport access vlan 1O\n")}},
	})
}

// Every rule says what to do about its findings.
func TestEveryRuleSaysHowToFix(t *testing.T) {
	for _, r := range rules.All() {
		if len(r.Fix) < 40 || len(r.Summary) < 40 || len(r.Why) < 40 {
			t.Errorf("%s: summary, why or fix missing or too short to help", r.ID)
		}
	}
}
