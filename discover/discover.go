// Package discover turns the switches' CDP and LLDP neighbor tables into
// the links between them, beside the links an inventory declares: it
// matches each neighbor to an inventory device by the names and
// addresses real tables carry, spells both ports as each platform's
// configuration does, folds bundle members into their bundle, and says
// where a declared link and the neighbors disagree.
package discover

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// Device is an inventory device as discovery sees it.
type Device struct {
	Name     string // inventory name
	Platform string
	Address  netip.Addr // the inventory's management address, if any
	// Model is the parsed device; nil where it could not be read. Its
	// Neighbors are what it hears; its interfaces, where it has them,
	// check the port a neighbor names and the bundle it belongs to.
	Model *model.Device
}

// Outside is a switch a device hears that is not in the inventory.
type Outside struct {
	Device    string    `json:"device"` // the inventory device that hears it
	LocalPort string    `json:"local_port"`
	Name      string    `json:"name"`
	Address   string    `json:"address,omitempty"`
	Platform  string    `json:"platform,omitempty"`
	Protocol  string    `json:"protocol"`
	Ref       model.Ref `json:"evidence"`
}

// Mismatch is a link the inventory declares that a neighbor table
// contradicts, or two neighbor tables that contradict each other.
type Mismatch struct {
	// Declared is the link the inventory declares; its Ref is zero where
	// two neighbor tables disagree with each other.
	Declared model.Link
	// At is the end whose neighbor says otherwise, and Heard what it
	// says: the device and port at the other end.
	At    model.Endpoint
	Heard model.Endpoint
	// Evidence: the declared link's line, then the neighbor line.
	Evidence []model.Ref
}

// Result is what discovery found.
type Result struct {
	// Links are the declared links, then the discovered ones no declared
	// link covers, each with its source.
	Links      []model.Link
	Outside    []Outside
	Mismatches []Mismatch
}

// Canon spells an interface name as platform's configuration does.
type Canon func(platform, name string) string

// observation is one direction of a link, as one neighbor table shows it.
type observation struct {
	a, b  model.Endpoint // a hears b
	proto string
	ref   model.Ref
}

