package pgm

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

// The vectors of verify.md §1.9; libpgm accepted packets of exactly this form.
const (
	vecSPM0  = "12341d4c0000057101020304050600000000000000000000ffffffff00010000c0000201"
	vecODATA = "12341d4c04007f9c0102030405060005000000000000000068656c6c6f"
	vecSPM1  = "12341d4c00000570010203040506000000000001000000000000000000010000c0000201"

	// The checksums of these were computed outside Go (Python, verify.md's
	// algorithm), so the tests do not check the code against itself.
	vecSPMFIN  = "12341d4c0001775b010203040506000000000002000000000000000200010000c0000201000400088e040000"
	vecSPM6    = "12341d4c000099b601020304050600000000000100000000000000000002000020010db8000000000000000000000001"
	vecODATAFr = "12341d4c0401d9c90102030405060002000000070000000500040014811000000000000700000000000000026869" // OPT_LENGTH + OPT_FRAGMENT|END, "hi"
)

var (
	testTSI = TSI{GSI: [6]byte{1, 2, 3, 4, 5, 6}, SourcePort: 0x1234}
	testNLA = netip.MustParseAddr("192.0.2.1")
)

const testDPort = 7500

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutate returns a copy of b changed by f, with the checksum recomputed
// unless keepSum, so that the check under test is the one that fails.
func mutate(b []byte, keepSum bool, f func(b []byte)) []byte {
	c := bytes.Clone(b)
	f(c)
	if !keepSum {
		binary.BigEndian.PutUint16(c[6:], Checksum(c))
	}
	return c
}

// withOptions inserts opts after the fixed part (at off) of a packet and
// sets OPT_PRESENT; TSDU length is left alone.
func withOptions(b []byte, off int, opts []byte) []byte {
	c := append(append(append([]byte{}, b[:off]...), opts...), b[off:]...)
	c[5] |= optPresent
	binary.BigEndian.PutUint16(c[6:], Checksum(c))
	return c
}

func TestVectors(t *testing.T) {
	tests := []struct {
		name   string
		encode func() []byte
		hex    string
		want   Packet
	}{{
		name:   "SPM sqn 0, empty window",
		encode: func() []byte { return AppendSPM(nil, testTSI, testDPort, 0, 0, 0xFFFFFFFF, testNLA) },
		hex:    vecSPM0,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Checksum: 0x0571,
			SQN: 0, Trail: 0, Lead: 0xFFFFFFFF, PathNLA: testNLA},
	}, {
		name:   "ODATA hello",
		encode: func() []byte { return AppendODATA(nil, testTSI, testDPort, 0, 0, []byte("hello")) },
		hex:    vecODATA,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ODATA, Checksum: 0x7f9c, TSDULength: 5,
			Data: []byte("hello")},
	}, {
		name:   "SPM sqn 1, lead 0",
		encode: func() []byte { return AppendSPM(nil, testTSI, testDPort, 1, 0, 0, testNLA) },
		hex:    vecSPM1,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Checksum: 0x0570,
			SQN: 1, PathNLA: testNLA},
	}, {
		name:   "SPM with OPT_FIN",
		encode: func() []byte { return AppendSPMFIN(nil, testTSI, testDPort, 2, 0, 2, testNLA) },
		hex:    vecSPMFIN,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Options: 0x01, Checksum: 0x775b,
			SQN: 2, Lead: 2, PathNLA: testNLA, OptionTypes: []uint8{0x0E}, FIN: true},
	}, {
		name: "SPM with IPv6 NLA",
		encode: func() []byte {
			return AppendSPM(nil, testTSI, testDPort, 1, 0, 0, netip.MustParseAddr("2001:db8::1"))
		},
		hex: vecSPM6,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Checksum: 0x99b6,
			SQN: 1, PathNLA: netip.MustParseAddr("2001:db8::1")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hex.EncodeToString(tt.encode()); got != tt.hex {
				t.Errorf("encoded\n got %s\nwant %s", got, tt.hex)
			}
			got, err := Decode(unhex(t, tt.hex))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// The checksum covers only the appended packet, not what b already held.
func TestAppendKeepsPrefix(t *testing.T) {
	prefix := []byte("prefix")
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"SPM", AppendSPM(bytes.Clone(prefix), testTSI, testDPort, 0, 0, 0xFFFFFFFF, testNLA), vecSPM0},
		{"SPMFIN", AppendSPMFIN(bytes.Clone(prefix), testTSI, testDPort, 2, 0, 2, testNLA), vecSPMFIN},
		{"ODATA", AppendODATA(bytes.Clone(prefix), testTSI, testDPort, 0, 0, []byte("hello")), vecODATA},
	}
	for _, tt := range tests {
		want := append(bytes.Clone(prefix), unhex(t, tt.want)...)
		if !bytes.Equal(tt.got, want) {
			t.Errorf("%s: got %x, want %x", tt.name, tt.got, want)
		}
	}
}

func TestAppendPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"ODATA too long", func() { AppendODATA(nil, testTSI, testDPort, 0, 0, make([]byte, maxTSDU+1)) }},
		{"SPM without NLA", func() { AppendSPM(nil, testTSI, testDPort, 0, 0, 0, netip.Addr{}) }},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.name)
				}
			}()
			tt.f()
		}()
	}
	// The largest payload that fits must not panic and must decode.
	b := AppendODATA(nil, testTSI, testDPort, 0, 0, make([]byte, maxTSDU))
	if p, err := Decode(b); err != nil || len(p.Data) != maxTSDU || p.TSDULength != maxTSDU {
		t.Errorf("maximal ODATA: len(Data) %d, TSDULength %d, err %v", len(p.Data), p.TSDULength, err)
	}
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{SPM, "SPM"}, {POLL, "POLL"}, {POLR, "POLR"}, {ODATA, "ODATA"}, {RDATA, "RDATA"},
		{NAK, "NAK"}, {NNAK, "NNAK"}, {NCF, "NCF"}, {SPMR, "SPMR"}, {ACK, "ACK"},
		{0x03, "type 0x3"}, {0x0B, "type 0xb"}, {0x0F, "type 0xf"}, {0xFF, "type 0xff"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("Type(%#x).String() = %q, want %q", uint8(tt.t), got, tt.want)
		}
	}
}

func TestTSIString(t *testing.T) {
	tests := []struct {
		tsi  TSI
		want string
	}{
		{testTSI, "1.2.3.4.5.6.4660"},
		{TSI{GSI: [6]byte{255, 0, 10, 128, 99, 7}, SourcePort: 65535}, "255.0.10.128.99.7.65535"},
		{TSI{}, "0.0.0.0.0.0.0"},
	}
	for _, tt := range tests {
		if got := tt.tsi.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.tsi, got, tt.want)
		}
	}
}

func TestChecksum(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want uint16
	}{
		{"SPM vector", unhex(t, vecSPM0), 0x0571},
		{"odd length ODATA vector", unhex(t, vecODATA), 0x7f9c},
		// ~0x0100: an odd final byte is the high half of a zero-padded word.
		{"one byte", []byte{0x01}, 0xFEFF},
		// Bytes 6..7 are skipped even when the input ends inside them.
		{"seven bytes", []byte{0, 0, 0, 0, 0, 1, 0xAB}, 0xFFFE},
		{"field ignored", []byte{0, 1, 0, 0, 0, 0, 0xAB, 0xCD, 0x12}, ^uint16(0x1201)},
		// 0x1234 + 0xEDCB = 0xFFFF, whose complement 0 is sent as 0xFFFF.
		{"computed zero", []byte{0x12, 0x34, 0xED, 0xCB, 0, 0, 0, 0}, 0xFFFF},
		{"all zero", make([]byte, 16), 0xFFFF},
		{"empty", nil, 0xFFFF},
	}
	for _, tt := range tests {
		if got := Checksum(tt.in); got != tt.want {
			t.Errorf("%s: Checksum = %#04x, want %#04x", tt.name, got, tt.want)
		}
	}
}

