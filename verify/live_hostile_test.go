//go:build linux

package verify

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/net/ipv4"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// 9 of 10 protocol-113 packets dropped by an nftables rule: a quick run
// passed on 1 ODATA of 2. Now it waits for enough packets and calls it loss.
func TestLivePGMLoss(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	b.DropSome(t, 113, 10)
	for _, r := range runAll(t, b, Config{}) {
		if r.Verdict != Fail {
			t.Errorf("%s: verdict %s, want fail", r.Host, r.Verdict)
		}
		for _, p := range r.Peers {
			if p.Verdict != Fail || !hasDiagnosis(p, "PGM is lost") {
				t.Errorf("%s → %s: %s %q", r.Host, p.Address, p.Verdict, p.Diagnosis)
			}
		}
	}
	if n := b.Dropped(t); n == 0 {
		t.Error("the rule dropped nothing")
	}
}

// A third host on the VLAN forges the peer's reports: it listens to the
// group to learn both runs and the peer's ticks, and sends unicast records
// with the peer's source address saying every PGM packet arrived, which an
// ACL drops. The host it lies to must not pass.
func TestLiveForgedReports(t *testing.T) {
	b := netbed.New(t, netbed.Options{Hosts: 3, Snooping: true, Querier: true})
	b.DropProtocol(t, 113)
	victim, peer, forger := b.Hosts[0], b.Hosts[1], b.Hosts[2]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sent := make(chan int, 1)
	if err := forger.Do(func() error { return forge(ctx, forger, victim.Addr, peer.Addr, sent) }); err != nil {
		t.Fatalf("forger: %v", err)
	}
	cfg := Config{Group: testGroup, Peers: []netip.Addr{victim.Addr, peer.Addr}}
	var probes []*Probe
	for _, h := range []netbed.Host{victim, peer} {
		if err := h.Do(func() error {
			p, err := Open(cfg)
			probes = append(probes, p)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		for _, p := range probes {
			p.Close()
		}
	}()
	results := runProbes(t, context.Background(), probes, 0)
	cancel()
	n := <-sent
	r := results[0]
	logResult(t, r)
	if n == 0 {
		t.Fatal("the forger sent nothing: the test proves nothing")
	}
	p := onlyPeer(t, r)
	if r.Verdict != Fail || p.Verdict != Fail {
		t.Errorf("the victim passed on %d forged records: %s %q", n, p.Verdict, p.Diagnosis)
	}
	flagged := false
	for k := range p.Invalid {
		flagged = flagged || strings.Contains(k, "already received") || strings.Contains(k, "backwards") || strings.Contains(k, "more of this host's packets")
	}
	if !flagged {
		t.Errorf("%d forged records, none flagged: invalid %v", n, p.Invalid)
	}
	if p.Received.Unicast > results[1].Sent {
		t.Errorf("%d unicast records counted from a peer that sent %d ticks", p.Received.Unicast, results[1].Sent)
	}
}

// forge starts, in the current (forger's) namespace, a goroutine that
// joins the group, learns the runs from the probes' multicast records,
// and for every tick of the peer's sends four forged reports to the
// victim in the peer's name. It reports how many it sent on sent.
func forge(ctx context.Context, h netbed.Host, victim, peer netip.Addr, sent chan<- int) error {
	ifi, err := net.InterfaceByName(h.Iface)
	if err != nil {
		return err
	}
	lc, err := net.ListenPacket("udp4", "0.0.0.0:7500")
	if err != nil {
		return err
	}
	listen := ipv4.NewPacketConn(lc)
	if err := listen.JoinGroup(ifi, &net.UDPAddr{IP: testGroup.AsSlice()}); err != nil {
		lc.Close()
		return err
	}
	rc, err := net.ListenPacket("ip4:17", "0.0.0.0")
	if err != nil {
		lc.Close()
		return err
	}
	raw, err := ipv4.NewRawConn(rc)
	if err != nil {
		lc.Close()
		rc.Close()
		return err
	}
	go func() {
		<-ctx.Done()
		lc.Close()
		raw.Close()
	}()
	go func() {
		n := 0
		defer func() { sent <- n }()
		runs := map[netip.Addr]uint64{}
		buf := make([]byte, 1500)
		for {
			m, _, _, err := listen.ReadFrom(buf)
			if err != nil {
				return
			}
			rec, err := ParseRecord(buf[:m])
			if err != nil || rec.Kind != KindMulticast {
				continue
			}
			runs[rec.Sender] = rec.Run
			if rec.Sender != peer || runs[victim] == 0 {
				continue
			}
			all := rec.Tick + 1
			lie := Record{Kind: KindUnicast, Run: rec.Run, Sender: peer, Tick: rec.Tick, Echo: runs[victim],
				Heard: Counts{ODATA: all, SPM: all/spmEvery + 1, Multicast: all, Unicast: all}, Expected: Counts{ODATA: all, Multicast: all, Unicast: all}}
			payload := AppendRecord(nil, lie)
			udp := make([]byte, 8, 8+len(payload))
			binary.BigEndian.PutUint16(udp[0:], 7500)
			binary.BigEndian.PutUint16(udp[2:], 7500)
			binary.BigEndian.PutUint16(udp[4:], uint16(8+len(payload)))
			udp = append(udp, payload...) // checksum 0: none, as IPv4 allows
			hdr := &ipv4.Header{Version: 4, Len: ipv4.HeaderLen, TotalLen: ipv4.HeaderLen + len(udp), TTL: 64, Protocol: 17,
				Src: peer.AsSlice(), Dst: victim.AsSlice()}
			for range 4 {
				if raw.WriteTo(hdr, udp, nil) == nil {
					n++
				}
			}
		}
	}()
	return nil
}
