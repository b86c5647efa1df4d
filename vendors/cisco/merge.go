package cisco

// Predicted configuration: Apply plays the lines an engineer types in
// configuration mode onto a saved running-config and returns the
// running-config the switch would then show. mcaudit re-audits that text
// to prove a remediation fixes what it claims, and applies the rollback to
// it to prove the rollback restores the original.
//
// The config is read as a list of top-level items: a line at column zero
// with the indented lines of its block, or a separator ("!", a comment, a
// blank line). Banner bodies are opaque. Every line Apply does not change
// is written back byte for byte, line endings included; changed and new
// lines use the file's line ending and the block's indentation (the
// platform's, one space on IOS and two on NX-OS, for a new block).
//
// Typed lines: an unindented line is a global command; indented lines
// (any indentation) belong to the block the last global command opened,
// until the next unindented line or "exit". "end" or an "exit" at the top
// leaves configuration mode: a later command is an error. Blank lines and
// "!" comments are skipped. A sub-mode line indented deeper than the
// first line of its block (a nested sub-mode) is refused.
//
// Per command family (IOS = cisco_ios and cisco_iosxe unless stated):
//
// Interfaces. "interface NAME" (any abbreviation CanonicalInterface knows)
// edits the block, creating it if missing: after the same type's
// interface with the next lower number, else among the platform's
// interface kinds (IOS: Loopback, Tunnel, Port-channel, ports, Vlan;
// NX-OS: Vlan, port-channel, Ethernet, mgmt, loopback). A new IOS SVI,
// Loopback or Tunnel shows "no ip address"; a new NX-OS SVI needs
// "feature interface-vlan". "no interface X" removes a Vlan, Port-channel
// (and every member's channel-group line, as IOS and NX-OS do), Loopback,
// Tunnel, nve or sub-interface; removing a physical port is refused;
// removing an absent one is accepted silently. "interface range" and
// lists are refused. Inside the block, settings replace the line of the
// same setting and "no SETTING [...]" removes it: description, switchport
// mode, switchport access vlan (VLAN 1, the default, shows no line; on IOS
// a VLAN that does not exist is created as the switch does, "% Access
// VLAN does not exist. Creating vlan N"), switchport trunk native vlan
// (1 shows no line), ip address (a primary replaces the primary,
// "secondary" adds; IOS shows "no ip address" on a routed interface
// without one; IOS wants A.B.C.D MASK, NX-OS shows A.B.C.D/LEN), ip igmp
// version, ip pim sparse-mode|dense-mode|sparse-dense-mode (NX-OS:
// sparse-mode only, needs "feature pim"), storm-control multicast level
// (percentages shown with two decimals), ip access-group NAME in|out (one
// per direction), ip port access-group NAME in (NX-OS), channel-group N
// (creates the port-channel if missing; NX-OS LACP modes need "feature
// lacp"). "shutdown"/"no shutdown" show only where they differ from the
// interface's default admin state (IOS: up; NX-OS: SVIs down, switchports
// down under "system default switchport shutdown"). "no switchport"
// removes the switchport lines and shows "no switchport" (on NX-OS only
// where ports default to switched); "switchport" removes it and the IP
// addresses. "switchport trunk allowed vlan LIST|add L|remove L|except
// L|all|none" and "no switchport trunk allowed vlan" compute the new set
// from the existing lines and print it as the platform does: nothing for
// all VLANs, "none" for no VLAN, else one "switchport trunk allowed vlan
// LIST" line continued by "switchport trunk allowed vlan add LIST" lines,
// each list at most TrunkAllowedWidth characters and never split inside
// an element. A set equal to the one the config had at the start of the
// Apply is written back as the original lines.
//
// VLANs. IOS shows VLANs in running-config only in VTP transparent or off
// mode: there "vlan N|LIST" creates "vlan N" blocks in numeric order; in
// VTP server mode the VLAN goes to vlan.dat, so the lines are accepted and
// the text does not change; in VTP client mode they are refused. VLAN 1
// and 1002-1005 can be entered but not changed or deleted. NX-OS adds the
// VLANs to the "vlan 1,10,20" list line (created if missing, written
// compact, "1-3,10"), and shows a "vlan N" block only while it holds a
// setting; VLANs 3968-4094 (or the "system vlan N reserve" range) are
// refused. In the block: "name X" replaces, "no name" removes, "state
// suspend" shows, "state active" is the default, "shutdown"/"no shutdown"
// likewise. "no vlan N|LIST" removes the VLANs (IOS: the blocks; NX-OS:
// from the list line and their blocks). "vlan configuration LIST" edits
// the block for exactly that list (created after the last VLAN block,
// removed when it is left empty): "ip igmp snooping querier A.B.C.D"
// replaces, "no ip igmp snooping querier [A]" removes it, "no ip igmp
// snooping" shows, "ip igmp snooping" (the default) removes that line.
// "no vlan configuration LIST" removes the block.
//
// ACLs. "ip access-list extended|standard NAME" (IOS) or "ip access-list
// NAME" (NX-OS) edits the ACL, creating it after the last ACL. Entries
// typed with a sequence number go in sequence order (before the remarks
// of the next entry); one without goes last with the highest number + 10;
// an existing number is refused ("Duplicate sequence number"). "no SEQ"
// removes that entry, "no permit|deny ..." the first entry with that text,
// "no remark X" that remark. Entries are written as the platform prints
// them: IOS pads the action ("deny   ip"), writes "host A" for A 0.0.0.0,
// "any" for 0.0.0.0 255.255.255.255 and a standard ACL's host as the bare
// address, and refuses A/LEN; NX-OS writes hosts and contiguous wildcards
// as A/LEN; both write a known protocol number as its keyword (PGM stays
// 113). Sequence numbers are shown where the ACL showed them (IOS-XE,
// NX-OS; new ACLs on those platforms) and not where it did not (classic
// IOS named ACLs). Numbered ACLs written as "access-list N ..." lines are
// edited by "ip access-list extended|standard N" and "access-list N ...":
// on cisco_ios they stay "access-list N" lines, in sequence order without
// numbers; on cisco_iosxe the changed ACL is shown in the named form with
// sequence numbers, as IOS-XE prints it (an ACL that ends up unchanged is
// written back as it was). "no access-list N [...]" removes the whole ACL,
// as IOS does. "no ip access-list ... NAME" removes the ACL. A line in an
// ACL that is not an entry, a remark, "statistics per-entry" (NX-OS) or
// its "no" form is refused, as is an entry whose protocol or addresses
// cannot be read.
//
// VLAN maps. "vlan access-map NAME [SEQ]" (SEQ 10 when omitted) edits or
// creates the entry in sequence order: "match ip address ...", "match mac
// address ...", "action ..." replace; their "no" forms remove. "no vlan
// access-map NAME [SEQ]" removes the entry or the whole map. "vlan filter
// MAP vlan-list L" replaces MAP's filter line; "no vlan filter MAP
// vlan-list L" removes L from it (the line when nothing is left), "no vlan
// filter MAP" the line.
//
// IGMP snooping (global). "ip igmp snooping" and "ip igmp snooping vlan
// N" are defaults, shown as nothing: they remove a "no ip igmp snooping
// [vlan N]" line; the "no" forms add that line once. "ip igmp snooping
// querier" and "ip igmp snooping vlan N querier" are added once, their
// "no" forms remove them. "... querier address A", "... querier version
// N" (global or per VLAN) replace, their "no" forms remove. NX-OS has no
// global or per-VLAN querier at the top level (it is "vlan configuration
// N" / "ip igmp snooping querier A"): refused. "ip multicast-routing" is
// added once next to "ip routing" (refused on NX-OS, which has "feature
// pim"); "no ip multicast-routing" removes it. New snooping lines go
// after the last snooping line, else before the first VLAN, interface or
// ACL block.
//
// Blocks of other kinds. "object-group ..." (created before the first
// ACL), "router ..." (created after the interfaces), "line ..." (existing
// blocks only) and any block that already exists in the config with the
// same header are edited with the generic rules below. Entering a block
// that does not exist and that Apply does not know is refused.
//
// Generic rules, for any other command at the top level or in a block:
// a line already present changes nothing; a line whose "no" form is
// present removes that "no" line (the setting returns to its default,
// which IOS and NX-OS do not print); otherwise it replaces the line with
// the same words but the last - when they are at least two words, or one
// word and both last words are numbers ("mtu 9216"), and the command is
// not one that takes a list of values (ntp server, logging host, ip route,
// ip helper-address, username, snmp-server host, ...); object-group
// members are never replaced - else it is added after the last line that
// starts with the same word (at the top level) or where the platform
// prints that kind of line in the block, else last. "no X" removes the
// lines that are X or begin with X (a lone namespace word such as "no ip"
// is refused) and is silently accepted when there is none.
//
// Refused, as not predictable from the text: "vtp ..." (changing VTP
// changes which VLANs running-config shows), "banner", "default ...",
// "do", "show", "interface range", "ip access-list resequence",
// "no hostname", anything after "end".
//
// Not updated: the "Current configuration : N bytes" and "Last
// configuration change" header lines, and NX-OS "!Time:".

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// TrunkAllowedWidth is the longest VLAN list Apply writes on one
// "switchport trunk allowed vlan [add]" line. IOS and NX-OS continue a
// long allowed list on "switchport trunk allowed vlan add" lines; the
// list part of each stays within about 70 characters in the configs
// this project has seen (core1's recorded Te1/0/3 breaks at 68).
const TrunkAllowedWidth = 70

// LineError is a typed line Apply cannot apply, as the switch would
// refuse it or as Apply cannot predict its effect.
type LineError struct {
	Line int    // 1-based position in the lines given to Apply
	Text string // the line as given
	Msg  string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d %q: %s", e.Line, strings.TrimSpace(e.Text), e.Msg)
}

// Apply returns config with the configuration-mode lines applied, as the
// platform would show its running-config afterwards. lines are exactly
// what is typed after "configure terminal": sub-mode lines indented (one
// space on IOS, two on NX-OS, either accepted), "exit"/"end" optional.
//
// The config must parse (ParseConfig); so must the result, or the line
// that broke it is reported. A line that cannot be applied is a
// *LineError; nothing is silently dropped. The semantics per command are
// described at the top of merge.go.
func Apply(platform string, config []byte, lines []string) ([]byte, error) {
	if !Supports(platform) {
		return nil, fmt.Errorf("platform %q is not a Cisco platform (want one of %s)", platform, strings.Join(Platforms, ", "))
	}
	if err := ParseConfig(model.NewDevice("config", platform), "config", config); err != nil {
		return nil, fmt.Errorf("cannot apply lines to a config that does not parse: %w", err)
	}
	t := newTree(platform, string(config))
	if err := t.run(lines); err != nil {
		return nil, err
	}
	out, srcs := t.render()
	if err := ParseConfig(model.NewDevice("predicted", platform), predictedFile, out); err != nil {
		if m := predictedLine.FindStringSubmatch(err.Error()); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(srcs) && srcs[n-1] > 0 {
				src := srcs[n-1]
				return nil, &LineError{Line: src, Text: lines[src-1], Msg: "the predicted config does not parse: " + err.Error()}
			}
		}
		return nil, fmt.Errorf("the predicted config does not parse: %w", err)
	}
	return out, nil
}

const predictedFile = "predicted config"

var predictedLine = regexp.MustCompile(`^` + predictedFile + ` line (\d+): `)

// cline is one line of the config.
type cline struct {
	raw string // without its terminator
	eol string // "\n", "\r\n", or "" for a last line without one
	src int    // 0: from the config; n: written by typed line n
}

// item is a top-level line and the indented lines of its block, or a
// separator.
type item struct {
	head   cline
	text   string // head, squeezed
	body   []cline
	sep    bool // "!", a comment or a blank line at column zero
	banner bool // body is a banner's text
}

// tree is the config being changed.
type tree struct {
	platform string
	nx       bool
	items    []*item
	eol      string // for new lines
	indent   string // of a new block's lines
	src      int    // the typed line being applied

	acls    map[string]*aclState
	allowed map[*item]*allowedOrig
	nxList  *listOrig
}

func newTree(platform, config string) *tree {
	t := &tree{platform: platform, nx: platform == NXOS, indent: " ",
		acls: map[string]*aclState{}, allowed: map[*item]*allowedOrig{}}
	if t.nx {
		t.indent = "  "
	}
	t.items, t.eol = splitConfig(config)
	return t
}

