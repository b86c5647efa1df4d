package rules

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/discover"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/topology"
)

// Fleet is what every cluster of one audit shares: the graph and the
// inventory order, indexed once so that a cluster costs what its own
// domain and path cost, not what the whole inventory does.
type Fleet struct {
	Graph *topology.Graph
	// Order is the devices in inventory order; findings follow it.
	Order []string
	// Mismatches are the declared links the neighbor tables contradict;
	// Outside the switches the tables show that the inventory lacks;
	// Heard says whether any device's neighbor table was read.
	Mismatches []discover.Mismatch
	Outside    []discover.Outside
	Heard      bool
	pos        map[string]int
}

// NewFleet indexes the inventory order.
func NewFleet(g *topology.Graph, order []string) *Fleet {
	f := &Fleet{Graph: g, Order: order, pos: make(map[string]int, len(order))}
	for i, d := range order {
		if _, dup := f.pos[d]; !dup {
			f.pos[d] = i
		}
	}
	return f
}

// rank is a device's place in the inventory; devices it does not list
// come after those it does.
func (f *Fleet) rank(d string) int {
	if i, ok := f.pos[d]; ok {
		return i
	}
	return len(f.Order)
}

// Scope is what the rules judge for one cluster: its VLAN, its hosts, the
// devices and links, and what follows from them (which switches the hosts
// hang off, the VLAN's layer-2 domains, the links between the hosts).
type Scope struct {
	Cluster model.Cluster
	Graph   *topology.Graph
	fleet   *Fleet
	// Single is an audit of one saved config without an inventory: the
	// device is taken to be the switch the hosts attach to, and every port
	// in the VLAN is on the path.
	Single bool

	hostSwitches []string
	domains      [][]string
	inDomain     map[string]bool
	pathLinks    []int
	pathDevices  map[string]bool
	// scoped is every device of the domains and the paths, in inventory
	// order: all that a cluster's rules look at.
	scoped []string

	acl     *aclResults // shared by pgm-blocked, acl-unparsed, router-acl-on-svi
	path    []Port      // ports(), computed once
	aclMemo map[string][]describedOutcome
	paths   bool
	unprov  *unreadable
	bundles map[*model.Device]map[string][]*model.Interface
}

// NewScope works out the hosts' switches, the VLAN's domains that hold
// them, and the links on the shortest paths between them.
func NewScope(c model.Cluster, f *Fleet, single bool) *Scope {
	g := f.Graph
	s := &Scope{Cluster: c, Graph: g, fleet: f, Single: single, inDomain: map[string]bool{}, pathDevices: map[string]bool{}}
	if single {
		s.hostSwitches = f.Order
		s.domains = [][]string{f.Order}
		for _, d := range f.Order {
			s.inDomain[d], s.pathDevices[d] = true, true
		}
		s.scoped = f.Order
		return s
	}
	for _, h := range c.Hosts {
		if !slices.Contains(s.hostSwitches, h.Switch) {
			s.hostSwitches = append(s.hostSwitches, h.Switch)
		}
	}
	for _, hs := range s.hostSwitches {
		if s.inDomain[hs] {
			continue
		}
		dom := g.Domain(hs, c.VLAN)
		s.domains = append(s.domains, dom)
		for _, d := range dom {
			s.inDomain[d] = true
		}
	}
	for i, a := range s.hostSwitches {
		s.pathDevices[a] = true
		for _, b := range s.hostSwitches[i+1:] {
			path, _ := g.Path(a, b)
			for _, l := range path {
				if !slices.Contains(s.pathLinks, l) {
					s.pathLinks = append(s.pathLinks, l)
				}
				s.pathDevices[g.Links[l].A.Device] = true
				s.pathDevices[g.Links[l].B.Device] = true
			}
		}
	}
	for d := range s.inDomain {
		s.scoped = append(s.scoped, d)
	}
	for d := range s.pathDevices {
		if !s.inDomain[d] {
			s.scoped = append(s.scoped, d)
		}
	}
	slices.SortFunc(s.scoped, func(a, b string) int {
		return cmp.Or(cmp.Compare(f.rank(a), f.rank(b)), cmp.Compare(a, b))
	})
	return s
}

