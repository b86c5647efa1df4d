package arista

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

// ErrNotConfig marks input that is not an EOS running-config, or one that
// was cut short.
var ErrNotConfig = errors.New("not a usable EOS running-config")

// entries is EOS's ACL entry grammar: IOS's, with prefixes, and protocol
// keywords of its own; PGM has none and is written 113.
var entries = &ace.Dialect{
	Protocols: map[string]int{
		"icmp": 1, "igmp": 2, "ipinip": 4, "tcp": 6, "udp": 17, "gre": 47, "esp": 50,
		"ahp": 51, "ospf": 89, "pim": 103, "vrrp": 112, "sctp": 132,
	},
	AnyProtocol: []string{"ip"},
}

// dialect is what EOS's configuration looks like to cfgtree: blocks
// indented three spaces, "!" between them, banners ended by "EOF".
func dialect() *cfgtree.Dialect {
	return &cfgtree.Dialect{
		Name: "EOS", Indent: "   ", Sep: "!", End: "end",
		Opaque: func(text string) (func(string) bool, bool) {
			if !strings.HasPrefix(text, "banner ") {
				return nil, false
			}
			return func(raw string) bool { return strings.TrimSpace(raw) == "EOF" }, true
		},
	}
}

// block is the top-level command whose lines are being read.
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
	level int // the indentation of the block's own lines
	vlans []*model.VLAN
	ifc   *model.Interface
	acl   *model.ACL
	on    model.Setting // what the block's lines configure

	groups map[*model.Interface][]group
	sawEnd bool
	sawCmd bool
}

// group is an "ip access-group" line, bound once the interface is known to
// switch or route.
type group struct {
	name, dir string
	ref       model.Ref
}

// ParseConfig reads an EOS running-config into dev. A line it cannot read
// is recorded as unparsed and the parse goes on; input that is not such a
// config, or is cut short, is an error.
func ParseConfig(dev *model.Device, file string, text []byte) error {
	if err := checkText(file, text); err != nil {
		return err
	}
	p := &parser{dev: dev, file: file, groups: map[*model.Interface][]group{}}
	dev.Defaults = defaults()
	dev.ReserveInterfaces(bytes.Count(text, []byte("\ninterface ")))
	unclosed, err := cfgtree.Scan(string(text), dialect(), p.line)
	if err != nil {
		return err
	}
	if unclosed > 0 {
		return fmt.Errorf("%s line %d: banner never closed (no \"EOF\" line): file truncated? %w", file, unclosed, ErrNotConfig)
	}
	p.settle()
	switch {
	case !p.sawCmd:
		return fmt.Errorf("%s: no EOS configuration command in it: %w", file, ErrNotConfig)
	case !p.sawEnd:
		return fmt.Errorf("%s: truncated: an EOS running-config ends with \"end\": %w", file, ErrNotConfig)
	}
	return nil
}

