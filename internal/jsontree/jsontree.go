// Package jsontree decodes JSON into a tree whose every value knows the
// line it starts on, so that a fact read from a recorded gNMI document can
// cite its line; and grafts a document's updates into one data tree at
// their paths.
package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

// Kind is the JSON type of a Node.
type Kind int

const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// maxDepth bounds the nesting of a document, so that hostile input cannot
// exhaust the stack. Real OpenConfig trees are a few dozen levels deep.
const maxDepth = 256

// Node is one JSON value of a recorded document with the line it starts
// on, so that every fact read from it can cite its line.
//
// Line numbers are found while decoding: a json.Decoder reads the document
// token by token, and the offset after each token (InputOffset) gives its
// line. This works on any layout, not only on the collector's
// pretty-printed one, so a hand-edited fixture still cites the right line.
type Node struct {
	Kind Kind
	// Line is the 1-based line of the value's first token ("{" for an
	// object). Nodes the parser synthesises from a path (list keys, the
	// containers above an update's value) carry the line of that path.
	Line int
	// Text is a string's value, a number's literal, or "true"/"false".
	Text    string
	Members []Member // Object, in document order
	Elems   []*Node  // Array
}

// Member is one name/value pair of an object. Name has its YANG module
// prefix stripped ("openconfig-interfaces:interfaces" → "interfaces");
// Module keeps it.
type Member struct {
	Name   string
	Module string
	Value  *Node
}

// Tree is a decoded document: its root and its lines, for evidence.
type Tree struct {
	File  string
	Root  *Node
	lines []string
}

// Ref is the evidence for line n of the tree's file.
func (t *Tree) Ref(n int) model.Ref {
	r := model.Ref{File: t.File, Line: n}
	if n >= 1 && n <= len(t.lines) {
		r.Text = t.lines[n-1]
	}
	return r
}

// RefP is Ref as a pointer, nil for a nil node.
func (t *Tree) RefP(n *Node) *model.Ref {
	if n == nil {
		return nil
	}
	r := t.Ref(n.Line)
	return &r
}

// splitLines splits data the way evidence numbers lines: on "\n", with a
// trailing "\r" dropped.
func splitLines(data []byte) []string {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// decodeTree reads one JSON value with the line of every token.
func decodeTree(file string, data []byte) (*Tree, error) {
	var nl []int // offsets of '\n'
	for i, b := range data {
		if b == '\n' {
			nl = append(nl, i)
		}
	}
	lineAt := func(off int64) int {
		// off is just past the token; its last byte is at off-1.
		return sort.SearchInts(nl, int(off-1)) + 1
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	d := &decoder{dec: dec, lineAt: lineAt}
	root, err := d.value(0)
	if err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %v", file, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s line %d: not valid JSON: data after the document", file, lineAt(dec.InputOffset()))
	}
	return &Tree{File: file, Root: root, lines: splitLines(data)}, nil
}

type decoder struct {
	dec    *json.Decoder
	lineAt func(int64) int
}

var errDepth = errors.New("nested too deeply")

func (d *decoder) value(depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, errDepth
	}
	tok, err := d.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	n := &Node{Line: d.lineAt(d.dec.InputOffset())}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind = Object
			for d.dec.More() {
				k, err := d.dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", k)
				}
				v, err := d.value(depth + 1)
				if err != nil {
					return nil, err
				}
				mod, name := splitModule(key)
				n.Members = append(n.Members, Member{Name: name, Module: mod, Value: v})
			}
		case '[':
			n.Kind = Array
			for d.dec.More() {
				v, err := d.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Elems = append(n.Elems, v)
			}
		default:
			return nil, fmt.Errorf("unexpected %q", t)
		}
		if _, err := d.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.Kind, n.Text = String, t
	case json.Number:
		n.Kind, n.Text = Number, t.String()
	case bool:
		n.Kind, n.Text = Bool, fmt.Sprint(t)
	case nil:
		n.Kind = Null
	}
	return n, nil
}

