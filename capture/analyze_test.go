package capture

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/mcaudit/mcaudit/verify"
)

// problems returns the diagnosis lines that are problems.
func problems(r *Report) []string {
	var out []string
	for _, f := range r.Diagnosis {
		if f.Problem {
			out = append(out, f.Text)
		}
	}
	return out
}

func has(r *Report, problem bool, text string) bool {
	for _, f := range r.Diagnosis {
		if f.Problem == problem && strings.Contains(f.Text, text) {
			return true
		}
	}
	return false
}

// A healthy node: the querier every 2 s, a source sending steadily, this
// host joined. Everything is counted and nothing is wrong.
func TestHealthyCapture(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 20)
	next := tr.sender(node1, 0, 20)
	r := tr.read(Options{})
	if r.Verdict != verify.Pass || len(problems(r)) != 0 {
		t.Fatalf("verdict %s, problems %q", r.Verdict, problems(r))
	}
	if r.Host != node2 || !strings.Contains(r.HostFrom, "only host") {
		t.Errorf("host %v from %q, want %v as the only reporter", r.Host, r.HostFrom, node2)
	}
	if len(r.Sessions) != 1 {
		t.Fatalf("sessions %+v", r.Sessions)
	}
	s := r.Sessions[0]
	if s.Source != node1 || s.Group != group || s.DestPort != 7500 || s.TSI != "10.10.100.11.0.1.4242" ||
		s.ODATA != int(next-1) || s.SPM != 20 || s.Gaps != 0 || s.NAK != 0 || !s.LeadMoved {
		t.Errorf("session %+v", s)
	}
	if len(r.Queriers) != 1 {
		t.Fatalf("queriers %+v", r.Queriers)
	}
	q := r.Queriers[0]
	if q.Address != querier || q.Version != 3 || q.General != 10 || time.Duration(q.Interval) != 2*time.Second ||
		time.Duration(q.Stated) != 2*time.Second || q.Robustness != 2 || time.Duration(q.MaxResp) != time.Second {
		t.Errorf("querier %+v", q)
	}
	if len(r.Members) != 1 || r.Members[0].Reports != 1 || len(r.Members[0].Groups) != 1 || r.Members[0].Groups[0] != group {
		t.Errorf("members %+v", r.Members)
	}
}

// The failure the field guide describes: the querier stops, and a
// membership interval later the switches stop delivering the group.
func TestQuerierStopsThenPGMStops(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10) // the last at 8.5 s
	tr.sender(node1, 0, 16)
	tr.udp(sec(40), node1, node2) // unicast goes on: the capture runs to 40 s
	r := tr.read(Options{})
	if r.Verdict != verify.Fail {
		t.Fatalf("verdict %s", r.Verdict)
	}
	want := "general queries from 10.10.100.1 stop at 10:00:08 (every 2.0 s before, measured; none in the 32 s after); PGM from 10.10.100.11 stops 7.4 s later: the switches aged the group out — no querier"
	if !has(r, true, want) {
		t.Errorf("diagnosis %+v\nwant %q", r.Diagnosis, want)
	}
	if len(problems(r)) != 1 {
		t.Errorf("problems %q, want only the querier's", problems(r))
	}
}

// Without any query in the capture, a source that stops is put down to
// the missing querier, hedged.
func TestNoQueryAndPGMStops(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.sender(node1, 0, 10)
	tr.udp(sec(30), node1, node2)
	r := tr.read(Options{})
	if !has(r, true, "PGM from 10.10.100.11 stops at 10:00:09 (nothing in the 20 s after) and no IGMP query was heard in the whole capture: the switches aged the group out — no querier") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
	if !has(r, false, "too short to tell whether a querier exists") {
		t.Errorf("diagnosis %+v, want the note that 30 s is too short to prove no querier", r.Diagnosis)
	}
}

