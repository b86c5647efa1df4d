//go:build !linux

package verify

import (
	"net/netip"

	"golang.org/x/net/ipv4"
)

// sourceControl: elsewhere x/net sends no control messages; the OS picks
// the interface's primary address.
func sourceControl(netip.Addr) *ipv4.ControlMessage { return nil }
