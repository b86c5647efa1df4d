package juniper

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// ErrNotConfig marks input that is not a Junos configuration.
var ErrNotConfig = errors.New("not a usable Junos configuration")

// parser reads statements into the model. Junos names VLANs, and a
// statement may name one before the statement that numbers it, so the
// VLANs are read first and every other statement after.
type parser struct {
	dev  *model.Device
	file string

	vlans       map[string]*vlanDef // by name
	ports       map[string]*port    // by canonical name
	ranges      map[string][]string // interface-range name → members
	filters     map[filterKey]*filter
	filterOrder []filterKey
	prefixLists map[string][]netip.Prefix
	storm       map[string]*stormProfile

	igmp, pim   []ifaceProto
	legacy, els *model.Ref
}

type vlanDef struct {
	name string
	ids  []int
	ref  model.Ref
	l3   string // "irb.100"
}

// port is what the statements have said of an interface, settled at the
// end: its family decides whether it switches.
type port struct {
	ifc     *model.Interface
	l2      *model.Ref // family ethernet-switching
	inet    *model.Ref // family inet
	mode    string     // "access", "trunk"
	members []member
	filters []binding
	storm   *binding
}

type member struct {
	word string
	ref  model.Ref
}

type binding struct {
	name, dir, family string
	ref               model.Ref
}

type filterKey struct{ family, name string }

type filter struct {
	name, family string
	ref          model.Ref
	terms        []*term
}

type term struct {
	name string
	ref  model.Ref
	from []cond
	then []cond
}

type cond struct {
	key, value string
	ref        model.Ref
}

type stormProfile struct {
	all, noMulticast, noRegistered, noUnregistered bool
	level                                          string
	percent                                        float64
}

// ifaceProto is "protocols igmp|pim interface X ...".
type ifaceProto struct {
	iface string // canonical, or "all"
	rest  []string
	ref   model.Ref
}

// ParseConfig reads a Junos configuration, in the curly form or as "set"
// lines, into dev. A statement it cannot read is recorded as unparsed and
// the parse goes on.
func ParseConfig(dev *model.Device, file string, text []byte) error {
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		return fmt.Errorf("%s: file is empty: %w", file, ErrNotConfig)
	case bytes.IndexByte(text[:min(len(text), 8192)], 0) >= 0:
		return fmt.Errorf("%s: binary data, not a text configuration: %w", file, ErrNotConfig)
	}
	c := statements(file, string(text))
	var active []stmt
	for _, s := range c.stmts {
		if !s.inactive {
			active = append(active, s)
		}
	}
	if len(active) == 0 {
		return fmt.Errorf("%s: no Junos configuration statement in it: %w", file, ErrNotConfig)
	}
	if len(c.bad) > len(c.stmts) {
		return fmt.Errorf("%s: %d lines are not Junos statements, %d are (line %d: %s): %w",
			file, len(c.bad), len(c.stmts), c.bad[0].Ref.Line, c.bad[0].Why, ErrNotConfig)
	}
	for _, b := range c.bad {
		dev.Unread(b.Ref, b.Why, model.Setting{})
	}
	p := &parser{
		dev: dev, file: file,
		vlans: map[string]*vlanDef{}, ports: map[string]*port{}, ranges: map[string][]string{},
		filters: map[filterKey]*filter{}, prefixLists: map[string][]netip.Prefix{}, storm: map[string]*stormProfile{},
	}
	active = p.expandGroups(active)
	active = p.expandRanges(active)
	for _, s := range active {
		if len(s.words) >= 2 && s.words[0] == "vlans" {
			p.vlanStmt(s)
		}
	}
	p.defineVLANs()
	for _, s := range active {
		p.stmt(s)
	}
	p.settle()
	dev.Defaults = defaults(p.legacy, p.els)
	return nil
}

func (p *parser) unread(s stmt, on model.Setting, format string, args ...any) {
	p.dev.Unread(s.ref, fmt.Sprintf(format, args...), on)
}

func refp(s stmt) *model.Ref {
	r := s.ref
	return &r
}

// sawLegacy and sawELS note the first statement only one style has.
func (p *parser) sawLegacy(s stmt) { p.legacy = earliest(p.legacy, s) }

func (p *parser) sawELS(s stmt) { p.els = earliest(p.els, s) }

func earliest(r *model.Ref, s stmt) *model.Ref {
	if r == nil || s.ref.Line < r.Line {
		return refp(s)
	}
	return r
}