// Domains lists the VLAN's layer-2 domains that hold the hosts' switches,
// each sorted by name.
func (s *Scope) Domains() [][]string { return s.domains }

// PathLinks lists the indexes into the graph's links of the shortest
// paths between the hosts' switches.
func (s *Scope) PathLinks() []int { return s.pathLinks }

// Devices lists the devices the cluster's rules look at, in inventory
// order: those of the VLAN's domains and of the paths between the hosts'
// switches. The slice is the scope's own: do not modify it.
func (s *Scope) Devices() []string { return s.scoped }

// device returns an audited device, or nil for one that failed or is unknown.
func (s *Scope) device(name string) *model.Device { return s.Graph.Devices[name] }

// domainDevices returns the audited devices of the VLAN's domains, in
// inventory order.
func (s *Scope) domainDevices() []*model.Device {
	var out []*model.Device
	for _, name := range s.scoped {
		if d := s.device(name); d != nil && s.inDomain[name] {
			out = append(out, d)
		}
	}
	return out
}

// Port is a switchport the cluster's traffic crosses.
type Port struct {
	Device *model.Device
	Iface  *model.Interface
	// Host is set for the port a cluster host is cabled to.
	Host *model.Host
	// Link is the inventory link the port belongs to, or -1.
	Link int
}

// ports returns every switchport on the cluster's path: the hosts' ports
// and the ends of the links between their switches, each with its
// port-channel or member ports, which carry the same traffic. In a
// single-config audit every switchport that carries the VLAN counts.
func (s *Scope) ports() []Port {
	if !s.paths {
		s.path, s.paths = s.findPorts(), true
	}
	return s.path
}

func (s *Scope) findPorts() []Port {
	var out []Port
	seen := map[*model.Interface]bool{}
	add := func(p Port) {
		for _, ifc := range s.withBundle(p.Device, p.Iface) {
			if seen[ifc] {
				continue
			}
			seen[ifc] = true
			q := p
			q.Iface = ifc
			out = append(out, q)
		}
	}
	if s.Single {
		for _, d := range s.domainDevices() {
			for _, ifc := range d.Interfaces {
				if ifc.IsL2() && s.Graph.Carried(model.Endpoint{Device: d.Name, Interface: ifc.Name}, s.Cluster.VLAN) {
					add(Port{Device: d, Iface: ifc, Link: -1})
				}
			}
		}
		return out
	}
	for i := range s.Cluster.Hosts {
		h := &s.Cluster.Hosts[i]
		d := s.device(h.Switch)
		if d == nil {
			continue
		}
		if ifc := d.Interface(h.Interface); ifc != nil {
			add(Port{Device: d, Iface: ifc, Host: h, Link: -1})
		}
	}
	for _, l := range s.pathLinks {
		for _, ep := range []model.Endpoint{s.Graph.Links[l].A, s.Graph.Links[l].B} {
			d := s.device(ep.Device)
			if d == nil {
				continue
			}
			if ifc := d.Interface(ep.Interface); ifc != nil {
				add(Port{Device: d, Iface: ifc, Link: l})
			}
		}
	}
	return out
}

// withBundle returns ifc with its port-channel, or a port-channel with its
// members.
func (s *Scope) withBundle(d *model.Device, ifc *model.Interface) []*model.Interface {
	out := []*model.Interface{ifc}
	if b := d.BundleOf(ifc); b != nil {
		out = append(out, b)
	}
	return append(out, s.members(d)[ifc.Name]...)
}

