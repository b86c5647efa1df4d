package aruba

// Predicted configuration: Apply plays the lines a remediation types in
// configuration mode onto a saved AOS-CX running-config and returns the
// running-config the switch would then show, for mcaudit to audit again.
// It knows the commands the AOS-CX templates write and their inverses, on
// cfgtree's tree, and refuses every other line.
//
// VLANs: "vlan N" creates the block in numeric order; in it "name X"
// replaces, "ip igmp snooping enable|disable" replaces, "no ip igmp
// snooping" removes both, "shutdown" shows and "no shutdown" is the
// default. Interfaces: "vlan access N" replaces (VLAN 1 shows nothing),
// "vlan trunk allowed L" adds L to the one list line AOS-CX prints and
// "no vlan trunk allowed L" takes L out of it, "ip igmp enable" is shown
// when on, "ip igmp version N" replaces. ACLs: "access-list ip NAME"
// edits or creates the ACL, "SEQ permit|deny ..." goes in sequence order,
// "no SEQ" removes one.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ace"
	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// LineError is a typed line Apply cannot apply.
type LineError = cfgtree.LineError

// Apply returns config with the configuration-mode lines applied, as
// AOS-CX would show its running-config afterwards.
func Apply(config []byte, lines []string) ([]byte, error) {
	if err := ParseConfig(model.NewDevice("config", AOSCX), "config", config); err != nil {
		return nil, fmt.Errorf("cannot apply lines to a config that does not parse: %w", err)
	}
	t := cfgtree.Parse(string(config), applyDialect())
	if err := t.Apply(lines); err != nil {
		return nil, err
	}
	out, srcs := t.Render()
	dev := model.NewDevice("predicted", AOSCX)
	if err := ParseConfig(dev, "predicted config", out); err != nil {
		return nil, fmt.Errorf("the predicted config does not parse: %w", err)
	}
	for _, u := range dev.Unparsed {
		if n := u.Ref.Line; n >= 1 && n <= len(srcs) && srcs[n-1] > 0 {
			return nil, &LineError{Line: srcs[n-1], Text: lines[srcs[n-1]-1], Msg: "the predicted config has a line AOS-CX would not read: " + u.Why}
		}
	}
	return out, nil
}

func applyDialect() *cfgtree.Dialect {
	d := dialect()
	d.Types = map[string]func(string) (string, error){
		"ifname": func(w string) (string, error) {
			name := CanonicalInterface(w)
			if types.TypeOf(name) == "" && !portName.MatchString(name) {
				return "", fmt.Errorf("%q is not an interface name of AOS-CX", w)
			}
			return name, nil
		},
		"igmpver": func(w string) (string, error) {
			if w != "2" && w != "3" {
				return "", fmt.Errorf("IGMP version %q is not 2 or 3", w)
			}
			return w, nil
		},
		"onoff": func(w string) (string, error) {
			if w != "enable" && w != "disable" {
				return "", fmt.Errorf("%q is not enable or disable", w)
			}
			return w, nil
		},
	}
	d.Top = []*cfgtree.Rule{
		{Pattern: "vlan <vlan>", Kind: cfgtree.Section, Create: true, Removable: true,
			Order: []cfgtree.Place{{Prefix: "name"}, {Prefix: "shutdown"}, {Prefix: "apply"}, {Prefix: "ip igmp snooping"}},
			Sub: []*cfgtree.Rule{
				{Pattern: "name <word>", Kind: cfgtree.Set},
				{Pattern: "ip igmp snooping <onoff>", Kind: cfgtree.Set},
				{Pattern: "shutdown", Kind: cfgtree.Once},
			}},
		{Pattern: "interface <ifname...>", Kind: cfgtree.Section, Order: ifaceOrder, Sub: []*cfgtree.Rule{
			{Pattern: "vlan access <vlan>", Kind: cfgtree.Set, Default: "1"},
			{Pattern: "vlan trunk allowed <text>", Kind: cfgtree.Custom, Do: trunkAllowed},
			{Pattern: "ip igmp enable", Kind: cfgtree.Once},
			{Pattern: "ip igmp version <igmpver>", Kind: cfgtree.Set},
		}},
		{Pattern: "access-list ip <word>", Kind: cfgtree.Section, Create: true, Removable: true, Sub: []*cfgtree.Rule{
			{Pattern: "<int> <text>", Kind: cfgtree.Custom, Do: aclEntry},
			{Pattern: "<int>", Kind: cfgtree.Custom, Do: aclEntry},
		}},
	}
	d.Order = []cfgtree.Place{{Prefix: "hostname"}, {Prefix: "user"}, {Prefix: "access-list", Before: true},
		{Prefix: "vlan", Ordered: true, Before: true}, {Prefix: "spanning-tree"}, {Prefix: "interface"}}
	return d
}

