package verify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/verify/pgm"
)

func FuzzParseRecord(f *testing.F) {
	sender := netip.MustParseAddr("192.0.2.1")
	for _, r := range []Record{
		{Kind: KindPGM, Run: 1, Sender: sender, Tick: 0},
		{Kind: KindMulticast, Done: true, Run: 0xdeadbeef, Sender: sender, Tick: 7},
		{Kind: KindCanary, Final: true, Run: 2, Sender: sender, Tick: 1 << 31},
		{Kind: KindUnicast, Done: true, Final: true, Run: 3, Sender: sender, Tick: 9,
			Heard: Counts{ODATA: 1, SPM: 2, Multicast: 3, Unicast: 4, Canary: 5}},
	} {
		f.Add(AppendRecord(nil, r))
	}
	f.Add([]byte("MCAV"))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRecord(b)
		if err != nil {
			if r != (Record{}) {
				t.Fatalf("error %v came with %+v", err, r)
			}
			if (len(b) < 4 || string(b[:4]) != recordMagic) != errors.Is(err, errNotRecord) {
				t.Fatalf("%x: error %v: errNotRecord is for payloads without the magic, and only them", b, err)
			}
			return
		}
		if got := AppendRecord(nil, r); !bytes.Equal(got, b) {
			t.Fatalf("ParseRecord(%x) = %+v, which re-encodes as %x", b, r, got)
		}
	})
}

// FuzzSessionOnPGM feeds a session arbitrary PGM from its peer. fixSum
// sets the PGM checksum first, so the fuzzer gets past it to the record;
// pinned has the peer's first ODATA arrive before, so its TSI and run are
// known.
func FuzzSessionOnPGM(f *testing.F) {
	_, b := newPair(nil)
	o0 := b.next(at(0), false) // SPM and ODATA
	o1 := b.next(at(1), false) // ODATA only
	f.Add(o0.ODATA, false, false)
	f.Add(o0.SPM, false, false)
	f.Add(o1.ODATA, false, true)
	f.Add(o0.SPM, false, true)
	f.Add(pgm.AppendODATA(nil, pgm.TSI{SourcePort: 9}, simPort, 3, 0, []byte("not a record")), false, false)
	f.Add(nak(tsiA, simPort, tsiA.SourcePort), false, false)
	f.Add(o1.ODATA[:20], true, true)
	f.Fuzz(func(t *testing.T, pkt []byte, fixSum, pinned bool) {
		pkt = bytes.Clone(pkt)
		if fixSum && len(pkt) >= 8 {
			pkt = checksummed(pkt)
		}
		a, _ := newPair(nil)
		if pinned {
			a.onPGM(hostB, o0.ODATA, at(0))
		}
		p := a.peers[0]
		before, invalidBefore := p.heard, total(p.invalid)

		a.onPGM(hostB, pkt, at(1))

		p = a.peers[0]
		after, invalid := p.heard, total(p.invalid)
		if after.Multicast != 0 || after.Unicast != 0 || after.Canary != 0 {
			t.Fatalf("PGM counted as UDP: %+v", after)
		}
		if invalid < invalidBefore || invalid > invalidBefore+1 {
			t.Fatalf("one packet made the invalid count go from %d to %d: %v", invalidBefore, invalid, p.invalid)
		}
		// Downstream PGM goes to the data-destination port; a NAK for this
		// host's session comes back with the ports swapped.
		down := len(pkt) >= 4 && binary.BigEndian.Uint16(pkt[2:4]) == simPort
		up := len(pkt) >= 4 && binary.BigEndian.Uint16(pkt[0:2]) == simPort && binary.BigEndian.Uint16(pkt[2:4]) == tsiA.SourcePort
		pk, err := pgm.Decode(pkt)
		if err != nil {
			if after != before {
				t.Fatalf("undecodable packet (%v) changed the counts from %+v to %+v", err, before, after)
			}
			if (down && invalid != invalidBefore+1) || (!down && !up && invalid != invalidBefore) {
				t.Fatalf("undecodable packet (%v), to the data port %v: invalid %v", err, down, p.invalid)
			}
			for k := range p.invalid {
				if !strings.HasPrefix(k, "PGM ") {
					t.Fatalf("decode failure named %q", k)
				}
			}
			return
		}
		if !down && (after != before || invalid != invalidBefore) {
			t.Fatalf("%v to port %d changed the counts from %+v to %+v, invalid %v", pk.Type, pk.DestPort, before, after, p.invalid)
		}
		if after.ODATA > before.ODATA {
			r, err := ParseRecord(pk.Data)
			if pk.Type != pgm.ODATA || after.ODATA != before.ODATA+1 || err != nil ||
				r.Kind != KindPGM || r.Sender != hostB || r.Tick != pk.SQN || p.tsi != pk.TSI {
				t.Fatalf("counted ODATA %d → %d from %+v (record %+v, %v)", before.ODATA, after.ODATA, pk, r, err)
			}
		}
		if after.SPM > before.SPM && pk.Type != pgm.ODATA && (pk.Type != pgm.SPM || pk.TSI != p.tsi || after.SPM != before.SPM+1) {
			t.Fatalf("counted SPMs %d → %d from %+v (peer TSI %v)", before.SPM, after.SPM, pk, p.tsi)
		}
	})
}

// FuzzCanaryPayload: whatever a packet socket reads, canaryPayload does not
// panic, and what it accepts is a UDP payload inside the packet.
func FuzzCanaryPayload(f *testing.F) {
	canary := CanaryGroup(simGroup)
	f.Add(ipv4UDP(hostB, canary, simPort, nil, []byte("MCAV")))
	f.Add(ipv4UDP(hostB, canary, simPort, []byte{0x94, 0x04, 0, 0}, nil))
	f.Add(ipv4UDP(hostB, simGroup, simPort, nil, []byte("x")))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, pl, ok := canaryPayload(b, canary, simPort)
		if !ok {
			if src.IsValid() || pl != nil {
				t.Fatalf("rejected with %s %x", src, pl)
			}
			return
		}
		ihl := int(b[0]&0x0f) * 4
		ulen := int(binary.BigEndian.Uint16(b[ihl+4:]))
		if ihl+ulen > len(b) || !bytes.Equal(pl, b[ihl+8:ihl+ulen]) || netip.AddrFrom4([4]byte(b[16:20])) != canary ||
			src != netip.AddrFrom4([4]byte(b[12:16])) || binary.BigEndian.Uint16(b[ihl+2:]) != simPort {
			t.Fatalf("accepted %x: %s %x", b, src, pl)
		}
	})
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
