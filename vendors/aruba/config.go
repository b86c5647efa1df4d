package aruba

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ace"
	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// ErrNotConfig marks input that is not an AOS-CX running-config.
var ErrNotConfig = errors.New("not a usable AOS-CX running-config")

// entries is AOS-CX's ACL entry grammar: "any" for every protocol, a lone
// address for one host, A/LEN prefixes, and "count" to count matches.
var entries = &ace.Dialect{
	Protocols: map[string]int{
		"icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51,
		"ospf": 89, "pim": 103, "vrrp": 112, "sctp": 132,
	},
	AnyProtocol: []string{"any", "ip"},
	BareHost:    true,
	Options:     map[string]int{"count": 0},
}

// dialect is what AOS-CX's configuration looks like to cfgtree: blocks
// indented four spaces, "!" lines as comments, no closing line.
func dialect() *cfgtree.Dialect {
	return &cfgtree.Dialect{Name: "AOS-CX", Indent: "    ", Sep: "!"}
}

type block int

const (
	inNone block = iota
	inVLAN
	inInterface
	inACL
)

type parser struct {
	dev  *model.Device
	file string

	blk   block
	level int
	vlans []*model.VLAN
	ifc   *model.Interface
	acl   *model.ACL
	on    model.Setting

	st     map[*model.Interface]*portState
	sawCmd bool
}

// portState is what an interface's lines have said, settled at the end.
type portState struct {
	routing, noRouting *model.Ref
	trunk              bool // a "vlan trunk ..." line
	allowedSeen        bool
	groups             []group
	querierOff         bool
}

type group struct {
	name   string
	routed bool // "routed-in|out": routed traffic only
	dir    string
	ref    model.Ref
}

// ParseConfig reads an AOS-CX running-config into dev. A line it cannot
// read is recorded as unparsed and the parse goes on.
func ParseConfig(dev *model.Device, file string, text []byte) error {
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		return fmt.Errorf("%s: file is empty: %w", file, ErrNotConfig)
	case bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0:
		return fmt.Errorf("%s: binary data, not a text configuration: %w", file, ErrNotConfig)
	}
	p := &parser{dev: dev, file: file, st: map[*model.Interface]*portState{}}
	dev.Defaults = defaults()
	dev.ReserveInterfaces(bytes.Count(text, []byte("\ninterface ")))
	if _, err := cfgtree.Scan(string(text), dialect(), p.line); err != nil {
		return err
	}
	p.settle()
	if !p.sawCmd {
		return fmt.Errorf("%s: no AOS-CX configuration command in it: %w", file, ErrNotConfig)
	}
	return nil
}

func (p *parser) ref(l cfgtree.ScanLine) model.Ref {
	return model.Ref{File: p.file, Line: l.No, Text: l.Raw}
}

func (p *parser) refp(l cfgtree.ScanLine) *model.Ref {
	r := p.ref(l)
	return &r
}

func (p *parser) unread(l cfgtree.ScanLine, format string, args ...any) {
	p.dev.Unread(p.ref(l), fmt.Sprintf(format, args...), p.on)
}

func (p *parser) line(l cfgtree.ScanLine) error {
	if l.Indent == 0 {
		p.settle()
		p.top(l)
		return nil
	}
	if p.level == 0 {
		p.level = l.Indent
	}
	if l.Indent > p.level {
		return nil
	}
	switch p.blk {
	case inVLAN:
		p.vlanLine(l)
	case inInterface:
		p.interfaceLine(l)
	case inACL:
		p.aclLine(l)
	}
	return nil
}

func (p *parser) top(l cfgtree.ScanLine) {
	p.blk, p.level, p.on = inNone, 0, model.Setting{}
	f := strings.Fields(l.Text)
	switch f[0] {
	case "Current":
		return // "Current configuration:"
	case "hostname":
		if len(f) == 2 {
			p.dev.Hostname, p.dev.HostnameRef = f[1], p.refp(l)
		}
	case "vlan":
		p.vlanHeader(l, f[1:])
	case "interface":
		p.interfaceHeader(l, f[1:])
	case "access-list":
		if len(f) == 3 && f[1] == "ip" {
			p.aclHeader(l, f[2])
		}
	}
	p.sawCmd = true
}