// splitConfig cuts a config into items the way ParseConfig reads it: an
// indented line belongs to the block above, blank lines inside a block
// too, a banner's lines to the banner.
func splitConfig(config string) ([]*item, string) {
	var items []*item
	eol := ""
	var cur *item
	var pending []cline // blank lines: a block's if an indented line follows
	flush := func() {
		for _, l := range pending {
			items = append(items, &item{head: l, sep: true})
		}
		pending = nil
	}
	banner := ""
	for s, first := config, true; len(s) > 0; first = false {
		var l cline
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			l.raw, l.eol, s = s[:i], "\n", s[i+1:]
		} else {
			l.raw, s = s, ""
		}
		if r, ok := strings.CutSuffix(l.raw, "\r"); ok {
			l.raw, l.eol = r, "\r"+l.eol
		}
		if eol == "" && strings.HasSuffix(l.eol, "\n") {
			eol = l.eol
		}
		if banner != "" {
			cur.body = append(cur.body, l)
			if strings.Contains(l.raw, banner) {
				banner = ""
			}
			continue
		}
		body := l.raw
		if first {
			body = strings.TrimPrefix(body, "\ufeff")
		}
		text := squeeze(body)
		if text == "" {
			pending = append(pending, l)
			continue
		}
		if leadingBlanks(body) > 0 {
			if cur != nil {
				cur.body = append(cur.body, pending...)
				cur.body = append(cur.body, l)
				pending = nil
				continue
			}
			flush()
			cur = &item{head: l, text: text, sep: true} // read by no block
			items = append(items, cur)
			continue
		}
		flush()
		it := &item{head: l, text: text}
		if text[0] == '!' || len(strings.Fields(text)) == 0 {
			it.sep = true // a comment, or a line of odd blanks ("\v") ParseConfig ignores
		} else if d, ok := bannerDelimiter(text); ok {
			it.banner, banner = true, d
		}
		items = append(items, it)
		cur = it
	}
	flush()
	if eol == "" {
		eol = "\n"
	}
	return items, eol
}

func leadingBlanks(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

// render writes the config and says which typed line wrote each line.
func (t *tree) render() ([]byte, []int) {
	var all []cline
	for _, it := range t.items {
		all = append(all, it.head)
		all = append(all, it.body...)
	}
	var b bytes.Buffer
	srcs := make([]int, 0, len(all))
	for k, l := range all {
		b.WriteString(l.raw)
		eol := l.eol
		if eol == "" && (k < len(all)-1 || l.src != 0) {
			eol = t.eol
		}
		b.WriteString(eol)
		srcs = append(srcs, l.src)
	}
	return b.Bytes(), srcs
}

func (t *tree) line(text string) cline { return cline{raw: text, eol: t.eol, src: t.src} }

func (t *tree) newItem(text string) *item {
	return &item{head: t.line(text), text: squeeze(text)}
}

// setHead rewrites an item's line, keeping it when the text is the same.
func (t *tree) setHead(it *item, text string) {
	if it.text != squeeze(text) {
		it.head, it.text = t.line(text), squeeze(text)
	}
}

// --- typed lines ---------------------------------------------------------

// blockCtx applies the sub-mode lines of one block.
type blockCtx interface {
	sub(text, raw string) error
	done() error
}

type openBlock struct {
	ctx    blockCtx
	line   int
	indent int // of its first sub-mode line
}

func (b *openBlock) ctxOrNil() blockCtx {
	if b == nil {
		return nil
	}
	return b.ctx
}

func (t *tree) run(lines []string) error {
	var cur *openBlock
	left := 0 // the line that left configuration mode
	finish := func() error {
		if cur == nil {
			return nil
		}
		b := cur
		cur = nil
		if err := b.ctx.done(); err != nil {
			return &LineError{Line: b.line, Text: lines[b.line-1], Msg: err.Error()}
		}
		return nil
	}
	for i, raw := range lines {
		t.src = i + 1
		fail := func(err error) error { return &LineError{Line: i + 1, Text: lines[i], Msg: err.Error()} }
		if strings.ContainsAny(raw, "\n") {
			return fail(errors.New("one command per line: this one holds a line break"))
		}
		raw = strings.TrimSuffix(raw, "\r")
		text := strings.Join(strings.Fields(raw), " ")
		if text == "" || text[0] == '!' {
			continue
		}
		if left > 0 {
			return fail(fmt.Errorf("configuration mode was left at line %d (%q)", left, strings.TrimSpace(lines[left-1])))
		}
		if text == "end" || text == "exit" {
			if _, none := cur.ctxOrNil().(noBlock); text == "exit" && cur != nil && !none {
				if err := finish(); err != nil {
					return err
				}
				continue
			}
			if err := finish(); err != nil {
				return err
			}
			left = i + 1
			continue
		}
		if indent := leadingBlanks(raw); indent > 0 {
			switch {
			case cur == nil:
				return fail(errors.New("an indented sub-mode line with no block open (the line before it opens no block, or an exit closed it)"))
			case cur.indent == 0:
				cur.indent = indent
			case indent > cur.indent:
				return fail(errors.New("nested sub-modes are not supported: indent every line of a block alike"))
			}
			if err := cur.ctx.sub(text, raw); err != nil {
				return fail(err)
			}
			continue
		}
		if err := finish(); err != nil {
			return err
		}
		ctx, err := t.top(text)
		if err != nil {
			return fail(err)
		}
		if ctx == nil {
			ctx = noBlock{text}
		}
		cur = &openBlock{ctx: ctx, line: i + 1}
	}
	return finish()
}

// noBlock follows a command that opens no sub-mode.
type noBlock struct{ cmd string }

func (n noBlock) sub(string, string) error {
	return fmt.Errorf("%q opens no sub-mode that Apply knows: it is not a block in the config, nor interface, vlan, vlan configuration, vlan access-map, ip access-list, object-group, router or line", n.cmd)
}
func (noBlock) done() error { return nil }

// top applies a global configuration command.
func (t *tree) top(text string) (blockCtx, error) {
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return nil, errors.New(`"no" without a command`)
		}
	}
	switch f[0] {
	case "do", "configure", "show", "write", "copy", "reload", "default", "banner", "vtp":
		return nil, fmt.Errorf("%q is not supported: Apply cannot predict its effect on the running-config", f[0])
	case "interface":
		return t.interfaceCmd(neg, f[1:])
	case "vlan":
		return t.vlanCmd(neg, f)
	case "ip":
		switch {
		case len(f) >= 2 && f[1] == "access-list":
			return t.aclCmd(neg, f)
		case len(f) >= 3 && f[1] == "igmp" && f[2] == "snooping":
			return nil, t.igmpGlobal(neg, f)
		case len(f) >= 2 && f[1] == "multicast-routing":
			return nil, t.multicastRouting(neg, f)
		}
	case "access-list":
		return t.numberedACLCmd(neg, f)
	case "object-group", "router", "line":
		return t.knownBlockCmd(neg, f)
	case "hostname", "switchname":
		if neg {
			return nil, fmt.Errorf("%q is not supported: the switch falls back to its default name", "no "+f[0])
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("want %q", f[0]+" NAME")
		}
		t.setTop(func(it *item) bool { return hasWords(it.text, "hostname") || hasWords(it.text, "switchname") },
			strings.Join(f, " "), t.endPlace)
		return nil, nil
	}
	return t.genericTop(neg, f)
}

// --- positions -------------------------------------------------------------

// place says where to insert new items: after or before items[i].
type place struct {
	i     int
	after bool
}

func (t *tree) index(it *item) int { return slices.Index(t.items, it) }

// endIdx is where the config ends: IOS's "end" line, or past the last line.
func (t *tree) endIdx() int {
	if !t.nx {
		for k := len(t.items) - 1; k >= 0; k-- {
			if t.items[k].text == "end" && !t.items[k].sep {
				return k
			}
		}
	}
	return len(t.items)
}

func (t *tree) endPlace() place { return place{i: t.endIdx()} }

// isBlock reports whether an item is a block, so that a new item goes
// after the separators that close it.
func (t *tree) isBlock(it *item) bool {
	if it.sep {
		return false
	}
	if len(it.body) > 0 || it.banner {
		return true
	}
	f := strings.Fields(it.text)
	switch f[0] {
	case "interface", "router", "line", "object-group":
		return true
	case "ip":
		return len(f) > 1 && f[1] == "access-list"
	case "vlan":
		if len(f) > 1 && (f[1] == "configuration" || f[1] == "access-map") {
			return true
		}
		return !t.nx && len(f) == 2 && isDigits(f[1])
	}
	return false
}

// insert puts items at p. After a block they go past its separators
// (on NX-OS only after an interface: NX-OS prints its other sections
// without separators); a separator like the one before them is added
// after them when they land between a separator and a line, so that
// removeItem takes exactly that back out.
func (t *tree) insert(p place, news ...*item) {
	at := p.i
	if p.after {
		at = p.i + 1
		if a := t.items[p.i]; t.isBlock(a) && (!t.nx || isIface(a)) {
			for at < len(t.items) && t.items[at].sep && len(t.items[at].body) == 0 {
				at++
			}
		}
	}
	if end := t.endIdx(); at > end {
		at = end
	}
	if at > 0 && t.items[at-1].sep && (at == len(t.items) || !t.items[at].sep) {
		sep := "!"
		if t.items[at-1].text == "" {
			sep = ""
		}
		s := t.newItem(sep)
		s.sep = true
		news = append(news, s)
	}
	t.items = slices.Insert(t.items, at, news...)
}

// removeItem deletes an item and, when it stood between two separators,
// the one after it.
func (t *tree) removeItem(it *item) {
	k := t.index(it)
	if k < 0 {
		return
	}
	prev := k > 0 && t.items[k-1].sep
	next := k+1 < len(t.items) && t.items[k+1].sep && len(t.items[k+1].body) == 0
	n := 1
	if prev && next {
		n = 2
	}
	t.items = slices.Delete(t.items, k, k+n)
}

// replaceItems puts news where old is (old[0]'s place), or at p() when
// old is empty.
func (t *tree) replaceItems(old, news []*item, p func() place) {
	if len(old) == 0 {
		if len(news) > 0 {
			t.insert(p(), news...)
		}
		return
	}
	for _, o := range old[1:] {
		t.removeItem(o)
	}
	if len(news) == 0 {
		t.removeItem(old[0])
		return
	}
	k := t.index(old[0])
	t.items = slices.Replace(t.items, k, k+1, news...)
}

func (t *tree) lastIndex(pred func(*item) bool) int {
	for k := len(t.items) - 1; k >= 0; k-- {
		if it := t.items[k]; !it.sep && !it.banner && pred(it) {
			return k
		}
	}
	return -1
}

func (t *tree) firstIndex(pred func(*item) bool) int {
	for k, it := range t.items {
		if !it.sep && !it.banner && pred(it) {
			return k
		}
	}
	return -1
}

// placeAmong tries each rule in turn: the first that finds an item wins.
type rule struct {
	pred  func(*item) bool
	after bool // after the last match, else before the first
}

func (t *tree) placeAmong(fallback func() place, rules ...rule) place {
	for _, r := range rules {
		if r.after {
			if k := t.lastIndex(r.pred); k >= 0 {
				return place{i: k, after: true}
			}
		} else if k := t.firstIndex(r.pred); k >= 0 {
			return place{i: k}
		}
	}
	return fallback()
}

func hasWords(text, prefix string) bool {
	return text == prefix || strings.HasPrefix(text, prefix+" ")
}

func startsWith(prefix string) func(*item) bool {
	return func(it *item) bool { return hasWords(it.text, prefix) }
}

func isIface(it *item) bool { return hasWords(it.text, "interface") }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// single is a top-level line without a block.
func (t *tree) single(it *item) bool { return !it.sep && !it.banner && !t.isBlock(it) }

// globalPlace is where a new global setting goes when nothing related is
// in the config: before the first VLAN, ACL or interface.
func (t *tree) globalPlace() place {
	return t.placeAmong(t.endPlace, rule{pred: func(it *item) bool {
		f := strings.Fields(it.text)
		switch f[0] {
		case "interface", "vlan", "access-list", "object-group":
			return true
		case "ip":
			return len(f) > 1 && f[1] == "access-list"
		}
		return false
	}})
}

// --- top-level settings ------------------------------------------------------

func (t *tree) findTop(pred func(*item) bool) []*item {
	var out []*item
	for _, it := range t.items {
		if t.single(it) && pred(it) {
			out = append(out, it)
		}
	}
	return out
}

func (t *tree) hasTop(text string) bool {
	return len(t.findTop(func(it *item) bool { return it.text == text })) > 0
}

