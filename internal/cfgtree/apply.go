package cfgtree

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Dialect is what a platform's configuration looks like and what the
// commands a remediation types do to it.
type Dialect struct {
	Name   string // for messages: "IOS-XE"
	Indent string // one level of a new block
	Sep    string // the line between top-level blocks ("!"), or ""
	End    string // the line that closes the configuration ("end"), or ""
	// Spaced says whether the platform prints separators after a
	// top-level block (a new line after it goes past them); nil: after
	// every block.
	Spaced func(block *Node) bool
	// Comment says whether a line is a comment; nil: lines that start
	// with "!".
	Comment func(text string) bool
	// Opaque recognises a line whose following lines are not commands (a
	// banner's text), and says where they end.
	Opaque func(text string) (end func(raw string) bool, ok bool)
	// Types are placeholder types beyond the built-in ones: a function
	// that checks one word and returns it as the platform writes it.
	Types map[string]func(word string) (string, error)
	Top   []*Rule // commands at the top level
	Order []Place // how the top level is printed
}

func (d *Dialect) comment(text string) bool {
	if d.Comment != nil {
		return d.Comment(text)
	}
	return text[0] == '!'
}

func (d *Dialect) opaque(text string) (func(string) bool, bool) {
	if d.Opaque == nil {
		return nil, false
	}
	return d.Opaque(text)
}

// Kind is what a typed command does.
type Kind int

const (
	// Set is a setting: typing it replaces the line of the same setting
	// (the pattern's words up to its last placeholder), "no" removes it.
	Set Kind = iota
	// Flag is on by default and shown only as its "no" form: "no X"
	// adds that line once, "X" removes it.
	Flag
	// Once is off by default and shown when on: "X" adds the line once,
	// "no X" removes it.
	Once
	// Section opens a sub-mode whose commands are Sub.
	Section
	// Custom is what Do does.
	Custom
)

// Rule is one command a remediation may type. Its Pattern is words and
// placeholders: <vlan> (1-4094), <int>, <ipv4>, <word>, <text> (the rest of
// the line), or a type of the Dialect's; a last placeholder written
// <type...> takes the rest of the line, its words one space apart.
type Rule struct {
	Pattern string
	Kind    Kind
	// Default (Set) is the value the platform does not print: typing it
	// removes the line.
	Default string
	// Sub are the commands of a Section's sub-mode, Order how it prints
	// them.
	Sub   []*Rule
	Order []Place
	// Create (Section) adds a missing section where Order puts it;
	// without it, typing a section that does not exist is refused.
	Create bool
	// Removable (Section): "no" removes the section; else it is refused.
	Removable bool
	// DropEmpty (Section): the section goes once it holds no command.
	DropEmpty bool
	// Open (Section) returns the node whose lines the sub-mode edits,
	// instead of the one with this header; a node outside the tree
	// discards what is typed into it.
	Open func(c *Cmd) (*Node, error)
	// Close (Section) runs when the sub-mode is left.
	Close func(c *Cmd, n *Node) error
	// Remove (Section) runs for the "no" form instead of removing the
	// section with this header.
	Remove func(c *Cmd) error
	// Do runs a Custom command, and after the default action of the
	// other kinds where it is set.
	Do func(c *Cmd) error

	tokens tokens
}

type token struct {
	lit, typ string
	rest     bool // takes the rest of the line
}

func (r *Rule) compile() tokens {
	if r.tokens == nil {
		for _, w := range strings.Fields(r.Pattern) {
			if strings.HasPrefix(w, "<") && strings.HasSuffix(w, ">") {
				typ, rest := strings.CutSuffix(w[1:len(w)-1], "...")
				r.tokens = append(r.tokens, token{typ: typ, rest: rest || typ == "text"})
			} else {
				r.tokens = append(r.tokens, token{lit: w})
			}
		}
	}
	return r.tokens
}

// Cmd is one typed command, matched to its rule.
type Cmd struct {
	T      *Tree
	Parent *Node // where it applies: the root, or the open section
	Rule   *Rule
	Neg    bool
	Args   []string // the placeholders' values, as the platform writes them
	Text   string   // the command without "no", one space between words
	Src    int      // the typed line

	order []Place
}

// Order is how the command's parent prints its lines.
func (c *Cmd) Order() []Place { return c.order }

// LineError is a typed line that cannot be applied, as the switch would
// refuse it or as its effect cannot be predicted.
type LineError struct {
	Line int    // 1-based position among the typed lines
	Text string // the line as typed
	Msg  string
	// Err is the cause, where one was given, for errors.Is.
	Err error
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d %q: %s", e.Line, strings.TrimSpace(e.Text), e.Msg)
}