// expandGroups puts what "apply-groups G" inherits in place: the
// statements of "groups G" under the path the apply-groups stands at,
// before the configuration's own, which take precedence over them. A
// group's wildcard path ("interfaces <ge-*>") is not followed: the
// statement is reported unread. Configuration collected with "display
// inheritance" has its groups expanded already; this reads a saved file
// that does not.
func (p *parser) expandGroups(in []stmt) []stmt {
	if !slices.ContainsFunc(in, func(s stmt) bool { return s.words[0] == "groups" || slices.Contains(s.words, "apply-groups") }) {
		return in
	}
	groups := map[string][]stmt{}
	var own []stmt
	for _, s := range in {
		if len(s.words) >= 3 && s.words[0] == "groups" {
			groups[s.words[1]] = append(groups[s.words[1]], stmt{words: s.words[2:], ref: s.ref})
			continue
		}
		own = append(own, s)
	}
	var inherited []stmt
	for _, s := range own {
		n := len(s.words)
		if n < 2 || s.words[n-2] != "apply-groups" {
			continue
		}
		prefix := s.words[:n-2]
		g, ok := groups[s.words[n-1]]
		if !ok {
			p.unread(s, model.Setting{}, "group %q is not defined", s.words[n-1])
			continue
		}
		for _, gs := range g {
			if len(gs.words) < len(prefix) || !slices.Equal(gs.words[:len(prefix)], prefix) {
				continue
			}
			if slices.ContainsFunc(gs.words, func(w string) bool { return strings.HasPrefix(w, "<") }) {
				p.unread(gs, settingOf(gs.words), "a group's wildcard path is not read: collect with \"display inheritance\"")
				continue
			}
			inherited = append(inherited, gs)
		}
	}
	return append(inherited, own...)
}

// settingOf is what a statement configures, as far as verdicts go.
func settingOf(w []string) model.Setting {
	switch {
	case len(w) >= 2 && w[0] == "interfaces":
		return model.Setting{Kind: model.OnInterface, Name: CanonicalInterface(w[1])}
	case len(w) >= 2 && w[0] == "protocols" && w[1] == "igmp-snooping":
		return model.Setting{Kind: model.OnSnooping}
	case len(w) >= 1 && w[0] == "vlans":
		return model.Setting{Kind: model.OnVLAN}
	}
	return model.Setting{}
}

// expandRanges replaces "interfaces interface-range R ..." statements by
// the same statements for each member of R.
func (p *parser) expandRanges(in []stmt) []stmt {
	if !slices.ContainsFunc(in, func(s stmt) bool { return len(s.words) >= 2 && s.words[1] == "interface-range" }) {
		return in
	}
	for _, s := range in {
		w := s.words
		if len(w) < 4 || w[0] != "interfaces" || w[1] != "interface-range" {
			continue
		}
		r := w[2]
		switch {
		case w[3] == "member" && len(w) == 5:
			if strings.ContainsAny(w[4], "*[]") {
				p.unread(s, model.Setting{Kind: model.OnInterface}, "member pattern %q is not read: name the ports", w[4])
				continue
			}
			p.ranges[r] = append(p.ranges[r], CanonicalInterface(w[4]))
		case w[3] == "member-range" && len(w) == 7 && w[5] == "to":
			names, err := memberRange(w[4], w[6])
			if err != nil {
				p.unread(s, model.Setting{Kind: model.OnInterface}, "%v", err)
				continue
			}
			p.ranges[r] = append(p.ranges[r], names...)
		}
	}
	out := make([]stmt, 0, len(in))
	for _, s := range in {
		w := s.words
		if len(w) < 4 || w[0] != "interfaces" || w[1] != "interface-range" {
			out = append(out, s)
			continue
		}
		if w[3] == "member" || w[3] == "member-range" {
			continue
		}
		for _, m := range p.ranges[w[2]] {
			out = append(out, stmt{words: append([]string{"interfaces", m}, w[3:]...), ref: s.ref})
		}
	}
	return out
}

var portNumber = regexp.MustCompile(`^(.*/)([0-9]+)$`)

// memberRange lists the ports from a to b, which differ in their last
// number only ("ge-0/0/0 to ge-0/0/23").
func memberRange(a, b string) ([]string, error) {
	ma, mb := portNumber.FindStringSubmatch(a), portNumber.FindStringSubmatch(b)
	if ma == nil || mb == nil || ma[1] != mb[1] {
		return nil, fmt.Errorf("member-range %s to %s: want two ports that differ in their last number", a, b)
	}
	lo, _ := strconv.Atoi(ma[2])
	hi, _ := strconv.Atoi(mb[2])
	if lo > hi || hi-lo > 4096 {
		return nil, fmt.Errorf("member-range %s to %s: not an ascending range of ports", a, b)
	}
	var out []string
	for n := lo; n <= hi; n++ {
		out = append(out, CanonicalInterface(ma[1]+strconv.Itoa(n)))
	}
	return out, nil
}

