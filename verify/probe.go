// Package verify proves on the wire what an audit can only infer: that the
// cluster's hosts exchange PGM (IP protocol 113) over their multicast group,
// that an IGMP querier keeps the switches' memberships alive, and, when
// either fails, why.
//
// Like omping, the same probe runs on every cluster host at once. Each
// host sends, every tick, PGM (an SPM now and then, and an ODATA) and a UDP
// datagram to the group, a UDP datagram to each peer, and a UDP canary to a
// group nobody joins; and it receives and validates what its peers send.
// The unicast datagrams carry what the sender has received from the
// recipient, so every host judges both directions of every path. Comparing
// the kinds gives the diagnosis: unicast and UDP multicast arrive but PGM
// does not, so protocol 113 is filtered; multicast is lost altogether, so
// snooping, the querier or the VLAN is at fault.
package verify

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/gopacket/gopacket/layers"
	"golang.org/x/net/ipv4"
)

// Config is what to probe and for how long.
type Config struct {
	Group netip.Addr
	// Port is the PGM data-destination port and the UDP port. It must not
	// be one the cluster uses: a PGM receiver on the same group and port
	// would take the probe's packets for messages.
	Port  uint16
	Peers []netip.Addr // the other cluster hosts; this host's own address is dropped
	Iface string       // the interface on the cluster VLAN; found from the peers when empty
	Self  netip.Addr   // this host's address on Iface; found by Open
	TTL   int

	Interval    time.Duration // between ticks
	Timeout     time.Duration // a quick run gives up on peers it never heard after this
	Grace       time.Duration // after a peer is heard, how long what is missing may still be late
	Linger      time.Duration // after the verdict, how long to keep answering peers that lack theirs
	QuerierWait time.Duration // how long to wait for an IGMP query
	// MeasureQuerier keeps listening, up to QuerierWait, until the query
	// interval of an IGMPv1/v2 querier is measured between two general
	// queries (IGMPv3 queries state it).
	MeasureQuerier bool
	Duration       time.Duration // soak for this long; 0 for a quick run
	Window         time.Duration // soak loss is reported per window
	// MinTicks is how many ticks of a peer a quick run must have seen,
	// each way, before it judges loss: fewer cannot tell loss from noise.
	MinTicks int
}

// Defaults for a quick run: ten ticks a second is a few kbit/s, well under
// the 56 kbit/s a Windows PGM sender allows itself by default.
var Defaults = Config{
	Port:        7500,
	TTL:         255, // what Windows reliable multicast sends with
	Interval:    100 * time.Millisecond,
	Timeout:     30 * time.Second,
	Grace:       2 * time.Second,
	Linger:      3 * time.Second,
	QuerierWait: 5 * time.Second,
	Window:      10 * time.Second,
	MinTicks:    20,
}

// ErrPrivilege: the OS refused a raw socket.
var ErrPrivilege = errors.New("verify needs raw IP sockets (IP protocol 113 and IGMP): run as root, or grant CAP_NET_RAW (sudo setcap cap_net_raw+ep $(command -v mcaudit)); on Windows run from an elevated (Administrator) prompt")

// ErrConfig marks a configuration the probe cannot run with.
var ErrConfig = errors.New("invalid verify configuration")

// Probe holds a host's open sockets.
type Probe struct {
	cfg    Config
	ifi    *net.Interface
	canary netip.Addr

	pgm, spm, udp, igmp *ipv4.PacketConn
	src                 *ipv4.ControlMessage // the source address to send from, where the OS takes one
	routerAlert         bool
	flood               *floodListener // nil where unregistered multicast cannot be seen
	closers             []func() error

	// OnWindow, when set, hears each soak window as it closes, so a long
	// soak shows progress.
	OnWindow func(peer netip.Addr, w Window)
	// Capture, when set, keeps every packet the probe sends and reads.
	Capture *Capture
}

// CanaryGroup is the group nobody joins, derived from the cluster's group so
// every host picks the same one: the same first octet, away from the
// cluster's own numbering, and on another Ethernet address, so no switch
// or NIC filter can mistake one for the other.
func CanaryGroup(g netip.Addr) netip.Addr {
	a := g.As4()
	a[1] ^= 0x80 // far from groups numbered near the cluster's
	a[2] ^= 0x40 // one of the 23 bits that make the MAC: another address
	if a[0] == 224 && a[1] == 0 && a[2] == 0 {
		a[2] = 0x20 // not into the link-local block, which every switch floods
	}
	return netip.AddrFrom4(a)
}

