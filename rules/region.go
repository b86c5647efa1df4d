package rules

import (
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"
)

// rect is a set of packets: every source in src sent to every destination
// in dst (protocol fixed to PGM by the caller).
type rect struct {
	src, dst *netipx.IPSet
}

// region is a union of rects: the packets still undecided while an ACL is
// walked. The rects may overlap; only emptiness and set algebra matter.
type region []rect

var (
	allV4       = netip.MustParsePrefix("0.0.0.0/0")
	multicastV4 = netip.MustParsePrefix("224.0.0.0/4")
)

func setOf(pfxs ...netip.Prefix) *netipx.IPSet {
	var b netipx.IPSetBuilder
	for _, p := range pfxs {
		b.AddPrefix(p)
	}
	s, _ := b.IPSet()
	return s
}

func intersect(a, b *netipx.IPSet) *netipx.IPSet {
	var bld netipx.IPSetBuilder
	bld.AddSet(a)
	bld.Intersect(b)
	s, _ := bld.IPSet()
	return s
}

func minus(a, b *netipx.IPSet) *netipx.IPSet {
	var bld netipx.IPSetBuilder
	bld.AddSet(a)
	bld.RemoveSet(b)
	s, _ := bld.IPSet()
	return s
}

func isEmpty(s *netipx.IPSet) bool { return s == nil || len(s.Ranges()) == 0 }

func (r region) empty() bool { return len(r) == 0 }

// intersect returns the part of r inside m.
func (r region) intersect(m rect) region {
	var out region
	for _, x := range r {
		s, d := intersect(x.src, m.src), intersect(x.dst, m.dst)
		if !isEmpty(s) && !isEmpty(d) {
			out = append(out, rect{s, d})
		}
	}
	return out
}

// minus returns r without m: S×D − A×B = (S−A)×D ∪ (S∩A)×(D−B).
func (r region) minus(m rect) region {
	var out region
	for _, x := range r {
		if s := minus(x.src, m.src); !isEmpty(s) {
			out = append(out, rect{s, x.dst})
		}
		if s, d := intersect(x.src, m.src), minus(x.dst, m.dst); !isEmpty(s) && !isEmpty(d) {
			out = append(out, rect{s, d})
		}
	}
	return out
}

// overlaps reports whether r and o share a packet.
func (r region) overlaps(o region) bool {
	for _, m := range o {
		if !r.intersect(m).empty() {
			return true
		}
	}
	return false
}

// minusRegion removes every rect of o from r.
func (r region) minusRegion(o region) region {
	for _, m := range o {
		r = r.minus(m)
	}
	return r
}

// flows describes the region for a message, "from S to D" rect by rect:
// the sources and the destinations each taken whole can overstate it
// ({A}×{G1} ∪ {B}×{G2} is not {A,B}×{G1,G2}). Rects that share a side are
// merged first, so the usual cases read as one flow.
func (r region) flows() string {
	m := r.merged()
	var parts []string
	for i, x := range m {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		one := region{x}
		parts = append(parts, "from "+one.sources()+" to "+one.destinations())
	}
	return strings.Join(parts, ", and ")
}

// merged returns r with rects that lie inside another dropped and rects
// that share a side joined.
func (r region) merged() region {
	out := slices.Clone(r)
	for again := true; again; {
		again = false
		for i := 0; i < len(out) && !again; i++ {
			for j := range out {
				if i == j {
					continue
				}
				a, b := out[i], out[j]
				switch {
				case isEmpty(minus(b.src, a.src)) && isEmpty(minus(b.dst, a.dst)):
				case a.src.Equal(b.src):
					out[i] = rect{a.src, union(a.dst, b.dst)}
				case a.dst.Equal(b.dst):
					out[i] = rect{union(a.src, b.src), a.dst}
				default:
					continue
				}
				out = slices.Delete(out, j, j+1)
				again = true
				break
			}
		}
	}
	return out
}

func union(a, b *netipx.IPSet) *netipx.IPSet {
	var bld netipx.IPSetBuilder
	bld.AddSet(a)
	bld.AddSet(b)
	s, _ := bld.IPSet()
	return s
}

// sourcePrefixes lists the source addresses of the region as prefixes.
func (r region) sourcePrefixes() []string {
	var b netipx.IPSetBuilder
	for _, x := range r {
		b.AddSet(x.src)
	}
	s, _ := b.IPSet()
	var out []string
	for _, p := range s.Prefixes() {
		out = append(out, p.String())
	}
	return out
}

// sources and destinations describe the region for a message.
func (r region) sources() string {
	return describe(r, allV4, func(x rect) *netipx.IPSet { return x.src })
}

func (r region) destinations() string {
	return describe(r, multicastV4, func(x rect) *netipx.IPSet { return x.dst })
}

// describe names one side of a region; a set that is most of its universe
// reads better as "224.0.0.0/4 except 239.192.0.0/16".
func describe(r region, universe netip.Prefix, side func(rect) *netipx.IPSet) string {
	var b netipx.IPSetBuilder
	for _, x := range r {
		b.AddSet(side(x))
	}
	s, _ := b.IPSet()
	u := setOf(universe)
	if rest := minus(u, s); !isEmpty(rest) && isEmpty(minus(s, u)) && len(rest.Prefixes()) < len(s.Prefixes()) {
		return prefixList(setOf(universe).Prefixes()) + " except " + prefixList(rest.Prefixes())
	}
	return prefixList(s.Prefixes())
}

func prefixList(pfxs []netip.Prefix) string {
	var parts []string
	for i, p := range pfxs {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		switch {
		case p == allV4:
			parts = append(parts, "any address")
		case p.IsSingleIP():
			parts = append(parts, p.Addr().String())
		default:
			parts = append(parts, p.String())
		}
	}
	return strings.Join(parts, ", ")
}
