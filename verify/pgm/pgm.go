// Package pgm encodes and decodes PGM (RFC 3208) packets as carried
// directly over IP protocol 113: just enough of the protocol for a
// connectivity probe (SPM + ODATA), and a decoder strict enough to reject
// what OpenPGM would drop.
package pgm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"

	"github.com/mcaudit/mcaudit/verify/internal/onescomp"
)

// Protocol is the IP protocol number PGM runs over.
const Protocol = 113

// Type is the PGM packet type (the low nibble of the header's type byte).
type Type uint8

// Packet types (RFC 3208 §8; ACK is PGMCC's, numbered as OpenPGM does —
// Wireshark also accepts 0x0B, which this package rejects as OpenPGM does).
const (
	SPM   Type = 0x00
	POLL  Type = 0x01
	POLR  Type = 0x02
	ODATA Type = 0x04
	RDATA Type = 0x05
	NAK   Type = 0x08
	NNAK  Type = 0x09
	NCF   Type = 0x0A
	SPMR  Type = 0x0C
	ACK   Type = 0x0D
)

var typeNames = [...]string{
	SPM: "SPM", POLL: "POLL", POLR: "POLR", ODATA: "ODATA", RDATA: "RDATA",
	NAK: "NAK", NNAK: "NNAK", NCF: "NCF", SPMR: "SPMR", ACK: "ACK",
}

func (t Type) known() bool { return int(t) < len(typeNames) && typeNames[t] != "" }

func (t Type) String() string {
	if t.known() {
		return typeNames[t]
	}
	return fmt.Sprintf("type %#x", uint8(t))
}

// TSI identifies a PGM transport session: the source's GSI and data-source port.
type TSI struct {
	GSI        [6]byte
	SourcePort uint16
}

// String formats t as OpenPGM's pgm_tsi_print does ("1.2.3.4.5.6.4660"),
// so log lines can be matched against an OpenPGM peer's.
func (t TSI) String() string {
	g := t.GSI
	return fmt.Sprintf("%d.%d.%d.%d.%d.%d.%d", g[0], g[1], g[2], g[3], g[4], g[5], t.SourcePort)
}

// Packet is one decoded PGM packet. Fields not used by Type stay zero.
type Packet struct {
	TSI        TSI // GSI + source port (the header's source port field)
	DestPort   uint16
	Type       Type
	Options    uint8  // header option flags (OPT_PRESENT 0x01, OPT_NETWORK 0x02, ...)
	Checksum   uint16 // as received
	TSDULength uint16

	// SPM: SPM_SQN/TRAIL/LEAD; ODATA/RDATA: SQN/TRAIL; NAK/NNAK/NCF:
	// the requested sequence number in SQN.
	SQN, Trail, Lead uint32

	PathNLA       netip.Addr // SPM
	Source, Group netip.Addr // NAK, NNAK, NCF

	OptionTypes []uint8 // option extension types after OPT_LENGTH, in order, without the END bit; nil when none
	FIN         bool    // OPT_FIN present
	Data        []byte  // ODATA/RDATA TSDU; aliases the input; nil when empty
}

// Errors Decode wraps, so a receiver can count drops by reason.
var (
	ErrTruncated  = errors.New("truncated")
	ErrVersion    = errors.New("unsupported version or reserved bits set")
	ErrType       = errors.New("unknown type")
	ErrChecksum   = errors.New("bad checksum")
	ErrNoChecksum = errors.New("checksum missing on a data packet")
	ErrTSDU       = errors.New("TSDU length does not match the payload")
	ErrOptions    = errors.New("malformed options")
	ErrAFI        = errors.New("unknown address family")
	ErrWindow     = errors.New("trail ahead of sequence number")
)

const (
	headerLen     = 16
	dataHeaderLen = 24 // header + SQN + TRAIL
	maxTSDU       = 65535 - dataHeaderLen

	optPresent = 0x01 // header Options bit: extensions follow

	optLength  = 0x00
	optFIN     = 0x0E
	optEnd     = 0x80
	maxOptions = 16 // RFC 3208 §9; OpenPGM counts the extensions after OPT_LENGTH

	afiIPv4 = 1
	afiIPv6 = 2
)

