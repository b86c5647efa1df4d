package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/opoptions"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/transport"
	"github.com/scrapli/scrapligo/util"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/mcaudit/mcaudit/snapshot"
)

// sshPlatforms are the scrapligo platform definitions mcaudit drives.
// scrapligo reads any other name as a file path or fetches it as a URL,
// so nothing outside this list is ever handed to it.
var sshPlatforms = map[string]string{
	"cisco_ios":   platform.CiscoIosxe, // same prompts and paging commands
	"cisco_iosxe": platform.CiscoIosxe,
	"cisco_nxos":  platform.CiscoNxos,
}

// SSH collects over SSH with scrapligo's network driver: the platform's
// privilege levels and paging commands, on an SSH connection of our own
// whose handshake is bounded (scrapligo's standard transport has no
// deadline on it) and whose host key is checked against known_hosts.
type SSH struct {
	Creds    Credentials
	Timeouts Timeouts
	// KnownHosts is the known_hosts file host keys are checked against.
	KnownHosts string
	// InsecureIgnoreHostKey accepts any host key: for labs only.
	InsecureIgnoreHostKey bool
}

// Collect runs t's commands. The first is required: an error if the device
// rejects it. A later command the device rejects comes back with nil Data.
func (s *SSH) Collect(ctx context.Context, t Target) ([]snapshot.Output, error) {
	name, ok := sshPlatforms[t.Platform]
	if !ok {
		return nil, fmt.Errorf("platform %q cannot be collected over SSH", t.Platform)
	}
	cfg, err := s.clientConfig()
	if err != nil {
		return nil, err
	}
	port := t.Port
	if port == 0 {
		port = 22
	}
	tr := &sshTransport{config: cfg, timeout: s.Timeouts.Connect, ctx: ctx}
	opts := []util.Option{
		options.WithCustomTransport(tr),
		options.WithPort(port),
		options.WithTimeoutOps(s.Timeouts.Command), // never zero: withDefaults
	}
	if s.Creds.Enable != "" {
		opts = append(opts, options.WithAuthSecondary(s.Creds.Enable))
	}
	p, err := platform.NewPlatform(name, t.Address, opts...)
	if err != nil {
		return nil, err
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		return nil, err
	}
	// scrapligo has no context: closing the transport unblocks it.
	stop := context.AfterFunc(ctx, func() { tr.Close() })
	defer stop()
	if err := d.Open(); err != nil {
		return nil, openError(ctx, err)
	}
	defer closeQuietly(d)
	var outs []snapshot.Output
	for i, cmd := range t.Commands {
		r, err := d.SendCommand(cmd, opoptions.WithTimeoutOps(s.Timeouts.Command))
		if err != nil {
			return nil, commandError(ctx, cmd, err)
		}
		if r.Failed != nil {
			if i == 0 {
				return nil, fmt.Errorf("%q: %w: %s", cmd, ErrRejected, deviceError(r.Result))
			}
			outs = append(outs, snapshot.Output{Command: cmd})
			continue
		}
		outs = append(outs, snapshot.Output{Command: cmd, Data: normalize(r.Result)})
	}
	return outs, nil
}

// clientConfig builds the SSH client settings from the credentials.
func (s *SSH) clientConfig() (*ssh.ClientConfig, error) {
	var auth []ssh.AuthMethod
	if s.Creds.KeyFile != "" {
		signer, err := loadKey(s.Creds.KeyFile)
		if err != nil {
			return nil, err
		}
		auth = append(auth, ssh.PublicKeys(signer))
	}
	if s.Creds.Agent {
		sock := os.Getenv("SSH_AUTH_SOCK")
		if sock == "" {
			return nil, errors.New("ssh_agent is set but SSH_AUTH_SOCK is not: no agent to ask")
		}
		auth = append(auth, ssh.PublicKeysCallback(func() ([]ssh.Signer, error) {
			conn, err := net.Dial("unix", sock)
			if err != nil {
				return nil, fmt.Errorf("ssh agent: %w", err)
			}
			defer conn.Close()
			return agent.NewClient(conn).Signers()
		}))
	}
	if s.Creds.Password != "" {
		pw := s.Creds.Password
		auth = append(auth, ssh.Password(pw), ssh.KeyboardInteractive(
			func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = pw
				}
				return answers, nil
			}))
	}
	if len(auth) == 0 {
		return nil, errors.New("no credentials: set a password (password_env or password_file), a key_file, or ssh_agent")
	}
	cfg := &ssh.ClientConfig{User: s.Creds.Username, Auth: auth, Timeout: s.Timeouts.Connect}
	if s.InsecureIgnoreHostKey {
		cfg.HostKeyCallback = ssh.InsecureIgnoreHostKey() //nolint:gosec // asked for explicitly
		return cfg, nil
	}
	if s.KnownHosts == "" {
		return nil, errors.New("strict host-key checking needs a known_hosts file (credentials: known_hosts), or --insecure-ignore-host-key for a lab")
	}
	cb, err := knownhosts.New(s.KnownHosts)
	if err != nil {
		return nil, fmt.Errorf("known_hosts: %w", err)
	}
	cfg.HostKeyCallback = cb
	return cfg, nil
}

