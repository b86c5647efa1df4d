//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gopacket/gopacket/pcapgo"

	"github.com/mcaudit/mcaudit/internal/cli"
	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
	"github.com/mcaudit/mcaudit/verify"
)

type run struct {
	code     int
	out, err string
}

// verifyAll runs `mcaudit verify args...` on every host of the bed at
// once, in process, with the sockets in each host's namespace.
func verifyAll(t *testing.T, b *netbed.Bed, args ...string) []run {
	t.Helper()
	return verifyEach(t, b, func(int) []string { return args })
}

// verifyEach is verifyAll with arguments of each host's own.
func verifyEach(t *testing.T, b *netbed.Bed, argsOf func(host int) []string) []run {
	t.Helper()
	var peers []string
	for _, h := range b.Hosts {
		peers = append(peers, h.Addr.String())
	}
	runs := make([]run, len(b.Hosts))
	var wg sync.WaitGroup
	for i, h := range b.Hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out, errb bytes.Buffer
			args := append([]string{"verify", "--group", "239.192.0.10", "--peers", strings.Join(peers, ",")}, argsOf(i)...)
			_ = h.Do(func() error {
				runs[i].code = cli.Main(args, cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
				return nil
			})
			runs[i].out, runs[i].err = out.String(), errb.String()
		}()
	}
	wg.Wait()
	return runs
}

func TestVerifyCommandPassesWithQuerier(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true, QuerierAddr: true})
	for i, r := range verifyAll(t, b) {
		self, peer := b.Hosts[i].Addr.String(), b.Hosts[1-i].Addr.String()
		if r.code != cli.ExitOK {
			t.Errorf("%s: exit %d, want 0\n%s%s", self, r.code, r.out, r.err)
		}
		for _, want := range []string{
			"mcaudit verify on " + self + " (eth0): group 239.192.0.10, port 7500, TTL 255, quick run",
			"\n" + peer + " ",
			"IGMP querier: pass — IGMPv3 querier 192.0.2.254, query interval 2m5s (qqic)",
			"memberships last 4m20s",
			"Unregistered multicast flooded to this host: no",
			"Verdict: PASS",
		} {
			if !strings.Contains(r.out, want) {
				t.Errorf("%s: output lacks %q:\n%s", self, want, r.out)
			}
		}
		if !strings.Contains(r.err, "verify: probing 1 peer(s) from "+self+" on eth0 until the verdict") {
			t.Errorf("%s: stderr %q", self, r.err)
		}
	}
}

func TestVerifyCommandFailsOnACL(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	b.DropProtocol(t, 113)
	for i, r := range verifyAll(t, b, "--format", "json") {
		if r.code != cli.ExitFindings {
			t.Errorf("host %d: exit %d, want 1\n%s", i, r.code, r.err)
		}
		var res verify.Result
		if err := json.Unmarshal([]byte(r.out), &res); err != nil {
			t.Fatalf("host %d: %v\n%s", i, err, r.out)
		}
		if res.Verdict != verify.Fail || len(res.Peers) != 1 || !strings.Contains(strings.Join(res.Peers[0].Diagnosis, "\n"), "IP protocol 113 is filtered") {
			t.Errorf("host %d: %+v", i, res)
		}
	}
}

// --pcap writes each host's capture even when the verdict is fail, and
// says so on stderr; a path that cannot be written is bad usage before
// anything is sent.
func TestVerifyCommandWritesPcap(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	b.DropProtocol(t, 113)
	dir := t.TempDir()
	runs := verifyEach(t, b, func(i int) []string { return []string{"--pcap", filepath.Join(dir, fmt.Sprint(i, ".pcapng"))} })
	for i, r := range runs {
		if r.code != cli.ExitFindings || !strings.Contains(r.err, "verify: wrote ") {
			t.Errorf("host %d: exit %d\n%s", i, r.code, r.err)
		}
		f, err := os.Open(filepath.Join(dir, fmt.Sprint(i, ".pcapng")))
		if err != nil {
			t.Fatal(err)
		}
		ng, err := pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			t.Fatal(err)
		}
		if c := ng.SectionInfo().Comment; !strings.Contains(c, ": fail (group 239.192.0.10") || !strings.Contains(c, "IP protocol 113 is filtered") {
			t.Errorf("host %d: comment %q", i, c)
		}
		f.Close()
	}
	r := verifyAll(t, b, "--pcap", filepath.Join(dir, "missing", "x.pcapng"))
	if r[0].code != cli.ExitUsage || !strings.Contains(r[0].err, "--pcap: open ") {
		t.Errorf("unwritable --pcap: exit %d %s", r[0].code, r[0].err)
	}
}

// Without CAP_NET_RAW the command says what to do and exits 2; with only
// that capability, as `setcap cap_net_raw+ep` gives, it runs.
func TestVerifyCommandPrivilege(t *testing.T) {
	if os.Getenv("MCAUDIT_VERIFY_HELPER") == "1" {
		return
	}
	b := netbed.New(t, netbed.Options{Snooping: true})
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary must be reachable by nobody.
	bin := t.TempDir() + "/mcaudit.test"
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(t.TempDir()+"/..", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		caps []string
		code int
		want string
	}{
		{"nobody", nil, cli.ExitUsage, "verify needs raw IP sockets (IP protocol 113 and IGMP): run as root, or grant CAP_NET_RAW (sudo setcap cap_net_raw+ep $(command -v mcaudit)); on Windows run from an elevated (Administrator) prompt"},
		{"nobody with CAP_NET_RAW", []string{"--inh-caps", "+net_raw", "--ambient-caps", "+net_raw"}, cli.ExitFindings, "nothing arrived from 192.0.2.2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"netns", "exec", b.Hosts[0].NS, "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"}, c.caps...)
			args = append(args, bin, "-test.run", "^TestVerifyHelper$", "--",
				"verify", "--group", "239.192.0.10", "--peers", "192.0.2.2", "--timeout", "1s", "--querier-wait", "1s")
			cmd := exec.Command("ip", args...)
			cmd.Env = append(os.Environ(), "MCAUDIT_VERIFY_HELPER=1")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.code || !strings.Contains(out.String(), c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, c.code, c.want, out.String())
			}
		})
	}
}

// TestVerifyHelper is the command TestVerifyCommandPrivilege runs as
// another user.
func TestVerifyHelper(t *testing.T) {
	if os.Getenv("MCAUDIT_VERIFY_HELPER") != "1" {
		t.Skip("run by TestVerifyCommandPrivilege")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(cli.Main(args, cli.SystemStreams()))
}

// A soak prints each window as it closes and its table at the end.
func TestVerifyCommandSoak(t *testing.T) {
	b := netbed.New(t, netbed.Options{Snooping: true, Querier: true})
	for i, r := range verifyAll(t, b, "--duration", "2s", "--window", "1s") {
		peer := b.Hosts[1-i].Addr.String()
		if r.code != cli.ExitOK {
			t.Errorf("host %d: exit %d\n%s%s", i, r.code, r.out, r.err)
		}
		if !strings.Contains(r.err, "for 2s (Ctrl-C") || !strings.Contains(r.err, "verify: 0s–1") || !strings.Contains(r.err, "from "+peer+": PGM loss ") {
			t.Errorf("host %d: progress on stderr:\n%s", i, r.err)
		}
		if !strings.Contains(r.out, "soak run of 2") || !strings.Contains(r.out, "Loss from "+peer+" per window:") {
			t.Errorf("host %d: output:\n%s", i, r.out)
		}
	}
}
