package templates

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"time"

	"github.com/google/go-cmp/cmp"
)

// src is a vendor of two platforms, "base" and "derived", where derived
// keeps only the file it spells differently and takes the rest from base.
func src(platform string) (fs.FS, []string, template.FuncMap, bool) {
	fsys := fstest.MapFS{
		"base/vlan.tmpl":       {Data: []byte(`{{define "fix"}}vlan {{.}}{{end}}{{define "rollback"}}no vlan {{.}}{{end}}`)},
		"base/querier.tmpl":    {Data: []byte(`{{define "fix"}}querier {{shout "on"}}{{end}}{{define "rollback"}}no querier{{end}}`)},
		"derived/querier.tmpl": {Data: []byte(`{{define "fix"}}snooping querier {{itoa 2}}{{end}}{{define "rollback"}}no snooping querier{{end}}`)},
	}
	funcs := template.FuncMap{"shout": strings.ToUpper}
	switch platform {
	case "base":
		return fsys, []string{"base"}, funcs, true
	case "derived":
		return fsys, []string{"derived", "base"}, funcs, true
	}
	return nil, nil, nil, false
}

// A platform finds its own files first, then its fallbacks'; the vendor's
// functions and the shared ones are there; a platform without templates
// has none.
func TestFallbackChain(t *testing.T) {
	set := New(src)
	if diff := cmp.Diff([]string{"querier", "vlan"}, set.Names("derived")); diff != "" {
		t.Errorf("names:\n%s", diff)
	}
	for _, tc := range []struct {
		platform, name string
		fix            []string
	}{
		{"base", "querier", []string{"querier ON"}},
		{"derived", "querier", []string{"snooping querier 2"}},
		{"derived", "vlan", []string{"vlan 100"}},
	} {
		fix, _, err := set.Render(context.Background(), tc.platform, tc.name, 100)
		if err != nil {
			t.Fatalf("%s/%s: %v", tc.platform, tc.name, err)
		}
		if diff := cmp.Diff(tc.fix, fix); diff != "" {
			t.Errorf("%s/%s:\n%s", tc.platform, tc.name, diff)
		}
	}
	if set.Has("other", "vlan") || set.Names("other") != nil {
		t.Error("a platform without templates has some")
	}
	if _, _, err := set.Render(context.Background(), "base", "trunk", 1); err == nil || !strings.Contains(err.Error(), "no template trunk for platform base") {
		t.Errorf("missing template: %v", err)
	}
}

// An override replaces one platform's file and leaves its fallbacks'.
func TestOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "derived"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "derived", "vlan.tmpl"), []byte(`{{define "fix"}}vlan {{.}} ! ours{{end}}{{define "rollback"}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Over(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	for platform, want := range map[string]string{"derived": "vlan 7 ! ours", "base": "vlan 7"} {
		fix, _, err := set.Render(context.Background(), platform, "vlan", 7)
		if err != nil || len(fix) != 1 || fix[0] != want {
			t.Errorf("%s: %q, %v; want %q", platform, fix, err, want)
		}
	}
}

// A user's template that writes without end stops at MaxRender; one that
// loops without writing stops when the context is done.
func TestRenderBounds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, "base", name+".tmpl")
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
	set, err := Over(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err = set.Render(context.Background(), "base", "vlan", nil)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "base/vlan.tmpl: fix: the template writes more than the limit of 1048576 bytes") {
		t.Errorf("endless writer: %v", err)
	}
	t.Logf("stopped the endless writer after %s", time.Since(start))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, _, err = set.Render(ctx, "base", "trunk-add", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("silent loop: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the silent loop returned after %s, long after its context ended", d)
	}
}