// vlanStmt reads "vlans NAME ...": the definitions, read before the rest.
func (p *parser) vlanStmt(s stmt) {
	w := s.words
	name := w[1]
	d := p.vlans[name]
	if d == nil {
		d = &vlanDef{name: name, ref: s.ref}
		p.vlans[name] = d
	}
	on := model.Setting{Kind: model.OnVLAN}
	if len(w) < 4 {
		return
	}
	switch w[2] {
	case "vlan-id":
		if w[3] == "none" {
			return
		}
		id, err := strconv.Atoi(w[3])
		if err != nil || id < 1 || id > model.MaxVLAN {
			p.unread(s, on, "vlan-id %q is not a VLAN ID 1-%d", w[3], model.MaxVLAN)
			return
		}
		d.ids, d.ref = append(d.ids, id), s.ref
	case "vlan-id-list":
		set, err := model.ParseVLANList(w[3])
		if err != nil {
			p.unread(s, on, "vlan-id-list: %v", err)
			return
		}
		for v := range set.All() {
			d.ids = append(d.ids, v)
		}
		d.ref = s.ref
	case "l3-interface":
		d.l3 = CanonicalInterface(w[3])
		if strings.HasPrefix(d.l3, "vlan.") {
			p.sawLegacy(s)
		} else {
			p.sawELS(s)
		}
	}
}

// defineVLANs puts the named VLANs into the model.
func (p *parser) defineVLANs() {
	names := make([]string, 0, len(p.vlans))
	for n := range p.vlans {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		d := p.vlans[n]
		if d.name == "default" && len(d.ids) == 0 {
			d.ids = []int{1} // ELS numbers its VLAN "default" 1 without saying so
		}
		for _, id := range d.ids {
			if p.dev.VLANs[id] == nil {
				r := d.ref
				p.dev.VLANs[id] = &model.VLAN{ID: id, Name: d.name, Ref: d.ref, NameRef: &r}
			}
		}
	}
	if _, ok := p.vlans["default"]; !ok {
		p.vlans["default"] = &vlanDef{name: "default", ids: []int{1}}
	}
}

// vlanIDs resolves a VLAN as statements name it: its name, a number, or
// a range of numbers.
func (p *parser) vlanIDs(word string) ([]int, bool) {
	if d := p.vlans[word]; d != nil {
		return d.ids, true
	}
	set, err := model.ParseVLANList(word)
	if err != nil {
		return nil, false
	}
	var out []int
	for v := range set.All() {
		out = append(out, v)
	}
	return out, true
}

func (p *parser) stmt(s stmt) {
	w := s.words
	switch w[0] {
	case "system":
		if len(w) == 3 && w[1] == "host-name" {
			p.dev.Hostname, p.dev.HostnameRef = w[2], refp(s)
		}
	case "vlans":
		if len(w) >= 2 {
			p.vlanSetting(s)
		}
	case "interfaces":
		if len(w) >= 3 {
			p.interfaceStmt(s)
		}
	case "protocols":
		if len(w) >= 3 {
			p.protocolStmt(s)
		}
	case "firewall":
		p.firewallStmt(s)
	case "policy-options":
		if len(w) == 4 && w[1] == "prefix-list" {
			if pfx, ok := parsePrefix(w[3]); ok {
				p.prefixLists[w[2]] = append(p.prefixLists[w[2]], pfx)
			}
		}
	case "forwarding-options":
		if len(w) >= 4 && w[1] == "storm-control-profiles" {
			p.stormStmt(s)
		}
	case "ethernet-switching-options":
		p.sawLegacy(s)
	}
}

// vlanSetting reads what a VLAN statement binds: its filters, and (legacy)
// its member interfaces.
func (p *parser) vlanSetting(s stmt) {
	w := s.words
	d := p.vlans[w[1]]
	vl := func() *model.VLAN {
		if len(d.ids) != 1 {
			return nil
		}
		return p.dev.VLANs[d.ids[0]]
	}
	on := model.Setting{Kind: model.OnVLAN}
	if len(d.ids) > 0 {
		on.VLAN = d.ids[0]
	}
	if len(w) < 3 {
		return
	}
	switch {
	case w[2] == "forwarding-options" || w[2] == "filter":
		f := w[2:]
		if f[0] == "forwarding-options" {
			if len(f) < 2 || f[1] != "filter" {
				return
			}
			p.sawELS(s)
			f = f[1:]
		} else {
			p.sawLegacy(s)
		}
		// f: filter input|output NAME
		if len(f) != 3 || (f[1] != "input" && f[1] != "output") {
			p.unread(s, on, `want "filter input|output NAME"`)
			return
		}
		for _, id := range d.ids {
			if v := p.dev.VLANs[id]; v != nil {
				b := &model.ACLBinding{ACL: f[2], Ref: s.ref}
				if f[1] == "input" {
					v.ACLIn = b
				} else {
					v.ACLOut = b
				}
			}
		}
	case len(w) == 4 && w[2] == "interface":
		p.sawLegacy(s)
		pt := p.port(s, CanonicalInterface(w[3]))
		pt.members = append(pt.members, member{word: w[1], ref: s.ref})
		if pt.l2 == nil {
			pt.l2 = refp(s)
		}
	case len(w) >= 4 && w[2] == "vxlan" && w[3] == "vni" && len(w) == 5:
		if v := vl(); v != nil {
			if n, err := strconv.Atoi(w[4]); err == nil {
				v.Segment, v.SegmentRef = n, refp(s)
			}
		}
	}
}

