package gnmidoc

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
)

// Path strings are the gNMI specification's (path-strings.md):
// "/interfaces/interface[name=Ethernet1/1]/state", elements separated by
// "/" outside brackets, each key written [name=value], where a value
// escapes "]" and "\" (and may escape "=") with a backslash, and a slash
// inside a value is part of it. An origin may be written in front:
// "openconfig:/interfaces".

// SplitOrigin separates a gNMI origin from a path string the way gnmic
// does: "device:/System" → ("device", "/System"). The text before the
// first ":" is an origin only when the string does not start with "/",
// has no "/" before the colon, and the colon ends the string or is
// followed by "/". "openconfig-interfaces:interfaces" has no origin.
func SplitOrigin(s string) (origin, path string) {
	if strings.HasPrefix(s, "/") {
		return "", s
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 || strings.Contains(s[:i], "/") {
		return "", s
	}
	rest := s[i+1:]
	if rest != "" && rest[0] != '/' {
		return "", s
	}
	if rest == "" {
		rest = "/"
	}
	return s[:i], rest
}

// ParsePath turns a path string, with an optional origin, into a gNMI
// path. Element names and keys are kept as written.
func ParsePath(s string) (*gpb.Path, error) {
	origin, p := SplitOrigin(s)
	elems, err := parseElems(p)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", s, err)
	}
	return &gpb.Path{Origin: origin, Elem: elems}, nil
}

func parseElems(p string) ([]*gpb.PathElem, error) {
	p = strings.TrimPrefix(p, "/")
	var out []*gpb.PathElem
	for p != "" {
		e, rest, err := parseElem(p)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		p = rest
	}
	return out, nil
}

// parseElem reads one element from the start of p, and returns what
// follows its "/".
func parseElem(p string) (*gpb.PathElem, string, error) {
	i := 0
	for i < len(p) && p[i] != '/' && p[i] != '[' && p[i] != ']' {
		i++
	}
	e := &gpb.PathElem{Name: p[:i]}
	if e.Name == "" {
		return nil, "", errors.New("an empty element")
	}
	for i < len(p) && p[i] == '[' {
		eq := strings.IndexByte(p[i:], '=')
		if eq < 0 {
			return nil, "", fmt.Errorf("element %s: key without '='", e.Name)
		}
		name := p[i+1 : i+eq]
		if name == "" || strings.ContainsAny(name, "[]/") {
			return nil, "", fmt.Errorf("element %s: bad key name %q", e.Name, name)
		}
		var v strings.Builder
		j := i + eq + 1
		for ; j < len(p) && p[j] != ']'; j++ {
			if p[j] == '\\' && j+1 < len(p) {
				j++
			}
			v.WriteByte(p[j])
		}
		if j >= len(p) {
			return nil, "", fmt.Errorf("element %s: key %s not closed with ']'", e.Name, name)
		}
		if e.Key == nil {
			e.Key = map[string]string{}
		}
		if _, dup := e.Key[name]; dup {
			return nil, "", fmt.Errorf("element %s: key %s given twice", e.Name, name)
		}
		e.Key[name] = v.String()
		i = j + 1
	}
	switch {
	case i == len(p):
		return e, "", nil
	case p[i] == '/':
		return e, p[i+1:], nil
	}
	return nil, "", fmt.Errorf("element %s: %q after its keys", e.Name, p[i:i+1])
}

// PathString renders a gNMI path, with "origin:" in front when it has one.
// Keys are written in sorted order, so that the same path always renders
// the same.
func PathString(p *gpb.Path) (string, error) {
	elems, err := ElemStrings(p)
	if err != nil {
		return "", err
	}
	s := "/" + strings.Join(elems, "/")
	if o := p.GetOrigin(); o != "" {
		return o + ":" + s, nil
	}
	return s, nil
}

// ElemStrings renders each element of p, keys sorted and escaped. A path
// in the deprecated string form (Element, which older targets send) is
// rendered as it is.
func ElemStrings(p *gpb.Path) ([]string, error) {
	//nolint:staticcheck // old targets send Element
	if old := p.GetElement(); len(old) > 0 && len(p.GetElem()) == 0 {
		return old, nil
	}
	var out []string
	for i, e := range p.GetElem() {
		if e.GetName() == "" {
			return nil, fmt.Errorf("element %d has no name", i)
		}
		var b strings.Builder
		b.WriteString(e.GetName())
		keys := make([]string, 0, len(e.GetKey()))
		for k := range e.GetKey() {
			if k == "" {
				return nil, fmt.Errorf("element %s: a key without a name", e.GetName())
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("[" + k + "=" + keyEscaper.Replace(e.GetKey()[k]) + "]")
		}
		out = append(out, b.String())
	}
	return out, nil
}

var keyEscaper = strings.NewReplacer(`\`, `\\`, `=`, `\=`, `]`, `\]`)
