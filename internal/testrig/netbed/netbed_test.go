//go:build linux

package netbed

import (
	"net"
	"net/netip"
	"testing"
	"time"
)

// A host's sockets live in its namespace: a UDP datagram from h1 reaches h2
// through the bridge, and h1's socket sees only its own address.
func TestHostsTalkThroughTheBridge(t *testing.T) {
	b := New(t, Options{Snooping: true})
	h1, h2 := b.Hosts[0], b.Hosts[1]
	var rx *net.UDPConn
	if err := h2.Do(func() (err error) {
		rx, err = net.ListenUDP("udp4", &net.UDPAddr{Port: 9})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer rx.Close()
	var tx *net.UDPConn
	if err := h1.Do(func() (err error) {
		tx, err = net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(h2.Addr, 9)))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if got := tx.LocalAddr().(*net.UDPAddr).AddrPort().Addr(); got != h1.Addr {
		t.Fatalf("h1 socket bound to %s, want %s", got, h1.Addr)
	}
	if _, err := tx.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	rx.SetReadDeadline(time.Now().Add(3 * time.Second))
	buf := make([]byte, 16)
	n, from, err := rx.ReadFromUDPAddrPort(buf)
	if err != nil {
		t.Fatal(err)
	}
	if string(buf[:n]) != "hello" || from.Addr() != h1.Addr {
		t.Fatalf("got %q from %s", buf[:n], from)
	}
}

// The ACL rule counts what it drops and leaves other protocols alone.
func TestDropProtocolCounts(t *testing.T) {
	b := New(t, Options{})
	b.DropProtocol(t, 113)
	if n := b.Dropped(t); n != 0 {
		t.Fatalf("dropped %d before any traffic", n)
	}
	h1, h2 := b.Hosts[0], b.Hosts[1]
	var c net.PacketConn
	if err := h1.Do(func() (err error) {
		c, err = net.ListenPacket("ip4:113", "0.0.0.0")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WriteTo([]byte("not really pgm"), &net.IPAddr{IP: h2.Addr.AsSlice()}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for b.Dropped(t) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("dropped %d, want 1", b.Dropped(t))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
