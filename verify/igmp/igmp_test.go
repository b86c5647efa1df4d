package igmp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"
)

// Messages as a raw protocol 2 socket returns them. The checksums were
// computed outside Go (Python), so the tests do not check the code
// against itself.
const (
	// Linux bridge querier, IGMPv2 general query, Max Resp 10 s.
	vecV2General = "1164ee9b00000000"
	// v3 general query: Max Resp Code 100 (10 s), QRV 2, QQIC 125.
	vecV3General = "1164ec1e00000000027d0000"
	// v3 group-and-source-specific query for 239.192.0.10: Max Resp Code
	// 0x8c, S set, QRV 2, QQIC 0x9f, sources 192.0.2.1 and 192.0.2.2.
	vecV3GroupSources = "118c7003efc0000a0a9f0002c0000201c0000202"
	// v3 group-specific query, one source, QQIC 125.
	vecV3Group = "11643251efc0000a0a7d0001c0000201"
	// v3 general query with both codes at 0xff and QRV 7.
	vecV3Max = "11ffe6010000000007ff0000"
	// v2 group-specific query for 239.192.0.10, Max Resp 1 s.
	vecV2Group = "110aff2aefc0000a"
	vecV1Query = "1100eeff00000000"
	vecV2Leave = "1700f934efc0000a"
	vecV2Rep   = "1600fa34efc0000a"
	vecV1Rep   = "1200fe34efc0000a"
	// v3 report with 2 records: CHANGE_TO_EXCLUDE 239.192.0.10 (no
	// sources), MODE_IS_INCLUDE 239.192.0.11 with source 192.0.2.1.
	vecV3Rep = "220037640000000204000000efc0000a01000001efc0000bc0000201"
	// DVMRP (type 0x13), which this package does not decode.
	vecDVMRP = "1301ecfe00000000"
)

