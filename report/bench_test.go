package report

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/internal/fleetgen"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// BenchmarkHTMLFleet renders the page of a generated estate of 200
// switches with a cluster in each of its 50 pods: 50 drawings laid out
// and written, every finding with its evidence. The audit is done once,
// outside the timing.
func BenchmarkHTMLFleet(b *testing.B) {
	dir := b.TempDir()
	if _, err := fleetgen.Write(dir, fleetgen.Options{Devices: 200, Clusters: 50}); err != nil {
		b.Fatal(err)
	}
	inv, err := inventory.Load(filepath.Join(dir, "inventory.yaml"), vendors.InventoryPlatforms())
	if err != nil {
		b.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := HTML(io.Discard, res, HTMLOptions{Command: "audit", Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
