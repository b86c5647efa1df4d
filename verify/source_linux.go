package verify

import (
	"net/netip"

	"golang.org/x/net/ipv4"
)

// sourceControl pins the source address of every packet the probe sends
// (IP_PKTINFO), so a host with several addresses on the cluster VLAN sends
// from the one its peers know it by.
func sourceControl(self netip.Addr) *ipv4.ControlMessage {
	return &ipv4.ControlMessage{Src: self.AsSlice()}
}
