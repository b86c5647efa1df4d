package templates

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// sample holds every field any template reads, as remediation fills them.
func sample(variant int) map[string]any {
	entries := []map[string]any{
		{"Seq": 65, "Src": "10.10.100.11/32", "Dst": "239.192.10.10/32"},
		{"Seq": 67, "Src": "10.10.100.0/24", "Dst": "224.0.0.0/4"},
	}
	return map[string]any{
		"VLAN": 100, "Name": "EFT-HA", "Create": variant == 0, "Activate": variant == 1,
		"Address": "10.10.100.3", "Enable": variant == 0,
		"Interface": "Port-channel1", "Previous": 1, "Global": variant == 1,
		"ACL": "EDGE-IN", "Standard": variant == 1, "Entries": entries,
		"Map": "GUARD", "Seq": 5,
		"SetMode": variant == 0, "PrevVLAN": variant * 20, "PrevMode": map[int]string{0: "", 1: "switchport mode dynamic auto"}[variant],
	}
}

// TestEveryTemplate renders every built-in template, in both variants of
// its conditionals, into a golden file per platform: a diff there is a
// change in what engineers will type.
func TestEveryTemplate(t *testing.T) {
	set := Builtin()
	for _, platform := range []string{"cisco_ios", "cisco_iosxe", "cisco_nxos"} {
		var b strings.Builder
		for _, name := range Names(platform) {
			for variant := range 2 {
				fix, rollback, err := set.Render(context.Background(), platform, name, sample(variant))
				if err != nil {
					t.Fatalf("%s/%s: %v", platform, name, err)
				}
				if len(fix) == 0 || len(rollback) == 0 {
					t.Errorf("%s/%s variant %d: empty fix or rollback", platform, name, variant)
				}
				indent := " "
				if platform == "cisco_nxos" {
					indent = "  "
				}
				for _, l := range append(append([]string{}, fix...), rollback...) {
					if trimmed := strings.TrimLeft(l, " "); trimmed != l && !strings.HasPrefix(l, indent) {
						t.Errorf("%s/%s: %q is not indented the platform's way", platform, name, l)
					}
				}
				b.WriteString("=== " + name + " variant " + string(rune('0'+variant)) + "\n! fix\n" + strings.Join(fix, "\n") + "\n! rollback\n" + strings.Join(rollback, "\n") + "\n")
			}
		}
		path := filepath.Join("testdata", platform+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", platform, diff)
		}
	}
}

// Every platform has the templates remediation asks for; NX-OS has no
// snooping-querier version setting to change, and alone leaves VLANs
// unsnooped by default (VXLAN VLANs: snooping-default).
func TestTemplateSets(t *testing.T) {
	ios := Names("cisco_ios")
	if diff := cmp.Diff(ios, Names("cisco_iosxe")); diff != "" {
		t.Errorf("cisco_ios and cisco_iosxe differ:\n%s", diff)
	}
	var nx []string
	for _, n := range ios {
		if n != "querier-version" {
			nx = append(nx, n)
		}
	}
	nx = append(nx, "snooping-default")
	slices.SortFunc(nx, func(a, b string) int { return strings.Compare(a+".tmpl", b+".tmpl") }) // file order
	if diff := cmp.Diff(nx, Names("cisco_nxos")); diff != "" {
		t.Errorf("cisco_nxos:\n%s", diff)
	}
}

// A user's template that writes without end stops at MaxRender; one that
// loops without writing stops when the context is done.
func TestRenderBounds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, "cisco_iosxe", name+".tmpl")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vlan", `{{define "fix"}}{{range 30000000}}vlan 100
{{end}}{{end}}{{define "rollback"}}no vlan 100{{end}}`)
	write("trunk-add", `{{define "fix"}}{{range 3000000000}}{{end}}{{end}}{{define "rollback"}}{{end}}`)
	set, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err = set.Render(context.Background(), "cisco_iosxe", "vlan", nil)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "cisco_iosxe/vlan.tmpl: fix: the template writes more than the limit of 1048576 bytes") {
		t.Errorf("endless writer: %v", err)
	}
	t.Logf("stopped the endless writer after %s", time.Since(start))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, _, err = set.Render(ctx, "cisco_iosxe", "trunk-add", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("silent loop: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the silent loop returned after %s, long after its context ended", d)
	}
}
