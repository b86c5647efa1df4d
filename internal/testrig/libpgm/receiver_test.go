//go:build linux

package libpgm

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// The PGM packets below are built here, byte by byte, from verify.md §1
// (RFC 3208 §8), not with verify/pgm's codec: these tests check libpgm and
// the harness, independently of the code under test elsewhere.

var (
	group = netip.MustParseAddr("239.192.0.10")
	dport = uint16(7500)
)

const (
	typeSPM   = 0x00
	typeODATA = 0x04
)

// pgmChecksum is the ones' complement of the ones' complement sum of the
// whole PGM packet, with its checksum field zero (§1.2); 0 goes out as 0xffff.
func pgmChecksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	c := ^uint16(s)
	if c == 0 {
		c = 0xffff
	}
	return c
}

// session is one PGM transport session of a source: TSI = GSI + sport.
type session struct {
	gsi   [6]byte
	sport uint16
	dport uint16
}

func (s session) tsi() string { return FormatTSI(s.gsi, s.sport) }

// header is the 16-byte common header (§1.1) with a zero checksum.
func (s session) header(typ byte, tsdu int) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint16(b[0:], s.sport)
	binary.BigEndian.PutUint16(b[2:], s.dport)
	b[4] = typ
	copy(b[8:14], s.gsi[:])
	binary.BigEndian.PutUint16(b[14:], uint16(tsdu))
	return b
}

// spm is an SPM with an IPv4 path NLA and no options (§1.3).
func (s session) spm(sqn, trail, lead uint32, nla netip.Addr) []byte {
	b := s.header(typeSPM, 0)
	b = binary.BigEndian.AppendUint32(b, sqn)
	b = binary.BigEndian.AppendUint32(b, trail)
	b = binary.BigEndian.AppendUint32(b, lead)
	b = binary.BigEndian.AppendUint16(b, 1) // AFI IPv4
	b = binary.BigEndian.AppendUint16(b, 0)
	a := nla.As4()
	b = append(b, a[:]...)
	return seal(b)
}

// odata is an ODATA without options (§1.4).
func (s session) odata(sqn, trail uint32, payload []byte) []byte {
	b := s.header(typeODATA, len(payload))
	b = binary.BigEndian.AppendUint32(b, sqn)
	b = binary.BigEndian.AppendUint32(b, trail)
	b = append(b, payload...)
	return seal(b)
}

// seal sets the checksum of a packet whose checksum field is zero.
func seal(b []byte) []byte {
	b[6], b[7] = 0, 0
	binary.BigEndian.PutUint16(b[6:], pgmChecksum(b))
	return b
}

