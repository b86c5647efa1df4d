package cisco

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go4.org/netipx"

	"github.com/mcaudit/mcaudit/internal/ace"
	"github.com/mcaudit/mcaudit/model"
)

// protocols maps the protocol keywords IOS and NX-OS accept to IP protocol
// numbers. There is no keyword for PGM: it is written as 113.
var protocols = map[string]int{
	"icmp": 1, "igmp": 2, "ipinip": 4, "tcp": 6, "udp": 17, "gre": 47, "esp": 50,
	"ahp": 51, "eigrp": 88, "ospf": 89, "nos": 94, "pim": 103, "pcp": 108, "sctp": 132,
}

// entries is the ACL entry grammar of IOS and NX-OS.
var entries = &ace.Dialect{Protocols: protocols, AnyProtocol: []string{"ip", "ipv4"}}

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
	if err := ace.Parse(e, f, acl.Standard, entries); err != nil {
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
		pfx, err := ace.WildcardPrefix(a, m)
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