// Open checks cfg, fills in the interface and this host's address, and
// opens every socket, so a missing privilege is reported before anything
// is sent.
func Open(cfg Config) (_ *Probe, err error) {
	if err := check(&cfg); err != nil {
		return nil, err
	}
	p := &Probe{cfg: cfg, canary: CanaryGroup(cfg.Group)}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	if p.ifi, p.cfg.Self, err = pickInterface(cfg.Iface, cfg.Peers); err != nil {
		return nil, err
	}
	p.cfg.Iface = p.ifi.Name
	p.src = sourceControl(p.cfg.Self)
	p.cfg.Peers = dropSelf(cfg.Peers)
	if len(p.cfg.Peers) == 0 {
		return nil, fmt.Errorf("%w: --peers names only this host; list the other cluster hosts", ErrConfig)
	}
	group := &net.IPAddr{IP: cfg.Group.AsSlice()}

	if p.pgm, err = p.listen("ip4:113", "0.0.0.0"); err != nil {
		return nil, err
	}
	if err := p.multicast(p.pgm, "PGM"); err != nil {
		return nil, err
	}
	if err := p.pgm.JoinGroup(p.ifi, group); err != nil {
		return nil, fmt.Errorf("join %s on %s for PGM: %w", cfg.Group, p.ifi.Name, err)
	}
	_ = p.pgm.SetControlMessage(ipv4.FlagDst|ipv4.FlagInterface, true) // not on Windows: filtered by contents there

	if p.spm, p.routerAlert, err = p.openSPM(); err != nil {
		return nil, err
	}

	if p.udp, err = p.listen("udp4", fmt.Sprintf("0.0.0.0:%d", cfg.Port)); err != nil {
		return nil, err
	}
	if err := p.multicast(p.udp, "UDP"); err != nil {
		return nil, err
	}
	if err := p.udp.JoinGroup(p.ifi, &net.UDPAddr{IP: cfg.Group.AsSlice()}); err != nil {
		return nil, fmt.Errorf("join %s on %s for UDP: %w", cfg.Group, p.ifi.Name, err)
	}
	_ = p.udp.SetControlMessage(ipv4.FlagDst|ipv4.FlagInterface, true)

	if p.igmp, err = p.listen("ip4:2", "0.0.0.0"); err != nil {
		return nil, err
	}
	if p.flood, err = openFloodListener(p.ifi, p.canary, cfg.Port); err != nil {
		return nil, err
	}
	if p.flood != nil {
		p.closers = append(p.closers, p.flood.Close)
	}
	return p, nil
}

// Config returns the configuration the probe runs with.
func (p *Probe) Config() Config { return p.cfg }

func (p *Probe) listen(network, addr string) (*ipv4.PacketConn, error) {
	c, err := net.ListenPacket(network, addr)
	if err != nil {
		if isPrivilege(err) {
			return nil, fmt.Errorf("%w (%v)", ErrPrivilege, err)
		}
		return nil, fmt.Errorf("open %s socket: %w", network, err)
	}
	p.closers = append(p.closers, c.Close)
	return ipv4.NewPacketConn(c), nil
}

// multicast points a socket's multicast at the cluster interface, with the
// cluster's TTL, and keeps its own packets from coming back to it.
func (p *Probe) multicast(c *ipv4.PacketConn, what string) error {
	if err := c.SetMulticastInterface(p.ifi); err != nil {
		return fmt.Errorf("%s socket: multicast interface %s: %w", what, p.ifi.Name, err)
	}
	if err := c.SetMulticastTTL(p.cfg.TTL); err != nil {
		return fmt.Errorf("%s socket: multicast TTL %d: %w", what, p.cfg.TTL, err)
	}
	if err := c.SetMulticastLoopback(false); err != nil {
		return fmt.Errorf("%s socket: multicast loopback: %w", what, err)
	}
	return nil
}

