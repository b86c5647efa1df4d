// Package modeltest builds devices of the vendor-neutral model directly,
// so that rules, topology and remediation are tested without going
// through any vendor's parser. Every fact it adds gets a line of evidence
// in a file named after the device, numbered in the order facts are added.
package modeltest

import (
	"fmt"
	"net/netip"

	"github.com/mcaudit/mcaudit/model"
)

// Builder builds one device.
type Builder struct {
	d    *model.Device
	file string
	line int
}

// New starts a device of platform "neutral" that behaves as most switches
// do where its configuration is silent: snooping on, VLAN 1 built in.
func New(name string) *Builder {
	d := model.NewDevice(name, "neutral")
	d.Defaults.SnoopingOn = true
	d.Defaults.BuiltinVLANs.Add(1)
	d.Defaults.BuiltinWhy = "VLAN 1 always exists"
	b := &Builder{d: d, file: name + ".cfg"}
	r := b.ref("hostname " + name)
	d.Hostname, d.HostnameRef = name, &r
	d.Sources = []string{b.file}
	return b
}

// Device returns the device built.
func (b *Builder) Device() *model.Device { return b.d }

// Ref returns a line of evidence of the device, as the next line of its
// file.
func (b *Builder) Ref(text string) model.Ref { return b.ref(text) }

func (b *Builder) ref(text string) model.Ref {
	b.line++
	return model.Ref{File: b.file, Line: b.line, Text: text}
}

func (b *Builder) refp(text string) *model.Ref {
	r := b.ref(text)
	return &r
}

// SnoopingOffByDefault makes the platform one that snoops a VLAN only
// where a line turns it on (Junos ELS, AOS-CX).
func (b *Builder) SnoopingOffByDefault() *Builder {
	b.d.Defaults.SnoopingOn = false
	return b
}

// VLAN defines a VLAN.
func (b *Builder) VLAN(id int, name string) *Builder {
	b.d.VLANs[id] = &model.VLAN{ID: id, Name: name, Ref: b.ref(fmt.Sprintf("vlan %d name %s", id, name))}
	return b
}

func (b *Builder) vlanSnooping(v int) *model.VLANSnooping {
	s := b.d.Snooping.VLANs[v]
	if s == nil {
		s = &model.VLANSnooping{}
		b.d.Snooping.VLANs[v] = s
	}
	return s
}

// SnoopingOn turns IGMP snooping on for a VLAN by a line.
func (b *Builder) SnoopingOn(v int) *Builder {
	b.vlanSnooping(v).Enabled = b.refp(fmt.Sprintf("igmp snooping vlan %d enable", v))
	return b
}

// SnoopingOff turns IGMP snooping off for a VLAN by a line.
func (b *Builder) SnoopingOff(v int) *Builder {
	b.vlanSnooping(v).Disabled = b.refp(fmt.Sprintf("igmp snooping vlan %d disable", v))
	return b
}

// Querier runs a snooping querier with a source address in a VLAN.
func (b *Builder) Querier(v int, addr string) *Builder {
	q := &b.vlanSnooping(v).Querier
	q.Enabled = b.refp(fmt.Sprintf("igmp snooping vlan %d querier", v))
	q.Address, q.AddressRef = netip.MustParseAddr(addr), b.refp(fmt.Sprintf("igmp snooping vlan %d querier address %s", v, addr))
	return b
}

// Port adds a switchport and returns it for more settings.
func (b *Builder) Port(name string) *model.Interface {
	if ifc := b.d.Interface(name); ifc != nil {
		return ifc
	}
	return b.d.AddInterface(&model.Interface{Name: name, Ref: b.ref("interface " + name), AccessVLAN: 1, Allowed: model.AllVLANs()})
}

// Access makes a port an access port in a VLAN.
func (b *Builder) Access(port string, v int) *Builder {
	ifc := b.Port(port)
	ifc.Mode, ifc.ModeRef = model.ModeAccess, b.refp("mode access")
	ifc.AccessVLAN, ifc.AccessRef = v, b.refp(fmt.Sprintf("access vlan %d", v))
	return b
}

