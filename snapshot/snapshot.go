// Package snapshot reads and writes recorded device output: one directory
// per device, one file per command, and a meta.yaml saying what was
// recorded, how and when. A snapshot replays byte for byte.
package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// MetaFile is the name of the per-device metadata file.
const MetaFile = "meta.yaml"

// Meta describes one device's recording.
type Meta struct {
	Device      string    `yaml:"device"`
	Platform    string    `yaml:"platform"`
	Transport   string    `yaml:"transport"`
	CollectedAt time.Time `yaml:"collected_at"`
	ToolVersion string    `yaml:"tool_version"`
}

var unsafeRun = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// GNMIPrefix marks a gNMI Get of a path among the commands of a device:
// "gnmi:/interfaces/interface". Its response is recorded as JSON.
const GNMIPrefix = "gnmi:"

// FileName is the file a command's output is recorded in: every run of
// characters outside [A-Za-z0-9.-] becomes "_", then ".txt" is appended;
// a gNMI path becomes "gnmi_<path>.json" the same way.
func FileName(command string) string {
	if path, ok := strings.CutPrefix(command, GNMIPrefix); ok {
		return "gnmi_" + strings.Trim(unsafeRun.ReplaceAllString(path, "_"), "_") + ".json"
	}
	return unsafeRun.ReplaceAllString(command, "_") + ".txt"
}

// Output is one recorded command.
type Output struct {
	Command string
	Path    string // path on disk
	Rel     string // path relative to the snapshot root: "<device>/<file>", used as evidence
	Data    []byte
}

// Device is what a snapshot holds for one device.
type Device struct {
	Dir     string
	Meta    *Meta // nil when meta.yaml is absent
	Outputs []Output
}

// Load reads the outputs of the given commands for device from root. A
// command that was not recorded is skipped; a device directory that does
// not exist, or a meta.yaml that cannot be read, is an error.
func Load(root, device string, commands []string) (*Device, error) {
	dir := filepath.Join(root, device)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("snapshot %s: no directory for device %q", root, device)
	}
	d := &Device{Dir: dir}
	meta, err := readMeta(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, err
	}
	d.Meta = meta
	for _, c := range commands {
		name := FileName(c)
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		d.Outputs = append(d.Outputs, Output{Command: c, Path: path, Rel: device + "/" + name, Data: data})
	}
	return d, nil
}

func readMeta(path string) (*Meta, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	var m Meta
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &m, nil
}

// Write records d under root/<device>/: every output, then meta.yaml
// last, so that a directory with a meta.yaml is complete. Each file is
// written to a temporary name and renamed, so an interrupted run never
// leaves half a file. The caller scrubs secrets before calling Write.
func Write(root string, d *Device) error {
	if d.Meta == nil || d.Meta.Device == "" {
		return fmt.Errorf("snapshot: recording without device metadata")
	}
	dir := filepath.Join(root, d.Meta.Device)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	for _, o := range d.Outputs {
		name := filepath.Base(o.Rel)
		if name == "." || name == MetaFile || strings.ContainsAny(name, `/\`) {
			return fmt.Errorf("snapshot: bad output name %q", o.Rel)
		}
		if err := writeFile(filepath.Join(dir, name), o.Data); err != nil {
			return err
		}
	}
	meta, err := yaml.Marshal(d.Meta)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return writeFile(filepath.Join(dir, MetaFile), meta)
}

func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("snapshot: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("snapshot: write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}