// splitModule splits a JSON_IETF member name or identity into its module
// prefix and local name: "openconfig-acl:DROP" → ("openconfig-acl", "DROP").
func splitModule(s string) (module, name string) {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

// Local strips a YANG module prefix from an identity or name.
func Local(s string) string {
	_, n := splitModule(s)
	return n
}

// Member returns the first member called name (module prefix ignored), or
// nil. It is safe on a nil node and on a node that is not an object.
func (n *Node) Member(name string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Name == name {
			return &n.Members[i]
		}
	}
	return nil
}

// Get follows a chain of member names and returns the node at its end,
// or nil.
func (n *Node) Get(names ...string) *Node {
	for _, name := range names {
		m := n.Member(name)
		if m == nil {
			return nil
		}
		n = m.Value
	}
	return n
}

// List returns the entries of the list called name: the elements of an
// array, or the object itself where a device sent one entry bare.
func (n *Node) List(name string) []*Node {
	v := n.Get(name)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case Array:
		return v.Elems
	case Object:
		return []*Node{v}
	}
	return nil
}

// Scalar reports whether the node is a string, number or boolean.
func (n *Node) Scalar() bool {
	return n != nil && (n.Kind == String || n.Kind == Number || n.Kind == Bool)
}

func (n *Node) add(name string, v *Node) {
	mod, local := splitModule(name)
	n.Members = append(n.Members, Member{Name: local, Module: mod, Value: v})
}

// merge adds src's members to dst: objects merge, arrays concatenate, and
// where both hold a scalar the first one read stays.
func merge(dst, src *Node, depth int) {
	if depth > maxDepth {
		return
	}
	for _, m := range src.Members {
		old := dst.Member(m.Name)
		switch {
		case old == nil:
			dst.Members = append(dst.Members, m)
		case old.Value.Kind == Object && m.Value.Kind == Object:
			merge(old.Value, m.Value, depth+1)
		case old.Value.Kind == Array && m.Value.Kind == Array:
			old.Value.Elems = append(old.Value.Elems, m.Value.Elems...)
		}
	}
}

// pathElem is one element of a gNMI path: a name and its list keys.
type pathElem struct {
	name string
	keys map[string]string
}

// graft places value at the absolute position elems in the data tree
// root, creating the containers and list entries above it. A device may
// answer a Get at any depth (the container itself, one list entry per
// update, or the whole tree at "/"), and may or may not wrap the value in
// a member named after the last path element; grafting makes all of those
// the same tree. Synthesised nodes carry line.
func graft(root *Node, elems []pathElem, value *Node, line int) {
	cur := root
	for i, e := range elems {
		if i == len(elems)-1 {
			attach(cur, e, value, line)
			return
		}
		child := cur.Get(e.name)
		if len(e.keys) > 0 {
			if child == nil {
				child = &Node{Kind: Array, Line: line}
				cur.add(e.name, child)
			}
			if child.Kind != Array {
				return // the device contradicts itself; keep what came first
			}
			entry := findEntry(child.Elems, e.keys)
			if entry == nil {
				entry = &Node{Kind: Object, Line: line}
				addKeys(entry, e.keys, line)
				child.Elems = append(child.Elems, entry)
			}
			cur = entry
			continue
		}
		if child == nil {
			child = &Node{Kind: Object, Line: line}
			cur.add(e.name, child)
		}
		if child.Kind != Object {
			return
		}
		cur = child
	}
	if len(elems) == 0 && value.Kind == Object {
		merge(root, value, 0)
	}
}

func attach(cur *Node, e pathElem, value *Node, line int) {
	// {"openconfig-interfaces:interfaces": {...}} at /interfaces.
	if value.Kind == Object && len(value.Members) == 1 && value.Members[0].Name == e.name {
		value = value.Members[0].Value
	}
	if len(e.keys) == 0 {
		old := cur.Member(e.name)
		switch {
		case old == nil:
			cur.add(e.name, value)
		case old.Value.Kind == Object && value.Kind == Object:
			merge(old.Value, value, 0)
		case old.Value.Kind == Array && value.Kind == Array:
			old.Value.Elems = append(old.Value.Elems, value.Elems...)
		}
		return
	}
	list := cur.Get(e.name)
	if list == nil {
		list = &Node{Kind: Array, Line: line}
		cur.add(e.name, list)
	}
	if list.Kind != Array {
		return
	}
	var entries []*Node
	switch value.Kind {
	case Object:
		addKeys(value, e.keys, line)
		entries = []*Node{value}
	case Array:
		for _, v := range value.Elems {
			if v.Kind == Object {
				entries = append(entries, v)
			}
		}
	}
	for _, v := range entries {
		keys := map[string]string{}
		for k := range e.keys {
			if kv := v.Get(k); kv.Scalar() {
				keys[k] = kv.Text
			}
		}
		if old := findEntry(list.Elems, keys); old != nil && len(keys) > 0 {
			merge(old, v, 0)
			continue
		}
		list.Elems = append(list.Elems, v)
	}
}