// Trunk makes a port a trunk allowing the VLAN list given ("all" for
// every VLAN).
func (b *Builder) Trunk(port, allowed string) *Builder {
	ifc := b.Port(port)
	ifc.Mode, ifc.ModeRef = model.ModeTrunk, b.refp("mode trunk")
	if allowed == "all" {
		ifc.Allowed = model.AllVLANs()
		return b
	}
	s, err := model.ParseVLANList(allowed)
	if err != nil {
		panic(err)
	}
	ifc.Allowed, ifc.AllowedRefs = s, []model.Ref{b.ref("trunk allowed vlan " + allowed)}
	return b
}

// Member makes a port a member of a link aggregate, by the aggregate's
// name (the aggregate is a port of its own).
func (b *Builder) Member(port, bundle string) *Builder {
	ifc := b.Port(port)
	ifc.Bundle, ifc.BundleRef = bundle, b.refp("aggregate "+bundle)
	return b
}

// Shutdown shuts a port down.
func (b *Builder) Shutdown(port string) *Builder {
	ifc := b.Port(port)
	ifc.Shutdown, ifc.ShutdownRef = true, b.refp("shutdown")
	return b
}

// SVI adds the VLAN's layer-3 interface with an address (A.B.C.D/LEN).
func (b *Builder) SVI(v int, addr string) *Builder {
	name := fmt.Sprintf("vlan%d", v)
	ifc := b.d.AddInterface(&model.Interface{Name: name, Ref: b.ref("interface " + name), SVI: v, Routed: true})
	ifc.IPv4, ifc.IPv4Ref = []netip.Prefix{netip.MustParsePrefix(addr)}, b.refp("address "+addr)
	return b
}

// ACL defines an access list from entries written "permit|deny PROTO SRC
// DST" with PROTO a number or "ip" and SRC/DST a prefix or "any".
func (b *Builder) ACL(name string, entries ...string) *Builder {
	acl := &model.ACL{Name: name, Ref: b.ref("acl " + name)}
	for i, e := range entries {
		var action, proto, src, dst string
		if _, err := fmt.Sscan(e, &action, &proto, &src, &dst); err != nil {
			panic(fmt.Sprintf("modeltest: ACL entry %q: %v", e, err))
		}
		ace := &model.ACE{Seq: 10 * (i + 1), Ref: b.ref(fmt.Sprintf("%d %s", 10*(i+1), e)), Src: addrMatch(src), Dst: addrMatch(dst)}
		ace.Action = model.Permit
		if action == "deny" {
			ace.Action = model.Deny
		}
		if proto == "ip" {
			ace.Proto.Any = true
		} else if _, err := fmt.Sscan(proto, &ace.Proto.Num); err != nil {
			panic(fmt.Sprintf("modeltest: protocol %q", proto))
		}
		acl.Entries = append(acl.Entries, ace)
	}
	b.d.ACLs[name] = acl
	return b
}

func addrMatch(s string) model.AddrMatch {
	if s == "any" {
		return model.AddrMatch{Any: true}
	}
	return model.AddrMatch{Prefix: netip.MustParsePrefix(s)}
}

// PortACL applies an access list to traffic entering a port.
func (b *Builder) PortACL(port, acl string) *Builder {
	b.Port(port).PortACLIn = &model.ACLBinding{ACL: acl, Ref: b.ref("port acl " + acl + " in")}
	return b
}

// Link is a cable between two devices' ports.
func Link(a, aPort, bDev, bPort string) model.Link {
	return model.Link{A: model.Endpoint{Device: a, Interface: aPort}, B: model.Endpoint{Device: bDev, Interface: bPort},
		Ref: model.Ref{File: "inventory.yaml", Line: 1, Text: fmt.Sprintf("[%s:%s, %s:%s]", a, aPort, bDev, bPort)}}
}

// Host is a cluster node on a device's port.
func Host(name, ip, device, port string) model.Host {
	return model.Host{Name: name, IP: netip.MustParseAddr(ip), Switch: device, Interface: port,
		Ref: model.Ref{File: "inventory.yaml", Line: 2, Text: "{name: " + name + "}"}}
}
