//go:build linux

package verify

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"golang.org/x/net/ipv4"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
	"github.com/mcaudit/mcaudit/verify/pgm"
)

// What the probe puts on the wire, read with the IP header by a raw socket
// on the other host: PGM to the group at the cluster's TTL, SPMs with IP
// Router Alert (RFC 3208 §4) and ODATA without, valid to the decoder, one
// TSI for the run.
func TestLiveWireFormat(t *testing.T) {
	b := netbed.New(t, netbed.Options{})
	h1, h2 := b.Hosts[0], b.Hosts[1]
	var raw *ipv4.RawConn
	if err := h2.Do(func() error {
		c, err := net.ListenPacket("ip4:113", "0.0.0.0")
		if err != nil {
			return err
		}
		if raw, err = ipv4.NewRawConn(c); err != nil {
			return err
		}
		ifi, err := net.InterfaceByName(h2.Iface)
		if err != nil {
			return err
		}
		return raw.JoinGroup(ifi, &net.IPAddr{IP: testGroup.AsSlice()})
	}); err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	var p *Probe
	if err := h1.Do(func() (err error) {
		p, err = Open(Config{Group: testGroup, Peers: []netip.Addr{h2.Addr}, Timeout: time.Second, QuerierWait: time.Second, Linger: time.Millisecond})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	r, err := p.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	routerAlert := []byte{0x94, 0x04, 0x00, 0x00}
	seen := map[pgm.Type]int{}
	buf := make([]byte, 1500)
	raw.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	for {
		h, payload, _, err := raw.ReadFrom(buf)
		if err != nil {
			break
		}
		pk, err := pgm.Decode(payload)
		if err != nil {
			t.Fatalf("%s → %s: %v", h.Src, h.Dst, err)
		}
		if !h.Src.Equal(h1.Addr.AsSlice()) || !h.Dst.Equal(testGroup.AsSlice()) || h.TTL != 255 || h.Protocol != pgm.Protocol {
			t.Errorf("%s: header %v", pk.Type, h)
		}
		if pk.TSI.String() != r.TSI || pk.DestPort != Defaults.Port {
			t.Errorf("%s: TSI %s port %d, the run reports %s on %d", pk.Type, pk.TSI, pk.DestPort, r.TSI, Defaults.Port)
		}
		switch pk.Type {
		case pgm.SPM:
			if !bytes.Equal(h.Options, routerAlert) || pk.PathNLA != h1.Addr {
				t.Errorf("SPM: IP options %x, path NLA %s; want Router Alert and %s", h.Options, pk.PathNLA, h1.Addr)
			}
		case pgm.ODATA:
			if len(h.Options) != 0 {
				t.Errorf("ODATA carries IP options %x", h.Options)
			}
		}
		seen[pk.Type]++
	}
	if seen[pgm.ODATA] != int(r.Sent) || seen[pgm.SPM] == 0 || len(seen) != 2 {
		t.Errorf("saw %v, the probe sent %d ticks", seen, r.Sent)
	}
}
