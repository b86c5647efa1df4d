// Package fakessh is a test double for a Cisco switch reached over SSH: a
// real SSH server (golang.org/x/crypto/ssh) on 127.0.0.1 that behaves like
// an IOS/IOS-XE or NX-OS command line and replays recorded command outputs,
// with fault injection. scrapligo connects to it unmodified, with its
// embedded cisco_iosxe and cisco_nxos platform definitions, over the
// standard transport or a custom transport built on x/crypto/ssh.
//
// # What the device does
//
//   - Authentication: password and keyboard-interactive against
//     Config.Username/Password, public keys against Config.AuthorizedKeys.
//     A wrong password fails the SSH handshake, as on a real switch. With no
//     Username, Password or AuthorizedKeys, any client is let in.
//   - Session requests: pty-req, env, window-change and shell are accepted;
//     exec and subsystem requests and non-session channels are refused
//     (x/crypto's Session.Run fails with "ssh: command ... failed").
//   - The shell echoes every typed character (except the enable secret),
//     prints Config.Banner, then a prompt: "sw1>" (when an EnableSecret is
//     set), "sw1#" and "sw1(config)#". NX-OS prompts carry the trailing
//     space a real Nexus prints ("sw1# "); scrapligo's cisco_nxos patterns
//     allow it.
//   - Commands (leading, trailing and repeated blanks do not matter):
//     enable (asks "Password: " when an EnableSecret is set; a wrong one
//     prints "% Access denied" and stays at ">"), disable, terminal ...
//     (accepted silently), configure terminal / conf t, end, exit (leaves a
//     configuration sub-mode, or ends the session and closes the TCP
//     connection), an empty line (a new prompt), and every key of
//     Config.Outputs, at any privilege level. In configuration mode every
//     other line is accepted silently; "interface …", "vlan …",
//     "ip access-list …", "router …" and "line …" enter a sub-mode
//     ("sw1(config-if)#"), and "do CMD" runs an exec command. Anything else
//     prints the platform's "% Invalid input detected at '^' marker." (IOS)
//     or "% Invalid command at '^' marker." (NX-OS) under a caret line.
//   - Outputs are sent with "\r\n" line ends and always followed by a line
//     end before the next prompt.
//   - "CMD | count" prints the number of lines of CMD's output, as NX-OS
//     and IOS do ("Count: N lines" on Junos).
//
// # What scrapligo's Response.Result holds
//
// For a command whose output O this server replays, scrapligo v1.4.3 returns
// in Response.Result the text ExpectedResult(O): every "\r" removed, trailing
// spaces (not tabs) removed from every line, and every leading and trailing
// "\n" removed — so leading and trailing blank lines and the final newline
// are lost, while blank lines inside the text survive. In addition
// (ExpectedResult does not model these): ANSI escape sequences are removed,
// and any line of O that matches the platform's prompt pattern (a line such
// as "sw1#" or "x>") is blanked out; a prompt-like line near the end of a
// chunk can even end the read early. A collector that wants a snapshot to
// replay byte for byte must therefore normalise Result (for instance by
// appending one "\n"), and fixtures should be written in that normal form:
// no leading or trailing blank lines, no trailing spaces, "\n" line ends.
//
// # Faults and the errors a scrapligo client sees
//
//   - wrong password: Open fails with "ssh: handshake failed: ssh: unable
//     to authenticate ..." (not wrapped in util.ErrAuthError);
//   - a host key that differs from the client's known_hosts file: Open fails
//     with a *knownhosts.KeyError whose Want is not empty ("knownhosts: key
//     mismatch"; an address missing from the file gives an empty Want);
//   - Faults.HangOn: SendCommand fails with util.ErrTimeoutError after
//     the ops timeout;
//   - Faults.DropOn: SendCommand fails with util.ErrConnectionError at once
//     (a command written after the connection is gone, e.g. after
//     Server.Close, fails with io.EOF from the write instead);
//   - Faults.UnexpectedPrompt: Open fails with util.ErrTimeoutError
//     ("channel timeout fetching prompt") after the ops timeout;
//   - Faults.StallHandshake: scrapligo's standard transport has no
//     handshake deadline and blocks until the server is closed; a client
//     that puts a deadline on the connection fails with "i/o timeout"
//     (os.ErrDeadlineExceeded).
//
// Server.Close closes every connection and returns once every goroutine
// the server started has ended; x/crypto's own per-connection goroutines
// end moments later, which goleak's retries absorb. Because the device
// hangs up whenever a shell ends (exit, Server.Close, a client closing the
// session), scrapligo's standard-transport goroutines end too, even where
// its Close skips client.Close after session.Close returned io.EOF.
package fakessh

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Config describes the simulated device.
type Config struct {
	// Hostname is the prompt's name: "sw1>", "sw1#", "sw1(config)#". It must
	// match [A-Za-z0-9_.-]{1,63}, as scrapligo's prompt patterns require;
	// empty means "switch".
	Hostname string
	// Flavor is the command line imitated: IOS (the zero value), NX-OS,
	// EOS, Junos or AOS-CX.
	Flavor Flavor
	// ShellLogin (Junos) starts the session in the shell, as a login of a
	// user whose class starts one does; "cli" starts the CLI.
	ShellLogin bool
	// Username and Password are checked by password and keyboard-interactive
	// authentication. An empty Username accepts any user name.
	Username, Password string
	// AuthorizedKeys enables public-key authentication with these keys.
	AuthorizedKeys []ssh.PublicKey
	// EnableSecret, when not empty, starts the session in user EXEC mode
	// ("sw1>"); "enable" then asks "Password: " and needs this secret.
	EnableSecret string
	// Banner is printed once, before the first prompt ("\n" becomes "\r\n").
	// A banner line ending in '#' or '>' would look like a prompt.
	Banner string
	// Outputs maps a command to its output as the device prints it, with
	// "\n" line ends (sent as "\r\n").
	Outputs map[string]string
	// Delay is waited before answering each non-empty command line.
	Delay time.Duration
	// Faults injects failures.
	Faults Faults
	// HostKey is the server's host key; nil means a fresh ed25519 key.
	// It may be a certificate signer (ssh.NewCertSigner).
	HostKey ssh.Signer
	// MoreHostKeys are offered beside HostKey, as a switch with both an
	// RSA and an ed25519 key does.
	MoreHostKeys []ssh.Signer
}