// port returns the state of an interface, adding it to the model.
func (p *parser) port(s stmt, name string) *port {
	if pt := p.ports[name]; pt != nil {
		return pt
	}
	ifc := p.dev.AddInterface(&model.Interface{Name: name, Ref: s.ref, AccessVLAN: 1})
	pt := &port{ifc: ifc}
	p.ports[name] = pt
	return pt
}

// interfaceStmt reads "interfaces IF ...". A logical unit 0 is the
// interface itself; an irb or vlan unit is an interface of its own
// (irb.100); another unit of a port is named with its number.
func (p *parser) interfaceStmt(s stmt) {
	w := s.words
	phys := strings.ToLower(w[1])
	if phys == "interface-range" {
		return // expanded before; what is left names no member
	}
	rest := w[2:]
	name := phys
	if len(rest) >= 2 && rest[0] == "unit" {
		name = CanonicalInterface(phys + "." + rest[1])
		rest = rest[2:]
	}
	on := model.Setting{Kind: model.OnInterface, Name: name}
	if len(rest) == 0 {
		p.port(s, name)
		return
	}
	pt := p.port(s, name)
	ifc := pt.ifc
	switch rest[0] {
	case "description":
		if len(rest) == 2 {
			ifc.Description = rest[1]
		}
	case "disable":
		ifc.Shutdown, ifc.ShutdownRef = true, refp(s)
	case "ether-options", "gigether-options":
		if len(rest) >= 3 && rest[1] == "802.3ad" {
			ae := rest[2]
			if ae == "bundle" && len(rest) >= 4 {
				ae = rest[3]
			}
			if !strings.HasPrefix(ae, "ae") {
				p.unread(s, on, "802.3ad %q is not an aggregated interface (aeN)", ae)
				return
			}
			ifc.Bundle, ifc.BundleRef = CanonicalInterface(ae), refp(s)
		}
	case "native-vlan-id":
		p.nativeVLAN(s, pt, rest, on)
	case "family":
		if len(rest) >= 2 {
			p.familyStmt(s, pt, rest[1], rest[2:], on)
		}
	}
}

func (p *parser) nativeVLAN(s stmt, pt *port, rest []string, on model.Setting) {
	if len(rest) != 2 {
		p.unread(s, on, `want "native-vlan-id N"`)
		return
	}
	ids, ok := p.vlanIDs(rest[1])
	if !ok || len(ids) != 1 {
		p.unread(s, on, "native-vlan-id %q is not one VLAN", rest[1])
		return
	}
	pt.ifc.NativeVLAN = ids[0]
}

func (p *parser) familyStmt(s stmt, pt *port, family string, rest []string, on model.Setting) {
	ifc := pt.ifc
	switch family {
	case "ethernet-switching":
		if pt.l2 == nil {
			pt.l2 = refp(s)
		}
		if len(rest) == 0 {
			return
		}
		switch rest[0] {
		case "interface-mode", "port-mode":
			if rest[0] == "port-mode" {
				p.sawLegacy(s)
			} else {
				p.sawELS(s)
			}
			if len(rest) != 2 || (rest[1] != "access" && rest[1] != "trunk") {
				p.unread(s, on, "want %q access or trunk", rest[0])
				return
			}
			pt.mode, ifc.ModeRef = rest[1], refp(s)
		case "vlan":
			if len(rest) == 3 && rest[1] == "members" {
				pt.members = append(pt.members, member{word: rest[2], ref: s.ref})
			}
		case "native-vlan-id":
			p.nativeVLAN(s, pt, rest, on)
		case "filter":
			if len(rest) != 3 || (rest[1] != "input" && rest[1] != "output") {
				p.unread(s, on, `want "filter input|output NAME"`)
				return
			}
			pt.filters = append(pt.filters, binding{name: rest[2], dir: rest[1], family: "ethernet-switching", ref: s.ref})
		case "storm-control":
			if len(rest) == 2 {
				pt.storm = &binding{name: rest[1], ref: s.ref}
			}
		}
	case "inet":
		if pt.inet == nil {
			pt.inet = refp(s)
		}
		if len(rest) < 2 {
			return
		}
		switch rest[0] {
		case "address":
			pfx, err := netip.ParsePrefix(rest[1])
			if err != nil || !pfx.Addr().Is4() {
				p.unread(s, on, "address %q is not A.B.C.D/LEN", rest[1])
				return
			}
			ifc.IPv4 = append(ifc.IPv4, pfx)
			if ifc.IPv4Ref == nil {
				ifc.IPv4Ref = refp(s)
			}
		case "filter":
			if len(rest) != 3 || (rest[1] != "input" && rest[1] != "output") {
				p.unread(s, on, `want "filter input|output NAME"`)
				return
			}
			pt.filters = append(pt.filters, binding{name: rest[2], dir: rest[1], family: "inet", ref: s.ref})
		}
	}
}

