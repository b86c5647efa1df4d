package cisco

// Predicted configuration: Apply plays the lines a remediation types in
// configuration mode onto a saved running-config and returns the
// running-config the switch would then show. mcaudit re-audits that text
// to prove a remediation fixes what it claims, and applies the rollback to
// it to prove the rollback restores the original.
//
// The tree, the typing and the common kinds of command (a setting, a
// default-on feature shown by its "no" form, a section) are cfgtree's;
// this file is the data of IOS, IOS-XE and NX-OS and the few commands no
// data can describe. It knows the commands the remediation templates
// write and their inverses, and refuses every other: a command mcaudit
// cannot predict is a command it must not hand to an engineer.
//
// Per command family (IOS = cisco_ios and cisco_iosxe unless stated):
//
// IGMP snooping. "ip igmp snooping" and "ip igmp snooping vlan N" are on
// by default and shown only by their "no" form. On IOS, "ip igmp snooping
// [vlan N] querier" is shown when on, "... querier address A" and
// "... querier version 1|2|3" replace their value. NX-OS has its querier in
// "vlan configuration N" ("ip igmp snooping querier A" replaces, "no ip
// igmp snooping querier" removes; "no ip igmp snooping" is shown there,
// the block goes once empty) and "ip igmp snooping vxlan" at the top.
// New lines go after the other snooping lines, else before the first
// VLAN, interface or ACL.
//
// Interfaces. "interface NAME" (any abbreviation) edits an interface the
// configuration has; creating one is refused. Inside: "switchport mode
// access|trunk" and "switchport access vlan N" replace (VLAN 1, the
// default, shows no line; on IOS in VTP transparent mode a VLAN that does
// not exist is created, "% Access VLAN does not exist. Creating vlan N"),
// "ip igmp version 1|2|3" replaces, "switchport trunk allowed vlan
// LIST|add L|remove L|except L|all|none" computes the new set and prints
// it as the platform does: nothing for all VLANs, "none" for no VLAN,
// else one "switchport trunk allowed vlan LIST" line continued by
// "switchport trunk allowed vlan add LIST" lines, each list at most
// TrunkAllowedWidth characters; a set equal to the one the config had is
// written back as the original lines.
//
// VLANs. IOS shows VLANs in running-config only in VTP transparent or off
// mode: there "vlan N" creates "vlan N" blocks in numeric order; in VTP
// server mode the VLAN goes to vlan.dat and the text does not change; in
// VTP client mode it is refused. VLAN 1 and 1002-1005 can be entered but
// not changed or deleted. NX-OS adds the VLAN to the "vlan 1,10,20" list
// line (created if missing, written compact) and shows a "vlan N" block
// only while it holds a setting; VLANs 3968-4094 (or the "system vlan N
// reserve" range) are refused. In the block "name X" replaces and "state
// suspend" is shown, "state active" being the default. "no vlan N"
// removes the VLAN.
//
// ACLs. "ip access-list extended|standard NAME" (IOS) or "ip access-list
// NAME" (NX-OS) edits the ACL, creating it after the last ACL. Entries
// typed with a sequence number go in sequence order (before the remarks
// of the next entry); one without goes last with the highest number + 10;
// an existing number is refused. "no SEQ" removes that entry. Entries are
// written as the platform prints them: IOS pads the action ("deny   ip"),
// writes "host A" for A 0.0.0.0, "any" for 0.0.0.0 255.255.255.255 and a
// standard ACL's host as the bare address, and refuses A/LEN; NX-OS writes
// hosts and contiguous wildcards as A/LEN; both write a known protocol
// number as its keyword (PGM stays 113). Sequence numbers are shown where
// the ACL showed them (IOS-XE, NX-OS; new ACLs on those platforms) and not
// where it did not (classic IOS named ACLs). Numbered ACLs written as
// "access-list N ..." lines are edited by "ip access-list extended|standard
// N": on cisco_ios they stay "access-list N" lines; on cisco_iosxe a
// changed one is shown in the named form with sequence numbers, as IOS-XE
// prints it (one that ends up unchanged is written back as it was). "no ip
// access-list ... NAME" removes the ACL, numbered lines included.
//
// VLAN maps. "vlan access-map NAME SEQ" edits or creates the entry in
// sequence order: "match ip address ACL" and "action forward|drop"
// replace. "no vlan access-map NAME SEQ" removes the entry.
//
// Not updated: the "Current configuration : N bytes" and "Last
// configuration change" header lines, and NX-OS "!Time:".

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ace"
	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// TrunkAllowedWidth is the longest VLAN list Apply writes on one
// "switchport trunk allowed vlan [add]" line. IOS and NX-OS continue a
// long allowed list on "switchport trunk allowed vlan add" lines; the
// list part of each stays within about 70 characters in the configs
// this project has seen (core1's recorded Te1/0/3 breaks at 68).
const TrunkAllowedWidth = 70

// LineError is a typed line Apply cannot apply.
type LineError = cfgtree.LineError

