// Package inventory loads and validates the YAML inventory: the clusters
// to audit, the devices and how to reach them or where their saved configs
// are, and the links between devices. Every error names the file and line.
package inventory

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/model"
)

// Inventory is a loaded, validated inventory.
type Inventory struct {
	File string `yaml:"-"` // path as given
	// Snapshot is where recorded outputs live when --snapshot is not
	// given, relative to the inventory file.
	Snapshot    string      `yaml:"snapshot"`
	Clusters    []Cluster   `yaml:"clusters"`
	Devices     []Device    `yaml:"devices"`
	Links       []Link      `yaml:"links"`
	Credentials Credentials `yaml:"credentials"`
	// DevicesFrom names an Ansible or Nornir inventory whose devices
	// join this one's, relative to this file.
	DevicesFrom string `yaml:"devices_from"`
	// NetBox, where given, lists devices and cables beside devices: and
	// links:.
	NetBox *NetBox `yaml:"netbox"`

	// Format is the format the file was in: FormatNative, or an Ansible or
	// Nornir format, which give devices only.
	Format string `yaml:"-"`
	// Notes say what loading ignored or skipped: secrets in an Ansible or
	// Nornir inventory (named by key and line, never by value), hosts that
	// are not switches mcaudit audits. For stderr.
	Notes []string `yaml:"-"`

	lines  []string       // the file's lines, for evidence text
	byName map[string]int // device name → index in Devices, as loaded
}

// index builds the name index Device uses: an inventory of thousands of
// devices is asked for a device per link end and per host.
func (inv *Inventory) index() {
	inv.byName = make(map[string]int, len(inv.Devices))
	for i, d := range inv.Devices {
		if _, dup := inv.byName[d.Name]; !dup {
			inv.byName[d.Name] = i
		}
	}
}

// Cluster is an application cluster as written in the inventory.
type Cluster struct {
	Name  string `yaml:"name"`
	VLAN  int    `yaml:"vlan"`
	Group string `yaml:"group"`
	// VLANName names the cluster VLAN where remediation creates it.
	VLANName string `yaml:"vlan_name"`
	// QuerierAddress is the source address remediation gives a snooping
	// querier it configures in the VLAN: an unused address of its subnet.
	QuerierAddress string `yaml:"querier_address"`
	Hosts          []Host `yaml:"hosts"`
	Line           int    `yaml:"-"`
	// keyLines are where each key of the cluster was written, for errors
	// about one value.
	keyLines map[string]int
}

// Host is one cluster node.
type Host struct {
	Name      string `yaml:"name"`
	IP        string `yaml:"ip"`
	Switch    string `yaml:"switch"`
	Interface string `yaml:"interface"`
	Site      string `yaml:"site"`
	Line      int    `yaml:"-"`
}

// Device is a switch: reached over SSH or gNMI, or read from a saved config.
type Device struct {
	Name      string `yaml:"name"`
	Platform  string `yaml:"platform"`
	Address   string `yaml:"address"`
	Transport string `yaml:"transport"`
	Port      int    `yaml:"port"`
	Config    string `yaml:"config"`
	// Declare is what the inventory says of a device mcaudit does not log
	// in to (a UCS fabric interconnect): its vendor reads it.
	Declare yaml.Node `yaml:"declare"`
	// File and Line say where the device was defined: the inventory, or
	// the Ansible or Nornir inventory devices_from names, or NetBox's URL.
	File string `yaml:"-"`
	Line int    `yaml:"-"`
	// From is "netbox" for a device NetBox listed.
	From string `yaml:"-"`
	// Skip, when set, says why the device cannot be audited (NetBox gave
	// it no platform or no address): it is reported as not audited, with
	// this reason, and never guessed at.
	Skip string `yaml:"-"`
}

// Link is a cable between two devices, each end written "device:interface".
type Link struct {
	A, B model.Endpoint
	Line int
	// Source is "inventory" (the default) or "netbox"; Ref, where set, is
	// the evidence for a link that is not a line of this file.
	Source string
	Ref    *model.Ref
}

// Credentials says where secrets are found; it never holds them.
type Credentials struct {
	Username     string `yaml:"username"` // a user name is not a secret
	UsernameEnv  string `yaml:"username_env"`
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	EnableEnv    string `yaml:"enable_env"` // enable secret, where the user logs in unprivileged
	EnableFile   string `yaml:"enable_file"`
	KeyFile      string `yaml:"key_file"` // SSH private key (unencrypted, or use ssh_agent)
	SSHAgent     bool   `yaml:"ssh_agent"`
	KnownHosts   string `yaml:"known_hosts"` // default ~/.ssh/known_hosts
}