func TestChecksumOfFinishedPacket(t *testing.T) {
	for _, h := range []string{vecSPM0, vecODATA, vecSPM1, vecSPMFIN, vecSPM6, vecODATAFr} {
		b := unhex(t, h)
		if got, field := Checksum(b), binary.BigEndian.Uint16(b[6:]); got != field {
			t.Errorf("%s: Checksum = %#04x, field %#04x", h, got, field)
		}
	}
}

// A packet whose sum complements to 0 goes out as 0xFFFF and must be
// accepted: 0 would read as "no checksum", which ODATA may not have.
func TestChecksumZeroSentAsFFFF(t *testing.T) {
	base := AppendODATA(nil, testTSI, testDPort, 0, 0, []byte{0, 0})
	// Adding the word c to a packet whose checksum is c makes the sum
	// 0xFFFF, so the computed checksum becomes 0.
	payload := base[6:8]
	b := AppendODATA(nil, testTSI, testDPort, 0, 0, payload)
	if got := binary.BigEndian.Uint16(b[6:]); got != 0xFFFF {
		t.Fatalf("checksum field %#04x, want 0xffff", got)
	}
	if _, err := Decode(b); err != nil {
		t.Errorf("Decode: %v", err)
	}
}

func TestDecodeOK(t *testing.T) {
	spm := unhex(t, vecSPM0)
	odata := unhex(t, vecODATA)
	addr := netip.MustParseAddr

	nak := mustHexf(t, "43211d4c08000000010203040506 0000 00000007 0001 0000 c0000201 0001 0000 efc0000a")
	ncfMixed := mustHexf(t, "12341d4c0a000000010203040506 0000 00000009 0002 0000 20010db8000000000000000000000001 0001 0000 efc0000a")

	tests := []struct {
		name string
		in   []byte
		want Packet
	}{{
		name: "SPM without checksum",
		in:   mutate(spm, true, func(b []byte) { b[6], b[7] = 0, 0 }),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Lead: 0xFFFFFFFF, PathNLA: testNLA},
	}, {
		name: "ODATA with OPT_FRAGMENT: data after the options",
		in:   unhex(t, vecODATAFr),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ODATA, Options: 0x01, Checksum: 0xd9c9,
			TSDULength: 2, SQN: 7, Trail: 5, OptionTypes: []uint8{0x01}, Data: []byte("hi")},
	}, {
		name: "ODATA without payload",
		in:   AppendODATA(nil, testTSI, testDPort, 3, 1, nil),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ODATA, Checksum: 0xc36f, SQN: 3, Trail: 1},
	}, {
		name: "RDATA",
		in:   mutate(odata, false, func(b []byte) { b[4] = byte(RDATA) }),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: RDATA, Checksum: 0x7e9c, TSDULength: 5, Data: []byte("hello")},
	}, {
		// sqn - trail = 2^31 - 2, the widest window OpenPGM still takes.
		name: "ODATA widest window",
		in:   AppendODATA(nil, testTSI, testDPort, 0x7FFFFFFE, 0, nil),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ODATA, Checksum: 0x4375, SQN: 0x7FFFFFFE},
	}, {
		name: "ODATA window across the wrap",
		in:   AppendODATA(nil, testTSI, testDPort, 2, 0xFFFFFFF0, nil),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ODATA, Checksum: 0xc380, SQN: 2, Trail: 0xFFFFFFF0},
	}, {
		name: "NAK IPv4/IPv4",
		in:   nak,
		want: Packet{TSI: TSI{GSI: testTSI.GSI, SourcePort: 0x4321}, DestPort: testDPort, Type: NAK,
			SQN: 7, Source: testNLA, Group: addr("239.192.0.10")},
	}, {
		name: "NCF IPv6 source, IPv4 group",
		in:   ncfMixed,
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: NCF,
			SQN: 9, Source: addr("2001:db8::1"), Group: addr("239.192.0.10")},
	}, {
		name: "NNAK with OPT_NAK_LIST",
		in: withOptions(mutate(nak, true, func(b []byte) { b[4] = byte(NNAK) }), 36,
			mustHexf(t, "0004000c 82080000 00000008")),
		want: Packet{TSI: TSI{GSI: testTSI.GSI, SourcePort: 0x4321}, DestPort: testDPort, Type: NNAK, Options: 0x01,
			Checksum: 0x598f, SQN: 7, Source: testNLA, Group: addr("239.192.0.10"), OptionTypes: []uint8{0x02}},
	}, {
		name: "POLL: header only",
		in:   mutate(spm[:16], false, func(b []byte) { b[4] = byte(POLL) }),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: POLL, Checksum: 0xc673},
	}, {
		name: "SPMR without checksum",
		in:   mutate(spm[:16], true, func(b []byte) { b[4], b[6], b[7] = byte(SPMR), 0, 0 }),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPMR},
	}, {
		name: "ACK with a body",
		in:   mutate(spm, false, func(b []byte) { b[4] = byte(ACK) }),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: ACK, Checksum: 0xf870},
	}, {
		name: "SPM with 16 options",
		in: withOptions(spm, 36, append(mustHexf(t, "00040044"),
			append(bytes.Repeat(mustHexf(t, "04040000"), 15), mustHexf(t, "8e040000")...)...)),
		want: Packet{TSI: testTSI, DestPort: testDPort, Type: SPM, Options: 0x01, Checksum: 0x3ae7,
			Lead: 0xFFFFFFFF, PathNLA: testNLA, FIN: true,
			OptionTypes: []uint8{4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0x0E}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if err != nil {
				t.Fatalf("Decode(%x): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%x)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

// mustHexf is unhex that allows spaces, for packets written field by field.
func mustHexf(t testing.TB, s string) []byte {
	t.Helper()
	return unhex(t, string(bytes.ReplaceAll([]byte(s), []byte(" "), nil)))
}

func TestDecodeErrors(t *testing.T) {
	spm := unhex(t, vecSPM0)
	spm6 := unhex(t, vecSPM6)
	odata := unhex(t, vecODATA)
	nak := mustHexf(t, "43211d4c08000000010203040506 0000 00000007 0001 0000 c0000201 0001 0000 efc0000a")
	opts := func(b []byte, off int, o string) []byte { return withOptions(b, off, mustHexf(t, o)) }

	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"version 1", mutate(spm, false, func(b []byte) { b[4] |= 0x40 }), ErrVersion},
		{"version 2", mutate(odata, false, func(b []byte) { b[4] |= 0x80 }), ErrVersion},
		{"reserved bit", mutate(spm, false, func(b []byte) { b[4] |= 0x10 }), ErrVersion},
		{"type 0x3", mutate(spm, false, func(b []byte) { b[4] = 0x03 }), ErrType},
		{"type 0xB (Wireshark's ACK)", mutate(spm, false, func(b []byte) { b[4] = 0x0B }), ErrType},
		{"type 0xF", mutate(spm, false, func(b []byte) { b[4] = 0x0F }), ErrType},

		{"SPM payload bit flip", mutate(spm, true, func(b []byte) { b[35] ^= 1 }), ErrChecksum},
		{"SPM checksum field off by one", mutate(spm, true, func(b []byte) { b[7]++ }), ErrChecksum},
		{"ODATA data bit flip", mutate(odata, true, func(b []byte) { b[28] ^= 0x20 }), ErrChecksum},
		{"ODATA checksum 0xFFFF when not computed 0", mutate(odata, true, func(b []byte) { b[6], b[7] = 0xFF, 0xFF }), ErrChecksum},
		{"ODATA checksum 0", mutate(odata, true, func(b []byte) { b[6], b[7] = 0, 0 }), ErrNoChecksum},
		{"RDATA checksum 0", mutate(odata, true, func(b []byte) { b[4], b[6], b[7] = byte(RDATA), 0, 0 }), ErrNoChecksum},

		{"ODATA TSDU one more", mutate(odata, false, func(b []byte) { b[15]++ }), ErrTSDU},
		{"ODATA TSDU one less", mutate(odata, false, func(b []byte) { b[15]-- }), ErrTSDU},
		{"ODATA cut, checksum redone", mutate(odata[:28], false, func([]byte) {}), ErrTSDU},
		{"ODATA TSDU counts the options", mutate(unhex(t, vecODATAFr), false, func(b []byte) { b[15] += 20 }), ErrTSDU},

		{"SPM AFI 0", mutate(spm, false, func(b []byte) { b[29] = 0 }), ErrAFI},
		{"SPM AFI 3", mutate(spm, false, func(b []byte) { b[29] = 3 }), ErrAFI},
		{"SPM AFI 0x0101", mutate(spm, false, func(b []byte) { b[28] = 1 }), ErrAFI},
		{"NAK source AFI 3", mutate(nak, false, func(b []byte) { b[21] = 3 }), ErrAFI},
		{"NAK group AFI 0", mutate(nak, false, func(b []byte) { b[29] = 0 }), ErrAFI},
		{"SPM IPv6 AFI in 36 bytes", mutate(spm, false, func(b []byte) { b[29] = afiIPv6 }), ErrTruncated},
		{"SPM IPv6 one byte short", spm6[:47], ErrTruncated},
		{"NAK IPv6 group in 36 bytes", mutate(nak, false, func(b []byte) { b[29] = afiIPv6 }), ErrTruncated},

		// sqn - trail >= 2^31 - 1 (mod 2^32): trail is ahead of sqn.
		{"window 2^31-1", AppendODATA(nil, testTSI, testDPort, 0x7FFFFFFF, 0, nil), ErrWindow},
		{"window 2^31", AppendODATA(nil, testTSI, testDPort, 0x80000000, 0, nil), ErrWindow},
		{"trail = sqn+1", AppendODATA(nil, testTSI, testDPort, 5, 6, nil), ErrWindow},
		{"RDATA trail ahead", mutate(AppendODATA(nil, testTSI, testDPort, 0, 1, nil), false, func(b []byte) { b[4] = byte(RDATA) }), ErrWindow},

		{"options: first not OPT_LENGTH", opts(spm, 36, "8e040000"), ErrOptions},
		{"options: OPT_LENGTH with END bit", opts(spm, 36, "80040008 8e040000"), ErrOptions},
		{"options: OPT_LENGTH of length 8", opts(spm, 36, "00080008 8e040000"), ErrOptions},
		{"options: option length 0", opts(spm, 36, "00040008 0e000000"), ErrOptions},
		{"options: option length 3", opts(spm, 36, "00040008 8e030000"), ErrOptions},
		{"options: END missing", opts(spm, 36, "00040008 0e040000"), ErrOptions},
		{"options: only OPT_LENGTH", opts(spm, 36, "00040004"), ErrOptions},
		{"options: total past the packet", opts(spm, 36, "0004000c 8e040000"), ErrOptions},
		{"options: option past the total", opts(spm, 36, "00040008 8e080000 00000000"), ErrOptions},
		{"options: partial option header", opts(spm, 36, "0004000a 0e040000 8e04"), ErrOptions},
		{"options: END before the total", opts(spm, 36, "0004000c 8e040000 0e040000"), ErrOptions},
		{"options: OPT_LENGTH repeated", opts(spm, 36, "0004000c 00040000 8e040000"), ErrOptions},
		{"options: 17 options", opts(spm, 36, "00040048"+
			string(bytes.Repeat([]byte("04040000"), 16))+"8e040000"), ErrOptions},
		{"options: bit set, none there", mutate(spm, false, func(b []byte) { b[5] = optPresent }), ErrOptions},
		{"options: ODATA total one past the END option", opts(odata, 24, "00040009 8e040000"), ErrOptions},
		{"options: NAK first not OPT_LENGTH", opts(nak, 36, "82080000 00000008"), ErrOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Decode(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode(%x) error %v, want %v", tt.in, err, tt.want)
			}
			if !reflect.DeepEqual(p, Packet{}) {
				t.Errorf("Decode returned %+v with the error, want a zero Packet", p)
			}
		})
	}
}

// Every proper prefix of a valid packet is rejected: inside the fixed part
// as truncated, beyond it by the checksum, which covers the lost bytes —
// unless they are all zero, which a ones'-complement sum cannot see, and
// then the options walk or the TSDU check has to catch it.
func TestDecodeTruncated(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		fixed    int
		zeroTail error // when only zero bytes were cut
	}{
		{"SPM", unhex(t, vecSPM0), 36, nil},
		{"SPM IPv6", unhex(t, vecSPM6), 48, nil},
		{"SPM FIN", unhex(t, vecSPMFIN), 36, ErrOptions},
		{"ODATA", unhex(t, vecODATA), 24, nil},
		{"ODATA with options", unhex(t, vecODATAFr), 24, nil},
		{"ODATA ending in zeros", AppendODATA(nil, testTSI, testDPort, 0, 0, []byte{1, 2, 0, 0, 0}), 24, ErrTSDU},
	}
	for _, tt := range tests {
		for n := range len(tt.in) {
			var want error
			switch {
			case n < tt.fixed:
				want = ErrTruncated
			case bytes.Count(tt.in[n:], []byte{0}) == len(tt.in)-n:
				want = tt.zeroTail
			default:
				want = ErrChecksum
			}
			if want == nil {
				t.Fatalf("%s cut to %d: zero tail without an expected error", tt.name, n)
			}
			if _, err := Decode(tt.in[:n]); !errors.Is(err, want) {
				t.Errorf("%s cut to %d bytes: error %v, want %v", tt.name, n, err, want)
			}
		}
	}
}

