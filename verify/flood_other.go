//go:build !linux

package verify

import (
	"net"
	"net/netip"
)

// floodListener: seeing multicast nobody joined needs a packet socket,
// which only the Linux build has; elsewhere flooding is "not measured".
type floodListener struct{}

func openFloodListener(*net.Interface, netip.Addr, uint16) (*floodListener, error) { return nil, nil }

func (*floodListener) run(func(netip.Addr, []byte)) {}

func (*floodListener) Close() error { return nil }
