package cisco

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ifaceState is what the lines of one interface have said so far. A
// configuration may open the same interface more than once, so it outlives
// a block, and the derived fields are worked out again from all of it at
// the end of each block.
type ifaceState struct {
	switchport bool // any "switchport ..." line: the port is switched
	adminState bool // a "shutdown" or "no shutdown" line
	hasIP      bool
	groups     []accessGroup
	// inherit is the port-profile the interface takes its lines from
	// (NX-OS, Nexus 1000V: "inherit port-profile NAME").
	inherit    string
	inheritRef *model.Ref
}

// ProfilePrefix names the interface a port-profile is read into: a
// profile's lines are an interface's, and a cluster host is attached to
// "port-profile NAME" the way it is to a port (Nexus 1000V port groups,
// whose vEthernet ports come and go with the VMs).
const ProfilePrefix = "port-profile "

// profileBlock reads "port-profile [type T] NAME" as the interface
// "port-profile NAME"; "port-profile default ..." settings are not
// profiles.
func (p *configParser) profileBlock(l line, rest string) error {
	var wbuf [24]string
	f := words(rest, wbuf[:0])
	if len(f) >= 2 && f[0] == "type" {
		f = f[2:]
	}
	if len(f) != 1 || f[0] == "default" {
		return nil
	}
	name := ProfilePrefix + f[0]
	ifc := p.dev.Interface(name)
	if ifc == nil {
		ifc = p.dev.AddInterface(&model.Interface{Name: name, Ref: p.ref(l), AccessVLAN: 1, NativeVLAN: 1, Allowed: model.AllVLANs()})
	}
	p.cur = ifc
	p.curState = p.ifaces[ifc]
	p.curLevel = 0
	p.block, p.blockEnd = p.interfaceLineFn, p.settleCurrentFn
	p.blockSetting = model.Setting{Kind: model.OnInterface, Name: name}
	return nil
}

// inherit gives each interface that inherits a port-profile what the
// profile configures and the interface does not, profiles of profiles
// first; a profile the configuration lacks is an unread line.
func (p *configParser) inherit() error {
	done := map[*model.Interface]bool{}
	var resolve func(ifc *model.Interface, depth int) error
	resolve = func(ifc *model.Interface, depth int) error {
		st := p.ifaces[ifc]
		if done[ifc] || st.inherit == "" {
			return nil
		}
		done[ifc] = true
		prof := p.dev.Interface(ProfilePrefix + st.inherit)
		if prof == nil || depth > 8 {
			p.dev.Unparsed = append(p.dev.Unparsed, model.Unparsed{Ref: *st.inheritRef,
				Why: fmt.Sprintf("inherits port-profile %s, which the configuration does not define", st.inherit), On: model.Setting{Kind: model.OnInterface, Name: ifc.Name}})
			return nil
		}
		if err := resolve(prof, depth+1); err != nil {
			return err
		}
		ps := p.ifaces[prof]
		ifc.Profile = prof.Name
		if ifc.ModeRef == nil {
			ifc.Mode, ifc.ModeRef = prof.Mode, prof.ModeRef
		}
		if ifc.AccessRef == nil {
			ifc.AccessVLAN, ifc.AccessRef = prof.AccessVLAN, prof.AccessRef
		}
		if len(ifc.AllowedRefs) == 0 {
			ifc.Allowed, ifc.AllowedRefs, ifc.NativeVLAN = prof.Allowed, prof.AllowedRefs, prof.NativeVLAN
		}
		if ifc.ShutdownRef == nil && ps.adminState {
			ifc.Shutdown, ifc.ShutdownRef = prof.Shutdown, prof.ShutdownRef
			st.adminState = true
		}
		if ifc.RoutedRef == nil {
			ifc.RoutedRef = prof.RoutedRef
		}
		if ifc.StormMulticast == nil {
			ifc.StormMulticast = prof.StormMulticast
		}
		st.switchport = st.switchport || ps.switchport
		if len(st.groups) == 0 {
			st.groups = ps.groups
		}
		p.ifaces[ifc] = st
		p.settleInterface(ifc, &st)
		return nil
	}
	for _, ifc := range p.dev.Interfaces {
		if err := resolve(ifc, 0); err != nil {
			return err
		}
	}
	return nil
}

