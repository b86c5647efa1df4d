// Package cfgtree holds a configuration of an indentation-based dialect
// (Cisco IOS and NX-OS, Arista EOS, Aruba AOS-CX) as a tree of lines, and
// plays onto it the lines an engineer types in configuration mode, so that
// mcaudit can audit the configuration a remediation leaves before anyone
// types it.
//
// The tree keeps every line it does not change byte for byte, line endings
// included. What a typed command does is data: a Dialect lists the
// commands it knows, each of a Kind (a setting that replaces its value, a
// default-on feature shown only by its "no" form, a section that opens a
// sub-mode, ...), and the order in which the platform prints its lines.
// What no data can say (a VLAN list's arithmetic, an ACL entry's spelling)
// a vendor writes as a Custom command on the same API. A typed command the
// dialect does not list is refused: what mcaudit cannot predict it must
// not hand to an engineer.
package cfgtree

import (
	"bytes"
	"slices"
	"strings"
)

// Line is one physical line of a configuration.
type Line struct {
	Raw string // without its terminator
	EOL string // "\n", "\r\n", or "" for a last line without one
	Src int    // 0: read from the configuration; n: written by typed line n
}

// Node is a line and the lines indented under it.
type Node struct {
	Line
	// Text is the line without surrounding blanks, its words one space
	// apart (a byte-order mark on the first line left out).
	Text string
	// Sep marks a line that is not a command: blank, a comment, a
	// separator ("!"), or an indented line under no command.
	Sep bool
	// Opaque are lines owned by this one and never read: a banner's text.
	Opaque []Line
	Kids   []*Node

	parent *Node
	indent int // columns of leading blanks; -1 for the root
}

// Parent returns the node n is under; the root's parent is nil.
func (n *Node) Parent() *Node { return n.parent }

// Commands returns the kids that are commands, not separators.
func (n *Node) Commands() []*Node {
	out := make([]*Node, 0, len(n.Kids))
	for _, k := range n.Kids {
		if !k.Sep {
			out = append(out, k)
		}
	}
	return out
}

// Words returns the node's text split into words.
func (n *Node) Words() []string { return strings.Fields(n.Text) }

// Tree is a configuration.
type Tree struct {
	Root *Node
	// EOL is the line ending of new lines: the configuration's first.
	EOL string
	d   *Dialect
	src int // the typed line being applied
}

// Parse reads a configuration of dialect d.
func Parse(config string, d *Dialect) *Tree {
	t := &Tree{Root: &Node{indent: -1}, d: d}
	var stack []*Node   // the open blocks, outermost first
	var pending []*Node // blank lines: a block's if an indented line follows
	flush := func() {
		for _, b := range pending {
			t.Root.add(b)
		}
		pending = nil
	}
	var opaque *Node
	var opaqueEnd func(raw string) bool
	for s, first := config, true; len(s) > 0; first = false {
		var l Line
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			l.Raw, l.EOL, s = s[:i], "\n", s[i+1:]
		} else {
			l.Raw, s = s, ""
		}
		if r, ok := strings.CutSuffix(l.Raw, "\r"); ok {
			l.Raw, l.EOL = r, "\r"+l.EOL
		}
		if t.EOL == "" && strings.HasSuffix(l.EOL, "\n") {
			t.EOL = l.EOL
		}
		if opaque != nil {
			opaque.Opaque = append(opaque.Opaque, l)
			if opaqueEnd(l.Raw) {
				opaque = nil
			}
			continue
		}
		body := l.Raw
		if first {
			body = strings.TrimPrefix(body, "\ufeff")
		}
		text := Squeeze(body)
		n := &Node{Line: l, Text: text, indent: leadingBlanks(body)}
		if text == "" || len(strings.Fields(text)) == 0 {
			// Blank, or odd blanks ("\v") no parser reads.
			n.Sep = true
			pending = append(pending, n)
			continue
		}
		if n.indent > 0 {
			for len(stack) > 1 && stack[len(stack)-1].indent >= n.indent {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 {
				flush()
				n.Sep = true // read by no block
				t.Root.add(n)
				continue
			}
			parent := stack[len(stack)-1]
			for _, b := range pending {
				parent.add(b)
			}
			pending = nil
			n.Sep = d.comment(text)
			parent.add(n)
			if !n.Sep {
				stack = append(stack, n)
			}
			continue
		}
		flush()
		t.Root.add(n)
		stack = stack[:0]
		if d.comment(text) {
			n.Sep = true
			continue
		}
		stack = append(stack, n)
		if end, ok := d.opaque(text); ok {
			opaque, opaqueEnd = n, end
		}
	}
	flush()
	if t.EOL == "" {
		t.EOL = "\n"
	}
	return t
}

