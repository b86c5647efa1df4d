package inventory

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// An Ansible inventory (YAML or INI) is read into groups and hosts with
// their variables, then each host's variables are merged as Ansible does
// and mapped to a Device.

// sshConnections are the ansible_connection values that log in over SSH,
// so that ansible_port is an SSH port mcaudit can use.
var sshConnections = map[string]bool{
	"network_cli": true, "ansible.netcommon.network_cli": true,
	"ssh": true, "ansible.builtin.ssh": true,
	"paramiko": true, "paramiko_ssh": true, "ansible.builtin.paramiko_ssh": true,
	"libssh": true, "ansible.netcommon.libssh": true,
}

// val is one variable's value where it was set.
type val struct {
	s      string
	scalar bool // false for a list or mapping
	vault  bool // vault-encrypted: set, but never read
	at     pos
}

type vars map[string]val

type edge struct {
	name string
	at   pos
}

type aGroup struct {
	name     string
	at       pos
	defined  bool // INI: has a [name] or [name:children] section
	varsAt   pos  // INI: its first [name:vars] section
	vars     vars
	children []edge
}

type aHost struct {
	name   string
	at     pos
	vars   vars
	groups []string
}

type ansible struct {
	file   string
	format string
	groups map[string]*aGroup
	gorder []string
	hosts  map[string]*aHost
	horder []string
	log    *noteLog
}

// maxHosts bounds an inventory, so that a range such as sw[0:99999999]
// is an error rather than an exhausted machine.
const maxHosts = 100000

func newAnsible(file, format string, log *noteLog) *ansible {
	a := &ansible{file: file, format: format, groups: map[string]*aGroup{}, hosts: map[string]*aHost{}, log: log}
	a.group("all", pos{file, 0}).defined = true
	a.group("ungrouped", pos{file, 0}).defined = true
	return a
}

func (a *ansible) group(name string, at pos) *aGroup {
	g := a.groups[name]
	if g == nil {
		g = &aGroup{name: name, at: at, vars: vars{}}
		a.groups[name] = g
		a.gorder = append(a.gorder, name)
	}
	return g
}

func (a *ansible) host(name string, at pos) (*aHost, error) {
	h := a.hosts[name]
	if h == nil {
		if len(a.hosts) >= maxHosts {
			return nil, errAt(at, "more than %d hosts", maxHosts)
		}
		h = &aHost{name: name, at: at, vars: vars{}}
		a.hosts[name] = h
		a.horder = append(a.horder, name)
	}
	return h, nil
}

func (a *ansible) addChild(parent, child string, at pos) error {
	if child == "all" {
		return errAt(at, "group all cannot be a child of group %q: every group is already in all", parent)
	}
	a.group(child, at)
	p := a.groups[parent]
	for _, e := range p.children {
		if e.name == child {
			return nil
		}
	}
	p.children = append(p.children, edge{child, at})
	return nil
}

func (h *aHost) join(group string) {
	if !slices.Contains(h.groups, group) {
		h.groups = append(h.groups, group)
	}
}

// readYAML reads an Ansible YAML inventory: top-level groups (usually just
// all), each a mapping of hosts, children and vars.
func (a *ansible) readYAML(doc *yaml.Node) error {
	for _, p := range pairs(doc) {
		if p.k.Kind != yaml.ScalarNode || p.k.Value == "" {
			return errAt(pos{a.file, p.k.Line}, "want a group name")
		}
		if err := a.yamlGroup(p.k.Value, p.k.Line, p.v, 0); err != nil {
			return err
		}
	}
	return nil
}

