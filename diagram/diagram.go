// Package diagram turns an audit into a picture of each cluster's
// layer-2 path: its hosts, the switches of the VLAN's domains and of the
// paths between the hosts' switches, the links between them and whether
// they carry the VLAN, and every finding drawn where it is. It builds the
// picture as data (View) and writes it as Mermaid, Graphviz DOT or JSON.
package diagram

import (
	"fmt"
	"slices"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/topology"
	"github.com/mcaudit/mcaudit/vendors"
)

// View is one cluster's path.
type View struct {
	Cluster string `json:"cluster,omitempty"`
	VLAN    int    `json:"vlan"`
	Nodes   []Node `json:"nodes"`
	Links   []Link `json:"links"`
	// Domains are the VLAN's layer-2 domains that hold the hosts'
	// switches, by device name; two or more means the hosts cannot reach
	// each other in the VLAN.
	Domains [][]string `json:"domains"`
	// Problems are the cluster's findings that belong to no one device or
	// port of the drawing (a missing path, say).
	Problems []Problem `json:"problems,omitempty"`
}

// Node is a cluster host or a switch.
type Node struct {
	// ID is the node's name in the drawing: n0, n1, … so that no device
	// name has to be a valid identifier in any syntax.
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"` // "host" or "switch"
	Platform string `json:"platform,omitempty"`
	Address  string `json:"address,omitempty"` // a host's IP
	Status   string `json:"status"`            // "ok", or "not audited" for a switch that could not be read
	InDomain bool   `json:"in_domain"`         // in one of the VLAN's domains (hosts: their switch is)
	OnPath   bool   `json:"on_path"`
	// Queriers are the IGMP queriers the switch runs for the VLAN, or
	// sees in show output.
	Queriers []string  `json:"queriers,omitempty"`
	Problems []Problem `json:"problems,omitempty"`

	summary bool // a box that counts switches a large drawing leaves out
}

// Link joins two nodes: an inventory link between switches, or a host's
// cable to its port.
type Link struct {
	A     string `json:"a"` // node IDs
	B     string `json:"b"`
	APort string `json:"a_port,omitempty"` // "" for a host's end
	BPort string `json:"b_port,omitempty"`
	// Source says where the link came from: "inventory" (its links: or,
	// for a host's cable, its hosts), "cdp", "lldp".
	Source string `json:"source,omitempty"`
	// Carries says whether the link carries the cluster's VLAN: "yes",
	// "no", or "unknown" where an end could not be read.
	Carries  string    `json:"carries"`
	OnPath   bool      `json:"on_path"`
	Problems []Problem `json:"problems,omitempty"`

	// The ports as show output abbreviates them, for drawings short of
	// room; "" where they were not worked out.
	aShort, bShort string
}

// Problem is a finding as the drawing labels it.
type Problem struct {
	Rule     string         `json:"rule"`
	Severity rules.Severity `json:"severity"`
	Label    string         `json:"label"` // a few words: "ACL EDGE-IN drops 113"
}

// Views draws every cluster of an inventory audit; a single-config audit
// has no links to draw and gives none.
func Views(res *audit.Result) []View {
	if res.Fleet == nil {
		return nil
	}
	var out []View
	for _, c := range res.Clusters {
		out = append(out, build(res, c))
	}
	return out
}

