package cisco

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go4.org/netipx"

	"github.com/mcaudit/mcaudit/model"
)

// protocols maps the protocol keywords IOS and NX-OS accept to IP protocol
// numbers. There is no keyword for PGM: it is written as 113.
var protocols = map[string]int{
	"icmp": 1, "igmp": 2, "ipinip": 4, "tcp": 6, "udp": 17, "gre": 47, "esp": 50,
	"ahp": 51, "eigrp": 88, "ospf": 89, "nos": 94, "pim": 103, "pcp": 108, "sctp": 132,
}

// protoPGM is the IP protocol number of PGM (RFC 3208).
const protoPGM = 113

// namedACL reads "ip access-list [extended|standard] NAME" and its entries.
func (p *configParser) namedACL(l line, rest string) error {
	var wbuf [24]string
	f := words(rest, wbuf[:0])
	if len(f) == 0 {
		return p.errorf(l, "ip access-list without a name")
	}
	standard := false
	switch f[0] {
	case "extended", "standard":
		if len(f) < 2 {
			return p.errorf(l, "ip access-list %s without a name", f[0])
		}
		standard = f[0] == "standard"
		f = f[1:]
	case "role-based", "logging", "resequence", "log-update", "persistent", "match-local-traffic":
		return nil
	}
	if !p.nx && len(f) != 1 {
		return nil
	}
	acl := p.dev.ACLs[f[0]]
	if acl == nil {
		acl = &model.ACL{Name: f[0], Standard: standard, Ref: p.ref(l)}
		p.dev.ACLs[f[0]] = acl
	}
	p.blockSetting = model.Setting{Kind: model.OnACL, Name: acl.Name}
	p.block = func(c line) error {
		p.aclLine(acl, c, c.text)
		return nil
	}
	return nil
}

// numberedACL reads "access-list N ...": one entry per line, numbered
// 10, 20, ... in the order they appear, as IOS does.
func (p *configParser) numberedACL(l line, rest string) error {
	num, body, _ := strings.Cut(strings.TrimSpace(rest), " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return nil // "access-list compiled", "access-list dynamic-extended", ...
	}
	acl := p.dev.ACLs[num]
	if acl == nil {
		acl = &model.ACL{Name: num, Standard: (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999), Ref: p.ref(l)}
		p.dev.ACLs[num] = acl
	}
	p.aclLine(acl, l, strings.TrimSpace(body))
	return nil
}

// aclLine adds the entry written on c (text without the "access-list N"
// prefix of numbered ACLs). A line it cannot read becomes an entry with
// Unparsed set, never an error: the audit must report it, not stop.
func (p *configParser) aclLine(acl *model.ACL, c line, text string) {
	var wbuf [24]string
	f := words(text, wbuf[:0])
	if len(f) == 0 {
		return
	}
	seq := 0
	if n, err := strconv.Atoi(f[0]); err == nil {
		seq, f = n, f[1:]
	}
	if len(f) == 0 {
		p.addACE(acl, &model.ACE{Seq: seq, Unparsed: "sequence number without an entry", Ref: p.ref(c)})
		return
	}
	switch f[0] {
	case "remark", "description", "statistics", "fragments", "ignore":
		return
	}
	e := &model.ACE{Seq: seq, Ref: p.ref(c)}
	if err := parseACE(e, f, acl.Standard); err != nil {
		e.Unparsed = err.Error()
	}
	p.addACE(acl, e)
}

// addACE puts e in sequence order: the switch evaluates entries by
// sequence number, whatever order a hand-edited file lists them in. An
// entry without a number goes last, numbered 10 past the highest.
func (p *configParser) addACE(acl *model.ACL, e *model.ACE) {
	n := len(acl.Entries)
	if e.Seq == 0 {
		e.Seq = 10
		if n > 0 {
			e.Seq = acl.Entries[n-1].Seq + 10
		}
	}
	i := n
	for i > 0 && acl.Entries[i-1].Seq > e.Seq {
		i--
	}
	acl.Entries = slices.Insert(acl.Entries, i, e)
}