func TestDecodeErrorContext(t *testing.T) {
	b := withOptions(unhex(t, vecSPM0), 36, mustHexf(t, "00040008 0e000000"))
	_, err := Decode(b)
	const want = "pgm: option at offset 40: length 0, 4 bytes left of the options total: malformed options"
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestDecodeAllocs(t *testing.T) {
	for _, h := range []string{vecSPM0, vecODATA} {
		b := unhex(t, h)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Decode(b); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Decode(%s): %v allocations, want 0", h, allocs)
		}
	}
}

// A packet a capture's snap length cut still tells its session, type and
// sequence number.
func TestDecodeHeaderOfACutPacket(t *testing.T) {
	tsi := TSI{GSI: [6]byte{1, 2, 3, 4, 5, 6}, SourcePort: 4660}
	whole := AppendODATA(nil, tsi, 7500, 42, 40, []byte("a payload the snap length cuts"))
	if _, err := Decode(whole[:30]); err == nil {
		t.Fatal("Decode took a cut packet")
	}
	p, err := DecodeHeader(whole[:30])
	if err != nil || p.TSI != tsi || p.DestPort != 7500 || p.Type != ODATA || p.SQN != 42 {
		t.Errorf("%+v %v", p, err)
	}
	if p, err := DecodeHeader(whole[:18]); err != nil || p.SQN != 0 || p.Type != ODATA {
		t.Errorf("without its sequence number: %+v %v", p, err)
	}
	for _, b := range [][]byte{whole[:10], append([]byte{0, 1, 0, 2, 0x74}, whole[5:]...), append([]byte{0, 1, 0, 2, 0x03}, whole[5:]...)} {
		if _, err := DecodeHeader(b); err == nil {
			t.Errorf("% x: read", b[:5])
		}
	}
}