func build(res *audit.Result, c model.Cluster) View {
	sc := rules.NewScope(c, res.Fleet, false)
	g := res.Fleet.Graph
	v := View{Cluster: c.Name, VLAN: c.VLAN, Nodes: []Node{}, Links: []Link{}, Domains: sc.Domains()}
	status := map[string]audit.DeviceResult{}
	for _, d := range res.Devices {
		status[d.Name] = d
	}
	inDomain := map[string]bool{}
	for _, dom := range sc.Domains() {
		for _, d := range dom {
			inDomain[d] = true
		}
	}
	onPath := map[int]bool{}
	pathDev := map[string]bool{}
	for _, l := range sc.PathLinks() {
		onPath[l] = true
		pathDev[g.Links[l].A.Device], pathDev[g.Links[l].B.Device] = true, true
	}
	id := map[string]string{}
	node := func(n Node) string {
		n.ID = fmt.Sprintf("n%d", len(v.Nodes))
		v.Nodes = append(v.Nodes, n)
		return n.ID
	}
	for _, name := range sc.Devices() {
		st := status[name]
		n := Node{Name: name, Kind: "switch", Platform: st.Platform, Status: "ok", InDomain: inDomain[name], OnPath: pathDev[name]}
		if st.Status != audit.StatusOK {
			n.Status = "not audited"
		}
		id[name] = node(n)
	}
	for _, q := range sc.Queriers() {
		if n, ok := id[q.Device]; ok {
			i := slices.IndexFunc(v.Nodes, func(x Node) bool { return x.ID == n })
			v.Nodes[i].Queriers = append(v.Nodes[i].Queriers, q.What)
		}
	}
	// The links among the drawn switches, in inventory order.
	var idx []int
	for _, name := range sc.Devices() {
		idx = append(idx, g.LinksOf(name)...)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	linkAt := map[model.Endpoint]int{}
	for _, i := range idx {
		l := g.Links[i]
		a, aok := id[l.A.Device]
		b, bok := id[l.B.Device]
		if !aok || !bok {
			continue
		}
		linkAt[l.A], linkAt[l.B] = len(v.Links), len(v.Links)
		v.Links = append(v.Links, Link{A: a, B: b, APort: l.A.Interface, BPort: l.B.Interface,
			Carries: carries(g.Carries(l.A, c.VLAN), g.Carries(l.B, c.VLAN)),
			OnPath:  onPath[i],
			Source:  l.Source,
			aShort:  vendors.ShortInterface(status[l.A.Device].Platform, l.A.Interface),
			bShort:  vendors.ShortInterface(status[l.B.Device].Platform, l.B.Interface)})
	}
	hostAt := map[model.Endpoint]int{}
	for _, h := range c.Hosts {
		hid := node(Node{Name: h.Name, Kind: "host", Address: h.IP.String(), Status: "ok", InDomain: inDomain[h.Switch], OnPath: true})
		sw, ok := id[h.Switch]
		if !ok {
			continue
		}
		ep := model.Endpoint{Device: h.Switch, Interface: h.Interface}
		hostAt[ep] = len(v.Links)
		v.Links = append(v.Links, Link{A: hid, B: sw, BPort: h.Interface,
			Carries: carries(g.Carries(ep, c.VLAN)), OnPath: true, Source: "inventory",
			bShort: vendors.ShortInterface(status[h.Switch].Platform, h.Interface)})
	}
	// Each finding goes where it is: on the link or host cable of its
	// port, else on its device, else on the view.
	for _, f := range res.Findings {
		if f.Cluster != c.Name || f.VLAN != c.VLAN {
			continue
		}
		p := Problem{Rule: f.Rule, Severity: f.Severity, Label: label(f)}
		if s := f.Subject; s != nil && s.Interface != "" {
			if i, ok := linkOf(g.Devices[f.Device], f.Device, s.Interface, hostAt, linkAt); ok {
				v.Links[i].Problems = add(v.Links[i].Problems, p)
				continue
			}
		}
		if n, ok := id[f.Device]; ok {
			i := slices.IndexFunc(v.Nodes, func(x Node) bool { return x.ID == n })
			v.Nodes[i].Problems = add(v.Nodes[i].Problems, p)
			continue
		}
		v.Problems = add(v.Problems, p)
	}
	return v
}

// linkOf finds the drawn link a port is on: a host's cable or an
// inventory link, at the port itself or at the aggregate it is a member
// of (links are often declared on the port-channel, storm control
// configured on its members).
func linkOf(d *model.Device, device, port string, hostAt, linkAt map[model.Endpoint]int) (int, bool) {
	names := []string{port}
	if d != nil {
		if ifc := d.Interface(port); ifc != nil && ifc.Bundle != "" {
			names = append(names, ifc.Bundle)
		}
	}
	for _, name := range names {
		ep := model.Endpoint{Device: device, Interface: name}
		if i, ok := hostAt[ep]; ok {
			return i, true
		}
		if i, ok := linkAt[ep]; ok {
			return i, true
		}
	}
	return 0, false
}

// add appends p unless the same problem is there already (storm control
// on both members of one port-channel is one label).
func add(ps []Problem, p Problem) []Problem {
	if slices.Contains(ps, p) {
		return ps
	}
	return append(ps, p)
}

// carries says whether every end carries the VLAN: "yes"; "unknown"
// where an end could not be read; else "no".
func carries(ends ...topology.Carriage) string {
	verdict := "yes"
	for _, e := range ends {
		switch {
		case e.Unknown:
			return "unknown"
		case !e.Carried:
			verdict = "no"
		}
	}
	return verdict
}

// label says a finding in a few words, from its subject rather than its
// message: a drawing has no room for sentences.
func label(f rules.Finding) string {
	s := f.Subject
	switch f.Rule {
	case "pgm-blocked":
		if s != nil && s.ACL != "" {
			return fmt.Sprintf("ACL %s drops protocol 113", s.ACL)
		}
		if s != nil && s.VLANMap != "" {
			return fmt.Sprintf("VLAN map %s drops protocol 113", s.VLANMap)
		}
		return "protocol 113 dropped"
	case "igmp-querier-missing":
		return "no querier in this domain"
	case "vlan-not-on-trunk":
		return fmt.Sprintf("VLAN %d not carried", f.VLAN)
	case "vlan-missing":
		return fmt.Sprintf("VLAN %d missing", f.VLAN)
	case "igmp-snooping-disabled":
		return "IGMP snooping off"
	case "host-port-wrong-vlan":
		return fmt.Sprintf("not an access port in VLAN %d", f.VLAN)
	case "storm-control-multicast":
		return "multicast storm control"
	case "no-l2-path":
		return "no layer-2 path"
	case "vlan-not-dedicated":
		return fmt.Sprintf("VLAN %d shared with other hosts", f.VLAN)
	case "router-acl-on-svi":
		if s != nil && s.ACL != "" {
			return fmt.Sprintf("router ACL %s on the SVI", s.ACL)
		}
	case "acl-unparsed", "config-unparsed":
		return "a line not understood: not proven"
	case "igmp-version-v1":
		return "IGMPv1"
	}
	return f.Rule
}