// Links finds the links the neighbor tables show between devs, and puts
// them beside declared: a declared link wins over a discovered one on the
// same port. hostPorts are the ports the inventory's hosts are cabled
// to: what is heard there is a host, never a switch.
func Links(devs []Device, declared []model.Link, hostPorts map[model.Endpoint]bool, canon Canon) Result {
	var res Result
	m := newMatcher(devs)
	byName := map[string]*Device{}
	for i := range devs {
		byName[devs[i].Name] = &devs[i]
	}
	total := 0
	for _, d := range devs {
		if d.Model != nil {
			total += len(d.Model.Neighbors)
		}
	}
	obs := make([]observation, 0, total)
	outside := map[string]bool{}
	for _, d := range devs {
		if d.Model == nil {
			continue
		}
		for _, n := range d.Model.Neighbors {
			local := model.Endpoint{Device: d.Name, Interface: n.LocalPort}
			if n.Edge() || n.PortIsMAC || hostPorts[local] {
				continue // a phone, a host, an access point: never a switch link
			}
			r := m.match(n)
			if r == "" || r == d.Name {
				if n.Bridges() && r == "" {
					key := d.Name + "\x00" + n.LocalPort + "\x00" + n.Name
					if !outside[key] {
						outside[key] = true
						o := Outside{Device: d.Name, LocalPort: n.LocalPort, Name: cmp.Or(n.SystemName, n.Name, n.ChassisID), Platform: n.Platform, Protocol: n.Protocol, Ref: n.Ref}
						if n.Address.IsValid() {
							o.Address = n.Address.String()
						}
						res.Outside = append(res.Outside, o)
					}
				}
				continue
			}
			rd := byName[r]
			port := remotePort(n, rd, canon)
			if port == "" {
				continue
			}
			if n.Bundle != "" {
				local.Interface = n.Bundle
			} else if ifc := d.Model.Interface(n.LocalPort); ifc != nil && ifc.Bundle != "" {
				local.Interface = ifc.Bundle
			}
			remote := model.Endpoint{Device: r, Interface: port}
			if rd.Model != nil {
				if ifc := rd.Model.Interface(port); ifc != nil && ifc.Bundle != "" {
					remote.Interface = ifc.Bundle
				}
			}
			obs = append(obs, observation{a: local, b: remote, proto: n.Protocol, ref: n.Ref})
		}
	}

	// One link per pair of ends; both directions, where both are heard,
	// must name the same pair.
	type pair struct{ a, b model.Endpoint }
	key := func(a, b model.Endpoint) pair {
		if cmp.Or(cmp.Compare(a.Device, b.Device), cmp.Compare(a.Interface, b.Interface)) > 0 {
			a, b = b, a
		}
		return pair{a, b}
	}
	found := make(map[pair]*model.Link, total/2)
	order := make([]pair, 0, total/2)
	at := make(map[model.Endpoint]pair, total) // the link each end is on
	for _, o := range obs {
		k := key(o.a, o.b)
		if l := found[k]; l != nil {
			if l.Also == nil && l.Ref != o.ref && l.A != o.a {
				r := o.ref
				l.Also = &r
			}
			continue
		}
		conflict := false
		for _, e := range []model.Endpoint{o.a, o.b} {
			if other, ok := at[e]; ok && other != k {
				// This end is on another link already: the tables
				// disagree. The first heard stands; say so.
				l := found[other]
				heard := o.b
				if e == o.b {
					heard = o.a
				}
				res.Mismatches = append(res.Mismatches, Mismatch{Declared: model.Link{A: l.A, B: l.B, Source: l.Source}, At: e, Heard: heard, Evidence: []model.Ref{l.Ref, o.ref}})
				conflict = true
			}
		}
		if conflict {
			continue
		}
		found[k] = &model.Link{A: o.a, B: o.b, Ref: o.ref, Source: o.proto}
		order = append(order, k)
		at[o.a], at[o.b] = k, k
	}

	// Declared links first, each checked against what its ends hear.
	// NetBox's cables are physical: the members of one bundle on both
	// ends are one link between the bundles, as the neighbors show them.
	var folded []model.Link
	seenPair := map[pair]int{}
	for _, l := range declared {
		if l.Source == "netbox" {
			a, b := bundleOf(byName, l.A), bundleOf(byName, l.B)
			if a != l.A && b != l.B {
				l.A, l.B = a, b
			}
			if i, ok := seenPair[key(l.A, l.B)]; ok {
				if folded[i].Also == nil {
					r := l.Ref
					folded[i].Also = &r
				}
				continue
			}
			seenPair[key(l.A, l.B)] = len(folded)
		}
		folded = append(folded, l)
	}
	declared = folded
	taken := map[pair]bool{}
	declaredAt := map[model.Endpoint]bool{}
	for _, l := range declared {
		res.Links = append(res.Links, l)
		// Heard links are between bundles where ports are members: a
		// declared link on a member is the same link.
		fa, fb := bundleOf(byName, l.A), bundleOf(byName, l.B)
		declaredAt[l.A], declaredAt[l.B], declaredAt[fa], declaredAt[fb] = true, true, true, true
		taken[key(l.A, l.B)], taken[key(fa, fb)] = true, true
		for _, e := range []model.Endpoint{fa, fb} {
			k, ok := at[e]
			if !ok || k == key(fa, fb) || k == key(l.A, l.B) {
				continue
			}
			d := found[k]
			heard := d.B
			if d.B == e {
				heard = d.A
			}
			ev := []model.Ref{l.Ref, d.Ref}
			if d.Also != nil {
				ev = append(ev, *d.Also)
			}
			res.Mismatches = append(res.Mismatches, Mismatch{Declared: l, At: e, Heard: heard, Evidence: ev})
		}
	}
	for _, k := range order {
		l := found[k]
		if taken[k] || declaredAt[l.A] || declaredAt[l.B] {
			continue // a declared link wins on its ports
		}
		res.Links = append(res.Links, *l)
	}
	slices.SortStableFunc(res.Outside, func(a, b Outside) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Device, b.Device), cmp.Compare(a.LocalPort, b.LocalPort))
	})
	return res
}

