package inventory

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Inventory formats, as Inventory.Format reports them.
const (
	FormatNative      = "mcaudit"
	FormatAnsibleYAML = "Ansible YAML"
	FormatAnsibleINI  = "Ansible INI"
	FormatNornir      = "Nornir"
)

// Platforms are the platform names an inventory may use, and what the
// Ansible and Nornir names of a platform mean.
type Platforms struct {
	Names []string
	// Ansible maps ansible_network_os (lower case) to a platform.
	Ansible map[string]string
	// Nornir maps a Nornir platform (netmiko, NAPALM, scrapli names,
	// lower case) to a platform.
	Nornir map[string]string
	// Declared are the platforms whose devices are declared in the
	// inventory ("declare") rather than collected.
	Declared []string
	// NetBox reads an inventory's netbox: block; nil where the caller
	// reads none (an inventory with one is then refused).
	NetBox NetBoxSource
}

// Load reads and validates an inventory. platforms lists the platform
// names the caller can audit.
//
// path is an mcaudit inventory, an Ansible inventory (YAML or INI, with
// group_vars/ and host_vars/ beside it), a Nornir hosts.yaml (with
// groups.yaml and defaults.yaml beside it) or a directory holding
// hosts.yaml; the format is detected from the content. An Ansible or
// Nornir inventory gives devices only: an audit needs clusters, from an
// mcaudit inventory that imports those devices with devices_from.
func Load(path string, platforms Platforms) (*Inventory, error) {
	inv, err := load(path, platforms, true)
	if pe, ok := err.(*os.PathError); ok {
		return nil, fmt.Errorf("inventory: %w", pe)
	}
	return inv, err
}

func load(path string, platforms Platforms, nativeOK bool) (*Inventory, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		f := besideFile(path, "hosts")
		if f == "" {
			return nil, fmt.Errorf("%s: a directory inventory holds hosts.yaml (Nornir SimpleInventory), and this one has none", path)
		}
		path = f
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer clear(data) // secrets in it must not outlive the load
	return parse(path, data, platforms, nativeOK)
}

// Parse is Load on data already read from path. For the Ansible and
// Nornir formats, the files beside path (group_vars/, groups.yaml, ...)
// are read from disk.
func Parse(path string, data []byte, platforms Platforms) (*Inventory, error) {
	return parse(path, data, platforms, true)
}

// parse reads any format, then checks what every format must give: device
// names that are safe as file names.
func parse(path string, data []byte, platforms Platforms, nativeOK bool) (*Inventory, error) {
	inv, err := parseFormat(path, data, platforms, nativeOK)
	if err != nil {
		return nil, err
	}
	if err := checkDeviceNames(inv.Devices); err != nil {
		return nil, err
	}
	inv.index()
	return inv, nil
}

func parseFormat(path string, data []byte, platforms Platforms, nativeOK bool) (*Inventory, error) {
	if isVaultData(data) {
		return nil, fmt.Errorf("%s: the file is vault-encrypted: mcaudit does not decrypt inventories", path)
	}
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
	log := &noteLog{}
	if looksINI(data) {
		a := newAnsible(path, FormatAnsibleINI, log)
		if err := a.readINI(data); err != nil {
			return nil, err
		}
		inv, err := a.inventory(platforms)
		return withNotes(inv, err, log)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, data, err)
	}
	scrubYAML(&root, path, log)
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty inventory: want clusters, devices and links", path)
	}
	doc := root.Content[0]
	format := classify(doc)
	switch {
	case format == FormatAnsibleYAML:
		a := newAnsible(path, FormatAnsibleYAML, log)
		if err := a.readYAML(doc); err != nil {
			return nil, err
		}
		inv, err := a.inventory(platforms)
		return withNotes(inv, err, log)
	case format == FormatNornir && (base == "groups" || base == "defaults"):
		return nil, fmt.Errorf("%s: this is Nornir's %s file: give the hosts file (hosts.yaml) or its directory", path, base)
	case format == FormatNornir:
		n, err := readNornir(path, doc, log)
		if err != nil {
			return nil, err
		}
		inv, err := n.inventory(platforms)
		return withNotes(inv, err, log)
	case format == FormatNative && nativeOK:
		return parseNative(path, data, doc, platforms)
	case format == FormatNative:
		return nil, fmt.Errorf("%s: this is an mcaudit inventory: devices_from names an Ansible or Nornir inventory", path)
	}
	return nil, errAt(pos{path, doc.Line}, "not an inventory: want an mcaudit inventory (clusters, devices, links), an Ansible inventory (all: with hosts and children, or INI) or a Nornir hosts.yaml (host names with hostname, platform, groups)")
}

