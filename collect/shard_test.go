package collect

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Every inventory, cut in N shards, has each device in exactly one of
// them; and a device stays in its shard when devices are added.
func TestShardsPartitionEveryInventory(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(40)
		var targets []Target
		seen := map[string]bool{}
		for len(targets) < r.IntN(500) {
			name := randomName(r)
			if !seen[name] {
				seen[name] = true
				targets = append(targets, Target{Name: name})
			}
		}
		home := map[string]int{}
		for k := 0; k < n; k++ {
			for _, t2 := range (Shard{K: k, N: n}).Select(targets) {
				if prev, dup := home[t2.Name]; dup {
					t.Fatalf("N=%d: %q in shard %d and %d", n, t2.Name, prev, k)
				}
				home[t2.Name] = k
			}
		}
		if len(home) != len(targets) {
			t.Fatalf("N=%d: %d of %d devices in some shard", n, len(home), len(targets))
		}
		// More devices: none of the earlier ones moves.
		for i := 0; i < 50; i++ {
			targets = append(targets, Target{Name: randomName(r)})
		}
		for _, t2 := range targets {
			if k, ok := home[t2.Name]; ok && !(Shard{K: k, N: n}).Holds(t2.Name) {
				t.Fatalf("N=%d: %q moved out of shard %d when devices were added", n, t2.Name, k)
			}
		}
	}
}

// Shards share the work: over 10,000 names no shard of 8 is more than
// 10% off its eighth.
func TestShardsAreEven(t *testing.T) {
	count := make([]int, 8)
	for i := 0; i < 10000; i++ {
		count[Of(fmt.Sprintf("dc%d-acc%d", i%7, i), 8)]++
	}
	for k, c := range count {
		if c < 1125 || c > 1375 {
			t.Errorf("shard %d/8 holds %d of 10000", k, c)
		}
	}
}

// The shard of a name is a stable function of name and N: pinned, so a
// change of hash (which would move every device between shards of a
// running pipeline) cannot slip in.
func TestShardOfIsPinned(t *testing.T) {
	for name, want := range map[string]int{"acc1": 1, "acc2": 1, "leaf1": 2, "sw1": 1, "sw2": 0} {
		if got := Of(name, 3); got != want {
			t.Errorf("Of(%q, 3) = %d, want %d", name, got, want)
		}
	}
}

func randomName(r *rand.Rand) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789-._"
	var b strings.Builder
	for n := 1 + r.IntN(24); n > 0; n-- {
		b.WriteByte(chars[r.IntN(len(chars))])
	}
	return b.String()
}

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		spec, index string
		want        Shard
		err         string
	}{
		{spec: "0/1", want: Shard{0, 1}},
		{spec: "3/4", want: Shard{3, 4}},
		{spec: "4", index: "2", want: Shard{2, 4}},
		{spec: "4/4", err: "out of range 0 to 3"},
		{spec: "-1/4", err: "out of range"},
		{spec: "1/0", err: "from 1 to 10000"},
		{spec: "1/x", err: "whole number from 1"},
		{spec: "x/2", err: `"x": not a whole number`},
		{spec: "2", err: "want K/N"},
		{spec: "1/2", index: "1", err: "shard count alone"},
		{spec: "2", index: "2", err: "out of range 0 to 1"},
		{spec: "2", index: "one", err: "not a whole number"},
		{spec: "0/100000", err: "from 1 to 10000"},
	} {
		got, err := ParseShard(c.spec, c.index)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseShard(%q, %q) error %v, want %q", c.spec, c.index, err, c.err)
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseShard(%q, %q) = %v, %v; want %v", c.spec, c.index, got, err, c.want)
		}
	}
}