func (p *parser) vlanHeader(l cfgtree.ScanLine, f []string) {
	p.on = model.Setting{Kind: model.OnVLAN}
	if len(f) != 1 {
		return
	}
	set, err := model.ParseVLANList(f[0])
	if err != nil {
		p.unread(l, "%v", err)
		return
	}
	p.blk, p.vlans = inVLAN, nil
	for v := range set.All() {
		vl := p.dev.VLANs[v]
		if vl == nil {
			vl = &model.VLAN{ID: v, Ref: p.ref(l)}
			p.dev.VLANs[v] = vl
		}
		p.vlans = append(p.vlans, vl)
	}
	p.on.VLAN = p.vlans[0].ID
}

func (p *parser) vlanLine(l cfgtree.ScanLine) {
	f := strings.Fields(l.Text)
	for _, vl := range p.vlans {
		s := p.dev.Snooping.VLANs[vl.ID]
		if s == nil {
			s = &model.VLANSnooping{}
			p.dev.Snooping.VLANs[vl.ID] = s
		}
		switch {
		case f[0] == "name" && len(f) >= 2:
			vl.Name, vl.NameRef = strings.TrimSpace(strings.TrimPrefix(l.Text, "name")), p.refp(l)
		case l.Text == "shutdown":
			vl.Suspended = p.refp(l)
		case l.Text == "ip igmp snooping enable":
			s.Enabled, s.Disabled = p.refp(l), nil
		case l.Text == "ip igmp snooping disable" || l.Text == "no ip igmp snooping":
			s.Enabled, s.Disabled = nil, p.refp(l)
		case len(f) >= 4 && f[0] == "apply" && f[1] == "access-list" && f[2] == "ip":
			if len(f) != 5 || (f[4] != "in" && f[4] != "out") {
				p.on = model.Setting{Kind: model.OnVLAN, VLAN: vl.ID}
				p.unread(l, `want "apply access-list ip NAME in|out"`)
				return
			}
			b := &model.ACLBinding{ACL: f[3], Ref: p.ref(l)}
			if f[4] == "in" {
				vl.ACLIn = b
			} else {
				vl.ACLOut = b
			}
		}
	}
}

func (p *parser) interfaceHeader(l cfgtree.ScanLine, f []string) {
	if len(f) == 0 {
		p.on = model.Setting{Kind: model.OnInterface}
		p.unread(l, "interface without a name")
		return
	}
	name := CanonicalInterface(strings.Join(f, " "))
	p.on = model.Setting{Kind: model.OnInterface, Name: name}
	ifc := p.dev.Interface(name)
	if ifc == nil {
		ifc = p.dev.AddInterface(&model.Interface{Name: name, Ref: p.ref(l), AccessVLAN: 1, NativeVLAN: 1, Allowed: model.AllVLANs()})
		switch types.TypeOf(name) {
		case "vlan":
			n, err := strconv.Atoi(strings.TrimPrefix(name, "vlan"))
			if err != nil || n < 1 || n > model.MaxVLAN {
				p.unread(l, "VLAN interface %q does not name a VLAN 1-%d", name, model.MaxVLAN)
			} else {
				ifc.SVI, ifc.Routed = n, true
			}
		case "loopback", "tunnel":
			ifc.Routed = true
		}
		if name == "mgmt" {
			ifc.Routed = true
		}
		p.st[ifc] = &portState{}
	}
	p.blk, p.ifc = inInterface, ifc
}

