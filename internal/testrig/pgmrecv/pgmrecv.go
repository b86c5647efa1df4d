//go:build linux

// Package pgmrecv runs an independent PGM receiver, built on Debian's libpgm
// (OpenPGM 5.3), inside a test network namespace, so tests can check that a
// real PGM stack accepts and delivers what mcaudit sends.
//
// The receiver is a small C program (csrc/pgmrecv.c, embedded here) that Build
// compiles with gcc against libpgm. It opens a passive, receive-only PGM
// socket on raw IP protocol 113 (no UDP encapsulation), bound to one
// data-destination port and joined to one group on one interface, and prints
// a line per delivered APDU. libpgm checks what a real receiver checks: the
// PGM checksum, the data-destination port, the TSDU length, the sequence
// window and the options.
//
// The package is for tests only: it reports problems through testing.TB and
// needs root (raw sockets, network namespaces); see netbed.Require.
package pgmrecv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

//go:embed csrc/pgmrecv.c
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
// temporary directory when there is none) as mcaudit-pgmrecv/pgmrecv-<key>,
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
		msg := "pgmrecv: " + build.skip
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the libpgm interop tests must run; install gcc, pkg-config and libpgm-dev)")
		}
		t.Skip(msg)
	case build.err != nil:
		t.Fatalf("pgmrecv: %v", build.err)
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
	path = filepath.Join(dir, "pgmrecv-"+key)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o100 != 0 {
		return path, "", nil
	}

	tmp, err := os.CreateTemp(dir, "pgmrecv-build-*")
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
	dir := filepath.Join(base, "mcaudit-pgmrecv")
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
		if name != keep && strings.HasPrefix(name, "pgmrecv-") && !strings.HasPrefix(name, "pgmrecv-build-") {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// Delivery is one APDU the receiver delivered.
type Delivery struct {
	// TSI is the transport session identifier as libpgm prints it
	// (pgm_tsi_print): the six GSI bytes and the data-source port, in
	// decimal, dot-separated, e.g. "1.2.3.4.5.6.4660". See FormatTSI.
	TSI     string
	Payload []byte
}

// FormatTSI formats a GSI and data-source port the way Delivery.TSI has it.
func FormatTSI(gsi [6]byte, sport uint16) string {
	return fmt.Sprintf("%d.%d.%d.%d.%d.%d.%d", gsi[0], gsi[1], gsi[2], gsi[3], gsi[4], gsi[5], sport)
}

// Receiver is a running receiver process.
type Receiver struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr lockedBuffer
	exited chan struct{} // closed once the process has been waited for
	werr   error         // the process's exit status, set before exited closes

	mu      sync.Mutex
	queue   []Delivery    // delivered, not yet returned by Next
	eof     bool          // stdout has ended
	readErr error         // a line on stdout that was not a delivery
	notify  chan struct{} // signalled whenever the fields above change

	stopOnce sync.Once
}

// Start runs the receiver in host h, bound to h.Addr, joined to group, on
// data-destination port dport, waits for its "ready" line (failing the test
// after ReadyTimeout), and stops it at test cleanup (and on Stop).
func Start(t testing.TB, bin string, h netbed.Host, group netip.Addr, dport uint16) *Receiver {
	t.Helper()
	r := &Receiver{
		cmd:    h.Command(bin, h.Addr.String(), group.String(), strconv.Itoa(int(dport))),
		exited: make(chan struct{}),
		notify: make(chan struct{}, 1),
	}
	r.cmd.Stderr = &r.stderr
	// libpgm says why it discards a packet only at trace level; see Stderr.
	// (exec.Cmd keeps the last of duplicate variables.)
	r.cmd.Env = append(os.Environ(), "PGM_MIN_LOG_LEVEL=TRACE")
	// Pipes made here rather than by exec.Cmd: Wait would close the read
	// end of StdoutPipe, possibly before the last lines were read.
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatalf("pgmrecv: %v", err)
	}
	// The receiver also exits at end of file on stdin, so it cannot outlive
	// a test binary that dies before its cleanups run.
	inR, inW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		t.Fatalf("pgmrecv: %v", err)
	}
	r.stdin = inW
	r.cmd.Stdout, r.cmd.Stdin = outW, inR
	err = r.cmd.Start()
	outW.Close()
	inR.Close()
	if err != nil {
		outR.Close()
		inW.Close()
		t.Fatalf("pgmrecv: starting %s: %v", bin, err)
	}
	t.Cleanup(r.Stop)

	ready := make(chan struct{})
	go r.read(outR, ready)
	go func() {
		r.werr = r.cmd.Wait()
		close(r.exited)
	}()

	timer := time.NewTimer(ReadyTimeout)
	defer timer.Stop()
	select {
	case <-ready:
		return r
	case <-r.exited:
		t.Fatalf("pgmrecv in %s exited before it was ready (%v); stderr:\n%s", h.NS, r.werr, r.Stderr())
	case <-timer.C:
		r.Stop()
		r.mu.Lock()
		rerr := r.readErr
		r.mu.Unlock()
		t.Fatalf("pgmrecv in %s not ready after %v (%v); stderr:\n%s", h.NS, ReadyTimeout, rerr, r.Stderr())
	}
	return nil
}

