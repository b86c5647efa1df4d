package report

import (
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

// SnapshotBase is the SARIF uriBaseId of evidence files read from a
// snapshot: their paths are relative to the snapshot directory, which the
// run's originalUriBaseIds resolves to an absolute file URI.
const SnapshotBase = "SNAPSHOT"

// SARIF writes the audit as a SARIF 2.1.0 log for code-scanning tools: one
// run of the tool mcaudit (version toolVersion) describing every rule, one
// result per finding located at its first evidence line, the other
// evidence lines as related locations. Devices that could not be audited
// are tool execution notifications, and make the invocation unsuccessful.
//
// Evidence read from a snapshot (r.Snapshot is set and the file does not
// exist as given) is relative to uriBaseId SNAPSHOT; other files are
// relative to the current directory, or absolute file URIs when outside it.
func SARIF(w io.Writer, r *audit.Result, toolVersion string) error {
	log, err := sarifLog(r, toolVersion)
	if err != nil {
		return err
	}
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
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
	if len(loc.snapshots) > 0 {
		bases := map[string]sarif.ArtifactLocation{}
		for i, dir := range loc.snapshots {
			base, err := fileURI(dir)
			if err != nil {
				return nil, fmt.Errorf("snapshot %s: %w", dir, err)
			}
			if !strings.HasSuffix(base, "/") { // SARIF: a base URI ends with a slash
				base += "/"
			}
			bases[baseID(i)] = *sarif.NewSimpleArtifactLocation(base)
		}
		run.WithOriginalUriBaseIds(bases)
	}
	if wd, err := os.Getwd(); err == nil {
		loc.wd = wd
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

// baseID names the uriBaseId of the i-th snapshot: SNAPSHOT, then
// SNAPSHOT2, SNAPSHOT3 for the shards of a sharded collection.
func baseID(i int) string {
	if i == 0 {
		return SnapshotBase
	}
	return fmt.Sprintf("%s%d", SnapshotBase, i+1)
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

// artifact locates a file: relative to the snapshot when it is a snapshot
// path, else relative to the current directory, else an absolute URI.
func (l locator) artifact(file string) *sarif.ArtifactLocation {
	if len(l.snapshots) > 0 && !filepath.IsAbs(file) {
		if _, err := os.Stat(file); err != nil {
			id := SnapshotBase
			for i, dir := range l.snapshots[1:] {
				if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
					id = baseID(i + 1)
					break
				}
			}
			return sarif.NewSimpleArtifactLocation(relURI(file)).WithURIBaseID(id)
		}
	}
	if filepath.IsAbs(file) {
		if l.wd != "" {
			if rel, err := filepath.Rel(l.wd, file); err == nil && filepath.IsLocal(rel) {
				return sarif.NewSimpleArtifactLocation(relURI(rel))
			}
		}
		u, err := fileURI(file)
		if err == nil {
			return sarif.NewSimpleArtifactLocation(u)
		}
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