// Apply returns config with the configuration-mode lines applied, as the
// platform would show its running-config afterwards. lines are exactly
// what is typed after "configure terminal": sub-mode lines indented (one
// space on IOS, two on NX-OS, either accepted), "exit"/"end" optional.
//
// The config must parse (ParseConfig); so must the result, or the line
// that broke it is reported. A line that cannot be applied is a
// *LineError; nothing is silently dropped.
func Apply(platform string, config []byte, lines []string) ([]byte, error) {
	if !Supports(platform) {
		return nil, fmt.Errorf("platform %q is not a Cisco platform (want one of %s)", platform, strings.Join(Platforms, ", "))
	}
	if err := ParseConfig(model.NewDevice("config", platform), "config", config); err != nil {
		return nil, fmt.Errorf("cannot apply lines to a config that does not parse: %w", err)
	}
	a := &applier{platform: platform, nx: isNX(platform), acls: map[string]*aclState{}, allowed: map[*cfgtree.Node][]*cfgtree.Node{},
		aclOf: map[*cfgtree.Node]*aclState{}}
	a.d = a.dialect()
	a.t = cfgtree.Parse(string(config), a.d)
	if err := a.t.Apply(lines); err != nil {
		return nil, err
	}
	out, srcs := a.t.Render()
	if err := ParseConfig(model.NewDevice("predicted", platform), predictedFile, out); err != nil {
		if m := predictedLine.FindStringSubmatch(err.Error()); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(srcs) && srcs[n-1] > 0 {
				src := srcs[n-1]
				return nil, &LineError{Line: src, Text: lines[src-1], Msg: "the predicted config does not parse: " + err.Error()}
			}
		}
		return nil, fmt.Errorf("the predicted config does not parse: %w", err)
	}
	return out, nil
}

const predictedFile = "predicted config"

var predictedLine = regexp.MustCompile(`^` + predictedFile + ` line (\d+): `)

// applier is one Apply: the dialect's rules close over it.
type applier struct {
	platform string
	nx       bool
	d        *cfgtree.Dialect
	t        *cfgtree.Tree
	acls     map[string]*aclState
	// allowed keeps a trunk's allowed lines as the config had them, to
	// write back where the set returns to what it was.
	allowed map[*cfgtree.Node][]*cfgtree.Node
	nxList  *cfgtree.Line // the NX-OS VLAN list line as the config had it
	// aclOf is the ACL an open "ip access-list" sub-mode edits.
	aclOf map[*cfgtree.Node]*aclState
}

