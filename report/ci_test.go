package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/internal/markup"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
	"github.com/mcaudit/mcaudit/vendors"
)

const testVersion = "0.1.0-test"

// --- JUnit ---------------------------------------------------------------

// junitDoc is the JUnit XML read back with encoding/xml, independently of
// the types that wrote it.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Errors     int    `xml:"errors,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
			SystemOut *string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func renderJUnit(t *testing.T, res *audit.Result) ([]byte, junitDoc) {
	t.Helper()
	var b bytes.Buffer
	if err := JUnit(&b, res); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit output is not XML: %v\n%s", err, b.String())
	}
	return b.Bytes(), doc
}

// checkJUnit checks the document against the result it was made from:
// the counts everywhere, a case per audited device and rule, every error
// finding in its case's failure with its evidence, every other finding in
// its case's system-out, an erroring "audit" case per failed device.
func checkJUnit(t *testing.T, res *audit.Result, doc junitDoc) {
	t.Helper()
	nrules := len(rules.All())
	wantTests, wantFailures, wantErrors := 0, 0, 0
	failing := map[[2]string]bool{}
	for _, f := range res.Findings {
		if f.Severity == rules.Error {
			failing[[2]string{f.Device, f.Rule}] = true
		}
	}
	for _, d := range res.Devices {
		if d.Status == audit.StatusOK {
			wantTests += nrules
		} else {
			wantTests++
			wantErrors++
		}
	}
	wantFailures = len(failing)
	if doc.Tests != wantTests || doc.Failures != wantFailures || doc.Errors != wantErrors {
		t.Errorf("testsuites: tests=%d failures=%d errors=%d, want %d %d %d",
			doc.Tests, doc.Failures, doc.Errors, wantTests, wantFailures, wantErrors)
	}
	if len(doc.Suites) != len(res.Devices) {
		t.Fatalf("%d suites for %d devices", len(doc.Suites), len(res.Devices))
	}
	sum := [3]int{}
	for i, s := range doc.Suites {
		d := res.Devices[i]
		if s.Name != d.Name {
			t.Errorf("suite %d is %q, want %q", i, s.Name, d.Name)
		}
		props := map[string]string{}
		for _, p := range s.Properties {
			props[p.Name] = p.Value
		}
		if props["platform"] != d.Platform || props["status"] != d.Status {
			t.Errorf("suite %s: properties %v", s.Name, props)
		}
		tests, failures, errors := 0, 0, 0
		for _, c := range s.Cases {
			tests++
			if c.Failure != nil {
				failures++
			}
			if c.Error != nil {
				errors++
			}
			if c.Classname != d.Name {
				t.Errorf("suite %s: case %s has classname %q", s.Name, c.Name, c.Classname)
			}
		}
		if s.Tests != tests || s.Failures != failures || s.Errors != errors {
			t.Errorf("suite %s: attributes tests=%d failures=%d errors=%d, cases say %d %d %d",
				s.Name, s.Tests, s.Failures, s.Errors, tests, failures, errors)
		}
		sum[0], sum[1], sum[2] = sum[0]+tests, sum[1]+failures, sum[2]+errors
		if d.Status != audit.StatusOK {
			if len(s.Cases) != 1 || s.Cases[0].Name != "audit" || s.Cases[0].Error == nil {
				t.Errorf("failed device %s: want exactly one erroring case \"audit\", got %+v", d.Name, s.Cases)
				continue
			}
			if s.Cases[0].Error.Message != d.Error || !strings.Contains(s.Cases[0].Error.Text, d.Error) {
				t.Errorf("failed device %s: error %+v does not carry %q", d.Name, s.Cases[0].Error, d.Error)
			}
			continue
		}
		cases := map[string]int{}
		for j, c := range s.Cases {
			cases[c.Name] = j
		}
		for _, rule := range rules.All() {
			if _, ok := cases[rule.ID]; !ok {
				t.Errorf("suite %s: no case for rule %s", s.Name, rule.ID)
			}
		}
		for _, c := range s.Cases {
			if (c.Failure != nil) != failing[[2]string{d.Name, c.Name}] {
				t.Errorf("%s %s: failure %v, want %v", d.Name, c.Name, c.Failure != nil, !(c.Failure != nil))
			}
		}
		for _, f := range res.Findings {
			if f.Device != d.Name {
				continue
			}
			c := s.Cases[cases[f.Rule]]
			text := ""
			switch {
			case f.Severity == rules.Error && c.Failure != nil:
				if !strings.Contains(c.Failure.Message, f.Message) {
					t.Errorf("%s %s: failure message %q lacks %q", d.Name, f.Rule, c.Failure.Message, f.Message)
				}
				text = c.Failure.Text
			case f.Severity != rules.Error && c.SystemOut != nil:
				text = *c.SystemOut
			default:
				t.Errorf("%s %s: %s finding not reported", d.Name, f.Rule, f.Severity)
				continue
			}
			if !strings.Contains(text, f.Message) {
				t.Errorf("%s %s: text lacks the message %q", d.Name, f.Rule, f.Message)
			}
			for _, e := range f.Evidence {
				if !strings.Contains(text, evidenceLine(e)) {
					t.Errorf("%s %s: text lacks evidence %q:\n%s", d.Name, f.Rule, evidenceLine(e), text)
				}
			}
		}
	}
	if sum != [3]int{doc.Tests, doc.Failures, doc.Errors} {
		t.Errorf("suites add up to %v, root says %d %d %d", sum, doc.Tests, doc.Failures, doc.Errors)
	}
}

