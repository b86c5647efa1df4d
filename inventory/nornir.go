package inventory

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Nornir's SimpleInventory: hosts.yaml, with groups.yaml and defaults.yaml
// beside it. A host's hostname, port, username, platform and each data key
// come from the host, else from its groups in order (each group before its
// own groups), else from the defaults.

// nornirAttrs are the inherited attributes mcaudit reads; password is
// wiped on parse, and connection_options are not read.
var nornirAttrs = []string{"hostname", "port", "username", "platform"}

type nEntry struct {
	name   string
	at     pos
	attrs  vars
	groups []edge
	data   vars
}

type nornir struct {
	file     string
	hosts    []*nEntry
	groups   map[string]*nEntry
	gfile    string // groups.yaml as found, "" if none
	defaults *nEntry
	log      *noteLog
}

// besideFile finds base.yaml (or base.yml) in dir.
func besideFile(dir, base string) string {
	for _, ext := range []string{".yaml", ".yml"} {
		p := filepath.Join(dir, base+ext)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// readNornir reads the hosts document and the groups and defaults files
// beside it.
func readNornir(file string, doc *yaml.Node, log *noteLog) (*nornir, error) {
	n := &nornir{file: file, groups: map[string]*nEntry{}, defaults: &nEntry{attrs: vars{}, data: vars{}}, log: log}
	hosts, err := readEntries(file, doc, "host", true)
	if err != nil {
		return nil, err
	}
	n.hosts = hosts
	if n.gfile = besideFile(filepath.Dir(file), "groups"); n.gfile != "" {
		gdoc, err := n.readBeside(n.gfile)
		if err != nil {
			return nil, err
		}
		groups, err := readEntries(n.gfile, gdoc, "group", true)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			n.groups[g.name] = g
		}
	}
	if f := besideFile(filepath.Dir(file), "defaults"); f != "" {
		ddoc, err := n.readBeside(f)
		if err != nil {
			return nil, err
		}
		if !isNull(ddoc) {
			if deref(ddoc).Kind != yaml.MappingNode {
				return nil, errAt(pos{f, ddoc.Line}, "defaults: want a mapping (hostname, port, username, platform, data), found %s", kindName(ddoc))
			}
			if n.defaults, err = readEntry(f, "defaults", ddoc.Line, ddoc, false); err != nil {
				return nil, err
			}
		}
	}
	return n, nil
}

func (n *nornir) readBeside(f string) (*yaml.Node, error) {
	data, err := readFile(f)
	if err != nil {
		return nil, err
	}
	defer clear(data)
	if isVaultData(data) {
		return nil, fmt.Errorf("%s: the file is vault-encrypted: mcaudit does not decrypt", f)
	}
	return parseYAMLFile(f, data, n.log)
}

// readEntries reads a mapping of names to hosts or groups.
func readEntries(file string, doc *yaml.Node, what string, withGroups bool) ([]*nEntry, error) {
	if isNull(doc) {
		return nil, nil
	}
	if deref(doc).Kind != yaml.MappingNode {
		return nil, errAt(pos{file, doc.Line}, "want a mapping of %s names to their settings, found %s", what, kindName(doc))
	}
	var out []*nEntry
	seen := map[string]int{}
	for _, p := range pairs(doc) {
		at := pos{file, p.k.Line}
		if p.k.Kind != yaml.ScalarNode || p.k.Value == "" {
			return nil, errAt(at, "want a %s name", what)
		}
		if l, dup := seen[p.k.Value]; dup {
			return nil, errAt(at, "%s %q is already defined at line %d", what, p.k.Value, l)
		}
		seen[p.k.Value] = p.k.Line
		v := deref(p.v)
		if !isNull(v) && v.Kind != yaml.MappingNode {
			return nil, errAt(at, "%s %q: want a mapping (hostname, platform, groups, data, ...), found %s", what, p.k.Value, kindName(v))
		}
		e, err := readEntry(file, p.k.Value, p.k.Line, v, withGroups)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func readEntry(file, name string, line int, n *yaml.Node, withGroups bool) (*nEntry, error) {
	e := &nEntry{name: name, at: pos{file, line}, attrs: vars{}, data: vars{}}
	for _, p := range pairs(n) {
		at := pos{file, p.k.Line}
		v := deref(p.v)
		switch key := p.k.Value; {
		case slices.Contains(nornirAttrs, key):
			if isNull(v) && v.Tag != vaultTag {
				continue
			}
			if v.Kind != yaml.ScalarNode {
				return nil, errAt(at, "%s of %q: want a single value, found %s", key, name, kindName(v))
			}
			e.attrs[key] = val{s: v.Value, scalar: true, vault: v.Tag == vaultTag, at: at}
		case key == "groups" && withGroups:
			if isNull(v) {
				continue
			}
			if v.Kind != yaml.SequenceNode {
				return nil, errAt(at, "groups of %q: want a list of group names, found %s", name, kindName(v))
			}
			for _, g := range v.Content {
				g = deref(g)
				if g.Kind != yaml.ScalarNode || g.Value == "" || isNull(g) {
					return nil, errAt(pos{file, g.Line}, "groups of %q: want a group name, found %s", name, kindName(g))
				}
				e.groups = append(e.groups, edge{g.Value, pos{file, g.Line}})
			}
		case key == "data":
			if !isNull(v) && v.Kind != yaml.MappingNode {
				return nil, errAt(at, "data of %q: want a mapping, found %s", name, kindName(v))
			}
			readVars(v, e.data, file)
		}
	}
	return e, nil
}

// check rejects unknown and cyclic group references.
func (n *nornir) check() error {
	var names []string
	for name := range n.groups {
		names = append(names, name)
	}
	slices.Sort(names)
	ref := func(from *nEntry, e edge) error {
		if n.groups[e.name] != nil {
			return nil
		}
		if n.gfile == "" {
			return errAt(e.at, "%q is in group %q, but there is no groups.yaml beside %s", from.name, e.name, filepath.Base(n.file))
		}
		hint := ""
		if s := closest(e.name, names); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		return errAt(e.at, "%q is in group %q, which is not in %s%s", from.name, e.name, filepath.Base(n.gfile), hint)
	}
	for _, h := range n.hosts {
		for _, e := range h.groups {
			if err := ref(h, e); err != nil {
				return err
			}
		}
	}
	state := map[string]int{}
	var path []string
	var visit func(g *nEntry) error
	visit = func(g *nEntry) error {
		state[g.name] = 1
		path = append(path, g.name)
		for _, e := range g.groups {
			if err := ref(g, e); err != nil {
				return err
			}
			switch state[e.name] {
			case 1:
				i := slices.Index(path, e.name)
				return errAt(e.at, "group cycle: %s", strings.Join(append(slices.Clone(path[i:]), e.name), " → "))
			case 0:
				if err := visit(n.groups[e.name]); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[g.name] = 2
		return nil
	}
	for _, name := range names {
		if state[name] == 0 {
			if err := visit(n.groups[name]); err != nil {
				return err
			}
		}
	}
	return nil
}

// lookup finds an attribute (data false) or a data key (data true) as
// Nornir inherits it.
func (n *nornir) lookup(h *nEntry, key string, data bool) (val, bool) {
	var find func(e *nEntry, depth int) (val, bool)
	find = func(e *nEntry, depth int) (val, bool) {
		m := e.attrs
		if data {
			m = e.data
		}
		if v, ok := m[key]; ok {
			return v, true
		}
		if depth > 100 {
			return val{}, false
		}
		for _, g := range e.groups {
			if v, ok := find(n.groups[g.name], depth+1); ok {
				return v, true
			}
		}
		return val{}, false
	}
	if v, ok := find(h, 0); ok {
		return v, true
	}
	if data {
		v, ok := n.defaults.data[key]
		return v, ok
	}
	v, ok := n.defaults.attrs[key]
	return v, ok
}

func (n *nornir) inventory(platforms Platforms) (*Inventory, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	inv := &Inventory{File: n.file, Format: FormatNornir}
	users := &userSet{}
	var skipped []string
	for _, h := range n.hosts {
		d, user, reason, err := n.device(h, platforms)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			n.log.skipped(n.file, h.name, reason)
			skipped = append(skipped, h.name+": "+reason)
			continue
		}
		inv.Devices = append(inv.Devices, d)
		users.add(user, h.name)
	}
	if len(inv.Devices) == 0 {
		if len(n.hosts) == 0 {
			return nil, fmt.Errorf("%s: no hosts in this Nornir inventory", n.file)
		}
		return nil, errAt(n.hosts[0].at, "no host mcaudit can audit among %s (%s); set platform (ios, iosxe, nxos) or data.mcaudit_platform",
			plural(len(n.hosts), "host"), nameList(skipped, 5))
	}
	inv.Credentials.Username = users.pick(n.file, "username", n.log)
	return inv, nil
}

func (n *nornir) device(h *nEntry, platforms Platforms) (d Device, user, reason string, err error) {
	d = Device{Name: h.name, File: h.at.file, Line: h.at.line, Transport: "ssh"}
	if v, ok := n.lookup(h, "mcaudit_platform", true); ok {
		if d.Platform, err = use(h.name, "data.mcaudit_platform", v); err != nil {
			return d, "", "", err
		}
		if !contains(platforms.Names, d.Platform) {
			return d, "", "", errAt(v.at, "host %q: data.mcaudit_platform %q is not one of %s", h.name, d.Platform, strings.Join(platforms.Names, ", "))
		}
	} else {
		v, ok := n.lookup(h, "platform", false)
		if !ok {
			return d, "", "no platform", nil
		}
		if v.vault {
			return d, "", "platform is vault-encrypted", nil
		}
		name := strings.ToLower(strings.TrimSpace(v.s))
		p, known := platforms.Nornir[name]
		switch {
		case !known:
			return d, "", fmt.Sprintf("platform %s is not one mcaudit audits; set data.mcaudit_platform to override", name), nil
		case !contains(platforms.Names, p):
			return d, "", fmt.Sprintf("platform %s is not supported by this mcaudit", p), nil
		}
		d.Platform = p
	}
	d.Address = h.name
	if v, ok := n.lookup(h, "hostname", false); ok {
		if d.Address, err = use(h.name, "hostname", v); err != nil {
			return d, "", "", err
		}
	}
	if v, ok := n.lookup(h, "mcaudit_transport", true); ok {
		if d.Transport, err = use(h.name, "data.mcaudit_transport", v); err != nil {
			return d, "", "", err
		}
		d.Transport = strings.ToLower(d.Transport)
		if d.Transport != "ssh" && d.Transport != "gnmi" {
			return d, "", "", errAt(v.at, "host %q: data.mcaudit_transport %q: want ssh or gnmi", h.name, d.Transport)
		}
	}
	if v, ok := n.lookup(h, "mcaudit_port", true); ok {
		if d.Port, err = port(h.name, "data.mcaudit_port", v); err != nil {
			return d, "", "", err
		}
	} else if v, ok := n.lookup(h, "port", false); ok && d.Transport == "ssh" {
		// Nornir's port is the one its connection plugins log in on: SSH.
		if d.Port, err = port(h.name, "port", v); err != nil {
			return d, "", "", err
		}
	}
	if v, ok := n.lookup(h, "username", false); ok && !v.vault && !isTemplate(v.s) {
		user = strings.TrimSpace(v.s)
	}
	return d, user, "", nil
}