func (a *applier) dialect() *cfgtree.Dialect {
	d := &cfgtree.Dialect{
		Name: platformName(a.platform), Indent: " ", Sep: "!", End: "end",
		Opaque: func(text string) (func(string) bool, bool) {
			delim, ok := bannerDelimiter(text)
			return func(raw string) bool { return strings.Contains(raw, delim) }, ok
		},
		Types: map[string]func(string) (string, error){
			"ifname": a.ifname,
			"igmpver": func(w string) (string, error) {
				if w != "1" && w != "2" && w != "3" {
					return "", fmt.Errorf("IGMP version %q is not 1, 2 or 3", w)
				}
				return w, nil
			},
			"mode": func(w string) (string, error) {
				if w != "access" && w != "trunk" {
					return "", fmt.Errorf("mcaudit predicts switchport mode access or trunk, not %q", w)
				}
				return w, nil
			},
			"state": func(w string) (string, error) {
				if w != "active" && w != "suspend" {
					return "", errors.New(`want "state active|suspend"`)
				}
				return w, nil
			},
			"action": func(w string) (string, error) {
				if w != "forward" && w != "drop" {
					return "", fmt.Errorf("VLAN map action %q is not forward or drop", w)
				}
				return w, nil
			},
		},
	}
	if a.nx {
		// NX-OS ends only its interfaces with a blank line.
		d.Indent, d.End = "  ", ""
		d.Spaced = func(n *cfgtree.Node) bool { return cfgtree.HasWords(n.Text, "interface") }
	}
	iface := &cfgtree.Rule{Pattern: "interface <ifname...>", Kind: cfgtree.Section, Order: a.ifaceOrder(), Sub: []*cfgtree.Rule{
		{Pattern: "switchport mode <mode>", Kind: cfgtree.Set},
		{Pattern: "switchport access vlan <vlan>", Kind: cfgtree.Set, Default: "1", Do: a.accessVLAN},
		{Pattern: "switchport trunk allowed vlan add <text>", Kind: cfgtree.Custom, Do: a.trunkAllowed},
		{Pattern: "switchport trunk allowed vlan remove <text>", Kind: cfgtree.Custom, Do: a.trunkAllowed},
		{Pattern: "ip igmp version <igmpver>", Kind: cfgtree.Set},
	}}
	vlan := &cfgtree.Rule{Pattern: "vlan <vlan>", Kind: cfgtree.Section, Open: a.openVLAN, Remove: a.removeVLAN,
		Order: []cfgtree.Place{{Prefix: "name"}, {Prefix: "state"}}, Sub: []*cfgtree.Rule{
			{Pattern: "name <word>", Kind: cfgtree.Set},
			{Pattern: "state <state>", Kind: cfgtree.Set, Default: "active"},
		}}
	if a.nx {
		vlan.DropEmpty = true
	} else {
		for _, r := range vlan.Sub {
			r.Do = a.vlanChange
		}
	}
	accessMap := &cfgtree.Rule{Pattern: "vlan access-map <word> <int>", Kind: cfgtree.Section, Create: true, Removable: true,
		Order: []cfgtree.Place{{Prefix: "match"}, {Prefix: "action"}}, Sub: []*cfgtree.Rule{
			{Pattern: "match ip address <word>", Kind: cfgtree.Set},
			{Pattern: "action <action>", Kind: cfgtree.Set},
		}}
	aclSub := []*cfgtree.Rule{
		{Pattern: "<int> <text>", Kind: cfgtree.Custom, Do: a.aclEntry},
		{Pattern: "<int>", Kind: cfgtree.Custom, Do: a.aclEntry},
		{Pattern: "permit <text>", Kind: cfgtree.Custom, Do: a.aclEntry},
		{Pattern: "deny <text>", Kind: cfgtree.Custom, Do: a.aclEntry},
	}
	snoop := []*cfgtree.Rule{
		{Pattern: "ip igmp snooping", Kind: cfgtree.Flag},
		{Pattern: "ip igmp snooping vlan <vlan>", Kind: cfgtree.Flag},
	}
	if a.nx {
		d.Top = append(snoop,
			&cfgtree.Rule{Pattern: "ip igmp snooping vxlan", Kind: cfgtree.Once},
			&cfgtree.Rule{Pattern: "vlan configuration <vlan>", Kind: cfgtree.Section, Create: true, Removable: true, DropEmpty: true,
				Order: []cfgtree.Place{{Prefix: "ip igmp snooping"}, {Prefix: "ip igmp snooping querier"}}, Sub: []*cfgtree.Rule{
					{Pattern: "ip igmp snooping", Kind: cfgtree.Flag},
					{Pattern: "ip igmp snooping querier <ipv4>", Kind: cfgtree.Set},
				}},
			&cfgtree.Rule{Pattern: "ip access-list <word>", Kind: cfgtree.Section, Open: a.openACL, Remove: a.removeACL, Sub: aclSub},
			iface, vlan, accessMap)
		d.Order = []cfgtree.Place{{Prefix: "hostname"}, {Prefix: "feature"}, {Prefix: "ip igmp snooping", Before: true},
			{Prefix: "ip access-list", Before: true}, {Prefix: "vlan access-map", Ordered: true}, {Prefix: "vlan filter"},
			{Prefix: "vlan", Ordered: true, Before: true}, {Prefix: "vlan configuration", Ordered: true}, {Prefix: "interface"}}
		return d
	}
	querier := func(prefix string) []*cfgtree.Rule {
		return []*cfgtree.Rule{
			{Pattern: prefix + " querier", Kind: cfgtree.Once},
			{Pattern: prefix + " querier address <ipv4>", Kind: cfgtree.Set},
			{Pattern: prefix + " querier version <igmpver>", Kind: cfgtree.Set},
		}
	}
	d.Top = append(snoop, querier("ip igmp snooping")...)
	d.Top = append(d.Top, querier("ip igmp snooping vlan <vlan>")...)
	d.Top = append(d.Top,
		&cfgtree.Rule{Pattern: "ip access-list <word> <word>", Kind: cfgtree.Section, Open: a.openACL, Remove: a.removeACL, Sub: aclSub},
		iface, vlan, accessMap)
	d.Order = []cfgtree.Place{{Prefix: "hostname"}, {Prefix: "vtp"}, {Prefix: "ip routing"}, {Prefix: "ip multicast-routing"},
		{Prefix: "ip igmp snooping", Before: true}, {Prefix: "vlan", Ordered: true, Before: true}, {Prefix: "interface"},
		{Prefix: "ip access-list"}, {Prefix: "access-list"}, {Prefix: "vlan access-map", Ordered: true}, {Prefix: "vlan filter"}}
	return d
}

// ifname reads an interface name, spelled in any way the platform
// accepts, as the configuration spells it.
func (a *applier) ifname(w string) (string, error) {
	name := CanonicalInterface(a.platform, strings.ReplaceAll(w, " ", ""))
	typ := typesFor(a.platform).TypeOf(name)
	switch {
	case typ == "":
		return "", fmt.Errorf("%q is not an interface name of %s", w, platformName(a.platform))
	case strings.ContainsAny(strings.TrimPrefix(name, typ), ",-"):
		return "", errors.New("interface lists and ranges are not supported: configure each interface")
	}
	return name, nil
}

// ifaceOrder is the order in which each platform prints interface lines,
// as far as the remediation touches them.
func (a *applier) ifaceOrder() []cfgtree.Place {
	p := func(ps ...string) []cfgtree.Place {
		out := make([]cfgtree.Place, len(ps))
		for i, s := range ps {
			out[i] = cfgtree.Place{Prefix: s}
		}
		return out
	}
	if a.nx {
		return p("description", "switchport", "switchport mode", "switchport access vlan", "switchport trunk native vlan",
			"switchport trunk allowed vlan", "ip port access-group", "spanning-tree", "mtu", "storm-control", "channel-group",
			"vrf member", "ip address", "ip access-group", "ip pim", "ip igmp", "shutdown")
	}
	return p("description", "switchport access vlan", "switchport trunk encapsulation", "switchport trunk native vlan",
		"switchport trunk allowed vlan", "switchport mode", "switchport", "vrf forwarding", "ip address",
		"ip access-group", "ip pim", "ip igmp", "shutdown", "storm-control", "channel-group", "spanning-tree")
}