func TestNoQueryInALongCapture(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.sender(node1, 0, 140)
	r := tr.read(Options{})
	if r.Verdict != verify.Fail || !has(r, true, "no IGMP general query in 140 s of capture: there is no querier in this VLAN") {
		t.Errorf("%s %+v", r.Verdict, r.Diagnosis)
	}
}

// A node whose UDP and IGMP reports arrive but not its PGM: protocol 113
// is filtered on its way.
func TestReportsButNoPGM(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.report(sec(0.07), node1, false)
	tr.queries(2*time.Second, 10)
	tr.sender(node3, 0, 10)
	for i := range 10 {
		tr.udp(sec(float64(i)), node1, group)
	}
	r := tr.read(Options{Host: node2})
	want := "no PGM from 10.10.100.11 at all while its UDP to 239.192.0.10 arrives (10 datagrams): protocol 113 filtered"
	if !has(r, true, want) || len(problems(r)) != 1 {
		t.Errorf("problems %q, want only %q", problems(r), want)
	}
	if r.Host != node2 || r.HostFrom != "--host" {
		t.Errorf("host %v from %q", r.Host, r.HostFrom)
	}
	// Without its UDP, its IGMP reports are the evidence.
	tr2 := newTrace(t)
	tr2.report(sec(0.05), node2, false)
	tr2.report(sec(0.07), node1, false)
	tr2.queries(2*time.Second, 10)
	tr2.sender(node3, 0, 10)
	r = tr2.read(Options{Host: node2})
	if !has(r, true, "no PGM from 10.10.100.11 at all while its IGMP reports for 239.192.0.10 arrive: protocol 113 filtered") || len(problems(r)) != 1 {
		t.Errorf("problems %q", problems(r))
	}
	// Reports alone, with no querier and nothing else to the group: the
	// switches may not deliver the group at all.
	tr3 := newTrace(t)
	tr3.report(sec(0.05), node2, false)
	tr3.report(sec(0.07), node1, false)
	tr3.udp(sec(5), node1, node2)
	r = tr3.read(Options{Host: node2})
	if !has(r, true, "no PGM from 10.10.100.11 at all while its IGMP reports for 239.192.0.10 arrive, and no IGMP query was heard: protocol 113 is filtered between 10.10.100.11 and this host, or the switches deliver nothing to 239.192.0.10 because IGMP snooping has no querier") || len(problems(r)) != 1 {
		t.Errorf("problems %q", problems(r))
	}
}

// This node joined and hears nothing: with no querier, that is the
// querier; with one, nobody sends or 113 is filtered.
func TestJoinedAndHearsNobody(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.udp(sec(1), node2, node1)
	tr.udp(sec(12), node1, node2)
	r := tr.read(Options{})
	if !has(r, true, "this host (10.10.100.12) joined 239.192.0.10 at 10:00:00, but no PGM from any other host arrives in the 12 s after, and no IGMP query was heard: with IGMP snooping and no querier the switches deliver nothing to the group — no querier") {
		t.Errorf("host %v (%s), diagnosis %+v", r.Host, r.HostFrom, r.Diagnosis)
	}
	tr.queries(2*time.Second, 12)
	r = tr.read(Options{})
	if !has(r, true, "while the querier answers: no other node sends to 239.192.0.10, or protocol 113 is filtered on the way here") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
}

// SPMs whose leading edge moves while no ODATA arrives: the data packets
// are dropped on the way. A lead that stays put is an idle source.
func TestSPMsWithoutODATA(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	for i := range 10 {
		tr.spm(sec(float64(i)), node1, uint32(i), uint32(10*i))
	}
	r := tr.read(Options{})
	if !has(r, true, "PGM SPMs arrive from 10.10.100.11 but no ODATA: its SPMs say it sent data up to sequence 90") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
	tr = newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	for i := range 10 {
		tr.spm(sec(float64(i)), node1, uint32(i), 7)
	}
	r = tr.read(Options{})
	if r.Verdict != verify.Pass || !has(r, false, "sent nothing new during the capture") {
		t.Errorf("%s %+v", r.Verdict, r.Diagnosis)
	}
}

