// Package topology answers layer-2 questions over the devices and the links
// between them: does a link end carry a VLAN, which devices share a VLAN's
// broadcast domain, and which links lie between two switches.
package topology

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// Graph is the devices of an inventory and the links between them. A
// device that could not be read is present with a nil model: links to it
// still count for the physical path, but nothing can be proven about it.
type Graph struct {
	Devices map[string]*model.Device
	Links   []model.Link
	adj     map[string][]int // device → indexes into Links
}

// New builds a graph. Link endpoints must already carry canonical
// interface names.
func New(devices map[string]*model.Device, links []model.Link) *Graph {
	g := &Graph{Devices: devices, Links: links, adj: map[string][]int{}}
	for i, l := range links {
		g.adj[l.A.Device] = append(g.adj[l.A.Device], i)
		g.adj[l.B.Device] = append(g.adj[l.B.Device], i)
	}
	return g
}

// Carriage is the verdict on whether a link end carries a VLAN.
type Carriage struct {
	Carried bool
	// Unknown: the device could not be read.
	Unknown bool
	// Iface is the interface whose configuration decides: the port-channel
	// for a bundled member.
	Iface  *model.Interface
	Reason string
	Refs   []model.Ref
}

// Carries decides whether the interface at ep carries VLAN v: it must be
// up, switched, and a trunk allowing v or an access port in v. Show output
// of the trunks beats their configuration.
func (g *Graph) Carries(ep model.Endpoint, v int) Carriage {
	dev := g.Devices[ep.Device]
	if dev == nil {
		return Carriage{Unknown: true, Reason: "the device could not be audited"}
	}
	ifc := dev.Interface(ep.Interface)
	if ifc == nil {
		return Carriage{Reason: fmt.Sprintf("%s has no interface %s", ep.Device, ep.Interface)}
	}
	eff := ifc
	if b := dev.Bundle(ifc); b != nil {
		eff = b
	}
	c := Carriage{Iface: eff}
	for _, x := range []*model.Interface{ifc, eff} {
		if x.Shutdown {
			c.Reason = ShutReason(x)
			c.Refs = append(c.Refs, x.Ref)
			if x.ShutdownRef != nil {
				c.Refs = append(c.Refs, *x.ShutdownRef)
			}
			return c
		}
	}
	if !eff.IsL2() {
		c.Reason = eff.Name + " is a routed port, not a switchport"
		c.Refs = append(c.Refs, eff.Ref)
		if eff.RoutedRef != nil {
			c.Refs = append(c.Refs, *eff.RoutedRef)
		}
		return c
	}
	if dev.Oper.Trunks != nil {
		t := dev.Oper.Trunks[eff.Name]
		if t == nil && eff != ifc {
			t = dev.Oper.Trunks[ifc.Name]
		}
		switch {
		case t != nil && t.Allowed.Has(v):
			c.Carried, c.Refs = true, []model.Ref{t.Ref}
			return c
		case t != nil:
			c.Reason = fmt.Sprintf("the trunk's allowed VLANs are %s", t.Allowed.String())
			c.Refs = append([]model.Ref{t.Ref}, eff.AllowedRefs...)
			return c
		case IsTrunk(eff):
			c.Reason = fmt.Sprintf("%s is configured as a trunk but is not trunking (absent from the trunk show output)", eff.Name)
			c.Refs = []model.Ref{eff.Ref}
			if dev.Oper.TrunksRef != nil {
				c.Refs = append(c.Refs, *dev.Oper.TrunksRef)
			}
			return c
		}
	}
	if IsTrunk(eff) {
		if eff.Allowed.Has(v) {
			c.Carried = true
			c.Refs = append([]model.Ref{eff.Ref}, eff.AllowedRefs...)
			return c
		}
		c.Reason = fmt.Sprintf("the trunk's allowed VLANs are %s", eff.Allowed.String())
		c.Refs = append([]model.Ref{eff.Ref}, eff.AllowedRefs...)
		return c
	}
	c.Refs = []model.Ref{eff.Ref}
	if eff.AccessRef != nil {
		c.Refs = append(c.Refs, *eff.AccessRef)
	}
	if eff.AccessVLAN == v {
		c.Carried = true
		return c
	}
	c.Reason = fmt.Sprintf("%s is an access port in VLAN %d, not a trunk", eff.Name, eff.AccessVLAN)
	return c
}