func checkText(file string, text []byte) error {
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		return fmt.Errorf("%s: file is empty: %w", file, ErrNotConfig)
	case bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0:
		return fmt.Errorf("%s: binary data, not a text configuration: %w", file, ErrNotConfig)
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

// unread records a line that could not be read.
func (p *parser) unread(l cfgtree.ScanLine, on model.Setting, format string, args ...any) {
	p.dev.Unread(p.ref(l), fmt.Sprintf(format, args...), on)
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
		return nil // a sub-mode of the block (evpn ethernet-segment, vrf ...)
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

// top reads a top-level command.
func (p *parser) top(l cfgtree.ScanLine) {
	p.blk, p.level, p.on = inNone, 0, model.Setting{}
	f := strings.Fields(l.Text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return
		}
	}
	p.sawCmd = true
	switch f[0] {
	case "end":
		p.sawEnd = true
	case "hostname":
		if len(f) == 2 && !neg {
			p.dev.Hostname, p.dev.HostnameRef = f[1], p.refp(l)
		}
	case "vlan":
		if !neg {
			p.vlanHeader(l, f[1:])
		}
	case "interface":
		if !neg {
			p.interfaceHeader(l, f[1:])
		}
	case "ip":
		switch {
		case len(f) >= 3 && f[1] == "igmp" && f[2] == "snooping":
			p.snooping(l, neg, f[3:])
		case len(f) >= 3 && f[1] == "access-list" && !neg:
			p.aclHeader(l, f[2:])
		}
	}
}

func (p *parser) vlanHeader(l cfgtree.ScanLine, f []string) {
	if len(f) != 1 || f[0][0] < '0' || f[0][0] > '9' {
		return // "vlan internal order ...", "vlan access-map"
	}
	set, err := model.ParseVLANList(f[0])
	if err != nil {
		p.unread(l, model.Setting{Kind: model.OnVLAN}, "%v", err)
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
	p.on = model.Setting{Kind: model.OnVLAN, VLAN: p.vlans[0].ID}
}

func (p *parser) vlanLine(l cfgtree.ScanLine) {
	f := strings.Fields(l.Text)
	for _, vl := range p.vlans {
		switch {
		case f[0] == "name" && len(f) >= 2:
			vl.Name, vl.NameRef = strings.TrimSpace(strings.TrimPrefix(l.Text, "name")), p.refp(l)
		case l.Text == "state suspend":
			vl.Suspended = p.refp(l)
		case l.Text == "state active":
			vl.Suspended = nil
		case len(f) == 3 && f[0] == "trunk" && f[1] == "group":
			vl.TrunkGroups = append(vl.TrunkGroups, f[2])
			vl.TrunkGroupRefs = append(vl.TrunkGroupRefs, p.ref(l))
		}
	}
}

// snooping reads "[no] ip igmp snooping [vlan N] [querier [address A |
// version N]]"; f starts after "snooping".
func (p *parser) snooping(l cfgtree.ScanLine, neg bool, f []string) {
	s := &p.dev.Snooping
	on := model.Setting{Kind: model.OnSnooping}
	q := &s.Querier
	var vs *model.VLANSnooping
	if len(f) >= 1 && f[0] == "vlan" {
		if len(f) < 2 {
			p.unread(l, on, `"ip igmp snooping vlan" without a VLAN`)
			return
		}
		v, err := strconv.Atoi(f[1])
		if err != nil || v < 1 || v > model.MaxVLAN {
			p.unread(l, on, "%q is not a VLAN ID 1-%d", f[1], model.MaxVLAN)
			return
		}
		vs = s.VLANs[v]
		if vs == nil {
			vs = &model.VLANSnooping{}
			s.VLANs[v] = vs
		}
		q, f = &vs.Querier, f[2:]
	}
	switch {
	case len(f) == 0 && vs != nil:
		if neg {
			vs.Disabled, vs.Enabled = p.refp(l), nil
		} else {
			vs.Disabled, vs.Enabled = nil, p.refp(l)
		}
	case len(f) == 0:
		if neg {
			s.Disabled, s.Enabled = p.refp(l), nil
		} else {
			s.Disabled, s.Enabled = nil, p.refp(l)
		}
	case f[0] != "querier":
		// fast-leave, robustness-variable, proxy, report-flooding: they
		// do not decide whether the VLAN is snooped or has a querier.
	case len(f) == 1:
		if neg {
			q.Enabled, q.Disabled = nil, p.refp(l)
		} else {
			q.Enabled, q.Disabled = p.refp(l), nil
		}
	case f[1] == "address":
		if neg {
			q.Address, q.AddressRef = netip.Addr{}, nil
			return
		}
		a, err := netip.ParseAddr(strings.Join(f[2:], ""))
		if len(f) != 3 || err != nil || !a.Is4() {
			p.unread(l, on, "querier address %q is not an IPv4 address", strings.Join(f[2:], " "))
			return
		}
		q.Address, q.AddressRef = a, p.refp(l)
	case f[1] == "version":
		if neg {
			q.Version, q.VersionRef = 0, nil
			return
		}
		v, err := strconv.Atoi(strings.Join(f[2:], ""))
		if len(f) != 3 || err != nil || v < 1 || v > 3 {
			p.unread(l, on, "querier version %q is not 1, 2 or 3", strings.Join(f[2:], " "))
			return
		}
		q.Version, q.VersionRef = v, p.refp(l)
	}
}

func (p *parser) interfaceHeader(l cfgtree.ScanLine, f []string) {
	if len(f) == 0 {
		p.unread(l, model.Setting{Kind: model.OnInterface}, "interface without a name")
		return
	}
	name := CanonicalInterface(strings.Join(f, ""))
	ifc := p.dev.Interface(name)
	if ifc == nil {
		ifc = p.dev.AddInterface(&model.Interface{Name: name, Ref: p.ref(l), AccessVLAN: 1, NativeVLAN: 1, Allowed: model.AllVLANs()})
		switch typ := types.TypeOf(name); typ {
		case "Vlan":
			n, err := strconv.Atoi(strings.TrimPrefix(name, "Vlan"))
			if err != nil || n < 1 || n > model.MaxVLAN {
				p.unread(l, model.Setting{Kind: model.OnInterface, Name: name}, "SVI %q does not name a VLAN 1-%d", name, model.MaxVLAN)
			} else {
				ifc.SVI, ifc.Routed = n, true
			}
		case "Ethernet", "Port-Channel":
		default:
			ifc.Routed = true // Management, Loopback, Vxlan, Tunnel: never switched
		}
	}
	p.blk, p.ifc = inInterface, ifc
	p.on = model.Setting{Kind: model.OnInterface, Name: name}
}

// interfaceLine reads one line of the current interface.
func (p *parser) interfaceLine(l cfgtree.ScanLine) {
	ifc := p.ifc
	f := strings.Fields(l.Text)
	bad := func(format string, args ...any) { p.unread(l, p.on, format, args...) }
	switch {
	case f[0] == "description":
		ifc.Description = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l.Raw), "description"))
	case l.Text == "shutdown":
		ifc.Shutdown, ifc.ShutdownRef = true, p.refp(l)
	case l.Text == "no shutdown":
		ifc.Shutdown, ifc.ShutdownRef = false, p.refp(l)
	case l.Text == "switchport":
		// Ethernet and Port-Channel interfaces switch by default.
	case l.Text == "no switchport":
		if ifc.SVI == 0 {
			ifc.Routed, ifc.RoutedRef = true, p.refp(l)
		}
	case f[0] == "switchport":
		p.switchport(l, f[1:])
	case f[0] == "channel-group":
		if len(f) < 2 {
			bad("channel-group without a number")
			return
		}
		if n, err := strconv.Atoi(f[1]); err != nil || n < 1 {
			bad("channel-group %q is not a port-channel number", f[1])
			return
		}
		ifc.Bundle, ifc.BundleRef = "Port-Channel"+f[1], p.refp(l)
	case f[0] == "storm-control" && len(f) >= 3 && (f[1] == "multicast" || f[1] == "all") && f[2] == "level":
		p.stormControl(l, f[3:])
	case l.Text == "pim ipv4 sparse-mode" || l.Text == "ip pim sparse-mode":
		ifc.PIM, ifc.PIMRef = "sparse-mode", p.refp(l)
	case l.Text == "ip igmp":
		ifc.IGMPEnabled = p.refp(l)
	case len(f) == 4 && f[0] == "ip" && f[1] == "igmp" && f[2] == "version":
		v, err := strconv.Atoi(f[3])
		if err != nil || v < 1 || v > 3 {
			bad("IGMP version %q is not 1, 2 or 3", f[3])
			return
		}
		ifc.IGMPVer, ifc.IGMPVerRef = v, p.refp(l)
	case len(f) >= 3 && f[0] == "ip" && f[1] == "address" && f[2] != "virtual":
		pfx, err := netip.ParsePrefix(f[2])
		if err != nil || !pfx.Addr().Is4() {
			bad("want \"ip address A.B.C.D/LEN\"")
			return
		}
		ifc.IPv4 = append(ifc.IPv4, pfx)
		if ifc.IPv4Ref == nil {
			ifc.IPv4Ref = p.refp(l)
		}
	case len(f) >= 2 && f[0] == "ip" && f[1] == "access-group":
		if len(f) != 4 || (f[3] != "in" && f[3] != "out") {
			bad("want \"ip access-group NAME in|out\"")
			return
		}
		p.groups[ifc] = append(p.groups[ifc], group{name: f[2], dir: f[3], ref: p.ref(l)})
	}
}

