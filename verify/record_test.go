package verify

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"testing"
)

func TestRecordRoundTrip(t *testing.T) {
	sender := netip.MustParseAddr("192.0.2.1")
	for _, r := range []Record{
		{Kind: KindPGM, Run: 1, Sender: sender, Tick: 0},
		{Kind: KindPGM, Done: true, Run: 0xffffffffffffffff, Sender: sender, Tick: 0xffffffff},
		{Kind: KindMulticast, Final: true, Run: 42, Sender: sender, Tick: 7},
		{Kind: KindCanary, Done: true, Final: true, Run: 42, Sender: netip.MustParseAddr("10.255.0.1"), Tick: 9},
		{Kind: KindUnicast, Run: 3, Sender: sender, Tick: 1},
		{Kind: KindUnicast, Done: true, Run: 3, Sender: sender, Tick: 100,
			Heard: Counts{ODATA: 1, SPM: 2, Multicast: 3, Unicast: 4, Canary: 5}},
		{Kind: KindUnicast, Final: true, Run: 3, Sender: sender, Tick: 100,
			Heard:    Counts{ODATA: 0xffffffff, SPM: 0x01020304, Multicast: 0, Unicast: 1 << 31, Canary: 0xfffffffe},
			Expected: Counts{ODATA: 7, Multicast: 0xffffffff}, Echo: 0xffffffffffffffff},
	} {
		b := AppendRecord(nil, r)
		want := recordLen
		if r.Kind == KindUnicast {
			want += reportLen
		}
		if len(b) != want {
			t.Errorf("%+v: %d bytes, want %d", r, len(b), want)
		}
		got, err := ParseRecord(b)
		if err != nil {
			t.Errorf("%+v: ParseRecord(%x): %v", r, b, err)
			continue
		}
		if got != r {
			t.Errorf("round trip of %x:\n got %+v\nwant %+v", b, got, r)
		}
	}
}

// Only unicast records carry counts: another kind's Heard is not sent.
func TestRecordHeardOnlyInUnicast(t *testing.T) {
	r := Record{Kind: KindMulticast, Run: 5, Sender: netip.MustParseAddr("192.0.2.1"), Tick: 2, Heard: Counts{ODATA: 9}}
	b := AppendRecord(nil, r)
	if len(b) != recordLen {
		t.Fatalf("%d bytes, want %d", len(b), recordLen)
	}
	got, err := ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	r.Heard = Counts{}
	if got != r {
		t.Errorf("got %+v, want %+v", got, r)
	}
}

func TestAppendRecordKeepsPrefix(t *testing.T) {
	r := Record{Kind: KindCanary, Run: 1, Sender: netip.MustParseAddr("192.0.2.1"), Tick: 1}
	b := AppendRecord([]byte("xyz"), r)
	if !bytes.Equal(b[:3], []byte("xyz")) || !bytes.Equal(b[3:], AppendRecord(nil, r)) {
		t.Errorf("AppendRecord onto a prefix: %x", b)
	}
}

func TestRecordWireBytes(t *testing.T) {
	for _, tc := range []struct {
		r   Record
		hex string
	}{
		{
			Record{Kind: KindPGM, Final: true, Run: 0x0102030405060708, Sender: netip.MustParseAddr("192.0.2.1"), Tick: 7},
			"4d434156" + // MCAV
				"02" + "01" + "02" + "00" + // version, kind pgm, flags Final, reserved
				"0102030405060708" + // run
				"c0000201" + // sender 192.0.2.1
				"00000007", // tick
		},
		{
			Record{Kind: KindUnicast, Done: true, Run: 0xdeadbeefcafef00d, Sender: netip.MustParseAddr("192.0.2.2"), Tick: 0x01020304,
				Heard: Counts{ODATA: 1, SPM: 2, Multicast: 3, Unicast: 4, Canary: 0x0a0b0c0d}, Expected: Counts{ODATA: 5, Multicast: 6}, Echo: 0x1122334455667788},
			"4d434156" + "02" + "03" + "01" + "00" +
				"deadbeefcafef00d" + "c0000202" + "01020304" +
				"00000001" + "00000002" + "00000003" + "00000004" + "0a0b0c0d" + // heard: ODATA, SPM, multicast, unicast, canary
				"00000005" + "00000000" + "00000006" + "00000000" + "00000000" + // expected, in the same order
				"1122334455667788", // echo: the recipient's run
		},
		{
			Record{Kind: KindCanary, Done: true, Final: true, Run: 0, Sender: netip.MustParseAddr("10.0.0.1"), Tick: 0},
			"4d434156" + "02" + "04" + "03" + "00" + "0000000000000000" + "0a000001" + "00000000",
		},
	} {
		want, err := hex.DecodeString(tc.hex)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendRecord(nil, tc.r); !bytes.Equal(got, want) {
			t.Errorf("AppendRecord(%+v)\n got %x\nwant %x", tc.r, got, want)
		}
		if got, err := ParseRecord(want); err != nil || got != tc.r {
			t.Errorf("ParseRecord(%x) = %+v, %v; want %+v", want, got, err, tc.r)
		}
	}
}