// setTop makes text the one top-level line match finds.
func (t *tree) setTop(match func(*item) bool, text string, p func() place) {
	ms := t.findTop(match)
	if len(ms) == 0 {
		t.insert(p(), t.newItem(text))
		return
	}
	t.setHead(ms[0], text)
	for _, it := range ms[1:] {
		t.removeItem(it)
	}
}

// ensureTop adds a top-level line once.
func (t *tree) ensureTop(text string, p func() place) {
	if !t.hasTop(text) {
		t.insert(p(), t.newItem(text))
	}
}

func (t *tree) removeTop(match func(*item) bool) {
	for _, it := range t.findTop(match) {
		t.removeItem(it)
	}
}

func exactItem(text string) func(*item) bool {
	return func(it *item) bool { return it.text == text }
}

// namespaces are first words that are never a whole command: "no ip" must
// not remove every "ip ..." line.
var namespaces = map[string]bool{
	"ip": true, "ipv6": true, "no": true, "switchport": true, "spanning-tree": true, "storm-control": true,
	"snmp-server": true, "logging": true, "service": true, "aaa": true, "crypto": true, "vlan": true,
	"interface": true, "line": true, "router": true, "access-list": true, "mac": true, "feature": true,
	"ntp": true, "username": true, "vrf": true, "policy-map": true, "class-map": true, "errdisable": true,
	"lldp": true, "cdp": true, "udld": true, "mls": true, "power": true, "standby": true, "vrrp": true,
}

// additive commands take a list of values: a new value adds a line.
var additive = []string{
	"ntp server", "ntp peer", "logging host", "logging server", "ip route", "ipv6 route", "ip name-server",
	"ip helper-address", "ip host", "username", "snmp-server host", "snmp-server community", "snmp-server user",
	"tacacs-server host", "radius-server host", "ip domain list", "ip domain-list", "passive-interface",
	"boot system", "boot nxos", "feature", "permit", "deny", "remark",
}

// replaces says whether setting typed replaces the existing line old: the
// same words but the last, when that is a setting's value.
func replaces(typed, old []string) bool {
	n := len(typed)
	if n < 2 || len(old) != n || !slices.Equal(typed[:n-1], old[:n-1]) {
		return false
	}
	joined := strings.Join(typed, " ")
	for _, a := range additive {
		if hasWords(joined, a) {
			return false
		}
	}
	if n >= 3 {
		return true
	}
	return isNumber(typed[1]) && isNumber(old[1])
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// genericTop applies a global command Apply has no rule for.
func (t *tree) genericTop(neg bool, f []string) (blockCtx, error) {
	x := strings.Join(f, " ")
	if neg {
		if len(f) == 1 && namespaces[f[0]] {
			return nil, fmt.Errorf("%q is incomplete", "no "+x)
		}
		for _, it := range slices.Clone(t.items) {
			if !it.sep && !it.banner && it.text != "end" && hasWords(it.text, x) {
				t.removeItem(it)
			}
		}
		return nil, nil
	}
	for _, it := range t.items {
		if !it.sep && !it.banner && it.text == x {
			if len(it.body) > 0 {
				return &genericCtx{t: t, it: it}, nil
			}
			return nil, nil
		}
	}
	if ms := t.findTop(exactItem("no " + x)); len(ms) > 0 {
		for _, it := range ms {
			t.removeItem(it)
		}
		return nil, nil
	}
	var old []*item
	for _, it := range t.findTop(func(it *item) bool { return replaces(f, strings.Fields(it.text)) }) {
		old = append(old, it)
	}
	if len(old) > 0 {
		t.setHead(old[0], x)
		for _, it := range old[1:] {
			t.removeItem(it)
		}
		return nil, nil
	}
	first := f[0]
	p := t.placeAmong(t.endPlace, rule{after: true, pred: func(it *item) bool {
		return t.single(it) && strings.Fields(it.text)[0] == first
	}})
	t.insert(p, t.newItem(x))
	return nil, nil
}

// multicastRouting applies "[no] ip multicast-routing ...".
func (t *tree) multicastRouting(neg bool, f []string) error {
	if t.nx {
		return errors.New("NX-OS has no ip multicast-routing: multicast routing comes with feature pim")
	}
	match := startsWith("ip multicast-routing")
	if neg {
		t.removeTop(match)
		return nil
	}
	t.setTop(match, strings.Join(f, " "), func() place {
		return t.placeAmong(t.globalPlace, rule{after: true, pred: exactItem("ip routing")},
			rule{pred: isSnoopingLine})
	})
	return nil
}

func isSnoopingLine(it *item) bool {
	return hasWords(it.text, "ip igmp snooping") || hasWords(it.text, "no ip igmp snooping")
}

func (t *tree) igmpPlace() place {
	return t.placeAmong(t.globalPlace, rule{after: true, pred: func(it *item) bool { return t.single(it) && isSnoopingLine(it) }},
		rule{after: true, pred: startsWith("ip multicast-routing")})
}

// igmpGlobal applies a global "[no] ip igmp snooping ..." line; f starts
// at "ip".
func (t *tree) igmpGlobal(neg bool, f []string) error {
	r := f[3:]
	if len(r) == 0 {
		if neg {
			t.ensureTop("no ip igmp snooping", t.igmpPlace)
		} else {
			t.removeTop(exactItem("no ip igmp snooping"))
		}
		return nil
	}
	switch r[0] {
	case "querier":
		if t.nx {
			return errors.New("NX-OS has no global snooping querier: use \"vlan configuration N\" / \"ip igmp snooping querier A.B.C.D\"")
		}
		return t.querier(neg, "ip igmp snooping querier", r[1:], f)
	case "vlan":
		if len(r) < 2 {
			return errors.New(`"ip igmp snooping vlan" without a VLAN`)
		}
		vlans, err := model.ParseVLANList(r[1])
		if err != nil {
			return err
		}
		rest := r[2:]
		if len(rest) > 0 && rest[0] == "querier" && t.nx {
			return errors.New("NX-OS has no per-VLAN querier at the top level: use \"vlan configuration N\" / \"ip igmp snooping querier A.B.C.D\"")
		}
		for v := range vlans.All() {
			base := fmt.Sprintf("ip igmp snooping vlan %d", v)
			switch {
			case len(rest) == 0 && neg:
				t.ensureTop("no "+base, t.igmpPlace)
			case len(rest) == 0:
				t.removeTop(exactItem("no " + base))
			case rest[0] == "querier":
				words := append(strings.Fields(base), rest...)
				if err := t.querier(neg, base+" querier", rest[1:], words); err != nil {
					return err
				}
			default:
				words := append(strings.Fields(base), rest...)
				if _, err := t.genericTop(neg, words); err != nil {
					return err
				}
			}
		}
		return nil
	}
	_, err := t.genericTop(neg, f)
	return err
}

// querier applies "[no] PREFIX [address A | version N | ...]" where
// PREFIX is a global or per-VLAN "... querier"; words is the whole command
// without "no".
func (t *tree) querier(neg bool, prefix string, r, words []string) error {
	if len(r) == 0 {
		if neg {
			t.removeTop(exactItem(prefix))
		} else {
			t.removeTop(exactItem("no " + prefix))
			t.ensureTop(prefix, t.igmpPlace)
		}
		return nil
	}
	switch r[0] {
	case "address":
		match := startsWith(prefix + " address")
		if neg {
			t.removeTop(match)
			return nil
		}
		if len(r) != 2 {
			return errors.New("want \"querier address A.B.C.D\"")
		}
		if !isIPv4(r[1]) {
			return fmt.Errorf("querier address %q is not an IPv4 address", r[1])
		}
		t.setTop(match, prefix+" address "+r[1], t.igmpPlace)
		return nil
	case "version":
		match := startsWith(prefix + " version")
		if neg {
			t.removeTop(match)
			return nil
		}
		if len(r) != 2 || (r[1] != "1" && r[1] != "2" && r[1] != "3") {
			return errors.New("want \"querier version 1|2|3\"")
		}
		t.setTop(match, prefix+" version "+r[1], t.igmpPlace)
		return nil
	}
	if neg {
		t.removeTop(startsWith(strings.Join(words, " ")))
		return nil
	}
	_, err := t.genericTop(false, words)
	return err
}

func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// --- blocks: lines inside ----------------------------------------------------

// bline is a line at a block's own level: body[i], with body[i+1:j] the
// deeper lines under it.
type bline struct {
	i, j int
	text string
}

// lines returns a block's own lines and their indentation.
func (t *tree) lines(it *item) ([]bline, string) {
	var out []bline
	base, indent := -1, ""
	for i, l := range it.body {
		text := squeeze(l.raw)
		if text == "" || text[0] == '!' || len(strings.Fields(text)) == 0 {
			continue
		}
		n := leadingBlanks(l.raw)
		if base < 0 {
			base, indent = n, l.raw[:n]
		}
		if n > base && len(out) > 0 {
			out[len(out)-1].j = i + 1
			continue
		}
		out = append(out, bline{i: i, j: i + 1, text: text})
	}
	if base < 0 {
		indent = t.indent
	}
	return out, indent
}

type ranker func(text string) int

// insertSub adds a line to a block where the platform prints that kind of
// line (rankPos).
func (t *tree) insertSub(it *item, text string, rank ranker) {
	_, indent := t.lines(it)
	it.body = slices.Insert(it.body, t.rankPos(it, text, rank), t.line(indent+text))
}

// rankPos is where a line goes in a block: after the last line ranked at
// or before it, else before the first ranked after it, else last.
func (t *tree) rankPos(it *item, text string, rank ranker) int {
	ls, _ := t.lines(it)
	r := rankOf(rank, text)
	if r < 0 {
		return len(it.body)
	}
	after := -1
	for k, l := range ls {
		if rl := rank(l.text); rl >= 0 && rl <= r {
			after = k
		}
	}
	if after >= 0 {
		return ls[after].j
	}
	for _, l := range ls {
		if rank(l.text) > r {
			return l.i
		}
	}
	return len(it.body)
}

func rankOf(rank ranker, text string) int {
	if rank == nil {
		return -1
	}
	return rank(text)
}

// setSub makes text the one line of the block that match finds.
// setVLANSetting applies a VLAN-valued interface setting ("switchport
// access vlan N", "switchport trunk native vlan N"). VLAN 1 is the
// default, which the platform does not print, so it and the "no" form
// remove the line; both report 1.
func (t *tree) setVLANSetting(it *item, setting string, args []string, neg bool, rank ranker) (int, error) {
	v := 1
	if !neg {
		var err error
		if v, err = oneVLAN(args); err != nil {
			return 0, err
		}
	}
	if v == 1 {
		t.removeSub(it, prefixText(setting))
		return 1, nil
	}
	t.setSub(it, prefixText(setting), fmt.Sprintf("%s %d", setting, v), rank)
	return v, nil
}

func (t *tree) setSub(it *item, match func(string) bool, text string, rank ranker) {
	ls, indent := t.lines(it)
	var ms []bline
	for _, l := range ls {
		if match(l.text) {
			ms = append(ms, l)
		}
	}
	if len(ms) == 0 {
		t.insertSub(it, text, rank)
		return
	}
	for k := len(ms) - 1; k >= 1; k-- {
		it.body = slices.Delete(it.body, ms[k].i, ms[k].j)
	}
	if ms[0].text != squeeze(text) {
		it.body[ms[0].i] = t.line(indent + text)
	}
}

// ensureSub adds a line once.
func (t *tree) ensureSub(it *item, text string, rank ranker) {
	if !t.hasSub(it, exactText(text)) {
		t.insertSub(it, text, rank)
	}
}

func (t *tree) hasSub(it *item, match func(string) bool) bool {
	ls, _ := t.lines(it)
	for _, l := range ls {
		if match(l.text) {
			return true
		}
	}
	return false
}

// removeSub removes the block's lines match finds, with the lines under
// them, and says how many.
func (t *tree) removeSub(it *item, match func(string) bool) int {
	ls, _ := t.lines(it)
	n := 0
	for k := len(ls) - 1; k >= 0; k-- {
		if match(ls[k].text) {
			it.body = slices.Delete(it.body, ls[k].i, ls[k].j)
			n++
		}
	}
	return n
}

func exactText(s string) func(string) bool { return func(x string) bool { return x == s } }

func prefixText(p string) func(string) bool { return func(x string) bool { return hasWords(x, p) } }

// genericSub applies a sub-mode command Apply has no rule for. Members of
// a set (object-group lines) are never replaced.
func (t *tree) genericSub(it *item, neg bool, f []string, rank ranker, set bool) error {
	x := strings.Join(f, " ")
	if neg {
		if len(f) == 1 && namespaces[f[0]] {
			return fmt.Errorf("%q is incomplete", "no "+x)
		}
		t.removeSub(it, prefixText(x))
		return nil
	}
	if t.hasSub(it, exactText(x)) {
		return nil
	}
	if t.removeSub(it, exactText("no "+x)) > 0 {
		return nil
	}
	if !set {
		match := func(s string) bool { return replaces(f, strings.Fields(s)) }
		if t.hasSub(it, match) {
			t.setSub(it, match, x, rank)
			return nil
		}
	}
	t.insertSub(it, x, rank)
	return nil
}

// genericCtx edits a block with the generic rules only.
type genericCtx struct {
	t   *tree
	it  *item
	set bool
}

func (c *genericCtx) sub(text, _ string) error {
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
	}
	if f[0] == "default" {
		return errors.New(`"default" is not supported: type the "no" form or the value`)
	}
	return c.t.genericSub(c.it, neg, f, nil, c.set)
}