// withNotes attaches the load's notes to a foreign inventory.
func withNotes(inv *Inventory, err error, log *noteLog) (*Inventory, error) {
	if err != nil {
		return nil, err
	}
	inv.Notes = log.notes()
	return inv, nil
}

// looksINI says whether data is an Ansible INI inventory, from its first
// line that is not blank or a comment: a [section] header, or a host line
// (a name, then key=value words). Every YAML inventory starts with
// "key:", "- ", "---" or a flow collection instead.
func looksINI(data []byte) bool {
	for rest := data; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			if _, _, ok := parseSection(line); ok {
				return true
			}
			return isHostLine(line) // [2001:db8::1]:22 ansible_host=...
		}
		if strings.IndexByte("-{\"'&*!|>%@`?", line[0]) >= 0 {
			return false
		}
		return isHostLine(line)
	}
	return false
}

// isHostLine says whether line is "name key=value ...".
func isHostLine(line []byte) bool {
	toks, err := splitINI(line)
	defer func() {
		for _, t := range toks {
			clear(t)
		}
	}()
	if err != nil || len(toks) == 0 || bytes.HasSuffix(toks[0], []byte(":")) {
		return false
	}
	for _, t := range toks[1:] {
		if bytes.IndexByte(t, '=') < 0 {
			return false
		}
	}
	return true
}

// classify tells the YAML formats apart by their top-level structure.
// It returns "" for a mapping that is none of them.
func classify(doc *yaml.Node) string {
	doc = deref(doc)
	if doc == nil || doc.Kind != yaml.MappingNode {
		return FormatNative // which reports what an inventory should be
	}
	native := yamlFields(typeOf[Inventory]())
	var keys []string
	for k := range native {
		keys = append(keys, k)
	}
	ps := pairs(doc)
	if len(ps) == 0 {
		return FormatNative
	}
	for _, p := range ps {
		if _, ok := native[p.k.Value]; ok {
			return FormatNative
		}
	}
	for _, p := range ps {
		if p.k.Value == "all" {
			return FormatAnsibleYAML
		}
	}
	ansibleKeys, nornirKeys, varsKey := false, false, false
	for _, p := range ps {
		for _, q := range pairs(p.v) {
			switch q.k.Value {
			case "hosts", "children":
				ansibleKeys = true
			case "vars":
				varsKey = true
			case "hostname", "platform", "groups", "data", "port", "username", "password", "connection_options":
				nornirKeys = true
			}
		}
	}
	switch {
	case ansibleKeys:
		return FormatAnsibleYAML
	case nornirKeys:
		return FormatNornir
	case varsKey:
		return FormatAnsibleYAML
	}
	// A misspelt mcaudit key ("devcies:") is an mcaudit inventory with a
	// typo, which the native loader names with a suggestion.
	for _, p := range ps {
		if closest(p.k.Value, keys) != "" {
			return FormatNative
		}
	}
	return ""
}

// importDevices loads the inventory devices_from names and merges its
// devices with inv's own.
func (inv *Inventory) importDevices(doc *yaml.Node, platforms Platforms) error {
	line := 0
	for _, p := range pairs(doc) {
		if p.k.Value == "devices_from" {
			line = p.k.Line
		}
	}
	at := pos{inv.File, line}
	from := inv.Path(inv.DevicesFrom)
	sub, err := load(from, platforms, false)
	if err != nil {
		return fmt.Errorf("%s: devices_from %s: %w", at, inv.DevicesFrom, err)
	}
	own := map[string]Device{}
	for _, d := range inv.Devices {
		if _, dup := own[d.Name]; !dup {
			own[d.Name] = d
		}
	}
	for _, d := range sub.Devices {
		if o, dup := own[d.Name]; dup {
			return fmt.Errorf("%s line %d: device %q is already defined in %s line %d (devices_from)", inv.File, o.Line, d.Name, d.File, d.Line)
		}
	}
	inv.Devices = append(inv.Devices, sub.Devices...)
	inv.Notes = append(inv.Notes, sub.Notes...)
	if u := sub.Credentials.Username; u != "" {
		if inv.Credentials.Username == "" && inv.Credentials.UsernameEnv == "" {
			inv.Credentials.Username = u
		} else if u != inv.Credentials.Username {
			inv.Notes = append(inv.Notes, fmt.Sprintf("%s: user name %s not used: the credentials of %s name the user", sub.File, u, inv.File))
		}
	}
	return nil
}
