package verify

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// Kind is what carried a probe record.
type Kind uint8

// Kinds. Every tick a host sends one record of each kind, all with the same
// tick number, so a receiver can tell per kind what went missing.
const (
	KindPGM       Kind = 1 // PGM ODATA to the group, IP protocol 113
	KindMulticast Kind = 2 // UDP to the group: the control for PGM
	KindUnicast   Kind = 3 // UDP to each peer: the control for multicast, and the feedback channel
	KindCanary    Kind = 4 // UDP to a group nobody joins: is unregistered multicast flooded?
)

func (k Kind) String() string {
	switch k {
	case KindPGM:
		return "pgm"
	case KindMulticast:
		return "udp-multicast"
	case KindUnicast:
		return "unicast"
	case KindCanary:
		return "canary"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// Counts is what one host has received from another, by kind.
type Counts struct {
	ODATA     uint32 `json:"pgm_odata"`
	SPM       uint32 `json:"pgm_spm"`
	Multicast uint32 `json:"udp_multicast"`
	Unicast   uint32 `json:"unicast"`
	Canary    uint32 `json:"canary"`
}

// Record is the payload of every probe packet. Unicast records also carry
// the sender's report on the recipient, so each host learns both
// directions of every path without a separate control protocol: what it
// received, what it expected of each kind (the ticks since that kind first
// arrived), and the recipient's run as it learned it from the recipient's
// own packets.
type Record struct {
	Kind     Kind
	Done     bool // the sender has its verdict; it keeps sending for a while
	Final    bool // the sender stops after this tick
	Run      uint64
	Sender   netip.Addr
	Tick     uint32
	Heard    Counts // unicast only
	Expected Counts // unicast only; SPM and Canary stay 0
	Echo     uint64 // unicast only: the recipient's run, 0 before it was heard
}

const (
	recordMagic   = "MCAV"
	recordVersion = 2
	recordLen     = 24
	reportLen     = 48
)

const (
	flagDone  = 1 << 0
	flagFinal = 1 << 1
)

var errNotRecord = errors.New("not an mcaudit probe record")

// AppendRecord appends r's wire form to b.
func AppendRecord(b []byte, r Record) []byte {
	var flags byte
	if r.Done {
		flags |= flagDone
	}
	if r.Final {
		flags |= flagFinal
	}
	b = append(b, recordMagic...)
	b = append(b, recordVersion, byte(r.Kind), flags, 0)
	b = binary.BigEndian.AppendUint64(b, r.Run)
	a := r.Sender.As4()
	b = append(b, a[:]...)
	b = binary.BigEndian.AppendUint32(b, r.Tick)
	if r.Kind == KindUnicast {
		for _, c := range []Counts{r.Heard, r.Expected} {
			for _, v := range []uint32{c.ODATA, c.SPM, c.Multicast, c.Unicast, c.Canary} {
				b = binary.BigEndian.AppendUint32(b, v)
			}
		}
		b = binary.BigEndian.AppendUint64(b, r.Echo)
	}
	return b
}

func readCounts(p []byte) Counts {
	return Counts{
		ODATA:     binary.BigEndian.Uint32(p[0:]),
		SPM:       binary.BigEndian.Uint32(p[4:]),
		Multicast: binary.BigEndian.Uint32(p[8:]),
		Unicast:   binary.BigEndian.Uint32(p[12:]),
		Canary:    binary.BigEndian.Uint32(p[16:]),
	}
}

// ParseRecord decodes a probe record. Anything that does not start with
// the magic is somebody else's traffic and gets errNotRecord, so callers
// can ignore it quietly; a record that starts right but is wrong is an error
// worth counting.
func ParseRecord(b []byte) (Record, error) {
	if len(b) < 4 || string(b[:4]) != recordMagic {
		return Record{}, errNotRecord
	}
	if len(b) < recordLen {
		return Record{}, fmt.Errorf("probe record of %d bytes, want at least %d", len(b), recordLen)
	}
	if b[4] != recordVersion {
		return Record{}, fmt.Errorf("probe record version %d, want %d (is the peer running another mcaudit version?)", b[4], recordVersion)
	}
	if b[6]&^(flagDone|flagFinal) != 0 || b[7] != 0 {
		return Record{}, fmt.Errorf("probe record flags %#02x, reserved %#02x: bits version %d does not define", b[6], b[7], recordVersion)
	}
	r := Record{
		Kind:   Kind(b[5]),
		Done:   b[6]&flagDone != 0,
		Final:  b[6]&flagFinal != 0,
		Run:    binary.BigEndian.Uint64(b[8:16]),
		Sender: netip.AddrFrom4([4]byte(b[16:20])),
		Tick:   binary.BigEndian.Uint32(b[20:24]),
	}
	want := recordLen
	switch r.Kind {
	case KindPGM, KindMulticast, KindCanary:
	case KindUnicast:
		want += reportLen
		if len(b) < want {
			return Record{}, fmt.Errorf("unicast probe record of %d bytes, want %d", len(b), want)
		}
		p := b[recordLen:]
		r.Heard, r.Expected = readCounts(p[0:20]), readCounts(p[20:40])
		r.Echo = binary.BigEndian.Uint64(p[40:48])
	default:
		return Record{}, fmt.Errorf("probe record kind %d unknown", b[5])
	}
	if len(b) != want {
		return Record{}, fmt.Errorf("probe record of %d bytes, want %d for %s", len(b), want, r.Kind)
	}
	return r, nil
}