func (c *genericCtx) done() error { return nil }

// knownBlockCmd applies "[no] object-group|router|line ...".
func (t *tree) knownBlockCmd(neg bool, f []string) (blockCtx, error) {
	x := strings.Join(f, " ")
	var it *item
	for _, c := range t.items {
		if !c.sep && !c.banner && c.text == x {
			it = c
			break
		}
	}
	if neg {
		if len(f) == 1 {
			return nil, fmt.Errorf("%q is incomplete", "no "+x)
		}
		if it != nil {
			t.removeItem(it)
		}
		return nil, nil
	}
	if it == nil {
		var p place
		switch f[0] {
		case "line":
			return nil, fmt.Errorf("the config has no %q block: Apply edits the line blocks the switch shows", x)
		case "object-group":
			ok := (!t.nx && len(f) == 3 && (f[1] == "network" || f[1] == "service")) ||
				(t.nx && len(f) == 4 && f[1] == "ip" && f[2] == "address")
			if !ok {
				return nil, fmt.Errorf("want %q", map[bool]string{false: "object-group network|service NAME", true: "object-group ip address NAME"}[t.nx])
			}
			p = t.placeAmong(t.aclPlace, rule{after: true, pred: startsWith("object-group")}, rule{pred: t.isACLItem})
		case "router":
			if len(f) < 2 {
				return nil, errors.New("router without a protocol")
			}
			p = t.placeAmong(t.endPlace, rule{after: true, pred: startsWith("router")}, rule{after: true, pred: isIface})
		}
		it = t.newItem(x)
		t.insert(p, it)
	}
	return &genericCtx{t: t, it: it, set: f[0] == "object-group"}, nil
}

// --- interfaces --------------------------------------------------------------

// ifaceType returns the full type name an interface name starts with.
func (t *tree) ifaceType(name string) (string, bool) {
	best := ""
	for _, ty := range typesFor(t.platform) {
		if rest, ok := strings.CutPrefix(name, ty.full); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' && len(ty.full) > len(best) {
			best = ty.full
		}
	}
	return best, best != ""
}

// ifaceKey orders interfaces: the kind's rank on the platform, then the
// numbers in the name.
func (t *tree) ifaceKey(name string) (typ string, nums []int, rank int) {
	typ, _ = t.ifaceType(name)
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(name, typ), func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.Atoi(part)
		nums = append(nums, n)
	}
	if t.nx {
		rank = map[string]int{"Vlan": 0, "port-channel": 1, "Ethernet": 2, "mgmt": 3, "loopback": 4, "Tunnel": 5, "nve": 6}[typ]
		if typ == "" {
			rank = 7
		}
		return
	}
	rank = 5
	switch typ {
	case "Loopback":
		rank = 0
	case "Tunnel":
		rank = 1
	case "Port-channel":
		rank = 2
	case "Vlan":
		rank = 9
	}
	return
}

func (t *tree) ifaceName(it *item) string {
	return CanonicalInterface(t.platform, strings.Join(strings.Fields(it.text)[1:], ""))
}

func (t *tree) findIface(name string) *item {
	for _, it := range t.items {
		if !it.sep && isIface(it) && len(strings.Fields(it.text)) > 1 && t.ifaceName(it) == name {
			return it
		}
	}
	return nil
}

func (t *tree) ifacePlace(name string) place {
	typ, nums, rank := t.ifaceKey(name)
	lastSame, lastRank, first := -1, -1, -1
	for k, it := range t.items {
		if it.sep || !isIface(it) || len(strings.Fields(it.text)) < 2 {
			continue
		}
		ty, nu, rk := t.ifaceKey(t.ifaceName(it))
		if first < 0 {
			first = k
		}
		if ty == typ {
			if slices.Compare(nu, nums) > 0 {
				return place{i: k}
			}
			lastSame = k
		}
		if rk <= rank {
			lastRank = k
		}
	}
	switch {
	case lastSame >= 0:
		return place{i: lastSame, after: true}
	case lastRank >= 0:
		return place{i: lastRank, after: true}
	case first >= 0:
		return place{i: first}
	}
	return t.endPlace()
}

// newIface creates an interface block where the platform lists it.
func (t *tree) newIface(name string) *item {
	it := t.newItem("interface " + name)
	if typ, _ := t.ifaceType(name); !t.nx && (typ == "Vlan" || typ == "Loopback" || typ == "Tunnel") {
		it.body = []cline{t.line(t.indent + "no ip address")}
	}
	t.insert(t.ifacePlace(name), it)
	return it
}

func (t *tree) interfaceCmd(neg bool, args []string) (blockCtx, error) {
	if len(args) == 0 {
		return nil, errors.New("interface without a name")
	}
	if args[0] == "range" {
		return nil, errors.New("interface range is not supported: configure each interface")
	}
	name := CanonicalInterface(t.platform, strings.Join(args, ""))
	typ, known := t.ifaceType(name)
	if strings.Contains(name, ",") || strings.Contains(strings.TrimPrefix(name, typ), "-") {
		return nil, errors.New("interface lists and ranges are not supported: configure each interface")
	}
	it := t.findIface(name)
	if neg {
		if it == nil {
			return nil, nil // IOS accepts it silently
		}
		switch {
		case strings.Contains(name, "."):
		case typ == "Vlan", typ == "Loopback", typ == "loopback", typ == "Tunnel", typ == "nve":
		case typ == "Port-channel", typ == "port-channel":
			n := strings.TrimPrefix(name, typ)
			for _, m := range t.items {
				if !m.sep && isIface(m) {
					t.removeSub(m, func(s string) bool {
						f := strings.Fields(s)
						return len(f) >= 2 && f[0] == "channel-group" && f[1] == n
					})
				}
			}
		default:
			return nil, fmt.Errorf("%s is a physical interface: the switch cannot remove it", name)
		}
		t.removeItem(it)
		return nil, nil
	}
	if it == nil {
		if !known {
			return nil, fmt.Errorf("%q is not an interface type of %s", name, t.platform)
		}
		if typ == "Vlan" {
			n, err := strconv.Atoi(strings.TrimPrefix(name, "Vlan"))
			if err != nil || n < 1 || n > model.MaxVLAN {
				return nil, fmt.Errorf("SVI %q does not name a VLAN 1-%d", name, model.MaxVLAN)
			}
			if t.nx && !t.hasTop("feature interface-vlan") {
				return nil, errors.New("NX-OS needs \"feature interface-vlan\" before an SVI")
			}
		}
		it = t.newIface(name)
	}
	return &ifaceCtx{t: t, it: it, name: name}, nil
}

type ifaceCtx struct {
	t    *tree
	it   *item
	name string
}

func (c *ifaceCtx) done() error { return nil }

type ranked struct {
	prefix string
	rank   int
}

// The order in which each platform prints interface lines, as far as the
// remediation touches them.
var (
	iosIfaceOrder = []ranked{
		{"description", 10}, {"no switchport", 12}, {"switchport access vlan", 20},
		{"switchport trunk encapsulation", 25}, {"switchport trunk native vlan", 30},
		{"switchport trunk allowed vlan", 40}, {"switchport mode", 50}, {"switchport", 55},
		{"vrf forwarding", 58}, {"ip address", 60}, {"no ip address", 60}, {"ip access-group", 65},
		{"ip pim", 70}, {"ip igmp", 75}, {"shutdown", 80}, {"storm-control", 85},
		{"channel-group", 90}, {"spanning-tree", 95},
	}
	nxosPortOrder = []ranked{
		{"description", 10}, {"switchport", 15}, {"no switchport", 15}, {"switchport mode", 20},
		{"switchport access vlan", 25}, {"switchport trunk native vlan", 30},
		{"switchport trunk allowed vlan", 35}, {"ip port access-group", 40}, {"spanning-tree", 45},
		{"mtu", 50}, {"storm-control", 55}, {"channel-group", 60}, {"vrf member", 62},
		{"ip address", 65}, {"ip access-group", 68}, {"ip pim", 70}, {"ip igmp", 75},
		{"shutdown", 99}, {"no shutdown", 99},
	}
	nxosSVIOrder = []ranked{
		{"description", 10}, {"shutdown", 15}, {"no shutdown", 15}, {"vrf member", 17},
		{"ip address", 20}, {"ip access-group", 25}, {"ip pim", 30}, {"ip igmp", 35},
	}
)

func rankBy(order []ranked) ranker {
	return func(text string) int {
		best, r := -1, -1
		for _, o := range order {
			if hasWords(text, o.prefix) && len(o.prefix) > best {
				best, r = len(o.prefix), o.rank
			}
		}
		return r
	}
}

func (c *ifaceCtx) rank() ranker {
	switch {
	case !c.t.nx:
		return rankBy(iosIfaceOrder)
	case strings.HasPrefix(c.name, "Vlan"):
		return rankBy(nxosSVIOrder)
	}
	return rankBy(nxosPortOrder)
}

func (c *ifaceCtx) sub(text, raw string) error {
	t, it := c.t, c.it
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
	}
	rank := c.rank()
	switch f[0] {
	case "default":
		return errors.New(`"default" is not supported: type the "no" form or the value`)
	case "description":
		if neg {
			t.removeSub(it, prefixText("description"))
			return nil
		}
		d := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(raw), "description"))
		if d == "" {
			return errors.New("description without a text")
		}
		t.setSub(it, prefixText("description"), "description "+d, rank)
		return nil
	case "shutdown":
		if len(f) == 1 {
			c.shutdown(!neg)
			return nil
		}
	case "switchport":
		return c.switchport(neg, f)
	case "ip":
		if len(f) < 2 {
			return errors.New(`"ip" is incomplete`)
		}
		switch f[1] {
		case "address":
			return c.ipAddress(neg, f[2:])
		case "igmp":
			if len(f) >= 3 && f[2] == "version" {
				if neg {
					t.removeSub(it, prefixText("ip igmp version"))
					return nil
				}
				if len(f) != 4 || (f[3] != "1" && f[3] != "2" && f[3] != "3") {
					return errors.New("want \"ip igmp version 1|2|3\"")
				}
				t.setSub(it, prefixText("ip igmp version"), "ip igmp version "+f[3], rank)
				return nil
			}
		case "pim":
			if neg && (len(f) == 2 || isPIMMode(f[2])) {
				t.removeSub(it, isPIMModeLine)
				return nil
			}
			if !neg && len(f) == 3 && isPIMMode(f[2]) {
				if t.nx {
					if f[2] != "sparse-mode" {
						return errors.New("NX-OS runs PIM in sparse mode only")
					}
					if !t.hasTop("feature pim") {
						return errors.New("NX-OS needs \"feature pim\" before \"ip pim sparse-mode\"")
					}
				}
				t.setSub(it, isPIMModeLine, "ip pim "+f[2], rank)
				return nil
			}
		case "access-group":
			return c.accessGroup(neg, false, f[2:])
		case "port":
			if len(f) >= 3 && f[2] == "access-group" {
				if !t.nx {
					return errors.New("\"ip port access-group\" is NX-OS; IOS binds a port ACL with \"ip access-group NAME in\"")
				}
				return c.accessGroup(neg, true, f[3:])
			}
		}
	case "storm-control":
		if len(f) >= 3 && f[1] == "multicast" && f[2] == "level" {
			if neg {
				t.removeSub(it, prefixText("storm-control multicast level"))
				return nil
			}
			level, err := stormLevel(f[3:])
			if err != nil {
				return err
			}
			t.setSub(it, prefixText("storm-control multicast level"), "storm-control multicast level "+level, rank)
			return nil
		}
	case "channel-group":
		if neg {
			t.removeSub(it, prefixText("channel-group"))
			return nil
		}
		if len(f) < 2 {
			return errors.New("channel-group without a number")
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 1 {
			return fmt.Errorf("channel-group %q is not a port-channel number", f[1])
		}
		if len(f) == 4 && f[2] == "mode" && (f[3] == "active" || f[3] == "passive") && t.nx && !t.hasTop("feature lacp") {
			return errors.New("NX-OS needs \"feature lacp\" for an LACP channel-group mode")
		}
		t.setSub(it, prefixText("channel-group"), strings.Join(f, " "), rank)
		pc := "Port-channel" + f[1]
		if t.nx {
			pc = "port-channel" + f[1]
		}
		if t.findIface(pc) == nil {
			t.newIface(pc) // both platforms create the port-channel
		}
		return nil
	}
	return t.genericSub(it, neg, f, rank, false)
}