// parseACE fills e from the words of one entry, starting at the action.
func parseACE(e *model.ACE, f []string, standard bool) error {
	switch f[0] {
	case "permit":
		e.Action = model.Permit
	case "deny":
		e.Action = model.Deny
	default:
		return fmt.Errorf("unknown ACL statement %q", f[0])
	}
	t := tokens{f: f[1:]}
	if standard {
		e.Proto.Any = true
		src, err := t.address(true)
		if err != nil {
			return err
		}
		e.Src, e.Dst = src, model.AddrMatch{Any: true}
		return t.options(e, true)
	}
	if err := t.protocol(e); err != nil {
		return err
	}
	var err error
	if e.Src, err = t.address(false); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if err := t.ports(e.Proto); err != nil {
		return err
	}
	if e.Dst, err = t.address(false); err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	return t.options(e, e.Proto.Any || e.Proto.Num == protoPGM || e.Proto.Group != "")
}

// tokens walks the words of an ACL entry.
type tokens struct {
	f []string
	i int
}

func (t *tokens) next() (string, bool) {
	if t.i >= len(t.f) {
		return "", false
	}
	t.i++
	return t.f[t.i-1], true
}

func (t *tokens) peek() string {
	if t.i >= len(t.f) {
		return ""
	}
	return t.f[t.i]
}

func (t *tokens) protocol(e *model.ACE) error {
	w, ok := t.next()
	if !ok {
		return fmt.Errorf("missing protocol")
	}
	switch {
	case w == "ip" || w == "ipv4":
		e.Proto.Any = true
	case w == "object-group":
		g, ok := t.next()
		if !ok {
			return fmt.Errorf("object-group without a name")
		}
		e.Proto.Group = g
	default:
		if n, err := strconv.Atoi(w); err == nil {
			if n < 0 || n > 255 {
				return fmt.Errorf("protocol %d is not 0-255", n)
			}
			e.Proto.Num = n
			return nil
		}
		n, known := protocols[w]
		if !known {
			return fmt.Errorf("unknown protocol %q", w)
		}
		e.Proto.Num = n
	}
	return nil
}

// address reads any | host A | A WILDCARD | A/LEN | object-group N |
// addrgroup N. A standard ACL also takes a bare address for one host.
func (t *tokens) address(standard bool) (model.AddrMatch, error) {
	w, ok := t.next()
	if !ok {
		return model.AddrMatch{}, fmt.Errorf("missing address")
	}
	switch w {
	case "any":
		return model.AddrMatch{Any: true}, nil
	case "host":
		a, ok := t.next()
		if !ok {
			return model.AddrMatch{}, fmt.Errorf("host without an address")
		}
		addr, err := netip.ParseAddr(a)
		if err != nil || !addr.Is4() {
			return model.AddrMatch{}, fmt.Errorf("host %q is not an IPv4 address", a)
		}
		return model.AddrMatch{Prefix: netip.PrefixFrom(addr, 32)}, nil
	case "object-group", "addrgroup":
		g, ok := t.next()
		if !ok {
			return model.AddrMatch{}, fmt.Errorf("%s without a name", w)
		}
		return model.AddrMatch{Group: g}, nil
	}
	if strings.Contains(w, "/") {
		pfx, err := netip.ParsePrefix(w)
		if err != nil || !pfx.Addr().Is4() {
			return model.AddrMatch{}, fmt.Errorf("%q is not an IPv4 prefix", w)
		}
		return model.AddrMatch{Prefix: pfx.Masked()}, nil
	}
	addr, err := netip.ParseAddr(w)
	if err != nil || !addr.Is4() {
		return model.AddrMatch{}, fmt.Errorf("%q is not an address (want any, host A.B.C.D, A.B.C.D WILDCARD, A.B.C.D/LEN or an object-group)", w)
	}
	wc, err := netip.ParseAddr(t.peek())
	if err != nil || !wc.Is4() {
		if standard {
			return model.AddrMatch{Prefix: netip.PrefixFrom(addr, 32)}, nil
		}
		return model.AddrMatch{}, fmt.Errorf("address %s without a wildcard mask", w)
	}
	t.i++
	pfx, err := wildcardPrefix(addr, wc)
	if err != nil {
		return model.AddrMatch{}, err
	}
	return model.AddrMatch{Prefix: pfx}, nil
}

