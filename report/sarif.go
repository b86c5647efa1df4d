package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/baseline"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/rules"
)

// InformationURI is where mcaudit is described, for reports that name it.
const InformationURI = "https://github.com/mcaudit/mcaudit"

// RootBase is the SARIF uriBaseId every location is relative to: the
// directory mcaudit ran in (GitHub code scanning's name for a checkout).
const RootBase = "SRCROOT"

// SARIF writes the audit as a SARIF 2.1.0 log for code-scanning tools: one
// run of the tool mcaudit (version toolVersion) describing every rule, one
// result per finding located at its first evidence line, the other
// evidence lines as related locations. Devices that could not be audited
// are tool execution notifications, and make the invocation unsuccessful.
//
// Every location is relative to one uriBaseId, SRCROOT, the directory
// mcaudit ran in: evidence read from a snapshot is found in the snapshot
// that holds it. A file outside that directory is an absolute file URI.
// What the library leaves unknown (empty lists, -1 indexes) is left out.
func SARIF(w io.Writer, r *audit.Result, toolVersion string) error {
	log, err := sarifLog(r, toolVersion)
	if err != nil {
		return err
	}
	var raw bytes.Buffer
	if err := log.Write(&raw); err != nil {
		return err
	}
	// The library writes every optional member: empty lists, and -1 for
	// indexes and offsets it does not know. Readers take those for facts
	// and pay for their size; SARIF lets them be left out.
	var doc any
	if err := json.Unmarshal(raw.Bytes(), &doc); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(omitUnknown(doc))
}

// placeholders are the members the SARIF library sets to -1 when unknown.
var placeholders = map[string]bool{"index": true, "id": true, "rank": true, "byteOffset": true, "charOffset": true}

// omitUnknown drops empty lists and objects and -1 placeholders, keeping
// the lists SARIF requires (runs, results).
func omitUnknown(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			x = omitUnknown(x)
			switch y := x.(type) {
			case []any:
				if len(y) == 0 && k != "results" && k != "runs" {
					delete(t, k)
					continue
				}
			case map[string]any:
				if len(y) == 0 {
					delete(t, k)
					continue
				}
			case float64:
				if y == -1 && placeholders[k] {
					delete(t, k)
					continue
				}
			}
			t[k] = x
		}
	case []any:
		for i := range t {
			t[i] = omitUnknown(t[i])
		}
	}
	return v
}

// sarifLog builds the log SARIF writes.
func sarifLog(r *audit.Result, toolVersion string) (*sarif.Report, error) {
	log := gosarif.NewV210Report()
	run := sarif.NewRunWithInformationURI("mcaudit", InformationURI)
	if toolVersion != "" {
		run.Tool.Driver.WithVersion(toolVersion)
	}
	for _, rule := range rules.All() {
		run.Tool.Driver.AddRule(sarifRule(rule.ID, rule.Severity, rule.Summary, rule.Why, rule.Fix))
	}

	loc := locator{snapshots: r.Snapshots}
	if len(loc.snapshots) == 0 && r.Snapshot != "" {
		loc.snapshots = []string{r.Snapshot}
	}
	// One base for every location: the directory mcaudit ran in, where a
	// pipeline's checkout is. A file outside it is an absolute URI.
	if wd, err := os.Getwd(); err == nil {
		loc.wd = wd
		base, err := fileURI(wd)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(base, "/") { // SARIF: a base URI ends with a slash
			base += "/"
		}
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{RootBase: *sarif.NewSimpleArtifactLocation(base)})
	}
	multi := len(r.Clusters) > 1
	for i, f := range r.Findings {
		res := sarifResult(run, f, multi, loc)
		if r.Baseline != nil {
			res.WithBaselineState(string(r.Baseline.States[i]))
		}
		if w := r.Waived(i); w != nil {
			// Accepted in the waivers file: a suppression code scanning
			// shows as dismissed, with why.
			res.Suppressions = append(res.Suppressions, sarif.NewSuppression().WithKind("external").
				WithJustification(waiverText(w)).WithStatus("accepted").
				WithLocation(sarif.NewLocation().WithPhysicalLocation(loc.physical(model.Ref{File: w.File, Line: w.Line}))))
		}
		run.AddResult(res)
	}
	if r.Baseline != nil {
		// What the baseline had and this audit does not: SARIF's absent
		// results, which are not problems.
		for _, f := range r.Baseline.Fixed {
			run.AddResult(sarifResult(run, f, multi, loc).
				WithBaselineState("absent").WithKind("pass").WithLevel(sarif.LevelNone))
		}
	}

	inv := sarif.NewInvocation().WithExecutionSuccessful(r.Failed() == 0)
	for _, d := range r.Devices {
		if d.Status == audit.StatusOK {
			continue
		}
		inv.AddToolExecutionNotification(sarif.NewNotification().
			WithLevel(sarif.LevelError).
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s (%s) could not be audited: %s", d.Name, d.Platform, d.Error))).
			WithProperties(sarif.NewPropertyBag().Add("device", d.Name).Add("platform", d.Platform)))
	}
	for _, d := range r.Devices {
		for _, u := range d.Unparsed {
			inv.AddToolExecutionNotification(sarif.NewNotification().
				WithLevel(sarif.LevelWarning).
				WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: line not understood: %s", d.Name, u.Why))).
				AddLocation(sarif.NewLocationWithPhysicalLocation(loc.physical(model.Ref{File: u.File, Line: u.Line, Text: u.Text}))).
				WithProperties(sarif.NewPropertyBag().Add("device", d.Name)))
		}
		for _, rr := range d.Refused {
			n := sarif.NewNotification().
				WithLevel(sarif.LevelWarning).
				WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: could not read %s: %s", d.Name, rr.Request, rr.Answer))).
				WithProperties(sarif.NewPropertyBag().Add("device", d.Name))
			if rr.Line > 0 {
				n.AddLocation(sarif.NewLocationWithPhysicalLocation(loc.physical(model.Ref{File: rr.File, Line: rr.Line})))
			}
			inv.AddToolExecutionNotification(n)
		}
	}
	run.AddInvocation(inv)
	log.AddRun(run)
	return log, nil
}

