//go:build !unix

package snapshot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// folder is one device's directory. Without openat, each file is checked
// with Lstat before the open and compared after it, which refuses links.
type folder struct{ dir string }

func openFolder(dir string) (*folder, error) {
	st, err := os.Lstat(dir)
	switch {
	case err != nil:
		return nil, err
	case st.Mode()&fs.ModeSymlink != 0:
		return nil, errLink
	case !st.IsDir():
		return nil, errNotDir
	}
	return &folder{dir: dir}, nil
}

func (f *folder) close() {}

func (f *folder) read(name string) ([]byte, error) {
	path := filepath.Join(f.dir, name)
	st, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode()&fs.ModeSymlink != 0)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	defer fh.Close()
	if fst, err := fh.Stat(); err != nil || !os.SameFile(st, fst) {
		return nil, fmt.Errorf("snapshot: %s changed while it was read", path)
	}
	data, err := io.ReadAll(fh)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return data, nil
}