func TestLabJUnitGolden(t *testing.T) {
	res := labResult(t)
	out, doc := renderJUnit(t, res)
	golden(t, "lab.junit.golden", out)
	checkJUnit(t, res, doc)

	// The lab's known numbers: 4 devices × 20 rules, and its three planted
	// errors on three (device, rule) pairs.
	if len(rules.All()) != 20 {
		t.Fatalf("%d rules: update the lab's expected numbers", len(rules.All()))
	}
	if doc.Tests != 80 || doc.Failures != 3 || doc.Errors != 0 {
		t.Errorf("lab: tests=%d failures=%d errors=%d, want 80 3 0", doc.Tests, doc.Failures, doc.Errors)
	}
	failed := map[string]bool{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failed[s.Name+" "+c.Name] = true
			}
		}
	}
	for _, want := range []string{"acc1 pgm-blocked", "core1 igmp-querier-missing", "core1 vlan-not-on-trunk"} {
		if !failed[want] {
			t.Errorf("lab: %s does not fail (failing: %v)", want, failed)
		}
	}
}

// Several error findings of one rule on one device are one failing case.
func TestJUnitGroupsFindingsOfARule(t *testing.T) {
	ev := func(line int) []model.Ref {
		return []model.Ref{{File: "sw1.cfg", Line: line, Text: "deny ip any any"}}
	}
	res := &audit.Result{
		Devices: []audit.DeviceResult{{Name: "sw1", Platform: "cisco_ios", Status: audit.StatusOK}},
		Findings: []rules.Finding{
			{Rule: "pgm-blocked", Severity: rules.Error, Device: "sw1", VLAN: 100, Message: "first ]]> <&> \x1b[31m", Evidence: ev(10)},
			{Rule: "pgm-blocked", Severity: rules.Error, Device: "sw1", VLAN: 100, Message: "second", Evidence: ev(20)},
			{Rule: "acl-unparsed", Severity: rules.Warning, Device: "sw1", VLAN: 100, Message: "unparsed", Evidence: ev(30)},
		},
	}
	_, doc := renderJUnit(t, res)
	if doc.Tests != 20 || doc.Failures != 1 {
		t.Errorf("tests=%d failures=%d, want 20 1", doc.Tests, doc.Failures)
	}
	for _, c := range doc.Suites[0].Cases {
		switch c.Name {
		case "pgm-blocked":
			if c.Failure == nil || !strings.Contains(c.Failure.Text, "sw1.cfg:10: deny") || !strings.Contains(c.Failure.Text, "sw1.cfg:20: deny") ||
				!strings.Contains(c.Failure.Message, "first ]]> <&>") || !strings.Contains(c.Failure.Message, "second") {
				t.Errorf("pgm-blocked: %+v", c.Failure)
			}
		case "acl-unparsed":
			if c.Failure != nil || c.SystemOut == nil || !strings.Contains(*c.SystemOut, "warning: unparsed\nsw1.cfg:30: deny ip any any") {
				t.Errorf("acl-unparsed: failure %v, system-out %v", c.Failure, c.SystemOut)
			}
		}
	}
}