// protocolStmt reads IGMP snooping, and IGMP and PIM on layer-3
// interfaces (the querier of a VLAN without a snooping querier).
func (p *parser) protocolStmt(s stmt) {
	w := s.words
	switch w[1] {
	case "igmp-snooping":
		if len(w) >= 4 && w[2] == "vlan" {
			p.snoopingStmt(s, w[3], w[4:])
		}
	case "igmp", "pim":
		if len(w) >= 4 && w[2] == "interface" {
			ip := ifaceProto{iface: CanonicalInterface(w[3]), rest: w[4:], ref: s.ref}
			if w[3] == "all" {
				ip.iface = "all"
			}
			if w[1] == "igmp" {
				p.igmp = append(p.igmp, ip)
			} else {
				p.pim = append(p.pim, ip)
			}
		}
	}
}

func (p *parser) snoopingStmt(s stmt, vlan string, rest []string) {
	sn := &p.dev.Snooping
	var targets []*model.VLANSnooping
	var q *model.Querier
	on := model.Setting{Kind: model.OnSnooping}
	if vlan == "all" {
		q = &sn.Querier
	} else {
		ids, ok := p.vlanIDs(vlan)
		if !ok {
			p.unread(s, on, "VLAN %q is not defined under vlans", vlan)
			return
		}
		for _, id := range ids {
			targets = append(targets, p.dev.VLANSnoopingFor(id))
		}
		if len(ids) > 0 {
			on.VLAN = ids[0]
		}
	}
	switch {
	case len(rest) == 0:
		if vlan == "all" {
			sn.Enabled = refp(s)
		}
		for _, t := range targets {
			t.Enabled = refp(s)
		}
	case rest[0] == "disable":
		if vlan == "all" {
			sn.Disabled = refp(s)
		}
		for _, t := range targets {
			t.Disabled = refp(s)
		}
	case rest[0] == "l2-querier":
		p.sawELS(s)
		if len(rest) != 3 || rest[1] != "source-address" {
			p.unread(s, on, `want "l2-querier source-address A.B.C.D": the querier needs an address to query from`)
			return
		}
		a, err := netip.ParseAddr(rest[2])
		if err != nil || !a.Is4() {
			p.unread(s, on, "l2-querier source-address %q is not an IPv4 address", rest[2])
			return
		}
		qs := []*model.Querier{}
		if q != nil {
			qs = append(qs, q)
		}
		for _, t := range targets {
			qs = append(qs, &t.Querier)
		}
		for _, q := range qs {
			q.Enabled, q.Address, q.AddressRef = refp(s), a, refp(s)
		}
		p.named(s, vlan == "all", targets)
	default:
		// The VLAN is named, so snooping runs on it; the knob itself
		// (immediate-leave, query-interval, interface ...) decides nothing
		// the audit judges.
		p.named(s, vlan == "all", targets)
	}
}

// named notes that a statement names VLANs under igmp-snooping, which
// snoops them.
func (p *parser) named(s stmt, all bool, targets []*model.VLANSnooping) {
	if all && p.dev.Snooping.Enabled == nil {
		p.dev.Snooping.Enabled = refp(s)
	}
	for _, t := range targets {
		if t.Enabled == nil {
			t.Enabled = refp(s)
		}
	}
}

// firewallStmt reads "firewall [family F] filter NAME term T from|then
// ...", and "policy-options prefix-list" for the addresses terms name.
func (p *parser) firewallStmt(s stmt) {
	w := s.words[1:]
	family := "inet"
	if len(w) >= 2 && w[0] == "family" {
		family, w = w[1], w[2:]
	}
	if len(w) < 2 || w[0] != "filter" {
		return
	}
	if family != "ethernet-switching" && family != "inet" {
		return
	}
	k := filterKey{family, w[1]}
	f := p.filters[k]
	if f == nil {
		f = &filter{name: w[1], family: family, ref: s.ref}
		p.filters[k] = f
		p.filterOrder = append(p.filterOrder, k)
	}
	w = w[2:]
	if len(w) < 2 || w[0] != "term" {
		return // interface-specific, accounting-profile ...
	}
	var t *term
	for _, x := range f.terms {
		if x.name == w[1] {
			t = x
		}
	}
	if t == nil {
		t = &term{name: w[1], ref: s.ref}
		f.terms = append(f.terms, t)
	}
	w = w[2:]
	if len(w) < 2 {
		return
	}
	c := cond{key: w[1], ref: s.ref}
	if len(w) >= 3 {
		c.value = strings.Join(w[2:], " ")
	}
	switch w[0] {
	case "from":
		t.from = append(t.from, c)
	case "then":
		t.then = append(t.then, c)
	}
}