func (p *parser) interfaceLine(l cfgtree.ScanLine) {
	ifc, st := p.ifc, p.st[p.ifc]
	f := strings.Fields(l.Text)
	switch {
	case f[0] == "description":
		ifc.Description = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l.Raw), "description"))
	case l.Text == "shutdown":
		ifc.Shutdown, ifc.ShutdownRef = true, p.refp(l)
	case l.Text == "no shutdown":
		ifc.Shutdown, ifc.ShutdownRef = false, p.refp(l)
	case l.Text == "routing":
		st.routing, st.noRouting = p.refp(l), nil
	case l.Text == "no routing":
		st.noRouting, st.routing = p.refp(l), nil
	case len(f) == 2 && f[0] == "lag":
		if n, err := strconv.Atoi(f[1]); err != nil || n < 1 {
			p.unread(l, "lag %q is not a LAG number", f[1])
			return
		}
		ifc.Bundle, ifc.BundleRef = "lag"+f[1], p.refp(l)
	case len(f) >= 2 && f[0] == "vlan":
		p.vlanSetting(l, f[1:])
	case len(f) >= 2 && f[0] == "apply" && f[1] == "access-list":
		if len(f) != 5 || f[2] != "ip" {
			p.unread(l, `want "apply access-list ip NAME in|out|routed-in|routed-out"`)
			return
		}
		dir, routed := strings.CutPrefix(f[4], "routed-")
		if dir != "in" && dir != "out" {
			p.unread(l, `want "apply access-list ip NAME in|out|routed-in|routed-out"`)
			return
		}
		st.groups = append(st.groups, group{name: f[3], routed: routed, dir: dir, ref: p.ref(l)})
	case len(f) >= 3 && f[0] == "rate-limit" && f[1] == "multicast":
		ifc.StormMulticast = &model.StormControl{Level: strings.Join(f[2:], " "), Percent: -1, Ref: p.ref(l)}
	case len(f) >= 3 && f[0] == "ip" && f[1] == "address":
		pfx, err := netip.ParsePrefix(f[2])
		if err != nil || !pfx.Addr().Is4() {
			p.unread(l, `want "ip address A.B.C.D/LEN"`)
			return
		}
		ifc.IPv4 = append(ifc.IPv4, pfx)
		if ifc.IPv4Ref == nil {
			ifc.IPv4Ref = p.refp(l)
		}
	case l.Text == "ip igmp enable":
		ifc.IGMPEnabled = p.refp(l)
	case l.Text == "no ip igmp enable" || l.Text == "ip igmp disable":
		ifc.IGMPEnabled = nil
	case l.Text == "no ip igmp querier":
		st.querierOff = true
	case l.Text == "ip igmp querier":
		st.querierOff = false
	case len(f) >= 4 && f[0] == "ip" && f[1] == "igmp" && f[2] == "version":
		v, err := strconv.Atoi(f[3])
		if err != nil || v < 1 || v > 3 {
			p.unread(l, "IGMP version %q is not 1, 2 or 3", f[3])
			return
		}
		ifc.IGMPVer, ifc.IGMPVerRef = v, p.refp(l)
	}
}

// vlanSetting reads "vlan access N", "vlan trunk native N [tag]", "vlan
// trunk allowed LIST|all"; f starts after "vlan".
func (p *parser) vlanSetting(l cfgtree.ScanLine, f []string) {
	ifc, st := p.ifc, p.st[p.ifc]
	vlan := func(w string) (int, bool) {
		v, err := strconv.Atoi(w)
		if err != nil || v < 1 || v > model.MaxVLAN {
			p.unread(l, "%q is not a VLAN ID 1-%d", w, model.MaxVLAN)
			return 0, false
		}
		return v, true
	}
	switch {
	case f[0] == "access" && len(f) == 2:
		if v, ok := vlan(f[1]); ok {
			ifc.Mode, ifc.ModeRef = model.ModeAccess, p.refp(l)
			ifc.AccessVLAN, ifc.AccessRef = v, p.refp(l)
		}
	case len(f) >= 3 && f[0] == "trunk" && f[1] == "native":
		if v, ok := vlan(f[2]); ok {
			st.trunk, ifc.NativeVLAN = true, v
			if ifc.ModeRef == nil {
				ifc.ModeRef = p.refp(l)
			}
		}
	case len(f) >= 3 && f[0] == "trunk" && f[1] == "allowed":
		st.trunk = true
		if ifc.ModeRef == nil {
			ifc.ModeRef = p.refp(l)
		}
		var add model.VLANSet
		if f[2] == "all" {
			add = model.AllVLANs()
		} else {
			s, err := model.ParseVLANList(strings.Join(f[2:], ""))
			if err != nil {
				p.unread(l, "allowed VLAN list: %v", err)
				return
			}
			add = s
		}
		if !st.allowedSeen {
			ifc.Allowed = model.VLANSet{} // the lines list what is allowed; they add up
			st.allowedSeen = true
		}
		ifc.Allowed.AddSet(add)
		ifc.AllowedRefs = append(ifc.AllowedRefs, p.ref(l))
	}
}