// --- SARIF ---------------------------------------------------------------

// renderSARIF writes the SARIF log, validates the bytes written against
// the SARIF 2.1.0 schema go-sarif embeds (offline), and returns both.
func renderSARIF(t *testing.T, res *audit.Result) ([]byte, *sarif.Report) {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, res, testVersion); err != nil {
		t.Fatal(err)
	}
	// Nothing unknown is written: no -1 placeholder, no empty list but
	// the runs and results SARIF requires.
	for _, junk := range []string{`": -1`, `": []`, `": {}`} {
		if bytes.Contains(b.Bytes(), []byte(junk)) && !bytes.Contains(b.Bytes(), []byte(`"results": []`)) {
			t.Errorf("SARIF output holds %s", junk)
		}
	}
	// Read back as a SARIF reader does (an absent optional list is an
	// empty one), then validated against the schema.
	log, err := sarif.FromBytes(b.Bytes())
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := log.Validate(); err != nil {
		t.Fatalf("SARIF output does not validate against the 2.1.0 schema: %v\n%s", err, b.String())
	}
	return b.Bytes(), log
}

// The validation the tests rely on does reject an invalid log.
func TestSARIFValidateRejects(t *testing.T) {
	log, err := sarifLog(&audit.Result{
		Devices: []audit.DeviceResult{{Name: "sw1", Status: audit.StatusOK}},
		Findings: []rules.Finding{{Rule: "pgm-blocked", Severity: rules.Error, Device: "sw1", Message: "m",
			Evidence: []model.Ref{{File: "sw1.cfg", Line: 3, Text: "x"}}}},
	}, testVersion)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Validate(); err != nil {
		t.Fatalf("valid log rejected: %v", err)
	}
	zero := 0
	log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartLine = &zero
	if err := log.Validate(); err == nil {
		t.Error("a region with startLine 0 passes validation: the schema check checks nothing")
	}
}

// resolve returns the file a SARIF artifact location names.
func resolve(t *testing.T, run *sarif.Run, al *sarif.ArtifactLocation) string {
	t.Helper()
	if al == nil || al.URI == nil {
		t.Fatal("artifact location without a uri")
	}
	u, err := url.Parse(*al.URI)
	if err != nil {
		t.Fatalf("uri %q: %v", *al.URI, err)
	}
	if al.URIBaseID != nil {
		base, ok := run.OriginalUriBaseIds[*al.URIBaseID]
		if !ok || base.URI == nil {
			t.Fatalf("uriBaseId %s is not in originalUriBaseIds", *al.URIBaseID)
		}
		b, err := url.Parse(*base.URI)
		if err != nil || b.Scheme != "file" || !strings.HasSuffix(b.Path, "/") || u.IsAbs() {
			t.Fatalf("base %q for %q: want an absolute file URI ending in / and a relative uri", *base.URI, *al.URI)
		}
		return filepath.FromSlash(b.ResolveReference(u).Path)
	}
	if u.IsAbs() {
		if u.Scheme != "file" {
			t.Fatalf("uri %q: not a file URI", *al.URI)
		}
		return filepath.FromSlash(u.Path)
	}
	return filepath.FromSlash(u.Path) // relative to the current directory
}

// lineOf returns line n (from 1) of a file.
func lineOf(t *testing.T, file string, n int) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("location points at a file that is not there: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.TrimRight(sc.Text(), "\r")
		}
	}
	t.Fatalf("%s has no line %d", file, n)
	return ""
}