func (e *LineError) Unwrap() error { return e.Err }

// open is a sub-mode being typed into.
type open struct {
	cmd    *Cmd
	node   *Node
	line   int
	indent int // of its first line
}

// Apply plays lines typed in configuration mode onto the tree: an
// unindented line is a top-level command, indented lines belong to the
// section the last one opened, until "exit" or the next unindented line;
// "end", or "exit" at the top, leaves configuration mode. Blank lines and
// comments are skipped. The first line that cannot be applied is returned
// as a *LineError.
func (t *Tree) Apply(lines []string) error {
	var cur *open
	left := 0
	finish := func() error {
		if cur == nil {
			return nil
		}
		o := cur
		cur = nil
		if err := t.close(o); err != nil {
			return &LineError{Line: o.line, Text: lines[o.line-1], Msg: err.Error(), Err: err}
		}
		return nil
	}
	for i, raw := range lines {
		t.src = i + 1
		fail := func(err error) error { return &LineError{Line: i + 1, Text: lines[i], Msg: err.Error(), Err: err} }
		if strings.ContainsAny(raw, "\n") {
			return fail(errors.New("one command per line: this one holds a line break"))
		}
		raw = strings.TrimSuffix(raw, "\r")
		text := Squeeze(raw)
		if len(strings.Fields(text)) == 0 || t.d.comment(text) {
			continue // blank, odd blanks ("\v"), or a comment
		}
		if left > 0 {
			return fail(fmt.Errorf("configuration mode was left at line %d (%q)", left, strings.TrimSpace(lines[left-1])))
		}
		if text == "end" || text == "exit" {
			wasOpen := cur != nil
			if err := finish(); err != nil {
				return err
			}
			if text == "end" || !wasOpen {
				left = i + 1
			}
			continue
		}
		if indent := leadingBlanks(raw); indent > 0 {
			switch {
			case cur == nil:
				return fail(errors.New("an indented sub-mode line with no section open (the line before it opens none, or an exit closed it)"))
			case cur.indent == 0:
				cur.indent = indent
			case indent > cur.indent:
				return fail(errors.New("nested sub-modes are not supported: indent every line of a section alike"))
			}
			c, err := t.match(cur.cmd.Rule.Sub, cur.node, cur.cmd.Rule.Order, text)
			if err != nil {
				return fail(err)
			}
			if c.Rule.Kind == Section {
				return fail(errors.New("nested sub-modes are not supported"))
			}
			if err := t.run(c); err != nil {
				return fail(err)
			}
			continue
		}
		if err := finish(); err != nil {
			return err
		}
		c, err := t.match(t.d.Top, t.Root, t.d.Order, text)
		if err != nil {
			return fail(err)
		}
		if c.Rule.Kind != Section || c.Neg {
			if err := t.run(c); err != nil {
				return fail(err)
			}
			continue
		}
		n, err := t.openSection(c)
		if err != nil {
			return fail(err)
		}
		cur = &open{cmd: c, node: n, line: i + 1}
	}
	return finish()
}

// match finds the rule for a typed command under parent.
func (t *Tree) match(rs []*Rule, parent *Node, order []Place, text string) (*Cmd, error) {
	words := strings.Fields(text)
	neg := words[0] == "no"
	if neg {
		words = words[1:]
		if len(words) == 0 {
			return nil, errors.New(`"no" without a command`)
		}
	}
	var typeErr error
	for _, r := range rs {
		args, err := t.matchRule(r, words, neg)
		if err != nil {
			if r.compile().literal() {
				// The command's words agree: its value is wrong.
				typeErr = cmp(typeErr, err)
			}
			continue
		}
		if args != nil {
			return &Cmd{T: t, Parent: parent, Rule: r, Neg: neg, Args: args, Text: strings.Join(words, " "), Src: t.src, order: order}, nil
		}
	}
	if typeErr != nil {
		return nil, typeErr
	}
	where := "at the top level"
	if parent != t.Root {
		where = "in " + parent.Text
	}
	return nil, fmt.Errorf("mcaudit does not predict %q %s on %s: no remediation template writes it", text, where, t.d.Name)
}

