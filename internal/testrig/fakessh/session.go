package fakessh

import (
	"bytes"
	"crypto/subtle"
	"net"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

type mode int

const (
	userExec  mode = iota // "sw1>"
	privExec              // "sw1#"
	config                // "sw1(config)#", "sw1(config-if)#"
	password              // after "enable": reading the secret, no echo
	hung                  // Faults.HangOn fired: deaf and mute
	menu                  // Faults.UnexpectedPrompt: a menu, never a prompt
	unixShell             // Junos: the FreeBSD shell of a shell login
)

// menuText is what Faults.UnexpectedPrompt prints instead of a prompt. No
// line of it matches a scrapligo prompt pattern.
const menuText = "\r\n" +
	"Maintenance mode: the system is being upgraded.\r\n" +
	"Press any key to continue (Q to quit) "

// session is one shell: a Cisco command line on an SSH channel.
type session struct {
	s        *Server
	ch       ssh.Channel
	conn     net.Conn      // the TCP connection, closed when the shell ends
	shell    chan struct{} // closed when the client asked for a shell
	reqsDone chan struct{} // closed when the channel's requests ended

	mode   mode
	sub    string // configuration sub-mode: "config-if"; "" is "config"
	line   []byte
	lastCR bool
	out    bytes.Buffer // pending output, written by flush
}

func newSession(s *Server, ch ssh.Channel, conn net.Conn) *session {
	return &session{s: s, ch: ch, conn: conn, shell: make(chan struct{}), reqsDone: make(chan struct{})}
}

// requests answers the channel's requests: pty-req, env, window-change and
// one shell are accepted; exec, subsystem and anything else are refused.
func (se *session) requests(reqs <-chan *ssh.Request) {
	defer close(se.reqsDone)
	shell := false
	for r := range reqs {
		ok := false
		switch r.Type {
		case "pty-req", "env", "window-change":
			ok = true
		case "shell":
			ok = !shell
		}
		_ = r.Reply(ok, nil) // a no-op when the client wants no reply
		if r.Type == "shell" && ok {
			shell = true
			close(se.shell)
		}
	}
}

func (se *session) run() {
	select {
	case <-se.shell:
	case <-se.reqsDone: // the client closed the channel without a shell
		se.ch.Close()
		return
	case <-se.s.done:
		return
	}
	// However the shell ends, the switch hangs up, so the client's
	// connection goroutines end too.
	defer se.conn.Close()
	defer se.ch.Close()

	cfg := &se.s.cfg
	switch {
	case cfg.Faults.UnexpectedPrompt:
		se.mode = menu
		se.out.WriteString(menuText)
	default:
		se.mode = privExec
		switch {
		case cfg.Flavor == Junos && cfg.ShellLogin:
			se.mode = unixShell
		case cfg.EnableSecret != "":
			se.mode = userExec
		}
		if cfg.Banner != "" {
			se.out.WriteString("\r\n")
			se.writeText(cfg.Banner)
		}
		se.out.WriteString("\r\n" + se.prompt())
	}
	if se.flush() != nil {
		return
	}
	buf := make([]byte, 4096)
	for {
		n, err := se.ch.Read(buf)
		if err != nil {
			return // the client closed the session, or the connection is gone
		}
		if !se.feed(buf[:n]) {
			return
		}
	}
}

// feed handles bytes typed by the client; false ends the session.
func (se *session) feed(b []byte) bool {
	for _, c := range b {
		if se.mode == hung {
			return true
		}
		if c == '\n' && se.lastCR { // "\r\n" is one line end
			se.lastCR = false
			continue
		}
		se.lastCR = c == '\r'
		switch c {
		case '\r', '\n':
			line := string(se.line)
			se.line = se.line[:0]
			if !se.enter(line) {
				return false
			}
		case 0x7f, 0x08: // backspace
			if len(se.line) > 0 {
				se.line = se.line[:len(se.line)-1]
				se.echo("\b \b")
			}
		default:
			se.line = append(se.line, c)
			se.echo(string(c))
		}
	}
	return se.flush() == nil
}

func (se *session) echo(s string) {
	if se.mode != password && se.mode != menu {
		se.out.WriteString(s)
	}
}

// enter handles one line; false ends the session.
func (se *session) enter(line string) bool {
	cfg := &se.s.cfg
	switch se.mode {
	case menu:
		if cmd := strings.Join(strings.Fields(line), " "); cmd != "" {
			se.s.record(cmd)
		}
		se.out.WriteString(menuText)
		return true
	case password:
		se.out.WriteString("\r\n")
		if subtle.ConstantTimeCompare([]byte(line), []byte(cfg.EnableSecret)) == 1 {
			se.mode = privExec
		} else {
			se.out.WriteString("% Access denied\r\n\r\n")
			se.mode = userExec
		}
		se.out.WriteString(se.prompt())
		return true
	}
	se.out.WriteString("\r\n")
	cmd := strings.Join(strings.Fields(line), " ")
	if cmd == "" {
		se.out.WriteString(se.prompt())
		return true
	}
	se.s.record(cmd)
	if cfg.Delay > 0 {
		if se.flush() != nil {
			return false
		}
		t := time.NewTimer(cfg.Delay)
		select {
		case <-t.C:
		case <-se.s.done:
			t.Stop()
			return false
		}
	}
	if f := cfg.Faults; cmd == f.HangOn || cmd == f.DropOn {
		text := crlf(cfg.Outputs[cmd])
		se.out.WriteString(text[:len(text)/2])
		if se.flush() != nil || cmd == f.DropOn {
			se.conn.Close() // no SSH goodbye: the line just drops
			return false
		}
		se.mode = hung
		return true
	}
	if !se.command(cmd) {
		return false
	}
	if se.mode != password { // "enable" asked for the secret instead
		se.out.WriteString(se.prompt())
	}
	return true
}

// command runs cmd; false ends the session ("exit").
func (se *session) command(cmd string) bool {
	cfg := &se.s.cfg
	if se.mode == unixShell {
		switch cmd {
		case "cli":
			se.mode = privExec
		case "exit", "logout":
			_ = se.flush()
			_, _ = se.ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{0}))
			return false
		default:
			se.out.WriteString(strings.Fields(cmd)[0] + ": Command not found.\r\n")
		}
		return true
	}
	if se.mode == config {
		switch {
		case cmd == "end", cmd == "exit configuration-mode":
			se.mode, se.sub = privExec, ""
		case cmd == "exit" && se.sub != "":
			se.sub = ""
		case cmd == "exit":
			se.mode = privExec
		case strings.HasPrefix(cmd, "do "):
			se.show(strings.TrimPrefix(cmd, "do "))
		default:
			if out, ok := cfg.Outputs[cmd]; ok {
				se.writeText(out)
			} else if sub := subMode(cmd, cfg.Flavor == NXOS); sub != "" && cfg.Flavor != Junos {
				se.sub = sub
			} // any other configuration line is accepted silently
		}
		return true
	}
	switch cmd {
	case "exit", "logout":
		_ = se.flush()
		_, _ = se.ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{0}))
		return false
	case "enable", "en":
		if se.mode == userExec {
			if cfg.EnableSecret != "" {
				se.out.WriteString("Password: ")
				se.mode = password
				return true
			}
			se.mode = privExec
		}
	case "disable":
		se.mode = userExec
	default:
		switch {
		case se.configures(cmd):
			if se.mode != privExec {
				se.invalid(cmd)
				break
			}
			if cfg.Flavor == Junos {
				se.out.WriteString("Entering configuration mode\r\n")
			} else {
				se.out.WriteString("Enter configuration commands, one per line.  End with CNTL/Z.\r\n")
			}
			se.mode, se.sub = config, ""
		case se.quiet(cmd):
			// terminal length 0, set cli screen-length 0, no page, ...
		default:
			se.show(cmd)
		}
	}
	return true
}

