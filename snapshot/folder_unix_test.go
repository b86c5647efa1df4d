//go:build unix

package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A pipe in a device folder is refused at once: opening it for reading
// would otherwise wait for a writer that never comes.
func TestLoadRefusesPipe(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "sw1"), 0o755))
	must(t, syscall.Mkfifo(filepath.Join(root, "sw1", "show_running-config.txt"), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "notdir"), nil, 0o644))
	_, err := Load(root, "sw1", []string{"show running-config"})
	if err == nil || !strings.Contains(err.Error(), "show_running-config.txt is not a regular file") {
		t.Errorf("pipe: %v", err)
	}
	if _, err := Load(root, "notdir", nil); err == nil || !strings.Contains(err.Error(), "notdir is not a directory") {
		t.Errorf("file as device folder: %v", err)
	}
	if _, err := Load(root, "absent", nil); err == nil || !strings.Contains(err.Error(), `no directory for device "absent"`) {
		t.Errorf("absent device: %v", err)
	}
}
