package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/rules"
)

// junitRoot is <testsuites> with its counts always written: the library's
// own root type omits zero counts, which some CI parsers read as missing.
type junitRoot struct {
	XMLName  xml.Name          `xml:"testsuites"`
	Name     string            `xml:"name,attr"`
	Tests    int               `xml:"tests,attr"`
	Failures int               `xml:"failures,attr"`
	Errors   int               `xml:"errors,attr"`
	Suites   []junit.Testsuite `xml:"testsuite"`
}

// JUnit writes the audit as JUnit XML for CI test reports: one test suite
// per device, one test case per device and rule. A rule with error
// findings on the device fails its case (all its findings in one failure,
// each with its evidence); warnings and info pass, their text in the case's
// system-out. A device that could not be audited has a single erroring case
// "audit" and no rule cases, since nothing about it is proven.
func JUnit(w io.Writer, r *audit.Result) error {
	all := rules.All()
	multi := len(r.Clusters) > 1
	var totals junit.Testsuites
	for i, d := range r.Devices {
		suite := junit.Testsuite{Name: d.Name, ID: i, Time: "0"}
		suite.AddProperty("platform", d.Platform)
		suite.AddProperty("status", d.Status)
		if r.Snapshot != "" {
			suite.AddProperty("snapshot", r.Snapshot)
		}
		if d.Status != audit.StatusOK {
			suite.AddTestcase(junit.Testcase{
				Classname: d.Name,
				Name:      "audit",
				Error: &junit.Result{
					Message: xmlSafe(d.Error),
					Type:    "not audited",
					Data:    xmlSafe(fmt.Sprintf("%s (%s) could not be audited: %s", d.Name, d.Platform, d.Error)),
				},
			})
			totals.AddSuite(suite)
			continue
		}
		byRule := map[string][]rules.Finding{}
		var extra []string // rules found but not registered: never drop a finding
		for _, f := range r.Findings {
			if f.Device != d.Name {
				continue
			}
			if _, seen := byRule[f.Rule]; !seen && rules.Lookup(f.Rule) == nil {
				extra = append(extra, f.Rule)
			}
			byRule[f.Rule] = append(byRule[f.Rule], f)
		}
		ids := make([]string, 0, len(all)+len(extra))
		for _, rule := range all {
			ids = append(ids, rule.ID)
		}
		for _, id := range append(ids, extra...) {
			suite.AddTestcase(junitCase(d.Name, id, byRule[id], multi))
		}
		totals.AddSuite(suite)
	}
	root := junitRoot{
		Name:     "mcaudit",
		Tests:    totals.Tests,
		Failures: totals.Failures,
		Errors:   totals.Errors,
		Suites:   totals.Suites,
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitCase is the test case of one rule on one device.
func junitCase(device, rule string, fs []rules.Finding, multi bool) junit.Testcase {
	tc := junit.Testcase{Classname: device, Name: rule}
	var errs, others []rules.Finding
	for _, f := range fs {
		if f.Severity == rules.Error {
			errs = append(errs, f)
		} else {
			others = append(others, f)
		}
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, f := range errs {
			msgs[i] = findingText(f, multi)
		}
		tc.Failure = &junit.Result{
			Message: xmlSafe(strings.Join(msgs, "; ")),
			Type:    string(rules.Error),
			Data:    xmlSafe(junitDetails(errs, multi)),
		}
	}
	if len(others) > 0 {
		tc.SystemOut = &junit.Output{Data: xmlSafe(junitDetails(others, multi))}
	}
	return tc
}

// junitDetails lists findings, each as its severity and message followed by
// its evidence lines (file:line: text), separated by blank lines.
func junitDetails(fs []rules.Finding, multi bool) string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Severity, findingText(f, multi))
		for _, e := range f.Evidence {
			b.WriteString(evidenceLine(e))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// findingText is the message, naming the cluster when there are several.
func findingText(f rules.Finding, multi bool) string {
	if multi && f.Cluster != "" {
		return "[" + f.Cluster + "] " + f.Message
	}
	return f.Message
}

// xmlSafe replaces what XML 1.0 cannot carry at all (control characters
// other than tab, newline and carriage return; invalid UTF-8): a recorded
// device output may hold them, and encoding/xml writes character data in
// CDATA sections as it is.
func xmlSafe(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' ||
			(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
	}
	clean := true
	for _, c := range s {
		if c == utf8.RuneError || !ok(c) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(c rune) rune {
		if c == utf8.RuneError || !ok(c) {
			return '\uFFFD'
		}
		return c
	}, s)
}