// members indexes d's link aggregates by name, once per device and
// scope: asking the device for each port's members is quadratic on a
// switch with thousands of ports.
func (s *Scope) members(d *model.Device) map[string][]*model.Interface {
	if m, ok := s.bundles[d]; ok {
		return m
	}
	if s.bundles == nil {
		s.bundles = map[*model.Device]map[string][]*model.Interface{}
	}
	var m map[string][]*model.Interface
	for _, ifc := range d.Interfaces {
		if ifc.Bundle != "" {
			if m == nil {
				m = map[string][]*model.Interface{}
			}
			m[ifc.Bundle] = append(m[ifc.Bundle], ifc)
		}
	}
	s.bundles[d] = m
	return m
}

// isHostPort reports whether ifc on d is where a cluster host is cabled.
func (s *Scope) isHostPort(d string, ifc *model.Interface) bool {
	for _, h := range s.Cluster.Hosts {
		// A port that takes its configuration from the host's
		// port-profile is one of the host's (a VM's vEthernet).
		if h.Switch == d && (h.Interface == ifc.Name || (ifc.Profile != "" && h.Interface == ifc.Profile)) {
			return true
		}
	}
	return false
}

// isLinkPort reports whether ifc on d is, or bundles, an inventory link end.
func (s *Scope) isLinkPort(d *model.Device, ifc *model.Interface) bool {
	for _, i := range s.Graph.LinksOf(d.Name) {
		l := s.Graph.Links[i]
		for _, ep := range []model.Endpoint{l.A, l.B} {
			if ep.Device != d.Name {
				continue
			}
			if e := d.Interface(ep.Interface); e != nil && slices.Contains(s.withBundle(d, e), ifc) {
				return true
			}
		}
	}
	return false
}

// hostSources returns the hosts' addresses as a set, or any address when
// the audit was given none.
func (s *Scope) hostSources(except *model.Host) []netip.Prefix {
	var out []netip.Prefix
	for i := range s.Cluster.Hosts {
		h := &s.Cluster.Hosts[i]
		if except != nil && h.Name == except.Name {
			continue
		}
		out = append(out, netip.PrefixFrom(h.IP, 32))
	}
	if len(out) == 0 && len(s.Cluster.Hosts) == 0 {
		out = []netip.Prefix{allV4}
	}
	return out
}

// groupDest is the cluster's group, or all of 224.0.0.0/4 when not given.
func (s *Scope) groupDest() netip.Prefix {
	if s.Cluster.Group.IsValid() {
		return netip.PrefixFrom(s.Cluster.Group, 32)
	}
	return multicastV4
}

// groupText names the destination in messages.
func (s *Scope) groupText() string {
	if s.Cluster.Group.IsValid() {
		return s.Cluster.Group.String()
	}
	return "224.0.0.0/4 (no group given)"
}

// QuerierAt is a querier of the cluster's VLAN as a drawing places it:
// the device that runs one, or that show output says sees one.
type QuerierAt struct {
	Device string
	What   string // "IGMP snooping querier (source 10.10.100.5)", "10.10.100.1 seen on Vlan100 (show output)"
}

// Queriers lists, device by device in domain order, the queriers that
// run in the VLAN's domains: one seen in show output, else each one
// configured that is able to run. A configured querier that cannot run is
// not listed: the finding says why.
func (s *Scope) Queriers() []QuerierAt {
	var out []QuerierAt
	v := s.Cluster.VLAN
	for _, dom := range s.domains {
		for _, name := range dom {
			d := s.device(name)
			if d == nil {
				continue
			}
			if q, _ := operQuerier(d, v); q != nil {
				what := "one seen"
				if q.Address.IsValid() {
					what = q.Address.String() + " seen"
				}
				if q.Port != "" {
					what += " on " + q.Port
				}
				out = append(out, QuerierAt{name, what + " (show output)"})
				continue
			}
			for _, q := range configQueriers(d, v) {
				if q.problem == "" {
					out = append(out, QuerierAt{name, strings.TrimPrefix(strings.TrimPrefix(q.what, "an "), "a ")})
				}
			}
		}
	}
	return out
}