// Faults injects failures into every session of a Server.
type Faults struct {
	// HangOn is a command after which the device sends the first half of
	// its output and then nothing more: it neither echoes nor answers, and
	// the connection stays open until the client or Server.Close ends it.
	HangOn string
	// DropOn is a command after which the device sends the first half of
	// its output and then closes the TCP connection without an SSH goodbye.
	DropOn string
	// UnexpectedPrompt makes the shell print a "Press any key" menu that no
	// prompt pattern matches, again after every line, and never a prompt.
	UnexpectedPrompt bool
	// StallHandshake makes the server accept TCP connections and never say
	// a word (a tarpit): the SSH handshake never completes.
	StallHandshake bool
	// PauseAfterLine is a line of some output after whose text (before its
	// line end) the device stops for Pause before sending the rest, as a
	// busy switch may: a client that takes the line for a prompt ends the
	// output there.
	PauseAfterLine string
	Pause          time.Duration
	// StreamOn is a command whose output never ends: the device sends
	// configuration-like lines as fast as the client reads them.
	StreamOn string
}

// Server is a running fake device. Its methods are safe for concurrent use.
type Server struct {
	cfg     Config
	ssh     *ssh.ServerConfig
	hostKey ssh.Signer
	ln      net.Listener
	done    chan struct{} // closed by Close

	mu       sync.Mutex
	closed   bool
	conns    map[net.Conn]struct{}
	received []string
	wg       sync.WaitGroup // every goroutine the server started
}