func loadKey(path string) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key_file: %w", err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, fmt.Errorf("key_file %s is encrypted: load it into ssh-agent and set ssh_agent: true", path)
	}
	if err != nil {
		return nil, fmt.Errorf("key_file %s: %w", path, err)
	}
	return signer, nil
}

// normalize turns what scrapligo returns into the output as the device
// printed it: \n line ends and one final newline, so that a recorded
// snapshot parses exactly as the live output did.
func normalize(s string) []byte {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimRight(s, "\n")
	return []byte(s + "\n")
}

// deviceError picks the device's error message out of its output: the
// "% ..." line, not the caret that points at the bad word.
func deviceError(s string) string {
	lines := strings.Split(s, "\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "%") || strings.HasPrefix(l, "ERROR:") {
			return l
		}
	}
	return strings.TrimSpace(lines[0])
}

// openError explains a failed login in a network engineer's words.
func openError(ctx context.Context, err error) error {
	var keyErr *knownhosts.KeyError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("connect: %w", ctx.Err())
	case errors.As(err, &keyErr) && len(keyErr.Want) > 0:
		return fmt.Errorf("host key changed: the device's key does not match known_hosts line %d of %s; if the device was replaced, update known_hosts", keyErr.Want[0].Line, keyErr.Want[0].Filename)
	case errors.As(err, &keyErr):
		return errors.New("host key unknown: the device is not in known_hosts (add it with ssh-keyscan after checking its fingerprint, or use --insecure-ignore-host-key for a lab)")
	case strings.Contains(err.Error(), "unable to authenticate"):
		return errors.New("authentication failed: the device refused the username and password or key")
	case errors.Is(err, util.ErrTimeoutError):
		return fmt.Errorf("logged in but no prompt was recognised (unexpected banner or menu?): %w", err)
	}
	return fmt.Errorf("connect: %w", err)
}

// commandError explains a command that did not complete.
func commandError(ctx context.Context, cmd string, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("%q: %w", cmd, ctx.Err())
	case errors.Is(err, util.ErrTimeoutError):
		return fmt.Errorf("%q: no prompt after the output (device hung?): %w", cmd, err)
	case errors.Is(err, util.ErrConnectionError), errors.Is(err, io.EOF):
		return fmt.Errorf("%q: connection dropped by the device: %w", cmd, err)
	}
	return fmt.Errorf("%q: %w", cmd, err)
}

func closeQuietly(d *network.Driver) {
	// The platform's on-close sends "exit": the device hangs up first and
	// the close reports io.EOF, which is success.
	_ = d.Close()
}

// sshTransport is a scrapligo transport over x/crypto/ssh with a deadline
// on the whole handshake (TCP, banner, key exchange, auth, pty, shell).
type sshTransport struct {
	config  *ssh.ClientConfig
	timeout time.Duration
	ctx     context.Context

	mu      sync.Mutex // Close may come from the context watcher
	closed  bool
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser
	stdout  io.Reader
}

var _ transport.Implementation = (*sshTransport)(nil)

func (t *sshTransport) Open(a *transport.Args) error {
	addr := net.JoinHostPort(a.Host, strconv.Itoa(a.Port))
	dialer := net.Dialer{Timeout: t.timeout}
	conn, err := dialer.DialContext(t.ctx, "tcp", addr)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(t.timeout))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, t.config)
	if err != nil {
		conn.Close()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("ssh handshake with %s did not finish within %s", addr, t.timeout)
		}
		return err
	}
	client := ssh.NewClient(c, chans, reqs)
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		client.Close()
		return net.ErrClosed
	}
	t.client = client
	t.mu.Unlock()
	if t.session, err = client.NewSession(); err != nil {
		client.Close()
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
		client.Close()
		return err
	}
	_ = conn.SetDeadline(time.Time{}) // from here scrapligo's operation timeouts apply
	return nil
}

func (t *sshTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	if t.client == nil {
		return nil
	}
	// Closing the client closes the session and the TCP connection; an
	// already hung-up device makes that report EOF, which is fine.
	err := t.client.Close()
	if err != nil && (errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF)) {
		err = nil
	}
	return err
}

func (t *sshTransport) IsAlive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.client != nil && !t.closed
}

func (t *sshTransport) Read(n int) ([]byte, error) {
	b := make([]byte, n)
	n, err := t.stdout.Read(b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

func (t *sshTransport) Write(b []byte) error {
	_, err := t.stdin.Write(b)
	return err
}
