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

// FileName is the file a command's output is recorded in: every run of
// characters outside [A-Za-z0-9.-] becomes "_", then ".txt" is appended.
func FileName(command string) string {
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