func (p *parser) stormStmt(s stmt) {
	w := s.words
	sp := p.storm[w[2]]
	if sp == nil {
		sp = &stormProfile{}
		p.storm[w[2]] = sp
	}
	if w[3] != "all" {
		return
	}
	p.sawELS(s)
	sp.all = true
	if len(w) < 5 {
		return
	}
	switch w[4] {
	case "no-multicast":
		sp.noMulticast = true
	case "no-registered-multicast":
		sp.noRegistered = true
	case "no-unregistered-multicast":
		sp.noUnregistered = true
	case "bandwidth-percentage":
		if len(w) == 6 {
			if n, err := strconv.ParseFloat(w[5], 64); err == nil {
				sp.level, sp.percent = "bandwidth-percentage "+w[5], n
			}
		}
	case "bandwidth-level":
		if len(w) == 6 {
			sp.level, sp.percent = "bandwidth-level "+w[5]+" kbps", -1
		}
	}
}

// settle turns what the statements said into the model: each port's mode
// and VLANs, the SVIs, the querier candidates, the filters and their
// bindings, storm control.
func (p *parser) settle() {
	for _, d := range p.vlans {
		if d.l3 == "" || len(d.ids) != 1 {
			continue
		}
		if pt := p.ports[d.l3]; pt != nil {
			pt.ifc.SVI = d.ids[0]
		}
	}
	p.settleFilters()
	for _, ifc := range p.dev.Interfaces {
		if pt := p.ports[ifc.Name]; pt != nil {
			p.settlePort(pt)
		}
	}
	p.settleProtocols()
}

func (p *parser) settlePort(pt *port) {
	ifc := pt.ifc
	base, _, _ := strings.Cut(ifc.Name, ".")
	switch {
	case ifc.SVI != 0:
		ifc.Routed = true
	case base == "irb" || base == "vlan" || base == "lo0" || base == "me0" || base == "em0" || base == "em1" || base == "fxp0" || base == "vme":
		ifc.Routed = true
	case pt.l2 == nil && pt.inet != nil:
		ifc.Routed, ifc.RoutedRef = true, pt.inet
	case pt.l2 == nil && ifc.Bundle == "":
		// No family on the unit: the port neither switches nor routes.
		ifc.Routed = true
	}
	if ifc.IsL2() && ifc.Bundle == "" {
		on := model.Setting{Kind: model.OnInterface, Name: ifc.Name}
		trunk := pt.mode == "trunk"
		var set model.VLANSet // a trunk's members
		access := 0           // an access port's one VLAN
		for _, m := range pt.members {
			ifc.AllowedRefs = append(ifc.AllowedRefs, m.ref)
			if m.word == "all" && trunk {
				set = model.AllVLANs()
				continue
			}
			ids, ok := p.vlanIDs(m.word)
			if !ok {
				p.dev.Unread(m.ref, fmt.Sprintf("VLAN %q is not defined under vlans", m.word), on)
				continue
			}
			if trunk {
				for _, id := range ids {
					set.Add(id)
				}
				continue
			}
			if len(ids) != 1 || access != 0 && access != ids[0] {
				p.dev.Unread(m.ref, "an access port is a member of one VLAN, which Junos would not commit", on)
				continue
			}
			if access == 0 {
				r := m.ref
				access, ifc.AccessRef = ids[0], &r
			}
		}
		if trunk {
			ifc.Mode, ifc.Allowed = model.ModeTrunk, set
		} else {
			// a port of family ethernet-switching is an access port by default
			ifc.Mode, ifc.Allowed = model.ModeAccess, model.AllVLANs()
			if access != 0 {
				ifc.AccessVLAN = access
			}
		}
	}
	for _, b := range pt.filters {
		key := b.name
		if b.family == "inet" {
			key = p.inetKey(b.name)
		}
		mb := &model.ACLBinding{ACL: key, Ref: b.ref}
		if b.family == "inet" && ifc.IsL2() {
			// A unit with family ethernet-switching and family inet is
			// one Junos refuses to commit: which of the two it would be
			// is not known, so the filter is an unread line.
			p.dev.Unread(b.ref, "family inet filter on a unit of family ethernet-switching, which Junos would not commit", model.Setting{Kind: model.OnInterface, Name: ifc.Name})
			continue
		}
		switch {
		case b.family == "ethernet-switching" && b.dir == "input":
			ifc.PortACLIn = mb
		case b.family == "ethernet-switching":
			ifc.PortACLOut = mb
		case b.dir == "input":
			ifc.RouterACLIn = mb
		default:
			ifc.RouterACLOut = mb
		}
	}
	if pt.storm != nil {
		sp := p.storm[pt.storm.name]
		switch {
		case sp == nil && pt.storm.name != "default":
			p.dev.Unread(pt.storm.ref, fmt.Sprintf("storm-control profile %q is not defined", pt.storm.name), model.Setting{Kind: model.OnInterface, Name: ifc.Name})
		case sp == nil || (sp.all && !sp.noMulticast && !(sp.noRegistered && sp.noUnregistered)):
			level, pct := "the default level (80% of the bandwidth)", 80.0
			if sp != nil && sp.level != "" {
				level, pct = sp.level, sp.percent
			}
			ifc.StormMulticast = &model.StormControl{Level: "profile " + pt.storm.name + ": " + level, Percent: pct, Ref: pt.storm.ref}
		}
	}
}

