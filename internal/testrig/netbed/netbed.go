//go:build linux

// Package netbed builds a throwaway layer-2 test network for verify's
// tests: hosts in their own network namespaces, each with one veth into a
// Linux bridge in a "switch" namespace, the bridge's IGMP snooping, querier
// and per-port flooding set like the switch being imitated. It shells out to
// iproute2 and nftables, the same tools an engineer would use by hand, so a
// failing test can be reproduced from its log.
//
// The bridge's multicast timers default to minutes; every timer a test
// depends on is set when the bridge is created, because the kernel does not
// reschedule timers that are already armed (see verify.md §5.4).
package netbed

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Require stops a test that needs root and network namespaces. Outside CI it
// skips; under CI (CI=true) it fails, because a skipped network test there
// would hide a broken product.
func Require(t testing.TB) {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root")
	}
	for _, tool := range []string{"ip", "bridge", "nft"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "needs " + strings.Join(missing, ", ") + " for network namespaces"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: network tests must run)")
	}
	t.Skip(msg)
}

// Options describe the switch.
type Options struct {
	Hosts    int  // hosts on the bridge; 2 when zero
	Snooping bool // mcast_snooping
	Querier  bool // the bridge is the IGMP querier
	// QuerierAddr gives the bridge 192.0.2.254 and makes its queries come
	// from it; without it a querier sends from 0.0.0.0, as a switch with no
	// SVI address does.
	QuerierAddr bool
	// FloodOff stops the host ports flooding unregistered multicast, which
	// is what a snooping switch without a querier does once memberships
	// age out; a Linux bridge otherwise floods while it knows no querier.
	FloodOff bool
	// QueryInterval is the general query interval, and the startup query
	// interval too: long by default so a test sees only the queries it
	// provokes.
	QueryInterval time.Duration
	// MembershipInterval is how long a report keeps a port in a group.
	MembershipInterval time.Duration
	// IGMPVersion of the bridge's queries: 3 when zero; 2 is what a Cisco
	// switch sends by default.
	IGMPVersion int
}

// Host is one namespace on the bridge.
type Host struct {
	NS    string     // network namespace name
	Iface string     // its interface on the bridge
	Addr  netip.Addr // its address, 192.0.2.N/24
	Port  string     // the bridge port facing it, in the switch namespace
}

// Bed is a built test network; it is removed when the test ends.
type Bed struct {
	Switch string // the switch namespace
	Bridge string
	Hosts  []Host
}

// Subnet is the test network's prefix.
var Subnet = netip.MustParsePrefix("192.0.2.0/24")

// QuerierAddr is the bridge's address when Options.QuerierAddr is set.
var QuerierAddr = netip.MustParseAddr("192.0.2.254")

var seq atomic.Int64