// Close closes every socket; it is safe to call twice.
func (p *Probe) Close() error {
	var errs []error
	for _, c := range p.closers {
		if err := c(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	p.closers = nil
	return errors.Join(errs...)
}

type event struct {
	kind     Kind // KindPGM, KindMulticast (the UDP socket, either kind), KindCanary; 0 for IGMP
	src, dst netip.Addr
	sport    uint16 // a UDP packet's source port
	ifindex  int    // the interface it arrived on, where the OS says (0: it does not)
	b        []byte
	at       time.Time
}

// Run probes until the verdict (quick) or for the configured duration
// (soak), then closes the sockets. Cancelling ctx ends the run early with
// the result so far.
func (p *Probe) Run(ctx context.Context) (Result, error) {
	defer p.Close()
	var seed [16]byte
	_, _ = rand.Read(seed[:])
	run := binary.BigEndian.Uint64(seed[:8])
	var gsi [6]byte
	copy(gsi[:], seed[8:14])
	sport := binary.BigEndian.Uint16(seed[14:16]) | 1 // non-zero, random: RFC 3208 §8

	now := time.Now()
	s := newSession(p.cfg, run, gsi, sport, now)
	s.floodMeasured = p.flood != nil
	s.igmpBlind = igmpBlind

	events := make(chan event, 1024)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	p.startReaders(events, stop, &wg)
	defer func() {
		close(stop)
		p.Close()
		wg.Wait()
	}()
	sendErrs := map[string]error{}
	send := func(o Outgoing) { p.send(o, sendErrs) }

	// The scratch group: joining and leaving it makes a querier send a
	// group-specific query at once instead of at its next general query.
	// The query may go to the scratch group itself rather than 224.0.0.1,
	// so the host joins again to hear the querier's repeat of it a
	// last-member interval later (1 s by default). A leave or a query can
	// be lost, so the cycle repeats until a querier is heard.
	scratch := scratchGroup(seed[0], seed[1], p.cfg.Group)
	scratchIP := &net.IPAddr{IP: scratch.AsSlice()}
	scratchErr := p.igmp.JoinGroup(p.ifi, scratchIP)
	leave := time.After(50 * time.Millisecond)
	var rejoin <-chan time.Time

	ticker := time.NewTicker(p.cfg.Interval)
	defer ticker.Stop()
	send(s.next(now, false))
	interrupted := false
loop:
	for {
		select {
		case <-ctx.Done():
			interrupted = true
			now = time.Now()
			break loop
		case e := <-events:
			p.record(e)
			if e.ifindex != 0 && e.ifindex != p.ifi.Index && e.kind != 0 && e.kind != KindCanary {
				// A peer's packets reach the probe on the cluster's
				// interface; what comes in elsewhere in its name is not it.
				s.offInterface(e.src)
				continue
			}
			switch e.kind {
			case KindPGM:
				if e.dst.IsValid() && e.dst != p.cfg.Group && e.dst != p.cfg.Self { // NAKs come unicast
					continue
				}
				s.onPGM(e.src, e.b, e.at)
			case KindMulticast:
				s.onUDP(e.src, e.dst, e.b, e.at)
			case KindCanary:
				s.onCanary(e.src, e.b, e.at)
			default:
				s.onIGMP(e.src, e.b, e.at)
			}
		case <-leave:
			if scratchErr == nil {
				scratchErr = p.igmp.LeaveGroup(p.ifi, scratchIP)
			}
			rejoin = time.After(150 * time.Millisecond)
		case <-rejoin:
			if scratchErr == nil {
				scratchErr = p.igmp.JoinGroup(p.ifi, scratchIP)
			}
			if len(s.queriers.seen) == 0 {
				leave = time.After(scratchCycle)
			}
		case now = <-ticker.C:
			if s.roll(now, false) && p.OnWindow != nil {
				for _, pe := range s.peers {
					p.OnWindow(pe.addr, pe.windows[len(pe.windows)-1])
				}
			}
			if s.finished(now) {
				send(s.next(now, true))
				break loop
			}
			send(s.next(now, false))
		}
	}
	s.roll(now, true)
	r := s.result(now)
	r.Interface = p.ifi.Name
	r.RouterAlert = p.routerAlert
	if interrupted {
		r.Notes = append(r.Notes, "interrupted before the verdict was complete")
		r.Verdict = Fail
	}
	if scratchErr != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("could not join and leave the scratch group %s to provoke a query: %v", scratch, scratchErr))
	}
	for _, what := range []string{"PGM SPM", "PGM ODATA", "UDP multicast", "UDP canary", "UDP unicast"} {
		if err := sendErrs[what]; err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("sending %s failed: %v (a host firewall?)", what, err))
		}
	}
	return r, nil
}

