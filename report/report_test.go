package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// labResult audits the bundled lab from the repository root, so that
// evidence paths read as they do in the README.
func labResult(t *testing.T) *audit.Result {
	t.Helper()
	t.Chdir("..")
	inv, err := inventory.Load("fixtures/lab/inventory.yaml", vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// golden compares got with report/testdata/name, rewriting it with -update.
// Golden files are reviewed like code: a diff in one is a change in what
// users see.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("report", "testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\nrerun with -update if the change is intended", name, diff)
	}
}

func TestLabTableGolden(t *testing.T) {
	res := labResult(t)
	var b bytes.Buffer
	if err := Table(&b, res, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("plain table contains ANSI escapes")
	}
	golden(t, "lab.table.golden", b.Bytes())
}

func TestLabJSONGolden(t *testing.T) {
	res := labResult(t)
	var b bytes.Buffer
	if err := JSON(&b, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "lab.json.golden", b.Bytes())

	// The contract of design.md, field by field.
	var doc struct {
		Version int `json:"version"`
		Devices []struct {
			Name, Platform, Status, Error string
		} `json:"devices"`
		Findings []struct {
			Rule, Severity, Device, Message string
			VLAN                            int `json:"vlan"`
			Evidence                        []struct {
				File string `json:"file"`
				Line int    `json:"line"`
				Text string `json:"text"`
			} `json:"evidence"`
		} `json:"findings"`
		Summary struct {
			Devices, Errors, Warnings int
		} `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Devices) != 4 || doc.Summary.Devices != 4 || doc.Summary.Errors != 3 || doc.Summary.Warnings != 3 {
		t.Errorf("version %d, %d devices, summary %+v", doc.Version, len(doc.Devices), doc.Summary)
	}
	for _, f := range doc.Findings {
		if f.VLAN != 100 || len(f.Evidence) == 0 {
			t.Errorf("finding %s on %s: vlan %d, %d evidence lines", f.Rule, f.Device, f.VLAN, len(f.Evidence))
		}
		for _, e := range f.Evidence {
			if e.File == "" || e.Line < 1 || e.Text == "" {
				t.Errorf("finding %s on %s: incomplete evidence %+v", f.Rule, f.Device, e)
			}
		}
	}
}

func TestTableColourAndWrap(t *testing.T) {
	res := labResult(t)
	var b bytes.Buffer
	if err := Table(&b, res, TableOptions{Color: true, Width: 80}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "\x1b[1m\x1b[31mERROR  \x1b[0m") {
		t.Error("colour table does not paint errors red")
	}
	for _, l := range strings.Split(out, "\n") {
		// Evidence lines are quoted as they are; only messages wrap.
		if plain := stripANSI(l); len(plain) > 80 && !strings.Contains(plain, ".txt:") && !strings.Contains(plain, ".cfg:") && !strings.Contains(plain, ".yaml:") {
			t.Errorf("line longer than 80 columns: %q", plain)
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
