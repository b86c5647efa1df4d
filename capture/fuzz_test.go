package capture

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcaudit/mcaudit/verify"
)

// FuzzRead: whatever the bytes, Read returns a report or ErrNotCapture,
// never panics, and a report's counts hold together.
func FuzzRead(f *testing.F) {
	tr := newTrace(f)
	tr.report(sec(0.05), node2, false)
	tr.queries(2*time.Second, 4)
	tr.sender(node1, 0, 2)
	tr.nak(sec(1), node3, node1, 3)
	tr.rdata(sec(1.1), node1, 3)
	tr.udp(sec(1.5), node1, group)
	f.Add(tr.pcap())
	f.Add(tr.pcapng())
	fixtures, _ := filepath.Glob("../fixtures/captures/*.pcap")
	for _, name := range fixtures {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Read("fuzz", bytes.NewReader(b), Options{})
		if err != nil {
			if !errors.Is(err, ErrNotCapture) {
				t.Fatalf("error %v is not ErrNotCapture", err)
			}
			return
		}
		if r.IPv4 > r.Packets || r.Cut > r.IPv4 || r.Fragments > r.IPv4 {
			t.Fatalf("counts: %d packets, %d IPv4, %d cut, %d fragments", r.Packets, r.IPv4, r.Cut, r.Fragments)
		}
		if r.Verdict != verify.Pass && r.Verdict != verify.Fail {
			t.Fatalf("verdict %q", r.Verdict)
		}
		problem := false
		for _, d := range r.Diagnosis {
			problem = problem || d.Problem
			if d.Text == "" {
				t.Fatal("an empty diagnosis line")
			}
		}
		if problem != (r.Verdict == verify.Fail) {
			t.Fatalf("verdict %s with problems %v", r.Verdict, problem)
		}
		for _, s := range r.Sessions {
			if s.Repaired > s.Missing || s.Gaps > s.Missing {
				t.Fatalf("session %+v: more repaired or gaps than missing", s)
			}
		}
	})
}
