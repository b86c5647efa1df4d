package model

import (
	"net/netip"
	"strings"
)

// Neighbor is one entry of a CDP or LLDP neighbor table: what the device
// hears on one of its ports.
type Neighbor struct {
	// Protocol is where it was heard: "cdp" or "lldp" (over gNMI too).
	Protocol string
	// LocalPort is the device's own port, spelled as its configuration
	// spells it.
	LocalPort string
	// Name is the neighbor's name as it announces it: the CDP device ID or
	// the LLDP system name, with whatever domain or serial it carries.
	Name string
	// SystemName is NX-OS CDP's "System Name", beside a device ID that
	// may be a serial number.
	SystemName string
	ChassisID  string
	// Port is the neighbor's own port as it announces it; PortIsMAC says
	// that it is a MAC address (a host, a phone, an access point), not an
	// interface name.
	Port      string
	PortIsMAC bool
	// PortDescription is the LLDP port description, which some
	// platforms fill with the interface name.
	PortDescription string
	Address         netip.Addr // management address, where announced
	Platform        string     // CDP platform or LLDP system description, first line
	// Capabilities as announced, lower case: "bridge", "router", "switch",
	// "phone", "host", "wlan", "station".
	Capabilities []string
	// Bundle is the aggregate the local port is a member of, where the
	// table says so (Junos' parent interface).
	Bundle string
	Ref    Ref // the line that names the local port
}

// Bridges reports whether the neighbor announces itself as something that
// forwards frames: a switch or a bridge (routers that switch say both).
// A neighbor that announces nothing may be one.
func (n Neighbor) Bridges() bool {
	if len(n.Capabilities) == 0 {
		return true
	}
	for _, c := range n.Capabilities {
		switch c {
		case "bridge", "switch":
			return true
		}
	}
	return false
}

// Edge reports whether the neighbor is an end device - a phone, a host,
// an access point - rather than a switch: never a switch link.
func (n Neighbor) Edge() bool {
	has := func(want ...string) bool {
		for _, c := range n.Capabilities {
			for _, w := range want {
				if c == w {
					return true
				}
			}
		}
		return false
	}
	return has("phone", "telephone") || (!n.Bridges() && has("host", "station", "wlan"))
}

// CapabilityWords reads a capability list written as words ("Bridge,
// Router"), as EOS and AOS-CX print it, lower case.
func CapabilityWords(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// NeighborsOff is a neighbor protocol the device says is not running,
// and the line that says so.
type NeighborsOff struct {
	Protocol string
	Ref      Ref
}

// IsMAC reports whether s is a MAC address in one of the forms neighbor
// tables print: 0011.2233.4455, 00:11:22:33:44:55, 00-11-22-33-44-55,
// 001122334455.
func IsMAC(s string) bool {
	hex := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			hex++
		case c == '.' || c == ':' || c == '-':
		default:
			return false
		}
	}
	return hex == 12 && !strings.ContainsAny(s[:1], ".:-")
}
