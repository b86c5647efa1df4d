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

// LinksOf returns the indexes into Links of the links with an end on
// device d, in inventory order. The slice is the graph's own: do not
// modify it.
func (g *Graph) LinksOf(d string) []int { return g.adj[d] }

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

// verdict is why a link end does or does not carry a VLAN.
type verdict int

const (
	noDevice verdict = iota
	noInterface
	shutDown
	routed
	operAllowed
	operNotAllowed
	operNotTrunking
	trunkAllowed
	trunkNotAllowed
	trunkGroupOut
	accessIn
	accessOther
)

// decision is what decide found, enough to explain it later.
type decision struct {
	verdict
	ifc, eff, shut *model.Interface
	trunk          *model.OperTrunk
}

func (d decision) carried() bool {
	return d.verdict == operAllowed || d.verdict == trunkAllowed || d.verdict == accessIn
}

// decide is the judgement behind Carries, without building messages: the
// rules ask it for every switchport of a large switch.
func (g *Graph) decide(ep model.Endpoint, v int) decision {
	dev := g.Devices[ep.Device]
	if dev == nil {
		return decision{verdict: noDevice}
	}
	ifc := dev.Interface(ep.Interface)
	if ifc == nil {
		return decision{verdict: noInterface}
	}
	eff := ifc
	if b := dev.BundleOf(ifc); b != nil {
		eff = b
	}
	d := decision{ifc: ifc, eff: eff}
	for _, x := range [2]*model.Interface{ifc, eff} {
		if x.Shutdown {
			d.verdict, d.shut = shutDown, x
			return d
		}
	}
	if !eff.IsL2() {
		d.verdict = routed
		return d
	}
	if dev.Oper.Trunks != nil {
		t := dev.Oper.Trunks[eff.Name]
		if t == nil && eff != ifc {
			t = dev.Oper.Trunks[ifc.Name]
		}
		d.trunk = t
		switch {
		case t != nil && t.Allowed.Has(v):
			d.verdict = operAllowed
			return d
		case t != nil:
			d.verdict = operNotAllowed
			return d
		case IsTrunk(eff):
			d.verdict = operNotTrunking
			return d
		}
	}
	switch {
	case IsTrunk(eff) && eff.Allowed.Has(v) && outOfGroup(dev, eff, v):
		d.verdict = trunkGroupOut
	case IsTrunk(eff) && eff.Allowed.Has(v):
		d.verdict = trunkAllowed
	case IsTrunk(eff):
		d.verdict = trunkNotAllowed
	case eff.AccessVLAN == v:
		d.verdict = accessIn
	default:
		d.verdict = accessOther
	}
	return d
}

// Carried reports whether the interface at ep carries VLAN v.
func (g *Graph) Carried(ep model.Endpoint, v int) bool { return g.decide(ep, v).carried() }

// Carries decides whether the interface at ep carries VLAN v: it must be
// up, switched, and a trunk allowing v or an access port in v. Show output
// of the trunks beats their configuration.
func (g *Graph) Carries(ep model.Endpoint, v int) Carriage {
	d := g.decide(ep, v)
	c := Carriage{Carried: d.carried(), Iface: d.eff}
	eff := d.eff
	switch d.verdict {
	case noDevice:
		c.Unknown, c.Reason = true, "the device could not be audited"
	case noInterface:
		c.Reason = fmt.Sprintf("%s has no interface %s", ep.Device, ep.Interface)
	case shutDown:
		c.Reason = ShutReason(d.shut)
		c.Refs = append([]model.Ref{d.shut.Ref}, optRef(d.shut.ShutdownRef)...)
	case routed:
		c.Reason = eff.Name + " is a routed port, not a switchport"
		c.Refs = append([]model.Ref{eff.Ref}, optRef(eff.RoutedRef)...)
	case operAllowed:
		c.Refs = []model.Ref{d.trunk.Ref}
	case operNotAllowed:
		c.Reason = fmt.Sprintf("the trunk's allowed VLANs are %s", d.trunk.Allowed.String())
		c.Refs = append([]model.Ref{d.trunk.Ref}, eff.AllowedRefs...)
	case operNotTrunking:
		c.Reason = fmt.Sprintf("%s is configured as a trunk but is not trunking (absent from the trunk show output)", eff.Name)
		c.Refs = append([]model.Ref{eff.Ref}, optRef(g.Devices[ep.Device].Oper.TrunksRef)...)
	case trunkAllowed:
		c.Refs = append([]model.Ref{eff.Ref}, eff.AllowedRefs...)
	case trunkNotAllowed:
		c.Reason = fmt.Sprintf("the trunk's allowed VLANs are %s", eff.Allowed.String())
		c.Refs = append([]model.Ref{eff.Ref}, eff.AllowedRefs...)
	case trunkGroupOut:
		vl := g.Devices[ep.Device].VLANs[v]
		in := "in no trunk group"
		if len(eff.TrunkGroups) > 0 {
			in = "in trunk group " + strings.Join(eff.TrunkGroups, ", ")
		}
		c.Reason = fmt.Sprintf("VLAN %d is carried only on trunks of trunk group %s, and %s is %s", v, strings.Join(vl.TrunkGroups, ", "), eff.Name, in)
		c.Refs = append(append([]model.Ref{eff.Ref}, eff.TrunkGroupRefs...), vl.TrunkGroupRefs...)
	case accessIn, accessOther:
		c.Refs = append([]model.Ref{eff.Ref}, optRef(eff.AccessRef)...)
		if d.verdict == accessOther {
			c.Reason = fmt.Sprintf("%s is an access port in VLAN %d, not a trunk", eff.Name, eff.AccessVLAN)
		}
	}
	return c
}

func optRef(r *model.Ref) []model.Ref {
	if r == nil {
		return nil
	}
	return []model.Ref{*r}
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

// outOfGroup reports whether VLAN v on dev is restricted to trunk groups
// that trunk eff is not in.
func outOfGroup(dev *model.Device, eff *model.Interface, v int) bool {
	vl := dev.VLANs[v]
	if vl == nil || len(vl.TrunkGroups) == 0 {
		return false
	}
	for _, g := range eff.TrunkGroups {
		if slices.Contains(vl.TrunkGroups, g) {
			return false
		}
	}
	return true
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
	return g.Carried(l.A, v) && g.Carried(l.B, v)
}

// hasVLAN reports whether v may exist on a device: unproven counts, so
// that a VTP client without show output still joins the domain.
func (g *Graph) hasVLAN(name string, v int) bool {
	d := g.Devices[name]
	return d != nil && MayForward(d, v)
}

// MayForward reports whether VLAN v may exist and forward on d, as the
// domains count it: unproven counts. A device on which no cluster's VLAN
// may forward is in no cluster's domain.
func MayForward(d *model.Device, v int) bool {
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
