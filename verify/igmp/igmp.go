// Package igmp decodes IGMP messages (RFC 1112, 2236, 3376) as read from a
// raw IP protocol 2 socket, so a host can tell whether a querier is present
// and how it is configured.
//
// It is hand-parsed rather than built on gopacket, whose IGMPv3 decoder
// scales QQIC as if it were a Max Resp Code (tenths of a second), reporting
// the RFC default of 125 s as 12.5 s.
package igmp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
	"time"

	"github.com/mcaudit/mcaudit/verify/internal/onescomp"
)

// Protocol is the IP protocol number IGMP runs over.
const Protocol = 2

// Type is the IGMP message type (the first byte).
type Type uint8

// Message types this package decodes; others decode with only Type set.
const (
	MembershipQuery Type = 0x11
	V1Report        Type = 0x12
	V2Report        Type = 0x16
	V2Leave         Type = 0x17
	V3Report        Type = 0x22
)

func (t Type) String() string {
	switch t {
	case MembershipQuery:
		return "MembershipQuery"
	case V1Report:
		return "V1Report"
	case V2Report:
		return "V2Report"
	case V2Leave:
		return "V2Leave"
	case V3Report:
		return "V3Report"
	}
	return fmt.Sprintf("type %#x", uint8(t))
}

// Message is one decoded IGMP message. Fields not used by Type stay zero.
type Message struct {
	Type Type
	// Queries: 1, 2 or 3, told apart by length and Max Resp as RFC 3376
	// §7.1 says; reports: from the type; leave: 2.
	Version int
	// Queries: v2 Max Resp Time, or the v3 Max Resp Code decoded
	// (RFC 3376 §4.1.1). 0 for a v1 query.
	MaxResp time.Duration
	// Query group (0.0.0.0 for a general query), or the v1/v2 report or
	// leave group.
	Group netip.Addr

	// IGMPv3 query only.
	SFlag   bool
	QRV     uint8
	QQI     time.Duration // QQIC decoded (RFC 3376 §4.1.7)
	Sources []netip.Addr  // nil when none

	// IGMPv3 report only: the number of group records, and each.
	Records int
	Changes []GroupRecord
}

// GroupRecord is one group record of an IGMPv3 report (RFC 3376 §4.2.4).
type GroupRecord struct {
	Type    uint8 // 1 MODE_IS_INCLUDE ... 6 BLOCK_OLD_SOURCES
	Group   netip.Addr
	Sources int
}

// Joins reports whether the record says the host receives the group: in
// exclude mode (any source), or in include mode from some sources.
func (r GroupRecord) Joins() bool {
	switch r.Type {
	case 2, 4: // MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE
		return true
	case 1, 3, 5: // MODE_IS_INCLUDE, CHANGE_TO_INCLUDE_MODE, ALLOW_NEW_SOURCES
		return r.Sources > 0
	}
	return false
}

// Leaves reports whether the record says the host no longer receives the
// group: include mode with no source (RFC 3376 §5.1, the v3 leave).
func (r GroupRecord) Leaves() bool { return r.Type == 3 && r.Sources == 0 }

// General reports whether m is a general query (group 0.0.0.0), the kind
// a querier sends every query interval.
func (m Message) General() bool {
	return m.Type == MembershipQuery && m.Group == netip.IPv4Unspecified()
}

// Errors Decode wraps.
var (
	ErrTruncated = errors.New("truncated")
	ErrChecksum  = errors.New("bad checksum")
	ErrLength    = errors.New("invalid length for type") // e.g. a query of 9..11 bytes, which RFC 3376 §7.1 says to ignore
)

const (
	headerLen  = 8
	v3QueryLen = 12 // before the source list
	recordLen  = 8  // a v3 report's group record before its sources and aux data
)

// Decode parses and checks one IGMP message (the IP payload). On error
// the Message is zero. The fixed part of the message (8 bytes, or 12 for
// a v3 query) is checked before the checksum, so that a message cut
// short is named as such; the source list and group records after it are
// checked once the checksum has vouched for their counts. Bytes past the
// end of what the message describes are ignored, as RFC 3376 §4.1.10
// says, but are covered by the checksum.
func Decode(b []byte) (Message, error) {
	if len(b) < headerLen {
		return Message{}, fmt.Errorf("igmp: %d bytes, the header alone is %d: %w", len(b), headerLen, ErrTruncated)
	}
	t := Type(b[0])
	if t == MembershipQuery && len(b) > headerLen && len(b) < v3QueryLen {
		return Message{}, fmt.Errorf("igmp: %v of %d bytes, neither v1/v2 (8) nor v3 (12 or more): %w", t, len(b), ErrLength)
	}
	// A valid message sums to 0xFFFF with its checksum in place.
	if s := onescomp.Fold(onescomp.Sum(b)); s != 0xFFFF {
		got := binary.BigEndian.Uint16(b[2:])
		return Message{}, fmt.Errorf("igmp: %v checksum %#04x, computed %#04x: %w", t, got, checksum(b), ErrChecksum)
	}

	m := Message{Type: t}
	switch t {
	case MembershipQuery:
		m.Group = netip.AddrFrom4([4]byte(b[4:8]))
		if len(b) == headerLen {
			if b[1] == 0 {
				m.Version = 1
			} else {
				m.Version = 2
				m.MaxResp = time.Duration(b[1]) * 100 * time.Millisecond
			}
			return m, nil
		}
		m.Version = 3
		m.MaxResp = time.Duration(decodeCode(b[1])) * 100 * time.Millisecond
		m.SFlag = b[8]&0x08 != 0
		m.QRV = b[8] & 0x07
		m.QQI = time.Duration(decodeCode(b[9])) * time.Second
		n := int(binary.BigEndian.Uint16(b[10:]))
		if len(b) < v3QueryLen+4*n {
			return Message{}, fmt.Errorf("igmp: v3 query lists %d sources, %d bytes hold %d: %w",
				n, len(b), (len(b)-v3QueryLen)/4, ErrTruncated)
		}
		if n > 0 {
			m.Sources = make([]netip.Addr, n)
			for i := range m.Sources {
				off := v3QueryLen + 4*i
				m.Sources[i] = netip.AddrFrom4([4]byte(b[off : off+4]))
			}
		}
	case V1Report:
		m.Version = 1
		m.Group = netip.AddrFrom4([4]byte(b[4:8]))
	case V2Report, V2Leave:
		m.Version = 2
		m.Group = netip.AddrFrom4([4]byte(b[4:8]))
	case V3Report:
		m.Version = 3
		m.Records = int(binary.BigEndian.Uint16(b[6:]))
		off := headerLen
		for i := range m.Records {
			if len(b)-off < recordLen {
				return Message{}, fmt.Errorf("igmp: v3 report group record %d of %d at offset %d: %d bytes left, the header needs %d: %w",
					i+1, m.Records, off, len(b)-off, recordLen, ErrTruncated)
			}
			// Aux Data Len counts 32-bit words (RFC 3376 §4.2.6).
			srcs := int(binary.BigEndian.Uint16(b[off+2:]))
			n := recordLen + 4*srcs + 4*int(b[off+1])
			if len(b)-off < n {
				return Message{}, fmt.Errorf("igmp: v3 report group record %d of %d at offset %d: %d bytes, %d left: %w",
					i+1, m.Records, off, n, len(b)-off, ErrTruncated)
			}
			m.Changes = append(m.Changes, GroupRecord{Type: b[off], Group: netip.AddrFrom4([4]byte(b[off+4 : off+8])), Sources: srcs})
			off += n
		}
	}
	return m, nil
}