// addKeys gives a list entry the key leaves its path names, where the
// value leaves them out.
func addKeys(entry *Node, keys map[string]string, line int) {
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if keys[k] == "*" || entry.Member(Local(k)) != nil {
			continue
		}
		entry.add(k, &Node{Kind: String, Text: keys[k], Line: line})
	}
}

// findEntry returns the entry whose key leaves equal keys. Identities are
// compared without their module prefix, numbers by their literal.
func findEntry(entries []*Node, keys map[string]string) *Node {
	if len(keys) == 0 {
		return nil
	}
next:
	for _, en := range entries {
		for k, want := range keys {
			got := en.Get(Local(k))
			if !got.Scalar() || Local(got.Text) != Local(want) {
				continue next
			}
		}
		return en
	}
	return nil
}

// Str is a scalar's text, "" for anything else (and for a nil node).
func (n *Node) Str() string {
	if !n.Scalar() {
		return ""
	}
	return n.Text
}

// KeyLeaf returns a list entry's key leaf: the entry's own, else the one
// in config, else in state; nil when there is none.
func KeyLeaf(entry *Node, name string) *Node {
	for _, n := range []*Node{entry.Get(name), entry.Get("config", name), entry.Get("state", name)} {
		if n.Scalar() {
			return n
		}
	}
	return nil
}

// elemsOf parses a path string into elements with module prefixes
// stripped from names and key names.
func elemsOf(s string) ([]pathElem, error) {
	gp, err := gnmidoc.ParsePath(s)
	if err != nil {
		return nil, err
	}
	var out []pathElem
	for _, e := range gp.GetElem() {
		pe := pathElem{name: Local(e.GetName())}
		if len(e.GetKey()) > 0 {
			pe.keys = map[string]string{}
			for k, v := range e.GetKey() {
				pe.keys[Local(k)] = v
			}
		}
		out = append(out, pe)
	}
	return out, nil
}

// Load reads a recorded document (see gnmidoc.Document) into one data tree: every
// update's value grafted at its path, so that the parsers find each
// container at its absolute place whatever depth the device answered at.
// A JSON object that is not a recorded document is taken as the whole
// data tree, as a device would answer a Get of "/".
func Load(file string, data []byte) (*Tree, error) {
	t, err := decodeTree(file, data)
	if err != nil {
		return nil, err
	}
	doc := t.Root
	if doc.Kind != Object {
		return nil, fmt.Errorf("%s line %d: not a recorded gNMI document: want a JSON object", file, doc.Line)
	}
	root := &Node{Kind: Object, Line: doc.Line}
	ups := doc.Member("updates")
	if ups == nil || doc.Member("path") == nil {
		merge(root, doc, 0)
		t.Root = root
		return t, nil
	}
	if ups.Value.Kind != Array {
		return nil, fmt.Errorf("%s line %d: not a recorded gNMI document: \"updates\" is not a list", file, ups.Value.Line)
	}
	for _, u := range ups.Value.Elems {
		p := u.Get("path")
		if p == nil || p.Kind != String {
			return nil, fmt.Errorf("%s line %d: not a recorded gNMI document: an update without a \"path\"", file, u.Line)
		}
		v := u.Get("value")
		if v == nil {
			continue
		}
		elems, err := elemsOf(p.Text)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: bad path %q: %v", file, p.Line, p.Text, err)
		}
		graft(root, elems, v, p.Line)
	}
	t.Root = root
	return t, nil
}
