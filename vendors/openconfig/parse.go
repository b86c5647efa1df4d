package openconfig

import (
	"bytes"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/jsontree"
	"github.com/mcaudit/mcaudit/model"
)

// SnoopingUnknownOpenConfig is what the parser records in
// model.Device.SnoopingUnknown: OpenConfig has no IGMP snooping or
// snooping-querier model, so a device read only through it says nothing
// about either. It completes "… could not be read".
const SnoopingUnknownOpenConfig = "from gNMI (OpenConfig has no snooping model)"

// Options adapt the parser to a platform.
type Options struct {
	// Canonical spells an interface name the way the platform's other
	// parsers and the inventory do ("eth1/1" → "Ethernet1/1" on NX-OS);
	// nil keeps names as the device sent them.
	Canonical func(name string) string
}

// Parse reads one recorded gNMI document (see Document) of OpenConfig
// JSON_IETF data into dev: VLANs from network-instance "default", ports
// and their switched-vlan settings, LAG membership and IPv4 addresses from
// /interfaces, IPv4 ACLs and their bindings from /acl, and router IGMP
// from the IGMP protocol instance. Whatever part of the tree the document
// holds is read; the rest is left alone, so the documents of one device
// may be parsed one after the other. file is the name evidence cites.
//
// Interfaces must be parsed before the ACL bindings that refer to them,
// which is the order the platforms list their paths in.
//
// Since OpenConfig has no snooping model, Parse records in
// dev.SnoopingUnknown that the snooping state could not be read, unless
// device-native snooping data was parsed before (a vendor parser that
// reads such data afterwards clears it).
func Parse(dev *model.Device, file string, data []byte, opt Options) error {
	t, err := jsontree.Load(file, data)
	if err != nil {
		return err
	}
	// Read from OpenConfig, whatever the vendor: the defaults are the
	// model's, and so are the words for them.
	dev.Defaults.AccessDefault = "no access-vlan in its OpenConfig switched-vlan: the default"
	dev.Defaults.DownDefault = `its OpenConfig config does not say "enabled", and the platform's default is down`
	if dev.RequestRef == nil {
		dev.RequestRef = requestLine(file, data)
	}
	p := &parser{dev: dev, t: t, canon: opt.Canonical}
	if p.canon == nil {
		p.canon = func(s string) string { return s }
	}
	root := t.Root
	if err := p.interfaces(root.Get("interfaces")); err != nil {
		return err
	}
	for _, ni := range defaultInstances(root) {
		if err := p.vlans(ni.Get("vlans")); err != nil {
			return err
		}
	}
	// openconfig-vlan before it moved under network-instance.
	if err := p.vlans(root.Get("vlans")); err != nil {
		return err
	}
	for _, ni := range defaultInstances(root) {
		for _, proto := range ni.Get("protocols").List("protocol") {
			if jsontree.Local(jsontree.KeyLeaf(proto, "identifier").Str()) != "IGMP" {
				continue
			}
			if err := p.igmp(proto.Get("igmp", "interfaces")); err != nil {
				return err
			}
		}
	}
	if err := p.acls(root.Get("acl")); err != nil {
		return err
	}
	p.lldp(root.Get("lldp"))
	if !snoopingKnown(dev) {
		dev.SnoopingUnknown = SnoopingUnknownOpenConfig
	}
	if dev.VLANSource == (model.VLANSource{}) && len(dev.VLANs) == 0 {
		// No VLAN list read yet: which VLANs exist is not known (a later
		// document with the list makes it the authority).
		dev.VLANSource = model.VLANSource{Elsewhere: true, Why: "was read without OpenConfig's VLAN list", Prove: "the gNMI path " + PathVLANs}
	}
	return nil
}

// requestLine is the line of a recorded document that names the path
// asked for, or nil in a document without one.
func requestLine(file string, data []byte) *model.Ref {
	i := bytes.Index(data, []byte(`"path":`))
	if i < 0 {
		return nil
	}
	end := bytes.IndexByte(data[i:], '\n')
	if end < 0 {
		end = len(data) - i
	}
	return &model.Ref{File: file, Line: bytes.Count(data[:i], []byte("\n")) + 1, Text: string(bytes.TrimSpace(data[i : i+end]))}
}

