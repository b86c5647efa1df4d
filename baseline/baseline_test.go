package baseline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
)

func pgm(line, seq int, iface string) rules.Finding {
	return rules.Finding{Rule: "pgm-blocked", Severity: rules.Error, Device: "acc1", Cluster: "eft", VLAN: 100,
		Message:  "ACL EDGE-IN on " + iface + " denies IP protocol 113",
		Evidence: []model.Ref{{File: "acc1/show_running-config.txt", Line: line, Text: " 70 deny ip any any"}},
		Subject:  &rules.Subject{Interface: iface, ACL: "EDGE-IN", Direction: "in", Seq: seq, Sources: []string{"10.0.0.12/32", "10.0.0.11/32"}}}
}

func unparsed(line int, text string) rules.Finding {
	return rules.Finding{Rule: "config-unparsed", Severity: rules.Warning, Device: "acc1", VLAN: 100,
		Message:  "line could not be read",
		Evidence: []model.Ref{{File: "acc1/show_running-config.txt", Line: line, Text: text}}}
}

func TestFingerprint(t *testing.T) {
	base := Fingerprint(pgm(439, 70, "Gi1/0/10"))
	same := []rules.Finding{
		pgm(512, 70, "Gi1/0/10"), // the config grew above it
		pgm(439, 80, "Gi1/0/10"), // the ACL was resequenced
		func() rules.Finding {
			f := pgm(439, 70, "Gi1/0/10")
			f.Subject.Sources = []string{"10.0.0.11/32", "10.0.0.12/32"}
			return f
		}(),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.Message = "reworded"; return f }(),
	}
	for i, f := range same {
		if got := Fingerprint(f); got != base {
			t.Errorf("case %d: fingerprint changed: %s != %s", i, got, base)
		}
	}
	differ := []rules.Finding{
		pgm(439, 70, "Gi1/0/11"),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.Device = "acc2"; return f }(),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.Cluster = "other"; return f }(),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.VLAN = 200; return f }(),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.Rule = "acl-unparsed"; return f }(),
		func() rules.Finding { f := pgm(439, 70, "Gi1/0/10"); f.Subject.Direction = "out"; return f }(),
	}
	for i, f := range differ {
		if Fingerprint(f) == base {
			t.Errorf("case %d: %+v has the fingerprint of another finding", i, f)
		}
	}
	// Without a subject, the evidence text tells findings apart, not its line.
	if Fingerprint(unparsed(10, " storm-control  foo")) != Fingerprint(unparsed(90, " storm-control foo")) {
		t.Error("an unparsed line moved or re-spaced became another finding")
	}
	if Fingerprint(unparsed(10, " storm-control foo")) == Fingerprint(unparsed(10, " storm-control bar")) {
		t.Error("two unparsed lines share a fingerprint")
	}
	// Fields cannot run into each other.
	a := rules.Finding{Rule: "r", Device: "ab", Cluster: "c"}
	b := rules.Finding{Rule: "r", Device: "a", Cluster: "bc"}
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("device and cluster run into each other")
	}
}

func TestCompare(t *testing.T) {
	old := []rules.Finding{pgm(439, 70, "Gi1/0/10"), unparsed(5, "x"), unparsed(6, "x"), unparsed(7, "gone")}
	now := []rules.Finding{unparsed(8, "x"), pgm(500, 70, "Gi1/0/10"), pgm(500, 70, "Gi1/0/12"), unparsed(9, "x"), unparsed(10, "x")}
	d := Compare("old.json", now, old)
	want := []State{Unchanged, Unchanged, New, Unchanged, New} // two "x" before, three now: one is new
	for i := range want {
		if d.States[i] != want[i] {
			t.Errorf("finding %d: %s, want %s", i, d.States[i], want[i])
		}
	}
	if len(d.Fixed) != 1 || d.Fixed[0].Evidence[0].Text != "gone" {
		t.Errorf("fixed %+v", d.Fixed)
	}
	if d.Count(New) != 2 || d.Count(Unchanged) != 3 || d.Count(Fixed) != 1 {
		t.Errorf("counts %d new %d unchanged %d fixed", d.Count(New), d.Count(Unchanged), d.Count(Fixed))
	}
	if d := Compare("none.json", nil, old); len(d.Fixed) != len(old) || len(d.States) != 0 {
		t.Errorf("everything fixed: %+v", d)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fs, err := Load(write("ok.json", `{"version": 1, "findings": [{"rule": "pgm-blocked", "severity": "error", "device": "acc1", "vlan": 100,
	  "message": "m", "evidence": [{"file": "f", "line": 3, "text": "t"}], "subject": {"interface": "Gi1/0/10"}, "baseline": "new"}],
	  "summary": {"errors": 1}}`))
	if err != nil || len(fs) != 1 || fs[0].Subject.Interface != "Gi1/0/10" || fs[0].Severity != rules.Error {
		t.Fatalf("Load: %+v, %v", fs, err)
	}
	for name, c := range map[string]struct{ text, err string }{
		"empty.json":    {``, "line 1: not JSON"},
		"syntax.json":   {"{\n\"version\": 1,\n\"findings\": [,]}", "line 3: not JSON"},
		"v2.json":       {`{"version": 2, "findings": []}`, "report version 2, this mcaudit reads version 1"},
		"none.json":     {`{"runs": []}`, "not an mcaudit JSON report"},
		"type.json":     {`{"version": 1, "findings": {}}`, "not an mcaudit JSON report"},
		"norule.json":   {`{"version": 1, "findings": [{"device": "a"}]}`, "finding 1 has no rule or device"},
		"nodev.json":    {`{"version": 1, "findings": [{"rule": "a"}]}`, "finding 1 has no rule or device"},
		"array.json":    {`[]`, "not an mcaudit JSON report"},
		"trailing.json": {`{"version": 1, "findings": []} x`, "not JSON"},
	} {
		_, err := Load(write(name, c.text))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want %q naming the file", name, err, c.err)
		}
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "want a JSON report file") {
		t.Errorf("a directory: %v", err)
	}
}

// A baseline is untrusted input: whatever it holds, reading it fails
// cleanly or gives findings that compare.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version": 1, "findings": [{"rule": "pgm-blocked", "device": "acc1", "subject": {"sources": ["10.0.0.1/32"]}, "evidence": [{"text": "x"}]}]}`))
	f.Add([]byte(`{"version": 1, "findings": []}`))
	f.Add([]byte(`{"version": "2.1.0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := parse("fuzz.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "baseline fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		d := Compare("fuzz.json", fs, fs)
		if d.Count(New) != 0 || len(d.Fixed) != 0 || d.Count(Unchanged) != len(fs) {
			t.Fatalf("a report against itself: %d new, %d fixed of %d", d.Count(New), len(d.Fixed), len(fs))
		}
	})
}

// Two refusals of one device cite the same kind of line ("code": ...):
// the request they name tells them apart.
func TestFingerprintOfRefusals(t *testing.T) {
	ev := []model.Ref{{File: "gx/gnmi_acl.json", Line: 3, Text: `"code": "Unimplemented",`}}
	a := rules.Finding{Rule: "data-refused", Device: "gx", VLAN: 100, Evidence: ev, Subject: &rules.Subject{Request: "gnmi:/acl"}}
	b := a
	b.Subject = &rules.Subject{Request: "gnmi:/network-instances/network-instance[name=default]/vlans"}
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("two refused requests share a fingerprint")
	}
	// Other findings keep their fingerprints: the lab's SARIF golden,
	// which carries them, is unchanged by the field.
}