// validRecord is the wire form of a record of kind k, for corrupting.
func validRecord(k Kind) []byte {
	return AppendRecord(nil, Record{Kind: k, Run: 1, Sender: netip.MustParseAddr("192.0.2.1"), Tick: 1})
}

func TestParseRecordNotRecord(t *testing.T) {
	for name, b := range map[string][]byte{
		"nil":         nil,
		"empty":       {},
		"magic cut":   []byte("MCA"),
		"lower case":  append([]byte("mcav"), validRecord(KindPGM)[4:]...),
		"other magic": append([]byte("MCAW"), validRecord(KindPGM)[4:]...),
		"text":        []byte("hello, cluster: this is an EFT message"),
		"zeros":       make([]byte, recordLen),
	} {
		r, err := ParseRecord(b)
		if !errors.Is(err, errNotRecord) {
			t.Errorf("%s: err %v, want errNotRecord", name, err)
		}
		if r != (Record{}) {
			t.Errorf("%s: record %+v with the error", name, r)
		}
	}
}

func TestParseRecordErrors(t *testing.T) {
	withByte := func(b []byte, i int, v byte) []byte {
		b = bytes.Clone(b)
		b[i] = v
		return b
	}
	uni := validRecord(KindUnicast)
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"magic only", []byte("MCAV"), "probe record of 4 bytes, want at least 24"},
		{"short", validRecord(KindPGM)[:23], "probe record of 23 bytes, want at least 24"},
		{"short with wrong version", withByte(validRecord(KindPGM), 4, 1)[:10], "probe record of 10 bytes, want at least 24"},
		{"version 0", withByte(validRecord(KindPGM), 4, 0), "probe record version 0, want 2 (is the peer running another mcaudit version?)"},
		{"version 1", withByte(validRecord(KindPGM), 4, 1), "probe record version 1, want 2 (is the peer running another mcaudit version?)"},
		{"version 3", withByte(validRecord(KindPGM), 4, 3), "probe record version 3, want 2 (is the peer running another mcaudit version?)"},
		{"kind 0", withByte(validRecord(KindPGM), 5, 0), "probe record kind 0 unknown"},
		{"kind 5", withByte(validRecord(KindPGM), 5, 5), "probe record kind 5 unknown"},
		{"kind 255", withByte(validRecord(KindPGM), 5, 255), "probe record kind 255 unknown"},
		{"pgm long", append(validRecord(KindPGM), 0), "probe record of 25 bytes, want 24 for pgm"},
		{"multicast with a report", append(validRecord(KindMulticast), make([]byte, reportLen)...), "probe record of 72 bytes, want 24 for udp-multicast"},
		{"canary long", append(validRecord(KindCanary), 0, 0, 0, 0), "probe record of 28 bytes, want 24 for canary"},
		{"unicast without report", uni[:recordLen], "unicast probe record of 24 bytes, want 72"},
		{"unicast report cut", uni[:len(uni)-1], "unicast probe record of 71 bytes, want 72"},
		{"unicast long", append(bytes.Clone(uni), 0), "probe record of 73 bytes, want 72 for unicast"},
	} {
		r, err := ParseRecord(tc.b)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
			continue
		}
		if errors.Is(err, errNotRecord) {
			t.Errorf("%s: a record with the magic is not errNotRecord", tc.name)
		}
		if r != (Record{}) {
			t.Errorf("%s: record %+v with the error", tc.name, r)
		}
	}
}

// The flags byte has two defined bits and the byte after it is reserved.
// A record with anything else set cannot be re-encoded as received (its
// Record has nowhere to keep those bits), so it must be rejected like a
// wrong version rather than taken as a valid probe.
func TestParseRecordRejectsUndefinedBits(t *testing.T) {
	for _, tc := range []struct {
		name string
		i    int
		v    byte
	}{
		{"flag bit 2", 6, 0x04},
		{"flag bit 7 with Done", 6, 0x81},
		{"reserved byte", 7, 0x01},
		{"reserved byte all ones", 7, 0xff},
	} {
		b := validRecord(KindPGM)
		b[tc.i] = tc.v
		r, err := ParseRecord(b)
		if err == nil {
			t.Errorf("%s: ParseRecord(%x) accepted %+v, which re-encodes as %x", tc.name, b, r, AppendRecord(nil, r))
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		KindPGM: "pgm", KindMulticast: "udp-multicast", KindUnicast: "unicast", KindCanary: "canary",
		0: "kind 0", 5: "kind 5", 255: "kind 255",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}