func (a *ansible) yamlGroup(name string, line int, n *yaml.Node, depth int) error {
	at := pos{a.file, line}
	if depth > 50 {
		return errAt(at, "groups nested more than 50 deep")
	}
	a.group(name, at)
	n = deref(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return errAt(at, "group %q: want a mapping with hosts:, children: or vars:, found %s", name, kindName(n))
	}
	for _, p := range pairs(n) {
		kat := pos{a.file, p.k.Line}
		v := deref(p.v)
		switch p.k.Value {
		case "hosts":
			if v != nil && v.Kind == yaml.SequenceNode {
				return errAt(kat, "hosts of group %q is a list: Ansible YAML wants a mapping of host names (sw1: or sw1: {ansible_host: 192.0.2.1})", name)
			}
			if !isNull(v) && v.Kind != yaml.MappingNode {
				return errAt(kat, "hosts of group %q: want a mapping of host names, found %s", name, kindName(v))
			}
			for _, hp := range pairs(v) {
				hat := pos{a.file, hp.k.Line}
				if hp.k.Kind != yaml.ScalarNode || hp.k.Value == "" {
					return errAt(hat, "hosts of group %q: want a host name", name)
				}
				hv := deref(hp.v)
				if !isNull(hv) && hv.Kind != yaml.MappingNode {
					return errAt(hat, "host %q: want a mapping of variables (or nothing), found %s", hp.k.Value, kindName(hv))
				}
				names, err := expandHostRanges(hp.k.Value)
				if err != nil {
					return errAt(hat, "host %q: %v", hp.k.Value, err)
				}
				for _, hn := range names {
					h, err := a.host(hn, hat)
					if err != nil {
						return err
					}
					h.join(name)
					readVars(hv, h.vars, a.file)
				}
			}
		case "children":
			if !isNull(v) && v.Kind != yaml.MappingNode {
				return errAt(kat, "children of group %q: want a mapping of group names, found %s", name, kindName(v))
			}
			for _, cp := range pairs(v) {
				if cp.k.Kind != yaml.ScalarNode || cp.k.Value == "" {
					return errAt(pos{a.file, cp.k.Line}, "children of group %q: want a group name", name)
				}
				if err := a.addChild(name, cp.k.Value, pos{a.file, cp.k.Line}); err != nil {
					return err
				}
				if err := a.yamlGroup(cp.k.Value, cp.k.Line, cp.v, depth+1); err != nil {
					return err
				}
			}
		case "vars":
			if !isNull(v) && v.Kind != yaml.MappingNode {
				return errAt(kat, "vars of group %q: want a mapping, found %s", name, kindName(v))
			}
			readVars(v, a.groups[name].vars, a.file)
		default:
			a.log.notef("%s: group %q: key %q ignored (Ansible reads only hosts, children and vars)", kat, name, p.k.Value)
		}
	}
	return nil
}

// readVars copies a mapping's variables into into. Secrets were wiped by
// scrubYAML and are skipped; vault-encrypted values are kept as set but
// unreadable.
func readVars(n *yaml.Node, into vars, file string) {
	for _, p := range pairs(n) {
		if p.k.Kind != yaml.ScalarNode || isSecretKey(p.k.Value) {
			continue
		}
		v := deref(p.v)
		if v == nil || (isNull(v) && v.Tag != vaultTag) {
			continue
		}
		into[p.k.Value] = val{s: v.Value, scalar: v.Kind == yaml.ScalarNode, vault: v.Tag == vaultTag, at: pos{file, p.k.Line}}
	}
}

// readVarsDirs reads group_vars/ and host_vars/ beside the inventory.
func (a *ansible) readVarsDirs() (gv, hv map[string]vars, err error) {
	dir := filepath.Dir(a.file)
	gv, hv = map[string]vars{}, map[string]vars{}
	for _, d := range []struct {
		sub   string
		names []string
		into  map[string]vars
	}{{"group_vars", a.gorder, gv}, {"host_vars", a.horder, hv}} {
		base := filepath.Join(dir, d.sub)
		if st, err := os.Stat(base); err != nil || !st.IsDir() {
			continue
		}
		for _, name := range d.names {
			files, err := varsFiles(base, name)
			if err != nil {
				return nil, nil, err
			}
			for _, f := range files {
				v, err := a.readVarsFile(f)
				if err != nil {
					return nil, nil, err
				}
				if d.into[name] == nil {
					d.into[name] = vars{}
				}
				for k, x := range v {
					d.into[name][k] = x
				}
			}
		}
	}
	return gv, hv, nil
}

