package inventory

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Ansible and Nornir inventories routinely carry secrets: ansible_password,
// ansible_become_password, vault-encrypted values, Nornir's password and
// connection_options extras. mcaudit never uses them. They are dropped as
// soon as the file is parsed (the YAML tree is wiped in place, INI values
// are never turned into strings), and only their key and line are kept, to
// tell the user they were ignored. No value of theirs reaches an Inventory,
// a note or an error.

// vaultTag marks a node whose value was vault-encrypted and wiped: the key
// is set, but its value cannot be used.
const vaultTag = "!mcaudit-vault"

// isSecretKey says whether a variable holds a secret, by its name:
// passwords, enable secrets, tokens, SNMP communities, keys. Names ending
// in _file, _path or _env hold where a secret is, not the secret.
func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"_file", "_path", "_env"} {
		if strings.HasSuffix(k, s) {
			return false
		}
	}
	for _, s := range []string{"passw", "passphrase", "secret", "token", "community", "private_key", "api_key", "apikey"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return k == "pass" || k == "key" || strings.HasSuffix(k, "_pass") || strings.HasSuffix(k, "_key")
}

// vaultPrefix starts an Ansible Vault payload, inline or as a whole file.
const vaultPrefix = "$ANSIBLE_VAULT;"

func isVaultData(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte(vaultPrefix))
}

// wipeNode drops a value in place, so that aliases to it see nothing either.
func wipeNode(n *yaml.Node, tag string) {
	n.Kind = yaml.ScalarNode
	n.Tag = tag
	n.Value = ""
	n.Content = nil
	n.Alias = nil
	n.Style = 0
}

// scrubYAML wipes every secret and vault-encrypted value from a parsed
// tree, recording where they were in log.
func scrubYAML(root *yaml.Node, file string, log *noteLog) {
	seen := map[*yaml.Node]bool{}
	isVault := func(n *yaml.Node) bool {
		return n.Tag == "!vault" || (n.Kind == yaml.ScalarNode && strings.HasPrefix(strings.TrimSpace(n.Value), vaultPrefix))
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				switch {
				case k.Kind == yaml.ScalarNode && isSecretKey(k.Value):
					log.ignored(file, k.Value, k.Line, false)
					wipeNode(v, "!!null")
					seen[v] = true
				case isVault(v):
					log.ignored(file, k.Value, k.Line, true)
					wipeNode(v, vaultTag)
					seen[v] = true
				default:
					walk(k)
					walk(v)
				}
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				if isVault(c) {
					log.ignored(file, "", c.Line, true)
					wipeNode(c, vaultTag)
					seen[c] = true
					continue
				}
				walk(c)
			}
		case yaml.AliasNode:
			walk(n.Alias)
		}
	}
	walk(root)
}

// noteLog gathers what a load ignored or skipped, and renders it as short
// notes for stderr.
type noteLog struct {
	secrets []ignoredSecret
	skips   []skip
	other   []string
}

type ignoredSecret struct {
	file, key string
	line      int
	vault     bool
}

// skip is a host skipped for reason; or, with note set, a host that is
// kept but whose reason is worth telling.
type skip struct {
	file, reason, host string
	note               bool
}

func (l *noteLog) ignored(file, key string, line int, vault bool) {
	l.secrets = append(l.secrets, ignoredSecret{file, key, line, vault})
}

func (l *noteLog) skipped(file, host, reason string) {
	l.skips = append(l.skips, skip{file, reason, host, false})
}

// hostNote tells something about a host that is kept; hosts with the same
// text share a note.
func (l *noteLog) hostNote(file, host, text string) {
	l.skips = append(l.skips, skip{file, text, host, true})
}

func (l *noteLog) notef(format string, args ...any) {
	l.other = append(l.other, fmt.Sprintf(format, args...))
}

// notes renders the log: one note per file for ignored secrets, one per
// reason for skipped hosts, then the others, in the order they happened.
func (l *noteLog) notes() []string {
	var out []string
	var files []string
	byFile := map[string][]ignoredSecret{}
	for _, s := range l.secrets {
		if byFile[s.file] == nil {
			files = append(files, s.file)
		}
		byFile[s.file] = append(byFile[s.file], s)
	}
	for _, f := range files {
		var keys []string
		lines := map[string][]int{}
		for _, s := range byFile[f] {
			k := s.key
			if k == "" {
				k = "a list item"
			}
			if s.vault {
				k += " (vault-encrypted)"
			}
			if lines[k] == nil {
				keys = append(keys, k)
			}
			lines[k] = append(lines[k], s.line)
		}
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+" "+lineList(lines[k]))
		}
		out = append(out, fmt.Sprintf("%s: ignored secrets: %s", f, strings.Join(parts, ", ")))
	}
	if len(files) > 0 {
		out = append(out, "mcaudit never reads secrets from an inventory: give the password in MCAUDIT_PASSWORD, or name it with credentials.password_env or password_file in an mcaudit inventory")
	}
	type reasonKey struct {
		file, reason string
		note         bool
	}
	var reasons []reasonKey
	hosts := map[reasonKey][]string{}
	for _, s := range l.skips {
		k := reasonKey{s.file, s.reason, s.note}
		if hosts[k] == nil {
			reasons = append(reasons, k)
		}
		hosts[k] = append(hosts[k], s.host)
	}
	for _, k := range reasons {
		h := hosts[k]
		if k.note {
			out = append(out, fmt.Sprintf("%s: %s: %s", k.file, k.reason, nameList(h, 10)))
			continue
		}
		out = append(out, fmt.Sprintf("%s: skipped %s (%s): %s", k.file, plural(len(h), "host"), k.reason, nameList(h, 10)))
	}
	return append(out, l.other...)
}

// lineList writes "(line 4)" or "(lines 4, 9, 12, 14, 20 and 3 more)".
func lineList(lines []int) string {
	sort.Ints(lines)
	var s []string
	for _, n := range lines[:min(len(lines), 5)] {
		s = append(s, fmt.Sprint(n))
	}
	if len(lines) == 1 {
		return "(line " + s[0] + ")"
	}
	more := ""
	if len(lines) > 5 {
		more = fmt.Sprintf(" and %d more", len(lines)-5)
	}
	return "(lines " + strings.Join(s, ", ") + more + ")"
}

func nameList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
