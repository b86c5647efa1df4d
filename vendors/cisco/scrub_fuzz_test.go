package cisco_test

import (
	"bytes"
	"github.com/mcaudit/mcaudit/vendors/cisco"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mcaudit/mcaudit/model"
)

// seeds returns every input the other tests use.
func seeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, c := range append(iosCases(), nxosCases()...) {
		out = append(out, []byte(c.in))
	}
	for _, in := range negativeCases() {
		out = append(out, []byte(in+"\n"))
	}
	for _, f := range []string{"full-iosxe.cfg", "full-nxos.cfg"} {
		b, err := os.ReadFile(filepath.Join("testdata", "scrub", f))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	for _, lc := range labConfigs(tb) {
		b, err := os.ReadFile(filepath.Join(labDir, lc.rel))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b, enrich(rehydrate(b), lc.platform))
	}
	return out
}

// FuzzText: Text never panics, is idempotent, keeps every line and its
// ending, and grows the text by at most 64 bytes per secret replaced.
func FuzzScrub(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, n := cisco.ScrubText(in)
		if n < 0 {
			t.Fatalf("count %d", n)
		}
		if len(out) > len(in)+64*n {
			t.Fatalf("output %d bytes for %d in and %d secrets", len(out), len(in), n)
		}
		if a, b := bytes.Count(in, []byte("\n")), bytes.Count(out, []byte("\n")); a != b {
			t.Fatalf("%d lines in, %d out", a, b)
		}
		if a, b := bytes.Count(in, []byte("\r\n")), bytes.Count(out, []byte("\r\n")); a != b {
			t.Fatalf("%d CRLF endings in, %d out", a, b)
		}
		if n == 0 && !bytes.Equal(in, out) {
			t.Fatalf("nothing scrubbed, yet the text changed:\n%q\n%q", in, out)
		}
		again, n2 := cisco.ScrubText(out)
		if !bytes.Equal(again, out) || n2 != 0 {
			t.Fatalf("not idempotent (%d more):\nin:     %q\nonce:   %q\ntwice:  %q", n2, in, out, again)
		}
	})
}

// FuzzTextParses: what the config parser makes of a text, it makes of the
// scrubbed text too, but for the text of evidence on the scrubbed lines.
func FuzzScrubParses(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, n := cisco.ScrubText(in)
		if n == 0 {
			return
		}
		opts := modelOpts(map[string]map[int]bool{"cfg": changedLines(t, in, out)})
		if bytes.Contains(in, []byte("://")) {
			// A URL's credentials are scrubbed from descriptions and
			// names too.
			opts = append(opts, cmpopts.IgnoreFields(model.Interface{}, "Description"), cmpopts.IgnoreFields(model.VLAN{}, "Name"))
		}
		for _, platform := range []string{cisco.IOSXE, cisco.NXOS} {
			a, b := model.NewDevice("sw", platform), model.NewDevice("sw", platform)
			errA, errB := cisco.ParseConfig(a, "cfg", in), cisco.ParseConfig(b, "cfg", out)
			if errA != nil && errB == nil && bytes.IndexByte(in, 0) >= 0 && bytes.IndexByte(out, 0) < 0 {
				// The only NUL bytes were inside secrets, and went with
				// them. mcaudit parses only scrubbed text, live or
				// recorded, so the two never disagree.
				continue
			}
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s: parse error before scrubbing: %v; after: %v\nscrubbed:\n%s", platform, errA, errB, out)
			}
			if errA != nil {
				continue
			}
			if diff := cmp.Diff(a, b, opts); diff != "" {
				t.Fatalf("%s: models differ (-with secrets +scrubbed):\n%s", platform, diff)
			}
		}
	})
}

// benchInput repeats configs to at least 1 MiB.
func benchInput(b *testing.B, parts [][]byte) []byte {
	b.Helper()
	var buf bytes.Buffer
	for buf.Len() < 1<<20 {
		for _, p := range parts {
			buf.Write(p)
		}
	}
	return buf.Bytes()
}

// BenchmarkText scrubs 1 MiB configs: the lab's, with their secrets put
// back (a handful per thousand lines), and the full test configs (one
// secret in every four or five lines).
func BenchmarkScrub(b *testing.B) {
	var lab, full [][]byte
	for _, lc := range labConfigs(b) {
		data, err := os.ReadFile(filepath.Join(labDir, lc.rel))
		if err != nil {
			b.Fatal(err)
		}
		lab = append(lab, rehydrate(data))
	}
	for _, f := range []string{"full-iosxe.cfg", "full-nxos.cfg"} {
		data, err := os.ReadFile(filepath.Join("testdata", "scrub", f))
		if err != nil {
			b.Fatal(err)
		}
		full = append(full, data)
	}
	for _, c := range []struct {
		name  string
		parts [][]byte
	}{{"lab-1MiB", lab}, {"dense-1MiB", full}} {
		in := benchInput(b, c.parts)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				cisco.ScrubText(in)
			}
		})
	}
}
