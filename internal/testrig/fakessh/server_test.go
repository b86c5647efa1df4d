package fakessh

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"golang.org/x/crypto/ssh"
)

// shell opens an interactive shell on s with a raw x/crypto/ssh client.
func shell(t *testing.T, s *Server) (*ssh.Client, *ssh.Session, io.WriteCloser, io.Reader) {
	t.Helper()
	c, err := ssh.Dial("tcp", s.Addr(), clientConfig(t, s))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv("LANG", "C"); err != nil {
		t.Errorf("env request refused: %v", err)
	}
	if err := sess.RequestPty("vt100", 24, 80, ssh.TerminalModes{ssh.ECHO: 1}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if err := sess.WindowChange(50, 132); err != nil {
		t.Errorf("window-change: %v", err)
	}
	return c, sess, in, out
}

// TestTranscript pins the device's side of a session byte for byte: echo,
// prompts, enable with a secret, an unknown command, configuration
// sub-modes, and exit closing the session and the TCP connection.
func TestTranscript(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1", EnableSecret: "en4ble", Banner: "Authorised access only\n",
		Outputs: map[string]string{"show clock": "*10:00:00.000 UTC Thu Jan 1 2026\n"}})
	c, sess, in, out := shell(t, s)
	script := "enable\ren4ble\rshow   clock\r\nbogus cmd\r\rconf t\rinterface Gi1/0/1\rexit\rend\rdisable\rexit\r"
	if _, err := io.WriteString(in, script); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "\r\nAuthorised access only\r\n\r\nsw1>" +
		"enable\r\nPassword: " +
		"\r\nsw1#" +
		"show   clock\r\n*10:00:00.000 UTC Thu Jan 1 2026\r\nsw1#" +
		"bogus cmd\r\n          ^\r\n% Invalid input detected at '^' marker.\r\n\r\nsw1#" +
		"\r\nsw1#" +
		"conf t\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\nsw1(config)#" +
		"interface Gi1/0/1\r\nsw1(config-if)#" +
		"exit\r\nsw1(config)#" +
		"end\r\nsw1#" +
		"disable\r\nsw1>" +
		"exit\r\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("transcript (-want +got):\n%s", diff)
	}
	if err := sess.Wait(); err != nil {
		t.Errorf("session exit: %v, want status 0", err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Error("the TCP connection is still open after exit")
	}
	wantRecv := []string{"enable", "show clock", "bogus cmd", "conf t", "interface Gi1/0/1", "exit", "end", "disable", "exit"}
	if diff := cmp.Diff(wantRecv, s.Received()); diff != "" {
		t.Errorf("Received (-want +got):\n%s", diff)
	}
}

func TestNXOSTranscript(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "nx1", Flavor: NXOS})
	_, _, in, out := shell(t, s)
	if _, err := io.WriteString(in, "show bogus\nconf t\nip access-list PGM\nend\nexit\n"); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "\r\nnx1# " +
		"show bogus\r\n          ^\r\n% Invalid command at '^' marker.\r\n\r\nnx1# " +
		"conf t\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\nnx1(config)# " +
		"ip access-list PGM\r\nnx1(config-acl)# " +
		"end\r\nnx1# " +
		"exit\r\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("transcript (-want +got):\n%s", diff)
	}
}

