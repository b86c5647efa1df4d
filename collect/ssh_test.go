package collect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mcaudit/mcaudit/internal/outdir"
	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

const labDir = "../fixtures/lab/snapshot"

// device starts a fake switch answering the lab's recorded outputs of name.
func device(t *testing.T, name, platform string, cfg fakessh.Config) *fakessh.Server {
	t.Helper()
	if cfg.Outputs == nil {
		out, err := fakessh.FromSnapshot(labDir, name, cisco.Commands(platform, "ssh"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Outputs = out
	}
	if platform == cisco.NXOS {
		cfg.Flavor = fakessh.NXOS
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "dc1-" + name
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "netops", "lab-password"
	}
	s, err := fakessh.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// knownHosts writes a known_hosts file trusting servers.
func knownHosts(t *testing.T, servers ...*fakessh.Server) string {
	t.Helper()
	var b strings.Builder
	for _, s := range servers {
		b.WriteString(s.KnownHostsLine() + "\n")
	}
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// target is what Targets makes of a device on s, completeness check
// included.
func target(name, platform string, s *fakessh.Server) Target {
	t, err := NewTarget(name, platform, s.Host(), s.Port(), "ssh")
	if err != nil {
		panic(err)
	}
	return t
}

func sshCollector(kh string, timeouts Timeouts) *SSH {
	return &SSH{Creds: Credentials{Username: "netops", Password: "lab-password"}, KnownHosts: kh, Timeouts: timeouts}
}

var fast = Timeouts{Connect: 2 * time.Second, Command: 2 * time.Second, Device: 20 * time.Second}

func TestCollectReplaysTheLab(t *testing.T) {
	noLeaks(t)
	acc1 := device(t, "acc1", cisco.IOSXE, fakessh.Config{})
	leaf1 := device(t, "leaf1", cisco.NXOS, fakessh.Config{})
	c := sshCollector(knownHosts(t, acc1, leaf1), fast)
	results := Run(context.Background(), []Target{target("acc1", cisco.IOSXE, acc1), target("leaf1", cisco.NXOS, leaf1)},
		Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast, ToolVersion: "test"})
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Target.Name, r.Err)
		}
		// The configuration, three show commands and the two neighbor
		// tables: acc1's LLDP answer is that LLDP is off, recorded as it
		// said it.
		if len(r.Device.Outputs) != 6 || r.Device.Meta.Platform != r.Target.Platform || r.Device.Meta.ToolVersion != "test" {
			t.Fatalf("%s: %d outputs, meta %+v", r.Target.Name, len(r.Device.Outputs), r.Device.Meta)
		}
		if r.Device.Outputs[4].Command != "show cdp neighbors detail" || r.Device.Outputs[5].Command != "show lldp neighbors detail" {
			t.Errorf("%s: the neighbor tables are not recorded: %q, %q", r.Target.Name, r.Device.Outputs[4].Command, r.Device.Outputs[5].Command)
		}
		for _, o := range r.Device.Outputs {
			orig, err := os.ReadFile(filepath.Join(labDir, o.Rel))
			if err != nil {
				t.Fatal(err)
			}
			// What a device prints and what the collector records differ
			// only in what scrapligo cannot carry: trailing blanks on
			// lines and blank lines at the ends.
			if want := fakessh.ExpectedResult(string(orig)) + "\n"; string(o.Data) != want {
				t.Errorf("%s: recorded output differs from the device's (%d vs %d bytes)", o.Rel, len(o.Data), len(want))
			}
		}
	}
	got := acc1.Received()
	for _, want := range []string{"terminal length 0", "terminal width 512", "show running-config", "show ip igmp snooping querier"} {
		if !contains(got, want) {
			t.Errorf("acc1 never received %q (got %q)", want, got)
		}
	}
}