// Checksum returns the PGM checksum of the packet b: the ones'-complement
// of the ones'-complement sum over b with bytes 6..7 (the checksum field)
// taken as zero, so it can be called on a finished packet. A computed 0
// is returned as 0xFFFF, because a transmitted 0 means "no checksum".
func Checksum(b []byte) uint16 {
	var s uint64
	if len(b) >= 8 {
		s = uint64(binary.BigEndian.Uint16(b[0:])) +
			uint64(binary.BigEndian.Uint16(b[2:])) +
			uint64(binary.BigEndian.Uint16(b[4:])) +
			onescomp.Sum(b[8:])
	} else {
		var h [8]byte
		copy(h[:6], b)
		s = onescomp.Sum(h[:])
	}
	c := ^onescomp.Fold(s)
	if c == 0 {
		c = 0xFFFF
	}
	return c
}

// AppendSPM appends an SPM with an IPv4 or IPv6 path NLA (AFI 1 or 2) and
// its checksum set. It panics if nla is the zero Addr: the NLA is where
// receivers send NAKs, so sending a made-up one would be worse.
func AppendSPM(b []byte, tsi TSI, dport uint16, sqn, trail, lead uint32, nla netip.Addr) []byte {
	return appendSPM(b, tsi, dport, sqn, trail, lead, nla, false)
}

// AppendSPMFIN is AppendSPM with OPT_FIN, as OpenPGM sends on close:
// Options 0x01, then OPT_LENGTH (total 8) and OPT_FIN|END (8e 04 00 00).
func AppendSPMFIN(b []byte, tsi TSI, dport uint16, sqn, trail, lead uint32, nla netip.Addr) []byte {
	return appendSPM(b, tsi, dport, sqn, trail, lead, nla, true)
}

func appendSPM(b []byte, tsi TSI, dport uint16, sqn, trail, lead uint32, nla netip.Addr, fin bool) []byte {
	start := len(b)
	var opts uint8
	if fin {
		opts = optPresent
	}
	b = appendHeader(b, tsi, dport, SPM, opts, 0)
	b = binary.BigEndian.AppendUint32(b, sqn)
	b = binary.BigEndian.AppendUint32(b, trail)
	b = binary.BigEndian.AppendUint32(b, lead)
	b = appendNLA(b, nla)
	if fin {
		b = append(b, optLength, 4, 0, 8, optFIN|optEnd, 4, 0, 0)
	}
	return setChecksum(b, start)
}

// AppendODATA appends an ODATA packet carrying data, with TSDU length and
// checksum set. It panics if len(data) > 65511, the most that keeps the
// packet within the 16-bit lengths of IP and the TSDU field.
func AppendODATA(b []byte, tsi TSI, dport uint16, sqn, trail uint32, data []byte) []byte {
	if len(data) > maxTSDU {
		panic(fmt.Sprintf("pgm: AppendODATA: %d bytes of data, at most %d fit", len(data), maxTSDU))
	}
	start := len(b)
	b = appendHeader(b, tsi, dport, ODATA, 0, uint16(len(data)))
	b = binary.BigEndian.AppendUint32(b, sqn)
	b = binary.BigEndian.AppendUint32(b, trail)
	b = append(b, data...)
	return setChecksum(b, start)
}

func appendHeader(b []byte, tsi TSI, dport uint16, t Type, opts uint8, tsdu uint16) []byte {
	b = binary.BigEndian.AppendUint16(b, tsi.SourcePort)
	b = binary.BigEndian.AppendUint16(b, dport)
	b = append(b, byte(t), opts, 0, 0)
	b = append(b, tsi.GSI[:]...)
	return binary.BigEndian.AppendUint16(b, tsdu)
}

func appendNLA(b []byte, a netip.Addr) []byte {
	switch {
	case a.Is4():
		v := a.As4()
		b = append(b, 0, afiIPv4, 0, 0)
		return append(b, v[:]...)
	case a.Is6():
		v := a.As16()
		b = append(b, 0, afiIPv6, 0, 0)
		return append(b, v[:]...)
	}
	panic("pgm: NLA address is not set")
}

// setChecksum fills in the checksum of the packet that starts at b[start].
func setChecksum(b []byte, start int) []byte {
	binary.BigEndian.PutUint16(b[start+6:], Checksum(b[start:]))
	return b
}