// snoopingKnown reports whether a device-native parser has recorded any
// snooping state.
func snoopingKnown(d *model.Device) bool {
	return d.Snooping.Disabled != nil || len(d.Snooping.VLANs) > 0 ||
		d.Oper.SnoopingGlobal != nil || d.Oper.Snooping != nil || d.Oper.QuerierTableRef != nil
}

type parser struct {
	dev   *model.Device
	t     *jsontree.Tree
	canon func(string) string
}

func (p *parser) ref(n *jsontree.Node) model.Ref   { return p.t.Ref(n.Line) }
func (p *parser) refp(n *jsontree.Node) *model.Ref { return p.t.RefP(n) }

func (p *parser) errorf(n *jsontree.Node, format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", p.t.File, n.Line, fmt.Sprintf(format, args...))
}

// leaf returns config/name, else state/name, under n.
func leaf(n *jsontree.Node, name string) *jsontree.Node {
	if v := n.Get("config", name); v != nil && v.Kind != jsontree.Null {
		return v
	}
	if v := n.Get("state", name); v != nil && v.Kind != jsontree.Null {
		return v
	}
	return nil
}

// defaultInstances returns the default network instance: the one named
// "default" (any case), else one whose type is DEFAULT_INSTANCE.
func defaultInstances(root *jsontree.Node) []*jsontree.Node {
	var out []*jsontree.Node
	for _, ni := range root.Get("network-instances").List("network-instance") {
		name := jsontree.KeyLeaf(ni, "name").Str()
		if strings.EqualFold(name, "default") || jsontree.Local(leaf(ni, "type").Str()) == "DEFAULT_INSTANCE" {
			out = append(out, ni)
		}
	}
	return out
}

// boolOf reads a YANG boolean; ok is false for anything else.
func boolOf(n *jsontree.Node) (v, ok bool) {
	switch strings.ToLower(n.Str()) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// intOf reads an integer sent as a number or as a string (JSON_IETF
// writes 64-bit integers as strings).
func intOf(n *jsontree.Node) (int, bool) {
	if n == nil || (n.Kind != jsontree.Number && n.Kind != jsontree.String) {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Text))
	return v, err == nil
}

func (p *parser) vlanID(n *jsontree.Node, what string) (int, error) {
	v, ok := intOf(n)
	if !ok || v < 1 || v > model.MaxVLAN {
		return 0, p.errorf(n, "%s %q is not a VLAN ID 1-%d", what, n.Str(), model.MaxVLAN)
	}
	return v, nil
}

// vlans reads openconfig-vlan's vlans/vlan list. The list is the
// authority on which VLANs exist.
func (p *parser) vlans(n *jsontree.Node) error {
	if n == nil {
		return nil
	}
	p.dev.VLANSource = model.VLANSource{}
	for _, e := range n.List("vlan") {
		idn := jsontree.KeyLeaf(e, "vlan-id")
		if idn == nil {
			return p.errorf(e, "a VLAN without a vlan-id")
		}
		id, err := p.vlanID(idn, "vlan-id")
		if err != nil {
			return err
		}
		v := p.dev.VLANs[id]
		if v == nil {
			v = &model.VLAN{ID: id, Ref: p.ref(idn)}
			p.dev.VLANs[id] = v
		}
		if nm := leaf(e, "name"); nm.Scalar() {
			v.Name, v.NameRef = nm.Text, p.refp(nm)
		}
		if st := leaf(e, "status"); st.Scalar() && strings.EqualFold(jsontree.Local(st.Text), "SUSPENDED") {
			v.Suspended = p.refp(st)
		}
	}
	return nil
}

var (
	sviName    = regexp.MustCompile(`^(?i)vlan-?\s*(\d+)$`)
	trailingNo = regexp.MustCompile(`(\d+)$`)
)

