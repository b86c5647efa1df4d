package fakessh

import (
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/util"
	"golang.org/x/crypto/ssh/knownhosts"
)

const runningConfig = `Building configuration...

Current configuration : 312 bytes
!
version 17.9
hostname sw1
!
vlan 100
 name EFT-HA
!
interface GigabitEthernet1/0/10
 switchport access vlan 100
 switchport mode access
 ip access-group EDGE-IN in
!
ip access-list extended EDGE-IN
 10 permit udp any any eq 4500
 30 deny   113 any any
!
end
`

const showVersion = `Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)
sw1 uptime is 3 weeks, 2 days, 4 hours, 1 minute
`

const snoopingVlan = `Global IGMP Snooping configuration:
-------------------------------------------
IGMP snooping                : Enabled
IGMPv3 snooping (minimal)    : Enabled
Report suppression           : Enabled

Vlan 100:
--------
IGMP snooping                       : Enabled
  Querier                           : Disabled`

func TestIOSXE(t *testing.T) {
	checkLeaks(t)
	outputs := map[string]string{
		"show running-config":            runningConfig,
		"show version":                   showVersion,
		"show ip igmp snooping vlan 100": snoopingVlan, // no trailing newline
		"show vlan brief":                "",           // a command that prints nothing
	}
	s := start(t, Config{Hostname: "sw1", Outputs: outputs, Banner: "\nAuthorised access only\n"})
	d := open(t, s, platform.CiscoIosxe, 2*time.Second)

	if d.CurrentPriv != "privilege-exec" {
		t.Errorf("CurrentPriv after Open = %q, want privilege-exec", d.CurrentPriv)
	}
	prompt, err := d.GetPrompt()
	if err != nil || prompt != "sw1#" {
		t.Errorf("GetPrompt = %q, %v; want sw1#", prompt, err)
	}
	for _, cmd := range []string{"show running-config", "show version", "show ip igmp snooping vlan 100", "show vlan brief"} {
		r, err := d.SendCommand(cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		if r.Failed != nil {
			t.Errorf("%s: Failed = %v", cmd, r.Failed)
		}
		if diff := cmp.Diff(ExpectedResult(outputs[cmd]), r.Result); diff != "" {
			t.Errorf("%s: Result (-want +got):\n%s", cmd, diff)
		}
		// The documented normal form: the original minus its final "\n".
		if want := strings.TrimSuffix(outputs[cmd], "\n"); r.Result != want {
			t.Errorf("%s: Result = %q, want %q", cmd, r.Result, want)
		}
	}

	r, err := d.SendCommand("show ip mroute bogus")
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed == nil || !strings.Contains(r.Result, "% Invalid input detected at '^' marker.") {
		t.Errorf("unknown command: Failed = %v, Result = %q", r.Failed, r.Result)
	}
	if want := "                   ^\n% Invalid input detected at '^' marker."; r.Result != want {
		t.Errorf("unknown command: Result = %q, want %q", r.Result, want)
	}

	// Configuration mode, sub-modes and back.
	cr, err := d.SendConfig("vlan 200\n name EFT-2\ninterface GigabitEthernet1/0/11\n switchport access vlan 200")
	if err != nil || cr.Failed != nil {
		t.Fatalf("SendConfig: %v, %v", err, cr.Failed)
	}
	if d.CurrentPriv != "configuration" {
		t.Errorf("CurrentPriv after SendConfig = %q", d.CurrentPriv)
	}
	if r, err := d.SendCommand("show version"); err != nil || r.Result != strings.TrimSuffix(showVersion, "\n") {
		t.Errorf("show version after config: %v, %q", err, r.Result)
	}
	closeDriver(t, d)

	want := []string{
		"terminal width 512", "terminal length 0", // scrapligo's cisco_iosxe on-open
		"show running-config", "show version", "show ip igmp snooping vlan 100", "show vlan brief",
		"show ip mroute bogus",
		"configure terminal", "vlan 200", "name EFT-2", "interface GigabitEthernet1/0/11", "switchport access vlan 200",
		"end", "show version",
		"exit", // on-close
	}
	if diff := cmp.Diff(want, s.Received()); diff != "" {
		t.Errorf("Received (-want +got):\n%s", diff)
	}
}

// TestResultNormalisation pins down how scrapligo's Response.Result differs
// from the text the device printed, so that the collector can normalise it
// and a recorded snapshot replays byte for byte:
//
//   - "\r" is removed everywhere (the device sends "\r\n" line ends; an
//     "\r" inside a line is lost too);
//   - trailing spaces are removed from every line (trailing tabs are kept);
//   - leading and trailing "\n" are removed: the final newline, and every
//     leading or trailing blank line (including lines of only spaces);
//   - blank lines inside the text are kept as they are.
//
// ExpectedResult models exactly this. For text in "normal form" (no leading
// or trailing blank lines, no trailing spaces, one final "\n"), Result+"\n"
// is the original byte for byte.
func TestResultNormalisation(t *testing.T) {
	checkLeaks(t)
	cases := []struct {
		name, out, want string
	}{
		{"normal form", "line one\n\nline three\n", "line one\n\nline three"},
		{"no final newline", "line one\nline two", "line one\nline two"},
		{"leading and trailing blank lines", "\n\nBuilding configuration...\n\n!\nend\n\n\n", "Building configuration...\n\n!\nend"},
		{"trailing spaces and tabs", "a   \n  b  \nc\t\n", "a\n  b\nc\t"},
		{"blank lines of spaces", "   \nx\n   \n  \n", "x"},
		{"carriage returns", "a\r\nb\rc\r\n", "a\nbc"},
		{"blank lines inside", "a\n\n\n\nb\n", "a\n\n\n\nb"},
		{"only newlines", "\n\n\n", ""},
	}
	outputs := map[string]string{}
	for i, c := range cases {
		outputs["show case "+string(rune('a'+i))] = c.out
	}
	s := start(t, Config{Hostname: "sw1", Outputs: outputs})
	d := open(t, s, platform.CiscoIosxe, 2*time.Second)
	for i, c := range cases {
		r, err := d.SendCommand("show case " + string(rune('a'+i)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.Result != c.want {
			t.Errorf("%s: Result = %q, want %q", c.name, r.Result, c.want)
		}
		if got := ExpectedResult(c.out); got != c.want {
			t.Errorf("%s: ExpectedResult = %q, want %q", c.name, got, c.want)
		}
	}
	// The round trip the collector relies on, for text in normal form.
	r, err := d.SendCommand("show case a")
	if err != nil {
		t.Fatal(err)
	}
	if r.Result+"\n" != cases[0].out {
		t.Errorf("normal form does not round-trip: %q", r.Result)
	}
}

func TestNXOS(t *testing.T) {
	checkLeaks(t)
	igmp := "IGMP Snooping information for vlan 100\n  IGMP snooping enabled\n  Lookup mode: IP\n  IGMP querier present, address: 10.10.100.1, version: 2, i/f Vlan100\n"
	s := start(t, Config{Hostname: "nx1", Flavor: NXOS, Outputs: map[string]string{
		"show ip igmp snooping vlan 100": igmp,
	}})
	d := open(t, s, platform.CiscoNxos, 2*time.Second)
	prompt, err := d.GetPrompt()
	if err != nil || strings.TrimSpace(prompt) != "nx1#" {
		t.Errorf("GetPrompt = %q, %v", prompt, err)
	}
	r, err := d.SendCommand("show ip igmp snooping vlan 100")
	if err != nil || r.Failed != nil {
		t.Fatalf("SendCommand: %v, %v", err, r.Failed)
	}
	if r.Result != strings.TrimSuffix(igmp, "\n") {
		t.Errorf("Result = %q", r.Result)
	}
	r, err = d.SendCommand("show bogus")
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed == nil || !strings.Contains(r.Result, "% Invalid command at '^' marker.") {
		t.Errorf("unknown command: Failed = %v, Result = %q", r.Failed, r.Result)
	}
	cr, err := d.SendConfig("ip access-list PGM\n 10 permit 113 any any")
	if err != nil || cr.Failed != nil {
		t.Fatalf("SendConfig: %v, %v", err, cr.Failed)
	}
	closeDriver(t, d)
	got := s.Received()
	if !slices.Equal(got[:2], []string{"terminal width 511", "terminal length 0"}) {
		t.Errorf("Received starts %q, want scrapligo's cisco_nxos on-open", got[:2])
	}
	if !slices.Contains(got, "10 permit 113 any any") || got[len(got)-1] != "exit" {
		t.Errorf("Received = %q", got)
	}
}

func TestEnableSecret(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1", EnableSecret: "en4ble", Outputs: map[string]string{"show version": showVersion}})

	d := open(t, s, platform.CiscoIosxe, 2*time.Second, options.WithAuthSecondary("en4ble"))
	if r, err := d.SendCommand("show version"); err != nil || r.Result != strings.TrimSuffix(showVersion, "\n") {
		t.Errorf("show version: %v, %q", err, r.Result)
	}
	closeDriver(t, d)
	if got := s.Received(); got[0] != "enable" || slices.Contains(got, "en4ble") {
		t.Errorf("Received = %q: want enable first and never the secret", got)
	}

	// A wrong secret: "% Access denied", back at ">", and scrapligo gives up.
	d = driverFor(t, s, platform.CiscoIosxe, 2*time.Second, options.WithAuthSecondary("wrong"))
	err := d.Open()
	if !errors.Is(err, util.ErrPrivilegeError) {
		t.Errorf("Open with a wrong secret: %v, want ErrPrivilegeError", err)
	}
	if err == nil {
		closeDriver(t, d)
	}
}

func TestDelay(t *testing.T) {
	checkLeaks(t)
	const delay = 150 * time.Millisecond
	s := start(t, Config{Hostname: "sw1", Delay: delay, Outputs: map[string]string{"show version": showVersion}})
	d := open(t, s, platform.CiscoIosxe, 2*time.Second)
	begin := time.Now()
	r, err := d.SendCommand("show version")
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(begin); el < delay || time.Duration(r.ElapsedTime*float64(time.Second)) < delay {
		t.Errorf("SendCommand took %v (ElapsedTime %.3fs), want at least %v", el, r.ElapsedTime, delay)
	}
}

func TestWrongPassword(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1"})
	d := driverFor(t, s, platform.CiscoIosxe, time.Second, options.WithAuthPassword("wrong"))
	err := d.Open()
	if err == nil {
		closeDriver(t, d)
		t.Fatal("Open with a wrong password succeeded")
	}
	// The standard transport returns x/crypto's error as is, not wrapped in
	// util.ErrAuthError.
	if !strings.Contains(err.Error(), "ssh: unable to authenticate") {
		t.Errorf("Open: %v, want an authentication error", err)
	}
}

func TestHostKeyMismatch(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1"})
	other := start(t, Config{Hostname: "sw2"}) // another host key
	line := knownhosts.Line([]string{knownhosts.Normalize(s.Addr())}, other.HostKey())
	d := driverFor(t, s, platform.CiscoIosxe, time.Second,
		options.WithSSHKnownHostsFile(knownHostsFile(t, line)))
	err := d.Open()
	if err == nil {
		closeDriver(t, d)
		t.Fatal("Open with a changed host key succeeded")
	}
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) || len(ke.Want) == 0 {
		t.Errorf("Open: %v (%T), want a *knownhosts.KeyError with Want set", err, err)
	}
}

func TestHangOn(t *testing.T) {
	checkLeaks(t)
	const timeout = 400 * time.Millisecond
	s := start(t, Config{Hostname: "sw1", Outputs: map[string]string{"show running-config": runningConfig},
		Faults: Faults{HangOn: "show running-config"}})
	d := driverFor(t, s, platform.CiscoIosxe, timeout)
	if err := d.Open(); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	_, err := d.SendCommand("show running-config")
	el := time.Since(begin)
	if !errors.Is(err, util.ErrTimeoutError) {
		t.Errorf("SendCommand: %v, want ErrTimeoutError", err)
	}
	// Lower bound only, plus a generous ceiling: no tight timing asserts.
	if el < timeout || el > 10*timeout {
		t.Errorf("SendCommand failed after %v, want about %v", el, timeout)
	}
	// The on-close GetPrompt times out as well; Close still tears down.
	_ = d.Close()
}

func TestDropOn(t *testing.T) {
	checkLeaks(t)
	const timeout = 3 * time.Second
	s := start(t, Config{Hostname: "sw1", Outputs: map[string]string{"show running-config": runningConfig},
		Faults: Faults{DropOn: "show running-config"}})
	d := driverFor(t, s, platform.CiscoIosxe, timeout)
	if err := d.Open(); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	_, err := d.SendCommand("show running-config")
	el := time.Since(begin)
	if !errors.Is(err, util.ErrConnectionError) {
		t.Errorf("SendCommand: %v, want ErrConnectionError", err)
	}
	if el >= timeout { // the error type already says it was no timeout
		t.Errorf("SendCommand failed after %v, want before the %v timeout", el, timeout)
	}
	_ = d.Close() // the device is gone: an error here is expected
}

func TestUnexpectedPrompt(t *testing.T) {
	checkLeaks(t)
	const timeout = 400 * time.Millisecond
	s := start(t, Config{Hostname: "sw1", Faults: Faults{UnexpectedPrompt: true}})
	d := driverFor(t, s, platform.CiscoIosxe, timeout)
	begin := time.Now()
	err := d.Open()
	el := time.Since(begin)
	if err == nil {
		closeDriver(t, d)
		t.Fatal("Open succeeded against a device that never prints a prompt")
	}
	if !errors.Is(err, util.ErrTimeoutError) {
		t.Errorf("Open: %v, want ErrTimeoutError", err)
	}
	if el < timeout || el > 10*timeout {
		t.Errorf("Open failed after %v, want about %v", el, timeout)
	}
}

func TestStallHandshake(t *testing.T) {
	checkLeaks(t)
	const timeout = 300 * time.Millisecond
	s := start(t, Config{Hostname: "sw1", Faults: Faults{StallHandshake: true}})

	// A client with a dial+handshake deadline (the custom transport a
	// collector should use) fails with an i/o timeout.
	tr := &deadlineSSH{Config: clientConfig(t, s), Timeout: timeout}
	d := driverFor(t, s, platform.CiscoIosxe, time.Second, options.WithCustomTransport(tr))
	begin := time.Now()
	err := d.Open()
	el := time.Since(begin)
	if !errors.Is(err, os.ErrDeadlineExceeded) || !strings.Contains(err.Error(), "i/o timeout") {
		t.Errorf("Open: %v, want an i/o timeout", err)
	}
	if el < timeout || el > 10*timeout {
		t.Errorf("Open failed after %v, want about %v", el, timeout)
	}

	// scrapligo's standard transport has no handshake deadline
	// (TimeoutSocket only bounds the TCP connect): Open blocks until the
	// server goes away.
	d = driverFor(t, s, platform.CiscoIosxe, timeout, options.WithTimeoutSocket(timeout))
	errc := make(chan error, 1)
	go func() { errc <- d.Open() }()
	select {
	case err := <-errc:
		t.Fatalf("standard transport Open returned %v against a tarpit", err)
	case <-time.After(2 * timeout):
	}
	s.Close()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("standard transport Open succeeded")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("standard transport Open still blocked after the server closed")
	}
}

func TestCustomTransport(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1", Outputs: map[string]string{"show version": showVersion}})
	tr := &deadlineSSH{Config: clientConfig(t, s), Timeout: time.Second}
	d := open(t, s, platform.CiscoIosxe, 2*time.Second, options.WithCustomTransport(tr))
	r, err := d.SendCommand("show version")
	if err != nil || r.Result != strings.TrimSuffix(showVersion, "\n") {
		t.Errorf("show version: %v, %q", err, r.Result)
	}
}

func TestServerCloseWhileConnected(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1", Outputs: map[string]string{"show version": showVersion}})
	d := driverFor(t, s, platform.CiscoIosxe, 2*time.Second)
	if err := d.Open(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The device is already gone when the command is written, so the
	// write fails with io.EOF (a device that drops mid-output gives
	// ErrConnectionError instead, see TestDropOn).
	_, err := d.SendCommand("show version")
	if !errors.Is(err, io.EOF) && !errors.Is(err, util.ErrConnectionError) {
		t.Errorf("SendCommand after the server closed: %v, want io.EOF or ErrConnectionError", err)
	}
	_ = d.Close()
}
