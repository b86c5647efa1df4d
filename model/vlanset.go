package model

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxVLAN is the highest 802.1Q VLAN ID a switch accepts.
const MaxVLAN = 4094

// VLANSet is a set of VLAN IDs 1-4094. The zero value is empty.
type VLANSet struct {
	bits [(MaxVLAN + 64) / 64]uint64
}

var allVLANs = func() VLANSet {
	var s VLANSet
	s.AddRange(1, MaxVLAN)
	return s
}()

// AllVLANs returns the set 1-4094, the default allowed list of a trunk.
func AllVLANs() VLANSet { return allVLANs }

// Has reports whether v is in the set.
func (s *VLANSet) Has(v int) bool {
	if v < 1 || v > MaxVLAN {
		return false
	}
	return s.bits[v/64]&(1<<(uint(v)%64)) != 0
}

// Add puts v in the set; out-of-range IDs are ignored.
func (s *VLANSet) Add(v int) {
	if v >= 1 && v <= MaxVLAN {
		s.bits[v/64] |= 1 << (uint(v) % 64)
	}
}

// AddRange adds lo..hi inclusive, a word at a time: "1-4094" is common.
func (s *VLANSet) AddRange(lo, hi int) {
	lo, hi = max(lo, 1), min(hi, MaxVLAN)
	for v := lo; v <= hi; {
		w, bit := v/64, uint(v)%64
		n := min(64-int(bit), hi-v+1)
		mask := ^uint64(0) >> (64 - uint(n)) << bit
		s.bits[w] |= mask
		v += n
	}
}

// AddSet adds every member of o.
func (s *VLANSet) AddSet(o VLANSet) {
	for i := range s.bits {
		s.bits[i] |= o.bits[i]
	}
}

// RemoveSet removes every member of o.
func (s *VLANSet) RemoveSet(o VLANSet) {
	for i := range s.bits {
		s.bits[i] &^= o.bits[i]
	}
}

// Empty reports whether the set has no members.
func (s *VLANSet) Empty() bool {
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
	for v := 1; v <= MaxVLAN; v++ {
		if !s.Has(v) {
			continue
		}
		hi := v
		for hi+1 <= MaxVLAN && s.Has(hi+1) {
			hi++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v))
		if hi > v {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(hi))
		}
		v = hi
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// ParseVLANList reads a VLAN list such as "1-10,100,200-210". Spaces after
// commas are accepted, as NX-OS prints them in some outputs.
func ParseVLANList(text string) (VLANSet, error) {
	var s VLANSet
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
		s.AddRange(a, b)
	}
	return s, nil
}

func parseVLANID(s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 || v > MaxVLAN {
		return 0, fmt.Errorf("%q is not a VLAN ID (1-%d)", s, MaxVLAN)
	}
	return v, nil
}