// wildcardPrefix turns "A.B.C.D 0.0.0.255" into a prefix. A wildcard whose
// bits are not contiguous matches a scattered set of addresses; the audit
// does not guess what that set means for the cluster.
func wildcardPrefix(addr, wc netip.Addr) (netip.Prefix, error) {
	b := wc.As4()
	w := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	if w&(w+1) != 0 {
		return netip.Prefix{}, fmt.Errorf("non-contiguous wildcard %s is not supported", wc)
	}
	bits := 32
	for w != 0 {
		bits--
		w >>= 1
	}
	return netip.PrefixFrom(addr, bits).Masked(), nil
}

// ports skips a TCP/UDP/SCTP port match after an address. Ports cannot
// change whether an entry matches PGM, but they must be skipped to find
// the destination address.
func (t *tokens) ports(proto model.Proto) error {
	if proto.Any || proto.Group != "" || (proto.Num != 6 && proto.Num != 17 && proto.Num != 132) {
		return nil
	}
	switch t.peek() {
	case "eq", "neq":
		t.i++
		n := 0
		for t.i < len(t.f) && isPortWord(t.f[t.i]) {
			t.i++
			n++
		}
		if n == 0 {
			return fmt.Errorf("%s without a port", t.f[t.i-1])
		}
	case "lt", "gt", "portgroup":
		t.i += 2
	case "range":
		t.i += 3
	}
	if t.i > len(t.f) {
		return fmt.Errorf("port match cut short")
	}
	return nil
}

// isPortWord reports whether w can be a port (a number or a service name)
// rather than the start of the next address.
func isPortWord(w string) bool {
	switch w {
	case "any", "host", "object-group", "addrgroup", "log", "log-input", "established":
		return false
	}
	return !strings.ContainsAny(w, "./")
}

// options reads what follows the destination. For an entry that could
// match PGM every option must be understood: one that narrows the match
// makes the entry conditional, one that is unknown makes it unparsed.
// Other protocols' options (ports, flags, ICMP types) cannot matter.
func (t *tokens) options(e *model.ACE, strict bool) error {
	if !strict {
		return nil
	}
	for t.i < len(t.f) {
		w, _ := t.next()
		switch w {
		case "log", "log-input":
			if t.i == len(t.f)-1 && !isOptionWord(t.peek()) {
				t.i++ // log cookie
			}
		case "fragments":
			e.Fragments = true
		case "dscp", "precedence", "tos", "time-range", "option":
			v, ok := t.next()
			if !ok {
				return fmt.Errorf("%s without a value", w)
			}
			e.Condition = w + " " + v
		case "ttl", "packet-length":
			op, ok := t.next()
			if !ok {
				return fmt.Errorf("%s without a comparison", w)
			}
			n := 1
			if op == "range" {
				n = 2
			}
			vals := t.f[t.i:min(t.i+n, len(t.f))]
			t.i += n
			if t.i > len(t.f) {
				return fmt.Errorf("%s %s cut short", w, op)
			}
			e.Condition = strings.Join(append([]string{w, op}, vals...), " ")
		default:
			return fmt.Errorf("option %q is not understood", w)
		}
	}
	return nil
}

func isOptionWord(w string) bool {
	switch w {
	case "log", "log-input", "fragments", "dscp", "precedence", "tos", "time-range", "option", "ttl", "packet-length":
		return true
	}
	return false
}

// objectGroup reads IOS "object-group network|service NAME" and NX-OS
// "object-group ip address NAME".
func (p *configParser) objectGroup(l line, rest string) error {
	var wbuf [24]string
	f := words(rest, wbuf[:0])
	switch {
	case len(f) == 2 && f[0] == "network":
		return p.addressGroup(l, f[1], false)
	case len(f) == 3 && f[0] == "ip" && f[1] == "address":
		return p.addressGroup(l, f[2], true)
	case len(f) == 2 && f[0] == "service":
		return p.serviceGroup(l, f[1])
	}
	return nil
}