func (n *Node) add(k *Node) {
	k.parent = n
	n.Kids = append(n.Kids, k)
}

func leadingBlanks(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

// Render writes the configuration, and says for each line which typed line
// wrote it (0: none).
func (t *Tree) Render() ([]byte, []int) {
	var all []Line
	var walk func(n *Node)
	walk = func(n *Node) {
		if n != t.Root {
			all = append(all, n.Line)
			all = append(all, n.Opaque...)
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(t.Root)
	var b bytes.Buffer
	srcs := make([]int, 0, len(all))
	for k, l := range all {
		b.WriteString(l.Raw)
		eol := l.EOL
		if eol == "" && (k < len(all)-1 || l.Src != 0) {
			eol = t.EOL
		}
		b.WriteString(eol)
		srcs = append(srcs, l.Src)
	}
	return b.Bytes(), srcs
}

// Squeeze returns s with surrounding blanks removed and words separated by
// one space. Almost every line already is, and then it returns a substring
// without allocating: parsers call it once per line.
func Squeeze(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] == ' ' {
		i++
	}
	for j > i && s[j-1] == ' ' {
		j--
	}
	t := s[i:j]
	if strings.IndexByte(t, '\t') >= 0 || strings.Contains(t, "  ") {
		return strings.Join(strings.Fields(t), " ")
	}
	return t
}

// HasWords reports whether text is prefix or starts with prefix and a
// space: "ip igmp snooping vlan 10" has the words "ip igmp snooping".
func HasWords(text, prefix string) bool {
	return text == prefix || strings.HasPrefix(text, prefix+" ")
}

// --- editing ---------------------------------------------------------------

// newNode makes a command line for a kid of parent, indented as parent's
// other kids are, else one step (the dialect's) deeper than parent.
func (t *Tree) newNode(parent *Node, text string) *Node {
	return &Node{Line: t.line(t.indentUnder(parent) + text), Text: Squeeze(text), indent: len(t.indentUnder(parent))}
}

func (t *Tree) line(raw string) Line { return Line{Raw: raw, EOL: t.EOL, Src: t.src} }

func (t *Tree) indentUnder(parent *Node) string {
	if parent == t.Root {
		return ""
	}
	for _, k := range parent.Kids {
		if !k.Sep {
			return k.Raw[:leadingBlanks(k.Raw)]
		}
	}
	return parent.Raw[:leadingBlanks(parent.Raw)] + t.d.Indent
}

// SetText rewrites a node's line, keeping it where the text is the same.
func (t *Tree) SetText(n *Node, text string) {
	if n.Text == Squeeze(text) {
		return
	}
	n.Line = t.line(n.Raw[:leadingBlanks(n.Raw)] + strings.TrimLeft(text, " \t"))
	n.Text = Squeeze(text)
}

// Restore puts back lines as a configuration had them (the original of
// something an edit left as it found it).
func (t *Tree) Restore(n *Node, l Line) {
	n.Line, n.Text = l, Squeeze(l.Raw)
}

// Find returns the commands among parent's kids that match.
func (t *Tree) Find(parent *Node, match func(*Node) bool) []*Node {
	var out []*Node
	for _, k := range parent.Kids {
		if !k.Sep && k.Opaque == nil && match(k) {
			out = append(out, k)
		}
	}
	return out
}

// First returns the first command among parent's kids that matches, or nil.
func (t *Tree) First(parent *Node, match func(*Node) bool) *Node {
	for _, k := range parent.Kids {
		if !k.Sep && k.Opaque == nil && match(k) {
			return k
		}
	}
	return nil
}

// TextIs matches a node whose text is s.
func TextIs(s string) func(*Node) bool { return func(n *Node) bool { return n.Text == s } }

// Prefix matches a node whose text has the words p.
func Prefix(p string) func(*Node) bool { return func(n *Node) bool { return HasWords(n.Text, p) } }

// Add puts a new command under parent where the platform prints it, and
// returns it.
func (t *Tree) Add(parent *Node, text string, order []Place) *Node {
	n := t.newNode(parent, text)
	at, joins := t.place(parent, order, n.Text)
	if joins {
		t.InsertAt(parent, at, n) // one more line of a run: no separator
		return n
	}
	t.insert(parent, at, n)
	return n
}

// Set makes text the one command under parent that match finds: the
// first is rewritten, the others removed; without one it is added.
func (t *Tree) Set(parent *Node, match func(*Node) bool, text string, order []Place) *Node {
	ms := t.Find(parent, match)
	if len(ms) == 0 {
		return t.Add(parent, text, order)
	}
	for _, m := range ms[1:] {
		t.Remove(m)
	}
	t.SetText(ms[0], text)
	return ms[0]
}

// Ensure adds text under parent unless it is there.
func (t *Tree) Ensure(parent *Node, text string, order []Place) {
	if t.First(parent, TextIs(Squeeze(text))) == nil {
		t.Add(parent, text, order)
	}
}

// RemoveAll removes the commands under parent that match, and says how
// many.
func (t *Tree) RemoveAll(parent *Node, match func(*Node) bool) int {
	ms := t.Find(parent, match)
	for _, m := range ms {
		t.Remove(m)
	}
	return len(ms)
}

// Remove deletes a node with the lines under it. At the top, where it
// stood between two separators, the one after it goes too, so that a
// removal undoes an insertion.
func (t *Tree) Remove(n *Node) {
	p := n.parent
	if p == nil {
		return
	}
	k := slices.Index(p.Kids, n)
	if k < 0 {
		return
	}
	cnt := 1
	if p == t.Root {
		prev := k > 0 && p.Kids[k-1].Sep
		next := k+1 < len(p.Kids) && p.Kids[k+1].Sep && len(p.Kids[k+1].Kids) == 0
		if prev && next {
			cnt = 2
		}
	}
	p.Kids = slices.Delete(p.Kids, k, k+cnt)
	n.parent = nil
}

// InsertAt puts nodes under parent at index at, as they are (lines kept
// from elsewhere, such as an original restored).
func (t *Tree) InsertAt(parent *Node, at int, ns ...*Node) {
	for _, n := range ns {
		n.parent = parent
	}
	parent.Kids = slices.Insert(parent.Kids, at, ns...)
}

// PlaceIn returns where under parent a new line text goes in order.
func (t *Tree) PlaceIn(parent *Node, order []Place, text string) int {
	return t.placeIn(parent, order, Squeeze(text))
}

// NewCommand makes a command line to be placed under parent with
// InsertAt.
func (t *Tree) NewCommand(parent *Node, text string) *Node { return t.newNode(parent, text) }

// insert puts n under parent at index at. At the top, a new block goes
// past the separators that close the block before it, and a separator
// like the one before it is added after it where it lands between a
// separator and a command, so that Remove takes exactly that out.
func (t *Tree) insert(parent *Node, at int, n *Node) {
	n.parent = parent
	if parent != t.Root {
		parent.Kids = slices.Insert(parent.Kids, at, n)
		return
	}
	kids := parent.Kids
	if end := t.endIndex(); at > end {
		at = end
	}
	news := []*Node{n}
	if at > 0 && kids[at-1].Sep && (at == len(kids) || !kids[at].Sep) {
		sep := t.d.Sep
		if kids[at-1].Text == "" {
			sep = ""
		}
		s := &Node{Line: t.line(sep), Text: sep, Sep: true, parent: parent}
		news = append(news, s)
	}
	parent.Kids = slices.Insert(kids, at, news...)
}

// endIndex is where the configuration ends at the top: the dialect's
// closing line ("end"), or past the last line.
func (t *Tree) endIndex() int {
	if t.d.End != "" {
		for k := len(t.Root.Kids) - 1; k >= 0; k-- {
			if n := t.Root.Kids[k]; !n.Sep && n.Text == t.d.End {
				return k
			}
		}
	}
	return len(t.Root.Kids)
}

// isBlock says whether a top-level node is a block: lines under it, or a
// section of the dialect's (an IOS "vlan 30" is one with no line under it).
func (t *Tree) isBlock(n *Node) bool {
	if len(n.Kids) > 0 || n.Opaque != nil {
		return true
	}
	words := n.Words()
	for _, r := range t.d.Top {
		if r.Kind == Section {
			if args, err := t.matchRule(r, words, false); err == nil && args != nil {
				return true
			}
		}
	}
	return false
}

// Index returns where n is among its parent's kids.
func (n *Node) Index() int {
	if n.parent == nil {
		return -1
	}
	return slices.Index(n.parent.Kids, n)
}

// AfterBlock is the index just past n and, at the top, the separators
// that close it: where a line that follows a block goes.
func (t *Tree) AfterBlock(n *Node) int {
	at := n.Index() + 1
	if n.parent == t.Root && t.isBlock(n) && (t.d.Spaced == nil || t.d.Spaced(n)) {
		for at < len(t.Root.Kids) && t.Root.Kids[at].Sep && len(t.Root.Kids[at].Kids) == 0 {
			at++
		}
	}
	return at
}

// ScanLine is one line of a configuration as Scan reads it.
type ScanLine struct {
	No     int    // 1-based
	Raw    string // as the file has it, without its line ending
	Indent int    // columns of leading blanks
	Text   string // without surrounding blanks, words one space apart
	// Top is the text of the top-level line whose block this line is in
	// ("" for a top-level line).
	Top string
}

// Scan calls fn for every command line of config, in order, without
// building a tree: what a parser that reads a large configuration once
// wants. Blank lines, comments and an opaque block's lines (a banner's
// text) are not commands; a line deeper than the first level of a block
// is passed on with its indentation, for the parser to skip or read.
// Scan stops at fn's first error, and says where an opaque block never
// ended.
func Scan(config string, d *Dialect, fn func(ScanLine) error) (unclosed int, err error) {
	var top string
	var opaque func(string) bool
	opened := 0
	for s, no := config, 1; len(s) > 0; no++ {
		var raw string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s = s[:i], s[i+1:]
		} else {
			raw, s = s, ""
		}
		raw = strings.TrimSuffix(raw, "\r")
		if opaque != nil {
			if opaque(raw) {
				opaque = nil
			}
			continue
		}
		body := raw
		if no == 1 {
			body = strings.TrimPrefix(body, "\ufeff")
		}
		text := Squeeze(body)
		if len(strings.Fields(text)) == 0 || d.comment(text) {
			continue
		}
		l := ScanLine{No: no, Raw: raw, Indent: leadingBlanks(body), Text: text}
		if l.Indent == 0 {
			top = text
			if end, ok := d.opaque(text); ok {
				opaque, opened = end, no
			}
		} else {
			l.Top = top
		}
		if err := fn(l); err != nil {
			return 0, err
		}
	}
	if opaque != nil {
		return opened, nil
	}
	return 0, nil
}
