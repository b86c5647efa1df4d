//go:build unix

package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/mcaudit/mcaudit/internal/cli"
)

// On a terminal an audit of an inventory shows its progress on standard
// error, as collection does; in a pipe it does not (TestScripts), and
// --verbose adds the timing summary.
func TestAuditProgressOnATerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	var screen bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&screen, ptmx); close(done) }()

	var out strings.Builder
	code := cli.Main([]string{"audit", "--inventory", "../../fixtures/lab/inventory.yaml", "--format", "json", "--verbose"},
		cli.Streams{In: strings.NewReader(""), Out: &out, Err: tty})
	tty.Close()
	<-done
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	s := screen.String()
	for _, want := range []string{"reading", "/4)", "mcaudit: timing: read, parse", "mcaudit: timing: rules", "1 clusters", "mcaudit: timing: total"} {
		if !strings.Contains(s, want) {
			t.Errorf("terminal lacks %q:\n%q", want, s)
		}
	}
	if !strings.Contains(out.String(), `"version": 1`) {
		t.Errorf("the report is not on standard output")
	}
}
