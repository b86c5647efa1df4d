//go:build linux

package verify

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/internal/testrig/netbed"
)

// tshark finds Wireshark's command line; under CI it must be there.
func tshark(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tshark")
	if err != nil {
		msg := "needs tshark (Debian package tshark) to check captures"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: it must run)")
		}
		t.Skip(msg)
	}
	return p
}

// TestLivePcapOpensInWireshark: the capture of a real run holds every kind
// of packet the probe sends and receives, and Wireshark's own dissectors
// decode each without a malformed packet, a bad checksum or any other
// expert warning; the file's comment is the verdict.
func TestLivePcapOpensInWireshark(t *testing.T) {
	ts := tshark(t)
	b := netbed.New(t, netbed.Options{Hosts: 2, Snooping: true, Querier: true, QuerierAddr: true})
	probes := openAll(t, b, Config{})
	probes[0].Capture = NewCapture(DefaultCaptureLimit)
	results := runProbes(t, t.Context(), probes, 0)
	path := filepath.Join(t.TempDir(), "verify.pcapng")
	var buf bytes.Buffer
	if err := probes[0].Capture.WritePcapng(&buf, results[0].Interface, results[0].Host, Comment(results[0])); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		out, err := exec.Command(ts, append([]string{"-r", path, "-o", "pgm.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tshark %q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	// what each packet is, as Wireshark names it
	fields := run("-T", "fields", "-e", "frame.number", "-e", "_ws.col.Protocol", "-e", "pgm.hdr.type", "-e", "pkt_comment", "-e", "frame.p2p_dir")
	seen := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(fields), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			continue
		}
		key := f[1]
		if f[1] == "PGM" {
			key += " " + f[2]
		}
		seen[key]++
	}
	t.Logf("%d packets: %v", probes[0].Capture.Len(), seen)
	for _, want := range []string{"PGM 0x00", "PGM 0x04", "UDP", "IGMPv3"} { // SPM, ODATA
		if seen[want] == 0 {
			t.Errorf("no %s packet in the capture: %v", want, seen)
		}
	}
	// every expert item Wireshark raises, one line each
	expert := run("-q", "-z", "expert,note")
	if strings.Contains(expert, "Malformed") || strings.Contains(expert, "Bad checksum") || strings.Contains(strings.ToLower(expert), "warning") || strings.Contains(expert, "Errors (") {
		t.Errorf("Wireshark's expert info:\n%s", expert)
	}
	info := run("-q", "-z", "io,phs")
	t.Logf("protocol hierarchy:\n%s", info)
	comment, err := exec.Command("capinfos", "-k", path).CombinedOutput()
	if err != nil {
		t.Fatalf("capinfos: %v\n%s", err, comment)
	}
	if !strings.Contains(string(comment), "mcaudit verify from "+results[0].Host.String()) || !strings.Contains(string(comment), "querier: ") {
		t.Errorf("the file's comment is not the verdict:\n%s", comment)
	}
}
