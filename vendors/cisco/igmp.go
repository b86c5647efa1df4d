package cisco

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/mcaudit/mcaudit/model"
)

// igmpGlobal reads a top-level "[no] ip igmp snooping ..." line; rest is
// what follows "ip igmp snooping".
func (p *configParser) igmpGlobal(l line, rest string, negated bool) error {
	var wbuf [24]string
	f := words(rest, wbuf[:0])
	if len(f) == 0 {
		if negated {
			p.dev.Snooping.Disabled, p.dev.Snooping.Enabled = p.refp(l), nil
		} else {
			p.dev.Snooping.Disabled, p.dev.Snooping.Enabled = nil, p.refp(l)
		}
		return nil
	}
	switch f[0] {
	case "vxlan":
		if len(f) == 1 && p.nx {
			p.vxlanSnooping = !negated
		}
		return nil
	case "querier":
		return p.querier(&p.dev.Snooping.Querier, l, f[1:], negated)
	case "vlan":
		if len(f) < 2 {
			return p.errorf(l, "\"ip igmp snooping vlan\" without a VLAN")
		}
		vlans, err := model.ParseVLANList(f[1])
		if err != nil {
			return p.errorf(l, "%v", err)
		}
		return p.forVLANs(vlans, func(s *model.VLANSnooping) error {
			return p.vlanSnooping(s, l, f[2:], negated)
		})
	}
	return nil
}

// vlanSnooping applies the part of a snooping command that follows the
// VLAN: nothing (snooping on/off) or "querier ...".
func (p *configParser) vlanSnooping(s *model.VLANSnooping, l line, f []string, negated bool) error {
	if len(f) == 0 {
		if negated {
			s.Disabled, s.Enabled = p.refp(l), nil
		} else {
			s.Disabled, s.Enabled = nil, p.refp(l)
		}
		return nil
	}
	switch f[0] {
	case "querier":
		return p.querier(&s.Querier, l, f[1:], negated)
	case "query-interval": // NX-OS, in "vlan configuration N"
		return p.queryInterval(&s.Querier, l, f[1:], negated)
	}
	return nil
}

// vlanBlockIGMP reads the snooping lines inside "vlan configuration N"
// (NX-OS, IOS-XE) or an older NX-OS "vlan N" block.
func (p *configParser) vlanBlockIGMP(vlans model.VLANSet, c line) error {
	text, negated := c.text, false
	if r, ok := strings.CutPrefix(text, "no "); ok {
		text, negated = r, true
	}
	r, ok := strings.CutPrefix(text, "ip igmp snooping")
	if !ok || (r != "" && r[0] != ' ') {
		return nil
	}
	var wbuf [24]string
	f := words(r, wbuf[:0])
	return p.forVLANs(vlans, func(s *model.VLANSnooping) error {
		return p.vlanSnooping(s, c, f, negated)
	})
}

func (p *configParser) forVLANs(vlans model.VLANSet, fn func(*model.VLANSnooping) error) error {
	for v := range vlans.All() {
		if err := fn(p.dev.VLANSnoopingFor(v)); err != nil {
			return err
		}
	}
	return nil
}

// querier applies the words after "querier": nothing (enable), an address
// (NX-OS "querier A.B.C.D" enables with that source), "address A",
// "version N", or timers, which the audit does not need.
func (p *configParser) querier(q *model.Querier, l line, f []string, negated bool) error {
	if len(f) == 0 {
		if negated {
			q.Enabled, q.Disabled = nil, p.refp(l)
		} else {
			q.Enabled, q.Disabled = p.refp(l), nil
		}
		return nil
	}
	if a, err := netip.ParseAddr(f[0]); err == nil {
		if negated {
			q.Enabled, q.Disabled, q.Address, q.AddressRef = nil, p.refp(l), netip.Addr{}, nil
			return nil
		}
		if !a.Is4() {
			return p.errorf(l, "querier address %q is not IPv4", f[0])
		}
		q.Enabled, q.Disabled, q.Address, q.AddressRef = p.refp(l), nil, a, p.refp(l)
		return nil
	}
	switch f[0] {
	case "query-interval": // IOS "querier query-interval N"
		return p.queryInterval(q, l, f[1:], negated)
	case "address":
		if negated {
			q.Address, q.AddressRef = netip.Addr{}, nil
			return nil
		}
		if len(f) < 2 {
			return p.errorf(l, "querier address missing")
		}
		a, err := netip.ParseAddr(f[1])
		if err != nil || !a.Is4() {
			return p.errorf(l, "querier address %q is not an IPv4 address", f[1])
		}
		q.Address, q.AddressRef = a, p.refp(l)
	case "version":
		if negated || len(f) < 2 {
			q.Version, q.VersionRef = 0, nil
			return nil
		}
		v, err := strconv.Atoi(f[1])
		if err != nil || v < 1 || v > 3 {
			return p.errorf(l, "querier version %q is not 1, 2 or 3", f[1])
		}
		q.Version, q.VersionRef = v, p.refp(l)
	}
	return nil
}

// queryInterval reads the seconds of a snooping querier's query interval.
func (p *configParser) queryInterval(q *model.Querier, l line, f []string, negated bool) error {
	if negated || len(f) == 0 {
		q.Interval, q.IntervalRef = 0, nil
		return nil
	}
	d, err := seconds(f[0])
	if err != nil {
		return p.errorf(l, "query interval %q: %v", f[0], err)
	}
	q.Interval, q.IntervalRef = d, p.refp(l)
	return nil
}

// seconds reads an IGMP interval in whole seconds (1-18000 on IOS and
// NX-OS).
func seconds(s string) (time.Duration, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 18000 {
		return 0, fmt.Errorf("want whole seconds, 1-18000")
	}
	return time.Duration(n) * time.Second, nil
}