func TestCollectFaultsStayPerDevice(t *testing.T) {
	noLeaks(t)
	short := Timeouts{Connect: 500 * time.Millisecond, Command: 500 * time.Millisecond, Device: 10 * time.Second}
	good := device(t, "acc1", cisco.IOSXE, fakessh.Config{})
	wrongPw := device(t, "acc1", cisco.IOSXE, fakessh.Config{Username: "netops", Password: "another"})
	hang := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{HangOn: "show running-config"}})
	drop := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{DropOn: "show running-config"}})
	prompt := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{UnexpectedPrompt: true}})
	slow := device(t, "acc1", cisco.IOSXE, fakessh.Config{Delay: 100 * time.Millisecond})
	tarpit := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{StallHandshake: true}})
	rekeyed := device(t, "acc1", cisco.IOSXE, fakessh.Config{})
	unknown := device(t, "acc1", cisco.IOSXE, fakessh.Config{})
	kh := knownHosts(t, good, wrongPw, hang, drop, prompt, slow, tarpit)
	// rekeyed's address is known with another device's key: its key changed.
	line := strings.Replace(good.KnownHostsLine(), "[127.0.0.1]:"+strconv.Itoa(good.Port()), "[127.0.0.1]:"+strconv.Itoa(rekeyed.Port()), 1)
	appendFile(t, kh, line+"\n")

	cases := []struct {
		name string
		srv  *fakessh.Server
		want string // "" = success
	}{
		{"good", good, ""},
		{"wrong-password", wrongPw, "authentication failed"},
		{"hang", hang, `"show running-config": no prompt after the output (device hung?)`},
		{"drop", drop, `"show running-config": connection dropped by the device`},
		{"unexpected-prompt", prompt, "logged in but no prompt was recognised"},
		{"slow", slow, ""},
		{"tarpit", tarpit, "ssh handshake with 127.0.0.1:" + strconv.Itoa(tarpit.Port()) + " did not finish within 500ms"},
		{"host-key-changed", rekeyed, "host key changed: the device's key does not match known_hosts line"},
		{"host-key-unknown", unknown, "host key unknown"},
	}
	var targets []Target
	for _, c := range cases {
		tg := target(c.name, cisco.IOSXE, c.srv)
		targets = append(targets, tg)
	}
	start := time.Now()
	results := Run(context.Background(), targets, Options{Transports: map[string]Collector{"ssh": sshCollector(kh, short)}, Timeouts: short})
	elapsed := time.Since(start)
	for i, c := range cases {
		r := results[i]
		switch {
		case c.want == "" && r.Err != nil:
			t.Errorf("%s: %v", c.name, r.Err)
		case c.want == "" && len(r.Device.Outputs) != 6:
			t.Errorf("%s: %d outputs", c.name, len(r.Device.Outputs))
		case c.want != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), c.want)):
			t.Errorf("%s: error %v, want it to contain %q", c.name, r.Err, c.want)
		case c.want != "" && !strings.HasPrefix(r.Err.Error(), c.name+" (127.0.0.1): "):
			t.Errorf("%s: error does not name the device first: %v", c.name, r.Err)
		}
		if r.Err != nil && strings.Contains(r.Err.Error(), "lab-password") {
			t.Errorf("%s: the password appears in the error", c.name)
		}
		// Each of slow's five commands waits 100 ms: its time is reported.
		if c.name == "slow" && r.Elapsed < 400*time.Millisecond {
			t.Errorf("slow: collected in %s, want at least 400ms", r.Elapsed)
		}
	}
	t.Logf("9 devices, 7 faults, in %s", elapsed)
}