func isPIMMode(s string) bool {
	return s == "sparse-mode" || s == "dense-mode" || s == "sparse-dense-mode"
}

func isPIMModeLine(s string) bool {
	f := strings.Fields(s)
	return len(f) == 3 && f[0] == "ip" && f[1] == "pim" && isPIMMode(f[2])
}

// stormLevel reads the words after "storm-control multicast level" and
// writes them as the switch shows them: percentages with two decimals.
func stormLevel(f []string) (string, error) {
	if len(f) == 0 {
		return "", errors.New("storm-control level without a value")
	}
	if f[0] == "pps" || f[0] == "bps" {
		if len(f) < 2 || len(f) > 3 {
			return "", fmt.Errorf("want \"storm-control multicast level %s RISING [FALLING]\"", f[0])
		}
		return strings.Join(f, " "), nil
	}
	if len(f) > 2 {
		return "", errors.New("want \"storm-control multicast level RISING [FALLING]\"")
	}
	out := make([]string, len(f))
	for i, w := range f {
		p, err := strconv.ParseFloat(w, 64)
		if err != nil || !(p >= 0 && p <= 100) {
			return "", fmt.Errorf("storm-control level %q is not a percentage", w)
		}
		out[i] = strconv.FormatFloat(p, 'f', 2, 64)
	}
	return strings.Join(out, " "), nil
}

// defaultDown says whether the interface is administratively down when
// its config says nothing, as ParseConfig assumes.
func (c *ifaceCtx) defaultDown() bool {
	t := c.t
	if !t.nx {
		return false
	}
	if strings.HasPrefix(c.name, "Vlan") {
		return true
	}
	if !isNXOSPort(c.name) || !t.hasTop("system default switchport shutdown") {
		return false
	}
	sw := t.hasSub(c.it, prefixText("switchport"))
	hasIP := t.hasSub(c.it, prefixText("ip address"))
	routed := t.hasSub(c.it, exactText("no switchport"))
	return !routed && (sw || (t.hasTop("system default switchport") && !hasIP))
}

func (c *ifaceCtx) shutdown(down bool) {
	t, it, rank := c.t, c.it, c.rank()
	def := c.defaultDown()
	if down {
		t.removeSub(it, exactText("no shutdown"))
		if !def {
			t.ensureSub(it, "shutdown", rank)
		}
		return
	}
	t.removeSub(it, exactText("shutdown"))
	if def {
		t.ensureSub(it, "no shutdown", rank)
	}
}

// routed says whether IOS shows "no ip address" on the interface.
func (c *ifaceCtx) routed() bool {
	typ, _ := c.t.ifaceType(c.name)
	return typ == "Vlan" || typ == "Loopback" || typ == "Tunnel" ||
		c.t.hasSub(c.it, exactText("no switchport")) || c.t.hasSub(c.it, prefixText("vrf forwarding"))
}

func (c *ifaceCtx) ipAddress(neg bool, args []string) error {
	t, it, rank := c.t, c.it, c.rank()
	isAddr := prefixText("ip address")
	if neg {
		if len(args) > 0 && args[len(args)-1] == "secondary" {
			line, _, err := c.addressLine(args)
			if err != nil {
				return err
			}
			t.removeSub(it, exactText(line))
			return nil
		}
		t.removeSub(it, isAddr)
		if !t.nx && c.routed() {
			t.ensureSub(it, "no ip address", rank)
		}
		return nil
	}
	line, secondary, err := c.addressLine(args)
	if err != nil {
		return err
	}
	t.removeSub(it, exactText("no ip address"))
	if secondary {
		t.ensureSub(it, line, rank)
		return nil
	}
	t.setSub(it, func(s string) bool { return isAddr(s) && !strings.HasSuffix(s, " secondary") }, line, rank)
	return nil
}

// addressLine writes "ip address ..." as the platform shows it.
func (c *ifaceCtx) addressLine(args []string) (string, bool, error) {
	if len(args) == 0 {
		return "", false, errors.New("ip address without an address")
	}
	if args[0] == "dhcp" || args[0] == "negotiated" {
		return "ip address " + strings.Join(args, " "), false, nil
	}
	secondary := args[len(args)-1] == "secondary"
	if secondary {
		args = args[:len(args)-1]
	}
	var pfx netip.Prefix
	switch {
	case len(args) == 1 && strings.Contains(args[0], "/"):
		if !c.t.nx {
			return "", false, errors.New("IOS wants \"ip address A.B.C.D MASK\"")
		}
		p, err := netip.ParsePrefix(args[0])
		if err != nil || !p.Addr().Is4() {
			return "", false, fmt.Errorf("%q is not an IPv4 prefix", args[0])
		}
		pfx = p
	case len(args) == 2:
		a, err := netip.ParseAddr(args[0])
		bits, ok := maskBits(args[1])
		if err != nil || !a.Is4() || !ok {
			return "", false, errors.New("want \"ip address A.B.C.D MASK\"")
		}
		pfx = netip.PrefixFrom(a, bits)
	default:
		return "", false, errors.New("want \"ip address A.B.C.D MASK\"")
	}
	line := "ip address " + pfx.String()
	if !c.t.nx {
		line = "ip address " + pfx.Addr().String() + " " + maskString(pfx.Bits())
	}
	if secondary {
		line += " secondary"
	}
	return line, secondary, nil
}

func maskString(bits int) string {
	m := ^uint32(0) << (32 - bits)
	if bits == 0 {
		m = 0
	}
	return netip.AddrFrom4([4]byte{byte(m >> 24), byte(m >> 16), byte(m >> 8), byte(m)}).String()
}

// accessGroup applies "[no] ip [port] access-group [NAME] in|out".
func (c *ifaceCtx) accessGroup(neg, port bool, args []string) error {
	t, it := c.t, c.it
	kw := "ip access-group"
	if port {
		kw = "ip port access-group"
	}
	if len(args) == 0 || len(args) > 2 {
		return fmt.Errorf("want %q", kw+" NAME in|out")
	}
	dir := args[len(args)-1]
	if dir != "in" && dir != "out" {
		return fmt.Errorf("want %q", kw+" NAME in|out")
	}
	if port && dir == "out" {
		return errors.New("NX-OS port ACLs filter inbound only")
	}
	name := ""
	if len(args) == 2 {
		name = args[0]
	}
	n := len(strings.Fields(kw))
	match := func(s string) bool {
		f := strings.Fields(s)
		return hasWords(s, kw) && len(f) == n+2 && f[n+1] == dir && (name == "" || !neg || f[n] == name)
	}
	if neg {
		t.removeSub(it, match)
		return nil
	}
	if name == "" {
		return fmt.Errorf("want %q", kw+" NAME "+dir)
	}
	t.setSub(it, match, kw+" "+name+" "+dir, c.rank())
	return nil
}

// switchport applies "[no] switchport ..."; f starts at "switchport".
func (c *ifaceCtx) switchport(neg bool, f []string) error {
	t, it, rank := c.t, c.it, c.rank()
	if len(f) == 1 {
		if neg {
			t.removeSub(it, prefixText("switchport"))
			if !t.nx || t.hasTop("system default switchport") {
				t.ensureSub(it, "no switchport", rank)
			}
			return nil
		}
		t.removeSub(it, exactText("no switchport"))
		t.removeSub(it, func(s string) bool { return hasWords(s, "ip address") || s == "no ip address" })
		if t.nx && !t.hasTop("system default switchport") {
			t.ensureSub(it, "switchport", rank)
		}
		return nil
	}
	switch f[1] {
	case "mode":
		if neg {
			t.removeSub(it, prefixText("switchport mode"))
			return nil
		}
		if len(f) < 3 {
			return errors.New("switchport mode without a mode")
		}
		t.setSub(it, prefixText("switchport mode"), strings.Join(f, " "), rank)
		return nil
	case "access":
		if len(f) >= 3 && f[2] == "vlan" {
			v, err := t.setVLANSetting(it, "switchport access vlan", f[3:], neg, rank)
			if err != nil || v == 1 {
				return err
			}
			if !t.nx {
				if m := t.vtpMode(); (m == "transparent" || m == "off") && !defaultVLAN(v) && t.iosVLANBlock(v) == nil {
					t.newIOSVLAN(v) // "% Access VLAN does not exist. Creating vlan N"
				}
			}
			return nil
		}
	case "trunk":
		if len(f) >= 4 && f[2] == "native" && f[3] == "vlan" {
			_, err := t.setVLANSetting(it, "switchport trunk native vlan", f[4:], neg, rank)
			return err
		}
		if len(f) >= 4 && f[2] == "allowed" && f[3] == "vlan" {
			return c.allowed(neg, f[4:])
		}
	}
	return t.genericSub(it, neg, f, rank, false)
}

func oneVLAN(f []string) (int, error) {
	if len(f) != 1 {
		return 0, errors.New("want one VLAN ID")
	}
	v, err := strconv.Atoi(f[0])
	if err != nil || v < 1 || v > model.MaxVLAN {
		return 0, fmt.Errorf("%q is not a VLAN ID 1-%d", f[0], model.MaxVLAN)
	}
	return v, nil
}

// allowedOrig is a trunk's allowed list as the config had it.
type allowedOrig struct {
	set   string
	lines []cline
}

func isAllowedLine(s string) bool { return hasWords(s, "switchport trunk allowed vlan") }

// allowedSet reads the allowed list from the block's lines, in order.
func (t *tree) allowedSet(it *item) model.VLANSet {
	s := model.AllVLANs()
	ls, _ := t.lines(it)
	for _, l := range ls {
		if isAllowedLine(l.text) {
			if n, err := applyAllowed(s, strings.Fields(l.text)[4:]); err == nil {
				s = n
			}
		}
	}
	return s
}

// applyAllowed applies the words after "switchport trunk allowed vlan".
func applyAllowed(s model.VLANSet, f []string) (model.VLANSet, error) {
	if len(f) == 0 {
		return s, errors.New("allowed VLAN list missing")
	}
	list := func(w []string) (model.VLANSet, error) {
		if len(w) == 0 {
			return model.VLANSet{}, fmt.Errorf("%q without a VLAN list", f[0])
		}
		return model.ParseVLANList(strings.Join(w, ""))
	}
	switch f[0] {
	case "all":
		return model.AllVLANs(), nil
	case "none":
		return model.VLANSet{}, nil
	case "add", "remove", "except":
		v, err := list(f[1:])
		if err != nil {
			return s, err
		}
		switch f[0] {
		case "add":
			s.AddSet(v)
		case "remove":
			s.RemoveSet(v)
		default:
			s = model.AllVLANs()
			s.RemoveSet(v)
		}
		return s, nil
	}
	return list(f)
}

func (c *ifaceCtx) allowed(neg bool, f []string) error {
	t, it := c.t, c.it
	cur := t.allowedSet(it)
	if t.allowed[it] == nil {
		o := &allowedOrig{set: cur.String()}
		ls, _ := t.lines(it)
		for _, l := range ls {
			if isAllowedLine(l.text) {
				o.lines = append(o.lines, it.body[l.i:l.j]...)
			}
		}
		t.allowed[it] = o
	}
	next := model.AllVLANs()
	if !neg {
		n, err := applyAllowed(cur, f)
		if err != nil {
			return err
		}
		next = n
	}
	if next.String() == cur.String() {
		return nil
	}
	var news []cline
	if o := t.allowed[it]; o.set == next.String() {
		news = o.lines
	} else {
		_, indent := t.lines(it)
		for _, l := range AllowedLines(next) {
			news = append(news, t.line(indent+l))
		}
	}
	ls, _ := t.lines(it)
	pos := -1
	for k := len(ls) - 1; k >= 0; k-- {
		if isAllowedLine(ls[k].text) {
			it.body = slices.Delete(it.body, ls[k].i, ls[k].j)
			pos = ls[k].i
		}
	}
	if pos < 0 {
		pos = t.rankPos(it, "switchport trunk allowed vlan", c.rank())
	}
	it.body = slices.Insert(it.body, pos, news...)
	return nil
}