// interfaceBlock reads "interface NAME" and its sub-commands.
func (p *configParser) interfaceBlock(l line, rest string) error {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return p.errorf(l, "interface without a name")
	}
	name := CanonicalInterface(p.dev.Platform, rest)
	ifc := p.dev.Interface(name)
	if ifc == nil {
		ifc = p.dev.AddInterface(&model.Interface{
			Name:       name,
			Ref:        p.ref(l),
			AccessVLAN: 1,
			NativeVLAN: 1,
			Allowed:    model.AllVLANs(),
		})
		if v, ok := strings.CutPrefix(name, "Vlan"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > model.MaxVLAN {
				return p.errorf(l, "SVI %q does not name a VLAN 1-%d", name, model.MaxVLAN)
			}
			ifc.SVI = n
		}
	}
	p.cur = ifc
	p.curState = p.ifaces[ifc]
	p.curLevel = 0
	p.block, p.blockEnd = p.interfaceLineFn, p.settleCurrentFn
	p.blockSetting = model.Setting{Kind: model.OnInterface, Name: name}
	return nil
}

// interfaceLine reads one sub-command of the current interface. It is a
// method, not a closure per block, because large switches have thousands
// of interfaces.
func (p *configParser) interfaceLine(c line) error {
	// A deeper line belongs to a sub-mode, such as an HSRP or VRRP group
	// with its own "shutdown": it says nothing of the interface.
	if p.curLevel == 0 {
		p.curLevel = c.indent
	}
	if c.indent > p.curLevel {
		return nil
	}
	ifc, st := p.cur, &p.curState
	var wbuf [24]string
	f := words(c.text, wbuf[:0])
	switch f[0] {
	case "description":
		// From the raw line: the words keep their spacing.
		ifc.Description = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.raw), "description"))
	case "shutdown":
		ifc.Shutdown, ifc.ShutdownRef, st.adminState = true, p.refp(c), true
	case "inherit":
		if len(f) == 3 && f[1] == "port-profile" {
			st.inherit, st.inheritRef = f[2], p.refp(c)
		}
	case "switchport":
		st.switchport = true
		if len(f) == 1 {
			return nil
		}
		return p.switchport(ifc, c, f[1:])
	case "channel-group":
		if len(f) < 2 {
			return p.errorf(c, "channel-group without a number")
		}
		if f[1] == "auto" {
			// Nexus 1000V builds its uplink port-channels itself (mac
			// pinning): there is no number to name here.
			return nil
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 1 {
			return p.errorf(c, "channel-group %q is not a port-channel number", f[1])
		}
		ifc.Bundle, ifc.BundleRef = CanonicalInterface(p.dev.Platform, "port-channel"+strconv.Itoa(n)), p.refp(c)
	case "storm-control":
		return p.stormControl(ifc, c, f[1:])
	case "ip":
		if len(f) < 2 {
			return nil
		}
		switch f[1] {
		case "address":
			pfx, err := p.ifaceAddress(c, f[2:])
			if err != nil {
				return err
			}
			if pfx.IsValid() {
				ifc.IPv4 = append(ifc.IPv4, pfx)
				if ifc.IPv4Ref == nil {
					ifc.IPv4Ref = p.refp(c)
				}
				st.hasIP = true
			}
		case "pim":
			if len(f) >= 3 && strings.HasSuffix(f[2], "-mode") {
				ifc.PIM, ifc.PIMRef = f[2], p.refp(c)
			}
		case "igmp":
			if len(f) >= 4 && f[2] == "query-interval" {
				d, err := seconds(f[3])
				if err != nil {
					return p.errorf(c, "IGMP query interval %q: %v", f[3], err)
				}
				ifc.IGMPQueryInterval, ifc.IGMPQueryIntervalRef = d, p.refp(c)
			}
			if len(f) >= 4 && f[2] == "version" {
				v, err := strconv.Atoi(f[3])
				if err != nil || v < 1 || v > 3 {
					return p.errorf(c, "IGMP version %q is not 1, 2 or 3", f[3])
				}
				ifc.IGMPVer, ifc.IGMPVerRef = v, p.refp(c)
			}
		case "access-group", "port":
			g, err := p.accessGroup(c, f[1:])
			if err != nil {
				return err
			}
			// "ip port" followed by anything but access-group binds
			// no ACL.
			if g.name != "" {
				st.groups = append(st.groups, g)
			}
		}
	case "no":
		if len(f) >= 2 {
			switch f[1] {
			case "shutdown":
				ifc.Shutdown, ifc.ShutdownRef, st.adminState = false, p.refp(c), true
			case "switchport":
				ifc.Routed, ifc.RoutedRef = true, p.refp(c)
			}
		}
	}
	return nil
}

