// Package ucs reads a Cisco UCS fabric interconnect that mcaudit does not
// log in to: its VLANs and multicast policy are declared in the inventory,
// under the device's "declare" key, as UCS Manager shows them, and each
// link of the inventory that ends on it is an uplink carrying those VLANs.
//
// Cisco TAC document 117360: IGMP snooping is on by default on UCS; the
// querier goes on the fabric interconnect's multicast policy when the
// receivers are all inside UCS, else on the upstream Nexus 5000.
package ucs

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/model"
)

// FI is the platform name of a fabric interconnect.
const FI = "cisco_ucs_fi"

// Platforms lists the platforms this package reads.
var Platforms = []string{FI}

// ConfigCommand names what a declared device is read from: the inventory.
const ConfigCommand = "inventory"

// ErrDeclaration marks a declaration that cannot be read.
var ErrDeclaration = errors.New("not a usable declaration")

// Vendor is the UCS fabric interconnect as the vendors registry sees it:
// declared, never collected, with no templates (its querier is set in UCS
// Manager, by hand).
type Vendor struct{}

func (Vendor) Platforms() []string { return Platforms }

// Commands: nothing is collected from a declared device.
func (Vendor) Commands(string, string) []string { return []string{ConfigCommand} }

func (Vendor) ConfigCommand(string) string { return ConfigCommand }

func (Vendor) Parse(dev *model.Device, command, file string, data []byte) error {
	if command != ConfigCommand {
		return nil
	}
	return ParseInventory(dev, file, data)
}

// CanonicalInterface: UCS Manager's uplink ports are Ethernet slot/port,
// written "Eth1/17" in its CLI.
func (Vendor) CanonicalInterface(_, name string) string {
	for _, short := range []string{"Eth", "eth", "Ethernet", "ethernet"} {
		if rest, ok := strings.CutPrefix(name, short); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return "Ethernet" + rest
		}
	}
	return name
}

// Scrub: the declaration holds no secrets, and is never written to a
// snapshot.
func (Vendor) Scrub(_, _ string, data []byte) []byte { return data }

func (Vendor) InventoryNames() (ansible, nornir map[string]string) { return nil, nil }

// Declared: the device is read from the inventory, not collected.
func (Vendor) Declared(string) bool { return true }

// ByHand is how a VLAN's querier is turned on in UCS Manager.
const ByHand = "in UCS Manager (LAN › Policies › Multicast Policies), create a multicast policy with IGMP snooping enabled and the IGMP snooping querier enabled with IPv4 address %[2]s, and set it on VLAN %[1]d (LAN › VLANs); UCS Manager 2.1 or later"

// ParseInventory reads the declaration of dev from the inventory text.
func ParseInventory(dev *model.Device, file string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v: %w", file, err, ErrDeclaration)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not an mcaudit inventory: %w", file, ErrDeclaration)
	}
	p := &parser{dev: dev, file: file, lines: strings.Split(string(data), "\n")}
	root := doc.Content[0]
	var decl *yaml.Node
	for _, d := range seq(get(root, "devices")) {
		if n := get(d, "name"); n != nil && n.Value == dev.Name {
			dev.HostnameRef = p.refp(d)
			decl = get(d, "declare")
		}
	}
	if decl == nil {
		return fmt.Errorf("%s: device %q has no \"declare\" key: a %s is declared in the inventory (vlans, multicast_policy), since mcaudit does not log in to UCS Manager: %w", file, dev.Name, FI, ErrDeclaration)
	}
	dev.Hostname = dev.Name
	dev.Defaults = model.Defaults{SnoopingOn: true, QuerierByHand: ByHand,
		Note: "declared in the inventory (UCS Manager is not logged in to): what it says is taken as the fabric interconnect's state"}
	if err := p.declaration(decl); err != nil {
		return err
	}
	for _, l := range seq(get(root, "links")) {
		for _, end := range seq(l) {
			devName, ifc, ok := strings.Cut(end.Value, ":")
			if ok && strings.TrimSpace(devName) == dev.Name {
				p.uplink(strings.TrimSpace(ifc), l)
			}
		}
	}
	return nil
}

type parser struct {
	dev   *model.Device
	file  string
	lines []string
	vlans model.VLANSet
	vref  *model.Ref
}

