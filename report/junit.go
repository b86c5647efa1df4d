package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/rules"
)

// The JUnit XML schema as CI servers read it (Jenkins, GitLab, GitHub
// actions that publish test reports): <testsuites> with its counts always
// written (a zero left out reads as missing to some parsers), a
// <testsuite> per device, a <testcase> per rule.
type (
	junitRoot struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		ID         int             `xml:"id,attr"`
		Skipped    int             `xml:"skipped,attr,omitempty"`
		Time       string          `xml:"time,attr"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Testcases  []junitCase     `xml:"testcase,omitempty"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string       `xml:"name,attr"`
		Classname string       `xml:"classname,attr"`
		Skipped   *junitResult `xml:"skipped,omitempty"`
		Error     *junitResult `xml:"error,omitempty"`
		Failure   *junitResult `xml:"failure,omitempty"`
		SystemOut *junitOutput `xml:"system-out,omitempty"`
	}
	junitResult struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Data    string `xml:",cdata"`
	}
	junitOutput struct {
		Data string `xml:",cdata"`
	}
)

func (s *junitSuite) add(tc junitCase) {
	s.Testcases = append(s.Testcases, tc)
	s.Tests++
	if tc.Error != nil {
		s.Errors++
	}
	if tc.Failure != nil {
		s.Failures++
	}
	if tc.Skipped != nil {
		s.Skipped++
	}
}

func (s *junitSuite) property(name, value string) {
	s.Properties = append(s.Properties, junitProperty{Name: name, Value: value})
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
	root := junitRoot{Name: "mcaudit"}
	for i, d := range r.Devices {
		suite := junitSuite{Name: d.Name, ID: i, Time: "0"}
		suite.property("platform", d.Platform)
		suite.property("status", d.Status)
		if dir := r.SnapshotOf(d.Name); dir != "" {
			suite.property("snapshot", dir)
		}
		// The parse summary: each line counted, and listed.
		for _, u := range d.Unparsed {
			suite.property("unparsed", xmlSafe(unparsedText(u)))
		}
		for _, rr := range d.Refused {
			suite.property("could-not-read", xmlSafe(refusedText(rr)))
		}
		if d.Note != "" {
			suite.property("note", xmlSafe(d.Note))
		}
		if d.Status != audit.StatusOK {
			suite.add(junitCase{
				Classname: d.Name,
				Name:      "audit",
				Error: &junitResult{
					Message: xmlSafe(d.Error),
					Type:    "not audited",
					Data:    xmlSafe(fmt.Sprintf("%s (%s) could not be audited: %s", d.Name, d.Platform, d.Error)),
				},
			})
			root.addSuite(suite)
			continue
		}
		byRule := map[string][]rules.Finding{}
		waived := map[string][]string{} // waived errors by rule: a skipped case, not a failure
		var extra []string              // rules found but not registered: never drop a finding
		for i, f := range r.Findings {
			if f.Device != d.Name {
				continue
			}
			if w := r.Waived(i); w != nil && f.Severity == rules.Error {
				waived[f.Rule] = append(waived[f.Rule], findingText(f, multi)+" — "+waiverText(w))
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
			tc := ruleCase(d.Name, id, byRule[id], multi)
			if ws := waived[id]; len(ws) > 0 && tc.Failure == nil {
				tc.Skipped = &junitResult{Message: xmlSafe(strings.Join(ws, "; "))}
			}
			suite.add(tc)
		}
		root.addSuite(suite)
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

func (r *junitRoot) addSuite(s junitSuite) {
	r.Suites = append(r.Suites, s)
	r.Tests += s.Tests
	r.Failures += s.Failures
	r.Errors += s.Errors
}

// ruleCase is the test case of one rule on one device.
func ruleCase(device, rule string, fs []rules.Finding, multi bool) junitCase {
	tc := junitCase{Classname: device, Name: rule}
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
		tc.Failure = &junitResult{
			Message: xmlSafe(strings.Join(msgs, "; ")),
			Type:    string(rules.Error),
			Data:    xmlSafe(junitDetails(errs, multi)),
		}
	}
	if len(others) > 0 {
		tc.SystemOut = &junitOutput{Data: xmlSafe(junitDetails(others, multi))}
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