// FingerprintKey names mcaudit's fingerprint among a result's
// partialFingerprints: code-scanning services match results across runs
// by it rather than by line.
const FingerprintKey = "mcauditFinding/v1"

// sarifResult is the result of one finding, located at its first evidence
// line, the other evidence lines as related locations.
func sarifResult(run *sarif.Run, f rules.Finding, multi bool, loc locator) *sarif.Result {
	idx := run.GetRuleIndex(f.Rule)
	if idx < 0 { // not registered: describe it from the finding
		run.Tool.Driver.AddRule(sarifRule(f.Rule, f.Severity, "", "", ""))
		idx = run.GetRuleIndex(f.Rule)
	}
	res := sarif.NewRuleResult(f.Rule).
		WithRuleIndex(idx).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Device + ": " + findingText(f, multi))).
		WithPartialFingerprints(map[string]string{FingerprintKey: baseline.Fingerprint(f)})
	props := sarif.NewPropertyBag().Add("device", f.Device).Add("vlan", f.VLAN)
	if f.Cluster != "" {
		props.Add("cluster", f.Cluster)
	}
	res.WithProperties(props)
	for i, e := range f.Evidence {
		l := sarif.NewLocationWithPhysicalLocation(loc.physical(e))
		if i == 0 {
			res.AddLocation(l)
		} else {
			res.AddRelatedLocation(l)
		}
	}
	return res
}

// sarifRule is a rule's reportingDescriptor.
func sarifRule(id string, sev rules.Severity, summary, why, fix string) *sarif.ReportingDescriptor {
	d := sarif.NewRule(id).
		WithName(pascal(id)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(sev)))
	if summary != "" {
		d.WithShortDescription(sarif.NewMultiformatMessageString().WithText(summary))
	}
	if why != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString().WithText(why))
	}
	if fix != "" {
		// What code scanning shows under "how to fix".
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(fix))
	}
	return d
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return sarif.LevelError
	case rules.Warning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// pascal turns a rule ID into the PascalCase name SARIF suggests for
// rules: igmp-querier-missing → IgmpQuerierMissing.
func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// locator turns evidence references into SARIF physical locations.
type locator struct {
	snapshots []string // the result's snapshot directories, if any
	wd        string   // the current directory, if known
}

func (l locator) physical(e model.Ref) *sarif.PhysicalLocation {
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(l.artifact(e.File))
	if e.Line > 0 {
		region := sarif.NewRegion().WithStartLine(e.Line)
		if e.Text != "" {
			region.WithSnippet(sarif.NewArtifactContent().WithText(e.Text))
		}
		pl.WithRegion(region)
	}
	return pl
}

// artifact locates a file relative to RootBase: a snapshot path is found
// in the snapshot that holds it, a relative one from the current
// directory. A file outside the current directory is an absolute URI.
func (l locator) artifact(file string) *sarif.ArtifactLocation {
	abs := file
	if !filepath.IsAbs(file) {
		abs = filepath.Join(l.wd, file)
		if _, err := os.Stat(abs); err != nil {
			for _, dir := range l.snapshots {
				if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
					abs, _ = filepath.Abs(filepath.Join(dir, file))
					break
				}
			}
		}
	}
	if l.wd != "" {
		if rel, err := filepath.Rel(l.wd, abs); err == nil && filepath.IsLocal(rel) {
			return sarif.NewSimpleArtifactLocation(relURI(rel)).WithURIBaseID(RootBase)
		}
	}
	if u, err := fileURI(abs); err == nil {
		return sarif.NewSimpleArtifactLocation(u)
	}
	return sarif.NewSimpleArtifactLocation(relURI(file))
}

// relURI is a relative path as a relative URI reference.
func relURI(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	u := (&url.URL{Path: p}).EscapedPath()
	// A first segment with a colon would read as a scheme.
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

// fileURI is a file or directory as an absolute file URI; a directory's
// ends with a slash.
func fileURI(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	path := filepath.ToSlash(abs)
	if !strings.HasPrefix(path, "/") { // a Windows drive: file:///C:/...
		path = "/" + path
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() && !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return (&url.URL{Scheme: "file", Path: path}).String(), nil
}