// Decode parses and checks one PGM packet (the IP payload). On error the
// Packet is zero. The checks run in this order and the first failure is
// returned: header size, version bits, type, the size of the type's fixed
// part (ErrTruncated), checksum, address families, options, TSDU length,
// window. The fixed part is checked before the checksum so that a packet
// cut short is named as such; a cut in the options or data, which the
// checksum covers, shows as ErrChecksum, as it does to OpenPGM.
//
// POLL, POLR, SPMR and ACK are accepted on their common header alone.
func Decode(b []byte) (Packet, error) {
	if len(b) < headerLen {
		return Packet{}, fmt.Errorf("pgm: %d bytes, the header alone is %d: %w", len(b), headerLen, ErrTruncated)
	}
	if b[4]&0xF0 != 0 {
		return Packet{}, fmt.Errorf("pgm: type byte %#02x: %w", b[4], ErrVersion)
	}
	p := Packet{
		TSI:        TSI{SourcePort: binary.BigEndian.Uint16(b[0:])},
		DestPort:   binary.BigEndian.Uint16(b[2:]),
		Type:       Type(b[4]),
		Options:    b[5],
		Checksum:   binary.BigEndian.Uint16(b[6:]),
		TSDULength: binary.BigEndian.Uint16(b[14:]),
	}
	copy(p.TSI.GSI[:], b[8:14])
	if !p.Type.known() {
		return Packet{}, fmt.Errorf("pgm: %v: %w", p.Type, ErrType)
	}
	isData := p.Type == ODATA || p.Type == RDATA

	n := fixedLen(p.Type, b)
	if len(b) < n {
		return Packet{}, fmt.Errorf("pgm: %v of %d bytes, its fixed part is %d: %w", p.Type, len(b), n, ErrTruncated)
	}

	if p.Checksum != 0 {
		if c := Checksum(b); c != p.Checksum {
			return Packet{}, fmt.Errorf("pgm: %v checksum %#04x, computed %#04x: %w", p.Type, p.Checksum, c, ErrChecksum)
		}
	} else if isData {
		return Packet{}, fmt.Errorf("pgm: %v: %w", p.Type, ErrNoChecksum)
	}

	var err error
	switch p.Type {
	case SPM:
		p.SQN = binary.BigEndian.Uint32(b[16:])
		p.Trail = binary.BigEndian.Uint32(b[20:])
		p.Lead = binary.BigEndian.Uint32(b[24:])
		if p.PathNLA, err = nla(b, 28); err != nil {
			return Packet{}, err
		}
	case ODATA, RDATA:
		p.SQN = binary.BigEndian.Uint32(b[16:])
		p.Trail = binary.BigEndian.Uint32(b[20:])
	case NAK, NNAK, NCF:
		p.SQN = binary.BigEndian.Uint32(b[16:])
		if p.Source, err = nla(b, 20); err != nil {
			return Packet{}, err
		}
		if p.Group, err = nla(b, 24+p.Source.BitLen()/8); err != nil {
			return Packet{}, err
		}
	default:
		return p, nil
	}

	off := n
	if p.Options&optPresent != 0 {
		if off, err = p.walkOptions(b, off); err != nil {
			return Packet{}, err
		}
	}

	if !isData {
		return p, nil
	}
	if len(b)-off != int(p.TSDULength) {
		return Packet{}, fmt.Errorf("pgm: %v carries %d bytes of data at offset %d, TSDU length says %d: %w",
			p.Type, len(b)-off, off, p.TSDULength, ErrTSDU)
	}
	if len(b) > off {
		p.Data = b[off:]
	}
	// OpenPGM's receive window (rxw.c) drops these rather than treat the
	// whole sequence space as repairable.
	if p.SQN-p.Trail >= 1<<31-1 {
		return Packet{}, fmt.Errorf("pgm: %v sqn %d, trail %d: %w", p.Type, p.SQN, p.Trail, ErrWindow)
	}
	return p, nil
}

// DecodeHeader reads what a packet cut short still shows - a capture's
// snap length cuts most - without the checksum, which covers bytes that
// are not there: the common header, and a data packet's or SPM's sequence
// number where its bytes are. It checks nothing but the version bits and
// the type. Decode whole packets; this is for the rest.
func DecodeHeader(b []byte) (Packet, error) {
	if len(b) < headerLen {
		return Packet{}, fmt.Errorf("pgm: %d bytes, the header alone is %d: %w", len(b), headerLen, ErrTruncated)
	}
	if b[4]&0xF0 != 0 {
		return Packet{}, fmt.Errorf("pgm: type byte %#02x: %w", b[4], ErrVersion)
	}
	p := Packet{
		TSI:        TSI{SourcePort: binary.BigEndian.Uint16(b[0:])},
		DestPort:   binary.BigEndian.Uint16(b[2:]),
		Type:       Type(b[4]),
		Options:    b[5],
		Checksum:   binary.BigEndian.Uint16(b[6:]),
		TSDULength: binary.BigEndian.Uint16(b[14:]),
	}
	copy(p.TSI.GSI[:], b[8:14])
	if !p.Type.known() {
		return Packet{}, fmt.Errorf("pgm: %v: %w", p.Type, ErrType)
	}
	switch p.Type {
	case SPM, ODATA, RDATA, NAK, NNAK, NCF:
		if len(b) >= 20 {
			p.SQN = binary.BigEndian.Uint32(b[16:])
		}
	}
	return p, nil
}