// ShutReason says that ifc is shut down, for a message. Without a
// "shutdown" line the port is down by the platform's default (NX-OS SVIs,
// and switchports under "system default switchport shutdown"), which the
// message says, since the configuration shows nothing to point at.
func ShutReason(ifc *model.Interface) string {
	if ifc.ShutdownRef == nil {
		return ifc.Name + " is shut down (no \"no shutdown\" line, and the platform's default is down)"
	}
	return ifc.Name + " is shut down"
}

// IsTrunk reports whether a switchport trunks: "switchport mode trunk", or
// a dynamic (DTP) mode with trunk settings, which is how such a port is
// meant to run.
func IsTrunk(ifc *model.Interface) bool {
	switch ifc.Mode {
	case model.ModeTrunk:
		return true
	case model.ModeDynamicAuto, model.ModeDynamicDesirable:
		return len(ifc.AllowedRefs) > 0
	}
	return false
}

// linkCarries reports whether both ends of link i carry v.
func (g *Graph) linkCarries(i, v int) bool {
	l := g.Links[i]
	return g.Carries(l.A, v).Carried && g.Carries(l.B, v).Carried
}

// hasVLAN reports whether v may exist on a device: unproven counts, so
// that a VTP client without show output still joins the domain.
func (g *Graph) hasVLAN(name string, v int) bool {
	d := g.Devices[name]
	if d == nil {
		return false
	}
	p := d.VLANStatus(v).Presence
	return p == model.VLANActive || p == model.VLANUnknown
}

// Domain returns the devices in VLAN v's layer-2 domain that contains
// device start: those reachable over links whose both ends carry v, through
// devices where v exists. start is always included.
func (g *Graph) Domain(start string, v int) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if !g.hasVLAN(d, v) {
			continue // a switch without the VLAN does not forward it
		}
		for _, i := range g.adj[d] {
			peer := g.peer(i, d)
			if seen[peer] || !g.linkCarries(i, v) || !g.hasVLAN(peer, v) {
				continue
			}
			seen[peer] = true
			queue = append(queue, peer)
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

func (g *Graph) peer(i int, d string) string {
	if g.Links[i].A.Device == d {
		return g.Links[i].B.Device
	}
	return g.Links[i].A.Device
}

// Path returns the links of a shortest physical path from a to b, whatever
// they carry, in order; ok is false when the links give no path. Ties are
// broken by the order of the links in the inventory, so the answer is
// stable.
func (g *Graph) Path(a, b string) (path []int, ok bool) {
	if a == b {
		return nil, true
	}
	prev := map[string]int{a: -1}
	queue := []string{a}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, i := range g.adj[d] {
			peer := g.peer(i, d)
			if _, seen := prev[peer]; seen {
				continue
			}
			prev[peer] = i
			if peer == b {
				for n := b; n != a; n = g.peer(prev[n], n) {
					path = append(path, prev[n])
				}
				slices.Reverse(path)
				return path, true
			}
			queue = append(queue, peer)
		}
	}
	return nil, false
}

// Ends returns the two ends of link i, the one on device d first.
func (g *Graph) Ends(i int, d string) (model.Endpoint, model.Endpoint) {
	l := g.Links[i]
	if l.A.Device == d {
		return l.A, l.B
	}
	return l.B, l.A
}

// String names an endpoint "device:interface".
func String(ep model.Endpoint) string {
	return strings.Join([]string{ep.Device, ep.Interface}, ":")
}