// checkSARIF checks the log against its result: the tool and its rules,
// one result per finding whose locations point at the evidence's very
// lines, and the devices that could not be audited.
func checkSARIF(t *testing.T, res *audit.Result, log *sarif.Report) {
	t.Helper()
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	drv := run.Tool.Driver
	if *drv.Name != "mcaudit" || drv.Version == nil || *drv.Version != testVersion || *drv.InformationURI != "https://github.com/mcaudit/mcaudit" {
		t.Errorf("driver %v %v %v", *drv.Name, drv.Version, *drv.InformationURI)
	}
	all := rules.All()
	if len(drv.Rules) < len(all) {
		t.Fatalf("%d rules described, want %d", len(drv.Rules), len(all))
	}
	for i, r := range all {
		d := drv.Rules[i]
		if *d.ID != r.ID || *d.ShortDescription.Text != r.Summary || *d.FullDescription.Text != r.Why ||
			*d.Help.Text != r.Fix || d.DefaultConfiguration.Level != sarifLevel(r.Severity) || *d.Name == "" {
			t.Errorf("rule %d: %s %q %q level %s", i, *d.ID, *d.ShortDescription.Text, *d.FullDescription.Text, d.DefaultConfiguration.Level)
		}
	}
	if len(run.Results) != len(res.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(res.Findings))
	}
	for i, f := range res.Findings {
		r := run.Results[i]
		if *r.RuleID != f.Rule || *drv.Rules[r.RuleIndex].ID != f.Rule || r.Level != sarifLevel(f.Severity) ||
			!strings.Contains(*r.Message.Text, f.Message) || !strings.HasPrefix(*r.Message.Text, f.Device+": ") {
			t.Errorf("result %d: rule %s index %d level %s message %q; finding %+v", i, *r.RuleID, r.RuleIndex, r.Level, *r.Message.Text, f)
		}
		locs := append(append([]*sarif.Location{}, r.Locations...), r.RelatedLocations...)
		if len(locs) != len(f.Evidence) || (len(f.Evidence) > 0 && len(r.Locations) != 1) {
			t.Errorf("result %d: %d locations + %d related for %d evidence lines", i, len(r.Locations), len(r.RelatedLocations), len(f.Evidence))
			continue
		}
		for j, e := range f.Evidence {
			pl := locs[j].PhysicalLocation
			file := resolve(t, run, pl.ArtifactLocation)
			want := e.File
			if !filepath.IsAbs(want) {
				if _, err := os.Stat(want); err != nil {
					want = filepath.Join(res.Snapshot, want)
				}
			}
			if !sameFile(file, want) {
				t.Errorf("result %d (%s on %s), location %d: %s, want %s", i, f.Rule, f.Device, j, file, want)
			}
			if pl.Region == nil || pl.Region.StartLine == nil {
				t.Errorf("result %d, location %d: no region, want line %d", i, j, e.Line)
				continue
			}
			if *pl.Region.StartLine != e.Line {
				t.Errorf("result %d, location %d: startLine %d, want %d", i, j, *pl.Region.StartLine, e.Line)
				continue
			}
			if got := lineOf(t, file, e.Line); got != e.Text || pl.Region.Snippet == nil || *pl.Region.Snippet.Text != e.Text {
				t.Errorf("result %d, location %d: %s:%d reads %q, evidence %q", i, j, file, e.Line, got, e.Text)
			}
		}
	}
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful == nil {
		t.Fatalf("invocations %+v", run.Invocations)
	}
	inv := run.Invocations[0]
	if *inv.ExecutionSuccessful != (res.Failed() == 0) || len(inv.ToolExecutionNotifications) != res.Failed() {
		t.Errorf("executionSuccessful %v, %d notifications; %d devices failed", *inv.ExecutionSuccessful, len(inv.ToolExecutionNotifications), res.Failed())
	}
	n := 0
	for _, d := range res.Devices {
		if d.Status == audit.StatusOK {
			continue
		}
		note := inv.ToolExecutionNotifications[n]
		n++
		if note.Level != "error" || !strings.Contains(*note.Message.Text, d.Name) || !strings.Contains(*note.Message.Text, d.Error) {
			t.Errorf("notification for %s: level %s, %q", d.Name, note.Level, *note.Message.Text)
		}
	}
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func TestLabSARIFGolden(t *testing.T) {
	res := labResult(t)
	out, log := renderSARIF(t, res)
	checkSARIF(t, res, log)

	// The snapshot base is absolute, so where the repository is checked
	// out is in the output: the golden file says ROOT instead.
	root, err := fileURI(".")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"uri": "`+root+`"`)) {
		t.Errorf("SRCROOT base is not %s", root)
	}
	golden(t, "lab.sarif.golden", bytes.ReplaceAll(out, []byte(root), []byte("file:///ROOT/")))

	// Every location, snapshot files and saved configurations alike, is
	// relative to the one base.
	run := log.Runs[0]
	if len(run.OriginalUriBaseIds) != 1 {
		t.Errorf("bases %v, want SRCROOT alone", run.OriginalUriBaseIds)
	}
	snapshotRefs, configRefs := 0, 0
	for _, r := range run.Results {
		for _, l := range append(r.Locations, r.RelatedLocations...) {
			al := l.PhysicalLocation.ArtifactLocation
			switch {
			case al.URIBaseID == nil || *al.URIBaseID != RootBase:
				t.Errorf("lab: location %s not relative to %s", *al.URI, RootBase)
			case strings.HasPrefix(*al.URI, "fixtures/lab/snapshot/"):
				snapshotRefs++
			case strings.HasPrefix(*al.URI, "fixtures/lab/backups/") || *al.URI == "fixtures/lab/inventory.yaml":
				configRefs++
			default:
				t.Errorf("lab: unexpected location %s", *al.URI)
			}
		}
	}
	if snapshotRefs == 0 || configRefs == 0 {
		t.Errorf("lab: %d snapshot and %d other locations, want both", snapshotRefs, configRefs)
	}
	if *run.Invocations[0].ExecutionSuccessful != true {
		t.Error("lab: execution not successful")
	}
}

// --- Markdown ------------------------------------------------------------

func TestLabMarkdownGolden(t *testing.T) {
	res := labResult(t)
	var b bytes.Buffer
	if err := Markdown(&b, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "lab.md.golden", b.Bytes())
	out := b.String()
	first, _, _ := strings.Cut(out, "\n")
	if first != "**mcaudit: FAIL** · 4 devices, 0 not audited: 3 errors, 3 warnings, 1 info" {
		t.Errorf("verdict line %q", first)
	}
	checkMarkdown(t, res, out)
	// Errors are open; warnings and info are folded away.
	if i, j := strings.Index(out, "### 3 errors"), strings.Index(out, "<summary>3 warnings</summary>"); i < 0 || j < i {
		t.Errorf("errors section at %d, warnings folded at %d", i, j)
	}
	if !strings.Contains(out, "<summary>1 info</summary>") || !strings.Contains(out, "No findings: acc2, leaf1") {
		t.Error("info not folded, or clean devices not listed")
	}
}

// checkMarkdown checks every finding is in a table row with the right
// number of cells and its evidence is in a code block, and that the
// <details> blocks balance.
func checkMarkdown(t *testing.T, res *audit.Result, out string) {
	t.Helper()
	// Every row of a table has as many cells as its header.
	want := 0
	for _, l := range strings.Split(out, "\n") {
		switch {
		case !strings.HasPrefix(l, "|"):
			want = 0
		case want == 0:
			want = cellCount(l)
		case cellCount(l) != want:
			t.Errorf("table row with %d cells, want %d: %q", cellCount(l), want, l)
		}
	}
	for _, f := range res.Findings {
		if !strings.Contains(out, "| "+markup.Cell(f.Device)+" | ") || !strings.Contains(out, markup.CellCode(f.Rule)) || !strings.Contains(out, markup.Cell(f.Message)+" |") {
			t.Errorf("finding %s on %s not in a table", f.Rule, f.Device)
		}
		for _, e := range f.Evidence {
			if !strings.Contains(out, "\n"+evidenceLine(e)+"\n") {
				t.Errorf("evidence %q not quoted", evidenceLine(e))
			}
		}
	}
	if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Error("unbalanced <details>")
	}
	fences := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "```") {
			fences++
		}
	}
	if fences%2 != 0 {
		t.Error("unbalanced code fences")
	}
}

