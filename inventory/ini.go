package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// The Ansible INI format:
//
//	sw0 ansible_host=192.0.2.9          # before any section: ungrouped
//	[access]
//	acc[01:03] ansible_host=...         # ranges expand to acc01..acc03
//	core1:2222 ansible_network_os=ios   # host:port
//	[access:vars]
//	ansible_network_os = cisco.ios.ios
//	[switches:children]
//	access
//
// The file is read as bytes, and a secret's value is never turned into a
// string: its bytes are skipped and its key and line recorded. Errors
// never quote a token of a host line that could be a value.

// maxRange bounds one host pattern's expansion.
const maxRange = 10000

// readINI reads an INI inventory into a.
func (a *ansible) readINI(data []byte) error {
	group, kind := "ungrouped", "hosts"
	childRef := map[string]string{} // a child group → the [parent:children] that named it first
	lineNo := 0
	for rest := data; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		lineNo++
		at := pos{a.file, lineNo}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			name, k, ok := parseSection(line)
			if ok {
				if k != "hosts" && k != "vars" && k != "children" {
					return errAt(at, "section [%s:%s] has an unknown type %q: want [%s], [%s:vars] or [%s:children]", name, k, k, name, name, name)
				}
				group, kind = name, k
				g := a.group(name, at)
				if k == "vars" {
					if g.varsAt.line == 0 {
						g.varsAt = at
					}
				} else if !g.defined {
					g.defined, g.at = true, at
				}
				continue
			}
			if isSectionLike(line) {
				return errAt(at, "not a valid section header: want [group], [group:vars] or [group:children], with no spaces")
			}
		}
		var err error
		switch kind {
		case "hosts":
			err = a.iniHost(line, group, at)
		case "vars":
			err = a.iniVar(line, group, at)
		case "children":
			var child string
			if child, err = iniChild(line, group, at); err == nil {
				if _, ok := childRef[child]; !ok {
					childRef[child] = group
				}
				err = a.addChild(group, child, at)
			}
		}
		if err != nil {
			return err
		}
	}
	var defined []string
	for _, name := range a.gorder {
		if a.groups[name].defined {
			defined = append(defined, name)
		}
	}
	for _, name := range a.gorder {
		g := a.groups[name]
		if g.defined {
			continue
		}
		hint := ""
		if s := closest(name, defined); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		if parent, ok := childRef[name]; ok {
			return errAt(g.at, "[%s:children] names group %q, which has no [%s] or [%s:children] section%s", parent, name, name, name, hint)
		}
		return errAt(g.varsAt, "[%s:vars] is for group %q, which has no [%s] or [%s:children] section%s", name, name, name, name, hint)
	}
	return nil
}

// parseSection reads "[name]" or "[name:type]", with an optional comment.
func parseSection(line []byte) (name, kind string, ok bool) {
	end := bytes.IndexByte(line, ']')
	if end < 0 {
		return "", "", false
	}
	if tail := bytes.TrimSpace(line[end+1:]); len(tail) > 0 && tail[0] != '#' && tail[0] != ';' {
		return "", "", false
	}
	body := line[1:end]
	n, k, hasKind := bytes.Cut(body, []byte(":"))
	if len(n) == 0 || bytes.ContainsAny(n, " \t[]=") {
		return "", "", false
	}
	kind = "hosts"
	if hasKind {
		if len(k) == 0 || !isWord(k) {
			return "", "", false
		}
		kind = string(k)
	}
	return string(n), kind, true
}

// isSectionLike says whether a line that is not a valid header was meant
// as one: "[a group]", as opposed to an IPv6 host "[2001:db8::1]:22".
func isSectionLike(line []byte) bool {
	if i := bytes.IndexAny(line, "#;"); i >= 0 {
		line = bytes.TrimSpace(line[:i])
	}
	return bytes.HasSuffix(line, []byte("]"))
}

