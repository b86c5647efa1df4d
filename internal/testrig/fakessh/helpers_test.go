package fakessh

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/transport"
	"github.com/scrapli/scrapligo/util"
	"go.uber.org/goleak"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

const (
	testUser = "admin"
	testPass = "s3cret"
)

// checkLeaks verifies, after every other cleanup of t has run (cleanups
// run last-registered first), that no goroutine was left behind. Call it
// first in a test. No scrapligo or x/crypto goroutine needs ignoring: the
// fake device hangs up the TCP connection whenever a shell ends, so the
// standard transport's client goroutines end even on the paths where its
// Close skips client.Close (session.Close returning io.EOF).
func checkLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

// start starts a device and closes it when the test ends.
func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Username == "" && cfg.Password == "" {
		cfg.Username, cfg.Password = testUser, testPass
	}
	s, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// knownHostsFile writes lines to a known_hosts file.
func knownHostsFile(t testing.TB, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known_hosts")
	var b []byte
	for _, l := range lines {
		b = append(b, l+"\n"...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// driverFor builds, without opening, a scrapligo network driver for s as
// a collector would: standard transport, strict host key checking against
// s's known_hosts line. extra options come last and win.
func driverFor(t testing.TB, s *Server, platformName string, opsTimeout time.Duration, extra ...util.Option) *network.Driver {
	t.Helper()
	opts := []util.Option{
		options.WithTransportType(transport.StandardTransport),
		options.WithPort(s.Port()),
		options.WithAuthUsername(testUser),
		options.WithAuthPassword(testPass),
		options.WithSSHKnownHostsFile(knownHostsFile(t, s.KnownHostsLine())),
		options.WithTimeoutSocket(20 * time.Second), // TCP connect only; generous for 200 at once on a loaded machine
		options.WithTimeoutOps(opsTimeout),
	}
	p, err := platform.NewPlatform(platformName, s.Host(), append(opts, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// open opens a driver for s and closes it when the test ends.
func open(t *testing.T, s *Server, platformName string, opsTimeout time.Duration, extra ...util.Option) *network.Driver {
	t.Helper()
	d := driverFor(t, s, platformName, opsTimeout, extra...)
	if err := d.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { closeDriver(t, d) })
	return d
}

// closeDriver closes d as the collector should: io.EOF from Close only
// means the device hung up first (after the on-close "exit"), which is the
// normal case with the standard transport.
func closeDriver(t testing.TB, d *network.Driver) {
	t.Helper()
	if err := d.Close(); err != nil && !errors.Is(err, io.EOF) {
		t.Errorf("driver Close: %v", err)
	}
}

// deadlineSSH is the handshake-bounded custom transport of go-style.md
// §1.9: the whole dial, SSH handshake, authentication, pty and shell must
// finish within Timeout. scrapligo's standard transport has no such bound.
type deadlineSSH struct {
	Config  *ssh.ClientConfig
	Timeout time.Duration
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser
	stdout  io.Reader
}

var _ transport.Implementation = (*deadlineSSH)(nil)

func (t *deadlineSSH) Open(a *transport.Args) error {
	addr := net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
	conn, err := net.DialTimeout("tcp", addr, t.Timeout)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(t.Timeout))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, t.Config)
	if err != nil {
		conn.Close()
		return fmt.Errorf("ssh handshake with %s: %w", addr, err)
	}
	t.client = ssh.NewClient(c, chans, reqs)
	if t.session, err = t.client.NewSession(); err != nil {
		t.client.Close()
		return err
	}
	if t.stdin, err = t.session.StdinPipe(); err == nil {
		t.stdout, err = t.session.StdoutPipe()
	}
	if err == nil {
		err = t.session.RequestPty("xterm", a.TermHeight, a.TermWidth, ssh.TerminalModes{ssh.ECHO: 1})
	}
	if err == nil {
		err = t.session.Shell()
	}
	if err != nil {
		t.client.Close()
		return err
	}
	_ = conn.SetDeadline(time.Time{})
	return nil
}

func (t *deadlineSSH) Close() error {
	var errs []error
	if t.session != nil {
		if err := t.session.Close(); err != nil && !errors.Is(err, io.EOF) {
			errs = append(errs, err)
		}
	}
	if t.client != nil {
		if err := t.client.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	t.session, t.client = nil, nil
	return errors.Join(errs...)
}

func (t *deadlineSSH) IsAlive() bool { return t.session != nil }

func (t *deadlineSSH) Read(n int) ([]byte, error) {
	b := make([]byte, n)
	n, err := t.stdout.Read(b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

func (t *deadlineSSH) Write(b []byte) error { _, err := t.stdin.Write(b); return err }

// clientConfig is an x/crypto/ssh client configuration for s.
func clientConfig(t testing.TB, s *Server, auth ...ssh.AuthMethod) *ssh.ClientConfig {
	t.Helper()
	cb, err := knownhosts.New(knownHostsFile(t, s.KnownHostsLine()))
	if err != nil {
		t.Fatal(err)
	}
	if auth == nil {
		auth = []ssh.AuthMethod{ssh.Password(testPass)}
	}
	return &ssh.ClientConfig{User: testUser, Auth: auth, HostKeyCallback: cb, Timeout: 2 * time.Second}
}
