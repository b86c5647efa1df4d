package cfgtree

import (
	"strconv"
	"strings"
)

// Place is a kind of line in the order a platform prints its lines.
type Place struct {
	// Prefix is the first words of the lines it holds; a line's "no" is
	// not one of them.
	Prefix string
	// Ordered: the lines are in the natural order of what follows Prefix
	// ("vlan 10" before "vlan 20", "vlan access-map M 10" before "... 20").
	Ordered bool
	// Before: the first line of this place goes before the first line of
	// a later place, not after the last line of an earlier one (where
	// lines of no place stand between the two).
	Before bool
}

// rank returns the index of the place that holds text (the longest
// prefix wins), or -1.
func rank(order []Place, text string) int {
	text = strings.TrimPrefix(text, "no ")
	best, r := -1, -1
	for i, p := range order {
		if HasWords(text, p.Prefix) && len(p.Prefix) > best {
			best, r = len(p.Prefix), i
		}
	}
	return r
}

// placeIn returns where under parent a new line text goes: in order among
// the lines of its own place, else after the last line of an earlier place
// or before the first line of a later one (Place.Before says which comes
// first), else last (before the dialect's closing line at the top).
func (t *Tree) placeIn(parent *Node, order []Place, text string) int {
	at, _ := t.place(parent, order, text)
	return at
}

// place is placeIn, and says whether the line joins a run of lines of its
// own place (then no separator goes with it).
func (t *Tree) place(parent *Node, order []Place, text string) (at int, joins bool) {
	end := len(parent.Kids)
	if parent == t.Root {
		end = t.endIndex()
	}
	r := rank(order, text)
	if r < 0 {
		return end, false
	}
	var lastSame, firstAfter, lastBefore *Node
	for _, k := range parent.Kids {
		if k.Sep || k.Opaque != nil {
			continue
		}
		rk := rank(order, k.Text)
		switch {
		case rk < 0:
		case rk == r:
			if order[r].Ordered && naturalLess(rest(text, order[r].Prefix), rest(k.Text, order[r].Prefix)) {
				if lastSame != nil && !t.isBlock(lastSame) {
					return lastSame.Index() + 1, true
				}
				return k.Index(), !t.isBlock(k)
			}
			lastSame = k
		case rk > r && firstAfter == nil:
			firstAfter = k
		case rk < r:
			lastBefore = k
		}
	}
	switch {
	case lastSame != nil:
		return t.AfterBlock(lastSame), !t.isBlock(lastSame)
	case firstAfter != nil && (order[r].Before || lastBefore == nil):
		return firstAfter.Index(), false
	case lastBefore != nil:
		return t.AfterBlock(lastBefore), false
	}
	return end, false
}

func rest(text, prefix string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "no "), prefix))
}

// naturalLess compares word by word, numbers by value: "9" < "10",
// "1,10,100" < "20" (by its leading number).
func naturalLess(a, b string) bool {
	aw, bw := strings.Fields(a), strings.Fields(b)
	for i := 0; i < len(aw) && i < len(bw); i++ {
		x, y := aw[i], bw[i]
		if x == y {
			continue
		}
		nx, okx := leadingNumber(x)
		ny, oky := leadingNumber(y)
		if okx && oky && nx != ny {
			return nx < ny
		}
		return x < y
	}
	return len(aw) < len(bw)
}

func leadingNumber(s string) (int, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:i])
	return n, err == nil
}
