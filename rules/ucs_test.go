package rules_test

import (
	"testing"

	"github.com/mcaudit/mcaudit/rules"
)

// The UCS path of Cisco TAC document 117360: EFT nodes are VMs behind a
// Nexus 1000V (attached by port-profile), whose uplink goes to a UCS
// fabric interconnect (declared, never logged in to), whose uplink goes
// to a Nexus 5000 pair (vPC). Snooping is on everywhere by default; no
// querier anywhere.
const (
	n1kvBase = `!Command: show running-config
version 4.2(1)SV2(2.1)
hostname n1kv
feature lacp
vlan 1,100
vlan 100
  name EFT-HA
port-profile default max-ports 32
port-profile type ethernet SYSTEM-UPLINK
  vmware port-group
  switchport mode trunk
  switchport trunk allowed vlan 1,100
  channel-group auto mode on mac-pinning
  no shutdown
  system vlan 1
  state enabled
port-profile type vethernet EFT-HA
  vmware port-group
  switchport mode access
  switchport access vlan 100
  no shutdown
  state enabled
interface Ethernet3/1
  inherit port-profile SYSTEM-UPLINK
interface Vethernet3
  inherit port-profile EFT-HA
  description eft1, Network Adapter 1
  vmware dvport 32 dvswitch uuid "a1 b2"
interface Vethernet4
  inherit port-profile EFT-HA
  description eft2, Network Adapter 1
`
	n5kBase = `!Command: show running-config
version 5.2(1)N1(4)
hostname n5k-a
feature lacp
feature vpc
feature interface-vlan
vlan 1,100
vlan 100
  name EFT-HA
vpc domain 10
  peer-keepalive destination 192.0.2.2
interface Ethernet1/17
  description to ucs-fi-a
  switchport mode trunk
  switchport trunk allowed vlan 100
`
	invUCS = `clusters:
  - name: eft-ha
    vlan: 100
    group: 239.192.10.10
    querier_address: 10.10.100.3
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: n1kv, interface: port-profile EFT-HA}
      - {name: eft2, ip: 10.10.100.12, switch: n1kv, interface: port-profile EFT-HA}
devices:
  - {name: n1kv, platform: cisco_n1kv, config: n1kv.cfg}
  - name: ucs-fi-a
    platform: cisco_ucs_fi
    declare:
      vlans: "1,100"
      multicast_policy:
        igmp_snooping: enabled
        querier: disabled
  - {name: n5k-a, platform: cisco_nxos, config: n5k-a.cfg}
links:
  - [n1kv:Ethernet3/1, ucs-fi-a:Eth1/1]
  - [ucs-fi-a:Eth1/17, n5k-a:Ethernet1/17]
`
)

var ucsBase = files{"inventory.yaml": invUCS, "n1kv.cfg": n1kvBase, "n5k-a.cfg": n5kBase}