func (p *parser) aclHeader(l cfgtree.ScanLine, name string) {
	acl := p.dev.ACLs[name]
	if acl == nil {
		acl = &model.ACL{Name: name, Ref: p.ref(l)}
		p.dev.ACLs[name] = acl
	}
	p.blk, p.acl = inACL, acl
	p.on = model.Setting{Kind: model.OnACL, Name: name}
}

func (p *parser) aclLine(l cfgtree.ScanLine) {
	f := strings.Fields(l.Text)
	seq := 0
	if n, err := strconv.Atoi(f[0]); err == nil {
		seq, f = n, f[1:]
	}
	if len(f) == 0 {
		p.addACE(&model.ACE{Seq: seq, Ref: p.ref(l), Unparsed: "sequence number without an entry"})
		return
	}
	if f[0] == "comment" {
		return
	}
	e := &model.ACE{Seq: seq, Ref: p.ref(l)}
	if err := ace.Parse(e, f, false, entries); err != nil {
		e.Unparsed = err.Error()
	}
	p.addACE(e)
}

func (p *parser) addACE(e *model.ACE) {
	es := p.acl.Entries
	if e.Seq == 0 {
		e.Seq = 10
		if len(es) > 0 {
			e.Seq = es[len(es)-1].Seq + 10
		}
	}
	i := len(es)
	for i > 0 && es[i-1].Seq > e.Seq {
		i--
	}
	p.acl.Entries = slices.Insert(es, i, e)
}

// settle finishes an interface: whether it switches (vlan lines, "no
// routing") or routes ("routing", an address), its mode, its querier and
// its ACLs.
func (p *parser) settle() {
	if p.blk != inInterface || p.ifc == nil {
		return
	}
	ifc, st := p.ifc, p.st[p.ifc]
	p.ifc = nil
	if ifc.SVI == 0 && !ifc.Routed {
		switch {
		case st.routing != nil:
			ifc.Routed, ifc.RoutedRef = true, st.routing
		case st.noRouting == nil && len(ifc.IPv4) > 0 && ifc.ModeRef == nil:
			ifc.Routed, ifc.RoutedRef = true, ifc.IPv4Ref
		}
	}
	if st.trunk {
		ifc.Mode = model.ModeTrunk
		if !st.allowedSeen {
			// A trunk without an allowed list carries its native VLAN.
			ifc.Allowed = model.VLANSet{}
			ifc.Allowed.Add(ifc.NativeVLAN)
		}
	} else if ifc.IsL2() && ifc.ModeRef == nil {
		ifc.Mode = model.ModeAccess // every port is an access port until told otherwise
	}
	if st.querierOff {
		ifc.IGMPEnabled = nil // IGMP runs, but this switch never queries
	}
	ifc.PortACLIn, ifc.PortACLOut, ifc.RouterACLIn, ifc.RouterACLOut = nil, nil, nil, nil
	for _, g := range st.groups {
		b := &model.ACLBinding{ACL: g.name, Ref: g.ref}
		switch {
		case !g.routed && ifc.IsL2() && g.dir == "in":
			ifc.PortACLIn = b
		case !g.routed && ifc.IsL2():
			ifc.PortACLOut = b
		case g.dir == "in":
			ifc.RouterACLIn = b
		default:
			ifc.RouterACLOut = b
		}
	}
}
