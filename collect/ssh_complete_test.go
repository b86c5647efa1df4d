package collect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/internal/testrig/fakessh"
	"github.com/mcaudit/mcaudit/vendors/cisco"
)

// withBanner puts a banner motd into a recorded running-config where the
// platform prints it: IOS before the line configuration, NX-OS near the
// top.
func withBanner(t *testing.T, rel string, lines ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(labDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	config := string(b)
	banner := "banner motd ^\n" + strings.Join(lines, "\n") + "\n^\n"
	if i := strings.Index(config, "\nline con 0\n"); i >= 0 {
		return config[:i+1] + banner + config[i+1:]
	}
	head, rest, _ := strings.Cut(config, "\n")
	return head + "\n" + banner + rest
}

// A banner line shaped like a prompt, then a pause, used to end the
// recorded running-config there: collect said ok and the audit of what it
// read passed. Now the output is read to the device's own prompt, and the
// line is kept as it was printed.
func TestCollectReadsPastPromptLikeLines(t *testing.T) {
	noLeaks(t)
	for _, tc := range []struct{ name, platform, line string }{
		{"leaf1", cisco.NXOS, "AUTHORIZED-ACCESS-ONLY#"},
		{"acc2", cisco.IOS, "router>"},
	} {
		t.Run(tc.platform, func(t *testing.T) {
			out, err := fakessh.FromSnapshot(labDir, tc.name, cisco.Commands(tc.platform, "ssh"))
			if err != nil {
				t.Fatal(err)
			}
			config := withBanner(t, tc.name+"/show_running-config.txt", "Authorized access only", tc.line, "Disconnect now")
			if tc.platform != cisco.NXOS {
				// The banner is part of what the header counts.
				config = fixHeader(t, config)
			}
			out["show running-config"] = config
			s := device(t, tc.name, tc.platform, fakessh.Config{Outputs: out,
				Faults: fakessh.Faults{PauseAfterLine: tc.line, Pause: 300 * time.Millisecond}})
			r := Run(context.Background(), []Target{target(tc.name, tc.platform, s)},
				Options{Transports: map[string]Collector{"ssh": sshCollector(knownHosts(t, s), fast)}, Timeouts: fast})[0]
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			got := string(r.Device.Outputs[0].Data)
			if want := fakessh.ExpectedResult(config) + "\n"; got != want {
				t.Errorf("recorded running-config differs from the device's (%d vs %d bytes); it ends:\n%s", len(got), len(want), got[max(0, len(got)-200):])
			}
			if !strings.Contains(got, "\n"+tc.line+"\n") {
				t.Errorf("the prompt-like line %q was blanked", tc.line)
			}
		})
	}
}

// A banner line that is the device's own prompt cannot be told from it
// while the device pauses there. The running-config read is then short,
// and the device fails instead of being recorded.
func TestCollectRefusesATruncatedConfig(t *testing.T) {
	noLeaks(t)
	for _, tc := range []struct{ name, platform, line, want string }{
		{"leaf1", cisco.NXOS, "dc1-leaf1#", `"show running-config": running-config not proven complete: 2 lines were read, "show running-config | count" says 255`},
		{"acc1", cisco.IOSXE, "dc1-acc1#", `"show running-config": running-config not proven complete: it does not end with "end"`},
	} {
		t.Run(tc.platform, func(t *testing.T) {
			out, err := fakessh.FromSnapshot(labDir, tc.name, cisco.Commands(tc.platform, "ssh"))
			if err != nil {
				t.Fatal(err)
			}
			config := withBanner(t, tc.name+"/show_running-config.txt", "Authorized access only", tc.line)
			if tc.platform != cisco.NXOS {
				config = fixHeader(t, config)
			}
			out["show running-config"] = config
			s := device(t, tc.name, tc.platform, fakessh.Config{Outputs: out,
				Faults: fakessh.Faults{PauseAfterLine: tc.line, Pause: 300 * time.Millisecond}})
			r := Run(context.Background(), []Target{target(tc.name, tc.platform, s)},
				Options{Transports: map[string]Collector{"ssh": sshCollector(knownHosts(t, s), fast)}, Timeouts: fast})[0]
			if r.Err == nil || !errors.Is(r.Err, cisco.ErrIncomplete) || !strings.Contains(r.Err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", r.Err, tc.want)
			}
			if r.Device != nil {
				t.Error("a truncated running-config was recorded")
			}
		})
	}
}

// An NX-OS that cannot count its configuration's lines cannot prove it
// whole: the device fails, saying so.
func TestCollectNXOSWithoutCount(t *testing.T) {
	noLeaks(t)
	s := device(t, "leaf1", cisco.NXOS, fakessh.Config{Outputs: map[string]string{"show running-config": "!Command: show running-config\nhostname x\ninterface Ethernet1/1\n"}})
	// fakessh counts any recorded command; a device without the filter
	// answers "% Invalid command".
	tg := target("leaf1", cisco.NXOS, s)
	tg.Complete = func(data []byte, run func(string) ([]byte, error)) error {
		return cisco.CheckComplete(cisco.NXOS, data, func(string) ([]byte, error) { return run("show running-config | wc") })
	}
	r := Run(context.Background(), []Target{tg}, Options{Transports: map[string]Collector{"ssh": sshCollector(knownHosts(t, s), fast)}, Timeouts: fast})[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), `running-config not proven complete: "show running-config | count": command rejected by the device: % Invalid command`) {
		t.Errorf("error %v", r.Err)
	}
}

// A device that streams without end fails at the output limit, and the
// collector's memory stays near the limit instead of growing with the
// stream until the command timeout.
func TestCollectOutputCap(t *testing.T) {
	noLeaks(t)
	s := device(t, "acc1", cisco.IOSXE, fakessh.Config{Faults: fakessh.Faults{StreamOn: "show running-config"}})
	c := sshCollector(knownHosts(t, s), Timeouts{Connect: 2 * time.Second, Command: 20 * time.Second, Device: 30 * time.Second})
	c.MaxOutput = 4 << 20
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r := Run(context.Background(), []Target{target("acc1", cisco.IOSXE, s)}, Options{Transports: map[string]Collector{"ssh": c}})[0]
	elapsed := time.Since(start)
	if r.Err == nil || !errors.Is(r.Err, ErrOutputCap) || !strings.Contains(r.Err.Error(), `"show running-config": output larger than the limit of 4194304 bytes (--max-output)`) {
		t.Fatalf("error %v", r.Err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	// What the whole collection allocated, not what is live: a bound on
	// what it could have held.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("the collection allocated %d MB for a 4 MB limit", grew>>20)
	}
	t.Logf("stopped after %s, %d MB allocated", elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
}

// fixHeader rewrites the "Current configuration : N bytes" line of an IOS
// config to count what follows it.
func fixHeader(t *testing.T, config string) string {
	t.Helper()
	i := strings.Index(config, "Current configuration : ")
	if i < 0 {
		t.Fatal("no Current configuration header")
	}
	eol := strings.IndexByte(config[i:], '\n')
	return config[:i] + withHeader(config[i+eol+1:])
}