// switchport reads "switchport ..."; f starts after "switchport".
func (p *parser) switchport(l cfgtree.ScanLine, f []string) {
	ifc := p.ifc
	bad := func(format string, args ...any) { p.unread(l, p.on, format, args...) }
	switch {
	case f[0] == "mode" && len(f) >= 2:
		ifc.ModeRef = p.refp(l)
		switch f[1] {
		case "access":
			ifc.Mode = model.ModeAccess
		case "trunk":
			ifc.Mode = model.ModeTrunk
		default:
			ifc.Mode = model.ModeDefault // dot1q-tunnel, routed: not what the cluster needs
		}
	case f[0] == "access" && len(f) == 3 && f[1] == "vlan":
		v, err := strconv.Atoi(f[2])
		if err != nil || v < 1 || v > model.MaxVLAN {
			bad("access VLAN %q is not a VLAN ID 1-%d", f[2], model.MaxVLAN)
			return
		}
		ifc.AccessVLAN, ifc.AccessRef = v, p.refp(l)
	case len(f) == 4 && f[0] == "trunk" && f[1] == "native" && f[2] == "vlan":
		if v, err := strconv.Atoi(f[3]); err == nil {
			ifc.NativeVLAN = v
		}
	case len(f) >= 3 && f[0] == "trunk" && f[1] == "allowed" && f[2] == "vlan":
		next, err := allowed(ifc.Allowed, f[3:])
		if err != nil {
			bad("allowed VLAN list: %v", err)
			return
		}
		ifc.Allowed = next
		ifc.AllowedRefs = append(ifc.AllowedRefs, p.ref(l))
	case len(f) == 3 && f[0] == "trunk" && f[1] == "group":
		ifc.TrunkGroups = append(ifc.TrunkGroups, f[2])
		ifc.TrunkGroupRefs = append(ifc.TrunkGroupRefs, p.ref(l))
	}
}

