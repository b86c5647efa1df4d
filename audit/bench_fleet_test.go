package audit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/fleetgen"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// fleets are the generated estates of this run, written once per size.
// With FLEETGEN_DIR set they are kept there and reused by later runs, so
// that repeated runs (benchstat, profiles) do not pay for writing them.
var fleets = map[string]fleetgen.Stats{}

func fleet(b *testing.B, devices, clusters int, neighbors ...bool) fleetgen.Stats {
	b.Helper()
	heard := len(neighbors) > 0 && neighbors[0]
	key := fmt.Sprintf("fleet-%d-%d", devices, clusters)
	if heard {
		key += "-cdp"
	}
	if st, ok := fleets[key]; ok {
		return st
	}
	dir, keep := os.Getenv("FLEETGEN_DIR"), true
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "fleet"); err != nil {
			b.Fatal(err)
		}
		keep = false
	}
	dir = filepath.Join(dir, key)
	st, err := fleetgen.Stat(dir)
	if err != nil || st.Devices != devices {
		if st, err = fleetgen.Write(dir, fleetgen.Options{Devices: devices, Clusters: clusters, Neighbors: heard}); err != nil {
			b.Fatal(err)
		}
	}
	if !keep {
		cleanup = append(cleanup, filepath.Dir(dir))
	}
	fleets[key] = st
	return st
}

var cleanup []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range cleanup {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// BenchmarkFleet audits whole generated estates from their recorded
// snapshots, inventory loading included: MB/s is recorded output read.
// peak-MB is the process's resident high-water mark over the timed loop
// (Linux), the figure the issue bounds by twice the text plus 50 MB.
func BenchmarkFleet(b *testing.B) {
	for _, c := range []struct {
		devices, clusters int
		cdp               bool // links from CDP tables, none declared
	}{
		{200, 1, false}, {1000, 1, false}, {5000, 1, false}, {5000, 1250, false}, {5000, 1, true},
	} {
		name := fmt.Sprintf("devices=%d/clusters=%d", c.devices, c.clusters)
		if c.cdp {
			name += "/links=cdp"
		}
		b.Run(name, func(b *testing.B) {
			st := fleet(b, c.devices, c.clusters, c.cdp)
			b.SetBytes(st.Bytes)
			b.ReportAllocs()
			resetPeak()
			for b.Loop() {
				inv, err := inventory.Load(st.Inventory, vendors.InventoryPlatforms())
				if err != nil {
					b.Fatal(err)
				}
				// As mcaudit audit reads: findings, not models to remediate.
				res, err := Inventory(context.Background(), inv, Sources{FindingsOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if res.Failed() != 0 || len(res.Clusters) != st.Clusters {
					b.Fatalf("%d devices failed, %d clusters", res.Failed(), len(res.Clusters))
				}
			}
			if mb := peakMB(); mb > 0 {
				b.ReportMetric(mb, "peak-MB")
			}
		})
	}
}

// BenchmarkGrepFleet is the yardstick: grep -rc over the same files.
func BenchmarkGrepFleet(b *testing.B) {
	grep, err := exec.LookPath("grep")
	if err != nil {
		b.Skip("no grep")
	}
	st := fleet(b, 5000, 1)
	b.SetBytes(st.Bytes)
	for b.Loop() {
		if err := exec.Command(grep, "-rc", ".", filepath.Join(filepath.Dir(st.Inventory), "snapshot")).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// resetPeak clears the resident high-water mark (Linux 4.0 and later).
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakMB reads the resident high-water mark in MB, or 0.
func peakMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err == nil {
				return float64(kb) / 1024
			}
		}
	}
	return 0
}
