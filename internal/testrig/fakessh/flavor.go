package fakessh

import "strings"

// Flavor is the command line the device imitates.
type Flavor int

const (
	// IOS is Cisco IOS and IOS-XE: "sw1>", "sw1#", "sw1(config-if)#".
	IOS Flavor = iota
	// NXOS is Cisco NX-OS: IOS's prompts with the trailing space a Nexus
	// prints ("sw1# "), and "% Invalid command at '^' marker.".
	NXOS
	// EOS is Arista EOS: IOS's prompts, "% Invalid input" for an unknown
	// command, "configure" as well as "configure terminal".
	EOS
	// Junos is Juniper Junos: "user@sw1> " and, in configuration mode,
	// "[edit]" above "user@sw1# "; "configure" and "exit
	// configuration-mode"; "set cli ..." accepted; an unknown command is a
	// "syntax error". With Config.ShellLogin the session starts in the
	// shell ("user@sw1:~ % "), where "cli" starts the CLI.
	Junos
	// AOSCX is Aruba AOS-CX: "sw1#", "sw1(config-if)#", "no page"
	// accepted, "Invalid input: WORD" for an unknown command.
	AOSCX
)

// user is the name in a Junos prompt.
func (se *session) user() string {
	if u := se.s.cfg.Username; u != "" {
		return u
	}
	return "netops"
}

func (se *session) prompt() string {
	cfg := &se.s.cfg
	h := cfg.Hostname
	if cfg.Flavor == Junos {
		switch se.mode {
		case unixShell:
			return se.user() + "@" + h + ":~ % "
		case config:
			return "\r\n[edit]\r\n" + se.user() + "@" + h + "# "
		}
		return se.user() + "@" + h + "> "
	}
	p := h
	switch se.mode {
	case userExec:
		p += ">"
	case config:
		sub := se.sub
		if sub == "" {
			sub = "config"
		}
		p += "(" + sub + ")#"
	default:
		p += "#"
	}
	if cfg.Flavor == NXOS {
		p += " " // a Nexus prompt ends with a space: "sw1# "
	}
	return p
}

// invalid is what the device says of a command it does not know.
func (se *session) invalid(cmd string) {
	switch se.s.cfg.Flavor {
	case Junos:
		col := len(se.prompt()) + strings.LastIndexByte(cmd, ' ') + 1
		se.out.WriteString(strings.Repeat(" ", col) + "^\r\nsyntax error, expecting <command>.\r\n")
		return
	case AOSCX:
		f := strings.Fields(cmd)
		se.out.WriteString("Invalid input: " + f[len(f)-1] + "\r\n")
		return
	}
	msg := "% Invalid input detected at '^' marker."
	switch se.s.cfg.Flavor {
	case NXOS:
		msg = "% Invalid command at '^' marker."
	case EOS:
		msg = "% Invalid input"
	}
	col := len(se.prompt()) + strings.LastIndexByte(cmd, ' ') + 1 // under the last word
	se.out.WriteString(strings.Repeat(" ", col) + "^\r\n" + msg + "\r\n\r\n")
}

// quiet says whether a command only sets up the session (paging, width):
// accepted without a word.
func (se *session) quiet(cmd string) bool {
	switch se.s.cfg.Flavor {
	case Junos:
		return strings.HasPrefix(cmd, "set cli ")
	case AOSCX:
		return cmd == "no page" || strings.HasPrefix(cmd, "terminal-length ")
	}
	return strings.HasPrefix(cmd, "terminal ")
}

// configures says whether a command enters configuration mode.
func (se *session) configures(cmd string) bool {
	switch se.s.cfg.Flavor {
	case Junos:
		return cmd == "configure" || cmd == "configure private" || cmd == "configure exclusive"
	case EOS:
		if cmd == "configure" {
			return true
		}
	}
	switch cmd {
	case "configure terminal", "configure t", "config t", "conf t":
		return true
	}
	return false
}