// allowed applies the words after "switchport trunk allowed vlan".
func allowed(s model.VLANSet, f []string) (model.VLANSet, error) {
	if len(f) == 0 {
		return s, errors.New("no VLAN list")
	}
	list := func(w []string) (model.VLANSet, error) {
		if len(w) == 0 {
			return model.VLANSet{}, fmt.Errorf("%q without a VLAN list", f[0])
		}
		return model.ParseVLANList(strings.Join(w, ""))
	}
	switch f[0] {
	case "all":
		return model.AllVLANs(), nil
	case "none":
		return model.VLANSet{}, nil
	case "add", "remove", "except":
		v, err := list(f[1:])
		if err != nil {
			return s, err
		}
		switch f[0] {
		case "add":
			s.AddSet(v)
		case "remove":
			s.RemoveSet(v)
		default:
			s = model.AllVLANs()
			s.RemoveSet(v)
		}
		return s, nil
	}
	return list(f)
}

// stormControl reads what follows "storm-control multicast|all level":
// a percentage of the link, or "pps N".
func (p *parser) stormControl(l cfgtree.ScanLine, f []string) {
	sc := &model.StormControl{Level: strings.Join(f, " "), Ref: p.ref(l), Percent: -1}
	switch {
	case len(f) == 2 && f[0] == "pps":
	case len(f) == 1:
		pct, err := strconv.ParseFloat(f[0], 64)
		if err != nil || !(pct >= 0 && pct <= 100) {
			p.unread(l, p.on, "storm-control level %q is not a percentage", f[0])
			return
		}
		sc.Percent = pct
	default:
		p.unread(l, p.on, `want "storm-control multicast level [pps] N"`)
		return
	}
	if old := p.ifc.StormMulticast; old == nil || strings.Contains(l.Text, "multicast") {
		p.ifc.StormMulticast = sc // the multicast level beats the "all" level
	}
}

func (p *parser) aclHeader(l cfgtree.ScanLine, f []string) {
	standard := false
	if f[0] == "standard" {
		standard, f = true, f[1:]
	}
	if len(f) != 1 {
		return // "ip access-list logging ...", payload ACLs
	}
	acl := p.dev.ACLs[f[0]]
	if acl == nil {
		acl = &model.ACL{Name: f[0], Standard: standard, Ref: p.ref(l)}
		p.dev.ACLs[f[0]] = acl
	}
	p.blk, p.acl = inACL, acl
	p.on = model.Setting{Kind: model.OnACL, Name: f[0]}
}

// aclLine reads one entry; an entry it cannot read is kept as unparsed,
// for acl-unparsed to report where it matters.
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
	switch f[0] {
	case "remark", "counters", "statistics", "no":
		return
	}
	e := &model.ACE{Seq: seq, Ref: p.ref(l)}
	if err := ace.Parse(e, f, p.acl.Standard, entries); err != nil {
		e.Unparsed = err.Error()
	}
	p.addACE(e)
}

// addACE puts e in sequence order; an entry without a number goes last.
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

// settle finishes the block that ends: an interface's ACL bindings and
// mode, once it is known whether it switches.
func (p *parser) settle() {
	if p.blk != inInterface || p.ifc == nil {
		return
	}
	ifc := p.ifc
	if ifc.IsL2() && ifc.ModeRef == nil {
		ifc.Mode = model.ModeAccess // EOS's default switchport mode
	}
	ifc.PortACLIn, ifc.PortACLOut, ifc.RouterACLIn, ifc.RouterACLOut = nil, nil, nil, nil
	for _, g := range p.groups[ifc] {
		b := &model.ACLBinding{ACL: g.name, Ref: g.ref}
		switch {
		case ifc.IsL2() && g.dir == "in":
			ifc.PortACLIn = b
		case ifc.IsL2():
			ifc.PortACLOut = b
		case g.dir == "in":
			ifc.RouterACLIn = b
		default:
			ifc.RouterACLOut = b
		}
	}
	p.ifc = nil
}

// aceParse reads an entry as the parser does.
func aceParse(e *model.ACE, f []string, standard bool) error {
	return ace.Parse(e, f, standard, entries)
}
