package arista

// Predicted configuration: Apply plays the lines a remediation types in
// configuration mode onto a saved EOS running-config and returns the
// running-config the switch would then show, for mcaudit to audit again.
// It knows the commands the EOS templates write and their inverses, on
// cfgtree's tree, and refuses every other line.
//
// IGMP snooping: "ip igmp snooping [vlan N]" is on by default and shown
// only by its "no" form; "ip igmp snooping [vlan N] querier" is shown when
// on, its "address A" and "version N" replace their value. VLANs: "vlan
// N" creates the block in numeric order, "name X" replaces, "state
// suspend" shows and "state active" is the default; "no vlan N" removes
// it. ACLs: "ip access-list [standard] NAME" edits or creates the ACL,
// entries typed with a sequence number go in sequence order, one without
// goes last with the highest number + 10, "no SEQ" removes one; EOS prints
// every entry with its number. Interfaces: "switchport mode access|trunk"
// and "switchport access vlan N" replace (VLAN 1 shows nothing),
// "switchport trunk allowed vlan add|remove L" computes the new list,
// printed on one line as EOS does (nothing for every VLAN).

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/internal/ace"
	"github.com/mcaudit/mcaudit/internal/cfgtree"
	"github.com/mcaudit/mcaudit/model"
)

// LineError is a typed line Apply cannot apply.
type LineError = cfgtree.LineError

// Apply returns config with the configuration-mode lines applied, as EOS
// would show its running-config afterwards. The config must parse, and so
// must the result.
func Apply(config []byte, lines []string) ([]byte, error) {
	if err := ParseConfig(model.NewDevice("config", EOS), "config", config); err != nil {
		return nil, fmt.Errorf("cannot apply lines to a config that does not parse: %w", err)
	}
	a := &applier{}
	t := cfgtree.Parse(string(config), a.dialect())
	a.t = t
	if err := t.Apply(lines); err != nil {
		return nil, err
	}
	out, srcs := t.Render()
	dev := model.NewDevice("predicted", EOS)
	if err := ParseConfig(dev, predictedFile, out); err != nil {
		return nil, fmt.Errorf("the predicted config does not parse: %w", err)
	}
	for _, u := range dev.Unparsed {
		if n := u.Ref.Line; n >= 1 && n <= len(srcs) && srcs[n-1] > 0 {
			return nil, &LineError{Line: srcs[n-1], Text: lines[srcs[n-1]-1], Msg: "the predicted config has a line EOS would not read: " + u.Why}
		}
	}
	return out, nil
}

const predictedFile = "predicted config"

type applier struct {
	t *cfgtree.Tree
}

func (a *applier) dialect() *cfgtree.Dialect {
	d := dialect()
	d.Types = map[string]func(string) (string, error){
		"ifname": func(w string) (string, error) {
			name := CanonicalInterface(strings.ReplaceAll(w, " ", ""))
			if types.TypeOf(name) == "" {
				return "", fmt.Errorf("%q is not an interface name of EOS", w)
			}
			return name, nil
		},
		"igmpver": oneOf("IGMP version", "1", "2", "3"),
		"mode":    oneOf("switchport mode", "access", "trunk"),
		"state":   oneOf("VLAN state", "active", "suspend"),
	}
	querier := func(prefix string) []*cfgtree.Rule {
		return []*cfgtree.Rule{
			{Pattern: prefix + " querier", Kind: cfgtree.Once},
			{Pattern: prefix + " querier address <ipv4>", Kind: cfgtree.Set},
			{Pattern: prefix + " querier version <igmpver>", Kind: cfgtree.Set},
		}
	}
	aclSub := []*cfgtree.Rule{
		{Pattern: "<int> <text>", Kind: cfgtree.Custom, Do: a.aclEntry},
		{Pattern: "<int>", Kind: cfgtree.Custom, Do: a.aclEntry},
	}
	d.Top = []*cfgtree.Rule{
		{Pattern: "ip igmp snooping", Kind: cfgtree.Flag},
		{Pattern: "ip igmp snooping vlan <vlan>", Kind: cfgtree.Flag},
	}
	d.Top = append(d.Top, querier("ip igmp snooping")...)
	d.Top = append(d.Top, querier("ip igmp snooping vlan <vlan>")...)
	d.Top = append(d.Top,
		&cfgtree.Rule{Pattern: "vlan <vlan>", Kind: cfgtree.Section, Create: true, Removable: true,
			Order: []cfgtree.Place{{Prefix: "name"}, {Prefix: "state"}, {Prefix: "trunk group"}},
			Sub: []*cfgtree.Rule{
				{Pattern: "name <word>", Kind: cfgtree.Set},
				{Pattern: "state <state>", Kind: cfgtree.Set, Default: "active"},
			}},
		&cfgtree.Rule{Pattern: "ip access-list <word>", Kind: cfgtree.Section, Create: true, Removable: true, Sub: aclSub},
		&cfgtree.Rule{Pattern: "ip access-list standard <word>", Kind: cfgtree.Section, Create: true, Removable: true, Sub: aclSub},
		&cfgtree.Rule{Pattern: "interface <ifname...>", Kind: cfgtree.Section, Order: ifaceOrder, Sub: []*cfgtree.Rule{
			{Pattern: "switchport mode <mode>", Kind: cfgtree.Set},
			{Pattern: "switchport access vlan <vlan>", Kind: cfgtree.Set, Default: "1"},
			{Pattern: "switchport trunk allowed vlan add <text>", Kind: cfgtree.Custom, Do: a.trunkAllowed},
			{Pattern: "switchport trunk allowed vlan remove <text>", Kind: cfgtree.Custom, Do: a.trunkAllowed},
		}},
	)
	d.Order = []cfgtree.Place{{Prefix: "vlan internal"}, {Prefix: "ip igmp snooping", Ordered: true, Before: true}, {Prefix: "transceiver"},
		{Prefix: "service"}, {Prefix: "hostname"}, {Prefix: "spanning-tree"}, {Prefix: "vlan", Ordered: true, Before: true},
		{Prefix: "vrf instance"}, {Prefix: "interface"}, {Prefix: "ip virtual-router"},
		{Prefix: "ip access-list", Before: true}, {Prefix: "ip routing"}}
	return d
}