// --- trunks --------------------------------------------------------------------

func isAllowedLine(n *cfgtree.Node) bool {
	return cfgtree.HasWords(n.Text, "switchport trunk allowed vlan")
}

// allowedSet reads a trunk's allowed list from its lines, in order.
func allowedSet(ifc *cfgtree.Node) model.VLANSet {
	s := model.AllVLANs()
	for _, n := range ifc.Commands() {
		if isAllowedLine(n) {
			if next, err := applyAllowed(s, n.Words()[4:]); err == nil {
				s = next
			}
		}
	}
	return s
}

// applyAllowed applies the words after "switchport trunk allowed vlan".
func applyAllowed(s model.VLANSet, f []string) (model.VLANSet, error) {
	if len(f) == 0 {
		return s, errors.New("allowed VLAN list missing")
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

// trunkAllowed applies "switchport trunk allowed vlan add|remove LIST".
func (a *applier) trunkAllowed(c *cfgtree.Cmd) error {
	t, ifc := c.T, c.Parent
	if c.Neg {
		return fmt.Errorf("mcaudit does not predict %q", "no "+c.Text)
	}
	cur := allowedSet(ifc)
	if _, seen := a.allowed[ifc]; !seen {
		a.allowed[ifc] = t.Find(ifc, isAllowedLine)
	}
	next, err := applyAllowed(cur, strings.Fields(c.Text)[4:])
	if err != nil {
		return err
	}
	if next.String() == cur.String() {
		return nil
	}
	olds := t.Find(ifc, isAllowedLine)
	at := -1
	if len(olds) > 0 {
		at = olds[0].Index()
	}
	for _, o := range olds {
		t.Remove(o)
	}
	var news []*cfgtree.Node
	if orig := a.allowed[ifc]; orig != nil && allowedOf(orig).String() == next.String() {
		news = orig
	} else {
		for _, l := range AllowedLines(next) {
			news = append(news, t.NewCommand(ifc, l))
		}
	}
	if at < 0 {
		at = t.PlaceIn(ifc, c.Order(), "switchport trunk allowed vlan")
	}
	t.InsertAt(ifc, at, news...)
	return nil
}

func allowedOf(lines []*cfgtree.Node) model.VLANSet {
	s := model.AllVLANs()
	for _, n := range lines {
		if next, err := applyAllowed(s, n.Words()[4:]); err == nil {
			s = next
		}
	}
	return s
}

// AllowedLines returns the "switchport trunk allowed vlan" lines that show
// set s, without indentation: none for all VLANs, "... vlan none" for no
// VLAN, else the list wrapped at TrunkAllowedWidth onto "... vlan add"
// lines.
func AllowedLines(s model.VLANSet) []string {
	str := s.String()
	if str == model.AllVLANs().String() {
		return nil
	}
	if s.Empty() {
		return []string{"switchport trunk allowed vlan none"}
	}
	var chunks []string
	cur := ""
	for _, e := range strings.Split(str, ",") {
		switch {
		case cur == "":
			cur = e
		case len(cur)+1+len(e) <= TrunkAllowedWidth:
			cur += "," + e
		default:
			chunks = append(chunks, cur)
			cur = e
		}
	}
	chunks = append(chunks, cur)
	out := []string{"switchport trunk allowed vlan " + chunks[0]}
	for _, ch := range chunks[1:] {
		out = append(out, "switchport trunk allowed vlan add "+ch)
	}
	return out
}

// --- VLANs -----------------------------------------------------------------------

func defaultVLAN(v int) bool { return v == 1 || (v >= 1002 && v <= 1005) }

// vtpMode is the IOS VTP mode as ParseConfig reads it.
func (a *applier) vtpMode() string {
	mode := "server"
	for _, n := range a.t.Find(a.t.Root, cfgtree.Prefix("vtp mode")) {
		f := n.Words()
		if len(f) == 3 || (len(f) == 4 && f[3] == "vlan") {
			mode = f[2]
		}
	}
	return mode
}

// vlanBlock finds the "vlan N" block (never NX-OS's list line).
func (a *applier) vlanBlock(v int) *cfgtree.Node {
	list := a.nxListNode()
	text := "vlan " + strconv.Itoa(v)
	return a.t.First(a.t.Root, func(n *cfgtree.Node) bool { return n.Text == text && (n != list || len(n.Kids) > 0) })
}

// openVLAN enters "vlan N": the block the configuration shows, or, where
// it shows none (IOS in VTP server mode), a node outside the tree.
func (a *applier) openVLAN(c *cfgtree.Cmd) (*cfgtree.Node, error) {
	v, _ := strconv.Atoi(c.Args[0])
	if a.nx {
		if err := a.nxReserved(v); err != nil {
			return nil, err
		}
		a.nxChangeList(func(s *model.VLANSet) { s.Add(v) })
		if n := a.vlanBlock(v); n != nil {
			return n, nil
		}
		return a.t.Add(a.t.Root, c.Text, a.d.Order), nil // dropped when left empty
	}
	switch mode := a.vtpMode(); {
	case mode == "client":
		return nil, errors.New("the switch is a VTP client: it refuses to create, change or delete VLANs")
	case mode == "server", defaultVLAN(v):
		return a.t.NewCommand(a.t.Root, c.Text), nil // vlan.dat, not running-config
	}
	if n := a.vlanBlock(v); n != nil {
		return n, nil
	}
	return a.t.Add(a.t.Root, c.Text, a.d.Order), nil
}

// vlanChange refuses a change to a VLAN IOS keeps for itself.
func (a *applier) vlanChange(c *cfgtree.Cmd) error {
	if v, _ := strconv.Atoi(strings.TrimPrefix(c.Parent.Text, "vlan ")); defaultVLAN(v) {
		return fmt.Errorf("default VLAN %d may not be changed", v)
	}
	return nil
}

func (a *applier) removeVLAN(c *cfgtree.Cmd) error {
	v, _ := strconv.Atoi(c.Args[0])
	if a.nx {
		if err := a.nxReserved(v); err != nil {
			return err
		}
		if v == 1 {
			return errors.New("VLAN 1 is the default VLAN and cannot be deleted")
		}
		a.nxChangeList(func(s *model.VLANSet) {
			var one model.VLANSet
			one.Add(v)
			s.RemoveSet(one)
		})
	} else {
		switch mode := a.vtpMode(); {
		case mode == "client":
			return errors.New("the switch is a VTP client: it refuses to create, change or delete VLANs")
		case defaultVLAN(v):
			return fmt.Errorf("default VLAN %d may not be deleted", v)
		case mode == "server":
			return nil // vlan.dat, not running-config
		}
	}
	if n := a.vlanBlock(v); n != nil {
		a.t.Remove(n)
	}
	return nil
}

// accessVLAN creates the VLAN an IOS access port is put in where the
// switch would: "% Access VLAN does not exist. Creating vlan N".
func (a *applier) accessVLAN(c *cfgtree.Cmd) error {
	if a.nx || c.Neg || len(c.Args) == 0 {
		return nil
	}
	v, _ := strconv.Atoi(c.Args[0])
	if m := a.vtpMode(); (m == "transparent" || m == "off") && !defaultVLAN(v) && a.vlanBlock(v) == nil {
		a.t.Add(a.t.Root, "vlan "+c.Args[0], a.d.Order)
	}
	return nil
}

// nxReserved refuses a VLAN NX-OS keeps for internal use.
func (a *applier) nxReserved(v int) error {
	lo := 3968
	for _, n := range a.t.Find(a.t.Root, cfgtree.Prefix("system vlan")) {
		if f := n.Words(); len(f) == 4 && f[3] == "reserve" {
			if x, err := strconv.Atoi(f[2]); err == nil {
				lo = x
			}
		}
	}
	if v >= lo && v <= lo+127 {
		return fmt.Errorf("VLAN %d is reserved for internal use (%d-%d)", v, lo, min(lo+127, model.MaxVLAN))
	}
	return nil
}

// nxListNode is the NX-OS "vlan 1,10,20" line: a "vlan" line with no
// block under it.
func (a *applier) nxListNode() *cfgtree.Node {
	if !a.nx {
		return nil
	}
	return a.t.First(a.t.Root, func(n *cfgtree.Node) bool {
		f := n.Words()
		if len(n.Kids) > 0 || len(f) != 2 || f[0] != "vlan" || f[1][0] < '0' || f[1][0] > '9' {
			return false
		}
		_, err := model.ParseVLANList(f[1])
		return err == nil
	})
}

// nxChangeList changes the VLAN list line, writing back the original
// where the list returns to what it was.
func (a *applier) nxChangeList(change func(*model.VLANSet)) {
	n := a.nxListNode()
	var cur model.VLANSet
	if n != nil {
		cur, _ = model.ParseVLANList(n.Words()[1])
		if a.nxList == nil {
			orig := n.Line
			a.nxList = &orig
		}
	} else {
		cur.Add(1)
	}
	before := cur.String()
	change(&cur)
	if cur.String() == before && n != nil {
		return
	}
	if n == nil {
		a.t.Add(a.t.Root, "vlan "+cur.String(), a.d.Order)
		return
	}
	if a.nxList != nil {
		if orig, _ := model.ParseVLANList(strings.Fields(a.nxList.Raw)[1]); orig.String() == cur.String() {
			a.t.Restore(n, *a.nxList)
			return
		}
	}
	a.t.SetText(n, "vlan "+cur.String())
}

// --- ACLs --------------------------------------------------------------------------

// aclLine is one line of an ACL.
type aclLine struct {
	seq   int    // the entry's sequence number, shown or implied; 0 for other lines
	body  string // the text after the sequence number
	orig  *cfgtree.Node
	shown bool // the config showed its sequence number
}

// aclState is an ACL being edited.
type aclState struct {
	name     string
	standard bool
	numbered bool // "access-list N ..." lines in the config
	showSeq  bool
	lines    []*aclLine
	head     *cfgtree.Node   // a named ACL's header, in the tree
	items    []*cfgtree.Node // a numbered ACL's lines, in the tree now
	orig     []*cfgtree.Node // a numbered ACL's lines as the config had them
	origKey  string
}

func (st *aclState) key() string {
	var b strings.Builder
	for _, l := range st.lines {
		fmt.Fprintf(&b, "%d %s\n", l.seq, cfgtree.Squeeze(l.body))
	}
	return b.String()
}

func standardNumber(n int) bool { return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999) }

func extendedNumber(n int) bool { return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699) }

