// Package snapshot reads and writes recorded device output: one directory
// per device, one file per command, and a meta.yaml saying what was
// recorded, how and when. A snapshot replays byte for byte.
package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/internal/outdir"
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
	// GNMI is what a gNMI target said of itself and of each request.
	GNMI *GNMIMeta `yaml:"gnmi,omitempty"`
}

// GNMIMeta is what a gNMI target answered: its Capabilities, the
// encoding mcaudit asked in, and the status of each Get, refusals
// included.
type GNMIMeta struct {
	// Version, Encodings and Models are the Capabilities response
	// (encodings in lower case, each model as "name version").
	Version   string   `yaml:"version,omitempty"`
	Encodings []string `yaml:"encodings,omitempty"`
	Models    []string `yaml:"models,omitempty"`
	// Capabilities, when set, is why the target did not list them
	// ("Unimplemented: ..."): JSON_IETF was asked for then.
	Capabilities string `yaml:"capabilities,omitempty"`
	// Encoding is the one the Gets asked for: json_ietf, or json where
	// the target offers only that.
	Encoding string   `yaml:"encoding"`
	Answers  []Answer `yaml:"answers"`
}

// Answer is the status of one Get: "OK", or the gRPC code the target
// refused it with and its message.
type Answer struct {
	Path    string `yaml:"path"`
	Status  string `yaml:"status"`
	Message string `yaml:"message,omitempty"`
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
	// Refused, when set, is the device's answer to a command it refused
	// ("Unimplemented: ..."); Data then records that answer.
	Refused string
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
//
// A snapshot holds regular files only: a symbolic link in it (a device
// folder or a file) is refused unread, so that nothing outside the
// snapshot is read or quoted in an error.
func Load(root, device string, commands []string) (*Device, error) {
	dir := filepath.Join(root, device)
	if err := outdir.Check(device); err != nil || strings.Contains(device, "/") {
		return nil, fmt.Errorf("snapshot %s: device name %+q is not a directory name", root, device)
	}
	f, err := openFolder(dir)
	switch {
	case errors.Is(err, errLink):
		return nil, fmt.Errorf("snapshot %s: %s is a symbolic link: a snapshot holds directories and files only", root, dir)
	case errors.Is(err, errNotDir):
		return nil, fmt.Errorf("snapshot %s: %s is not a directory", root, dir)
	case err != nil:
		return nil, fmt.Errorf("snapshot %s: no directory for device %q", root, device)
	}
	defer f.close()
	d := &Device{Dir: dir}
	meta, err := readMeta(f)
	if err != nil {
		return nil, err
	}
	d.Meta = meta
	for _, c := range commands {
		name := FileName(c)
		data, err := f.read(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		d.Outputs = append(d.Outputs, Output{Command: c, Path: filepath.Join(dir, name), Rel: device + "/" + name, Data: data})
	}
	return d, nil
}

var (
	errLink   = errors.New("a symbolic link")
	errNotDir = errors.New("not a directory")
)

// notRegular is the error for a file that a snapshot must not hold.
func notRegular(path string, link bool) error {
	what := "not a regular file"
	if link {
		what = "a symbolic link"
	}
	return fmt.Errorf("snapshot: %s is %s: a snapshot holds regular files only", path, what)
}

func readMeta(f *folder) (*Meta, error) {
	path := filepath.Join(f.dir, MetaFile)
	data, err := f.read(MetaFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Meta
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &m, nil
}

// Write records d under dir/<device>/: every output, then meta.yaml
// last, so that a folder with a meta.yaml is complete. dir writes each
// file whole and never through a link. The caller scrubs secrets before
// calling Write.
func Write(dir *outdir.Dir, d *Device) error {
	if d.Meta == nil || d.Meta.Device == "" {
		return fmt.Errorf("snapshot: recording without device metadata")
	}
	if err := outdir.Check(d.Meta.Device); err != nil || strings.Contains(d.Meta.Device, "/") {
		return fmt.Errorf("snapshot: device name %+q is not a directory name", d.Meta.Device)
	}
	for _, o := range d.Outputs {
		name := path.Base(o.Rel)
		if name == "." || name == MetaFile || o.Rel != d.Meta.Device+"/"+name || outdir.Check(name) != nil {
			return fmt.Errorf("snapshot: bad output name %+q", o.Rel)
		}
		if err := dir.WriteFile(o.Rel, o.Data, 0o644); err != nil {
			return fmt.Errorf("snapshot: %w", err)
		}
	}
	meta, err := yaml.Marshal(d.Meta)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := dir.WriteFile(d.Meta.Device+"/"+MetaFile, meta, 0o644); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}
