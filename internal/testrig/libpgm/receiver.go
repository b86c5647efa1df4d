//go:build linux

package libpgm

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

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