// addressGroup reads the members of an address object-group. IOS writes
// "A.B.C.D MASK" with a subnet mask; NX-OS writes a wildcard and may put a
// sequence number first.
func (p *configParser) addressGroup(l line, name string, nxos bool) error {
	g := &model.AddressGroup{Name: name, Ref: p.ref(l)}
	p.dev.AddressGroups[name] = g
	p.block = func(c line) error {
		var wbuf [24]string
		f := words(c.text, wbuf[:0])
		if _, err := strconv.Atoi(f[0]); err == nil && len(f) > 1 {
			f = f[1:]
		}
		pfxs, group, err := groupMember(f, nxos)
		switch {
		case err != nil:
			g.Unparsed = append(g.Unparsed, p.ref(c))
		case group != "":
			g.Groups = append(g.Groups, group)
		default:
			g.Prefixes = append(g.Prefixes, pfxs...)
		}
		return nil
	}
	return nil
}

func groupMember(f []string, wildcard bool) ([]netip.Prefix, string, error) {
	switch f[0] {
	case "description":
		return nil, "", nil
	case "group-object":
		if len(f) != 2 {
			return nil, "", fmt.Errorf("group-object without a name")
		}
		return nil, f[1], nil
	case "any":
		return []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}, "", nil
	case "host":
		if len(f) != 2 {
			return nil, "", fmt.Errorf("host without an address")
		}
		a, err := netip.ParseAddr(f[1])
		if err != nil || !a.Is4() {
			return nil, "", fmt.Errorf("bad host %q", f[1])
		}
		return []netip.Prefix{netip.PrefixFrom(a, 32)}, "", nil
	case "range":
		if len(f) != 3 {
			return nil, "", fmt.Errorf("range needs two addresses")
		}
		a, err1 := netip.ParseAddr(f[1])
		b, err2 := netip.ParseAddr(f[2])
		r := netipx.IPRangeFrom(a, b)
		if err1 != nil || err2 != nil || !a.Is4() || !r.IsValid() {
			return nil, "", fmt.Errorf("bad range")
		}
		return r.Prefixes(), "", nil
	}
	if len(f) == 1 && strings.Contains(f[0], "/") {
		pfx, err := netip.ParsePrefix(f[0])
		if err != nil || !pfx.Addr().Is4() {
			return nil, "", fmt.Errorf("bad prefix %q", f[0])
		}
		return []netip.Prefix{pfx.Masked()}, "", nil
	}
	if len(f) != 2 {
		return nil, "", fmt.Errorf("unknown member")
	}
	a, err1 := netip.ParseAddr(f[0])
	m, err2 := netip.ParseAddr(f[1])
	if err1 != nil || err2 != nil || !a.Is4() || !m.Is4() {
		return nil, "", fmt.Errorf("unknown member")
	}
	if wildcard {
		pfx, err := wildcardPrefix(a, m)
		return []netip.Prefix{pfx}, "", err
	}
	bits, ok := maskBits(f[1])
	if !ok {
		return nil, "", fmt.Errorf("bad mask %q", f[1])
	}
	return []netip.Prefix{netip.PrefixFrom(a, bits).Masked()}, "", nil
}

// serviceGroup reads an IOS "object-group service": protocol numbers or
// keywords, each possibly followed by ports, which do not matter for PGM.
func (p *configParser) serviceGroup(l line, name string) error {
	g := &model.ServiceGroup{Name: name, Ref: p.ref(l)}
	p.dev.ServiceGroups[name] = g
	p.block = func(c line) error {
		var wbuf [24]string
		f := words(c.text, wbuf[:0])
		switch f[0] {
		case "description":
			return nil
		case "group-object":
			if len(f) == 2 {
				g.Groups = append(g.Groups, f[1])
			} else {
				g.Unparsed = append(g.Unparsed, p.ref(c))
			}
			return nil
		case "ip":
			g.Protos = append(g.Protos, model.ServiceEntry{Any: true, Ref: p.ref(c)})
			return nil
		case "tcp-udp":
			g.Protos = append(g.Protos, model.ServiceEntry{Num: 6, Ref: p.ref(c)}, model.ServiceEntry{Num: 17, Ref: p.ref(c)})
			return nil
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			var known bool
			if n, known = protocols[f[0]]; !known {
				g.Unparsed = append(g.Unparsed, p.ref(c))
				return nil
			}
		} else if n < 0 || n > 255 {
			g.Unparsed = append(g.Unparsed, p.ref(c))
			return nil
		}
		g.Protos = append(g.Protos, model.ServiceEntry{Num: n, Ref: p.ref(c)})
		return nil
	}
	return nil
}
