//go:build linux

package capture

import (
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/libpgm"
	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
	"github.com/mcaudit/mcaudit/verify"
)

// These tests read captures nobody here wrote: tcpdump's, of real libpgm
// traffic and of the verify probe, through a Linux bridge set up as each
// failure has it.

var liveGroup = netip.MustParseAddr("239.192.0.77")

const livePort = 7511

// tcpdump records on host h until stop is called, and returns the file.
type tcpdump struct {
	cmd  *exec.Cmd
	path string
	errb bytes.Buffer
}

func record(t *testing.T, h netbed.Host, iface string, args ...string) *tcpdump {
	t.Helper()
	bin, err := exec.LookPath("tcpdump")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tcpdump is not installed (CI=true: the capture tests must run; apt-get install tcpdump)")
		}
		t.Skip("needs tcpdump")
	}
	d := &tcpdump{path: filepath.Join(t.TempDir(), h.NS+".pcap")}
	// -U writes each packet as it comes, so what was captured is on disk
	// when tcpdump is stopped; -Z root keeps it from dropping privileges to
	// a user that cannot write the test's directory.
	d.cmd = h.Command(bin, append([]string{"-i", iface, "-n", "-U", "-Z", "root", "-w", d.path}, args...)...)
	d.cmd.Stderr = &d.errb
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.cmd.Process.Kill(); _ = d.cmd.Wait() })
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(d.errb.String(), "listening on"); {
		if time.Now().After(deadline) {
			t.Fatalf("tcpdump did not start: %s", d.errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return d
}

// stop ends the capture and reads it.
func (d *tcpdump) stop(t *testing.T, o Options) *Report {
	t.Helper()
	_ = d.cmd.Process.Signal(os.Interrupt)
	_ = d.cmd.Wait()
	t.Logf("tcpdump: %s", strings.TrimSpace(d.errb.String()))
	return readFile(t, d.path, o)
}

// keep copies the capture to $MCAUDIT_RECORD_CAPTURES/name when that is
// set: how fixtures/captures was recorded.
func (d *tcpdump) keep(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("MCAUDIT_RECORD_CAPTURES")
	if dir == "" {
		return
	}
	b, err := os.ReadFile(d.path)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string, o Options) *Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Read(filepath.Base(path), f, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Sessions {
		t.Logf("session %s from %v: spm %d odata %d rdata %d nak %d ncf %d gaps %d %s–%s", s.TSI, s.Source, s.SPM, s.ODATA, s.RDATA, s.NAK, s.NCF, s.Gaps, clock(s.First), clock(s.Last))
	}
	for _, q := range r.Queriers {
		t.Logf("querier %v v%d general %d interval %s", q.Address, q.Version, q.General, q.Interval)
	}
	for _, f := range r.Diagnosis {
		t.Logf("%s problem=%v %s", clock(f.At), f.Problem, f.Text)
	}
	return r
}

func pgmBin(t *testing.T) string { return libpgm.Build(t) }

// A healthy path: the bridge queries every second, a libpgm source on h1,
// a libpgm receiver on h2, captured on h2.
func TestLiveLibpgmQuerierOn(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, QueryInterval: time.Second, MembershipInterval: 3 * time.Second})
	bin := pgmBin(t)
	h1, h2 := b.Hosts[0], b.Hosts[1]
	d := record(t, h2, h2.Iface)
	libpgm.Start(t, bin, h2, liveGroup, livePort)
	s := libpgm.StartSender(t, bin, h1, liveGroup, livePort, 50*time.Millisecond)
	time.Sleep(4 * time.Second)
	// h1's reports reach h2 (IGMPv3 reports go to 224.0.0.22, which the
	// bridge floods), so the capture alone cannot tell h2 from h1.
	r := d.stop(t, Options{Host: h2.Addr})
	d.keep(t, "healthy.pcap")
	if r.Verdict != verify.Pass || len(problems(r)) != 0 {
		t.Fatalf("verdict %s, problems %q", r.Verdict, problems(r))
	}
	if len(r.Sessions) != 1 || r.Sessions[0].Source != h1.Addr || r.Sessions[0].Group != liveGroup || r.Sessions[0].DestPort != livePort ||
		r.Sessions[0].ODATA < s.Sent()/2 || r.Sessions[0].SPM == 0 {
		t.Errorf("sessions %+v, %d sent", r.Sessions, s.Sent())
	}
	if len(r.Queriers) != 1 || r.Queriers[0].General < 2 || r.Queriers[0].Interval == 0 {
		t.Errorf("queriers %+v", r.Queriers)
	}
	// Without --host, the diagnosis says what it cannot judge.
	r = readFile(t, d.path, Options{})
	if r.Host.IsValid() || r.Verdict != verify.Pass || !has(r, false, "192.0.2.2 report 239.192.0.77 but send no PGM to it; one may be the host the capture was taken on: pass --host") {
		t.Errorf("host %v (%s), %s %+v", r.Host, r.HostFrom, r.Verdict, r.Diagnosis)
	}
}