// startReaders reads every socket into events until stop is closed or the
// socket is; the caller waits on wg after closing both.
func (p *Probe) startReaders(events chan<- event, stop <-chan struct{}, wg *sync.WaitGroup) {
	read := func(kind Kind, c *ipv4.PacketConn) {
		defer wg.Done()
		buf := make([]byte, 65536)
		for {
			n, cm, src, err := c.ReadFrom(buf)
			if err != nil {
				return // closed
			}
			e := event{kind: kind, src: addrOf(src), b: append([]byte(nil), buf[:n]...), at: time.Now()}
			if u, ok := src.(*net.UDPAddr); ok {
				e.sport = uint16(u.Port)
			}
			if cm != nil {
				e.dst, _ = netip.AddrFromSlice(cm.Dst.To4())
				e.ifindex = cm.IfIndex
			}
			select {
			case events <- e:
			case <-stop:
				return
			}
		}
	}
	wg.Add(3)
	go read(KindPGM, p.pgm)
	go read(KindMulticast, p.udp)
	go read(0, p.igmp)
	if p.flood != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.flood.run(func(src netip.Addr, b []byte) {
				select {
				case events <- event{kind: KindCanary, src: src, dst: p.canary, sport: p.cfg.Port, b: b, at: time.Now()}:
				case <-stop:
				}
			})
		}()
	}
}

// send puts one tick's packets on the wire. A send that fails is kept, the
// first of each kind, for the result: the run goes on, since what the
// peers receive is the measurement.
func (p *Probe) send(o Outgoing, errs map[string]error) {
	note := func(what string, err error) {
		if err != nil && errs[what] == nil {
			errs[what] = err
		}
	}
	group := &net.IPAddr{IP: p.cfg.Group.AsSlice()}
	udp := func(to netip.Addr) *net.UDPAddr { return &net.UDPAddr{IP: to.AsSlice(), Port: int(p.cfg.Port)} }
	sent := func(proto layers.IPProtocol, to netip.Addr, ttl int, b []byte) {
		p.Capture.add(time.Now(), true, proto, p.cfg.Self, to, p.cfg.Port, p.cfg.Port, ttl, b)
	}
	if o.SPM != nil {
		_, err := p.spm.WriteTo(o.SPM, p.src, group)
		note("PGM SPM", err)
		if err == nil {
			sent(protoPGM, p.cfg.Group, p.cfg.TTL, o.SPM)
		}
	}
	_, err := p.pgm.WriteTo(o.ODATA, p.src, group)
	note("PGM ODATA", err)
	if err == nil {
		sent(protoPGM, p.cfg.Group, p.cfg.TTL, o.ODATA)
	}
	_, err = p.udp.WriteTo(o.Multicast, p.src, udp(p.cfg.Group))
	note("UDP multicast", err)
	if err == nil {
		sent(layers.IPProtocolUDP, p.cfg.Group, p.cfg.TTL, o.Multicast)
	}
	_, err = p.udp.WriteTo(o.Canary, p.src, udp(p.canary))
	note("UDP canary", err)
	if err == nil {
		sent(layers.IPProtocolUDP, p.canary, p.cfg.TTL, o.Canary)
	}
	for _, u := range o.Unicast {
		_, err = p.udp.WriteTo(u.Payload, p.src, udp(u.To))
		note("UDP unicast", err)
		if err == nil {
			sent(layers.IPProtocolUDP, u.To, 64, u.Payload)
		}
	}
}

// protoPGM is PGM's IP protocol number, which gopacket has no name for.
const protoPGM = layers.IPProtocol(113)

// record keeps a packet the probe read, where a capture is asked for.
// Where the OS did not say where it was sent (Windows), the destination
// is the one its kind implies.
func (p *Probe) record(e event) {
	if p.Capture == nil {
		return
	}
	proto, dst := layers.IPProtocolIGMP, e.dst
	switch e.kind {
	case KindPGM:
		proto = protoPGM
		if !dst.IsValid() {
			dst = p.cfg.Group
		}
	case KindMulticast, KindCanary:
		proto = layers.IPProtocolUDP
		if !dst.IsValid() {
			dst = p.cfg.Self
		}
	default:
		if !dst.IsValid() {
			dst = netip.AddrFrom4([4]byte{224, 0, 0, 1})
		}
	}
	p.Capture.add(e.at, false, proto, e.src, dst, e.sport, p.cfg.Port, 1, e.b)
}

// scratchCycle: how long after rejoining the scratch group the probe waits
// for a query before leaving it again: longer than a last-member interval.
const scratchCycle = 1500 * time.Millisecond

// scratchGroup picks a per-run group to join and leave, away from the
// cluster's group and the canary.
func scratchGroup(a, b byte, g netip.Addr) netip.Addr {
	for {
		s := netip.AddrFrom4([4]byte{239, 255, a, b | 1})
		if s != g && s != CanaryGroup(g) {
			return s
		}
		b += 2
	}
}

func addrOf(a net.Addr) netip.Addr {
	var ip net.IP
	switch a := a.(type) {
	case *net.IPAddr:
		ip = a.IP
	case *net.UDPAddr:
		ip = a.IP
	}
	out, _ := netip.AddrFromSlice(ip.To4())
	return out
}