func cmp(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// matchRule returns the arguments of words under r: nil without an
// error where the literal words differ, an error where they agree and a
// value is not of its type. A Set's "no" form may leave out its value.
func (t *Tree) matchRule(r *Rule, words []string, neg bool) ([]string, error) {
	toks := r.compile()
	n := len(toks)
	if neg && r.Kind == Set && len(words) == n-1 && toks[n-1].typ != "" {
		toks = toks[:n-1]
	}
	if last := toks[len(toks)-1]; last.rest {
		if len(words) < len(toks) {
			return nil, nil
		}
	} else if len(words) != len(toks) {
		return nil, nil
	}
	for i, tk := range toks {
		if tk.lit != "" && words[i] != tk.lit {
			return nil, nil
		}
	}
	args := []string{}
	for i, tk := range toks {
		if tk.typ == "" {
			continue
		}
		w := words[i]
		if tk.rest {
			w = strings.Join(words[i:], " ")
		}
		v, err := t.typed(tk.typ, w)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	return args, nil
}

// typed checks a placeholder's value and returns it as the platform
// writes it.
func (t *Tree) typed(typ, w string) (string, error) {
	if f := t.d.Types[typ]; f != nil {
		return f(w)
	}
	switch typ {
	case "vlan":
		v, err := strconv.Atoi(w)
		if err != nil || v < 1 || v > 4094 {
			return "", fmt.Errorf("%q is not a VLAN ID 1-4094", w)
		}
		return strconv.Itoa(v), nil
	case "int":
		v, err := strconv.ParseUint(w, 10, 32)
		if err != nil {
			return "", fmt.Errorf("%q is not a number", w)
		}
		return strconv.FormatUint(v, 10), nil
	case "ipv4":
		a, err := netip.ParseAddr(w)
		if err != nil || !a.Is4() {
			return "", fmt.Errorf("%q is not an IPv4 address", w)
		}
		return a.String(), nil
	case "word", "text":
		return w, nil
	}
	panic("cfgtree: unknown placeholder type <" + typ + ">")
}

// Matches reports whether an existing line is an instance of r with the
// given leading arguments.
func (c *Cmd) Matches(r *Rule, args ...string) func(*Node) bool {
	return func(n *Node) bool {
		words := n.Words()
		got, err := c.T.matchRule(r, words, false)
		if err != nil || got == nil || len(got) < len(args) {
			return false
		}
		return slices.Equal(got[:len(args)], args)
	}
}

// run applies a command that is not a section being entered.
func (t *Tree) run(c *Cmd) error {
	r := c.Rule
	switch r.Kind {
	case Set:
		key := c.Args
		if len(c.Args) == len(r.compile().typs()) {
			key = c.Args[:len(c.Args)-1]
		}
		same := c.Matches(r, key...)
		switch {
		case c.Neg, len(c.Args) > len(key) && c.Args[len(c.Args)-1] == r.Default:
			t.RemoveAll(c.Parent, same)
		default:
			t.Set(c.Parent, same, c.Text, c.order)
		}
	case Flag:
		if c.Neg {
			t.Ensure(c.Parent, "no "+c.Text, c.order)
		} else {
			t.RemoveAll(c.Parent, TextIs("no "+c.Text))
		}
	case Once:
		if c.Neg {
			t.RemoveAll(c.Parent, TextIs(c.Text))
		} else {
			t.Ensure(c.Parent, c.Text, c.order)
		}
	case Section:
		if !c.Neg {
			return errors.New("a section is entered, not run") // Apply opens sections
		}
		if r.Remove != nil {
			return r.Remove(c)
		}
		if !r.Removable {
			return fmt.Errorf("mcaudit does not predict removing %q", c.Text)
		}
		t.RemoveAll(c.Parent, c.Matches(r, c.Args...))
		return nil
	case Custom:
	}
	if r.Do != nil {
		return r.Do(c)
	}
	return nil
}

type tokens []token

func (ts tokens) literal() bool {
	return slices.ContainsFunc(ts, func(t token) bool { return t.lit != "" })
}

// typs lists a pattern's placeholders.
func (ts tokens) typs() []string {
	var out []string
	for _, t := range ts {
		if t.typ != "" {
			out = append(out, t.typ)
		}
	}
	return out
}

func (t *Tree) openSection(c *Cmd) (*Node, error) {
	r := c.Rule
	if r.Open != nil {
		return r.Open(c)
	}
	if n := t.First(c.Parent, c.Matches(r, c.Args...)); n != nil {
		return n, nil
	}
	if !r.Create {
		return nil, fmt.Errorf("the configuration has no %q: mcaudit predicts changes to it, not its creation", c.Text)
	}
	return t.Add(c.Parent, c.Text, c.order), nil
}

func (t *Tree) close(o *open) error {
	r := o.cmd.Rule
	if r.Close != nil {
		if err := r.Close(o.cmd, o.node); err != nil {
			return err
		}
	}
	if r.DropEmpty && o.node.parent != nil && len(o.node.Commands()) == 0 {
		t.Remove(o.node)
	}
	return nil
}