// New builds the network described by o and registers its removal.
func New(t testing.TB, o Options) *Bed {
	t.Helper()
	Require(t)
	if o.Hosts == 0 {
		o.Hosts = 2
	}
	if o.QueryInterval == 0 {
		o.QueryInterval = 125 * time.Second
	}
	if o.IGMPVersion == 0 {
		o.IGMPVersion = 3
	}
	if o.MembershipInterval == 0 {
		o.MembershipInterval = 260 * time.Second
	}
	prefix := fmt.Sprintf("mca%d-%d", os.Getpid(), seq.Add(1))
	b := &Bed{Switch: prefix + "-sw", Bridge: "br0"}
	namespaces := []string{b.Switch}
	for i := 1; i <= o.Hosts; i++ {
		b.Hosts = append(b.Hosts, Host{
			NS:    fmt.Sprintf("%s-h%d", prefix, i),
			Iface: "eth0",
			Addr:  netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}),
			Port:  fmt.Sprintf("p%d", i),
		})
		namespaces = append(namespaces, b.Hosts[i-1].NS)
	}
	t.Cleanup(func() {
		for _, ns := range namespaces {
			_ = exec.Command("ip", "netns", "del", ns).Run()
		}
	})
	must := func(args ...string) {
		t.Helper()
		if out, err := run(args...); err != nil {
			t.Fatalf("netbed: %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, ns := range namespaces {
		must("ip", "netns", "add", ns)
		must("ip", "-n", ns, "link", "set", "lo", "up")
	}
	// Every timer at creation: see the package comment.
	must("ip", "-n", b.Switch, "link", "add", b.Bridge, "type", "bridge",
		"mcast_snooping", onOff(o.Snooping), "mcast_querier", "0",
		"mcast_igmp_version", fmt.Sprint(o.IGMPVersion),
		"mcast_query_interval", centis(o.QueryInterval),
		"mcast_startup_query_interval", centis(o.QueryInterval),
		"mcast_startup_query_count", "1",
		"mcast_query_response_interval", "100",
		"mcast_membership_interval", centis(o.MembershipInterval),
		"mcast_querier_interval", centis(o.MembershipInterval),
		"mcast_last_member_interval", "50")
	for _, h := range b.Hosts {
		must("ip", "-n", b.Switch, "link", "add", h.Port, "type", "veth", "peer", "name", h.Iface, "netns", h.NS)
		must("ip", "-n", b.Switch, "link", "set", h.Port, "master", b.Bridge)
		must("ip", "-n", b.Switch, "link", "set", h.Port, "up")
		if o.FloodOff {
			must("ip", "netns", "exec", b.Switch, "bridge", "link", "set", "dev", h.Port, "mcast_flood", "off")
		}
		must("ip", "-n", h.NS, "addr", "add", netip.PrefixFrom(h.Addr, Subnet.Bits()).String(), "dev", h.Iface)
		must("ip", "-n", h.NS, "link", "set", h.Iface, "up")
	}
	if o.QuerierAddr {
		must("ip", "-n", b.Switch, "addr", "add", netip.PrefixFrom(QuerierAddr, Subnet.Bits()).String(), "dev", b.Bridge)
		must("ip", "-n", b.Switch, "link", "set", b.Bridge, "type", "bridge", "mcast_query_use_ifaddr", "1")
	}
	must("ip", "-n", b.Switch, "link", "set", b.Bridge, "up")
	if o.Querier {
		must("ip", "-n", b.Switch, "link", "set", b.Bridge, "type", "bridge", "mcast_querier", "1")
		// The bridge floods for one query response interval after its
		// querier starts; a test that ran now would see a switch without
		// snooping.
		time.Sleep(1100 * time.Millisecond)
	}
	b.waitCarrier(t)
	return b
}

// waitCarrier waits until every host port forwards: a veth bridge port goes
// through no STP states, but its carrier comes up asynchronously.
func (b *Bed) waitCarrier(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for _, h := range b.Hosts {
		for {
			out, _ := run("ip", "-n", b.Switch, "-br", "link", "show", h.Port)
			if strings.Contains(out, " UP ") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("netbed: %s did not come up: %s", h.Port, out)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// SetQuerier turns the bridge's querier on or off mid-test: off, a snooping
// switch with flooding off stops delivering the groups at once, which is
// where a real switch ends up once memberships age out.
func (b *Bed) SetQuerier(t testing.TB, on bool) {
	t.Helper()
	if out, err := run("ip", "-n", b.Switch, "link", "set", b.Bridge, "type", "bridge", "mcast_querier", onOff(on)); err != nil {
		t.Errorf("netbed: querier %s: %v\n%s", onOff(on), err, out)
	}
}

// DropProtocol installs an nftables bridge rule on the switch that drops
// every IPv4 packet of the given protocol it forwards: an ACL on a switch.
func (b *Bed) DropProtocol(t testing.TB, proto int) {
	t.Helper()
	b.nft(t, fmt.Sprintf("ip protocol %d counter drop comment \"an ACL dropping protocol %d\"", proto, proto))
}

// DropSome drops all but one in every n packets of the protocol from each
// host: a policer, or an ACL that matches some of the traffic. A rule per
// host keeps the share the same each way.
func (b *Bed) DropSome(t testing.TB, proto, n int) {
	t.Helper()
	var rules []string
	for _, h := range b.Hosts {
		rules = append(rules, fmt.Sprintf("ip saddr %s ip protocol %d numgen inc mod %d != 0 counter drop comment \"drops %d of %d\"", h.Addr, proto, n, n-1, n))
	}
	b.nft(t, rules...)
}

func (b *Bed) nft(t testing.TB, rule ...string) {
	t.Helper()
	rules := fmt.Sprintf(`table bridge acl {
	chain forward_acl {
		type filter hook forward priority 0; policy accept;
		%s
	}
}
`, strings.Join(rule, "\n\t\t"))
	cmd := exec.Command("ip", "netns", "exec", b.Switch, "nft", "-f", "-")
	cmd.Stdin = strings.NewReader(rules)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("netbed: nft: %v\n%s", err, out)
	}
}

// Dropped reports how many packets the DropProtocol rule has dropped.
func (b *Bed) Dropped(t testing.TB) int {
	t.Helper()
	out, err := run("ip", "netns", "exec", b.Switch, "nft", "list", "table", "bridge", "acl")
	if err != nil {
		t.Fatalf("netbed: nft list: %v\n%s", err, out)
	}
	var packets, octets int
	i := strings.Index(out, "counter packets ")
	if i < 0 {
		t.Fatalf("netbed: no counter in\n%s", out)
	}
	if _, err := fmt.Sscanf(out[i:], "counter packets %d bytes %d", &packets, &octets); err != nil {
		t.Fatalf("netbed: counter: %v in\n%s", err, out)
	}
	return packets
}

// AddAddr gives the host another address on its interface, after its
// first: a secondary address, as a cluster node with a service address has.
func (h Host) AddAddr(t testing.TB, addr netip.Addr) {
	t.Helper()
	if out, err := run("ip", "-n", h.NS, "addr", "add", netip.PrefixFrom(addr, Subnet.Bits()).String(), "dev", h.Iface); err != nil {
		t.Fatalf("netbed: add %s to %s: %v\n%s", addr, h.NS, err, out)
	}
}

// Command returns a command that runs inside the host's namespace.
func (h Host) Command(name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", h.NS, name}, args...)...)
}

// Do runs fn on an OS thread inside the host's namespace. Sockets keep the
// namespace they were created in, so fn opens them and other goroutines can
// then use them. The thread is thrown away afterwards rather than risk
// returning it to the scheduler in the wrong namespace.
func (h Host) Do(fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No UnlockOSThread: the goroutine exits with the thread locked,
		// and the runtime then terminates the thread.
		f, err := os.Open("/run/netns/" + h.NS)
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("setns %s: %w", h.NS, err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}

func run(args ...string) (string, error) {
	var out bytes.Buffer
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func onOff(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func centis(d time.Duration) string {
	return fmt.Sprint(d.Milliseconds() / 10)
}