// cellCount counts a table row's cells: pipes not escaped by a backslash.
func cellCount(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func TestMarkdownEscapes(t *testing.T) {
	res := &audit.Result{
		Clusters: []model.Cluster{{Name: "a|b", VLAN: 100}, {Name: "c", VLAN: 200}},
		Devices:  []audit.DeviceResult{{Name: "sw1", Platform: "cisco_ios", Status: audit.StatusOK}},
		Findings: []rules.Finding{{
			Rule: "pgm-blocked", Severity: rules.Error, Device: "sw1", Cluster: "a|b", VLAN: 100,
			Message:  "ACL `A|B` <drops> *all* of it\nnext line",
			Evidence: []model.Ref{{File: "sw1.cfg", Line: 7, Text: "remark ``` | fence"}},
		}},
	}
	var b bytes.Buffer
	if err := Markdown(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkMarkdown(t, res, out)
	for _, want := range []string{
		"| sw1 | a\\|b | `pgm-blocked` | ACL \\`A\\|B\\` \\<drops\\> \\*all\\* of it next line |",
		"\n````text\nsw1.cfg:7: remark ``` | fence\n````\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// --- partial results -------------------------------------------------------

// partialResult audits a two-switch inventory in a temporary directory in
// which sw2's config is truncated: sw1 is audited (and has no querier),
// sw2 is not.
func partialResult(t *testing.T) *audit.Result {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"inv.yaml": `clusters:
  - name: eft
    vlan: 100
    hosts:
      - {name: eft1, ip: 10.10.100.11, switch: sw1, interface: Gi1/0/10}
devices:
  - {name: sw2, platform: cisco_iosxe, config: sw2.cfg}
  - {name: sw1, platform: cisco_iosxe, config: sw1.cfg}
`,
		"sw1.cfg": "hostname sw1\nvlan 100\ninterface GigabitEthernet1/0/10\n switchport access vlan 100\n switchport mode access\nend\n",
		"sw2.cfg": "hostname sw2\ninterface GigabitEthernet1/0/1\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := inventory.Load(filepath.Join(dir, "inv.yaml"), vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() != 1 || res.Devices[0].Status != audit.StatusError || res.Count(rules.Error) == 0 {
		t.Fatalf("want sw2 failed and error findings on sw1, got %+v, %d findings", res.Devices, len(res.Findings))
	}
	return res
}

func TestPartialJUnit(t *testing.T) {
	res := partialResult(t)
	_, doc := renderJUnit(t, res)
	checkJUnit(t, res, doc)
	if doc.Tests != len(rules.All())+1 || doc.Errors != 1 || doc.Failures == 0 {
		t.Errorf("tests=%d errors=%d failures=%d", doc.Tests, doc.Errors, doc.Failures)
	}
	if doc.Suites[0].Name != "sw2" || doc.Suites[0].Tests != 1 || doc.Suites[0].Cases[0].Name != "audit" {
		t.Errorf("failed device's suite: %+v", doc.Suites[0])
	}
}

func TestPartialSARIF(t *testing.T) {
	res := partialResult(t)
	_, log := renderSARIF(t, res)
	checkSARIF(t, res, log)
	run := log.Runs[0]
	if *run.Invocations[0].ExecutionSuccessful {
		t.Error("a partial audit is an unsuccessful execution")
	}
	if _, ok := run.OriginalUriBaseIds[RootBase]; len(run.OriginalUriBaseIds) != 1 || !ok {
		t.Errorf("originalUriBaseIds %v, want %s alone", run.OriginalUriBaseIds, RootBase)
	}
	// The configs are outside the current directory: absolute file URIs.
	for _, r := range run.Results {
		if uri := *r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "file:///") {
			t.Errorf("location %s: want an absolute file URI", uri)
		}
	}
}

func TestPartialMarkdown(t *testing.T) {
	res := partialResult(t)
	var b bytes.Buffer
	if err := Markdown(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkMarkdown(t, res, out)
	if !strings.HasPrefix(out, "**mcaudit: INCOMPLETE** · 2 devices, 1 not audited: ") {
		t.Errorf("verdict line: %q", strings.SplitN(out, "\n", 2)[0])
	}
	failed, errs := strings.Index(out, "### Not audited (1)"), strings.Index(out, "### ")
	if failed < 0 || failed != errs || !strings.Contains(out, "| sw2 | cisco\\_iosxe | ") {
		t.Errorf("the failed device is not listed first:\n%s", out)
	}
	if strings.Contains(out, "No findings: sw2") {
		t.Error("a device that was not audited is listed as having no findings")
	}
}

// Failed devices and no findings at all: still valid SARIF (an empty,
// present results array), no JUnit case passes, and the verdict is not PASS.
func TestAllFailedNoFindings(t *testing.T) {
	res := &audit.Result{
		Clusters: []model.Cluster{{Name: "eft", VLAN: 100}},
		Devices: []audit.DeviceResult{
			{Name: "sw1", Platform: "cisco_iosxe", Status: audit.StatusError, Error: "dial tcp 192.0.2.1:22: i/o timeout"},
			{Name: "sw2", Platform: "cisco_nxos", Status: audit.StatusError, Error: "snapshot x/sw2: no show_running-config.txt"},
		},
	}
	out, log := renderSARIF(t, res)
	checkSARIF(t, res, log)
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Error("results absent: SARIF would read that as not computed")
	}
	_, doc := renderJUnit(t, res)
	checkJUnit(t, res, doc)
	if doc.Tests != 2 || doc.Errors != 2 || doc.Failures != 0 {
		t.Errorf("tests=%d errors=%d failures=%d, want 2 2 0", doc.Tests, doc.Errors, doc.Failures)
	}
	var b bytes.Buffer
	if err := Markdown(&b, res); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "**mcaudit: INCOMPLETE** · 2 devices, 2 not audited: 0 errors") || strings.Contains(b.String(), "No findings") {
		t.Errorf("markdown:\n%s", b.String())
	}
}

// The CI formats are byte for byte the same on every run.
func TestCIFormatsDeterministic(t *testing.T) {
	a := labResult(t)
	// A second audit of the lab, from the repository root labResult moved to.
	inv, err := inventory.Load("fixtures/lab/inventory.yaml", vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	b, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func(*bytes.Buffer, *audit.Result) error{
		"junit":    func(w *bytes.Buffer, r *audit.Result) error { return JUnit(w, r) },
		"sarif":    func(w *bytes.Buffer, r *audit.Result) error { return SARIF(w, r, testVersion) },
		"markdown": func(w *bytes.Buffer, r *audit.Result) error { return Markdown(w, r) },
	} {
		var x, y bytes.Buffer
		if err := f(&x, a); err != nil {
			t.Fatal(err)
		}
		if err := f(&y, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// Every format carries a device's parse summary: the lines its parser
// could not read, with why.
func TestParseSummaryInEveryFormat(t *testing.T) {
	res := &audit.Result{
		Devices: []audit.DeviceResult{{Name: "sw1", Platform: "cisco_iosxe", Status: audit.StatusOK, Unparsed: []audit.UnparsedLine{
			{File: "sw1.cfg", Line: 12, Text: " switchport frobnicate 9", Why: "unknown switchport setting"},
		}}},
	}
	want := []string{"sw1.cfg", "12", "switchport frobnicate 9", "unknown switchport setting"}
	var table, md, js bytes.Buffer
	if err := Table(&table, res, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&md, res); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, res); err != nil {
		t.Fatal(err)
	}
	junit, _ := renderJUnit(t, res)
	sar, _ := renderSARIF(t, res)
	for name, out := range map[string]string{"table": table.String(), "markdown": md.String(), "json": js.String(), "junit": string(junit), "sarif": string(sar)} {
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, out)
			}
		}
	}
	if !strings.Contains(table.String(), "1 line not understood") || !strings.Contains(md.String(), "1 line not understood") {
		t.Errorf("the summary does not count the line:\n%s\n%s", table.String(), md.String())
	}
}

// With the lab read from two shards outside the working directory, each
// location is the file in the shard that holds the device, as an
// absolute URI (SRCROOT covers only what lies under the working directory).
func TestShardedSARIFBases(t *testing.T) {
	t.Chdir("..")
	a, b := t.TempDir(), t.TempDir()
	holds := map[string]string{}
	for dir, devs := range map[string][]string{a: {"acc1"}, b: {"acc2", "leaf1"}} {
		for _, d := range devs {
			if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("fixtures/lab/snapshot", d))); err != nil {
				t.Fatal(err)
			}
			holds[d] = dir
		}
	}
	inv, err := inventory.Load("fixtures/lab/inventory.yaml", vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{Snapshots: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	_, log := renderSARIF(t, res)
	run := log.Runs[0]
	seen := map[string]bool{}
	for _, r := range run.Results {
		for _, l := range append(r.Locations, r.RelatedLocations...) {
			file := resolve(t, run, l.PhysicalLocation.ArtifactLocation)
			for dev, dir := range holds {
				if strings.HasPrefix(file, filepath.Join(dir, dev)+string(filepath.Separator)) {
					seen[dev] = true
				}
			}
			if l.PhysicalLocation.Region != nil && l.PhysicalLocation.Region.StartLine != nil {
				lineOf(t, file, *l.PhysicalLocation.Region.StartLine) // the file is there, with that line
			}
		}
	}
	if !seen["acc1"] || len(seen) < 2 {
		t.Errorf("evidence found in the shards of %v, want acc1's and another's", seen)
	}
}