func isWord(b []byte) bool {
	for _, c := range b {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// iniHost reads "pattern key=value ...".
func (a *ansible) iniHost(line []byte, group string, at pos) error {
	toks, err := splitINI(line)
	defer func() {
		for _, t := range toks {
			clear(t)
		}
	}()
	if err != nil {
		return errAt(at, "%v", err)
	}
	if len(toks) == 0 {
		return nil
	}
	if bytes.IndexByte(toks[0], '=') >= 0 {
		return errAt(at, "a host line starts with the host name, not key=value")
	}
	pattern := string(toks[0])
	host, port, err := parseHostPattern(pattern)
	if err != nil {
		return errAt(at, "host %q: %v", pattern, err)
	}
	names, err := expandHostRanges(host)
	if err != nil {
		return errAt(at, "host %q: %v", pattern, err)
	}
	hv := vars{}
	if port != "" {
		hv["ansible_port"] = val{s: port, scalar: true, at: at}
	}
	prev := ""
	for i, t := range toks[1:] {
		eq := bytes.IndexByte(t, '=')
		if eq <= 0 {
			after := ""
			if prev != "" {
				after = fmt.Sprintf(" (after %s=)", prev)
			}
			return errAt(at, "host %q: variable %d%s is not key=value", pattern, i+1, after)
		}
		key := string(t[:eq])
		prev = key
		switch {
		case isSecretKey(key):
			a.log.ignored(a.file, key, at.line, false)
		case isVaultData(t[eq+1:]):
			a.log.ignored(a.file, key, at.line, true)
			hv[key] = val{vault: true, at: at}
		default:
			hv[key] = val{s: string(t[eq+1:]), scalar: true, at: at}
		}
	}
	for _, n := range names {
		h, err := a.host(n, at)
		if err != nil {
			return err
		}
		h.join(group)
		for k, v := range hv {
			h.vars[k] = v
		}
	}
	return nil
}

// iniVar reads "key = value" in a [group:vars] section; the value is the
// rest of the line.
func (a *ansible) iniVar(line []byte, group string, at pos) error {
	eq := bytes.IndexByte(line, '=')
	if eq < 0 {
		return errAt(at, "[%s:vars]: want key=value", group)
	}
	key := string(bytes.TrimSpace(line[:eq]))
	if key == "" || strings.ContainsAny(key, " \t") {
		return errAt(at, "[%s:vars]: want key=value, with a key of one word", group)
	}
	raw := bytes.TrimSpace(line[eq+1:])
	switch {
	case isSecretKey(key):
		a.log.ignored(a.file, key, at.line, false)
	case isVaultData(raw):
		a.log.ignored(a.file, key, at.line, true)
		a.groups[group].vars[key] = val{vault: true, at: at}
	default:
		a.groups[group].vars[key] = val{s: iniValue(raw), scalar: true, at: at}
	}
	return nil
}

// iniValue unquotes a [group:vars] value and drops a trailing comment.
func iniValue(b []byte) string {
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') {
		if end := bytes.IndexByte(b[1:], b[0]); end >= 0 {
			return string(b[1 : 1+end])
		}
	}
	for i := 1; i < len(b); i++ {
		if (b[i] == '#' || b[i] == ';') && (b[i-1] == ' ' || b[i-1] == '\t') {
			return string(bytes.TrimSpace(b[:i]))
		}
	}
	return string(b)
}

// iniChild reads one group name in a [group:children] section.
func iniChild(line []byte, group string, at pos) (string, error) {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = bytes.TrimSpace(line[:i])
	}
	if len(line) == 0 || bytes.ContainsAny(line, " \t:[]=") {
		return "", errAt(at, "[%s:children]: want one group name per line", group)
	}
	return string(line), nil
}

// splitINI splits a host line as Ansible does (Python's shlex in POSIX
// mode, with comments): words separated by blanks, 'single' and "double"
// quotes, backslash escapes, # to the end of the line.
func splitINI(line []byte) ([][]byte, error) {
	var toks [][]byte
	var cur []byte
	in := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '\r':
			if in {
				toks = append(toks, cur)
				cur, in = nil, false
			}
		case c == '#':
			i = len(line)
		case c == '\'':
			in = true
			j := bytes.IndexByte(line[i+1:], '\'')
			if j < 0 {
				clear(cur)
				return toks, errors.New("unterminated ' quote")
			}
			cur = append(cur, line[i+1:i+1+j]...)
			i += j + 1
		case c == '"':
			in = true
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && strings.IndexByte("\"\\$`", line[i+1]) >= 0 {
					i++
				}
				cur = append(cur, line[i])
			}
			if i >= len(line) {
				clear(cur)
				return toks, errors.New(`unterminated " quote`)
			}
		case c == '\\':
			in = true
			if i+1 < len(line) {
				i++
				cur = append(cur, line[i])
			}
		default:
			in = true
			cur = append(cur, c)
		}
	}
	if in {
		toks = append(toks, cur)
	}
	return toks, nil
}