// AppendQuery appends a membership query built from m, with its checksum
// set, choosing the layout by m.Version:
//
//   - 1: 8 bytes, Max Resp 0; m.MaxResp is not sent.
//   - 2: 8 bytes, Max Resp Time in tenths of a second, rounded down, at
//     most 25.5 s and at least 0.1 s, since 0 would make it a v1 query.
//   - 3: 12 bytes plus the sources, Max Resp Code and QQIC encoded with
//     EncodeCode; a QRV above 7 is sent as 0, as RFC 3376 §4.1.6 says.
//
// The zero Group is sent as 0.0.0.0, a general query. AppendQuery panics
// on another version, an IPv6 group or source, or more than 65535 sources.
func AppendQuery(b []byte, m Message) []byte {
	start := len(b)
	group := m.Group
	if !group.IsValid() {
		group = netip.IPv4Unspecified()
	}
	g := group.As4()
	switch m.Version {
	case 1:
		b = append(b, byte(MembershipQuery), 0, 0, 0)
		b = append(b, g[:]...)
	case 2:
		tenths := min(max(m.MaxResp/(100*time.Millisecond), 1), 255)
		b = append(b, byte(MembershipQuery), byte(tenths), 0, 0)
		b = append(b, g[:]...)
	case 3:
		if len(m.Sources) > 0xFFFF {
			panic(fmt.Sprintf("igmp: AppendQuery: %d sources, at most 65535 fit", len(m.Sources)))
		}
		b = append(b, byte(MembershipQuery), EncodeCode(m.MaxResp, 100*time.Millisecond), 0, 0)
		b = append(b, g[:]...)
		flags := m.QRV
		if flags > 7 {
			flags = 0
		}
		if m.SFlag {
			flags |= 0x08
		}
		b = append(b, flags, EncodeCode(m.QQI, time.Second))
		b = binary.BigEndian.AppendUint16(b, uint16(len(m.Sources)))
		for _, s := range m.Sources {
			v := s.As4()
			b = append(b, v[:]...)
		}
	default:
		panic(fmt.Sprintf("igmp: AppendQuery: version %d, want 1, 2 or 3", m.Version))
	}
	binary.BigEndian.PutUint16(b[start+2:], checksum(b[start:]))
	return b
}

// EncodeCode converts d to RFC 3376's 8-bit time code (§4.1.1 Max Resp
// Code, §4.1.7 QQIC) in units of unit: below 128 units the value itself,
// above that a 3-bit exponent and 4-bit mantissa, (mant|0x10)<<(exp+3).
// It rounds down to the nearest encodable value, so a querier never waits
// longer than asked, and caps at 31744 units. A negative d encodes as 0.
// unit must be positive.
func EncodeCode(d time.Duration, unit time.Duration) uint8 {
	if unit <= 0 {
		panic(fmt.Sprintf("igmp: EncodeCode: unit %v", unit))
	}
	if d <= 0 {
		return 0
	}
	v := uint64(d / unit)
	switch {
	case v < 128:
		return uint8(v)
	case v >= 0x1F<<10:
		return 0xFF
	}
	// v has its top bit at position exp+7: the implicit 0x10 of the
	// mantissa shifted left by exp+3.
	exp := bits.Len64(v) - 8
	mant := (v >> (exp + 3)) & 0x0F
	return 0x80 | uint8(exp)<<4 | uint8(mant)
}

// decodeCode is the inverse of EncodeCode, in units.
func decodeCode(c uint8) uint32 {
	if c < 128 {
		return uint32(c)
	}
	mant, exp := uint32(c&0x0F), uint32(c>>4&0x07)
	return (mant | 0x10) << (exp + 3)
}

// checksum is the checksum b should carry in bytes 2..3.
func checksum(b []byte) uint16 {
	return ^onescomp.Fold(onescomp.Sum(b[:2]) + onescomp.Sum(b[4:]))
}
