package verify

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"time"
)

// check fills defaults and rejects what cannot work.
func check(cfg *Config) error {
	d := Defaults
	fill(&cfg.Port, d.Port)
	fill(&cfg.TTL, d.TTL)
	fill(&cfg.Interval, d.Interval)
	fill(&cfg.Timeout, d.Timeout)
	fill(&cfg.Grace, d.Grace)
	fill(&cfg.Linger, d.Linger)
	fill(&cfg.QuerierWait, d.QuerierWait)
	fill(&cfg.Window, d.Window)
	fill(&cfg.MinTicks, d.MinTicks)
	g := cfg.Group
	switch {
	case !g.IsValid():
		return fmt.Errorf("%w: --group is required: the cluster's multicast group", ErrConfig)
	case !g.Is4() || !g.IsMulticast():
		return fmt.Errorf("%w: --group %s is not an IPv4 multicast address (224.0.0.0/4)", ErrConfig, g)
	case g.IsLinkLocalMulticast():
		return fmt.Errorf("%w: --group %s is link-local (224.0.0.0/24): switches flood it whatever their snooping, so it proves nothing; use the cluster's group", ErrConfig, g)
	case netip.MustParsePrefix("232.0.0.0/8").Contains(g):
		return fmt.Errorf("%w: --group %s is in the source-specific range 232.0.0.0/8, which PGM's any-source joins do not use", ErrConfig, g)
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--interval", cfg.Interval}, {"--timeout", cfg.Timeout}, {"--grace", cfg.Grace}, {"--linger", cfg.Linger},
		{"--querier-wait", cfg.QuerierWait}, {"--duration", cfg.Duration}, {"--window", cfg.Window}} {
		if d.v < 0 {
			return fmt.Errorf("%w: %s %s is negative", ErrConfig, d.flag, d.v)
		}
	}
	if cfg.TTL < 1 || cfg.TTL > 255 {
		return fmt.Errorf("%w: --ttl %d is not between 1 and 255", ErrConfig, cfg.TTL)
	}
	if len(cfg.Peers) == 0 {
		return fmt.Errorf("%w: --peers is required: the other cluster hosts' addresses", ErrConfig)
	}
	for _, p := range cfg.Peers {
		if !p.Is4() || !p.IsGlobalUnicast() {
			return fmt.Errorf("%w: peer %s is not a host's IPv4 unicast address", ErrConfig, p)
		}
	}
	if cfg.Duration > 0 && cfg.Duration < cfg.Window {
		cfg.Window = cfg.Duration
	}
	return nil
}

func fill[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

// pickInterface finds the interface on the cluster VLAN and this host's
// address on it. The address the cluster knows this host by comes first:
// one of --peers that is local (a secondary address, say). Then the first
// address on a peer's subnet (the cluster shares one VLAN, so a peer only
// reachable through a router is a finding in itself). With --iface, its
// first address will do.
func pickInterface(name string, peers []netip.Addr) (*net.Interface, netip.Addr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, netip.Addr{}, fmt.Errorf("list interfaces: %w", err)
	}
	type candidate struct {
		ifi  net.Interface
		addr netip.Addr
		rank int // 0 listed in --peers, 1 on a peer's subnet, 2 on the named interface
	}
	var best *candidate
	named := false
	for _, ifi := range ifs {
		if name != "" && ifi.Name != name {
			continue
		}
		named = true
		addrs, err := ifi.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			self, ok := netip.AddrFromSlice(n.IP.To4())
			if !ok {
				continue
			}
			ones, _ := n.Mask.Size()
			prefix := netip.PrefixFrom(self, ones).Masked()
			c := candidate{ifi: ifi, addr: self, rank: 3}
			switch {
			case slices.Contains(peers, self):
				c.rank = 0
			case slices.ContainsFunc(peers, func(p netip.Addr) bool { return prefix.Contains(p) && p != self }):
				c.rank = 1
			case name != "":
				c.rank = 2
			}
			if c.rank < 3 && (best == nil || c.rank < best.rank) {
				best = &c
			}
		}
	}
	switch {
	case best != nil:
	case name != "" && !named:
		return nil, netip.Addr{}, fmt.Errorf("%w: no interface named %s", ErrConfig, name)
	case name != "":
		return nil, netip.Addr{}, fmt.Errorf("%w: interface %s has no IPv4 address", ErrConfig, name)
	default:
		return nil, netip.Addr{}, fmt.Errorf("%w: no interface is on the same subnet as any of --peers %v; the cluster must share one VLAN (name the interface with --iface)", ErrConfig, peers)
	}
	if best.ifi.Flags&net.FlagUp == 0 {
		return nil, netip.Addr{}, fmt.Errorf("%w: interface %s is down", ErrConfig, best.ifi.Name)
	}
	if best.ifi.Flags&net.FlagMulticast == 0 {
		return nil, netip.Addr{}, fmt.Errorf("%w: interface %s does not do multicast", ErrConfig, best.ifi.Name)
	}
	return &best.ifi, best.addr, nil
}

// dropSelf removes this host's own addresses, so every host can run the
// same command with the whole cluster in --peers.
func dropSelf(peers []netip.Addr) []netip.Addr {
	own := map[netip.Addr]bool{}
	if ifs, err := net.Interfaces(); err == nil {
		for _, i := range ifs {
			addrs, _ := i.Addrs()
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					if ip, ok := netip.AddrFromSlice(n.IP.To4()); ok {
						own[ip] = true
					}
				}
			}
		}
	}
	var out []netip.Addr
	for _, p := range peers {
		if !own[p] && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
