package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/opoptions"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/response"
	"github.com/scrapli/scrapligo/transport"
	"github.com/scrapli/scrapligo/util"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/mcaudit/mcaudit/snapshot"
)

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
	// LegacyAlgorithms also offers what OpenSSH 9 refuses by default and
	// old switches may have as their only choice: ssh-rsa (SHA-1) and DSA
	// host keys, SHA-1 key exchanges, CBC ciphers.
	LegacyAlgorithms bool
	// MaxOutput bounds the bytes one command may print; a device that
	// prints more fails. 0 means DefaultMaxOutput.
	MaxOutput int64
}

// DefaultMaxOutput bounds one command's output: well above the largest
// running-config of a chassis switch (a few MB), far below what a device
// that streams without end fills memory with.
const DefaultMaxOutput = 64 << 20

// ErrOutputCap marks a command whose output passed SSH.MaxOutput.
var ErrOutputCap = errors.New("output larger than the limit")

// Collect runs t's commands. The first is required: an error if the device
// rejects it. A later command the device rejects comes back with nil Data.
func (s *SSH) Collect(ctx context.Context, t Target) ([]snapshot.Output, error) {
	// scrapligo reads a name it does not know as a file path or fetches
	// it as a URL: only its own definitions, or a vendor's as bytes, are
	// handed to it.
	var def any = t.SSHDriver
	switch {
	case t.SSHDefinition != nil:
		def = t.SSHDefinition
	case t.SSHDriver == "" || !slices.Contains(platform.GetPlatformNames(), t.SSHDriver):
		return nil, fmt.Errorf("platform %q cannot be collected over SSH", t.Platform)
	}
	port := t.Port
	if port == 0 {
		port = 22
	}
	cfg, err := s.clientConfig(net.JoinHostPort(t.Address, strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	limit := s.MaxOutput
	if limit <= 0 {
		limit = DefaultMaxOutput
	}
	tr := &sshTransport{config: cfg, timeout: s.Timeouts.Connect, ctx: ctx, limit: limit}
	opts := []util.Option{
		options.WithCustomTransport(tr),
		options.WithPort(port),
		options.WithTimeoutOps(s.Timeouts.Command), // never zero: withDefaults
	}
	if s.Creds.Enable != "" {
		opts = append(opts, options.WithAuthSecondary(s.Creds.Enable))
	}
	p, err := platform.NewPlatform(def, t.Address, opts...)
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
		return nil, openError(ctx, err, s.Creds.Enable != "", tr.askedPassword())
	}
	defer closeQuietly(d)
	if err := pinPrompt(d); err != nil {
		return nil, openError(ctx, err, s.Creds.Enable != "", tr.askedPassword())
	}
	send := func(cmd string) (*response.Response, error) {
		r, err := d.SendCommand(cmd, opoptions.WithTimeoutOps(s.Timeouts.Command), opoptions.WithNoStripPrompt())
		if err != nil {
			if tr.overLimit() {
				return nil, fmt.Errorf("%q: %w of %d bytes (--max-output)", cmd, ErrOutputCap, limit)
			}
			return nil, commandError(ctx, cmd, err)
		}
		r.Result = stripPrompt(r.Result, d.Channel.PromptPattern)
		return r, nil
	}
	var outs []snapshot.Output
	for i, cmd := range t.Commands {
		r, err := send(cmd)
		if err != nil {
			return nil, err
		}
		if r.Failed != nil {
			if i == 0 {
				return nil, fmt.Errorf("%q: %w: %s", cmd, ErrRejected, deviceError(r.Result))
			}
			outs = append(outs, snapshot.Output{Command: cmd})
			continue
		}
		data := normalize(r.Result)
		if i == 0 && t.Complete != nil {
			run := func(cmd string) ([]byte, error) {
				r, err := send(cmd)
				switch {
				case err != nil:
					return nil, err
				case r.Failed != nil:
					return nil, fmt.Errorf("%w: %s", ErrRejected, deviceError(r.Result))
				}
				return []byte(r.Result), nil
			}
			if err := t.Complete(data, run); err != nil {
				return nil, fmt.Errorf("%q: %w", cmd, err)
			}
		}
		outs = append(outs, snapshot.Output{Command: cmd, Data: data})
	}
	return outs, nil
}

// pinPrompt narrows the prompt scrapligo waits for to the one the device
// showed at login, at the very end of what has been read. Its platform
// patterns take any line shaped like a prompt anywhere in the last
// kilobyte for the end of the output: a banner line
// "AUTHORIZED-ACCESS-ONLY#" in a running-config would cut it there.
func pinPrompt(d *network.Driver) error {
	p, err := d.GetPrompt()
	if err != nil {
		return err
	}
	p = strings.TrimSpace(p)
	if p == "" {
		return errors.New("the device showed an empty prompt")
	}
	d.Channel.PromptPattern = regexp.MustCompile(`(?:^|\n)` + regexp.QuoteMeta(p) + `[ \t]*\z`)
	return nil
}

// stripPrompt removes the prompt that ends a command's output, and
// nothing else: a line of output that looks like the prompt stays.
func stripPrompt(out string, prompt *regexp.Regexp) string {
	if loc := prompt.FindStringIndex(out); loc != nil {
		out = out[:loc[0]]
	}
	return strings.TrimRight(out, "\n")
}

// clientConfig builds the SSH client settings for address from the
// credentials and known_hosts.
func (s *SSH) clientConfig(address string) (*ssh.ClientConfig, error) {
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
	if s.LegacyAlgorithms {
		sup, insecure := ssh.SupportedAlgorithms(), ssh.InsecureAlgorithms()
		cfg.KeyExchanges = append(sup.KeyExchanges, insecure.KeyExchanges...)
		cfg.Ciphers = append(sup.Ciphers, insecure.Ciphers...)
		cfg.MACs = append(sup.MACs, insecure.MACs...)
	}
	if s.InsecureIgnoreHostKey {
		cfg.HostKeyCallback = ssh.InsecureIgnoreHostKey() //nolint:gosec // asked for explicitly
		cfg.HostKeyAlgorithms = (&hostKeyFile{}).hostKeyAlgorithms(address, s.LegacyAlgorithms)
		return cfg, nil
	}
	if s.KnownHosts == "" {
		return nil, errors.New("strict host-key checking needs a known_hosts file (credentials: known_hosts), or --insecure-ignore-host-key for a lab")
	}
	kh, err := loadKnownHosts(s.KnownHosts)
	if err != nil {
		return nil, fmt.Errorf("known_hosts: %w", err)
	}
	cfg.HostKeyCallback = kh.callback()
	cfg.HostKeyAlgorithms = kh.hostKeyAlgorithms(address, s.LegacyAlgorithms)
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
// enable says whether an enable secret was given, asked whether the device
// was last heard asking for a password.
func openError(ctx context.Context, err error, enable, asked bool) error {
	var keyErr *hostKeyError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("connect: %w", ctx.Err())
	case errors.As(err, &keyErr) && keyErr.revoked != nil:
		return fmt.Errorf("host key revoked: the device's key is marked @revoked at known_hosts line %d of %s", keyErr.revoked.no, keyErr.revoked.file)
	case errors.As(err, &keyErr) && len(keyErr.known) > 0:
		return fmt.Errorf("host key changed: the device's key does not match known_hosts line %d of %s; if the device was replaced, update known_hosts", keyErr.known[0].no, keyErr.known[0].file)
	case errors.As(err, &keyErr):
		return errors.New("host key unknown: the device is not in known_hosts (add it with ssh-keyscan after checking its fingerprint, or use --insecure-ignore-host-key for a lab)")
	case strings.Contains(err.Error(), "no common algorithm") && legacyOnly(err.Error()):
		return fmt.Errorf("the device offers only algorithms OpenSSH refuses by default (SHA-1 RSA or DSA host keys, SHA-1 key exchange, CBC ciphers): upgrade its SSH, or collect with --ssh-legacy-algorithms: %w", err)
	case strings.Contains(err.Error(), "unable to authenticate"):
		return errors.New("authentication failed: the device refused the username and password or key")
	case errors.Is(err, util.ErrTimeoutError) && asked && !enable:
		return fmt.Errorf("logged in unprivileged, and the device asked for the enable password, but none is configured: set credentials.enable_env or enable_file in the inventory, or %s", EnvEnable)
	case errors.Is(err, util.ErrPrivilegeError) && enable:
		return errors.New("logged in unprivileged, and the device refused the enable password: check the secret that credentials.enable_env or enable_file names")
	case errors.Is(err, util.ErrTimeoutError):
		return fmt.Errorf("logged in but no prompt was recognised (unexpected banner or menu?): %w", err)
	}
	return fmt.Errorf("connect: %w", err)
}

// legacyOnly says whether x/crypto's "no common algorithm for X; we
// offered: [...], peer offered: [...]" names only algorithms that
// --ssh-legacy-algorithms would add.
func legacyOnly(msg string) bool {
	_, peer, ok := strings.Cut(msg, "peer offered: [")
	if !ok {
		return false
	}
	peer, _, _ = strings.Cut(peer, "]")
	insecure := ssh.InsecureAlgorithms()
	legacy := slices.Concat(legacyHostKeyAlgos, insecure.KeyExchanges, insecure.Ciphers, insecure.MACs)
	for _, a := range strings.Fields(peer) {
		if !slices.Contains(legacy, strings.Trim(a, `"`)) {
			return false
		}
	}
	return peer != ""
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

	// limit bounds the bytes read after each write: one command's output.
	limit     int64
	sinceSent atomic.Int64
	over      atomic.Bool
	// tail is the end of what was last read, to tell what a device that
	// stopped answering last asked for.
	tailMu sync.Mutex
	tail   []byte

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

// Read reads what the device sent. Past the limit since the last write it
// hangs up: a device that streams without end must not fill memory
// (scrapligo keeps all of an output until it sees the prompt).
func (t *sshTransport) Read(n int) ([]byte, error) {
	if t.over.Load() {
		return nil, io.EOF
	}
	b := make([]byte, n)
	n, err := t.stdout.Read(b)
	if err != nil {
		return nil, err
	}
	if t.sinceSent.Add(int64(n)) > t.limit {
		t.over.Store(true)
		_ = t.Close()
		return nil, ErrOutputCap
	}
	t.tailMu.Lock()
	t.tail = append(t.tail, b[:n]...)
	if len(t.tail) > 64 {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-64:]...)
	}
	t.tailMu.Unlock()
	return b[:n], nil
}

var passwordPrompt = regexp.MustCompile(`(?i)password:\s*$`)

// askedPassword says whether the device's last words were a password
// prompt.
func (t *sshTransport) askedPassword() bool {
	t.tailMu.Lock()
	defer t.tailMu.Unlock()
	return passwordPrompt.Match(t.tail)
}

func (t *sshTransport) Write(b []byte) error {
	t.sinceSent.Store(0)
	_, err := t.stdin.Write(b)
	return err
}

// overLimit says whether the device hung up on for printing too much.
func (t *sshTransport) overLimit() bool { return t.over.Load() }