// AllowedLines returns the "switchport trunk allowed vlan" lines that show
// set s, without indentation: none for all VLANs, "... vlan none" for no
// VLAN, else the list wrapped at TrunkAllowedWidth onto "... vlan add"
// lines.
func AllowedLines(s model.VLANSet) []string {
	str := s.String()
	if str == model.AllVLANs().String() {
		return nil
	}
	if s.Empty() {
		return []string{"switchport trunk allowed vlan none"}
	}
	var chunks []string
	cur := ""
	for _, e := range strings.Split(str, ",") {
		switch {
		case cur == "":
			cur = e
		case len(cur)+1+len(e) <= TrunkAllowedWidth:
			cur += "," + e
		default:
			chunks = append(chunks, cur)
			cur = e
		}
	}
	chunks = append(chunks, cur)
	out := []string{"switchport trunk allowed vlan " + chunks[0]}
	for _, ch := range chunks[1:] {
		out = append(out, "switchport trunk allowed vlan add "+ch)
	}
	return out
}

// --- VLANs -------------------------------------------------------------------

func defaultVLAN(v int) bool { return v == 1 || (v >= 1002 && v <= 1005) }

// vtpMode is the IOS VTP mode as ParseConfig reads it.
func (t *tree) vtpMode() string {
	mode := "server"
	for _, it := range t.items {
		if it.sep {
			continue
		}
		f := strings.Fields(it.text)
		if len(f) >= 3 && f[0] == "vtp" && f[1] == "mode" && (len(f) == 3 || (len(f) == 4 && f[3] == "vlan")) {
			mode = f[2]
		}
	}
	return mode
}

// vlanHeader returns the VLAN of a "vlan N" header.
func vlanHeader(it *item) (int, bool) {
	f := strings.Fields(it.text)
	if len(f) != 2 || f[0] != "vlan" || !isDigits(f[1]) {
		return 0, false
	}
	n, err := strconv.Atoi(f[1])
	return n, err == nil
}

func (t *tree) iosVLANBlock(v int) *item {
	for _, it := range t.items {
		if n, ok := vlanHeader(it); ok && !it.sep && n == v {
			return it
		}
	}
	return nil
}

// newIOSVLAN creates "vlan N" in numeric order.
func (t *tree) newIOSVLAN(v int) *item {
	it := t.newItem(fmt.Sprintf("vlan %d", v))
	t.insert(t.vlanBlockPlace(v, nil), it)
	return it
}

// vlanBlockPlace is where "vlan v" goes among the VLAN blocks (skip is the
// NX-OS list line).
func (t *tree) vlanBlockPlace(v int, skip *item) place {
	isBlock := func(it *item) (int, bool) {
		n, ok := vlanHeader(it)
		return n, ok && it != skip
	}
	return t.placeAmong(func() place {
		if skip != nil {
			return place{i: t.index(skip), after: true}
		}
		return t.placeAmong(t.globalPlace, rule{pred: startsWith("vlan configuration")}, rule{pred: isIface})
	}, rule{pred: func(it *item) bool { n, ok := isBlock(it); return ok && n > v }},
		rule{after: true, pred: func(it *item) bool { _, ok := isBlock(it); return ok }})
}

func (t *tree) vlanCmd(neg bool, f []string) (blockCtx, error) {
	if len(f) < 2 {
		return nil, errors.New("vlan without a VLAN ID")
	}
	switch f[1] {
	case "configuration":
		return t.vlanConfCmd(neg, f[2:])
	case "access-map":
		return t.accessMapCmd(neg, f[2:])
	case "filter":
		return nil, t.vlanFilterCmd(neg, f[2:])
	}
	if f[1][0] < '0' || f[1][0] > '9' {
		return t.genericTop(neg, f)
	}
	ids, err := model.ParseVLANList(strings.Join(f[1:], ""))
	if err != nil {
		return nil, err
	}
	var list []int
	for v := range ids.All() {
		list = append(list, v)
	}
	if t.nx {
		return t.nxVLAN(neg, ids, list)
	}
	mode := t.vtpMode()
	if mode == "client" {
		return nil, errors.New("the switch is a VTP client: it refuses to create, change or delete VLANs")
	}
	if neg {
		for _, v := range list {
			if defaultVLAN(v) {
				return nil, fmt.Errorf("default VLAN %d may not be deleted", v)
			}
		}
		if mode == "server" {
			return nil, nil // vlan.dat, not running-config
		}
		for _, v := range list {
			if it := t.iosVLANBlock(v); it != nil {
				t.removeItem(it)
			}
		}
		return nil, nil
	}
	if mode != "server" {
		for _, v := range list {
			if !defaultVLAN(v) && t.iosVLANBlock(v) == nil {
				t.newIOSVLAN(v)
			}
		}
	}
	return &vlanCtx{t: t, ids: list, vtpServer: mode == "server"}, nil
}

// nxReserved is the VLAN range NX-OS keeps for itself.
func (t *tree) nxReserved() (int, int) {
	for _, it := range t.items {
		f := strings.Fields(it.text)
		if !it.sep && len(f) == 4 && f[0] == "system" && f[1] == "vlan" && f[3] == "reserve" {
			if n, err := strconv.Atoi(f[2]); err == nil {
				return n, n + 127
			}
		}
	}
	return 3968, 4095
}

// nxListItem is the NX-OS "vlan 1,10,20" line.
func (t *tree) nxListItem() *item {
	for _, it := range t.items {
		if it.sep || len(it.body) > 0 {
			continue
		}
		f := strings.Fields(it.text)
		if len(f) == 2 && f[0] == "vlan" && f[1][0] >= '0' && f[1][0] <= '9' {
			if _, err := model.ParseVLANList(f[1]); err == nil {
				return it
			}
		}
	}
	return nil
}

type listOrig struct {
	set  string
	line cline
}

// nxChangeList changes the VLAN list line.
func (t *tree) nxChangeList(change func(*model.VLANSet)) {
	it := t.nxListItem()
	var cur model.VLANSet
	if it != nil {
		cur, _ = model.ParseVLANList(strings.Fields(it.text)[1])
		if t.nxList == nil {
			t.nxList = &listOrig{set: cur.String(), line: it.head}
		}
	} else {
		cur.Add(1)
	}
	before := cur.String()
	change(&cur)
	if cur.String() == before && it != nil {
		return
	}
	if it == nil {
		it = t.newItem("vlan " + cur.String())
		t.insert(t.placeAmong(func() place {
			return t.placeAmong(t.globalPlace, rule{after: true, pred: startsWith("vlan filter")},
				rule{after: true, pred: startsWith("vlan access-map")}, rule{after: true, pred: t.isACLItem}, rule{pred: isIface})
		}, rule{pred: func(it *item) bool { _, ok := vlanHeader(it); return ok }}, rule{pred: startsWith("vlan configuration")}), it)
		return
	}
	if t.nxList != nil && t.nxList.set == cur.String() {
		it.head, it.text = t.nxList.line, squeeze(t.nxList.line.raw)
		return
	}
	t.setHead(it, "vlan "+cur.String())
}

func (t *tree) nxVLANBlock(v int) *item {
	list := t.nxListItem()
	for _, it := range t.items {
		if n, ok := vlanHeader(it); ok && !it.sep && n == v && it != list {
			return it
		}
	}
	return nil
}

func (t *tree) nxVLAN(neg bool, ids model.VLANSet, list []int) (blockCtx, error) {
	lo, hi := t.nxReserved()
	for _, v := range list {
		if v >= lo && v <= hi {
			return nil, fmt.Errorf("VLAN %d is reserved for internal use (%d-%d)", v, lo, min(hi, model.MaxVLAN))
		}
		if neg && v == 1 {
			return nil, errors.New("VLAN 1 is the default VLAN and cannot be deleted")
		}
	}
	if neg {
		t.nxChangeList(func(s *model.VLANSet) { s.RemoveSet(ids) })
		for _, v := range list {
			if it := t.nxVLANBlock(v); it != nil {
				t.removeItem(it)
			}
		}
		return nil, nil
	}
	t.nxChangeList(func(s *model.VLANSet) { s.AddSet(ids) })
	return &vlanCtx{t: t, ids: list}, nil
}

// vlanCtx applies the lines of "vlan N".
type vlanCtx struct {
	t         *tree
	ids       []int
	vtpServer bool
	touched   []*item
}

func (c *vlanCtx) block(v int) *item {
	t := c.t
	if !t.nx {
		return t.iosVLANBlock(v)
	}
	it := t.nxVLANBlock(v)
	if it == nil {
		it = t.newItem(fmt.Sprintf("vlan %d", v))
		t.insert(t.vlanBlockPlace(v, t.nxListItem()), it)
	}
	if !slices.Contains(c.touched, it) {
		c.touched = append(c.touched, it)
	}
	return it
}

func (c *vlanCtx) sub(text, raw string) error {
	t := c.t
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
	}
	if f[0] == "name" && !neg && len(f) < 2 {
		return errors.New("name without a name")
	}
	if !t.nx {
		for _, v := range c.ids {
			if defaultVLAN(v) {
				return fmt.Errorf("default VLAN %d may not be changed", v)
			}
		}
	}
	if c.vtpServer {
		return nil // vlan.dat, not running-config
	}
	for _, v := range c.ids {
		it := c.block(v)
		switch {
		case f[0] == "name" && neg:
			t.removeSub(it, prefixText("name"))
		case f[0] == "name":
			name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(raw), "name"))
			t.setSub(it, prefixText("name"), "name "+name, nil)
		case f[0] == "state" && (neg || (len(f) == 2 && f[1] == "active")):
			t.removeSub(it, prefixText("state"))
		case f[0] == "state" && len(f) == 2 && f[1] == "suspend":
			t.setSub(it, prefixText("state"), "state suspend", nil)
		case f[0] == "state":
			return errors.New("want \"state active|suspend\"")
		case f[0] == "shutdown" && len(f) == 1:
			if neg {
				t.removeSub(it, exactText("shutdown"))
			} else {
				t.ensureSub(it, "shutdown", nil)
			}
		default:
			if err := t.genericSub(it, neg, f, nil, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// done removes the NX-OS VLAN blocks left empty: NX-OS shows a VLAN's
// block only while it holds a setting.
func (c *vlanCtx) done() error {
	for _, it := range c.touched {
		if ls, _ := c.t.lines(it); len(ls) == 0 {
			c.t.removeItem(it)
		}
	}
	return nil
}

// vlanConfCmd applies "[no] vlan configuration LIST".
func (t *tree) vlanConfCmd(neg bool, args []string) (blockCtx, error) {
	if len(args) == 0 {
		return nil, errors.New("vlan configuration without a VLAN list")
	}
	set, err := model.ParseVLANList(strings.Join(args, ""))
	if err != nil {
		return nil, err
	}
	it := t.vlanConfBlock(set)
	if neg {
		if it != nil {
			t.removeItem(it)
		}
		return nil, nil
	}
	return &vlanConfCtx{t: t, set: set, it: it}, nil
}

func vlanConfSet(it *item) (model.VLANSet, bool) {
	f := strings.Fields(it.text)
	if len(f) < 3 || f[0] != "vlan" || f[1] != "configuration" {
		return model.VLANSet{}, false
	}
	s, err := model.ParseVLANList(strings.Join(f[2:], ""))
	return s, err == nil
}

func (t *tree) vlanConfBlock(set model.VLANSet) *item {
	for _, it := range t.items {
		if s, ok := vlanConfSet(it); ok && !it.sep && s.String() == set.String() {
			return it
		}
	}
	return nil
}

func firstVLAN(s model.VLANSet) int {
	for v := range s.All() {
		return v
	}
	return 0
}

type vlanConfCtx struct {
	t       *tree
	set     model.VLANSet
	it      *item
	touched bool
}

func (c *vlanConfCtx) block() *item {
	t := c.t
	c.touched = true
	if c.it != nil {
		return c.it
	}
	v := firstVLAN(c.set)
	isConf := func(it *item) (int, bool) {
		s, ok := vlanConfSet(it)
		return firstVLAN(s), ok
	}
	p := t.placeAmong(func() place {
		list := t.nxListItem()
		return t.placeAmong(func() place {
			if list != nil {
				return place{i: t.index(list), after: true}
			}
			return t.placeAmong(t.globalPlace, rule{pred: isIface})
		}, rule{after: true, pred: func(it *item) bool { _, ok := vlanHeader(it); return ok && it != list }})
	}, rule{pred: func(it *item) bool { n, ok := isConf(it); return ok && n > v }},
		rule{after: true, pred: func(it *item) bool { _, ok := isConf(it); return ok }})
	c.it = t.newItem("vlan configuration " + c.set.String())
	t.insert(p, c.it)
	return c.it
}

func (c *vlanConfCtx) sub(text, _ string) error {
	t := c.t
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
	}
	it := c.block()
	if len(f) >= 3 && f[0] == "ip" && f[1] == "igmp" && f[2] == "snooping" {
		r := f[3:]
		switch {
		case len(r) == 0 && neg:
			if !t.hasSub(it, exactText("no ip igmp snooping")) {
				it.body = slices.Insert(it.body, 0, t.line(t.blockIndent(it)+"no ip igmp snooping"))
			}
			return nil
		case len(r) == 0:
			t.removeSub(it, exactText("no ip igmp snooping"))
			return nil
		case r[0] == "querier" && (len(r) == 1 || isAddressLike(r[1])):
			isQ := func(s string) bool {
				w := strings.Fields(s)
				return s == "ip igmp snooping querier" || (len(w) == 5 && hasWords(s, "ip igmp snooping querier") && isIPv4(w[4]))
			}
			if neg {
				t.removeSub(it, isQ)
				return nil
			}
			if len(r) == 1 {
				t.ensureSub(it, "ip igmp snooping querier", nil)
				return nil
			}
			if len(r) != 2 || !isIPv4(r[1]) {
				return fmt.Errorf("querier address %q is not an IPv4 address", strings.Join(r[1:], " "))
			}
			t.setSub(it, isQ, "ip igmp snooping querier "+r[1], nil)
			return nil
		}
	}
	return t.genericSub(it, neg, f, nil, false)
}