func TestUCSQuerierPlacement(t *testing.T) {
	runScenarios(t, ucsBase, []scenario{{
		// Every receiver is inside UCS: the querier goes on the fabric
		// interconnect's multicast policy, never on the Nexus 1000V.
		name: "receivers inside UCS: the fabric interconnect",
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "ucs-fi-a",
			msg: []string{"No IGMP querier can run in VLAN 100's layer-2 domain",
				"no querier is suggested on n1kv: a Nexus 1000V snoops but is not where the querier goes",
				"it goes on ucs-fi-a"},
			ev: []string{"inventory.yaml|        querier: disabled"}}},
	}, {
		// A receiver outside UCS: the upstream Nexus 5000.
		name: "a receiver outside UCS: the Nexus 5000",
		files: files{
			"inventory.yaml": edit(invUCS, "      - {name: eft2, ip: 10.10.100.12, switch: n1kv, interface: port-profile EFT-HA}",
				"      - {name: eft2, ip: 10.10.100.12, switch: n5k-a, interface: Ethernet1/10}"),
			"n5k-a.cfg": n5kBase + "interface Ethernet1/10\n  switchport access vlan 100\n",
		},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "n5k-a",
			msg: []string{"no querier is suggested on n1kv", "it goes on n5k-a"}, not: []string{"it goes on ucs-fi-a"},
			ev: []string{"inventory.yaml|        querier: disabled"}}},
	}, {
		name: "the fabric interconnect's policy runs a querier",
		files: files{"inventory.yaml": edit(invUCS, "        querier: disabled\n",
			"        querier: enabled\n        querier_address: 10.10.100.3\n")},
	}, {
		// The querier on the Nexus 5000, every 5 s: the vPC pair's
		// snooping entries flap (CSCvc48358).
		name:  "vPC pair with a 5 s query interval",
		files: files{"n5k-a.cfg": n5kBase + "vlan configuration 100\n  ip igmp snooping querier 10.10.100.3\n  ip igmp snooping query-interval 5\n"},
		want: []want{{rule: "igmp-query-interval-short", sev: rules.Warning, device: "n5k-a",
			msg: []string{"n5k-a queries VLAN 100 every 5s (its snooping querier), under the 8s n5k-a needs", "CSCvc48358", "set the query interval to 8s or more"},
			ev:  []string{"n5k-a.cfg|vpc domain 10", "n5k-a.cfg|vlan configuration 100|  ip igmp snooping query-interval 5"}}},
	}, {
		name:  "vPC pair with the 8 s minimum",
		files: files{"n5k-a.cfg": n5kBase + "vlan configuration 100\n  ip igmp snooping querier 10.10.100.3\n  ip igmp snooping query-interval 8\n"},
	}, {
		// The host port-profile in the wrong VLAN: its evidence is the
		// profile's line.
		name:  "port-profile in another VLAN",
		files: files{"n1kv.cfg": edit(n1kvBase, "  switchport access vlan 100\n", "  switchport access vlan 1\n")},
		want: []want{
			{rule: "host-port-wrong-vlan", sev: rules.Error, device: "n1kv", msg: []string{"host eft1's port port-profile EFT-HA is an access port in VLAN 1, not VLAN 100"},
				ev: []string{"n1kv.cfg|port-profile type vethernet EFT-HA", "n1kv.cfg|port-profile type vethernet EFT-HA|  switchport access vlan 1", "inventory.yaml|      - {name: eft1, ip: 10.10.100.11, switch: n1kv, interface: port-profile EFT-HA}"}},
			{rule: "host-port-wrong-vlan", sev: rules.Error, device: "n1kv", msg: []string{"host eft2's port port-profile EFT-HA is an access port in VLAN 1, not VLAN 100"},
				ev: []string{"n1kv.cfg|port-profile type vethernet EFT-HA", "n1kv.cfg|port-profile type vethernet EFT-HA|  switchport access vlan 1", "inventory.yaml|      - {name: eft2, ip: 10.10.100.12, switch: n1kv, interface: port-profile EFT-HA}"}},
			{rule: "igmp-querier-missing", sev: rules.Error, device: "ucs-fi-a", msg: []string{"it goes on ucs-fi-a"}, ev: []string{"inventory.yaml|        querier: disabled"}},
		},
	}, {
		// The uplink profile does not carry the VLAN: the Nexus 1000V is
		// a domain of its own, where no device can query.
		name:  "uplink port-profile without the VLAN",
		files: files{"n1kv.cfg": edit(n1kvBase, "  switchport trunk allowed vlan 1,100\n", "  switchport trunk allowed vlan 1\n")},
		want: []want{{rule: "igmp-querier-missing", sev: rules.Error, device: "n1kv",
			msg: []string{"no querier is suggested on n1kv", "no device of this domain can run one: carry the VLAN to a switch or fabric interconnect that can"},
			not: []string{"it goes on"}, ev: []string{"n1kv.cfg|vlan 100"}}},
	}})
}
