package model

import (
	"fmt"
	"iter"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// MaxVLAN is the highest 802.1Q VLAN ID a switch accepts.
const MaxVLAN = 4094

// VLANSet is a set of VLAN IDs 1-4094. The zero value is empty.
//
// A set is a value: copies never share changes. Its bits live behind a
// pointer that is replaced, never written through, when the set changes,
// so the default "all VLANs" of thousands of trunks is one shared array
// and an Interface stays small.
type VLANSet struct {
	bits *vlanBits
}

type vlanBits [(MaxVLAN + 64) / 64]uint64

var allVLANs = func() VLANSet {
	var s VLANSet
	s.AddRange(1, MaxVLAN)
	return s
}()

// AllVLANs returns the set 1-4094, the default allowed list of a trunk.
func AllVLANs() VLANSet { return allVLANs }

// Has reports whether v is in the set.
func (s *VLANSet) Has(v int) bool {
	if v < 1 || v > MaxVLAN || s.bits == nil {
		return false
	}
	return s.bits[v/64]&(1<<(uint(v)%64)) != 0
}

// writable returns a private copy of the bits to change.
func (s *VLANSet) writable() *vlanBits {
	b := new(vlanBits)
	if s.bits != nil {
		*b = *s.bits
	}
	s.bits = b
	return b
}

// Add puts v in the set; out-of-range IDs are ignored.
func (s *VLANSet) Add(v int) {
	if v >= 1 && v <= MaxVLAN {
		s.AddRange(v, v)
	}
}

// AddRange adds lo..hi inclusive, a word at a time: "1-4094" is common.
func (s *VLANSet) AddRange(lo, hi int) {
	lo, hi = max(lo, 1), min(hi, MaxVLAN)
	if lo > hi {
		return
	}
	s.writable().addRange(lo, hi)
}

func (b *vlanBits) addRange(lo, hi int) {
	for v := lo; v <= hi; {
		w, bit := v/64, uint(v)%64
		n := min(64-int(bit), hi-v+1)
		b[w] |= ^uint64(0) >> (64 - uint(n)) << bit
		v += n
	}
}

// AddSet adds every member of o.
func (s *VLANSet) AddSet(o VLANSet) {
	if o.bits == nil {
		return
	}
	b := s.writable()
	for i := range b {
		b[i] |= o.bits[i]
	}
}

// RemoveSet removes every member of o.
func (s *VLANSet) RemoveSet(o VLANSet) {
	if o.bits == nil || s.bits == nil {
		return
	}
	b := s.writable()
	for i := range b {
		b[i] &^= o.bits[i]
	}
}

// All yields the members in ascending order.
func (s VLANSet) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		if s.bits == nil {
			return
		}
		for w, word := range s.bits {
			for word != 0 {
				b := bits.TrailingZeros64(word)
				if !yield(w*64 + b) {
					return
				}
				word &^= 1 << uint(b)
			}
		}
	}
}

// Empty reports whether the set has no members.
func (s *VLANSet) Empty() bool {
	if s.bits == nil {
		return true
	}
	for _, b := range s.bits {
		if b != 0 {
			return false
		}
	}
	return true
}

// String renders the set the way switches print allowed lists: "1-10,100".
func (s VLANSet) String() string {
	var b strings.Builder
	lo, prev := -1, -1
	flush := func() {
		if lo < 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(lo))
		if prev > lo {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(prev))
		}
	}
	for v := range s.All() {
		if v != prev+1 {
			flush()
			lo = v
		}
		prev = v
	}
	flush()
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// ParseVLANList reads a VLAN list such as "1-10,100,200-210". Spaces after
// commas are accepted, as NX-OS prints them in some outputs.
func ParseVLANList(text string) (VLANSet, error) {
	var s VLANSet
	bits := s.writable() // one array for the whole list, filled in place
	text = strings.TrimSpace(text)
	if text == "" {
		return s, fmt.Errorf("empty VLAN list")
	}
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := parseVLANID(lo)
		if err != nil {
			return s, err
		}
		b := a
		if isRange {
			if b, err = parseVLANID(hi); err != nil {
				return s, err
			}
			if b < a {
				return s, fmt.Errorf("VLAN range %q runs backwards", part)
			}
		}
		bits.addRange(a, b)
	}
	return s.shared(), nil
}

// sets holds one copy of each distinct set ParseVLANList has made, up to
// maxShared of them. A fleet's trunks repeat a handful of allowed lists,
// and each list is a 512-byte array: 5,000 switches kept 20 MB of copies
// of the same few. The bound keeps a long run of ever-new lists (a fuzzer,
// a hostile input) from growing it without end. A set is never written
// through its pointer, so sharing is safe.
var sets = struct {
	sync.Mutex
	m map[vlanBits]*vlanBits
}{m: map[vlanBits]*vlanBits{}}

// shared returns s with its bits shared with every equal set made so far.
func (s VLANSet) shared() VLANSet {
	if s.bits == nil {
		return s
	}
	sets.Lock()
	defer sets.Unlock()
	if b, ok := sets.m[*s.bits]; ok {
		return VLANSet{bits: b}
	}
	if len(sets.m) < maxShared {
		sets.m[*s.bits] = s.bits
	}
	return s
}

// maxShared bounds sets to about 4 MB.
const maxShared = 4096

func parseVLANID(s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 || v > MaxVLAN {
		return 0, fmt.Errorf("%q is not a VLAN ID (1-%d)", s, MaxVLAN)
	}
	return v, nil
}
