package cisco

import (
	"strings"
)

// ifType is one interface type: its full name as the platform prints it in
// running-config, and the abbreviations show commands use.
type ifType struct {
	full   string
	abbrev []string
}

// Order matters only for prefix matching of unlisted abbreviations: the
// first type whose full name starts with the given letters wins, so the
// more common type comes first.
var iosTypes = []ifType{
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

var nxosTypes = []ifType{
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

func typesFor(platform string) []ifType {
	if platform == NXOS {
		return nxosTypes
	}
	return iosTypes
}

// CanonicalInterface expands an interface name as a user, a config or a show
// command writes it ("Gi1/0/1", "gigabitethernet1/0/1", "Eth1/49", "Po10")
// to the full name the platform's running-config uses. Names it does not
// recognise are returned unchanged, so that they can still be reported.
func CanonicalInterface(platform, name string) string {
	name = strings.TrimSpace(name)
	// Running-config already spells names in full: return them as they are.
	for _, t := range typesFor(platform) {
		if rest, ok := strings.CutPrefix(name, t.full); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return name
		}
	}
	i := strings.IndexFunc(name, func(r rune) bool { return (r >= '0' && r <= '9') || r == ' ' })
	if i <= 0 {
		return name
	}
	kind := strings.ToLower(name[:i])
	rest := strings.TrimSpace(name[i:])
	types := typesFor(platform)
	for _, t := range types {
		if strings.ToLower(t.full) == kind {
			return t.full + rest
		}
	}
	for _, t := range types {
		for _, a := range t.abbrev {
			if a == kind {
				return t.full + rest
			}
		}
	}
	for _, t := range types {
		if strings.HasPrefix(strings.ToLower(t.full), kind) {
			return t.full + rest
		}
	}
	return name
}

// ShortInterface abbreviates a canonical name the way show output does
// ("GigabitEthernet1/0/10" → "Gi1/0/10"), for compact messages.
func ShortInterface(platform, name string) string {
	for _, t := range typesFor(platform) {
		if rest, ok := strings.CutPrefix(name, t.full); ok && len(t.abbrev) > 0 && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			a := t.abbrev[0]
			return strings.ToUpper(a[:1]) + a[1:] + rest
		}
	}
	return name
}