var ifaceOrder = []cfgtree.Place{{Prefix: "description"}, {Prefix: "shutdown"}, {Prefix: "routing"}, {Prefix: "ip address"},
	{Prefix: "vlan access"}, {Prefix: "vlan trunk native"}, {Prefix: "vlan trunk allowed"}, {Prefix: "lag"},
	{Prefix: "apply"}, {Prefix: "ip igmp"}}

// trunkAllowed applies "[no] vlan trunk allowed LIST": AOS-CX keeps one
// list, printed on one line, which the command adds to or takes from.
func trunkAllowed(c *cfgtree.Cmd) error {
	t, ifc := c.T, c.Parent
	isAllowed := cfgtree.Prefix("vlan trunk allowed")
	var cur model.VLANSet
	for _, n := range t.Find(ifc, isAllowed) {
		w := strings.Fields(n.Text)[3:]
		if len(w) == 1 && w[0] == "all" {
			cur = model.AllVLANs()
			continue
		}
		if s, err := model.ParseVLANList(strings.Join(w, "")); err == nil {
			cur.AddSet(s)
		}
	}
	arg := c.Args[0]
	var set model.VLANSet
	if arg == "all" {
		set = model.AllVLANs()
	} else {
		s, err := model.ParseVLANList(strings.ReplaceAll(arg, " ", ""))
		if err != nil {
			return err
		}
		set = s
	}
	before := cur.String()
	if c.Neg {
		cur.RemoveSet(set)
	} else {
		cur.AddSet(set)
	}
	switch {
	case cur.String() == before:
	case cur.Empty():
		t.RemoveAll(ifc, isAllowed)
	case cur.String() == model.AllVLANs().String():
		t.Set(ifc, isAllowed, "vlan trunk allowed all", ifaceOrder)
	default:
		t.Set(ifc, isAllowed, "vlan trunk allowed "+cur.String(), ifaceOrder)
	}
	return nil
}

// aclEntry applies "SEQ permit|deny ..." or "no SEQ" in an ACL.
func aclEntry(c *cfgtree.Cmd) error {
	t, acl := c.T, c.Parent
	f := strings.Fields(c.Text)
	seq, err := strconv.ParseUint(f[0], 10, 32)
	if err != nil || seq == 0 {
		return fmt.Errorf("sequence number %q is out of range", f[0])
	}
	same := func(n *cfgtree.Node) bool { return strings.Fields(n.Text)[0] == f[0] }
	if c.Neg {
		if len(f) != 1 {
			return fmt.Errorf("mcaudit predicts the removal of an entry by its sequence number, not %q", "no "+c.Text)
		}
		t.RemoveAll(acl, same)
		return nil
	}
	if len(f) == 1 {
		return errors.New("sequence number without an entry")
	}
	if t.First(acl, same) != nil {
		return fmt.Errorf("duplicate sequence number %d (the switch refuses it)", seq)
	}
	if err := ace.Parse(&model.ACE{}, f[1:], false, entries); err != nil {
		return err
	}
	tk := ace.NewTokens(f[2:], entries)
	_ = tk.Protocol(&model.ACE{})
	_, _ = tk.Address(false)
	_, _ = tk.Address(false)
	if tk.I < len(tk.F) {
		return fmt.Errorf("mcaudit predicts entries of a protocol, a source and a destination, not %q", strings.Join(f[2:], " "))
	}
	at := len(acl.Kids)
	for i, k := range acl.Kids {
		if k.Sep {
			continue
		}
		if n, err := strconv.ParseUint(strings.Fields(k.Text)[0], 10, 32); err == nil && n > seq {
			at = i
			break
		}
	}
	t.InsertAt(acl, at, t.NewCommand(acl, c.Text))
	return nil
}
