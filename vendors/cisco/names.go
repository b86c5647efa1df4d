package cisco

import "github.com/mcaudit/mcaudit/internal/ifname"

// The interface types of each platform.
var iosTypes = ifname.Table{
	{"GigabitEthernet", []string{"gi", "gig", "ge"}},
	{"TenGigabitEthernet", []string{"te", "ten", "tengig"}},
	{"TwoGigabitEthernet", []string{"tw", "two"}},
	{"TwentyFiveGigE", []string{"twe", "twentyfivegigabitethernet"}},
	{"FiveGigabitEthernet", []string{"fi", "five"}},
	{"FortyGigabitEthernet", []string{"fo", "forty"}},
	{"HundredGigE", []string{"hu", "hundredgigabitethernet"}},
	{"TwoHundredGigE", []string{"twohundredgigabitethernet"}},
	{"FourHundredGigE", []string{"fourhundredgigabitethernet"}},
	{"FastEthernet", []string{"fa", "fas"}},
	{"AppGigabitEthernet", []string{"ap"}},
	{"Ethernet", []string{"et", "eth"}},
	{"Port-channel", []string{"po", "portchannel", "port-channel"}},
	{"Vlan", []string{"vl", "vlan"}},
	{"Loopback", []string{"lo", "loop"}},
	{"Tunnel", []string{"tu"}},
	{"Management", []string{"mgmt"}},
}

var nxosTypes = ifname.Table{
	// "eth" first: ShortInterface uses the first, and NX-OS show output
	// writes Eth1/1.
	{"Ethernet", []string{"eth", "e", "et"}},
	{"port-channel", []string{"po", "portchannel"}},
	{"Vlan", []string{"vl", "vlan"}},
	{"loopback", []string{"lo", "loop"}},
	{"mgmt", []string{"mgmt"}},
	{"Tunnel", []string{"tu"}},
	{"nve", []string{"nve"}},
}

func typesFor(platform string) ifname.Table {
	if platform == NXOS {
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
