// Package outdir writes files into one folder and nowhere else. The names
// of what it writes come from inventories and devices, so it refuses a
// name that leaves the folder, a symbolic link in its place or on its
// way, and a file that another name of the same run already wrote; and it
// writes each file whole (a temporary file created exclusively, then
// renamed), so an interrupted run never leaves half a file and never
// writes through a link someone planted.
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// Dir is an output folder.
type Dir struct {
	path string
	root *os.Root

	mu      sync.Mutex
	written map[string]string // case-folded name → name as written
}

// Open creates the folder path if it does not exist, and opens it. The
// folder itself is the user's choice and may be a link; nothing under it
// may be.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", path, unwrap(err))
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", path, unwrap(err))
	}
	return &Dir{path: path, root: root, written: map[string]string{}}, nil
}

// Path is the folder as it was given.
func (d *Dir) Path() string { return d.path }

// Join is where name lands, for messages.
func (d *Dir) Join(name string) string { return d.path + string(os.PathSeparator) + name }

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// Check says whether name (slash-separated, relative) is one this folder
// takes: every element a plain name, none "." or "..", no separator other
// than '/'.
func Check(name string) error {
	if name == "" || path.IsAbs(name) || strings.ContainsAny(name, `\`+"\x00") || path.Clean(name) != name {
		return fmt.Errorf("%+q is not a plain relative file name", name)
	}
	for _, el := range strings.Split(name, "/") {
		if el == "." || el == ".." {
			return fmt.Errorf("%+q leaves the output folder", name)
		}
	}
	return nil
}

// Distinct checks names before anything is written: each one a plain
// relative name, and no two the same file on a case-insensitive file
// system.
func Distinct(names []string) error {
	seen := map[string]string{}
	for _, n := range names {
		if err := Check(n); err != nil {
			return err
		}
		if prev, dup := seen[strings.ToLower(n)]; dup {
			return fmt.Errorf("%w: %s and %s are the same file", ErrCollision, prev, n)
		}
		seen[strings.ToLower(n)] = n
	}
	return nil
}

// ErrCollision marks a second write of one file in a run.
var ErrCollision = errors.New("written twice")

// WriteFile writes data to name under the folder, creating the folders on
// its way. It refuses a name written before by this Dir (compared without
// case, as a case-insensitive file system would), a symbolic link or
// anything but a regular file in name's place, and a link or a file in
// place of a folder on its way.
func (d *Dir) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := Check(name); err != nil {
		return fmt.Errorf("%s: %w", d.path, err)
	}
	d.mu.Lock()
	key := strings.ToLower(name)
	if prev, dup := d.written[key]; dup {
		d.mu.Unlock()
		return fmt.Errorf("%s: %w: %s and %s are the same file", d.Join(name), ErrCollision, prev, name)
	}
	d.written[key] = name
	d.mu.Unlock()
	if err := d.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	if st, err := d.root.Lstat(name); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s: refusing to replace a %s with output", d.Join(name), kind(st.Mode()))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", d.Join(name), unwrap(err))
	}
	tmp, err := d.create(name, data, perm)
	if err != nil {
		return err
	}
	if err := d.root.Rename(tmp, name); err != nil {
		_ = d.root.Remove(tmp)
		return fmt.Errorf("%s: %w", d.Join(name), unwrap(err))
	}
	return nil
}

// create writes data to a new temporary file beside name, created
// exclusively so that nothing planted is written through, and returns
// its name.
func (d *Dir) create(name string, data []byte, perm fs.FileMode) (string, error) {
	dir, base := path.Split(name)
	for i := 0; ; i++ {
		tmp := fmt.Sprintf("%s.%s.%d-%d.tmp", dir, base, os.Getpid(), i)
		f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", d.Join(name), unwrap(err))
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			// The umask narrowed what OpenFile asked for.
			err = d.root.Chmod(tmp, perm)
		}
		if err != nil {
			_ = d.root.Remove(tmp)
			return "", fmt.Errorf("%s: %w", d.Join(name), unwrap(err))
		}
		return tmp, nil
	}
}

// mkdirs creates the folders of rel one by one, refusing any that is a
// link or not a folder.
func (d *Dir) mkdirs(rel string) error {
	if rel == "." {
		return nil
	}
	cur := ""
	for _, el := range strings.Split(rel, "/") {
		cur = path.Join(cur, el)
		st, err := d.root.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := d.root.Mkdir(cur, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", d.Join(cur), unwrap(err))
			}
			// Made by us or by a racing writer of this run: check again.
			if st, err = d.root.Lstat(cur); err != nil {
				return fmt.Errorf("%s: %w", d.Join(cur), unwrap(err))
			}
		case err != nil:
			return fmt.Errorf("%s: %w", d.Join(cur), unwrap(err))
		}
		if !st.IsDir() {
			return fmt.Errorf("%s: refusing to write into a %s: want a folder", d.Join(cur), kind(st.Mode()))
		}
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "folder"
	case m.IsRegular():
		return "file"
	}
	return "special file"
}

// unwrap drops the path that os errors repeat.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
