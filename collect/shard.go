package collect

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is one share of an inventory's devices, for collecting on N
// machines at once: shard K of N, K counted from 0 as a Kubernetes
// Indexed Job's JOB_COMPLETION_INDEX is.
//
// A device's shard depends on its name and N only, so that adding or
// removing other devices never moves it, and the N shards' snapshots
// merge by directory union.
type Shard struct {
	K, N int
}

// maxShards bounds N: far more collectors than any estate has devices
// is a typo, not a plan.
const maxShards = 10000

// ParseShard reads "K/N". With index set, spec is "N" alone and K is
// index (an environment variable's value, as a Job or CI matrix gives
// it).
func ParseShard(spec, index string) (Shard, error) {
	ks, ns, slash := strings.Cut(spec, "/")
	switch {
	case index != "" && slash:
		return Shard{}, fmt.Errorf("shard %q: with the index from the environment, give the shard count alone (e.g. 8)", spec)
	case index != "":
		ks, ns = index, spec
	case !slash:
		return Shard{}, fmt.Errorf("shard %q: want K/N, this shard K (0 to N-1) of N", spec)
	}
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	if err != nil || n < 1 || n > maxShards {
		return Shard{}, fmt.Errorf("shard %q: the shard count must be a whole number from 1 to %d", spec, maxShards)
	}
	k, err := strconv.Atoi(strings.TrimSpace(ks))
	if err != nil {
		return Shard{}, fmt.Errorf("shard index %q: not a whole number", ks)
	}
	if k < 0 || k >= n {
		return Shard{}, fmt.Errorf("shard index %d: out of range 0 to %d (shards count from 0)", k, n-1)
	}
	return Shard{K: k, N: n}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Of returns the shard, 0 to n-1, that device name falls in.
func Of(name string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int(h.Sum64() % uint64(n))
}

// Holds reports whether the device named name is in this shard. The zero
// Shard holds every device.
func (s Shard) Holds(name string) bool {
	return s.N <= 1 || Of(name, s.N) == s.K
}

// Select keeps the targets of shard s, in their order.
func (s Shard) Select(targets []Target) []Target {
	var out []Target
	for _, t := range targets {
		if s.Holds(t.Name) {
			out = append(out, t)
		}
	}
	return out
}