func (r *Receiver) read(stdout io.ReadCloser, ready chan<- struct{}) {
	defer stdout.Close()
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	isReady := false
	for sc.Scan() {
		line := sc.Text()
		if !isReady && line == "ready" {
			isReady = true
			close(ready)
			continue
		}
		d, err := parseDelivery(line)
		if !isReady {
			err = fmt.Errorf("pgmrecv: unexpected line before ready: %q", line)
		}
		r.update(func() {
			if err != nil {
				if r.readErr == nil {
					r.readErr = err
				}
				return
			}
			r.queue = append(r.queue, d)
		})
	}
	if err := sc.Err(); err != nil {
		r.update(func() {
			if r.readErr == nil {
				r.readErr = fmt.Errorf("pgmrecv: reading its output: %v", err)
			}
		})
		// Keep draining so the process never blocks on a full pipe.
		_, _ = io.Copy(io.Discard, stdout)
	}
	r.update(func() { r.eof = true })
}

func (r *Receiver) update(f func()) {
	r.mu.Lock()
	f()
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func parseDelivery(line string) (Delivery, error) {
	tsi, payload, ok := strings.Cut(line, " ")
	if !ok || tsi == "" {
		return Delivery{}, fmt.Errorf("pgmrecv: malformed line %q", line)
	}
	b, err := hex.DecodeString(payload)
	if err != nil {
		return Delivery{}, fmt.Errorf("pgmrecv: malformed payload in %q: %v", line, err)
	}
	return Delivery{TSI: tsi, Payload: b}, nil
}

// ErrTimeout is returned by Next when nothing was delivered in time.
var ErrTimeout = errors.New("pgmrecv: nothing delivered")

// Next returns the next delivered APDU, or an error wrapping ErrTimeout
// after timeout, or an error when the receiver has exited or printed
// something it should not have.
func (r *Receiver) Next(timeout time.Duration) (Delivery, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		r.mu.Lock()
		queue, eof, rerr := r.queue, r.eof, r.readErr
		if rerr == nil && len(queue) > 0 {
			r.queue = queue[1:]
		}
		r.mu.Unlock()
		switch {
		case rerr != nil:
			return Delivery{}, fmt.Errorf("%w; stderr:\n%s", rerr, r.Stderr())
		case len(queue) > 0:
			return queue[0], nil
		case eof:
			<-r.exited
			return Delivery{}, fmt.Errorf("pgmrecv exited (%v); stderr:\n%s", r.werr, r.Stderr())
		}
		select {
		case <-r.notify:
		case <-timer.C:
			return Delivery{}, fmt.Errorf("%w within %v", ErrTimeout, timeout)
		}
	}
}

// Stop stops the receiver (SIGTERM, then SIGKILL after a grace period) and
// returns after the process has exited. It is idempotent.
func (r *Receiver) Stop() {
	r.stopOnce.Do(func() {
		defer r.stdin.Close()
		select {
		case <-r.exited:
			return
		default:
		}
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.exited:
		case <-time.After(stopGrace):
			_ = r.cmd.Process.Kill()
			<-r.exited
		}
	})
	<-r.exited
}

// Stderr returns what the receiver and libpgm have logged so far, for
// failure messages. Start runs libpgm at trace level, so this includes its
// reasons for discarding packets, e.g. "Discarded invalid packet: PGM packet checksum mismatch" or
// "Discarded packet on data-destination port mismatch" (a TSDU length that
// does not match the payload is dropped without a message).
func (r *Receiver) Stderr() string { return r.stderr.String() }

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