// settleProtocols marks the layer-3 interfaces IGMP or PIM runs on.
func (p *parser) settleProtocols() {
	for _, ip := range p.igmp {
		for _, ifc := range p.l3Interfaces(ip.iface) {
			switch {
			case len(ip.rest) >= 1 && ip.rest[0] == "disable":
				ifc.IGMPEnabled = nil
			case len(ip.rest) == 2 && ip.rest[0] == "version":
				if n, err := strconv.Atoi(ip.rest[1]); err == nil && n >= 1 && n <= 3 {
					r := ip.ref
					ifc.IGMPVer, ifc.IGMPVerRef = n, &r
				}
				fallthrough
			default:
				if ifc.IGMPEnabled == nil {
					r := ip.ref
					ifc.IGMPEnabled = &r
				}
			}
		}
	}
	for _, ip := range p.pim {
		for _, ifc := range p.l3Interfaces(ip.iface) {
			if len(ip.rest) >= 1 && ip.rest[0] == "disable" {
				ifc.PIM, ifc.PIMRef = "", nil
				continue
			}
			mode := "sparse-mode"
			if len(ip.rest) == 2 && ip.rest[0] == "mode" {
				mode = map[string]string{"sparse": "sparse-mode", "dense": "dense-mode", "sparse-dense": "sparse-dense-mode"}[ip.rest[1]]
				if mode == "" {
					mode = "sparse-mode"
				}
			}
			r := ip.ref
			ifc.PIM, ifc.PIMRef = mode, &r
		}
	}
}

// l3Interfaces are the interfaces a protocol's "interface X" names: X, or
// every layer-3 interface for "all".
func (p *parser) l3Interfaces(name string) []*model.Interface {
	if name != "all" {
		if pt := p.ports[name]; pt != nil {
			return []*model.Interface{pt.ifc}
		}
		return nil
	}
	var out []*model.Interface
	for _, ifc := range p.dev.Interfaces {
		if ifc.SVI != 0 || (ifc.Routed && len(ifc.IPv4) > 0) {
			out = append(out, ifc)
		}
	}
	return out
}

// inetKey is the name a family inet filter is known by in the model:
// its own, unless an ethernet-switching filter has it.
func (p *parser) inetKey(name string) string {
	if _, clash := p.filters[filterKey{"ethernet-switching", name}]; clash {
		return "inet " + name
	}
	return name
}

// settleFilters turns each filter's terms into entries, in order.
func (p *parser) settleFilters() {
	for _, k := range p.filterOrder {
		f := p.filters[k]
		key := f.name
		if f.family == "inet" {
			key = p.inetKey(f.name)
		}
		acl := &model.ACL{Kind: "filter", Name: key, Ref: f.ref, Named: true}
		for _, t := range f.terms {
			for _, e := range p.termEntries(t) {
				e.Seq = len(acl.Entries) + 1
				acl.Entries = append(acl.Entries, e)
			}
		}
		p.dev.ACLs[key] = acl
	}
}

// protocols are the protocol keywords a Junos filter knows; PGM has none.
var protocols = map[string]int{
	"icmp": 1, "igmp": 2, "ipip": 4, "tcp": 6, "egp": 8, "udp": 17, "rsvp": 46, "gre": 47,
	"esp": 50, "ah": 51, "icmp6": 58, "ospf": 89, "pim": 103, "vrrp": 112, "sctp": 132,
	"hop-by-hop": 0, "ipv6": 41,
}

// noIPv4 marks, while a term is read, a condition no IPv4 packet meets
// (an ARP or IPv6 term); such a term gives no entry.
const noIPv4 = -1

