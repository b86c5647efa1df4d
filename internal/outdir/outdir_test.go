package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.WriteFile("sw1/show_running-config.txt", []byte("hostname sw1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "out", "sw1", "show_running-config.txt"))
	if err != nil || string(got) != "hostname sw1\n" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "out", "sw1", "show_running-config.txt")); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	// An existing regular file is replaced whole.
	if err := d.WriteFile("acc1.cfg", []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestRefusesPaths(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, name := range []string{"../escaped.cfg", "../../escaped/x.cfg", "/etc/passwd", "a/../../b", `..\x.cfg`, "a//b", "./a", ""} {
		if err := d.WriteFile(name, []byte("x"), 0o644); err == nil {
			t.Errorf("%q written", name)
		}
	}
}

// A link where a file or a folder is to be written is refused, and what
// it points at is left as it was.
func TestRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	victimDir := filepath.Join(dir, "victimdir")
	if err := os.Mkdir(victimDir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(victim, filepath.Join(out, "acc1.cfg")))
	must(os.Symlink(victimDir, filepath.Join(out, "leaf1")))
	must(os.WriteFile(filepath.Join(out, "inside"), []byte("x"), 0o644))
	must(os.Symlink("inside", filepath.Join(out, "core1.cfg"))) // a link that stays inside
	d, err := Open(out)
	must(err)
	defer d.Close()
	for name, want := range map[string]string{
		"acc1.cfg":                      "refusing to replace a symbolic link",
		"core1.cfg":                     "refusing to replace a symbolic link",
		"leaf1/show_running-config.txt": "refusing to write into a symbolic link",
		"inside/x.txt":                  "refusing to write into a file",
	} {
		err := d.WriteFile(name, []byte("written\n"), 0o644)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	if entries, _ := os.ReadDir(victimDir); len(entries) != 0 {
		t.Errorf("written into the linked folder: %v", entries)
	}
}

func TestCollisions(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.WriteFile("acc1.rollback.cfg", []byte("rollback of acc1"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = d.WriteFile("ACC1.rollback.cfg", []byte("fix of acc1.rollback"), 0o644)
	if !errors.Is(err, ErrCollision) {
		t.Errorf("second write: %v", err)
	}
	if err := Distinct([]string{"acc1.cfg", "acc1.rollback.cfg", "Acc1.Rollback.cfg"}); !errors.Is(err, ErrCollision) {
		t.Errorf("Distinct: %v", err)
	}
	if err := Distinct([]string{"acc1.cfg", "acc1.rollback.cfg", "acc2.cfg"}); err != nil {
		t.Errorf("Distinct: %v", err)
	}
}