// iface returns the interface called name (already canonical), creating it
// with the defaults of a switchport and ref as its evidence.
func (p *parser) iface(name string, ref model.Ref) *model.Interface {
	if ifc := p.dev.Interface(name); ifc != nil {
		return ifc
	}
	ifc := &model.Interface{Name: name, Ref: ref, AccessVLAN: 1, NativeVLAN: 1, Allowed: model.AllVLANs()}
	if m := sviName.FindStringSubmatch(name); m != nil {
		if v, err := strconv.Atoi(m[1]); err == nil && v >= 1 && v <= model.MaxVLAN {
			ifc.SVI, ifc.Routed = v, true
		}
	}
	return p.dev.AddInterface(ifc)
}

// interfaces reads openconfig-interfaces with the openconfig-vlan,
// openconfig-if-aggregate and openconfig-if-ip augments.
//
// A port is switched when it has switched-vlan settings or is a LAG
// member; a VLAN interface (named VlanN, or with routed-vlan/config/vlan
// N), a loopback, and a port with IPv4 addresses but no switched-vlan
// settings are routed. A port with neither is taken as a switchport with
// the defaults (access, VLAN 1).
func (p *parser) interfaces(n *jsontree.Node) error {
	if n == nil {
		return nil
	}
	entries := n.List("interface")
	p.dev.ReserveInterfaces(len(entries))
	for _, e := range entries {
		nameN := jsontree.KeyLeaf(e, "name")
		if nameN == nil || nameN.Text == "" {
			return p.errorf(e, "an interface without a name")
		}
		ifc := p.iface(p.canon(nameN.Text), p.ref(nameN))
		if err := p.iface1(ifc, e); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) iface1(ifc *model.Interface, e *jsontree.Node) error {
	if d := leaf(e, "description"); d.Scalar() {
		ifc.Description = d.Text
	}
	if en := e.Get("config", "enabled"); en != nil {
		if on, ok := boolOf(en); ok {
			ifc.Shutdown, ifc.ShutdownRef = !on, p.refp(en)
		}
	} else if st := e.Get("state", "admin-status"); st.Scalar() {
		ifc.Shutdown, ifc.ShutdownRef = strings.EqualFold(st.Text, "DOWN"), p.refp(st)
	} else if en := e.Get("state", "enabled"); en != nil {
		if on, ok := boolOf(en); ok {
			ifc.Shutdown, ifc.ShutdownRef = !on, p.refp(en)
		}
	}
	typ := jsontree.Local(leaf(e, "type").Str())
	if rv := e.Get("routed-vlan"); rv != nil {
		if vn := leaf(rv, "vlan"); vn != nil {
			if v, ok := intOf(vn); ok && v >= 1 && v <= model.MaxVLAN {
				ifc.SVI = v
			} else if m := sviName.FindStringSubmatch(vn.Str()); m != nil {
				ifc.SVI, _ = strconv.Atoi(m[1])
			}
		}
		if err := p.addresses(ifc, rv.Get("ipv4")); err != nil {
			return err
		}
	}
	for _, sub := range e.Get("subinterfaces").List("subinterface") {
		if err := p.addresses(ifc, sub.Get("ipv4")); err != nil {
			return err
		}
	}
	switched := false
	for _, sv := range []*jsontree.Node{e.Get("ethernet", "switched-vlan"), e.Get("aggregation", "switched-vlan")} {
		if sv == nil {
			continue
		}
		switched = true
		if err := p.switchedVLAN(ifc, sv); err != nil {
			return err
		}
	}
	if agg := leaf(e.Get("ethernet"), "aggregate-id"); agg.Scalar() && agg.Text != "" {
		switched = true
		// The aggregate by the name the target gives it: Port-channel10,
		// Port-Channel10, ae10, lag10, Bundle-Ether10 alike.
		ifc.Bundle, ifc.BundleRef = p.canon(agg.Text), p.refp(agg)
	}
	switch {
	case ifc.SVI != 0 || typ == "l3ipvlan" || typ == "softwareLoopback":
		ifc.Routed = true
	case !switched && len(ifc.IPv4) > 0:
		ifc.Routed, ifc.RoutedRef = true, ifc.IPv4Ref
	}
	return nil
}

// addresses reads ipv4/addresses/address[ip] with config/prefix-length.
func (p *parser) addresses(ifc *model.Interface, ipv4 *jsontree.Node) error {
	for _, a := range ipv4.Get("addresses").List("address") {
		ipN := jsontree.KeyLeaf(a, "ip")
		if ipN == nil {
			continue
		}
		addr, err := netip.ParseAddr(ipN.Text)
		if err != nil || !addr.Is4() {
			return p.errorf(ipN, "%q is not an IPv4 address", ipN.Text)
		}
		bits := 32
		if pl := leaf(a, "prefix-length"); pl != nil {
			b, ok := intOf(pl)
			if !ok || b < 0 || b > 32 {
				return p.errorf(pl, "prefix-length %q is not 0-32", pl.Str())
			}
			bits = b
		}
		ifc.IPv4 = append(ifc.IPv4, netip.PrefixFrom(addr, bits))
		if ifc.IPv4Ref == nil {
			ifc.IPv4Ref = p.refp(ipN)
		}
	}
	return nil
}

// switchedVLAN reads switched-vlan/config: interface-mode, access-vlan,
// native-vlan and trunk-vlans (VLAN IDs and "lo..hi" ranges). A trunk
// without trunk-vlans carries every VLAN.
func (p *parser) switchedVLAN(ifc *model.Interface, sv *jsontree.Node) error {
	cfg := sv.Get("config")
	if cfg == nil {
		cfg = sv.Get("state")
	}
	if cfg == nil {
		return nil
	}
	if m := cfg.Get("interface-mode"); m.Scalar() {
		switch strings.ToUpper(jsontree.Local(m.Text)) {
		case "ACCESS":
			ifc.Mode = model.ModeAccess
		case "TRUNK":
			ifc.Mode = model.ModeTrunk
		default:
			return p.errorf(m, "interface-mode %q is neither ACCESS nor TRUNK", m.Text)
		}
		ifc.ModeRef = p.refp(m)
	}
	if a := cfg.Get("access-vlan"); a != nil {
		v, err := p.vlanID(a, "access-vlan")
		if err != nil {
			return err
		}
		ifc.AccessVLAN, ifc.AccessRef = v, p.refp(a)
		if ifc.Mode == model.ModeDefault {
			ifc.Mode = model.ModeAccess
		}
	}
	if nv := cfg.Get("native-vlan"); nv != nil {
		v, err := p.vlanID(nv, "native-vlan")
		if err != nil {
			return err
		}
		ifc.NativeVLAN = v
	}
	if tv := cfg.Get("trunk-vlans"); tv != nil {
		elems := tv.Elems
		if tv.Kind != jsontree.Array {
			elems = []*jsontree.Node{tv}
		}
		var set model.VLANSet
		var refs []model.Ref
		for _, el := range elems {
			s, err := p.vlanRange(el)
			if err != nil {
				return err
			}
			set.AddSet(s)
			refs = append(refs, p.ref(el))
		}
		if len(refs) == 0 {
			refs = []model.Ref{p.ref(tv)}
		}
		ifc.Allowed, ifc.AllowedRefs = set, refs
		if ifc.Mode == model.ModeDefault {
			ifc.Mode = model.ModeTrunk
		}
	}
	return nil
}

// vlanRange reads one trunk-vlans member: a VLAN ID (number or string) or
// a range "lo..hi" (openconfig-vlan-types vlan-range).
func (p *parser) vlanRange(n *jsontree.Node) (model.VLANSet, error) {
	var s model.VLANSet
	if n.Kind == jsontree.Number {
		v, err := p.vlanID(n, "trunk VLAN")
		s.Add(v)
		return s, err
	}
	if n.Kind != jsontree.String {
		return s, p.errorf(n, "trunk VLAN %s is neither a VLAN ID nor a range", kindName(n.Kind))
	}
	lo, hi, isRange := strings.Cut(n.Text, "..")
	a, errA := strconv.Atoi(strings.TrimSpace(lo))
	b := a
	var errB error
	if isRange {
		b, errB = strconv.Atoi(strings.TrimSpace(hi))
	}
	if errA != nil || errB != nil || a < 1 || b > model.MaxVLAN || b < a {
		return s, p.errorf(n, "trunk VLANs %q are neither a VLAN ID nor a range lo..hi within 1-%d", n.Text, model.MaxVLAN)
	}
	s.AddRange(a, b)
	return s, nil
}

func kindName(k jsontree.Kind) string {
	return [...]string{"null", "a boolean", "a number", "a string", "an object", "a list"}[k]
}

// igmp reads openconfig-igmp's interfaces: an interface with IGMP enabled
// sends queries (a querier candidate), at the configured version.
func (p *parser) igmp(n *jsontree.Node) error {
	for _, e := range n.List("interface") {
		idN := jsontree.KeyLeaf(e, "interface-id")
		if idN == nil || idN.Text == "" {
			return p.errorf(e, "an IGMP interface without an interface-id")
		}
		en := leaf(e, "enabled")
		on, _ := boolOf(en)
		if !on {
			continue // openconfig-igmp: enabled defaults to false
		}
		ifc := p.iface(p.canon(idN.Text), p.ref(idN))
		ifc.IGMPEnabled = p.refp(en)
		if vn := leaf(e, "version"); vn != nil {
			v, ok := intOf(vn)
			if !ok || v < 1 || v > 3 {
				return p.errorf(vn, "IGMP version %q is not 1, 2 or 3", vn.Str())
			}
			ifc.IGMPVer, ifc.IGMPVerRef = v, p.refp(vn)
		}
	}
	return nil
}

// ipProtocols are the openconfig-packet-match-types IP_PROTOCOL
// identities. There is none for PGM; IP_PIM is PIM (103), not PGM (113).
var ipProtocols = map[string]int{
	"IP_ICMP": 1, "IP_IGMP": 2, "IP_IN_IP": 4, "IP_TCP": 6, "IP_UDP": 17,
	"IP_RSVP": 46, "IP_GRE": 47, "IP_AUTH": 51, "IP_PIM": 103, "IP_L2TP": 115,
}

// acls reads openconfig-acl: IPv4 ACL sets with their entries in
// sequence order, then the interface bindings.
func (p *parser) acls(n *jsontree.Node) error {
	if n == nil {
		return nil
	}
	for _, set := range n.Get("acl-sets").List("acl-set") {
		nameN := jsontree.KeyLeaf(set, "name")
		if nameN == nil || nameN.Text == "" {
			return p.errorf(set, "an ACL set without a name")
		}
		if !ipv4Type(jsontree.KeyLeaf(set, "type").Str()) {
			continue
		}
		acl := p.dev.ACLs[nameN.Text]
		if acl == nil {
			acl = &model.ACL{Name: nameN.Text, Ref: p.ref(nameN)}
			p.dev.ACLs[acl.Name] = acl
		}
		for _, e := range set.Get("acl-entries").List("acl-entry") {
			ace, err := p.ace(e)
			if err != nil {
				return err
			}
			acl.Entries = append(acl.Entries, ace)
		}
		slices.SortStableFunc(acl.Entries, func(a, b *model.ACE) int { return a.Seq - b.Seq })
	}
	for _, b := range n.Get("interfaces").List("interface") {
		idN := jsontree.KeyLeaf(b, "id")
		if ir := leaf(b.Get("interface-ref"), "interface"); ir.Scalar() && ir.Text != "" {
			if sub := leaf(b.Get("interface-ref"), "subinterface"); sub == nil || sub.Str() == "0" {
				idN = ir
			}
		}
		if idN == nil || idN.Text == "" {
			return p.errorf(b, "an ACL binding without an interface id")
		}
		ifc := p.iface(p.canon(idN.Text), p.ref(idN))
		for _, dir := range []string{"ingress", "egress"} {
			for _, s := range b.Get(dir + "-acl-sets").List(dir + "-acl-set") {
				sn := jsontree.KeyLeaf(s, "set-name")
				if sn == nil || !ipv4Type(jsontree.KeyLeaf(s, "type").Str()) {
					continue
				}
				bind := &model.ACLBinding{ACL: sn.Text, Ref: p.ref(sn)}
				switch {
				case ifc.IsL2() && dir == "ingress":
					ifc.PortACLIn = firstBinding(ifc.PortACLIn, bind)
				case ifc.IsL2():
					ifc.PortACLOut = firstBinding(ifc.PortACLOut, bind)
				case dir == "ingress":
					ifc.RouterACLIn = firstBinding(ifc.RouterACLIn, bind)
				default:
					ifc.RouterACLOut = firstBinding(ifc.RouterACLOut, bind)
				}
			}
		}
	}
	return nil
}

func firstBinding(old, b *model.ACLBinding) *model.ACLBinding {
	if old != nil {
		return old
	}
	return b
}

// ipv4Type reports whether an ACL type holds IPv4 matches. A binding or
// set without a type is taken as IPv4.
func ipv4Type(t string) bool {
	switch jsontree.Local(t) {
	case "", "ACL_IPV4", "ACL_MIXED":
		return true
	}
	return false
}

// ace reads one acl-entry. Anything that decides whether the entry
// matches PGM but cannot be read makes it Unparsed; a match on something
// else than protocol and addresses (DSCP, hop limit, ports, L2 fields)
// makes it conditional.
func (p *parser) ace(e *jsontree.Node) (*model.ACE, error) {
	seqN := jsontree.KeyLeaf(e, "sequence-id")
	ace := &model.ACE{}
	if seqN == nil {
		return nil, p.errorf(e, "an ACL entry without a sequence-id")
	}
	seq, ok := intOf(seqN)
	if !ok {
		return nil, p.errorf(seqN, "sequence-id %q is not a number", seqN.Str())
	}
	ace.Seq = seq
	ace.Ref = p.ref(seqN)
	var unparsed []string
	act := leaf(e.Get("actions"), "forwarding-action")
	switch {
	case act == nil:
		unparsed = append(unparsed, "the entry has no forwarding-action")
	default:
		ace.Ref = p.ref(act)
		switch strings.ToUpper(jsontree.Local(act.Str())) {
		case "ACCEPT":
			ace.Action = model.Permit
		case "DROP", "REJECT":
			ace.Action = model.Deny
		default:
			unparsed = append(unparsed, fmt.Sprintf("forwarding-action %q is not ACCEPT, DROP or REJECT", act.Str()))
		}
	}
	ip := e.Get("ipv4", "config")
	if ip == nil {
		ip = e.Get("ipv4", "state")
	}
	ace.Proto.Any = true
	if pr := ip.Get("protocol"); pr != nil && pr.Kind != jsontree.Null {
		ace.Proto.Any = false
		if n, ok := intOf(pr); ok && n >= 0 && n <= 255 {
			ace.Proto.Num = n
		} else if n, ok := ipProtocols[jsontree.Local(pr.Str())]; ok && pr.Kind == jsontree.String {
			ace.Proto.Num = n
		} else {
			unparsed = append(unparsed, fmt.Sprintf("protocol %q is not an IP protocol number or a known IP_PROTOCOL identity", pr.Str()))
		}
	}
	var err string
	if ace.Src, err = addrMatch(ip.Get("source-address")); err != "" {
		unparsed = append(unparsed, "source-address "+err)
	}
	if ace.Dst, err = addrMatch(ip.Get("destination-address")); err != "" {
		unparsed = append(unparsed, "destination-address "+err)
	}
	var ipMembers []jsontree.Member
	if ip != nil {
		ipMembers = ip.Members
	}
	for _, m := range ipMembers {
		switch m.Name {
		case "source-address-prefix-set", "destination-address-prefix-set":
			unparsed = append(unparsed, fmt.Sprintf("%s %q (a defined prefix set) is not read", m.Name, m.Value.Str()))
		case "dscp", "dscp-set", "hop-limit", "length", "ecn":
			ace.Condition = cond(ace.Condition, m.Name)
		}
	}
	for _, part := range []string{"transport", "l2", "input-interface"} {
		c := e.Get(part, "config")
		if c == nil && part == "input-interface" {
			c = e.Get(part)
		}
		if c == nil {
			continue
		}
		for _, m := range c.Members {
			if m.Value.Kind == jsontree.Null || (m.Value.Kind == jsontree.Object && len(m.Value.Members) == 0) {
				continue
			}
			// Ports and TCP flags only narrow TCP and UDP: an entry for
			// another protocol cannot match PGM anyway.
			if part == "transport" && !ace.Proto.Any && ace.Proto.Num != 113 {
				continue
			}
			ace.Condition = cond(ace.Condition, part+" "+m.Name)
		}
	}
	if len(unparsed) > 0 {
		ace.Unparsed = strings.Join(unparsed, "; ")
	}
	return ace, nil
}

func cond(old, add string) string {
	if old == "" {
		return add
	}
	return old + ", " + add
}

// addrMatch reads an IPv4 prefix; absent means any.
func addrMatch(n *jsontree.Node) (model.AddrMatch, string) {
	if n == nil || n.Kind == jsontree.Null {
		return model.AddrMatch{Any: true}, ""
	}
	if n.Kind != jsontree.String {
		return model.AddrMatch{}, fmt.Sprintf("%q is not an IPv4 prefix", n.Str())
	}
	pfx, err := netip.ParsePrefix(strings.TrimSpace(n.Text))
	if err != nil {
		a, err2 := netip.ParseAddr(strings.TrimSpace(n.Text))
		if err2 != nil {
			return model.AddrMatch{}, fmt.Sprintf("%q is not an IPv4 prefix", n.Text)
		}
		pfx = netip.PrefixFrom(a, a.BitLen())
	}
	if !pfx.Addr().Is4() {
		return model.AddrMatch{}, fmt.Sprintf("%q is not an IPv4 prefix", n.Text)
	}
	pfx = pfx.Masked()
	if pfx.Bits() == 0 {
		return model.AddrMatch{Any: true}, ""
	}
	return model.AddrMatch{Prefix: pfx}, ""
}

// lldp reads openconfig-lldp's neighbor table: per interface, each
// neighbor's system name, port ID (with its type: an interface name, a
// MAC address, a local number), port description, chassis ID, management
// address and enabled capabilities.
func (p *parser) lldp(n *jsontree.Node) {
	if n == nil {
		return
	}
	for _, ifc := range n.Get("interfaces").List("interface") {
		name := jsontree.KeyLeaf(ifc, "name")
		if name == nil || name.Text == "" {
			continue
		}
		for _, nb := range ifc.Get("neighbors").List("neighbor") {
			st := nb.Get("state")
			str := func(k string) string {
				if v := st.Get(k); v.Scalar() {
					return v.Text
				}
				return ""
			}
			e := model.Neighbor{Protocol: "lldp", LocalPort: p.canon(name.Text), Name: str("system-name"), ChassisID: str("chassis-id"),
				Port: str("port-id"), PortDescription: str("port-description"), Platform: str("system-description"), Ref: p.ref(name)}
			if idn := nb.Get("id"); idn.Scalar() {
				e.Ref = p.ref(idn)
			}
			typ := jsontree.Local(str("port-id-type"))
			e.PortIsMAC = typ == "MAC_ADDRESS" || model.IsMAC(e.Port)
			if a, err := netip.ParseAddr(str("management-address")); err == nil {
				e.Address = a
			}
			for _, c := range nb.Get("capabilities").List("capability") {
				cn := jsontree.Local(jsontree.KeyLeaf(c, "name").Str())
				if on, ok := boolOf(c.Get("state", "enabled")); ok && !on {
					continue
				}
				switch cn {
				case "MAC_BRIDGE", "TWO_PORT_MAC_RELAY":
					e.Capabilities = append(e.Capabilities, "bridge")
				case "ROUTER":
					e.Capabilities = append(e.Capabilities, "router")
				case "TELEPHONE":
					e.Capabilities = append(e.Capabilities, "telephone")
				case "WLAN_ACCESS_POINT":
					e.Capabilities = append(e.Capabilities, "wlan")
				case "STATION_ONLY":
					e.Capabilities = append(e.Capabilities, "station")
				}
			}
			p.dev.Neighbors = append(p.dev.Neighbors, e)
		}
	}
}
