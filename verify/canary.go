package verify

import (
	"encoding/binary"
	"net/netip"
)

// canaryPayload takes an IPv4 packet as a packet socket reads it and
// returns the source and UDP payload when it is a datagram to the canary
// group and port. The kernel filter already checked most of this; the
// checks here are for what it cannot (fragments, lengths).
func canaryPayload(b []byte, canary netip.Addr, port uint16) (netip.Addr, []byte, bool) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return netip.Addr{}, nil, false
	}
	ihl := int(b[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(b[2:4]))
	if ihl < 20 || total < ihl+8 || total > len(b) || b[9] != 17 ||
		binary.BigEndian.Uint16(b[6:8])&0x3fff != 0 { // a fragment
		return netip.Addr{}, nil, false
	}
	if netip.AddrFrom4([4]byte(b[16:20])) != canary {
		return netip.Addr{}, nil, false
	}
	u := b[ihl:total]
	if binary.BigEndian.Uint16(u[2:4]) != port {
		return netip.Addr{}, nil, false
	}
	ulen := int(binary.BigEndian.Uint16(u[4:6]))
	if ulen < 8 || ulen > len(u) {
		return netip.Addr{}, nil, false
	}
	return netip.AddrFrom4([4]byte(b[12:16])), u[8:ulen], true
}
