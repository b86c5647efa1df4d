// Package cisco reads Cisco IOS, IOS-XE and NX-OS: which commands to
// collect, how to parse running-config and show output into the model, and
// the platform defaults a verdict may rest on.
package cisco

// Platform names, following the scrapli/netutils convention.
const (
	IOS   = "cisco_ios"
	IOSXE = "cisco_iosxe"
	NXOS  = "cisco_nxos"
)

// Platforms lists the platforms this package reads.
var Platforms = []string{IOS, IOSXE, NXOS}

// Supports reports whether platform is one of Platforms.
func Supports(platform string) bool {
	for _, p := range Platforms {
		if p == platform {
			return true
		}
	}
	return false
}

// Commands returns the show commands to collect from a platform, running
// configuration first. Everything but the running configuration is optional
// when auditing a snapshot; it adds operational state where present.
func Commands(platform string) []string {
	if platform == NXOS {
		return []string{
			"show running-config",
			"show vlan brief",
			"show interface trunk",
			"show ip igmp snooping",
		}
	}
	return []string{
		"show running-config",
		"show vlan brief",
		"show interfaces trunk",
		"show ip igmp snooping querier",
	}
}