// parseHostPattern splits "name", "name:port", "[v6addr]:port" or a bare
// address.
func parseHostPattern(p string) (host, port string, err error) {
	if strings.HasPrefix(p, "[") {
		if end := strings.IndexByte(p, ']'); end > 0 {
			if addr, e := netip.ParseAddr(p[1:end]); e == nil && addr.Is6() {
				switch rest := p[end+1:]; {
				case rest == "":
					return p[1:end], "", nil
				case rest[0] == ':' && allDigits(rest[1:]):
					return p[1:end], rest[1:], nil
				}
				return "", "", errors.New("want [IPv6 address] or [IPv6 address]:port")
			}
		}
	}
	if _, e := netip.ParseAddr(p); e == nil {
		return p, "", nil
	}
	depth, colon, n := 0, -1, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '[':
			depth++
		case ']':
			depth--
		case ':':
			if depth == 0 {
				colon, n = i, n+1
			}
		}
	}
	switch {
	case n > 1:
		return "", "", errors.New("want host or host:port (write an IPv6 address with a port as [address]:port)")
	case n == 1:
		host, port = p[:colon], p[colon+1:]
		if host == "" || !allDigits(port) {
			return "", "", errors.New("want host or host:port, with a numeric port")
		}
	default:
		host = p
	}
	return host, port, nil
}

func allDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// expandHostRanges expands Ansible host ranges: sw[01:03] is sw01, sw02,
// sw03; [a:c] letters; [1:9:2] a step; several ranges multiply.
func expandHostRanges(s string) ([]string, error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		if strings.IndexByte(s, ']') >= 0 {
			return nil, errors.New("] without [")
		}
		return []string{s}, nil
	}
	if strings.IndexByte(s[:i], ']') >= 0 {
		return nil, errors.New("] without [")
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return nil, errors.New("range [ without ]")
	}
	j += i
	items, err := rangeItems(s[i+1 : j])
	if err != nil {
		return nil, err
	}
	tails, err := expandHostRanges(s[j+1:])
	if err != nil {
		return nil, err
	}
	if len(items)*len(tails) > maxRange {
		return nil, fmt.Errorf("ranges expand to more than %d hosts", maxRange)
	}
	out := make([]string, 0, len(items)*len(tails))
	for _, it := range items {
		for _, t := range tails {
			out = append(out, s[:i]+it+t)
		}
	}
	return out, nil
}

const asciiLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func rangeItems(body string) ([]string, error) {
	parts := strings.Split(body, ":")
	if len(parts) != 2 && len(parts) != 3 {
		return nil, fmt.Errorf("range [%s]: want [begin:end] or [begin:end:step]", body)
	}
	beg, end, step := parts[0], parts[1], 1
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 || !allDigits(parts[2]) {
			return nil, fmt.Errorf("range [%s]: step %q is not a positive number", body, parts[2])
		}
		step = n
	}
	if end == "" {
		return nil, fmt.Errorf("range [%s] has no end", body)
	}
	if beg == "" {
		beg = "0"
	}
	if len(beg) == 1 && len(end) == 1 && strings.Contains(asciiLetters, beg) && strings.Contains(asciiLetters, end) {
		b, e := strings.Index(asciiLetters, beg), strings.Index(asciiLetters, end)
		if b > e {
			return nil, fmt.Errorf("range [%s] runs backwards: %s comes after %s", body, beg, end)
		}
		var out []string
		for k := b; k <= e; k += step {
			out = append(out, asciiLetters[k:k+1])
		}
		return out, nil
	}
	if !allDigits(beg) || !allDigits(end) {
		return nil, fmt.Errorf("range [%s]: want numbers (at most 9 digits) or single letters", body)
	}
	b, _ := strconv.Atoi(beg)
	e, _ := strconv.Atoi(end)
	width := 0
	if beg[0] == '0' && len(beg) > 1 {
		if len(end) != len(beg) {
			return nil, fmt.Errorf("range [%s]: a zero-padded begin and its end must have the same width", body)
		}
		width = len(beg)
	}
	if b > e {
		return nil, fmt.Errorf("range [%s] runs backwards: %s is after %s", body, beg, end)
	}
	if (e-b)/step+1 > maxRange {
		return nil, fmt.Errorf("range [%s] expands to more than %d hosts", body, maxRange)
	}
	var out []string
	for k := b; k <= e; k += step {
		out = append(out, fmt.Sprintf("%0*d", width, k))
	}
	return out, nil
}