// NAKs go to the source: a storm shows in a capture taken there.
func TestNAKStorm(t *testing.T) {
	tr := newTrace(t)
	tr.queries(2*time.Second, 10)
	tr.sender(node1, 0, 10)
	for i := range 60 {
		tr.nak(sec(2+float64(i)*0.05), node3, node1, uint32(i))
	}
	r := tr.read(Options{Host: node1})
	if len(r.Sessions) != 1 || r.Sessions[0].NAK != 60 {
		t.Fatalf("sessions %+v: the NAKs are the source's session's", r.Sessions)
	}
	if !has(r, true, "NAK storm from 10.10.100.13: 60 NAKs for 10.10.100.11's session in 3.0 s (20/s)") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
	if !has(r, false, "60 NAKs for 10.10.100.11's session and no NCF") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
}

// Gaps in the sequence: repaired ones are a note, lost ones a problem.
func TestGaps(t *testing.T) {
	build := func(repair bool) *Report {
		tr := newTrace(t)
		tr.report(sec(0.05), node2, false)
		tr.queries(2*time.Second, 10)
		for sqn := uint32(1); sqn <= 100; sqn++ {
			if sqn >= 40 && sqn < 45 {
				continue
			}
			tr.odata(sec(float64(sqn)/10), node1, sqn)
		}
		tr.spm(sec(0), node1, 0, 0)
		if repair {
			for sqn := uint32(40); sqn < 45; sqn++ {
				tr.rdata(sec(5), node1, sqn)
			}
		}
		return tr.read(Options{})
	}
	r := build(false)
	s := r.Sessions[0]
	if s.Gaps != 1 || s.Missing != 5 || s.Repaired != 0 || !has(r, true, "5 of 100 ODATA from 10.10.100.11 never arrived and were not repaired (5.0%") {
		t.Errorf("session %+v, diagnosis %+v", s, r.Diagnosis)
	}
	r = build(true)
	s = r.Sessions[0]
	if s.Repaired != 5 || s.RDATA != 5 || r.Verdict != verify.Pass || !has(r, false, "5 ODATA from 10.10.100.11 were lost and repaired by RDATA") {
		t.Errorf("session %+v, %s %+v", s, r.Verdict, r.Diagnosis)
	}
}

func TestNothingToJudge(t *testing.T) {
	tr := newTrace(t)
	tr.udp(sec(0), node1, node2)
	r := tr.read(Options{})
	if r.Verdict != verify.Fail || !has(r, true, "the capture holds no PGM and no IGMP (1 packets, 1 IPv4)") {
		t.Errorf("%s %+v", r.Verdict, r.Diagnosis)
	}
}

// A corrupted PGM packet is counted by reason and fails the verdict; one
// the snap length cut is read from its header and only noted.
func TestInvalidAndCutPackets(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	tr.sender(node1, 0, 10)
	f := tr.ip(sec(5.05), node1, group, 113, nil)
	bad := tr.frames[len(tr.frames)-2].data // an ODATA
	f.data = append(bytes.Clone(bad[:len(bad)-1]), bad[len(bad)-1]^0xff)
	r := tr.read(Options{})
	if r.Invalid["PGM from 10.10.100.11: bad checksum"] != 1 || !has(r, true, "packets failed validation: PGM from 10.10.100.11: bad checksum ×1") {
		t.Errorf("invalid %v, diagnosis %+v", r.Invalid, r.Diagnosis)
	}

	tr = newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	tr.sender(node1, 0, 10)
	for i := range tr.frames {
		tr.frames[i].cut = min(len(tr.frames[i].data), 14+20+20) // Ethernet, IP, 20 bytes of PGM
	}
	r = tr.read(Options{})
	if r.Cut == 0 || r.Invalid != nil || len(r.Sessions) != 1 || r.Sessions[0].ODATA != 100 || r.Sessions[0].SPM != 10 || r.Verdict != verify.Pass {
		t.Errorf("cut %d invalid %v sessions %+v verdict %s %+v", r.Cut, r.Invalid, r.Sessions, r.Verdict, r.Diagnosis)
	}
	if !has(r, false, "cut short by the capture's snap length") {
		t.Errorf("diagnosis %+v", r.Diagnosis)
	}
}

