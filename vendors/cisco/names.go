package cisco

import "github.com/mcaudit/mcaudit/internal/ifname"

// The interface types of each platform.
var iosTypes = ifname.Table{
	ifname.T("GigabitEthernet", "gi", "gig", "ge"),
	ifname.T("TenGigabitEthernet", "te", "ten", "tengig"),
	ifname.T("TwoGigabitEthernet", "tw", "two"),
	ifname.T("TwentyFiveGigE", "twe", "twentyfivegigabitethernet"),
	ifname.T("FiveGigabitEthernet", "fi", "five"),
	ifname.T("FortyGigabitEthernet", "fo", "forty"),
	ifname.T("HundredGigE", "hu", "hundredgigabitethernet"),
	ifname.T("TwoHundredGigE", "twohundredgigabitethernet"),
	ifname.T("FourHundredGigE", "fourhundredgigabitethernet"),
	ifname.T("FastEthernet", "fa", "fas"),
	ifname.T("AppGigabitEthernet", "ap"),
	ifname.T("Ethernet", "et", "eth"),
	ifname.T("Port-channel", "po", "portchannel", "port-channel"),
	ifname.T("Vlan", "vl", "vlan"),
	ifname.T("Loopback", "lo", "loop"),
	ifname.T("Tunnel", "tu"),
	ifname.T("Management", "mgmt"),
}

var nxosTypes = ifname.Table{
	// "eth" first: ShortInterface uses the first, and NX-OS show output
	// writes Eth1/1.
	ifname.T("Ethernet", "eth", "e", "et"),
	ifname.T("port-channel", "po", "portchannel"),
	ifname.T("Vlan", "vl", "vlan"),
	ifname.T("loopback", "lo", "loop"),
	ifname.T("mgmt", "mgmt"),
	ifname.T("Tunnel", "tu"),
	ifname.T("nve", "nve"),
	ifname.T("Vethernet", "veth", "ve"), // Nexus 1000V
}

func typesFor(platform string) ifname.Table {
	if isNX(platform) {
		return nxosTypes
	}
	return iosTypes
}

// CanonicalInterface expands an interface name as a user, a config or a show
// command writes it ("Gi1/0/1", "gigabitethernet1/0/1", "Eth1/49", "Po10")
// to the full name the platform's running-config uses. Names it does not
// recognise are returned unchanged, so that they can still be reported.
func CanonicalInterface(platform, name string) string { return typesFor(platform).Canonical(name) }

// ShortInterface abbreviates a canonical name the way show output does
// ("GigabitEthernet1/0/10" → "Gi1/0/10"), for compact messages.
func ShortInterface(platform, name string) string { return typesFor(platform).Short(name) }