var (
	group   = netip.MustParseAddr("239.192.0.10")
	zeroV4  = netip.IPv4Unspecified()
	source1 = netip.MustParseAddr("192.0.2.1")
	source2 = netip.MustParseAddr("192.0.2.2")
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// refix recomputes the checksum of a copy of b changed by f.
func refix(b []byte, f func(b []byte)) []byte {
	c := bytes.Clone(b)
	f(c)
	c[2], c[3] = 0, 0
	s := checksum(c)
	c[2], c[3] = byte(s>>8), byte(s)
	return c
}

func TestGroupRecordMeaning(t *testing.T) {
	for _, c := range []struct {
		r             GroupRecord
		joins, leaves bool
	}{
		{GroupRecord{Type: 2}, true, false}, {GroupRecord{Type: 4}, true, false},
		{GroupRecord{Type: 3}, false, true}, {GroupRecord{Type: 3, Sources: 2}, true, false},
		{GroupRecord{Type: 1, Sources: 1}, true, false}, {GroupRecord{Type: 6, Sources: 1}, false, false},
	} {
		if c.r.Joins() != c.joins || c.r.Leaves() != c.leaves {
			t.Errorf("%+v: joins %v leaves %v", c.r, c.r.Joins(), c.r.Leaves())
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want Message
	}{{
		name: "v2 general query",
		hex:  vecV2General,
		want: Message{Type: MembershipQuery, Version: 2, MaxResp: 10 * time.Second, Group: zeroV4},
	}, {
		name: "v3 general query",
		hex:  vecV3General,
		want: Message{Type: MembershipQuery, Version: 3, MaxResp: 10 * time.Second, Group: zeroV4,
			QRV: 2, QQI: 125 * time.Second},
	}, {
		// Max Resp Code 0x8c: exp 0, mant 0xc: (0xc|0x10)<<3 = 224 tenths.
		// QQIC 0x9f: exp 1, mant 0xf: (0xf|0x10)<<4 = 496 s.
		name: "v3 group-and-source query, float codes",
		hex:  vecV3GroupSources,
		want: Message{Type: MembershipQuery, Version: 3, MaxResp: 22400 * time.Millisecond, Group: group,
			SFlag: true, QRV: 2, QQI: 496 * time.Second, Sources: []netip.Addr{source1, source2}},
	}, {
		name: "v3 group query",
		hex:  vecV3Group,
		want: Message{Type: MembershipQuery, Version: 3, MaxResp: 10 * time.Second, Group: group,
			SFlag: true, QRV: 2, QQI: 125 * time.Second, Sources: []netip.Addr{source1}},
	}, {
		// 0xff: exp 7, mant 0xf: 0x1f<<10 = 31744 units.
		name: "v3 query, largest codes",
		hex:  vecV3Max,
		want: Message{Type: MembershipQuery, Version: 3, MaxResp: 3174400 * time.Millisecond, Group: zeroV4,
			QRV: 7, QQI: 31744 * time.Second},
	}, {
		name: "v2 group query",
		hex:  vecV2Group,
		want: Message{Type: MembershipQuery, Version: 2, MaxResp: time.Second, Group: group},
	}, {
		name: "v1 query",
		hex:  vecV1Query,
		want: Message{Type: MembershipQuery, Version: 1, Group: zeroV4},
	}, {
		// RFC 3376 §4.1.10: extra bytes are checksummed, then ignored.
		name: "v3 query with trailing bytes",
		hex:  "11644e8100000000027d0000deadbeef",
		want: Message{Type: MembershipQuery, Version: 3, MaxResp: 10 * time.Second, Group: zeroV4,
			QRV: 2, QQI: 125 * time.Second},
	}, {
		name: "v2 leave",
		hex:  vecV2Leave,
		want: Message{Type: V2Leave, Version: 2, Group: group},
	}, {
		name: "v2 report",
		hex:  vecV2Rep,
		want: Message{Type: V2Report, Version: 2, Group: group},
	}, {
		name: "v1 report",
		hex:  vecV1Rep,
		want: Message{Type: V1Report, Version: 1, Group: group},
	}, {
		name: "v3 report, 2 records",
		hex:  vecV3Rep,
		want: Message{Type: V3Report, Version: 3, Records: 2, Changes: []GroupRecord{
			{Type: 4, Group: netip.MustParseAddr("239.192.0.10")},               // CHANGE_TO_EXCLUDE {}: a join
			{Type: 1, Group: netip.MustParseAddr("239.192.0.11"), Sources: 1}}}, // MODE_IS_INCLUDE {a source}
	}, {
		name: "unknown type",
		hex:  vecDVMRP,
		want: Message{Type: 0x13},
	}, {
		// The words sum to 0xFFFF without the checksum, so it is 0; some
		// stacks send 0xFFFF instead, which verifies just as well.
		name: "checksum 0",
		hex:  "11640000ee9b0000",
		want: Message{Type: MembershipQuery, Version: 2, MaxResp: 10 * time.Second, Group: netip.MustParseAddr("238.155.0.0")},
	}, {
		name: "checksum 0xffff for 0",
		hex:  "1164ffffee9b0000",
		want: Message{Type: MembershipQuery, Version: 2, MaxResp: 10 * time.Second, Group: netip.MustParseAddr("238.155.0.0")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(unhex(t, tt.hex))
			if err != nil {
				t.Fatalf("Decode(%s): %v", tt.hex, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode(%s)\n got %+v\nwant %+v", tt.hex, got, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	v3q := unhex(t, vecV3General)
	v3gs := unhex(t, vecV3GroupSources)
	v3rep := unhex(t, vecV3Rep)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"v2 query bit flip", func() []byte { b := unhex(t, vecV2General); b[1] ^= 1; return b }(), ErrChecksum},
		{"v3 query bit flip", func() []byte { b := bytes.Clone(v3gs); b[19] ^= 0x80; return b }(), ErrChecksum},
		{"report checksum field", func() []byte { b := unhex(t, vecV2Rep); b[3]++; return b }(), ErrChecksum},
		{"unknown type checked too", func() []byte { b := unhex(t, vecDVMRP); b[7] = 1; return b }(), ErrChecksum},
		{"query of 9 bytes", refix(v3q[:9], func([]byte) {}), ErrLength},
		{"query of 10 bytes", refix(v3q[:10], func([]byte) {}), ErrLength},
		{"query of 11 bytes", refix(v3q[:11], func([]byte) {}), ErrLength},
		{"v3 query, more sources than bytes", refix(v3gs, func(b []byte) { b[11] = 3 }), ErrTruncated},
		{"v3 query, 65535 sources", refix(v3gs, func(b []byte) { b[10], b[11] = 0xFF, 0xFF }), ErrTruncated},
		{"v3 report, more records than bytes", refix(v3rep, func(b []byte) { b[7] = 3 }), ErrTruncated},
		{"v3 report, record sources past the end", refix(v3rep, func(b []byte) { b[19] = 2 }), ErrTruncated},
		{"v3 report, aux data past the end", refix(v3rep, func(b []byte) { b[17] = 1 }), ErrTruncated},
		{"v3 report, no room for a record", refix(v3rep[:12], func(b []byte) { b[7] = 1 }), ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode(%x) error %v, want %v", tt.in, err, tt.want)
			}
			if !reflect.DeepEqual(m, Message{}) {
				t.Errorf("Decode returned %+v with the error, want a zero Message", m)
			}
		})
	}
}

func TestDecodeErrorContext(t *testing.T) {
	_, err := Decode(refix(unhex(t, vecV3GroupSources), func(b []byte) { b[11] = 3 }))
	const want = "igmp: v3 query lists 3 sources, 20 bytes hold 2: truncated"
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// Every proper prefix of a valid message is rejected: short of 8 bytes as
// truncated, a 9..11-byte query for its length, and otherwise by the
// checksum, which covers the lost bytes.
func TestDecodeTruncated(t *testing.T) {
	for _, h := range []string{vecV2General, vecV3General, vecV3GroupSources, vecV3Max,
		vecV1Query, vecV2Leave, vecV2Rep, vecV3Rep, vecDVMRP} {
		b := unhex(t, h)
		for n := range len(b) {
			var want error
			switch {
			case n < 8:
				want = ErrTruncated
			case b[0] == byte(MembershipQuery) && n > 8 && n < 12:
				want = ErrLength
			default:
				want = ErrChecksum
			}
			if _, err := Decode(b[:n]); !errors.Is(err, want) {
				t.Errorf("%s cut to %d bytes: error %v, want %v", h, n, err, want)
			}
		}
	}
}

func TestGeneral(t *testing.T) {
	tests := []struct {
		m    Message
		want bool
	}{
		{Message{Type: MembershipQuery, Version: 2, Group: zeroV4}, true},
		{Message{Type: MembershipQuery, Version: 3, Group: zeroV4}, true},
		{Message{Type: MembershipQuery, Version: 2, Group: group}, false},
		{Message{Type: MembershipQuery}, false}, // no group decoded at all
		{Message{Type: V2Report, Group: zeroV4}, false},
	}
	for _, tt := range tests {
		if got := tt.m.General(); got != tt.want {
			t.Errorf("%+v.General() = %v, want %v", tt.m, got, tt.want)
		}
	}
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{MembershipQuery, "MembershipQuery"}, {V1Report, "V1Report"}, {V2Report, "V2Report"},
		{V2Leave, "V2Leave"}, {V3Report, "V3Report"}, {0x13, "type 0x13"}, {0, "type 0x0"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("Type(%#x).String() = %q, want %q", uint8(tt.t), got, tt.want)
		}
	}
}

func TestEncodeCode(t *testing.T) {
	const ds = 100 * time.Millisecond
	tests := []struct {
		d, unit time.Duration
		want    uint8
	}{
		{0, ds, 0},
		{-time.Second, ds, 0},
		{99 * time.Millisecond, ds, 0}, // below one unit
		{10 * time.Second, ds, 100},
		{12700 * time.Millisecond, ds, 127},
		{12800 * time.Millisecond, ds, 0x80},  // 128 = 0x10<<3
		{22400 * time.Millisecond, ds, 0x8c},  // 224 = 0x1c<<3
		{22799 * time.Millisecond, ds, 0x8c},  // 227 rounds down to 224
		{25500 * time.Millisecond, ds, 0x8f},  // 255 rounds down to 0x1f<<3 = 248
		{25600 * time.Millisecond, ds, 0x90},  // 256 = 0x10<<4
		{125 * time.Second, time.Second, 125}, // RFC 3376 default QQI
		{496 * time.Second, time.Second, 0x9f},
		{31743 * time.Second, time.Second, 0xfe}, // 0x1e<<10 = 30720
		{31744 * time.Second, time.Second, 0xff},
		{24 * time.Hour, time.Second, 0xff},
	}
	for _, tt := range tests {
		if got := EncodeCode(tt.d, tt.unit); got != tt.want {
			t.Errorf("EncodeCode(%v, %v) = %#x, want %#x", tt.d, tt.unit, got, tt.want)
		}
	}
}

// Every code decodes to a distinct, increasing value that encodes back to
// the same code.
func TestCodeRoundTrip(t *testing.T) {
	prev := -1
	for c := range 256 {
		v := decodeCode(uint8(c))
		if int(v) <= prev {
			t.Errorf("code %#x decodes to %d, not above %d", c, v, prev)
		}
		prev = int(v)
		if got := EncodeCode(time.Duration(v)*time.Second, time.Second); got != uint8(c) {
			t.Errorf("code %#x → %d s → code %#x", c, v, got)
		}
	}
}

func TestAppendQuery(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		hex  string
	}{
		{"v2 general", Message{Version: 2, MaxResp: 10 * time.Second}, vecV2General},
		{"v2 group", Message{Version: 2, MaxResp: time.Second, Group: group}, vecV2Group},
		{"v1", Message{Version: 1, MaxResp: 10 * time.Second, Group: zeroV4}, vecV1Query},
		{"v3 general", Message{Version: 3, MaxResp: 10 * time.Second, QRV: 2, QQI: 125 * time.Second}, vecV3General},
		{"v3 group and sources", Message{Version: 3, MaxResp: 22400 * time.Millisecond, Group: group,
			SFlag: true, QRV: 2, QQI: 496 * time.Second, Sources: []netip.Addr{source1, source2}}, vecV3GroupSources},
		{"v3 capped", Message{Version: 3, MaxResp: time.Hour, QRV: 7, QQI: 100 * time.Hour}, vecV3Max},
		// QRV 9 does not fit 3 bits and is sent as 0 (RFC 3376 §4.1.6).
		{"v3 QRV above 7", Message{Version: 3, MaxResp: 10 * time.Second, QRV: 9, QQI: 125 * time.Second}, "1164ee1e00000000007d0000"},
		// 50 ms would round to 0, which reads as a v1 query.
		{"v2 short max resp", Message{Version: 2, MaxResp: 50 * time.Millisecond}, "1101eefe00000000"},
		{"v2 long max resp", Message{Version: 2, MaxResp: time.Minute}, "11ffee0000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AppendQuery([]byte("xy"), tt.m)
			if want := "7879" + tt.hex; hex.EncodeToString(got) != want {
				t.Errorf("AppendQuery\n got %x\nwant %s", got, want)
			}
			if _, err := Decode(got[2:]); err != nil {
				t.Errorf("Decode of the result: %v", err)
			}
		})
	}
}

func TestAppendQueryPanics(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"version 0", Message{}},
		{"version 4", Message{Version: 4}},
		{"IPv6 group", Message{Version: 2, Group: netip.MustParseAddr("ff02::1")}},
		{"IPv6 source", Message{Version: 3, Sources: []netip.Addr{netip.MustParseAddr("2001:db8::1")}}},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.name)
				}
			}()
			AppendQuery(nil, tt.m)
		}()
	}
}

func TestDecodeAllocs(t *testing.T) {
	b := unhex(t, vecV3General)
	if n := testing.AllocsPerRun(100, func() { _, _ = Decode(b) }); n != 0 {
		t.Errorf("Decode of a v3 general query: %v allocations, want 0", n)
	}
}