// bundleOf is the bundle e's interface is a member of, where its device
// was read and says so; else e.
func bundleOf(byName map[string]*Device, e model.Endpoint) model.Endpoint {
	if d := byName[e.Device]; d != nil && d.Model != nil {
		if ifc := d.Model.Interface(e.Interface); ifc != nil && ifc.Bundle != "" {
			return model.Endpoint{Device: e.Device, Interface: ifc.Bundle}
		}
	}
	return e
}

// remotePort is the neighbor's port on device rd, spelled as rd's
// configuration does: its port ID, else its port description (which
// devices that send a number or a MAC for the ID fill with the name).
// Where rd was read, the port must be one of its interfaces.
func remotePort(n model.Neighbor, rd *Device, canon Canon) string {
	for _, p := range []string{n.Port, n.PortDescription} {
		p = strings.TrimSpace(p)
		if p == "" || model.IsMAC(p) || isNumber(p) || strings.ContainsAny(p, " \t") {
			continue
		}
		name := canon(rd.Platform, p)
		if rd.Model == nil || len(rd.Model.Interfaces) == 0 || rd.Model.Interface(name) != nil {
			return name
		}
		// Junos sends the logical unit ("xe-0/0/1.0"): try the port.
		if i := strings.LastIndexByte(p, '.'); i > 0 {
			if name := canon(rd.Platform, p[:i]); rd.Model.Interface(name) != nil {
				return name
			}
		}
	}
	return ""
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// matcher finds the inventory device a neighbor is.
type matcher struct {
	names map[string]string // a lower-case name, with and without its domain → device
	addrs map[netip.Addr]string
}

func newMatcher(devs []Device) *matcher {
	m := &matcher{names: map[string]string{}, addrs: map[netip.Addr]string{}}
	add := func(name, dev string) {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			return
		}
		if _, ok := m.names[name]; !ok {
			m.names[name] = dev
		}
		if short := shortName(name); short != name {
			if _, ok := m.names[short]; !ok {
				m.names[short] = dev
			}
		}
	}
	// Inventory names first: they win over a hostname another device's
	// configuration happens to carry.
	for _, d := range devs {
		add(d.Name, d.Name)
	}
	for _, d := range devs {
		if d.Model != nil {
			add(d.Model.Hostname, d.Name)
		}
		if d.Address.IsValid() {
			m.addrs[d.Address] = d.Name
		}
	}
	return m
}

// match returns the inventory device n is, or "".
func (m *matcher) match(n model.Neighbor) string {
	for _, name := range []string{n.SystemName, n.Name} {
		name = strings.ToLower(strings.TrimSpace(name))
		// NX-OS adds the serial number: "leaf-101(SAL2231XK9P)".
		if i := strings.IndexByte(name, '('); i > 0 && strings.HasSuffix(name, ")") {
			name = name[:i]
		}
		if name == "" {
			continue
		}
		if d, ok := m.names[name]; ok {
			return d
		}
		if d, ok := m.names[shortName(name)]; ok {
			return d
		}
	}
	if n.Address.IsValid() {
		return m.addrs[n.Address]
	}
	return ""
}

// shortName is a host name without its domain; an address stays whole.
func shortName(name string) string {
	if _, err := netip.ParseAddr(name); err == nil {
		return name
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}

// String says a mismatch in words.
func (m Mismatch) String() string {
	if m.Declared.Source == "netbox" {
		return fmt.Sprintf("NetBox cables %s %s to %s %s, but the neighbor tables link %s %s to %s %s",
			m.Declared.A.Device, m.Declared.A.Interface, m.Declared.B.Device, m.Declared.B.Interface,
			m.At.Device, m.At.Interface, m.Heard.Device, m.Heard.Interface)
	}
	if m.Declared.Source == "inventory" {
		return fmt.Sprintf("the inventory links %s %s to %s %s, but the neighbor tables link %s %s to %s %s",
			m.Declared.A.Device, m.Declared.A.Interface, m.Declared.B.Device, m.Declared.B.Interface,
			m.At.Device, m.At.Interface, m.Heard.Device, m.Heard.Interface)
	}
	return fmt.Sprintf("%s shows %s %s linked to %s %s, but the neighbor tables also link %s %s to %s %s",
		m.Declared.Source, m.Declared.A.Device, m.Declared.A.Interface, m.Declared.B.Device, m.Declared.B.Interface,
		m.At.Device, m.At.Interface, m.Heard.Device, m.Heard.Interface)
}
