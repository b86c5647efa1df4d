package cisco

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ErrIncomplete marks a collected running-config that cannot be proven
// whole. A read over SSH ends where the client sees a prompt, and a line
// of the configuration (a banner, a description) can look like one: the
// rest is lost, and an audit of what was read can pass a switch whose
// real configuration fails.
var ErrIncomplete = errors.New("running-config not proven complete")

// countCommand is what NX-OS is asked to prove its running-config whole:
// the number of lines it prints.
const countCommand = ConfigCommand + " | count"

var currentConfig = regexp.MustCompile(`(?m)^Current configuration : (\d+) bytes$`)

// CheckComplete proves a collected running-config whole. IOS and IOS-XE
// say how long it is ("Current configuration : N bytes") and end it with
// "end"; NX-OS says neither, so it is asked to count the lines (run sends
// one more command to the device).
func CheckComplete(platform string, config []byte, run func(command string) ([]byte, error)) error {
	if isNX(platform) {
		return checkNXOS(config, run)
	}
	return checkIOS(config)
}

// checkIOS compares the header's byte count with what follows it, and
// wants the final "end". IOS counts the text after the header line with
// "\n" line ends; the SSH client drops trailing blanks of lines, so the
// text read may fall a little short of it, never much.
func checkIOS(config []byte) error {
	m := currentConfig.FindSubmatchIndex(config)
	if m == nil {
		return fmt.Errorf("%w: no \"Current configuration : N bytes\" header to check it against", ErrIncomplete)
	}
	want, err := strconv.Atoi(string(config[m[2]:m[3]]))
	if err != nil {
		return fmt.Errorf("%w: header %q", ErrIncomplete, config[m[0]:m[1]])
	}
	body := config[m[1]:]
	body = body[min(len(body), 1):] // the header's own line end
	got := len(body)
	lines := bytes.Split(bytes.TrimRight(body, "\n"), []byte("\n"))
	last := strings.TrimSpace(string(lines[len(lines)-1]))
	if last != "end" {
		return fmt.Errorf("%w: it does not end with \"end\" (the header says %d bytes, %d were read): a line of it may look like the prompt", ErrIncomplete, want, got)
	}
	if slack := max(64, want/200); got < want-slack {
		return fmt.Errorf("%w: the header says %d bytes, %d were read: a line of it may look like the prompt", ErrIncomplete, want, got)
	}
	return nil
}

// checkNXOS asks for the line count and compares. NX-OS may count a blank
// line before "!Command:" that the SSH client drops; a configuration that
// changed between the two commands differs more, and is read again.
func checkNXOS(config []byte, run func(string) ([]byte, error)) error {
	if run == nil {
		return fmt.Errorf("%w: NX-OS cannot be asked for its line count", ErrIncomplete)
	}
	out, err := run(countCommand)
	if err != nil {
		return fmt.Errorf("%w: %q: %v", ErrIncomplete, countCommand, err)
	}
	want, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return fmt.Errorf("%w: %q answered %+q, not a number of lines", ErrIncomplete, countCommand, firstLine(out))
	}
	got := bytes.Count(config, []byte("\n"))
	if got < want-2 || got > want+2 {
		return fmt.Errorf("%w: %d lines were read, %q says %d: a line of it may look like the prompt, or it changed while it was read (collect again)", ErrIncomplete, got, countCommand, want)
	}
	return nil
}

func firstLine(b []byte) string {
	l, _, _ := bytes.Cut(bytes.TrimSpace(b), []byte("\n"))
	return string(l[:min(len(l), 80)])
}
