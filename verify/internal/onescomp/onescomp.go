// Package onescomp is the Internet checksum arithmetic (RFC 1071) that
// PGM and IGMP both use: a ones'-complement sum of big-endian 16-bit words.
package onescomp

import "encoding/binary"

// Sum adds b as big-endian 16-bit words, padding an odd tail with zero. It
// takes 32-bit words where it can: 2^16 ≡ 1 mod 0xFFFF, so the folded
// result is the same and the loop half as long. Sums of even-length pieces
// add up to the sum of the whole.
func Sum(b []byte) uint64 {
	var s uint64
	for len(b) >= 8 {
		s += uint64(binary.BigEndian.Uint32(b)) + uint64(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
	}
	for len(b) >= 2 {
		s += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint64(b[0]) << 8
	}
	return s
}

// Fold reduces a sum to 16 bits with end-around carry.
func Fold(s uint64) uint16 {
	for s>>16 != 0 {
		s = s&0xFFFF + s>>16
	}
	return uint16(s)
}