// varsFiles finds name's variables as Ansible does: the first of name
// (a file, or a directory of files read in order), name.yml, name.yaml,
// name.json.
func varsFiles(base, name string) ([]string, error) {
	if strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, nil
	}
	for _, ext := range []string{"", ".yml", ".yaml", ".json"} {
		p := filepath.Join(base, name+ext)
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			return []string{p}, nil
		}
		if ext != "" {
			continue
		}
		var out []string
		err = filepath.WalkDir(p, func(f string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(e.Name(), ".") && f != p {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			switch filepath.Ext(f) {
			case "", ".yml", ".yaml", ".json":
				if !e.IsDir() {
					out = append(out, f)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		return out, nil
	}
	return nil, nil
}

func (a *ansible) readVarsFile(f string) (vars, error) {
	data, err := readFile(f)
	if err != nil {
		return nil, err
	}
	defer clear(data)
	if isVaultData(data) {
		a.log.notef("%s: ignored: the file is vault-encrypted (mcaudit never reads secrets from an inventory)", f)
		return nil, nil
	}
	doc, err := parseYAMLFile(f, data, a.log)
	if err != nil {
		return nil, err
	}
	if isNull(doc) {
		return nil, nil
	}
	if deref(doc).Kind != yaml.MappingNode {
		return nil, errAt(pos{f, doc.Line}, "want a mapping of variables, found %s", kindName(doc))
	}
	v := vars{}
	readVars(doc, v, f)
	return v, nil
}

// resolve checks the group graph and merges each host's variables in
// Ansible's order: group vars in the inventory (all, then the other
// groups, parents before children, by name at equal depth), then
// group_vars/all, then group_vars/<group> in the same order, then the
// host's own vars, then host_vars/<host>.
func (a *ansible) resolve() (map[string]vars, error) {
	parents := map[string][]string{}
	for _, name := range a.gorder {
		for _, e := range a.groups[name].children {
			parents[e.name] = append(parents[e.name], name)
		}
	}
	if err := a.checkCycles(); err != nil {
		return nil, err
	}
	depth := map[string]int{"all": 0}
	var depthOf func(g string) int
	depthOf = func(g string) int {
		if d, ok := depth[g]; ok {
			return d
		}
		d := 1
		for _, p := range parents[g] {
			d = max(d, depthOf(p)+1)
		}
		depth[g] = d
		return d
	}
	gv, hv, err := a.readVarsDirs()
	if err != nil {
		return nil, err
	}
	out := map[string]vars{}
	sorted := map[string][]string{} // a host's groups → its ancestors, in merge order
	for _, hn := range a.horder {
		h := a.hosts[hn]
		key := strings.Join(h.groups, "\x00")
		groups, ok := sorted[key]
		if !ok {
			groups = a.ancestors(h.groups, parents, depthOf)
			sorted[key] = groups
		}
		m := vars{}
		merge := func(v vars) {
			for k, x := range v {
				m[k] = x
			}
		}
		merge(a.groups["all"].vars)
		for _, g := range groups {
			merge(a.groups[g].vars)
		}
		merge(gv["all"])
		for _, g := range groups {
			merge(gv[g])
		}
		merge(h.vars)
		merge(hv[hn])
		out[hn] = m
	}
	return out, nil
}

// ancestors lists the groups a host in groups belongs to, all excepted,
// parents before children and by name at equal depth.
func (a *ansible) ancestors(groups []string, parents map[string][]string, depthOf func(string) int) []string {
	anc := map[string]bool{}
	var up func(g string)
	up = func(g string) {
		if anc[g] {
			return
		}
		anc[g] = true
		for _, p := range parents[g] {
			up(p)
		}
	}
	for _, g := range groups {
		up(g)
	}
	delete(anc, "all")
	out := make([]string, 0, len(anc))
	for g := range anc {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := depthOf(out[i]), depthOf(out[j])
		if di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	return out
}

// checkCycles rejects a group that is, through children, its own child.
func (a *ansible) checkCycles() error {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(g string) error
	visit = func(g string) error {
		state[g] = open
		path = append(path, g)
		for _, e := range a.groups[g].children {
			switch state[e.name] {
			case open:
				i := slices.Index(path, e.name)
				cycle := append(slices.Clone(path[i:]), e.name)
				return errAt(e.at, "group cycle: %s", strings.Join(cycle, " → "))
			case unseen:
				if err := visit(e.name); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[g] = done
		return nil
	}
	for _, g := range a.gorder {
		if state[g] == unseen {
			if err := visit(g); err != nil {
				return err
			}
		}
	}
	return nil
}

// inventory resolves every host and keeps those mcaudit can audit.
func (a *ansible) inventory(platforms Platforms) (*Inventory, error) {
	merged, err := a.resolve()
	if err != nil {
		return nil, err
	}
	inv := &Inventory{File: a.file, Format: a.format}
	users := &userSet{}
	var skipped []string
	for _, hn := range a.horder {
		h := a.hosts[hn]
		d, user, reason, err := a.device(h, merged[hn], platforms)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			a.log.skipped(a.file, hn, reason)
			skipped = append(skipped, hn+": "+reason)
			continue
		}
		inv.Devices = append(inv.Devices, d)
		users.add(user, hn)
	}
	if len(inv.Devices) == 0 {
		if len(a.horder) == 0 {
			return nil, fmt.Errorf("%s: no hosts in this %s inventory", a.file, a.format)
		}
		return nil, errAt(a.hosts[a.horder[0]].at, "no host mcaudit can audit among %s (%s); set ansible_network_os (cisco.ios.ios, cisco.nxos.nxos) or mcaudit_platform",
			plural(len(a.horder), "host"), nameList(skipped, 5))
	}
	inv.Credentials.Username = users.pick(a.file, "ansible_user", a.log)
	return inv, nil
}

// use reads a variable mcaudit needs as a single plain value.
func use(host, key string, v val) (string, error) {
	switch {
	case v.vault:
		return "", errAt(v.at, "host %q: %s is vault-encrypted: mcaudit does not decrypt; write it in clear (it is not a secret)", host, key)
	case !v.scalar:
		return "", errAt(v.at, "host %q: %s: want a single value, found a list or mapping", host, key)
	case isTemplate(v.s):
		return "", errAt(v.at, "host %q: %s %q is a Jinja2 template, which mcaudit does not evaluate", host, key, v.s)
	case strings.TrimSpace(v.s) == "":
		return "", errAt(v.at, "host %q: %s is empty", host, key)
	}
	return strings.TrimSpace(v.s), nil
}

func port(host, key string, v val) (int, error) {
	s, err := use(host, key, v)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, errAt(v.at, "host %q: %s %q is not a port number (1-65535)", host, key, s)
	}
	return n, nil
}

func first(m vars, keys ...string) (string, val, bool) {
	for _, k := range keys {
		if v, ok := m[k]; ok {
			return k, v, true
		}
	}
	return "", val{}, false
}

// device maps one host's merged variables to a Device. A host that is not
// a switch mcaudit audits gets a reason to skip it; an error is for what
// the user wrote wrong.
func (a *ansible) device(h *aHost, m vars, platforms Platforms) (d Device, user, reason string, err error) {
	d = Device{Name: h.name, File: h.at.file, Line: h.at.line, Transport: "ssh"}
	if v, ok := m["mcaudit_platform"]; ok {
		if d.Platform, err = use(h.name, "mcaudit_platform", v); err != nil {
			return d, "", "", err
		}
		if !contains(platforms.Names, d.Platform) {
			return d, "", "", errAt(v.at, "host %q: mcaudit_platform %q is not one of %s", h.name, d.Platform, strings.Join(platforms.Names, ", "))
		}
	} else {
		v, ok := m["ansible_network_os"]
		switch {
		case !ok:
			return d, "", "no ansible_network_os", nil
		case v.vault:
			return d, "", "ansible_network_os is vault-encrypted", nil
		case !v.scalar || isTemplate(v.s):
			return d, "", "ansible_network_os is not a plain name; set mcaudit_platform", nil
		}
		netOS := strings.ToLower(strings.TrimSpace(v.s))
		p, known := platforms.Ansible[netOS]
		switch {
		case !known:
			return d, "", fmt.Sprintf("ansible_network_os %s is not a platform mcaudit audits; set mcaudit_platform to override", netOS), nil
		case !contains(platforms.Names, p):
			return d, "", fmt.Sprintf("platform %s is not supported by this mcaudit", p), nil
		}
		d.Platform = p
	}
	d.Address = h.name
	if k, v, ok := first(m, "ansible_host", "ansible_ssh_host"); ok {
		if d.Address, err = use(h.name, k, v); err != nil {
			return d, "", "", err
		}
	}
	conn := ""
	if v, ok := m["ansible_connection"]; ok {
		if conn, err = use(h.name, "ansible_connection", v); err != nil {
			return d, "", "", err
		}
	}
	sshLike := conn == "" || sshConnections[strings.ToLower(conn)]
	if v, ok := m["mcaudit_transport"]; ok {
		if d.Transport, err = use(h.name, "mcaudit_transport", v); err != nil {
			return d, "", "", err
		}
		d.Transport = strings.ToLower(d.Transport)
		if d.Transport != "ssh" && d.Transport != "gnmi" {
			return d, "", "", errAt(v.at, "host %q: mcaudit_transport %q: want ssh or gnmi", h.name, d.Transport)
		}
	} else if !sshLike {
		a.log.hostNote(a.file, h.name, fmt.Sprintf("ansible_connection %s: mcaudit collects over SSH on the default port (set mcaudit_transport and mcaudit_port to change)", conn))
	}
	if v, ok := m["mcaudit_port"]; ok {
		if d.Port, err = port(h.name, "mcaudit_port", v); err != nil {
			return d, "", "", err
		}
	} else if k, v, ok := first(m, "ansible_port", "ansible_ssh_port"); ok && d.Transport == "ssh" && sshLike {
		// ansible_port is the port Ansible logs in on: SSH only.
		if d.Port, err = port(h.name, k, v); err != nil {
			return d, "", "", err
		}
	}
	if _, v, ok := first(m, "ansible_user", "ansible_ssh_user"); ok && !v.vault && v.scalar && !isTemplate(v.s) {
		user = strings.TrimSpace(v.s)
	}
	return d, user, "", nil
}

// userSet gathers the user names an inventory gives its hosts: one name
// fills Credentials.Username; several are not guessed between.
type userSet struct {
	names []string
	hosts map[string][]string
}

func (u *userSet) add(user, host string) {
	if user == "" {
		return
	}
	if u.hosts == nil {
		u.hosts = map[string][]string{}
	}
	if u.hosts[user] == nil {
		u.names = append(u.names, user)
	}
	u.hosts[user] = append(u.hosts[user], host)
}

func (u *userSet) pick(file, key string, log *noteLog) string {
	switch len(u.names) {
	case 0:
		return ""
	case 1:
		return u.names[0]
	}
	var parts []string
	for _, n := range u.names {
		parts = append(parts, fmt.Sprintf("%s for %s", n, nameList(u.hosts[n], 3)))
	}
	log.notef("%s: %s differs between hosts (%s): not used; set credentials.username or MCAUDIT_USERNAME", file, key, strings.Join(parts, "; "))
	return ""
}