// The helpers reproduce the packets libpgm was seen to accept (§1.9).
func TestPacketHelpersMatchVerifyVectors(t *testing.T) {
	s := session{gsi: [6]byte{1, 2, 3, 4, 5, 6}, sport: 0x1234, dport: 7500}
	nla := netip.MustParseAddr("192.0.2.1")
	for _, tc := range []struct {
		name string
		got  []byte
		want string
	}{
		{"SPM sqn0 trail0 lead-1", s.spm(0, 0, 0xffffffff, nla), "12341d4c0000057101020304050600000000000000000000ffffffff00010000c0000201"},
		{"ODATA sqn0 hello", s.odata(0, 0, []byte("hello")), "12341d4c04007f9c0102030405060005000000000000000068656c6c6f"},
		{"SPM sqn1 trail0 lead0", s.spm(1, 0, 0, nla), "12341d4c00000570010203040506000000000001000000000000000000010000c0000201"},
	} {
		if got := hex.EncodeToString(tc.got); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	// With its checksum in place a packet's ones' complement sum is 0xffff,
	// which pgmChecksum reports as 0xffff (the complement, 0, sent as such).
	if got := pgmChecksum(s.odata(7, 3, []byte("odd"))); got != 0xffff {
		t.Errorf("odd-length ODATA does not verify: %#04x", got)
	}
	if got := s.tsi(); got != "1.2.3.4.5.6.4660" {
		t.Errorf("tsi %q", got)
	}
}

func TestParseDelivery(t *testing.T) {
	d, err := parseDelivery("1.2.3.4.5.6.4660 00ff68")
	if err != nil || d.TSI != "1.2.3.4.5.6.4660" || !bytes.Equal(d.Payload, []byte{0, 0xff, 'h'}) {
		t.Errorf("got %+v, %v", d, err)
	}
	if d, err := parseDelivery("1.2.3.4.5.6.7 "); err != nil || len(d.Payload) != 0 {
		t.Errorf("empty payload: got %+v, %v", d, err)
	}
	for _, bad := range []string{"", "ready", " 00", "1.2.3.4.5.6.7 0g"} {
		if _, err := parseDelivery(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// sender is a raw IP-113 socket in a host, sending to the group.
type sender struct {
	t *testing.T
	p *ipv4.PacketConn
}

func newSender(t *testing.T, h netbed.Host) *sender {
	t.Helper()
	var p *ipv4.PacketConn
	err := h.Do(func() error {
		c, err := net.ListenPacket("ip4:113", "0.0.0.0")
		if err != nil {
			return err
		}
		p = ipv4.NewPacketConn(c)
		ifi, err := net.InterfaceByName(h.Iface)
		if err == nil {
			err = p.SetMulticastInterface(ifi)
		}
		if err == nil {
			err = p.SetMulticastTTL(16)
		}
		if err != nil {
			p.Close()
		}
		return err
	})
	if err != nil {
		t.Fatalf("sender in %s: %v", h.NS, err)
	}
	t.Cleanup(func() { p.Close() })
	return &sender{t: t, p: p}
}

func (s *sender) send(pkts ...[]byte) {
	s.t.Helper()
	for _, b := range pkts {
		if _, err := s.p.WriteTo(b, nil, &net.IPAddr{IP: group.AsSlice()}); err != nil {
			s.t.Fatalf("send: %v", err)
		}
	}
}

// bed is two hosts on a flooding bridge: a raw sender in h1 and a libpgm
// receiver in h2.
func bed(t *testing.T) (*sender, *Receiver, netbed.Host) {
	t.Helper()
	bin := Build(t)
	b := netbed.New(t, netbed.Options{})
	r := Start(t, bin, b.Hosts[1], group, dport)
	return newSender(t, b.Hosts[0]), r, b.Hosts[0]
}

// nextSession returns a session with a GSI and source port of its own.
func nextSession(n byte) session {
	return session{gsi: [6]byte{0x6d, 0x63, 0x61, 0x75, 0xd1, n}, sport: 0x4000 + uint16(n), dport: dport}
}

func expect(t *testing.T, r *Receiver, s session, payload []byte) {
	t.Helper()
	d, err := r.Next(3 * time.Second)
	if err != nil {
		t.Fatalf("waiting for %q from %s: %v", payload, s.tsi(), err)
	}
	if d.TSI != s.tsi() || !bytes.Equal(d.Payload, payload) {
		t.Fatalf("delivered %q from %s, want %q from %s; stderr:\n%s", d.Payload, d.TSI, payload, s.tsi(), r.Stderr())
	}
}

func expectNothing(t *testing.T, r *Receiver, wait time.Duration) {
	t.Helper()
	d, err := r.Next(wait)
	if err == nil {
		t.Fatalf("delivered %q from %s; stderr:\n%s", d.Payload, d.TSI, r.Stderr())
	}
	if !errors.Is(err, ErrTimeout) {
		t.Fatal(err)
	}
}

// expectLogged waits a little for text on the receiver's stderr, which
// reaches us through another pipe than the deliveries, so it may lag them.
func expectLogged(t *testing.T, r *Receiver, text string) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !strings.Contains(r.Stderr(), text) {
		if time.Now().After(deadline) {
			t.Errorf("receiver did not log %q; stderr:\n%s", text, r.Stderr())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// libpgm delivers, in order and from the right session, the ODATA of an
// SPM + ODATA sequence sent through a raw IP-113 socket.
func TestLibpgmDeliversODATA(t *testing.T) {
	t.Parallel()
	tx, r, h1 := bed(t)
	s := nextSession(1)
	const first = 1000 // any initial sequence number, not just 0
	payloads := [][]byte{[]byte("probe-0"), {0x00, 0xff, 0x10, 0x01}, []byte("probe-2, a little longer")}
	tx.send(s.spm(0, first, first-1, h1.Addr)) // empty window
	for i, p := range payloads {
		tx.send(s.odata(first+uint32(i), first, p))
	}
	tx.send(s.spm(1, first, first+uint32(len(payloads))-1, h1.Addr))
	for _, p := range payloads {
		expect(t, r, s, p)
	}
	expectNothing(t, r, 200*time.Millisecond)
}

// A lost ODATA holds back what follows only briefly: libpgm gives the gap
// up (the receiver logs the reset) and delivers the rest.
func TestLibpgmSkipsLostODATA(t *testing.T) {
	t.Parallel()
	tx, r, h1 := bed(t)
	s := nextSession(4)
	tx.send(s.spm(0, 0, 0xffffffff, h1.Addr), s.odata(0, 0, []byte("zero")), s.odata(2, 0, []byte("two")), s.spm(1, 0, 2, h1.Addr))
	expect(t, r, s, []byte("zero"))
	start := time.Now()
	expect(t, r, s, []byte("two"))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("data behind the gap held back %v", d)
	}
	expectLogged(t, r, "session reset (data loss)")
}

// libpgm drops each malformed packet: nothing is delivered for it, while a
// good packet of a fresh session sent afterwards is.
func TestLibpgmRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// reason is what libpgm logs at trace level when it drops the
		// packet, if it logs anything.
		reason string
		// bad returns the malformed ODATA of session s.
		bad func(s session, payload []byte) []byte
	}{
		{"bad checksum", "PGM packet checksum mismatch", func(s session, payload []byte) []byte {
			b := s.odata(0, 0, payload)
			b[7] ^= 0x01 // still non-zero: zero would mean "no checksum"
			return b
		}},
		{"wrong dport", "Discarded packet on data-destination port mismatch", func(s session, payload []byte) []byte {
			s.dport++
			return s.odata(0, 0, payload)
		}},
		{"TSDU length one more", "", func(s session, payload []byte) []byte {
			b := s.odata(0, 0, payload)
			binary.BigEndian.PutUint16(b[14:], uint16(len(payload)+1))
			return seal(b)
		}},
		{"TSDU length one less", "", func(s session, payload []byte) []byte {
			b := s.odata(0, 0, payload)
			binary.BigEndian.PutUint16(b[14:], uint16(len(payload)-1))
			return seal(b)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tx, r, h1 := bed(t)
			bad, good := nextSession(2), nextSession(3)
			pkt := tc.bad(bad, []byte("must not arrive"))
			if binary.BigEndian.Uint16(pkt[6:]) == 0 {
				t.Fatal("test packet has no checksum")
			}
			tx.send(bad.spm(0, 0, 0xffffffff, h1.Addr), pkt, bad.spm(1, 0, 0, h1.Addr))
			expectNothing(t, r, time.Second)

			tx.send(good.spm(0, 0, 0xffffffff, h1.Addr), good.odata(0, 0, []byte("good")), good.spm(1, 0, 0, h1.Addr))
			expect(t, r, good, []byte("good"))
			if tc.reason != "" {
				expectLogged(t, r, tc.reason)
			}
		})
	}
}

// Stop ends the receiver cleanly and can be called again; Next then says
// the receiver has exited.
func TestStopIsIdempotent(t *testing.T) {
	t.Parallel()
	_, r, _ := bed(t)
	r.Stop()
	r.Stop()
	// Success, not killed: the receiver ended on SIGTERM by itself.
	if r.cmd.ProcessState == nil || !r.cmd.ProcessState.Success() {
		t.Errorf("receiver did not exit cleanly: %v; stderr:\n%s", r.cmd.ProcessState, r.Stderr())
	}
	if _, err := r.Next(10 * time.Millisecond); err == nil || errors.Is(err, ErrTimeout) {
		t.Errorf("Next after Stop: %v", err)
	}
}