func (p *parser) ref(n *yaml.Node) model.Ref {
	text := ""
	if n.Line >= 1 && n.Line <= len(p.lines) {
		text = strings.TrimRight(p.lines[n.Line-1], "\r")
	}
	return model.Ref{File: p.file, Line: n.Line, Text: text}
}

func (p *parser) refp(n *yaml.Node) *model.Ref { r := p.ref(n); return &r }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s: %w", p.file, n.Line, fmt.Sprintf(format, args...), ErrDeclaration)
}

// declaration reads "declare": vlans and multicast_policy.
func (p *parser) declaration(decl *yaml.Node) error {
	if decl.Kind != yaml.MappingNode {
		return p.errorf(decl, "declare is a mapping with vlans and multicast_policy")
	}
	for i := 0; i+1 < len(decl.Content); i += 2 {
		switch k := decl.Content[i]; k.Value {
		case "vlans", "multicast_policy":
		default:
			return p.errorf(k, "declare: unknown key %q (want vlans, multicast_policy)", k.Value)
		}
	}
	vn := get(decl, "vlans")
	if vn == nil || vn.Kind != yaml.ScalarNode {
		return p.errorf(decl, "declare: vlans is required: the VLANs defined in UCS Manager, e.g. \"100,200-210\"")
	}
	vlans, err := model.ParseVLANList(vn.Value)
	if err != nil {
		return p.errorf(vn, "vlans %q: %v", vn.Value, err)
	}
	p.vlans, p.vref = vlans, p.refp(vn)
	for v := range vlans.All() {
		p.dev.VLANs[v] = &model.VLAN{ID: v, Ref: *p.vref}
	}
	mp := get(decl, "multicast_policy")
	if mp == nil {
		return nil // UCS defaults: snooping on, no querier
	}
	if mp.Kind != yaml.MappingNode {
		return p.errorf(mp, "multicast_policy is a mapping with igmp_snooping, querier and querier_address")
	}
	var querierOn bool
	var querierRef *model.Ref
	var addr netip.Addr
	var addrRef *model.Ref
	for i := 0; i+1 < len(mp.Content); i += 2 {
		k, v := mp.Content[i], mp.Content[i+1]
		switch k.Value {
		case "igmp_snooping":
			on, err := state(v)
			if err != nil {
				return p.errorf(v, "igmp_snooping: %v", err)
			}
			if !on {
				for vl := range vlans.All() {
					p.dev.VLANSnoopingFor(vl).Disabled = p.refp(v)
				}
			}
		case "querier":
			on, err := state(v)
			if err != nil {
				return p.errorf(v, "querier: %v", err)
			}
			querierOn, querierRef = on, p.refp(v)
		case "querier_address":
			a, err := netip.ParseAddr(v.Value)
			if err != nil || !a.Is4() || a.IsMulticast() || a.IsUnspecified() {
				return p.errorf(v, "querier_address %q is not a unicast IPv4 address", v.Value)
			}
			addr, addrRef = a, p.refp(v)
		default:
			return p.errorf(k, "multicast_policy: unknown key %q (want igmp_snooping, querier, querier_address)", k.Value)
		}
	}
	for vl := range vlans.All() {
		q := &p.dev.VLANSnoopingFor(vl).Querier
		if querierOn {
			q.Enabled = querierRef
		} else if querierRef != nil {
			q.Disabled = querierRef
		}
		q.Address, q.AddressRef = addr, addrRef
	}
	return nil
}

// state reads enabled/disabled as UCS Manager shows them (or a YAML bool).
func state(n *yaml.Node) (bool, error) {
	switch strings.ToLower(n.Value) {
	case "enabled", "enable", "on", "true", "yes":
		return true, nil
	case "disabled", "disable", "off", "false", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q: want enabled or disabled", n.Value)
}

// uplink adds a port that a link of the inventory ends on: UCS uplinks
// carry every VLAN defined in UCS Manager (without disjoint layer-2
// groups, which a declaration does not describe).
func (p *parser) uplink(name string, link *yaml.Node) {
	name = Vendor{}.CanonicalInterface(FI, name)
	if p.dev.Interface(name) != nil {
		return
	}
	ifc := p.dev.AddInterface(&model.Interface{Name: name, Ref: p.ref(link), Mode: model.ModeTrunk, ModeRef: p.refp(link),
		AccessVLAN: 1, NativeVLAN: 1, Allowed: p.vlans})
	if p.vref != nil {
		ifc.AllowedRefs = []model.Ref{*p.vref}
	}
}

func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