func isAddressLike(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func (t *tree) blockIndent(it *item) string {
	_, indent := t.lines(it)
	return indent
}

func (c *vlanConfCtx) done() error {
	if c.touched && c.it != nil {
		if ls, _ := c.t.lines(c.it); len(ls) == 0 {
			c.t.removeItem(c.it)
		}
	}
	return nil
}

// --- VLAN maps ---------------------------------------------------------------

func accessMapEntry(it *item) (string, int, bool) {
	f := strings.Fields(it.text)
	if len(f) < 3 || len(f) > 4 || f[0] != "vlan" || f[1] != "access-map" {
		return "", 0, false
	}
	seq := 10
	if len(f) == 4 {
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return "", 0, false
		}
		seq = n
	}
	return f[2], seq, true
}

func (t *tree) accessMapCmd(neg bool, args []string) (blockCtx, error) {
	if len(args) == 0 || len(args) > 2 {
		return nil, errors.New("want \"vlan access-map NAME [SEQ]\"")
	}
	name, seq := args[0], 10
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 0 {
			return nil, fmt.Errorf("vlan access-map sequence %q is not a number", args[1])
		}
		seq = n
	}
	var entry *item
	var all []*item
	for _, it := range t.items {
		if m, s, ok := accessMapEntry(it); ok && !it.sep && m == name {
			all = append(all, it)
			if s == seq {
				entry = it
			}
		}
	}
	if neg {
		if len(args) == 1 {
			for _, it := range all {
				t.removeItem(it)
			}
		} else if entry != nil {
			t.removeItem(entry)
		}
		return nil, nil
	}
	if entry == nil {
		entry = t.newItem(fmt.Sprintf("vlan access-map %s %d", name, seq))
		ofMap := func(it *item) (int, bool) {
			m, s, ok := accessMapEntry(it)
			return s, ok && m == name
		}
		t.insert(t.placeAmong(func() place {
			return t.placeAmong(t.aclPlace, rule{after: true, pred: startsWith("vlan access-map")},
				rule{after: true, pred: t.isACLItem}, rule{pred: startsWith("vlan filter")})
		}, rule{pred: func(it *item) bool { s, ok := ofMap(it); return ok && s > seq }},
			rule{after: true, pred: func(it *item) bool { _, ok := ofMap(it); return ok }}), entry)
	}
	return &accessMapCtx{t: t, it: entry}, nil
}

type accessMapCtx struct {
	t  *tree
	it *item
}

func (c *accessMapCtx) sub(text, _ string) error {
	t, it := c.t, c.it
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
	}
	x := strings.Join(f, " ")
	for _, kw := range []string{"match ip address", "match mac address", "action"} {
		if !hasWords(x, kw) {
			continue
		}
		if neg {
			t.removeSub(it, prefixText(kw))
			return nil
		}
		if x == kw {
			return fmt.Errorf("%q without a value", kw)
		}
		if kw == "action" {
			switch f[1] {
			case "forward", "drop", "redirect":
			default:
				return fmt.Errorf("unknown VLAN map action %q (want forward, drop or redirect)", f[1])
			}
		}
		t.setSub(it, prefixText(kw), x, nil)
		return nil
	}
	return t.genericSub(it, neg, f, nil, false)
}

func (c *accessMapCtx) done() error { return nil }

// vlanFilterCmd applies "[no] vlan filter MAP [vlan-list LIST]".
func (t *tree) vlanFilterCmd(neg bool, args []string) error {
	if len(args) == 0 {
		return errors.New("want \"vlan filter MAP vlan-list LIST\"")
	}
	name := args[0]
	match := func(it *item) bool {
		f := strings.Fields(it.text)
		return len(f) >= 3 && f[0] == "vlan" && f[1] == "filter" && f[2] == name
	}
	if neg && len(args) == 1 {
		t.removeTop(match)
		return nil
	}
	if len(args) < 3 || args[1] != "vlan-list" {
		return errors.New("want \"vlan filter MAP vlan-list LIST\"")
	}
	list, err := model.ParseVLANList(strings.Join(args[2:], ""))
	if err != nil {
		return err
	}
	if neg {
		for _, it := range t.findTop(match) {
			f := strings.Fields(it.text)
			if len(f) < 5 {
				continue
			}
			cur, err := model.ParseVLANList(strings.Join(f[4:], ""))
			if err != nil {
				continue
			}
			cur.RemoveSet(list)
			if cur.Empty() {
				t.removeItem(it)
			} else {
				t.setHead(it, "vlan filter "+name+" vlan-list "+cur.String())
			}
		}
		return nil
	}
	t.setTop(match, "vlan filter "+name+" vlan-list "+list.String(), func() place {
		return t.placeAmong(t.globalPlace, rule{after: true, pred: startsWith("vlan filter")},
			rule{after: true, pred: startsWith("vlan access-map")})
	})
	return nil
}

// --- ACLs --------------------------------------------------------------------

// aclLine is one line of an ACL.
type aclLine struct {
	seq   int    // the entry's sequence number, shown or implied; 0 for other lines
	body  string // the text after the sequence number
	orig  *cline // the line as the config had it (nil when new)
	kids  []cline
	item  *item // a numbered ACL's "access-list N" item
	shown bool  // the config showed its sequence number
}

// aclState is an ACL being edited.
type aclState struct {
	name     string
	standard bool
	numbered bool // "access-list N ..." lines in the config
	showSeq  bool
	indent   string
	lines    []*aclLine
	items    []*item // what shows it in the tree now
	origKey  string
	orig     []*item // numbered: the original items
}

func (st *aclState) key() string {
	var b strings.Builder
	for _, l := range st.lines {
		fmt.Fprintf(&b, "%d %s\n", l.seq, squeeze(l.body))
	}
	return b.String()
}

func (t *tree) isACLItem(it *item) bool {
	f := strings.Fields(it.text)
	return (len(f) >= 2 && f[0] == "ip" && f[1] == "access-list" && t.isBlock(it)) ||
		(len(f) >= 2 && f[0] == "access-list" && isDigits(f[1]))
}

// aclPlace is where a new ACL goes: after the last ACL, else (IOS) after
// the interfaces or (NX-OS) before the VLAN maps, VLANs and interfaces.
func (t *tree) aclPlace() place {
	if t.nx {
		return t.placeAmong(t.globalPlace, rule{after: true, pred: t.isACLItem}, rule{pred: startsWith("object-group")},
			rule{pred: startsWith("vlan access-map")}, rule{pred: startsWith("vlan filter")},
			rule{pred: func(it *item) bool { return hasWords(it.text, "vlan") }}, rule{pred: isIface})
	}
	return t.placeAmong(t.endPlace, rule{after: true, pred: t.isACLItem}, rule{after: true, pred: isIface})
}

// aclHeader returns the name and type of a named ACL's header.
func (t *tree) aclHeader(it *item) (name string, standard, ok bool) {
	f := strings.Fields(it.text)
	if len(f) < 3 || f[0] != "ip" || f[1] != "access-list" || it.sep {
		return "", false, false
	}
	if t.nx {
		return f[2], false, len(f) == 3
	}
	if len(f) == 4 && (f[2] == "extended" || f[2] == "standard") {
		return f[3], f[2] == "standard", true
	}
	return "", false, false
}

func standardNumber(n int) bool { return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999) }

func extendedNumber(n int) bool { return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699) }

// acl finds an ACL in the config, or nil.
func (t *tree) acl(name string) *aclState {
	if st := t.acls[name]; st != nil {
		return st
	}
	for _, it := range t.items {
		if n, std, ok := t.aclHeader(it); ok && n == name {
			st := &aclState{name: name, standard: std, items: []*item{it}}
			last, entries := 0, 0
			base := -1
			var indent string
			for _, l := range it.body {
				cl := l
				text := strings.Join(strings.Fields(l.raw), " ")
				ind := leadingBlanks(l.raw)
				if text != "" && text[0] != '!' && base < 0 {
					base, indent = ind, l.raw[:ind]
				}
				if text != "" && text[0] != '!' && ind > base && len(st.lines) > 0 {
					prev := st.lines[len(st.lines)-1]
					prev.kids = append(prev.kids, l)
					continue
				}
				al := &aclLine{orig: &cl}
				if text != "" && text[0] != '!' {
					f := strings.Fields(text)
					if n, err := strconv.Atoi(f[0]); err == nil && len(f) > 1 {
						al.seq, al.shown, f = n, true, f[1:]
						st.showSeq = true
					}
					al.body = strings.Join(f, " ")
					if al.seq == 0 && (f[0] == "permit" || f[0] == "deny") {
						al.seq = last + 10
					}
					if f[0] == "permit" || f[0] == "deny" {
						last = max(last, al.seq)
						entries++
					}
				}
				st.lines = append(st.lines, al)
			}
			st.indent = indent
			if base < 0 {
				st.indent = t.indent
			}
			if entries == 0 {
				st.showSeq = t.platform != IOS
			}
			st.origKey = st.key()
			t.acls[name] = st
			return st
		}
	}
	if t.nx || !isDigits(name) {
		return nil
	}
	var st *aclState
	last := 0
	for _, it := range t.items {
		f := strings.Fields(it.text)
		if it.sep || len(f) < 3 || f[0] != "access-list" || f[1] != name {
			continue
		}
		if st == nil {
			n, _ := strconv.Atoi(name)
			st = &aclState{name: name, standard: standardNumber(n), numbered: true, indent: " ", showSeq: true}
		}
		al := &aclLine{body: strings.Join(f[2:], " "), item: it, orig: &it.head}
		if f[2] == "permit" || f[2] == "deny" {
			al.seq = last + 10
			last = al.seq
		}
		st.lines = append(st.lines, al)
		st.items = append(st.items, it)
	}
	if st != nil {
		st.orig = slices.Clone(st.items)
		st.origKey = st.key()
		t.acls[name] = st
	}
	return st
}

// newACL creates an empty ACL as the platform shows it.
func (t *tree) newACL(name string, standard bool) *aclState {
	st := &aclState{name: name, standard: standard, indent: t.indent, showSeq: t.platform != IOS}
	if !t.nx && isDigits(name) && t.platform == IOS {
		st.numbered = true // classic IOS shows "access-list N" lines
	} else {
		head := "ip access-list " + name
		if !t.nx {
			head = "ip access-list " + map[bool]string{false: "extended", true: "standard"}[standard] + " " + name
		}
		it := t.newItem(head)
		t.insert(t.aclPlace(), it)
		st.items = []*item{it}
	}
	st.origKey = st.key()
	t.acls[name] = st
	return st
}

