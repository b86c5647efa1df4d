//go:build linux

package libpgm

import (
	"bufio"
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

// Sender is a running libpgm sender: an application's PGM source.
type Sender struct {
	cmd    *exec.Cmd
	stdin  *os.File
	stderr lockedBuffer
	exited chan struct{}
	werr   error

	mu   sync.Mutex
	sent int

	stopOnce sync.Once
}

// StartSender runs a sender in host h, from h.Addr to group on
// data-destination port dport, one APDU every interval, with an ambient SPM
// every second; it waits for "ready" and stops at test cleanup. Stopped, it
// closes its session with a FIN, as an application that exits does.
func StartSender(t testing.TB, bin string, h netbed.Host, group netip.Addr, dport uint16, interval time.Duration) *Sender {
	t.Helper()
	s := &Sender{
		cmd:    h.Command(bin, "send", h.Addr.String(), group.String(), strconv.Itoa(int(dport)), strconv.FormatInt(interval.Milliseconds(), 10)),
		exited: make(chan struct{}),
	}
	s.cmd.Stderr = &s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("libpgm sender: %v", err)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatalf("libpgm sender: %v", err)
	}
	s.stdin, s.cmd.Stdin = inW, inR
	if err := s.cmd.Start(); err != nil {
		inR.Close()
		inW.Close()
		t.Fatalf("libpgm sender: starting %s: %v", bin, err)
	}
	inR.Close()
	t.Cleanup(s.Stop)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		isReady := false
		for sc.Scan() {
			line := sc.Text()
			switch {
			case !isReady && line == "ready":
				isReady = true
				close(ready)
			case strings.HasPrefix(line, "sent "):
				s.mu.Lock()
				s.sent++
				s.mu.Unlock()
			}
		}
		s.werr = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case <-ready:
		return s
	case <-s.exited:
		t.Fatalf("libpgm sender in %s exited before it was ready (%v); stderr:\n%s", h.NS, s.werr, s.Stderr())
	case <-time.After(ReadyTimeout):
		s.Stop()
		t.Fatalf("libpgm sender in %s not ready after %v; stderr:\n%s", h.NS, ReadyTimeout, s.Stderr())
	}
	return nil
}

// Sent is how many APDUs the sender has sent.
func (s *Sender) Sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// Stop stops the sender (SIGTERM, then SIGKILL after a grace period) and
// returns once it has exited. It is idempotent.
func (s *Sender) Stop() {
	s.stopOnce.Do(func() {
		defer s.stdin.Close()
		select {
		case <-s.exited:
			return
		default:
		}
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(stopGrace):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
	<-s.exited
}

// Stderr is what the sender and libpgm logged.
func (s *Sender) Stderr() string { return s.stderr.String() }
