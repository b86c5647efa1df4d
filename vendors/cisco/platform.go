// Package cisco reads Cisco IOS, IOS-XE and NX-OS: which commands to
// collect, how to parse running-config and show output into the model, and
// the platform defaults a verdict may rest on.
package cisco

import "github.com/mcaudit/mcaudit/vendors/openconfig"

// Platform names, following the scrapli/netutils convention.
const (
	IOS   = "cisco_ios"
	IOSXE = "cisco_iosxe"
	NXOS  = "cisco_nxos"
	// N1KV is the Nexus 1000V virtual switch: NX-OS with port-profiles,
	// no routed ports and no querier of its own.
	N1KV = "cisco_n1kv"
)

// Platforms lists the platforms this package reads.
var Platforms = []string{IOS, IOSXE, NXOS, N1KV}

// isNX reports whether platform speaks the NX-OS dialect.
func isNX(platform string) bool { return platform == NXOS || platform == N1KV }

// Supports reports whether platform is one of Platforms.
func Supports(platform string) bool {
	for _, p := range Platforms {
		if p == platform {
			return true
		}
	}
	return false
}

// ConfigCommand is the command whose output a saved config file holds.
const ConfigCommand = "show running-config"

// Commands returns what to collect from a platform over a transport, the
// required item first. Over SSH that is the running configuration, then
// show commands that add operational state where present.
func Commands(platform, transport string) []string {
	if transport == "gnmi" {
		return gnmiPaths(platform)
	}
	return cliCommands(platform)
}

func cliCommands(platform string) []string {
	if isNX(platform) {
		return []string{
			"show running-config",
			"show vlan brief",
			"show interface trunk",
			"show ip igmp snooping",
			"show cdp neighbors detail",
			"show lldp neighbors detail",
		}
	}
	return []string{
		"show running-config",
		"show vlan brief",
		"show interfaces trunk",
		"show ip igmp snooping querier",
		"show cdp neighbors detail",
		"show lldp neighbors detail",
	}
}

// gnmiPaths lists the gNMI paths to Get, the required one first: the
// OpenConfig interfaces, VLANs, ACLs and router IGMP (vendors/openconfig),
// and on NX-OS then the device-model (DME) IGMP snooping trees, which
// OpenConfig does not model. NX-OS resolves a path without origin in its
// device model, so its OpenConfig paths say origin "openconfig"; IOS-XE
// takes OpenConfig paths as they are and has no snooping data to add
// over gNMI (its snooping state stays unknown).
func gnmiPaths(platform string) []string {
	if platform == NXOS {
		return append(openconfig.Paths("openconfig"), dmePaths()...)
	}
	return openconfig.Paths("")
}
