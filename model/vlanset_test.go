package model

import (
	"fmt"
	"testing"
)

func TestVLANSet(t *testing.T) {
	for _, tc := range []struct {
		list, want string
	}{
		{"1-4094", "1-4094"}, {"10,20,100", "10,20,100"}, {"63-64,127-129", "63-64,127-129"},
		{"5, 1-3", "1-3,5"}, {"4094", "4094"}, {"1-10,5-6", "1-10"},
	} {
		s, err := ParseVLANList(tc.list)
		if err != nil || s.String() != tc.want {
			t.Errorf("ParseVLANList(%q) = %s, %v; want %s", tc.list, s.String(), err, tc.want)
		}
	}
	for _, bad := range []string{"", "0", "4095", "10-5", "a", "1,,2", "1-"} {
		if _, err := ParseVLANList(bad); err == nil {
			t.Errorf("ParseVLANList(%q): no error", bad)
		}
	}
}

// A set is a value: changing a copy never changes the original, and the
// shared all-VLANs set stays whole.
func TestVLANSetValueSemantics(t *testing.T) {
	a := AllVLANs()
	b := a
	b.RemoveSet(mustList(t, "100"))
	if !a.Has(100) || b.Has(100) || func() bool { all := AllVLANs(); return !all.Has(100) }() {
		t.Fatalf("copy changed the original: a %s, b %s, all %s", a.String(), b.String(), allVLANs.String())
	}
	var e VLANSet
	if !e.Empty() || e.Has(1) || e.String() != "none" {
		t.Errorf("zero set: %s", e.String())
	}
	e.Add(7)
	e.AddSet(mustList(t, "8-9"))
	e.RemoveSet(mustList(t, "8"))
	if e.String() != "7,9" || e.Empty() {
		t.Errorf("got %s, want 7,9", e.String())
	}
	e.Add(0)
	e.Add(4095)
	if e.String() != "7,9" {
		t.Errorf("out-of-range adds changed the set: %s", e.String())
	}
}

func mustList(t *testing.T, s string) VLANSet {
	t.Helper()
	v, err := ParseVLANList(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Equal lists share one array, and a change to one is not seen by the
// other.
func TestParsedSetsShareAndStayValues(t *testing.T) {
	a, err := ParseVLANList("10,20,1100-1102")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseVLANList("10, 20, 1100-1102")
	if err != nil {
		t.Fatal(err)
	}
	if a.bits != b.bits {
		t.Error("equal lists do not share their array")
	}
	b.Add(30)
	if a.Has(30) || !b.Has(30) || a.String() != "10,20,1100-1102" {
		t.Errorf("a change to one shared set reached the other: a %s, b %s", a.String(), b.String())
	}
	c, _ := ParseVLANList("10,20,1100-1102")
	if c.Has(30) {
		t.Error("the shared array was written")
	}
}

// The shared sets stop growing at their bound; sets beyond it are still
// right, only not shared.
func TestSharedSetsAreBounded(t *testing.T) {
	for a := 1; a <= 70; a++ { // 4,900 distinct lists
		for b := 1001; b <= 1070; b++ {
			s, err := ParseVLANList(fmt.Sprintf("%d,%d", a, b))
			if err != nil || !s.Has(a) || !s.Has(b) || s.Has(a+1) && a < 70 {
				t.Fatalf("list %d,%d: %v %s", a, b, err, s.String())
			}
		}
	}
	sets.Lock()
	n := len(sets.m)
	sets.Unlock()
	if n > maxShared {
		t.Errorf("%d shared sets, bound %d", n, maxShared)
	}
}