// pcap and pcapng of the same packets read the same.
func TestFormatsReadAlike(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	tr.sender(node1, 0, 10)
	a, err := Read("a.pcap", bytes.NewReader(tr.pcap()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read("a.pcapng", bytes.NewReader(tr.pcapng()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Format != "pcap" || b.Format != "pcapng" || a.Packets != b.Packets || a.Sessions[0].ODATA != b.Sessions[0].ODATA ||
		len(a.Diagnosis) != len(b.Diagnosis) || !a.Start.Equal(b.Start) || !a.End.Equal(b.End) {
		t.Errorf("pcap %+v\npcapng %+v", a, b)
	}
}

// A Linux cooked capture ("tcpdump -i any") marks what the host sent.
func TestCookedCaptureTellsTheHost(t *testing.T) {
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	if err := w.WriteFileHeader(65535, layers.LinkTypeLinuxSLL); err != nil {
		t.Fatal(err)
	}
	tr := newTrace(t)
	tr.report(sec(0), node2, false)
	tr.report(sec(0), node1, false) // two reporters: that alone would not tell
	tr.sender(node1, 0, 1)
	for i, f := range tr.frames {
		sll := make([]byte, 16)
		if i == 0 {
			sll[1] = 4 // outgoing
		}
		sll[14], sll[15] = 0x08, 0x00
		data := append(sll, f.data[14:]...)
		if err := w.WritePacket(gopacket.CaptureInfo{Timestamp: tr.start.Add(f.at), CaptureLength: len(data), Length: len(data)}, data); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Read("any.pcap", &buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType != "Linux SLL" || r.Host != node2 || r.HostFrom != "the packets the capture marks as sent" {
		t.Errorf("link %q host %v from %q", r.LinkType, r.Host, r.HostFrom)
	}
}

// What is not a capture gets an error that says what it is and what to
// do; a capture cut off mid-packet is read up to the cut.
func TestBadInput(t *testing.T) {
	tr := newTrace(t)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 10)
	tr.sender(node1, 0, 10)
	good := tr.pcap()

	var wifi bytes.Buffer
	w := pcapgo.NewWriter(&wifi)
	if err := w.WriteFileHeader(65535, layers.LinkTypeIEEE802_11); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "0 bytes, not even a capture's header"},
		{"text", []byte("interface GigabitEthernet1/0/1\n"), `starts with 69 6e 74 65, neither pcap nor pcapng`},
		{"etl", append([]byte{0, 0, 0x02, 0xc0}, make([]byte, 64)...), `pktmon's .etl needs "pktmon etl2pcap" first`},
		{"header only half", good[:12], "a pcap file whose header cannot be read"},
		{"wifi", wifi.Bytes(), "link type"},
		{"cut in the first packet", good[:24+16+10], "not a capture mcaudit can read"},
	} {
		_, err := Read(c.name, bytes.NewReader(c.data), Options{})
		if !errors.Is(err, ErrNotCapture) || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%s: %v, want ErrNotCapture with %q", c.name, err, c.want)
		}
	}
	r, err := Read("cut.pcap", bytes.NewReader(good[:len(good)-20]), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Packets != len(tr.frames)-1 || !has(r, false, "the file ends inside packet") {
		t.Errorf("%d packets of %d, diagnosis %+v", r.Packets, len(tr.frames), r.Diagnosis)
	}
}