func TestRequestsRefused(t *testing.T) {
	checkLeaks(t)
	s := start(t, Config{Hostname: "sw1", Outputs: map[string]string{"show version": showVersion}})
	c, err := ssh.Dial("tcp", s.Addr(), clientConfig(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sess.Output("show version"); err == nil {
		t.Errorf("exec accepted: %q", out)
	}
	sess.Close()
	sess, err = c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("netconf"); err == nil {
		t.Error("netconf subsystem accepted")
	}
	sess.Close()
	if _, _, err := c.OpenChannel("direct-tcpip", nil); err == nil {
		t.Error("direct-tcpip channel accepted")
	}
}

func TestAuthMethods(t *testing.T) {
	checkLeaks(t)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}

	// Public keys only: scrapligo with a private key file and no password.
	keyOnly := start(t, Config{Hostname: "sw1", Username: testUser, AuthorizedKeys: []ssh.PublicKey{sshPub}})
	d := open(t, keyOnly, platform.CiscoIosxe, 2*time.Second,
		options.WithAuthPassword(""), options.WithAuthPrivateKey(keyFile, ""))
	closeDriver(t, d)
	if _, err := ssh.Dial("tcp", keyOnly.Addr(), clientConfig(t, keyOnly)); err == nil {
		t.Error("password accepted by a public-key-only device")
	}

	s := start(t, Config{Hostname: "sw1"})
	kbd := func(answer string) ssh.AuthMethod {
		return ssh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
			a := make([]string, len(q))
			for i := range a {
				a[i] = answer
			}
			return a, nil
		})
	}
	for _, tc := range []struct {
		name string
		auth ssh.AuthMethod
		ok   bool
	}{
		{"password", ssh.Password(testPass), true},
		{"wrong password", ssh.Password("nope"), false},
		{"keyboard-interactive", kbd(testPass), true},
		{"wrong keyboard-interactive", kbd("nope"), false},
		{"unauthorised key", ssh.PublicKeys(signer), false},
	} {
		c, err := ssh.Dial("tcp", s.Addr(), clientConfig(t, s, tc.auth))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want success %v", tc.name, err, tc.ok)
		}
		if err == nil {
			c.Close()
		}
	}
	cfg := clientConfig(t, s)
	cfg.User = "someone"
	if _, err := ssh.Dial("tcp", s.Addr(), cfg); err == nil {
		t.Error("wrong user name accepted")
	}

	// No credentials configured: anyone gets in.
	anyone, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer anyone.Close()
	cfg = clientConfig(t, anyone, ssh.Password("anything"))
	if c, err := ssh.Dial("tcp", anyone.Addr(), cfg); err != nil {
		t.Errorf("device without credentials: %v", err)
	} else {
		c.Close()
	}
}

func TestStartErrors(t *testing.T) {
	if _, err := Start(Config{Hostname: "bad name"}); err == nil {
		t.Error("a hostname with a blank was accepted")
	}
	if _, err := Start(Config{Hostname: strings.Repeat("x", 64)}); err == nil {
		t.Error("a 64-character hostname was accepted")
	}
}

// TestFromSnapshot replays a recorded snapshot through the device and
// scrapligo: for files in normal form, Result+"\n" is the file byte for
// byte.
func TestFromSnapshot(t *testing.T) {
	checkLeaks(t)
	dir := t.TempDir()
	files := map[string]string{
		"show running-config":            runningConfig,
		"show ip igmp snooping vlan 100": snoopingVlan + "\n",
	}
	if err := os.MkdirAll(filepath.Join(dir, "sw1"), 0o755); err != nil {
		t.Fatal(err)
	}
	for cmd, text := range files {
		if err := os.WriteFile(filepath.Join(dir, "sw1", snapshot.FileName(cmd)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmds := []string{"show running-config", "show ip igmp snooping vlan 100", "show ip igmp snooping querier", "gnmi:/interfaces"}
	outputs, err := FromSnapshot(dir, "sw1", cmds)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(files, outputs); diff != "" {
		t.Errorf("FromSnapshot (-want +got):\n%s", diff)
	}
	if _, err := FromSnapshot(dir, "nosuch", cmds); err == nil {
		t.Error("FromSnapshot of a missing device succeeded")
	}

	s := start(t, Config{Hostname: "sw1", Outputs: outputs})
	d := open(t, s, platform.CiscoIosxe, 2*time.Second)
	for cmd, text := range files {
		r, err := d.SendCommand(cmd)
		if err != nil {
			t.Fatal(err)
		}
		if r.Result+"\n" != text {
			t.Errorf("%s: replay differs: %q", cmd, r.Result)
		}
	}
}