// parseNative reads an mcaudit inventory, whose YAML doc is parsed.
func parseNative(path string, data []byte, doc *yaml.Node, platforms Platforms) (*Inventory, error) {
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s line %d: an inventory is a mapping with clusters, devices and links", path, doc.Line)
	}
	if err := checkFields(doc, typeOf[Inventory](), ""); err != nil {
		return nil, at(path, err)
	}
	inv := &Inventory{File: path, Format: FormatNative, lines: strings.Split(string(data), "\n")}
	if err := doc.Decode(inv); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s: %s", path, strings.Join(te.Errors, "; "))
		}
		return nil, at(path, err)
	}
	for i := range inv.Devices {
		inv.Devices[i].File = path
	}
	if inv.DevicesFrom != "" {
		if err := inv.importDevices(doc, platforms); err != nil {
			return nil, err
		}
	}
	if inv.NetBox != nil {
		if err := inv.addNetBox(platforms); err != nil {
			return nil, err
		}
	}
	if err := inv.validate(platforms); err != nil {
		return nil, at(path, err)
	}
	return inv, nil
}

// at prefixes an error with the file: "inv.yaml line 7: ..." when the
// error starts with its line, "inv.yaml: ..." otherwise.
func at(path string, err error) error {
	if msg := err.Error(); strings.HasPrefix(msg, path+" line ") || strings.HasPrefix(msg, path+":") {
		return err // it names the file already
	}
	if strings.HasPrefix(err.Error(), "line ") {
		return fmt.Errorf("%s %w", path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// UnmarshalYAML records where each element was written, for error messages.
func (c *Cluster) UnmarshalYAML(n *yaml.Node) error {
	type plain Cluster
	c.Line = n.Line
	c.keyLines = keyLines(n)
	return n.Decode((*plain)(c))
}

// keyLines maps each key of a mapping to its line.
func keyLines(n *yaml.Node) map[string]int {
	out := map[string]int{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = n.Content[i].Line
		}
	}
	return out
}

// keyLine is the line of key in c, else the cluster's line.
func (c Cluster) keyLine(key string) int {
	if l := c.keyLines[key]; l > 0 {
		return l
	}
	return c.Line
}

// UnmarshalYAML records where each element was written.
func (h *Host) UnmarshalYAML(n *yaml.Node) error {
	type plain Host
	h.Line = n.Line
	return n.Decode((*plain)(h))
}

// UnmarshalYAML records where each element was written.
func (d *Device) UnmarshalYAML(n *yaml.Node) error {
	type plain Device
	d.Line = n.Line
	return n.Decode((*plain)(d))
}

// UnmarshalYAML reads [dev:iface, dev:iface].
func (l *Link) UnmarshalYAML(n *yaml.Node) error {
	l.Line = n.Line
	if n.Kind == yaml.SequenceNode {
		for _, e := range n.Content {
			if e.Kind == yaml.MappingNode {
				return fmt.Errorf("line %d: link end is a mapping: write device:interface with no space after the colon", e.Line)
			}
		}
	}
	var ends []string
	if n.Kind != yaml.SequenceNode || n.Decode(&ends) != nil || len(ends) != 2 {
		return fmt.Errorf("line %d: a link is a pair [device:interface, device:interface]", n.Line)
	}
	for i, e := range ends {
		dev, ifc, ok := strings.Cut(e, ":")
		dev, ifc = strings.TrimSpace(dev), strings.TrimSpace(ifc)
		if !ok || dev == "" || ifc == "" {
			return fmt.Errorf("line %d: link end %q is not device:interface", n.Line, e)
		}
		ep := model.Endpoint{Device: dev, Interface: ifc}
		if i == 0 {
			l.A = ep
		} else {
			l.B = ep
		}
	}
	return nil
}

// RequireClusters is for audits: collection needs only devices.
func (inv *Inventory) RequireClusters() error {
	if len(inv.Clusters) == 0 && inv.Format != "" && inv.Format != FormatNative {
		return fmt.Errorf("%s: no clusters: %s inventories list devices only; write an mcaudit inventory with the clusters and links, and devices_from: %s", inv.File, inv.Format, inv.File)
	}
	if len(inv.Clusters) == 0 {
		return fmt.Errorf("%s: no clusters: say which VLAN and hosts to audit", inv.File)
	}
	return nil
}

// CheckConfigFiles reports the first device whose config: file cannot be
// read, at its inventory line: a typo in a path is bad input, not a
// switch that could not be audited.
func (inv *Inventory) CheckConfigFiles() error {
	for _, d := range inv.Devices {
		if d.Config == "" {
			continue
		}
		if _, err := os.Stat(inv.Path(d.Config)); err != nil {
			why := "cannot be read"
			if os.IsNotExist(err) {
				why = "does not exist"
			}
			return fmt.Errorf("%s line %d: device %q: config %s %s", d.File, d.Line, d.Name, inv.Path(d.Config), why)
		}
	}
	return nil
}

// Dir is the directory relative paths in the inventory are resolved from.
func (inv *Inventory) Dir() string { return filepath.Dir(inv.File) }

// Path resolves a path written in the inventory.
func (inv *Inventory) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(inv.Dir(), p)
}

// Declared reports whether d is declared in the inventory rather than
// collected.
func (d Device) Declared() bool { return d.Declare.Kind != 0 }

// Text is the inventory file as read, for a declared device's vendor.
func (inv *Inventory) Text() []byte { return []byte(strings.Join(inv.lines, "\n")) }

// Device returns the device called name, or nil.
func (inv *Inventory) Device(name string) *Device {
	if i, ok := inv.byName[name]; ok && i < len(inv.Devices) && inv.Devices[i].Name == name {
		return &inv.Devices[i]
	}
	// Devices changed since the index was built, or name is not there.
	for i := range inv.Devices {
		if inv.Devices[i].Name == name {
			return &inv.Devices[i]
		}
	}
	return nil
}

func (inv *Inventory) validate(platforms Platforms) error {
	inv.index()
	if len(inv.Devices) == 0 {
		return errors.New("no devices")
	}
	for _, d := range inv.Devices {
		if d.Name == "" && d.File == inv.File {
			return fmt.Errorf("line %d: device without a name", d.Line)
		}
	}
	if err := checkDeviceNames(inv.Devices); err != nil {
		return err
	}
	seen := map[string]int{}
	for _, d := range inv.Devices {
		if d.File != inv.File {
			continue // imported with devices_from or from NetBox, and checked there
		}
		if d.Skip != "" {
			seen[d.Name] = d.Line // reported as not audited, with why
			continue
		}
		switch {
		case d.Name == "":
			return fmt.Errorf("line %d: device without a name", d.Line)
		case seen[d.Name] != 0:
			return fmt.Errorf("line %d: device %q is already defined at line %d", d.Line, d.Name, seen[d.Name])
		case d.Platform == "":
			return fmt.Errorf("line %d: device %q has no platform (want one of %s)", d.Line, d.Name, strings.Join(platforms.Names, ", "))
		case !contains(platforms.Names, d.Platform):
			return fmt.Errorf("line %d: device %q: unknown platform %q (want one of %s)", d.Line, d.Name, d.Platform, strings.Join(platforms.Names, ", "))
		case d.Transport != "" && d.Transport != "ssh" && d.Transport != "gnmi":
			return fmt.Errorf("line %d: device %q: unknown transport %q (want ssh or gnmi)", d.Line, d.Name, d.Transport)
		case d.Port < 0 || d.Port > 65535:
			return fmt.Errorf("line %d: device %q: port %d is not 1-65535", d.Line, d.Name, d.Port)
		}
		declared := contains(platforms.Declared, d.Platform)
		switch {
		case declared && d.Declare.Kind == 0:
			return fmt.Errorf("line %d: device %q: a %s is not logged in to: declare what it has under \"declare\" (vlans, multicast_policy)", d.Line, d.Name, d.Platform)
		case declared && (d.Address != "" || d.Config != "" || d.Transport != ""):
			return fmt.Errorf("line %d: device %q: a %s is declared, not collected: it takes no address, config or transport", d.Line, d.Name, d.Platform)
		case !declared && d.Declare.Kind != 0:
			return fmt.Errorf("line %d: device %q: \"declare\" is for devices mcaudit does not log in to (%s), not %s", d.Declare.Line, d.Name, strings.Join(platforms.Declared, ", "), d.Platform)
		}
		// A device with neither an address nor a config file is read from
		// a snapshot; collecting it live is what needs the address.
		seen[d.Name] = d.Line
	}
	names := map[string]int{}
	for _, c := range inv.Clusters {
		if err := inv.validateCluster(c, names); err != nil {
			return err
		}
	}
	for _, l := range inv.Links {
		for _, e := range []model.Endpoint{l.A, l.B} {
			if inv.Device(e.Device) == nil {
				return fmt.Errorf("line %d: link end %s:%s: unknown device %q%s", l.Line, e.Device, e.Interface, e.Device, inv.suggestDevice(e.Device))
			}
		}
		if l.A.Device == l.B.Device {
			return fmt.Errorf("line %d: link connects %s to itself", l.Line, l.A.Device)
		}
	}
	return nil
}

func (inv *Inventory) validateCluster(c Cluster, names map[string]int) error {
	switch {
	case c.Name == "":
		return fmt.Errorf("line %d: cluster without a name", c.Line)
	case names[c.Name] != 0:
		return fmt.Errorf("line %d: cluster %q is already defined at line %d", c.Line, c.Name, names[c.Name])
	case c.VLAN < 1 || c.VLAN > model.MaxVLAN:
		return fmt.Errorf("line %d: cluster %q: vlan %d is not 1-%d", c.Line, c.Name, c.VLAN, model.MaxVLAN)
	case len(c.Hosts) == 0:
		return fmt.Errorf("line %d: cluster %q has no hosts", c.Line, c.Name)
	}
	names[c.Name] = c.Line
	if c.Group != "" {
		g, err := netip.ParseAddr(c.Group)
		if err != nil || !g.Is4() || !g.IsMulticast() {
			return fmt.Errorf("line %d: cluster %q: group %q is not an IPv4 multicast address (224.0.0.0/4)", c.Line, c.Name, c.Group)
		}
	}
	if c.QuerierAddress != "" {
		a, err := netip.ParseAddr(c.QuerierAddress)
		if err != nil || !a.Is4() || a.IsMulticast() || a.IsUnspecified() || a.String() != c.QuerierAddress {
			return fmt.Errorf("line %d: cluster %q: querier_address %s is not a unicast IPv4 address", c.keyLine("querier_address"), c.Name, Quote(c.QuerierAddress))
		}
	}
	if c.VLANName != "" {
		if err := checkVLANName(c.VLANName); err != nil {
			return fmt.Errorf("line %d: cluster %q: vlan_name %s: %v", c.keyLine("vlan_name"), c.Name, Quote(c.VLANName), err)
		}
	}
	hosts := map[string]int{}
	for _, h := range c.Hosts {
		ip, err := netip.ParseAddr(h.IP)
		switch {
		case h.Name == "":
			return fmt.Errorf("line %d: host without a name", h.Line)
		case hosts[h.Name] != 0:
			return fmt.Errorf("line %d: host %q is already in cluster %q at line %d", h.Line, h.Name, c.Name, hosts[h.Name])
		case err != nil || !ip.Is4():
			return fmt.Errorf("line %d: host %q: ip %q is not an IPv4 address", h.Line, h.Name, h.IP)
		case h.Switch == "":
			return fmt.Errorf("line %d: host %q: switch is required (the device the host is cabled to)", h.Line, h.Name)
		case inv.Device(h.Switch) == nil:
			return fmt.Errorf("line %d: host %q: switch %q is not a device of this inventory%s", h.Line, h.Name, h.Switch, inv.suggestDevice(h.Switch))
		case h.Interface == "":
			return fmt.Errorf("line %d: host %q: interface is required (the switch port the host is cabled to)", h.Line, h.Name)
		}
		hosts[h.Name] = h.Line
	}
	return nil
}

func (inv *Inventory) suggestDevice(name string) string {
	var names []string
	for _, d := range inv.Devices {
		names = append(names, d.Name)
	}
	if s := closest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf(" (devices: %s)", strings.Join(names, ", "))
}

// Model converts cluster c to the model, with the group parsed and the
// host lines as evidence.
func (inv *Inventory) Model(c Cluster) model.Cluster {
	mc := model.Cluster{Name: c.Name, VLAN: c.VLAN, VLANName: c.VLANName, Ref: inv.ref(c.Line)}
	if c.VLANName != "" {
		mc.VLANNameRef = inv.ref(c.keyLine("vlan_name"))
	}
	if c.Group != "" {
		mc.Group = netip.MustParseAddr(c.Group)
	}
	if c.QuerierAddress != "" {
		mc.QuerierAddress = netip.MustParseAddr(c.QuerierAddress)
	}
	for _, h := range c.Hosts {
		mc.Hosts = append(mc.Hosts, model.Host{
			Name: h.Name, IP: netip.MustParseAddr(h.IP), Switch: h.Switch,
			Interface: h.Interface, Site: h.Site, Ref: inv.ref(h.Line),
		})
	}
	return mc
}

// ModelLinks converts the links to the model.
func (inv *Inventory) ModelLinks() []model.Link {
	var out []model.Link
	for _, l := range inv.Links {
		ml := model.Link{A: l.A, B: l.B, Ref: inv.ref(l.Line), Source: "inventory"}
		if l.Source != "" {
			ml.Source = l.Source
		}
		if l.Ref != nil {
			ml.Ref = *l.Ref
		}
		out = append(out, ml)
	}
	return out
}

// ref points at a line of the inventory file, with its text, as evidence.
func (inv *Inventory) ref(n int) model.Ref {
	r := model.Ref{File: inv.File, Line: n}
	if n >= 1 && n <= len(inv.lines) {
		r.Text = strings.TrimRight(inv.lines[n-1], "\r")
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