// No querier on a switch that does not flood: h2 joined and hears nothing.
func TestLiveLibpgmNoQuerier(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, FloodOff: true})
	bin := pgmBin(t)
	h1, h2 := b.Hosts[0], b.Hosts[1]
	d := record(t, h2, h2.Iface)
	libpgm.Start(t, bin, h2, liveGroup, livePort)
	libpgm.StartSender(t, bin, h1, liveGroup, livePort, 50*time.Millisecond)
	time.Sleep(3 * time.Second)
	r := d.stop(t, Options{})
	if r.Verdict != verify.Fail || !has(r, true, "this host (192.0.2.2) joined 239.192.0.77") || !has(r, true, "no IGMP query was heard: with IGMP snooping and no querier the switches deliver nothing to the group — no querier") {
		t.Errorf("verdict %s, diagnosis %+v", r.Verdict, r.Diagnosis)
	}
}

// The querier stops mid-capture; a membership interval later the bridge
// stops delivering the group.
func TestLiveLibpgmQuerierStops(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, FloodOff: true,
		QueryInterval: time.Second, MembershipInterval: 3 * time.Second})
	bin := pgmBin(t)
	h1, h2 := b.Hosts[0], b.Hosts[1]
	d := record(t, h2, h2.Iface)
	libpgm.Start(t, bin, h2, liveGroup, livePort)
	libpgm.StartSender(t, bin, h1, liveGroup, livePort, 50*time.Millisecond)
	// Unicast goes on after the group stops, as a real node's traffic
	// does: the capture shows it ran on.
	unicast(t, h1, h2, 500*time.Millisecond)
	time.Sleep(4 * time.Second)
	b.SetQuerier(t, false)
	time.Sleep(9 * time.Second)
	r := d.stop(t, Options{})
	d.keep(t, "querier-stops.pcap")
	if r.Verdict != verify.Fail || !has(r, true, "general queries from 192.0.2.254 stop at") || !has(r, true, "PGM from 192.0.2.1 stops") ||
		!has(r, true, "the switches aged the group out — no querier") {
		t.Errorf("verdict %s, diagnosis %+v", r.Verdict, r.Diagnosis)
	}
}

// An ACL drops protocol 113; h1's IGMPv3 reports still reach h2 (the
// bridge floods 224.0.0.22, a link-local group). A capture on "any" marks
// what h2 sent, which tells h2 from h1 without --host.
func TestLiveLibpgmProtocol113Dropped(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, QueryInterval: time.Second})
	b.DropProtocol(t, 113)
	bin := pgmBin(t)
	h1, h2 := b.Hosts[0], b.Hosts[1]
	d := record(t, h2, "any")
	libpgm.Start(t, bin, h2, liveGroup, livePort)
	libpgm.Start(t, bin, h1, liveGroup, livePort) // h1 joins the group as every EFT node does
	libpgm.StartSender(t, bin, h1, liveGroup, livePort, 50*time.Millisecond)
	time.Sleep(3 * time.Second)
	r := d.stop(t, Options{})
	d.keep(t, "protocol-113-dropped.pcap")
	if !strings.HasPrefix(r.LinkType, "Linux SLL") || r.Host != h2.Addr {
		t.Errorf("link type %s, host %v (%s)", r.LinkType, r.Host, r.HostFrom)
	}
	if r.Verdict != verify.Fail || !has(r, true, "no PGM from 192.0.2.1 at all while its IGMP reports for 239.192.0.77 arrive: protocol 113 filtered") {
		t.Errorf("verdict %s, diagnosis %+v", r.Verdict, r.Diagnosis)
	}
	if n := b.Dropped(t); n == 0 {
		t.Error("the ACL dropped nothing")
	}
}

// The verify probe's own traffic, captured: a healthy run, then the same
// with protocol 113 dropped, where the probe's UDP shows h1 is there.
func TestLiveProbeCaptured(t *testing.T) {
	for _, drop := range []bool{false, true} {
		b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, QueryInterval: time.Second})
		if drop {
			b.DropProtocol(t, 113)
		}
		h2 := b.Hosts[1]
		d := record(t, h2, h2.Iface)
		runProbes(t, b)
		r := d.stop(t, Options{Group: liveGroup, Host: h2.Addr})
		if !drop && (r.Verdict != verify.Pass || len(r.Sessions) == 0 || len(r.UDP) == 0) {
			t.Errorf("healthy: verdict %s, sessions %+v, udp %+v, problems %q", r.Verdict, r.Sessions, r.UDP, problems(r))
		}
		if drop && (r.Verdict != verify.Fail || !has(r, true, "no PGM from 192.0.2.1 at all while its UDP to 239.192.0.77 arrives")) {
			t.Errorf("113 dropped: verdict %s, diagnosis %+v", r.Verdict, r.Diagnosis)
		}
	}
}