// settleCurrent ends the current interface's block.
func (p *configParser) settleCurrent() error {
	if p.ifaces == nil {
		p.ifaces = map[*model.Interface]ifaceState{}
	}
	p.ifaces[p.cur] = p.curState
	p.settleInterface(p.cur, &p.curState)
	return nil
}

// settleInterface works out what an interface's lines imply together:
// whether it bridges, its admin state where no line set it, and which
// kind of ACL each access-group line binds. It depends only on the lines
// read so far, so it can run again when the interface is opened again.
func (p *configParser) settleInterface(ifc *model.Interface, st *ifaceState) {
	// SVIs, loopbacks and "no switchport" ports are routed; so is a
	// Catalyst management port or an NX-OS Ethernet port with an address,
	// even without "no switchport".
	ifc.Routed = ifc.SVI != 0 || isRoutedKind(ifc.Name) || ifc.RoutedRef != nil ||
		(st.hasIP && !st.switchport)
	if !st.adminState {
		// NX-OS creates SVIs administratively down; running-config shows
		// "no shutdown" on the ones that are up.
		ifc.Shutdown = p.nx && ifc.SVI != 0
	}
	if p.nx && isNXOSPort(ifc.Name) {
		p.nxosPortDefaults(ifc, st.switchport, st.adminState)
	}
	ifc.PortACLIn, ifc.PortACLOut, ifc.RouterACLIn, ifc.RouterACLOut = nil, nil, nil, nil
	for _, g := range st.groups {
		b := &model.ACLBinding{ACL: g.name, Ref: g.ref}
		switch {
		case g.port || ifc.IsL2():
			if g.out {
				ifc.PortACLOut = b
			} else {
				ifc.PortACLIn = b
			}
		case g.out:
			ifc.RouterACLOut = b
		default:
			ifc.RouterACLIn = b
		}
	}
}

// nxosPortDefaults applies what an NX-OS port is when its configuration
// is silent. Nexus 9000 ports are routed unless "system default switchport"
// says otherwise, so a switched port there shows switchport lines; with
// "system default switchport shutdown" a switched port is down unless it
// shows "no shutdown".
func (p *configParser) nxosPortDefaults(ifc *model.Interface, switchport, adminState bool) {
	if !switchport && ifc.RoutedRef == nil && !p.nxDefaultL2 {
		ifc.Routed = true
	}
	if !adminState && ifc.IsL2() && p.nxDefaultL2Shut {
		ifc.Shutdown = true
	}
}

func isNXOSPort(name string) bool {
	return strings.HasPrefix(name, "Ethernet") || strings.HasPrefix(name, "port-channel")
}

func isRoutedKind(name string) bool {
	for _, k := range []string{"Loopback", "loopback", "Tunnel", "mgmt", "Management", "nve"} {
		if strings.HasPrefix(name, k) {
			return true
		}
	}
	return false
}

type accessGroup struct {
	name string
	out  bool
	port bool // NX-OS "ip port access-group"
	ref  model.Ref
}

// accessGroup reads "access-group NAME in|out" or "port access-group NAME in".
func (p *configParser) accessGroup(c line, f []string) (accessGroup, error) {
	g := accessGroup{ref: p.ref(c)}
	if f[0] == "port" {
		g.port = true
		f = f[1:]
	}
	if len(f) == 0 || f[0] != "access-group" {
		return g, nil
	}
	if len(f) != 3 || (f[2] != "in" && f[2] != "out") {
		return g, p.errorf(c, "want \"access-group NAME in|out\"")
	}
	g.name, g.out = f[1], f[2] == "out"
	return g, nil
}

// ifaceAddress reads "A.B.C.D M.M.M.M" (IOS) or "A.B.C.D/len" (NX-OS).
// "dhcp", "negotiated" and unnumbered forms give no prefix.
func (p *configParser) ifaceAddress(c line, f []string) (netip.Prefix, error) {
	if len(f) == 0 || f[0] == "dhcp" || f[0] == "negotiated" {
		return netip.Prefix{}, nil
	}
	if strings.Contains(f[0], "/") {
		pfx, err := netip.ParsePrefix(f[0])
		if err != nil || !pfx.Addr().Is4() {
			return pfx, p.errorf(c, "bad IPv4 prefix %q", f[0])
		}
		return pfx, nil
	}
	a, err := netip.ParseAddr(f[0])
	if err != nil || !a.Is4() || len(f) < 2 {
		return netip.Prefix{}, p.errorf(c, "want \"ip address A.B.C.D MASK\"")
	}
	bits, ok := maskBits(f[1])
	if !ok {
		return netip.Prefix{}, p.errorf(c, "bad subnet mask %q", f[1])
	}
	return netip.PrefixFrom(a, bits), nil
}