// termEntries turns a term into entries: one for each protocol, source
// and destination it lists, all deciding the same way. A term without a
// terminating action accepts; "next term" decides nothing.
func (p *parser) termEntries(t *term) []*model.ACE {
	base := model.ACE{Name: t.name, Ref: t.ref, Action: model.Permit}
	var why []string
	for _, c := range t.then {
		switch c.key {
		case "accept":
			base.Action, base.Ref = model.Permit, c.ref
		case "discard", "reject":
			base.Action, base.Ref = model.Deny, c.ref
		case "next":
			return nil
		case "count", "policer", "three-color-policer", "loss-priority", "forwarding-class", "log", "syslog",
			"port-mirror", "port-mirror-instance", "analyzer", "sample", "dscp", "traffic-class":
		default:
			why = append(why, "then "+c.key)
		}
	}
	var protos []model.Proto
	var srcs, dsts, either []model.AddrMatch
	for _, c := range t.from {
		if c.value == "except" || strings.HasSuffix(c.value, " except") {
			why = append(why, c.key+" ... except")
			continue
		}
		switch c.key {
		case "protocol", "ip-protocol":
			pr, ok := protoOf(c.value)
			if !ok {
				base.Unparsed = fmt.Sprintf("%s %q is not a protocol number or keyword", c.key, c.value)
				base.Ref = c.ref
				continue
			}
			protos = append(protos, pr)
		case "source-address", "ip-source-address", "destination-address", "ip-destination-address", "address", "ip-address":
			a, ok := addrOf(c.value)
			if !ok {
				base.Unparsed = fmt.Sprintf("%s %q is not an address or prefix", c.key, c.value)
				base.Ref = c.ref
				continue
			}
			switch strings.TrimPrefix(c.key, "ip-") {
			case "source-address":
				srcs = append(srcs, a)
			case "destination-address":
				dsts = append(dsts, a)
			default:
				either = append(either, a)
			}
		case "source-prefix-list", "destination-prefix-list", "prefix-list":
			list, ok := p.prefixLists[c.value]
			if !ok {
				why = append(why, fmt.Sprintf("%s %s, which is not defined", c.key, c.value))
				continue
			}
			var as []model.AddrMatch
			for _, pf := range list {
				as = append(as, model.AddrMatch{Prefix: pf})
			}
			if len(as) == 0 {
				as = append(as, model.AddrMatch{Prefix: netip.PrefixFrom(netip.IPv4Unspecified(), 32)}) // an empty list matches nothing IPv4
			}
			switch c.key {
			case "source-prefix-list":
				srcs = append(srcs, as...)
			case "destination-prefix-list":
				dsts = append(dsts, as...)
			default:
				either = append(either, as...)
			}
		case "ether-type":
			if c.value != "ipv4" && c.value != "0x0800" {
				protos = append(protos, model.Proto{Num: noIPv4})
			}
		case "ip-version":
			if c.value != "ipv4" {
				protos = append(protos, model.Proto{Num: noIPv4})
			}
		case "is-fragment":
			base.Fragments = true
		default:
			if !slices.Contains(why, c.key) {
				why = append(why, c.key)
			}
		}
	}
	if len(why) > 0 {
		base.Condition = strings.Join(why, ", ")
	}
	if slices.ContainsFunc(protos, func(pr model.Proto) bool { return pr.Num == noIPv4 }) {
		return nil // an ARP or IPv6 term: no IPv4 packet reaches its action
	}
	if len(protos) == 0 {
		protos = []model.Proto{{Any: true}}
	}
	any := []model.AddrMatch{{Any: true}}
	or := func(a []model.AddrMatch) []model.AddrMatch {
		if len(a) == 0 {
			return any
		}
		return a
	}
	type pair struct{ src, dst model.AddrMatch }
	var pairs []pair
	for _, s := range or(srcs) {
		for _, d := range or(dsts) {
			pairs = append(pairs, pair{s, d})
		}
	}
	if len(either) > 0 {
		// "address A": the source or the destination is A.
		var out []pair
		for _, pr := range pairs {
			for _, a := range either {
				out = append(out, pair{a, pr.dst}, pair{pr.src, a})
			}
		}
		pairs = out
	}
	var out []*model.ACE
	for _, pr := range protos {
		for _, ad := range pairs {
			e := base
			e.Proto, e.Src, e.Dst = pr, ad.src, ad.dst
			out = append(out, &e)
		}
	}
	return out
}

func protoOf(v string) (model.Proto, bool) {
	if n, ok := protocols[v]; ok {
		return model.Proto{Num: n}, true
	}
	lo, hi, isRange := strings.Cut(v, "-")
	a, err := strconv.Atoi(lo)
	if err != nil || a < 0 || a > 255 {
		return model.Proto{}, false
	}
	if !isRange {
		return model.Proto{Num: a}, true
	}
	b, err := strconv.Atoi(hi)
	if err != nil || b < a || b > 255 {
		return model.Proto{}, false
	}
	if a <= 113 && 113 <= b {
		return model.Proto{Num: 113}, true // the range holds PGM: for the audit, it is PGM
	}
	return model.Proto{Num: a}, true
}

// addrOf reads an address or prefix; an IPv6 one matches no IPv4 packet.
func addrOf(v string) (model.AddrMatch, bool) {
	pf, ok := parsePrefix(v)
	if !ok {
		return model.AddrMatch{}, false
	}
	if pf.Bits() == 0 {
		return model.AddrMatch{Any: true}, true
	}
	return model.AddrMatch{Prefix: pf}, true
}

// parsePrefix reads A.B.C.D/LEN or a lone address (a host). An IPv6
// prefix reads as 0.0.0.0/32, which no sender has.
func parsePrefix(v string) (netip.Prefix, bool) {
	if !strings.Contains(v, "/") {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return netip.Prefix{}, false
		}
		if !a.Is4() {
			return netip.PrefixFrom(netip.IPv4Unspecified(), 32), true
		}
		return netip.PrefixFrom(a, 32), true
	}
	pf, err := netip.ParsePrefix(v)
	if err != nil {
		return netip.Prefix{}, false
	}
	if !pf.Addr().Is4() {
		return netip.PrefixFrom(netip.IPv4Unspecified(), 32), true
	}
	return pf.Masked(), true
}