var hostnameRE = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,63}$`)

// Start starts a device listening on 127.0.0.1 on a free port.
func Start(cfg Config) (*Server, error) {
	if cfg.Hostname == "" {
		cfg.Hostname = "switch"
	}
	if !hostnameRE.MatchString(cfg.Hostname) {
		return nil, fmt.Errorf("fakessh: hostname %q does not match [A-Za-z0-9_.-]{1,63}", cfg.Hostname)
	}
	s := &Server{
		cfg:     cfg,
		hostKey: cfg.HostKey,
		done:    make(chan struct{}),
		conns:   make(map[net.Conn]struct{}),
	}
	if s.hostKey == nil {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("fakessh: host key: %w", err)
		}
		if s.hostKey, err = ssh.NewSignerFromKey(priv); err != nil {
			return nil, fmt.Errorf("fakessh: host key: %w", err)
		}
	}
	s.ssh = s.serverConfig()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakessh: %w", err)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

func (s *Server) serverConfig() *ssh.ServerConfig {
	c := &ssh.ServerConfig{ServerVersion: "SSH-2.0-Cisco-1.25"}
	cfg := s.cfg
	if cfg.Username == "" && cfg.Password == "" && len(cfg.AuthorizedKeys) == 0 {
		c.NoClientAuth = true
	}
	userOK := func(m ssh.ConnMetadata) bool {
		return cfg.Username == "" || m.User() == cfg.Username
	}
	passOK := func(m ssh.ConnMetadata, pw []byte) bool {
		return userOK(m) && cfg.Password != "" && subtle.ConstantTimeCompare(pw, []byte(cfg.Password)) == 1
	}
	errAuth := errors.New("fakessh: authentication failed")
	if cfg.Password != "" {
		c.PasswordCallback = func(m ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if passOK(m, pw) {
				return nil, nil
			}
			return nil, errAuth
		}
		c.KeyboardInteractiveCallback = func(m ssh.ConnMetadata, ask ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
			answers, err := ask("", "", []string{"Password: "}, []bool{false})
			if err != nil {
				return nil, err
			}
			if len(answers) == 1 && passOK(m, []byte(answers[0])) {
				return nil, nil
			}
			return nil, errAuth
		}
	}
	if len(cfg.AuthorizedKeys) > 0 {
		c.PublicKeyCallback = func(m ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if userOK(m) {
				for _, k := range cfg.AuthorizedKeys {
					if bytes.Equal(k.Marshal(), key.Marshal()) {
						return nil, nil
					}
				}
			}
			return nil, errAuth
		}
	}
	c.AddHostKey(s.hostKey)
	for _, k := range cfg.MoreHostKeys {
		c.AddHostKey(k)
	}
	return c
}

// Addr is the address the server listens on: "127.0.0.1:PORT".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Host is the address's host: "127.0.0.1".
func (s *Server) Host() string { return s.ln.Addr().(*net.TCPAddr).IP.String() }

// Port is the address's port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// HostKey is the server's public host key.
func (s *Server) HostKey() ssh.PublicKey { return s.hostKey.PublicKey() }

// KnownHostsLine is a known_hosts line for "[127.0.0.1]:PORT" and the host
// key, without a trailing newline.
func (s *Server) KnownHostsLine() string {
	return knownhosts.Line([]string{knownhosts.Normalize(s.Addr())}, s.HostKey())
}

// Received returns every non-empty command line the device received, in
// order, over all sessions, with blanks collapsed ("terminal length 0").
// The secret typed at the enable "Password: " prompt is not included.
func (s *Server) Received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.received...)
}

func (s *Server) record(cmd string) {
	s.mu.Lock()
	s.received = append(s.received, cmd)
	s.mu.Unlock()
}

// Close stops listening, closes every connection and returns once every
// goroutine the server started has ended. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	err := s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// track registers c and one goroutine for it; false once the server closed.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c net.Conn) {
	c.Close()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// goFn runs f in a goroutine counted by Close, unless the server closed.
func (s *Server) goFn(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors or similar: back off and retry, as
			// net/http does.
			select {
			case <-s.done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		if !s.track(c) {
			c.Close()
			return
		}
		go s.serve(c)
	}
}

// serve runs one TCP connection; it owns the goroutine track counted.
func (s *Server) serve(c net.Conn) {
	defer s.untrack(c)
	if s.cfg.Faults.StallHandshake {
		_, _ = io.Copy(io.Discard, c) // until the client or Close hangs up
		return
	}
	sc, chans, reqs, err := ssh.NewServerConn(c, s.ssh)
	if err != nil {
		return
	}
	defer sc.Close()
	s.goFn(func() { ssh.DiscardRequests(reqs) })
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "only session channels are supported")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			continue
		}
		se := newSession(s, ch, c)
		s.goFn(func() { se.requests(creqs) })
		s.goFn(se.run)
	}
}
