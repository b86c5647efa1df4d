//go:build unix

package snapshot

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// folder is one device's directory, held open so that its files are
// opened relative to it: no file is reached through a link swapped in
// for the directory after it was checked, and a fleet of thousands of
// devices pays four system calls per file instead of eight.
type folder struct {
	dir string
	fd  int
}

func openFolder(dir string) (*folder, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	})
	switch {
	case errors.Is(err, unix.ELOOP):
		return nil, errLink
	case errors.Is(err, unix.ENOTDIR):
		// O_NOFOLLOW|O_DIRECTORY on a link gives ENOTDIR on some
		// systems: tell the two apart.
		var st unix.Stat_t
		if unix.Lstat(dir, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return nil, errLink
		}
		return nil, errNotDir
	case err != nil:
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return &folder{dir: dir, fd: fd}, nil
}

func (f *folder) close() { unix.Close(f.fd) }

// read returns the content of the regular file name in the folder. A
// link, a device or a pipe is refused unread; O_NONBLOCK keeps the open
// of a pipe from waiting for a writer.
func (f *folder) read(name string) ([]byte, error) {
	path := filepath.Join(f.dir, name)
	fd, err := retry(func() (int, error) {
		return unix.Openat(f.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	})
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	case errors.Is(err, unix.ELOOP):
		return nil, notRegular(path, true)
	case err != nil:
		return nil, fmt.Errorf("snapshot: %w", &fs.PathError{Op: "open", Path: path, Err: err})
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("snapshot: %w", &fs.PathError{Op: "stat", Path: path, Err: err})
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, notRegular(path, st.Mode&unix.S_IFMT == unix.S_IFLNK)
	}
	// One byte more than the size, so that the read that fills the
	// file is not followed by a buffer growth to find its end.
	buf := make([]byte, 0, st.Size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", &fs.PathError{Op: "read", Path: path, Err: err})
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

func retry(open func() (int, error)) (int, error) {
	for {
		fd, err := open()
		if !errors.Is(err, unix.EINTR) {
			return fd, err
		}
	}
}
