// Package ace reads access-list entries in the grammar that Cisco's IOS
// made common and that NX-OS, Arista EOS, Aruba AOS-CX and others write
// with small differences: "permit|deny PROTOCOL SOURCE [PORTS]
// DESTINATION [PORTS] [OPTIONS]", addresses as any, host A, A WILDCARD or
// A/LEN. A Dialect says what differs.
package ace

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/model"
)

// PGM is the IP protocol number of PGM (RFC 3208). No platform has a
// keyword for it: it is written as 113.
const PGM = 113

// Dialect is what a platform's entries spell differently.
type Dialect struct {
	// Protocols maps the keywords the platform accepts to IP protocol
	// numbers.
	Protocols map[string]int
	// AnyProtocol are the words for every protocol: "ip" on IOS,
	// "any" on AOS-CX.
	AnyProtocol []string
	// BareHost: a lone address is one host and never takes a wildcard
	// mask (AOS-CX), where IOS's extended entries want one after it.
	BareHost bool
	// Options are options that cannot change whether an entry matches
	// PGM, with the number of words that follow each (AOS-CX "count").
	Options map[string]int
}

// Parse fills e from the words of one entry, starting at the action.
func Parse(e *model.ACE, f []string, standard bool, d *Dialect) error {
	switch f[0] {
	case "permit":
		e.Action = model.Permit
	case "deny":
		e.Action = model.Deny
	default:
		return fmt.Errorf("unknown ACL statement %q", f[0])
	}
	t := Tokens{F: f[1:], d: d}
	if standard {
		e.Proto.Any = true
		src, err := t.Address(true)
		if err != nil {
			return err
		}
		e.Src, e.Dst = src, model.AddrMatch{Any: true}
		return t.Options(e, true)
	}
	if err := t.Protocol(e); err != nil {
		return err
	}
	var err error
	if e.Src, err = t.Address(false); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if err := t.Ports(e.Proto); err != nil {
		return err
	}
	if e.Dst, err = t.Address(false); err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	return t.Options(e, e.Proto.Any || e.Proto.Num == PGM || e.Proto.Group != "")
}

// Tokens walks the words of an ACL entry.
type Tokens struct {
	F []string
	I int // the next word
	d *Dialect
}

// NewTokens walks the words f of an entry after its action.
func NewTokens(f []string, d *Dialect) *Tokens { return &Tokens{F: f, d: d} }

func (t *Tokens) Next() (string, bool) {
	if t.I >= len(t.F) {
		return "", false
	}
	t.I++
	return t.F[t.I-1], true
}

func (t *Tokens) Peek() string {
	if t.I >= len(t.F) {
		return ""
	}
	return t.F[t.I]
}

func (t *Tokens) Protocol(e *model.ACE) error {
	w, ok := t.Next()
	if !ok {
		return fmt.Errorf("missing protocol")
	}
	switch {
	case slices.Contains(t.d.AnyProtocol, w):
		e.Proto.Any = true
	case w == "object-group":
		g, ok := t.Next()
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
		n, known := t.d.Protocols[w]
		if !known {
			return fmt.Errorf("unknown protocol %q", w)
		}
		e.Proto.Num = n
	}
	return nil
}

// address reads any | host A | A WILDCARD | A/LEN | object-group N |
// addrgroup N. A standard ACL also takes a bare address for one host.
func (t *Tokens) Address(standard bool) (model.AddrMatch, error) {
	w, ok := t.Next()
	if !ok {
		return model.AddrMatch{}, fmt.Errorf("missing address")
	}
	switch w {
	case "any":
		return model.AddrMatch{Any: true}, nil
	case "host":
		a, ok := t.Next()
		if !ok {
			return model.AddrMatch{}, fmt.Errorf("host without an address")
		}
		addr, err := netip.ParseAddr(a)
		if err != nil || !addr.Is4() {
			return model.AddrMatch{}, fmt.Errorf("host %q is not an IPv4 address", a)
		}
		return model.AddrMatch{Prefix: netip.PrefixFrom(addr, 32)}, nil
	case "object-group", "addrgroup":
		g, ok := t.Next()
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
	if t.d.BareHost {
		// No wildcard masks: a lone address is one host, and the
		// address after it is the next field.
		return model.AddrMatch{Prefix: netip.PrefixFrom(addr, 32)}, nil
	}
	wc, err := netip.ParseAddr(t.Peek())
	if err != nil || !wc.Is4() {
		if standard {
			return model.AddrMatch{Prefix: netip.PrefixFrom(addr, 32)}, nil
		}
		return model.AddrMatch{}, fmt.Errorf("address %s without a wildcard mask", w)
	}
	t.I++
	pfx, err := WildcardPrefix(addr, wc)
	if err != nil {
		return model.AddrMatch{}, err
	}
	return model.AddrMatch{Prefix: pfx}, nil
}

// WildcardPrefix turns "A.B.C.D 0.0.0.255" into a prefix. A wildcard whose
// bits are not contiguous matches a scattered set of addresses; the audit
// does not guess what that set means for the cluster.
func WildcardPrefix(addr, wc netip.Addr) (netip.Prefix, error) {
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
func (t *Tokens) Ports(proto model.Proto) error {
	if proto.Any || proto.Group != "" || (proto.Num != 6 && proto.Num != 17 && proto.Num != 132) {
		return nil
	}
	switch t.Peek() {
	case "eq", "neq":
		t.I++
		n := 0
		for t.I < len(t.F) && isPortWord(t.F[t.I]) {
			t.I++
			n++
		}
		if n == 0 {
			return fmt.Errorf("%s without a port", t.F[t.I-1])
		}
	case "lt", "gt", "portgroup":
		t.I += 2
	case "range":
		t.I += 3
	}
	if t.I > len(t.F) {
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
func (t *Tokens) Options(e *model.ACE, strict bool) error {
	if !strict {
		return nil
	}
	for t.I < len(t.F) {
		w, _ := t.Next()
		switch w {
		case "log", "log-input":
			if t.I == len(t.F)-1 && !isOptionWord(t.Peek()) {
				t.I++ // log cookie
			}
		case "fragments":
			e.Fragments = true
		case "dscp", "precedence", "tos", "time-range", "option":
			v, ok := t.Next()
			if !ok {
				return fmt.Errorf("%s without a value", w)
			}
			e.Condition = w + " " + v
		case "ttl", "packet-length":
			op, ok := t.Next()
			if !ok {
				return fmt.Errorf("%s without a comparison", w)
			}
			n := 1
			if op == "range" {
				n = 2
			}
			vals := t.F[t.I:min(t.I+n, len(t.F))]
			t.I += n
			if t.I > len(t.F) {
				return fmt.Errorf("%s %s cut short", w, op)
			}
			e.Condition = strings.Join(append([]string{w, op}, vals...), " ")
		default:
			n, ok := t.d.Options[w]
			if !ok {
				return fmt.Errorf("option %q is not understood", w)
			}
			t.I += n
			if t.I > len(t.F) {
				return fmt.Errorf("%s cut short", w)
			}
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
