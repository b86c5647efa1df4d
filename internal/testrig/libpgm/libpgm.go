//go:build linux

// Package libpgm runs an independent PGM receiver and sender, built on
// Debian's libpgm (OpenPGM 5.3), inside a test network namespace, so tests
// can check that a real PGM stack accepts and delivers what mcaudit sends,
// and can capture real PGM traffic that mcaudit did not write.
//
// Both are one small C program (csrc/libpgm.c, embedded here) that Build
// compiles with gcc against libpgm. As a receiver it opens a passive, receive-only PGM
// socket on raw IP protocol 113 (no UDP encapsulation), bound to one
// data-destination port and joined to one group on one interface, and prints
// a line per delivered APDU. libpgm checks what a real receiver checks: the
// PGM checksum, the data-destination port, the TSDU length, the sequence
// window and the options.
//
// The package is for tests only: it reports problems through testing.TB and
// needs root (raw sockets, network namespaces); see netbed.Require.
package libpgm

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

//go:embed csrc/libpgm.c
var source []byte

// ReadyTimeout is how long Start waits for the receiver's "ready" line.
const ReadyTimeout = 5 * time.Second

// stopGrace is how long Stop waits after SIGTERM before it kills.
const stopGrace = 3 * time.Second

var build struct {
	sync.Mutex
	done bool
	path string
	skip string // why the toolchain is missing, when it is
	err  error  // a real build failure
}

// Build compiles the receiver, once per test binary, and returns the
// binary's path. Without gcc or libpgm-dev it skips the test, except under
// CI=true, where it fails: CI must never skip.
//
// The binary is cached across runs in the user's cache directory (or the
// temporary directory when there is none) as mcaudit-libpgm/libpgm-<key>,
// where key hashes the C source, the compiler flags and the compiler and
// libpgm versions; a build for a new key removes the binaries of older keys,
// so at most one binary is left behind however many times the tests run.
func Build(t testing.TB) string {
	t.Helper()
	build.Lock()
	defer build.Unlock()
	if !build.done {
		build.path, build.skip, build.err = compile()
		build.done = true
	}
	switch {
	case build.skip != "":
		msg := "libpgm: " + build.skip
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the libpgm interop tests must run; install gcc, pkg-config and libpgm-dev)")
		}
		t.Skip(msg)
	case build.err != nil:
		t.Fatalf("libpgm: %v", build.err)
	}
	return build.path
}

// compile returns the binary's path, or why it cannot be built (skip), or a
// build error.
func compile() (path, skip string, err error) {
	gcc, lerr := exec.LookPath("gcc")
	if lerr != nil {
		return "", "needs gcc to build the libpgm receiver", nil
	}
	cflags, libs, version, skip := libpgmFlags()
	if skip != "" {
		return "", skip, nil
	}
	gccVersion, _ := exec.Command(gcc, "-dumpfullversion").Output()

	h := sha256.New()
	for _, part := range [][]byte{source, []byte(cflags), []byte(libs), []byte(version), gccVersion} {
		fmt.Fprintf(h, "%d:", len(part))
		h.Write(part)
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]

	dir, err := cacheDir()
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "libpgm-"+key)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o100 != 0 {
		return path, "", nil
	}

	tmp, err := os.CreateTemp(dir, "libpgm-build-*")
	if err != nil {
		return "", "", err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)

	// The source goes in on stdin, so nothing but the binary is written.
	args := []string{"-std=gnu99", "-O2", "-Wall", "-o", tmpName, "-x", "c", "-"}
	args = append(args, strings.Fields(cflags)...)
	args = append(args, strings.Fields(libs)...)
	cmd := exec.Command(gcc, args...)
	cmd.Stdin = bytes.NewReader(source)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := os.Chmod(tmpName, 0o755); err != nil {
		return "", "", err
	}
	// Rename is atomic, so test binaries building at once each install a
	// complete file.
	if err := os.Rename(tmpName, path); err != nil {
		return "", "", err
	}
	prune(dir, filepath.Base(path))
	return path, "", nil
}

// libpgmFlags finds libpgm's compiler and linker flags through pkg-config,
// or Debian's fixed paths when pkg-config is missing.
func libpgmFlags() (cflags, libs, version, skip string) {
	const pkg = "openpgm-5.3"
	if _, err := exec.LookPath("pkg-config"); err == nil {
		c, err1 := exec.Command("pkg-config", "--cflags", pkg).Output()
		l, err2 := exec.Command("pkg-config", "--libs", pkg).Output()
		v, err3 := exec.Command("pkg-config", "--modversion", pkg).Output()
		if err1 != nil || err2 != nil || err3 != nil {
			return "", "", "", "needs libpgm-dev (pkg-config finds no " + pkg + ")"
		}
		return strings.TrimSpace(string(c)), strings.TrimSpace(string(l)), strings.TrimSpace(string(v)), ""
	}
	if _, err := os.Stat("/usr/include/pgm-5.3/pgm/pgm.h"); err != nil {
		return "", "", "", "needs libpgm-dev (no /usr/include/pgm-5.3/pgm/pgm.h)"
	}
	return "-I/usr/include/pgm-5.3", "-lpgm -lpthread -lm", "5.3", ""
}

// cacheDir returns a directory only this user can write, since its binary
// is run as root.
func cacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "mcaudit-libpgm")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 || !ok || int(st.Uid) != os.Geteuid() {
		return "", fmt.Errorf("%s is not a directory only this user can write; remove it", dir)
	}
	return dir, nil
}

// prune removes binaries built from other versions of the source.
func prune(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if name != keep && strings.HasPrefix(name, "libpgm-") && !strings.HasPrefix(name, "libpgm-build-") {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