func (t *tree) removeACL(st *aclState) {
	for _, it := range st.items {
		t.removeItem(it)
	}
	delete(t.acls, st.name)
}

// renderACL writes an ACL's lines back into the tree.
func (t *tree) renderACL(st *aclState) {
	entryText := func(l *aclLine) string {
		if l.seq != 0 && st.showSeq {
			return strconv.Itoa(l.seq) + " " + l.body
		}
		return l.body
	}
	if !st.numbered {
		it := st.items[0]
		var body []cline
		for _, l := range st.lines {
			if l.orig != nil {
				body = append(body, *l.orig)
				body = append(body, l.kids...)
				continue
			}
			body = append(body, t.line(st.indent+entryText(l)))
		}
		it.body = body
		return
	}
	var news []*item
	switch {
	case t.platform == IOS:
		for _, l := range st.lines {
			if l.item != nil {
				news = append(news, l.item)
			} else {
				news = append(news, t.newItem("access-list "+st.name+" "+l.body))
			}
		}
	case st.key() == st.origKey && st.orig != nil:
		news = st.orig
	default:
		// IOS-XE shows a changed numbered ACL in the named form.
		kind := "extended"
		if st.standard {
			kind = "standard"
		}
		it := t.newItem("ip access-list " + kind + " " + st.name)
		for _, l := range st.lines {
			text := padAction(l.body)
			if l.seq != 0 {
				text = strconv.Itoa(l.seq) + " " + text
			}
			it.body = append(it.body, t.line(t.indent+text))
		}
		news = []*item{it}
	}
	t.replaceItems(st.items, news, t.aclPlace)
	st.items = news
}

func (t *tree) aclCmd(neg bool, f []string) (blockCtx, error) {
	args := f[2:]
	var name string
	standard := false
	if t.nx {
		if len(args) == 0 {
			return nil, errors.New("ip access-list without a name")
		}
		if args[0] == "extended" || args[0] == "standard" {
			return nil, errors.New("NX-OS names an ACL with \"ip access-list NAME\"")
		}
		if len(args) != 1 {
			return t.genericTop(neg, f)
		}
		name = args[0]
	} else {
		if len(args) == 0 {
			return nil, errors.New("ip access-list without a name")
		}
		switch args[0] {
		case "extended", "standard":
			if len(args) != 2 {
				return nil, fmt.Errorf("want \"ip access-list %s NAME\"", args[0])
			}
			name, standard = args[1], args[0] == "standard"
		case "resequence":
			return nil, errors.New("ip access-list resequence is not supported")
		default:
			if len(args) == 1 {
				return nil, errors.New("IOS wants \"ip access-list extended|standard NAME\"")
			}
			return t.genericTop(neg, f)
		}
		if isDigits(name) {
			n, _ := strconv.Atoi(name)
			if (standard && !standardNumber(n)) || (!standard && !extendedNumber(n)) {
				return nil, fmt.Errorf("%s is not a %s ACL number", name, args[0])
			}
		}
	}
	st := t.acl(name)
	if st != nil && !t.nx && st.standard != standard {
		kind := map[bool]string{false: "an extended", true: "a standard"}[st.standard]
		return nil, fmt.Errorf("ACL %s is %s ACL", name, kind)
	}
	if neg {
		if st != nil {
			t.removeACL(st)
		}
		return nil, nil
	}
	if st == nil {
		st = t.newACL(name, standard)
	}
	return &aclCtx{t: t, st: st}, nil
}

// numberedACLCmd applies "[no] access-list N ..." (IOS).
func (t *tree) numberedACLCmd(neg bool, f []string) (blockCtx, error) {
	if len(f) < 2 || !isDigits(f[1]) {
		return t.genericTop(neg, f)
	}
	if t.nx {
		return nil, errors.New("NX-OS has no numbered ACLs: use \"ip access-list NAME\"")
	}
	n, _ := strconv.Atoi(f[1])
	if !standardNumber(n) && !extendedNumber(n) {
		return nil, fmt.Errorf("%d is not an IP ACL number (1-199, 1300-2699)", n)
	}
	st := t.acl(f[1])
	if neg {
		if st != nil {
			t.removeACL(st) // IOS removes the whole ACL
		}
		return nil, nil
	}
	if len(f) < 3 {
		return nil, errors.New("access-list without an entry")
	}
	if st == nil {
		st = t.newACL(f[1], standardNumber(n))
	}
	c := &aclCtx{t: t, st: st}
	if f[2] != "permit" && f[2] != "deny" && f[2] != "remark" {
		return nil, fmt.Errorf("%q is not an ACL entry", strings.Join(f[2:], " "))
	}
	return nil, c.sub(strings.Join(f[2:], " "), "")
}

type aclCtx struct {
	t  *tree
	st *aclState
}

func (c *aclCtx) done() error { return nil }

func (c *aclCtx) sub(text, _ string) error {
	t, st := c.t, c.st
	if t.acls[st.name] != st {
		return fmt.Errorf("ACL %s was removed", st.name)
	}
	f := strings.Fields(text)
	neg := f[0] == "no"
	if neg {
		f = f[1:]
		if len(f) == 0 {
			return errors.New(`"no" without a command`)
		}
		switch {
		case len(f) == 1 && isDigits(f[0]):
			n, _ := strconv.Atoi(f[0])
			st.lines = slices.DeleteFunc(st.lines, func(l *aclLine) bool { return l.seq == n })
		case f[0] == "permit" || f[0] == "deny":
			body, err := t.normalizeACE(st.standard, f)
			if err != nil {
				return err
			}
			st.removeFirst(func(l *aclLine) bool { return l.seq != 0 && squeeze(l.body) == squeeze(body) })
		case f[0] == "remark" || (t.nx && text == "no statistics per-entry"):
			x := strings.Join(f, " ")
			st.removeFirst(func(l *aclLine) bool { return squeeze(l.body) == x })
		default:
			return fmt.Errorf("%q is not an ACL entry", strings.Join(f, " "))
		}
		t.renderACL(st)
		return nil
	}
	seq := 0
	if isDigits(f[0]) {
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 || (!t.nx && n > 2147483647) || n > 4294967295 {
			return fmt.Errorf("sequence number %q is out of range", f[0])
		}
		seq, f = n, f[1:]
		if len(f) == 0 {
			return errors.New("sequence number without an entry")
		}
	}
	switch f[0] {
	case "permit", "deny":
		body, err := t.normalizeACE(st.standard, f)
		if err != nil {
			return err
		}
		if err := st.insert(seq, body); err != nil {
			return err
		}
	case "remark":
		if len(f) < 2 {
			return errors.New("remark without a text")
		}
		body := strings.Join(f, " ")
		if t.nx {
			if err := st.insert(seq, body); err != nil {
				return err
			}
		} else if seq != 0 {
			return errors.New("IOS shows remarks without sequence numbers: type the remark without one")
		} else {
			st.lines = append(st.lines, &aclLine{body: body})
		}
	case "statistics":
		if !t.nx || strings.Join(f, " ") != "statistics per-entry" || seq != 0 {
			return fmt.Errorf("%q is not an ACL entry", text)
		}
		if !slices.ContainsFunc(st.lines, func(l *aclLine) bool { return l.body == "statistics per-entry" }) {
			st.lines = slices.Insert(st.lines, 0, &aclLine{body: "statistics per-entry"})
		}
	default:
		return fmt.Errorf("%q is not an ACL entry (want [SEQ] permit|deny ..., remark, or no SEQ)", text)
	}
	t.renderACL(st)
	return nil
}

func (st *aclState) removeFirst(match func(*aclLine) bool) {
	if k := slices.IndexFunc(st.lines, match); k >= 0 {
		st.lines = slices.Delete(st.lines, k, k+1)
	}
}

// insert adds an entry in sequence order; seq 0 means the highest + 10.
func (st *aclState) insert(seq int, body string) error {
	top := 0
	for _, l := range st.lines {
		if seq != 0 && l.seq == seq {
			return fmt.Errorf("duplicate sequence number %d in ACL %s (the switch refuses it)", seq, st.name)
		}
		top = max(top, l.seq)
	}
	if seq == 0 {
		seq = top + 10
	}
	pos := len(st.lines)
	for k, l := range st.lines {
		if l.seq > seq {
			pos = k
			break
		}
	}
	if pos < len(st.lines) {
		// A remark belongs to the entry after it.
		for pos > 0 && st.lines[pos-1].seq == 0 && strings.HasPrefix(st.lines[pos-1].body, "remark") {
			pos--
		}
	}
	st.lines = slices.Insert(st.lines, pos, &aclLine{seq: seq, body: body})
	return nil
}

// padAction aligns an IOS entry's action as IOS prints it: "deny   ip".
func padAction(body string) string {
	if rest, ok := strings.CutPrefix(body, "deny "); ok {
		return "deny   " + strings.TrimLeft(rest, " ")
	}
	return body
}

// protoKeyword is the keyword a platform prints for a protocol number.
func (t *tree) protoKeyword(n int) string {
	for kw, num := range protocols {
		if num != n {
			continue
		}
		if (t.nx && kw == "ipinip") || (!t.nx && kw == "sctp") {
			continue
		}
		return kw
	}
	return ""
}

// normalizeACE writes an entry (from its action on) the way the platform
// prints it, or says why the switch would refuse it.
func (t *tree) normalizeACE(standard bool, f []string) (string, error) {
	tk := tokens{f: f[1:]}
	var out []string
	proto := model.Proto{Any: true}
	if !standard {
		w, ok := tk.next()
		if !ok {
			return "", errors.New("entry without a protocol")
		}
		switch {
		case w == "ip":
		case w == "object-group":
			g, ok := tk.next()
			if !ok {
				return "", errors.New("object-group without a name")
			}
			proto = model.Proto{Group: g}
			w += " " + g
		case isDigits(w):
			n, err := strconv.Atoi(w)
			if err != nil || n > 255 {
				return "", fmt.Errorf("protocol %s is not 0-255", w)
			}
			proto = model.Proto{Num: n}
			if kw := t.protoKeyword(n); kw != "" {
				w = kw
			}
		default:
			n, known := protocols[w]
			if !known {
				return "", fmt.Errorf("unknown protocol %q", w)
			}
			proto = model.Proto{Num: n}
		}
		out = append(out, w)
	}
	addr := func(what string) error {
		start := tk.i
		if _, err := tk.address(standard); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		words, err := t.addressWords(tk.f[start:tk.i], standard)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, words...)
		return nil
	}
	if err := addr("source"); err != nil {
		return "", err
	}
	if !standard {
		start := tk.i
		if err := tk.ports(proto); err != nil {
			return "", err
		}
		out = append(out, tk.f[start:tk.i]...)
		if err := addr("destination"); err != nil {
			return "", err
		}
	}
	out = append(out, tk.f[tk.i:]...)
	action := f[0]
	if !t.nx {
		action = fmt.Sprintf("%-6s", action) // IOS aligns "deny   " with "permit"
	}
	return action + " " + strings.Join(out, " "), nil
}

// addressWords writes an ACL address as the platform prints it.
func (t *tree) addressWords(w []string, standard bool) ([]string, error) {
	if len(w) == 1 && strings.Contains(w[0], "/") {
		if !t.nx {
			return nil, fmt.Errorf("IOS ACLs take A.B.C.D WILDCARD, not %s", w[0])
		}
		return w, nil
	}
	if len(w) == 2 && w[0] == "host" {
		switch {
		case t.nx:
			return []string{w[1] + "/32"}, nil
		case standard:
			return []string{w[1]}, nil
		}
		return w, nil
	}
	if len(w) != 2 || !isIPv4(w[0]) {
		return w, nil
	}
	a, wc := netip.MustParseAddr(w[0]), netip.MustParseAddr(w[1])
	if t.nx {
		if pfx, err := wildcardPrefix(a, wc); err == nil {
			return []string{w[0] + "/" + strconv.Itoa(pfx.Bits())}, nil
		}
		return w, nil
	}
	switch {
	case w[1] == "0.0.0.0" && standard:
		return []string{w[0]}, nil
	case w[1] == "0.0.0.0":
		return []string{"host", w[0]}, nil
	case w[0] == "0.0.0.0" && w[1] == "255.255.255.255":
		return []string{"any"}, nil
	}
	return w, nil
}