// ifaceOrder is the order in which EOS prints the interface lines the
// remediation touches.
var ifaceOrder = []cfgtree.Place{{Prefix: "description"}, {Prefix: "shutdown"}, {Prefix: "switchport access vlan"},
	{Prefix: "switchport trunk native vlan"}, {Prefix: "switchport trunk allowed vlan"}, {Prefix: "switchport mode"},
	{Prefix: "switchport trunk group"}, {Prefix: "switchport"}}

func oneOf(what string, vals ...string) func(string) (string, error) {
	return func(w string) (string, error) {
		if !slices.Contains(vals, w) {
			return "", fmt.Errorf("%s %q is not %s", what, w, strings.Join(vals, " or "))
		}
		return w, nil
	}
}

var seqEntry = regexp.MustCompile(`^[0-9]+ `)

// aclEntry applies "SEQ permit|deny ..." or "no SEQ" in an ACL.
func (a *applier) aclEntry(c *cfgtree.Cmd) error {
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
	standard := strings.HasPrefix(acl.Text, "ip access-list standard ")
	if err := checkEntry(f[1:], standard); err != nil {
		return err
	}
	at := len(acl.Kids)
	for i, k := range acl.Kids {
		if k.Sep || !seqEntry.MatchString(k.Text) {
			continue
		}
		if n, _ := strconv.ParseUint(strings.Fields(k.Text)[0], 10, 32); n > seq {
			at = i
			break
		}
	}
	t.InsertAt(acl, at, t.NewCommand(acl, c.Text))
	return nil
}

// checkEntry refuses an entry mcaudit cannot be sure EOS reads as the
// audit does: anything but an action, a protocol, a source and a
// destination.
func checkEntry(f []string, standard bool) error {
	if err := aceParse(&model.ACE{}, f, standard); err != nil {
		return err
	}
	tk := ace.NewTokens(f[1:], entries)
	e := &model.ACE{}
	if !standard {
		_ = tk.Protocol(e)
	}
	_, _ = tk.Address(standard)
	if !standard {
		_, _ = tk.Address(false)
	}
	if tk.I < len(tk.F) {
		return fmt.Errorf("mcaudit predicts entries of a protocol, a source and a destination, not %q", strings.Join(f[1:], " "))
	}
	return nil
}

// trunkAllowed applies "switchport trunk allowed vlan add|remove LIST":
// the list is worked out and printed as EOS prints it, on one line.
func (a *applier) trunkAllowed(c *cfgtree.Cmd) error {
	if c.Neg {
		return fmt.Errorf("mcaudit does not predict %q", "no "+c.Text)
	}
	t, ifc := c.T, c.Parent
	isAllowed := cfgtree.Prefix("switchport trunk allowed vlan")
	cur := model.AllVLANs()
	for _, n := range t.Find(ifc, isAllowed) {
		if next, err := allowed(cur, strings.Fields(n.Text)[4:]); err == nil {
			cur = next
		}
	}
	next, err := allowed(cur, strings.Fields(c.Text)[4:])
	if err != nil {
		return err
	}
	if next.String() == cur.String() {
		return nil
	}
	line := "switchport trunk allowed vlan " + next.String()
	switch {
	case next.String() == model.AllVLANs().String():
		t.RemoveAll(ifc, isAllowed)
	case next.Empty():
		t.Set(ifc, isAllowed, "switchport trunk allowed vlan none", ifaceOrder)
	default:
		t.Set(ifc, isAllowed, line, ifaceOrder)
	}
	return nil
}

// checkComplete proves a collected running-config whole: EOS ends it
// with "end".
func checkComplete(config []byte) error {
	lines := strings.Split(strings.TrimRight(string(config), "\r\n \t"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if last != "end" {
		return fmt.Errorf("the running-config does not end with \"end\" (its last line is %q): the output was cut short", last)
	}
	return nil
}