// aclHeader returns the name and type of a named ACL's header.
func (a *applier) aclHeader(n *cfgtree.Node) (name string, standard, ok bool) {
	f := n.Words()
	if len(f) < 3 || f[0] != "ip" || f[1] != "access-list" {
		return "", false, false
	}
	if a.nx {
		return f[2], false, len(f) == 3
	}
	if len(f) == 4 && (f[2] == "extended" || f[2] == "standard") {
		return f[3], f[2] == "standard", true
	}
	return "", false, false
}

// acl finds an ACL in the config, or nil.
func (a *applier) acl(name string) *aclState {
	if st := a.acls[name]; st != nil {
		return st
	}
	t := a.t
	for _, n := range t.Root.Kids {
		if n.Sep {
			continue
		}
		nm, std, ok := a.aclHeader(n)
		if !ok || nm != name {
			continue
		}
		st := &aclState{name: name, standard: std, head: n}
		last, entries := 0, 0
		for _, k := range n.Kids {
			al := &aclLine{orig: k}
			if !k.Sep {
				f := k.Words()
				if seq, err := strconv.Atoi(f[0]); err == nil && len(f) > 1 {
					al.seq, al.shown, f = seq, true, f[1:]
					st.showSeq = true
				}
				al.body = strings.Join(f, " ")
				if al.seq == 0 && (f[0] == "permit" || f[0] == "deny") {
					al.seq = last + 10
				}
				if f[0] == "permit" || f[0] == "deny" {
					last = max(last, al.seq)
					entries++
				}
			}
			st.lines = append(st.lines, al)
		}
		if entries == 0 {
			st.showSeq = a.platform != IOS
		}
		st.origKey = st.key()
		a.acls[name] = st
		return st
	}
	if a.nx || !isDigits(name) {
		return nil
	}
	var st *aclState
	last := 0
	for _, n := range t.Find(t.Root, cfgtree.Prefix("access-list "+name)) {
		f := n.Words()
		if len(f) < 3 {
			continue
		}
		if st == nil {
			num, _ := strconv.Atoi(name)
			st = &aclState{name: name, standard: standardNumber(num), numbered: true, showSeq: true}
		}
		al := &aclLine{body: strings.Join(f[2:], " "), orig: n}
		if f[2] == "permit" || f[2] == "deny" {
			al.seq = last + 10
			last = al.seq
		}
		st.lines = append(st.lines, al)
		st.items = append(st.items, n)
	}
	if st != nil {
		st.orig = slices.Clone(st.items)
		st.origKey = st.key()
		a.acls[name] = st
	}
	return st
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// aclName reads "ip access-list [extended|standard] NAME".
func (a *applier) aclName(c *cfgtree.Cmd) (name string, standard bool, err error) {
	if a.nx {
		if c.Args[0] == "extended" || c.Args[0] == "standard" {
			return "", false, errors.New("NX-OS names an ACL with \"ip access-list NAME\"")
		}
		return c.Args[0], false, nil
	}
	kind, name := c.Args[0], c.Args[1]
	if kind != "extended" && kind != "standard" {
		return "", false, errors.New("IOS wants \"ip access-list extended|standard NAME\"")
	}
	standard = kind == "standard"
	if isDigits(name) {
		n, _ := strconv.Atoi(name)
		if (standard && !standardNumber(n)) || (!standard && !extendedNumber(n)) {
			return "", false, fmt.Errorf("%s is not a %s ACL number", name, kind)
		}
	}
	if st := a.acl(name); st != nil && st.standard != standard {
		return "", false, fmt.Errorf("ACL %s is %s ACL", name, map[bool]string{false: "an extended", true: "a standard"}[st.standard])
	}
	return name, standard, nil
}

// openACL enters an ACL, creating it where missing. Its entries are
// edited on the ACL's state; the node returned is outside the tree.
func (a *applier) openACL(c *cfgtree.Cmd) (*cfgtree.Node, error) {
	name, standard, err := a.aclName(c)
	if err != nil {
		return nil, err
	}
	st := a.acl(name)
	if st == nil {
		st = a.newACL(name, standard)
	}
	n := a.t.NewCommand(a.t.Root, c.Text)
	a.aclOf[n] = st
	return n, nil
}

func (a *applier) removeACL(c *cfgtree.Cmd) error {
	name, _, err := a.aclName(c)
	if err != nil {
		return err
	}
	if st := a.acl(name); st != nil {
		if st.head != nil {
			a.t.Remove(st.head)
		}
		for _, n := range st.items {
			a.t.Remove(n)
		}
		delete(a.acls, name)
	}
	return nil
}

// newACL creates an empty ACL as the platform shows it.
func (a *applier) newACL(name string, standard bool) *aclState {
	st := &aclState{name: name, standard: standard, showSeq: a.platform != IOS}
	if !a.nx && isDigits(name) && a.platform == IOS {
		st.numbered = true // classic IOS shows "access-list N" lines
	} else {
		head := "ip access-list " + name
		if !a.nx {
			head = "ip access-list " + map[bool]string{false: "extended", true: "standard"}[standard] + " " + name
		}
		st.head = a.t.Add(a.t.Root, head, a.d.Order)
	}
	st.origKey = st.key()
	a.acls[name] = st
	return st
}

// aclEntry applies a line typed in an ACL's sub-mode.
func (a *applier) aclEntry(c *cfgtree.Cmd) error {
	st := a.aclOf[c.Parent]
	if st == nil || a.acls[st.name] != st {
		return errors.New("the ACL was removed")
	}
	f := strings.Fields(c.Text)
	if c.Neg {
		switch {
		case len(f) == 1 && isDigits(f[0]):
			n, _ := strconv.Atoi(f[0])
			st.lines = slices.DeleteFunc(st.lines, func(l *aclLine) bool { return l.seq == n })
		case f[0] == "permit" || f[0] == "deny":
			// By its text, as classic IOS's rollback removes an entry it
			// cannot name by a number its configuration does not show.
			body, err := a.normalizeACE(st.standard, f)
			if err != nil {
				return err
			}
			if k := slices.IndexFunc(st.lines, func(l *aclLine) bool { return l.seq != 0 && cfgtree.Squeeze(l.body) == cfgtree.Squeeze(body) }); k >= 0 {
				st.lines = slices.Delete(st.lines, k, k+1)
			}
		default:
			return fmt.Errorf("mcaudit predicts the removal of an entry by its sequence number or its text, not %q", "no "+c.Text)
		}
		a.renderACL(st)
		return nil
	}
	seq := 0
	if isDigits(f[0]) {
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 || (!a.nx && n > 2147483647) || n > 4294967295 {
			return fmt.Errorf("sequence number %q is out of range", f[0])
		}
		seq, f = n, f[1:]
		if len(f) == 0 {
			return errors.New("sequence number without an entry")
		}
	}
	if f[0] != "permit" && f[0] != "deny" {
		return fmt.Errorf("%q is not an ACL entry mcaudit predicts (want [SEQ] permit|deny ..., or no SEQ)", c.Text)
	}
	body, err := a.normalizeACE(st.standard, f)
	if err != nil {
		return err
	}
	if k := slices.IndexFunc(st.lines, func(l *aclLine) bool { return l.seq != 0 && cfgtree.Squeeze(l.body) == cfgtree.Squeeze(body) }); k >= 0 {
		return fmt.Errorf("%w: ACL %s has %q already", ErrDuplicateEntry, st.name, body)
	}
	if err := st.insert(seq, body); err != nil {
		return err
	}
	a.renderACL(st)
	return nil
}

// ErrDuplicateEntry: an ACL entry typed again. IOS and NX-OS keep one
// copy where it already was, so the new line's place would not be the
// one planned; mcaudit refuses to predict it rather than guess.
var ErrDuplicateEntry = errors.New("the entry is in the ACL already (the switch keeps the copy it has, where it is)")

// insert adds an entry in sequence order; seq 0 means the highest + 10.
func (st *aclState) insert(seq int, body string) error {
	top := 0
	for _, l := range st.lines {
		if seq != 0 && l.seq == seq {
			return fmt.Errorf("duplicate sequence number %d in ACL %s (the switch refuses it)", seq, st.name)
		}
		top = max(top, l.seq)
	}
	if seq == 0 {
		seq = top + 10
	}
	pos := len(st.lines)
	for k, l := range st.lines {
		if l.seq > seq {
			pos = k
			break
		}
	}
	if pos < len(st.lines) {
		// A remark belongs to the entry after it.
		for pos > 0 && st.lines[pos-1].seq == 0 && strings.HasPrefix(st.lines[pos-1].body, "remark") {
			pos--
		}
	}
	st.lines = slices.Insert(st.lines, pos, &aclLine{seq: seq, body: body})
	return nil
}

// renderACL writes an ACL's lines back into the tree.
func (a *applier) renderACL(st *aclState) {
	t := a.t
	entryText := func(l *aclLine) string {
		if l.seq != 0 && st.showSeq {
			return strconv.Itoa(l.seq) + " " + l.body
		}
		return l.body
	}
	if !st.numbered {
		head := st.head
		var kids []*cfgtree.Node
		for _, l := range st.lines {
			if l.orig != nil {
				kids = append(kids, l.orig)
			} else {
				kids = append(kids, t.NewCommand(head, entryText(l)))
			}
		}
		head.Kids = nil
		t.InsertAt(head, 0, kids...)
		return
	}
	var news []*cfgtree.Node
	switch {
	case a.platform == IOS:
		for _, l := range st.lines {
			if l.orig != nil {
				news = append(news, l.orig)
			} else {
				news = append(news, t.NewCommand(t.Root, "access-list "+st.name+" "+l.body))
			}
		}
	case st.key() == st.origKey && st.orig != nil:
		news = st.orig
	default:
		// IOS-XE shows a changed numbered ACL in the named form.
		kind := "extended"
		if st.standard {
			kind = "standard"
		}
		head := t.NewCommand(t.Root, "ip access-list "+kind+" "+st.name)
		var kids []*cfgtree.Node
		for _, l := range st.lines {
			text := padAction(l.body)
			if l.seq != 0 {
				text = strconv.Itoa(l.seq) + " " + text
			}
			kids = append(kids, t.NewCommand(head, text))
		}
		t.InsertAt(head, 0, kids...)
		news = []*cfgtree.Node{head}
	}
	at := -1
	if len(st.items) > 0 {
		at = st.items[0].Index()
		for _, n := range st.items {
			t.Remove(n)
		}
		at = min(at, len(t.Root.Kids))
	} else {
		at = t.PlaceIn(t.Root, a.d.Order, "ip access-list "+st.name)
	}
	t.InsertAt(t.Root, at, news...)
	st.items = news
}

// padAction aligns an IOS entry's action as IOS prints it: "deny   ip".
func padAction(body string) string {
	if rest, ok := strings.CutPrefix(body, "deny "); ok {
		return "deny   " + strings.TrimLeft(rest, " ")
	}
	return body
}

// protoKeyword is the keyword a platform prints for a protocol number.
func (a *applier) protoKeyword(n int) string {
	for kw, num := range protocols {
		if num != n {
			continue
		}
		if (a.nx && kw == "ipinip") || (!a.nx && kw == "sctp") {
			continue
		}
		return kw
	}
	return ""
}

// normalizeACE writes an entry (from its action on) the way the platform
// prints it, or says why the switch would refuse it. What a template
// writes is a protocol, a source and a destination; anything more is
// refused rather than guessed at.
func (a *applier) normalizeACE(standard bool, f []string) (string, error) {
	tk := ace.NewTokens(f[1:], entries)
	var out []string
	if !standard {
		w, ok := tk.Next()
		if !ok {
			return "", errors.New("entry without a protocol")
		}
		switch {
		case w == "ip":
		case isDigits(w):
			n, err := strconv.Atoi(w)
			if err != nil || n > 255 {
				return "", fmt.Errorf("protocol %s is not 0-255", w)
			}
			if kw := a.protoKeyword(n); kw != "" {
				w = kw
			}
		default:
			if _, known := protocols[w]; !known {
				return "", fmt.Errorf("unknown protocol %q", w)
			}
		}
		out = append(out, w)
	}
	addr := func(what string) error {
		start := tk.I
		if _, err := tk.Address(standard); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		words, err := a.addressWords(tk.F[start:tk.I], standard)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, words...)
		return nil
	}
	if err := addr("source"); err != nil {
		return "", err
	}
	if !standard {
		if err := addr("destination"); err != nil {
			return "", err
		}
	}
	if tk.I < len(tk.F) {
		return "", fmt.Errorf("mcaudit predicts entries of a protocol, a source and a destination, not %q", strings.Join(tk.F[tk.I:], " "))
	}
	action := f[0]
	if !a.nx {
		action = fmt.Sprintf("%-6s", action) // IOS aligns "deny   " with "permit"
	}
	return action + " " + strings.Join(out, " "), nil
}