// show answers an exec command from Outputs, or rejects it.
func (se *session) show(cmd string) {
	f := se.s.cfg.Faults
	if f.StreamOn != "" && cmd == f.StreamOn {
		se.stream()
		return
	}
	if base, ok := strings.CutSuffix(cmd, " | count"); ok {
		if out, ok := se.s.cfg.Outputs[base]; ok {
			n := strconv.Itoa(strings.Count(crlf(out), "\n"))
			if se.s.cfg.Flavor == Junos {
				n = "Count: " + n + " lines"
			}
			se.writeText(n)
			return
		}
	}
	out, ok := se.s.cfg.Outputs[cmd]
	if !ok {
		se.invalid(cmd)
		return
	}
	text := crlf(out)
	if l := f.PauseAfterLine; l != "" {
		if i := strings.Index(text, "\n"+l+"\r\n"); i >= 0 {
			cut := i + 1 + len(l) // before its line end: the worst place
			se.out.WriteString(text[:cut])
			if se.flush() != nil {
				return
			}
			t := time.NewTimer(f.Pause)
			select {
			case <-t.C:
			case <-se.s.done:
				t.Stop()
				return
			}
			text = text[cut:]
		}
	}
	se.out.WriteString(text)
}

// stream sends output that never ends, until the client goes away.
func (se *session) stream() {
	line := []byte(" description a line of a configuration that never ends\r\n")
	chunk := bytes.Repeat(line, 512)
	for {
		select {
		case <-se.s.done:
			return
		default:
		}
		if _, err := se.ch.Write(chunk); err != nil {
			return
		}
	}
}

// writeText queues text as the device prints it: "\r\n" line ends and a
// final line end.
func (se *session) writeText(text string) { se.out.WriteString(crlf(text)) }

// crlf converts "\n" line ends to "\r\n" and ends a non-empty text with one.
func crlf(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if text == "" {
		return ""
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return strings.ReplaceAll(text, "\n", "\r\n")
}

// subMode is the configuration sub-mode a command enters, or "".
func subMode(cmd string, nxos bool) string {
	f := strings.Fields(cmd)
	switch {
	case f[0] == "interface":
		return "config-if"
	case f[0] == "vlan" && len(f) > 1 && f[1] == "access-map":
		return "config-access-map"
	case f[0] == "vlan":
		return "config-vlan"
	case f[0] == "router":
		return "config-router"
	case f[0] == "line":
		return "config-line"
	case (f[0] == "ip" || f[0] == "ipv6" || f[0] == "mac") && len(f) > 2 && f[1] == "access-list":
		switch {
		case nxos:
			return "config-acl"
		case f[2] == "standard":
			return "config-std-nacl"
		default:
			return "config-ext-nacl"
		}
	}
	return ""
}

// flush writes the pending output to the client.
func (se *session) flush() error {
	if se.out.Len() == 0 {
		return nil
	}
	_, err := se.ch.Write(se.out.Bytes())
	se.out.Reset()
	return err
}
