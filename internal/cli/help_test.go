package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/help/*.golden from the current help")

// TestHelpGolden keeps every command's --help as reviewed: its usage,
// what it does, its exit codes and its flags with their defaults.
func TestHelpGolden(t *testing.T) {
	for _, cmd := range []string{"audit", "collect", "remediate", "ticket", "verify", "capture", "rules", "topology"} {
		t.Run(cmd, func(t *testing.T) {
			var out bytes.Buffer
			code := Main([]string{cmd, "--help"}, Streams{In: strings.NewReader(""), Out: &out, Err: &out})
			if code != ExitOK {
				t.Fatalf("mcaudit %s --help exits %d", cmd, code)
			}
			path := filepath.Join("testdata", "help", cmd+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal/cli -run TestHelpGolden -update writes it: review it)", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("mcaudit %s --help changed (-want +got):\n%s", cmd, diff)
			}
		})
	}
	// Every command that sets an exit code says what it means.
	for _, cmd := range []string{"audit", "collect", "remediate", "ticket", "verify"} {
		data, _ := os.ReadFile(filepath.Join("testdata", "help", cmd+".golden"))
		if !bytes.Contains(data, []byte("Exit")) {
			t.Errorf("mcaudit %s --help says nothing of its exit codes", cmd)
		}
	}
}