// switchport reads the "switchport ..." sub-commands that decide which
// VLANs a port carries.
func (p *configParser) switchport(ifc *model.Interface, c line, f []string) error {
	switch f[0] {
	case "mode":
		if len(f) < 2 {
			return p.errorf(c, "switchport mode without a mode")
		}
		switch strings.Join(f[1:], " ") {
		case "access":
			ifc.Mode = model.ModeAccess
		case "trunk":
			ifc.Mode = model.ModeTrunk
		case "dynamic auto":
			ifc.Mode = model.ModeDynamicAuto
		case "dynamic desirable":
			ifc.Mode = model.ModeDynamicDesirable
		default:
			// private-vlan, dot1q-tunnel, fex-fabric...: not a mode the
			// cluster VLAN can use; keep the line as evidence.
			ifc.Mode = model.ModeDefault
		}
		ifc.ModeRef = p.refp(c)
	case "access":
		if len(f) != 3 || f[1] != "vlan" {
			return nil
		}
		v, err := strconv.Atoi(f[2])
		if err != nil || v < 1 || v > model.MaxVLAN {
			return p.errorf(c, "access VLAN %q is not a VLAN ID 1-%d", f[2], model.MaxVLAN)
		}
		ifc.AccessVLAN, ifc.AccessRef = v, p.refp(c)
	case "trunk":
		if len(f) >= 3 && f[1] == "native" && f[2] == "vlan" {
			if len(f) == 4 {
				if v, err := strconv.Atoi(f[3]); err == nil {
					ifc.NativeVLAN = v
				}
			}
			return nil
		}
		if len(f) < 4 || f[1] != "allowed" || f[2] != "vlan" {
			return nil
		}
		return p.trunkAllowed(ifc, c, f[3:])
	}
	return nil
}

// trunkAllowed applies one "switchport trunk allowed vlan ..." line. Long
// lists are printed as a first line and "add" lines after it, so the lines
// are applied in order, each to the result of the ones before.
func (p *configParser) trunkAllowed(ifc *model.Interface, c line, f []string) error {
	list := func(s []string) (model.VLANSet, error) {
		v, err := model.ParseVLANList(strings.Join(s, ""))
		if err != nil {
			return v, p.errorf(c, "allowed VLAN list: %v", err)
		}
		return v, nil
	}
	op := f[0]
	switch op {
	case "all":
		ifc.Allowed = model.AllVLANs()
	case "none":
		ifc.Allowed = model.VLANSet{}
	case "add", "remove", "except":
		if len(f) < 2 {
			return p.errorf(c, "%q without a VLAN list", op)
		}
		v, err := list(f[1:])
		if err != nil {
			return err
		}
		switch op {
		case "add":
			ifc.Allowed.AddSet(v)
		case "remove":
			ifc.Allowed.RemoveSet(v)
		case "except":
			ifc.Allowed = model.AllVLANs()
			ifc.Allowed.RemoveSet(v)
		}
	default:
		v, err := list(f)
		if err != nil {
			return err
		}
		ifc.Allowed = v
	}
	ifc.AllowedRefs = append(ifc.AllowedRefs, p.ref(c))
	return nil
}

// stormControl reads "storm-control multicast level ...". Other traffic
// types do not touch cluster multicast.
func (p *configParser) stormControl(ifc *model.Interface, c line, f []string) error {
	if len(f) < 3 || f[0] != "multicast" || f[1] != "level" {
		return nil
	}
	sc := &model.StormControl{Level: strings.Join(f[2:], " "), Percent: -1, Ref: p.ref(c)}
	if f[2] != "pps" && f[2] != "bps" {
		pct, err := strconv.ParseFloat(f[2], 64)
		// Written so that NaN, which ParseFloat accepts, fails too.
		if err != nil || !(pct >= 0 && pct <= 100) {
			return p.errorf(c, "storm-control level %q is not a percentage", f[2])
		}
		sc.Percent = pct
	}
	ifc.StormMulticast = sc
	return nil
}

// maskBits converts a dotted subnet mask to a prefix length.
func maskBits(s string) (int, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return 0, false
	}
	b := a.As4()
	m := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	bits := 0
	for m&(1<<31) != 0 {
		bits++
		m <<= 1
	}
	return bits, m == 0
}