// addressWords writes an ACL address as the platform prints it.
func (a *applier) addressWords(w []string, standard bool) ([]string, error) {
	if len(w) == 1 && strings.Contains(w[0], "/") {
		if !a.nx {
			return nil, fmt.Errorf("IOS ACLs take A.B.C.D WILDCARD, not %s", w[0])
		}
		return w, nil
	}
	if len(w) == 2 && w[0] == "host" {
		switch {
		case a.nx:
			return []string{w[1] + "/32"}, nil
		case standard:
			return []string{w[1]}, nil
		}
		return w, nil
	}
	if len(w) != 2 || !isIPv4(w[0]) {
		return w, nil
	}
	ad, wc := netip.MustParseAddr(w[0]), netip.MustParseAddr(w[1])
	if a.nx {
		if pfx, err := ace.WildcardPrefix(ad, wc); err == nil {
			return []string{w[0] + "/" + strconv.Itoa(pfx.Bits())}, nil
		}
		return w, nil
	}
	switch {
	case w[1] == "0.0.0.0" && standard:
		return []string{w[0]}, nil
	case w[1] == "0.0.0.0":
		return []string{"host", w[0]}, nil
	case w[0] == "0.0.0.0" && w[1] == "255.255.255.255":
		return []string{"any"}, nil
	}
	return w, nil
}

func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}