// fixedLen is the size of t's header and type-specific part. NLA sizes
// come from their AFI fields where b holds them; an unknown or unreadable
// AFI counts as IPv4 so that ErrAFI is only reported once the checksum
// has vouched for the field.
func fixedLen(t Type, b []byte) int {
	switch t {
	case SPM:
		return 32 + nlaLen(b, 28)
	case ODATA, RDATA:
		return dataHeaderLen
	case NAK, NNAK, NCF:
		src := nlaLen(b, 20)
		return 28 + src + nlaLen(b, 24+src)
	}
	return headerLen
}

func nlaLen(b []byte, off int) int {
	if len(b) >= off+2 && binary.BigEndian.Uint16(b[off:]) == afiIPv6 {
		return 16
	}
	return 4
}

// nla reads an AFI, a reserved 16 bits and the address at b[off:]; the
// caller has checked the length with fixedLen.
func nla(b []byte, off int) (netip.Addr, error) {
	switch afi := binary.BigEndian.Uint16(b[off:]); afi {
	case afiIPv4:
		return netip.AddrFrom4([4]byte(b[off+4 : off+8])), nil
	case afiIPv6:
		return netip.AddrFrom16([16]byte(b[off+4 : off+20])), nil
	default:
		return netip.Addr{}, fmt.Errorf("pgm: NLA at offset %d: AFI %d: %w", off, afi, ErrAFI)
	}
}

// walkOptions checks the option extensions that start at b[off:] and
// records them in p. It returns the offset just past them.
func (p *Packet) walkOptions(b []byte, off int) (int, error) {
	if len(b)-off < 4 {
		return 0, fmt.Errorf("pgm: options at offset %d: %d bytes left, OPT_LENGTH needs 4: %w", off, len(b)-off, ErrOptions)
	}
	if b[off] != optLength || b[off+1] != 4 {
		return 0, fmt.Errorf("pgm: option at offset %d: type %#02x length %d, the first must be OPT_LENGTH of length 4: %w",
			off, b[off], b[off+1], ErrOptions)
	}
	total := int(binary.BigEndian.Uint16(b[off+2:]))
	end := off + total
	if total < 8 || end > len(b) {
		// Less than 8 cannot hold OPT_LENGTH and the option carrying END.
		return 0, fmt.Errorf("pgm: OPT_LENGTH at offset %d: total %d, %d bytes left: %w", off, total, len(b)-off, ErrOptions)
	}
	for o := off + 4; ; {
		if o == end {
			return 0, fmt.Errorf("pgm: options at offset %d: no option has the END bit within the %d-byte total: %w", off, total, ErrOptions)
		}
		if end-o < 4 {
			return 0, fmt.Errorf("pgm: option at offset %d: %d bytes left of the options total, a header needs 4: %w", o, end-o, ErrOptions)
		}
		typ, n := b[o], int(b[o+1])
		if n < 4 || o+n > end {
			return 0, fmt.Errorf("pgm: option at offset %d: length %d, %d bytes left of the options total: %w", o, n, end-o, ErrOptions)
		}
		if typ&^optEnd == optLength {
			return 0, fmt.Errorf("pgm: option at offset %d: OPT_LENGTH again: %w", o, ErrOptions)
		}
		if len(p.OptionTypes) == maxOptions {
			return 0, fmt.Errorf("pgm: option at offset %d: more than %d options: %w", o, maxOptions, ErrOptions)
		}
		p.OptionTypes = append(p.OptionTypes, typ&^optEnd)
		if typ&^optEnd == optFIN {
			p.FIN = true
		}
		o += n
		if typ&optEnd != 0 {
			if o != end {
				return 0, fmt.Errorf("pgm: option at offset %d: END bit set with %d bytes of the options total after it: %w", o-n, end-o, ErrOptions)
			}
			return end, nil
		}
	}
}