// unicast sends a UDP datagram from a to b every interval until the test
// ends.
func unicast(t *testing.T, a, b netbed.Host, interval time.Duration) {
	t.Helper()
	var c *net.UDPConn
	if err := a.Do(func() (err error) {
		c, err = net.DialUDP("udp4", nil, &net.UDPAddr{IP: b.Addr.AsSlice(), Port: 9})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			_, _ = c.Write([]byte("still here"))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() { close(done); <-stopped; c.Close() })
}

func runProbes(t *testing.T, b *netbed.Bed) {
	t.Helper()
	cfg := verify.Defaults
	cfg.Group = liveGroup
	cfg.QuerierWait = 2 * time.Second
	for _, h := range b.Hosts {
		cfg.Peers = append(cfg.Peers, h.Addr)
	}
	var wg sync.WaitGroup
	for _, h := range b.Hosts {
		var p *verify.Probe
		if err := h.Do(func() (err error) { p, err = verify.Open(cfg); return err }); err != nil {
			t.Fatalf("%s: %v", h.NS, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.Close()
			if _, err := p.Run(context.Background()); err != nil {
				t.Errorf("%s: %v", h.NS, err)
			}
		}()
	}
	wg.Wait()
}

// Files as operators bring them: cut by a snap length, converted by
// editcap, or not a capture at all.
func TestLiveCapturesConvertedAndCut(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true, QueryInterval: time.Second})
	bin := pgmBin(t)
	h1, h2 := b.Hosts[0], b.Hosts[1]
	full := record(t, h2, h2.Iface)
	// 50 bytes: Ethernet, IPv4 and PGM's common header, no sequence number.
	cut := record(t, h2, h2.Iface, "-s", "50")
	libpgm.Start(t, bin, h2, liveGroup, livePort)
	libpgm.StartSender(t, bin, h1, liveGroup, livePort, 50*time.Millisecond)
	time.Sleep(3 * time.Second)
	whole := full.stop(t, Options{Host: h2.Addr})
	short := cut.stop(t, Options{Host: h2.Addr})
	if whole.Verdict != verify.Pass || short.Verdict != verify.Pass || short.Cut == 0 || short.Invalid != nil ||
		len(short.Sessions) != 1 || short.Sessions[0].ODATA < whole.Sessions[0].ODATA-5 || short.Sessions[0].SPM == 0 || short.Sessions[0].Gaps != 0 ||
		!has(short, false, "cut short by the capture's snap length") {
		t.Errorf("whole %s %+v\ncut %s (%d cut) %+v %+v", whole.Verdict, whole.Diagnosis, short.Verdict, short.Cut, short.Sessions, short.Diagnosis)
	}

	editcap, err := exec.LookPath("editcap")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("editcap is not installed (CI=true; apt-get install tshark brings it)")
		}
		t.Skip("needs editcap")
	}
	dir := t.TempDir()
	ng, back := filepath.Join(dir, "node.pcapng"), filepath.Join(dir, "node-from-pcapng.pcap")
	for _, args := range [][]string{{"-F", "pcapng", full.path, ng}, {"-F", "pcap", ng, back}} {
		if out, err := exec.Command(editcap, args...).CombinedOutput(); err != nil {
			t.Fatalf("editcap %q: %v\n%s", args, err, out)
		}
	}
	for _, path := range []string{ng, back} {
		r := readFile(t, path, Options{Host: h2.Addr})
		if r.Packets != whole.Packets || len(r.Sessions) != 1 || r.Sessions[0].ODATA != whole.Sessions[0].ODATA || r.Verdict != whole.Verdict {
			t.Errorf("%s: %d packets, sessions %+v, %s; the original: %d packets, %+v", path, r.Packets, r.Sessions, r.Verdict, whole.Packets, whole.Sessions)
		}
	}
	if f := readFile(t, ng, Options{}); f.Format != "pcapng" {
		t.Errorf("format %s", f.Format)
	}

	garbage := make([]byte, 4096)
	rand.Read(garbage)
	if _, err := Read("garbage", bytes.NewReader(garbage), Options{}); err == nil {
		t.Error("random bytes read as a capture")
	}
}
