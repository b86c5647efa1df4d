package rules_test

import (
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/rules"
)

// nxCDP is sw2's CDP table, NX-OS style, hearing sw1 (by its FQDN) on
// Ethernet1/49 at port.
func nxCDP(port string) string {
	return `----------------------------------------
Device ID:sw1.dc1.example.net
Interface address(es):
    IPv4 Address: 192.0.2.11
Platform: cisco C9300-48P, Capabilities: Router Switch IGMP
Interface: Ethernet1/49, Port ID (outgoing port): ` + port + `
Holdtime: 150 sec
`
}

func TestLinksFromNeighbors(t *testing.T) {
	noLinks := strings.Split(snapInventory(invBase, "sw2"), "links:")[0]
	runScenarios(t, base, []scenario{{
		// Without links: the cluster's path is not known.
		name:  "no links, no neighbor tables",
		files: files{"inventory.yaml": noLinks, "snap/sw2/show_running-config.txt": sw2Base},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"the inventory's links do not connect them"}, ev: []string{evHost1, evHost2}}},
	}, {
		// sw2's CDP table closes the path: the same audit as with the
		// declared link (clean), in one direction only.
		name: "no links, sw2 hears sw1",
		files: files{"inventory.yaml": noLinks, "snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_cdp_neighbors_detail.txt": nxCDP("Te1/1/1")},
	}, {
		// The declared link agrees with what sw2 hears: nothing to say.
		name: "declared and heard agree",
		files: files{"inventory.yaml": snapInventory(invBase, "sw2"), "snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_cdp_neighbors_detail.txt": nxCDP("TenGigabitEthernet1/1/1")},
	}, {
		name: "declared and heard disagree",
		files: files{"inventory.yaml": snapInventory(invBase, "sw2"), "snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_cdp_neighbors_detail.txt": nxCDP("Gi1/0/11")},
		want: []want{{rule: "link-mismatch", sev: rules.Warning, device: "sw2",
			msg: []string{"the inventory links sw1 TenGigabitEthernet1/1/1 to sw2 Ethernet1/49, but the neighbor tables link sw2 Ethernet1/49 to sw1 GigabitEthernet1/0/11", "the audit uses the declared link"},
			ev:  []string{evLink, "sw2/show_cdp_neighbors_detail.txt|~Interface: Ethernet1/49, Port ID (outgoing port): Gi1/0/11"}}},
	}, {
		// A neighbor on a host's port is the host, whatever it says.
		name: "a host port's neighbor is no link",
		files: files{"inventory.yaml": noLinks, "snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_cdp_neighbors_detail.txt": strings.ReplaceAll(nxCDP("Te1/1/1"), "Ethernet1/49", "Ethernet1/10")},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"neither the inventory's links nor the switches' neighbor tables connect them"}, ev: []string{evHost1, evHost2}}},
	}, {
		// sw2 hears a switch the inventory lacks: the finding names it.
		name: "the path leaves the inventory",
		files: files{"inventory.yaml": noLinks, "snap/sw2/show_running-config.txt": sw2Base,
			"snap/sw2/show_cdp_neighbors_detail.txt": strings.ReplaceAll(nxCDP("Te1/0/48"), "sw1.dc1.example.net", "dist9.dc1.example.net")},
		want: []want{{rule: "no-l2-path", sev: rules.Error, device: "sw1",
			msg: []string{"switches they hear that the inventory lacks: dist9.dc1.example.net (heard by sw2 on Ethernet1/49): add the one the path crosses to the inventory"},
			ev:  []string{evHost1, evHost2, "sw2/show_cdp_neighbors_detail.txt|~Interface: Ethernet1/49"}}},
	}})
}