func TestCollectEnableSecret(t *testing.T) {
	noLeaks(t)
	s := device(t, "acc2", cisco.IOS, fakessh.Config{EnableSecret: "en-secret"})
	c := sshCollector(knownHosts(t, s), fast)
	c.Creds.Enable = "en-secret"
	r := Run(context.Background(), []Target{target("acc2", cisco.IOS, s)}, Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if !contains(s.Received(), "enable") {
		t.Errorf("no enable sent: %q", s.Received())
	}
}

// A user who logs in unprivileged needs the enable secret: without one the
// device asks for it in vain, and the error says which setting is missing.
func TestCollectEnableSecretMissing(t *testing.T) {
	noLeaks(t)
	s := device(t, "acc2", cisco.IOS, fakessh.Config{EnableSecret: "en-secret"})
	c := sshCollector(knownHosts(t, s), fast)
	r := Run(context.Background(), []Target{target("acc2", cisco.IOS, s)}, Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the device asked for the enable password, but none is configured: set credentials.enable_env or enable_file in the inventory, or MCAUDIT_ENABLE") {
		t.Errorf("no enable secret: %v", r.Err)
	}
	c.Creds.Enable = "wrong"
	r = Run(context.Background(), []Target{target("acc2", cisco.IOS, s)}, Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the device refused the enable password") {
		t.Errorf("a wrong enable secret: %v", r.Err)
	}
	if r.Err != nil && strings.Contains(r.Err.Error(), "wrong") {
		t.Errorf("the secret appears in the error: %v", r.Err)
	}
}

func TestCollectSkipsRejectedOptionalCommands(t *testing.T) {
	noLeaks(t)
	s := device(t, "acc1", cisco.IOSXE, fakessh.Config{Outputs: map[string]string{"show running-config": withHeader("hostname x\ninterface Gi1/0/1\nend\n")}})
	c := sshCollector(knownHosts(t, s), fast)
	r := Run(context.Background(), []Target{target("acc1", cisco.IOSXE, s)}, Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if len(r.Device.Outputs) != 1 || len(r.Skipped) != len(cisco.Commands(cisco.IOSXE, "ssh"))-1 {
		t.Errorf("outputs %d, skipped %q", len(r.Device.Outputs), r.Skipped)
	}
	// The required command rejected is an error.
	s2 := device(t, "acc1", cisco.IOSXE, fakessh.Config{Outputs: map[string]string{}})
	c2 := sshCollector(knownHosts(t, s2), fast)
	r = Run(context.Background(), []Target{target("acc1", cisco.IOSXE, s2)}, Options{Transports: map[string]Collector{"ssh": c2}, Timeouts: fast})[0]
	if r.Err == nil || !errors.Is(r.Err, ErrRejected) || !strings.Contains(r.Err.Error(), "% Invalid input detected") {
		t.Errorf("rejected running-config: %v", r.Err)
	}
}

func TestCollectCancel(t *testing.T) {
	noLeaks(t)
	s := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{HangOn: "show running-config"}})
	c := sshCollector(knownHosts(t, s), Timeouts{Connect: 2 * time.Second, Command: time.Minute, Device: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r := Run(ctx, []Target{target("acc1", cisco.IOSXE, s)}, Options{Transports: map[string]Collector{"ssh": c}})[0]
	if r.Err == nil || !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("cancelled collection: %v", r.Err)
	}
	if r.Elapsed > 10*time.Second {
		t.Errorf("cancelled collection took %s", r.Elapsed)
	}
}

// TestRecordingScrubsSecrets collects a config holding every kind of
// secret and records it: none of them may reach the disk.
func TestRecordingScrubsSecrets(t *testing.T) {
	noLeaks(t)
	secrets := []string{"S3cr3tEnPw", "S3cr3tUserPw", "S3cr3tTacBlock", "S3cr3tNXAuth", "S3cr3tNXPriv", "S3cr3tNXComm", "S3cr3tEnable", "S3cr3tUser", "S3cr3tComm", "S3cr3tAuth", "S3cr3tPriv", "S3cr3tTacacs",
		"S3cr3tRadius", "S3cr3tKeyString", "S3cr3tPSK", "S3cr3tNX", "S3cr3tVty", "30820122DEADBEEF"}
	config := strings.Join([]string{
		"hostname sec1",
		"enable secret 9 S3cr3tEnable",
		"enable password 7 S3cr3tEnPw",
		"username backup password 7 S3cr3tUserPw",
		"tacacs server ISE1",
		" address ipv4 10.1.1.1",
		" key 7 S3cr3tTacBlock",
		"username admin privilege 15 secret 9 S3cr3tUser",
		"snmp-server community S3cr3tComm RO",
		"snmp-server user ops OPS v3 auth sha S3cr3tAuth priv aes 128 S3cr3tPriv",
		"tacacs-server host 10.1.1.1 key 7 S3cr3tTacacs",
		"radius server R1",
		" key 7 S3cr3tRadius",
		"key chain K",
		" key 1",
		"  key-string 7 S3cr3tKeyString",
		"crypto isakmp key S3cr3tPSK address 10.2.2.2",
		"crypto pki certificate chain TP-self-signed-1",
		" certificate self-signed 01",
		"  30820122DEADBEEF 30820122 A0030201 02020101",
		"  \tquit",
		"interface GigabitEthernet1/0/1",
		" switchport access vlan 100",
		"line vty 0 4",
		" password 7 S3cr3tVty",
		"end", "",
	}, "\n")
	config = withHeader(config)
	nx := "!Command: show running-config\nhostname nx1\nusername admin password 5 S3cr3tNX  role network-admin\n" +
		"snmp-server user admin network-admin auth md5 S3cr3tNXAuth priv S3cr3tNXPriv localizedkey\n" +
		"snmp-server community S3cr3tNXComm group network-operator\ninterface Ethernet1/1\n  switchport\n"
	ios := device(t, "sec1", cisco.IOSXE, fakessh.Config{Outputs: map[string]string{"show running-config": config}})
	nxos := device(t, "nx1", cisco.NXOS, fakessh.Config{Hostname: "nx1", Outputs: map[string]string{"show running-config": nx}})
	c := sshCollector(knownHosts(t, ios, nxos), fast)
	results := Run(context.Background(), []Target{target("sec1", cisco.IOSXE, ios), target("nx1", cisco.NXOS, nxos)},
		Options{Transports: map[string]Collector{"ssh": c}, Timeouts: fast})
	root := t.TempDir()
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if err := snapshot.Write(mustOutDir(t, root), r.Device); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := os.ReadFile(path)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s contains the secret %q", path, s)
			}
		}
		return err
	})
	if err != nil || n != 4 {
		t.Fatalf("walked %d files: %v", n, err)
	}
	b, _ := os.ReadFile(filepath.Join(root, "sec1", "show_running-config.txt"))
	for _, want := range []string{"enable secret 9 <scrubbed>", " switchport access vlan 100"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("recorded config lacks %q", want)
		}
	}
}

// noLeaks checks, after every cleanup (the servers' closing included),
// that no goroutine is left.
func noLeaks(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func mustOutDir(t *testing.T, path string) *outdir.Dir {
	t.Helper()
	d, err := outdir.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// withHeader puts IOS's "Current configuration : N bytes" line in front
// of a configuration, N counting what follows it.
func withHeader(config string) string {
	return "Current configuration : " + strconv.Itoa(len(config)) + " bytes\n" + config
}
