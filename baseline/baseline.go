// Package baseline compares an audit's findings with a previous report's,
// so that a nightly pipeline can tell a regression from a problem it has
// known about since last week.
package baseline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/mcaudit/mcaudit/rules"
)

// State is what became of a finding since the baseline.
type State string

const (
	New       State = "new"       // not in the baseline
	Unchanged State = "unchanged" // in the baseline too
	Fixed     State = "fixed"     // in the baseline, gone now
)

// Diff is the comparison of an audit with its baseline.
type Diff struct {
	// File is the baseline report read.
	File string
	// States holds the state of each of the audit's findings, by index.
	States []State
	// Fixed are the baseline's findings the audit no longer has.
	Fixed []rules.Finding
}

// Count returns how many findings are in state s.
func (d *Diff) Count(s State) int {
	if s == Fixed {
		return len(d.Fixed)
	}
	n := 0
	for _, st := range d.States {
		if st == s {
			n++
		}
	}
	return n
}

// Fingerprint identifies a finding across runs: its rule, cluster, VLAN,
// device and what it is about, never the line it was found on, so that a
// configuration growing above it does not make an old problem new. The
// ACL entry's sequence number is left out too: resequencing an ACL does
// not fix it. A finding with no subject is told apart by the text of its
// evidence lines, spaces squeezed.
func Fingerprint(f rules.Finding) string {
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s;", len(s), s) }
	field(f.Rule)
	field(f.Cluster)
	field(strconv.Itoa(f.VLAN))
	field(f.Device)
	if s := f.Subject; s != nil {
		field("subject")
		for _, v := range []string{s.Interface, s.ACL, s.Direction, s.VLANMap, s.Host, s.Scope} {
			field(v)
		}
		if s.Request != "" {
			// Only where set, so that no other finding's fingerprint moves.
			field("request")
			field(s.Request)
		}
		src := slices.Clone(s.Sources)
		slices.Sort(src)
		field(strings.Join(src, ","))
	} else {
		field("evidence")
		for _, e := range f.Evidence {
			field(strings.Join(strings.Fields(e.Text), " "))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Compare matches the findings with the baseline's by fingerprint. Equal
// fingerprints pair up one to one, so two identical problems where the
// baseline had one leave one new.
func Compare(file string, findings, base []rules.Finding) *Diff {
	left := map[string][]int{} // fingerprint → unmatched baseline indexes
	for i, f := range base {
		fp := Fingerprint(f)
		left[fp] = append(left[fp], i)
	}
	d := &Diff{File: file, States: make([]State, len(findings))}
	for i, f := range findings {
		fp := Fingerprint(f)
		if idx := left[fp]; len(idx) > 0 {
			d.States[i] = Unchanged
			left[fp] = idx[1:]
			continue
		}
		d.States[i] = New
	}
	var fixed []int
	for _, idx := range left {
		fixed = append(fixed, idx...)
	}
	slices.Sort(fixed) // the baseline's own order
	for _, i := range fixed {
		d.Fixed = append(d.Fixed, base[i])
	}
	return d
}

// report is the part of a JSON report (report.JSON) a baseline needs.
type report struct {
	Version  *int             `json:"version"`
	Findings *[]rules.Finding `json:"findings"`
}

// maxSize bounds a baseline read into memory; a report of every finding
// on 5,000 switches is a few MB.
const maxSize = 256 << 20

// Load reads the findings of a previous JSON report (mcaudit audit
// --format json).
func Load(path string) ([]rules.Finding, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() > maxSize {
		return nil, fmt.Errorf("baseline %s: want a JSON report file of at most %d MB", path, maxSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return parse(path, data)
}

func parse(path string, data []byte) ([]rules.Finding, error) {
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("baseline %s line %d: not JSON: %v (want the output of mcaudit audit --format json)", path, lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("baseline %s line %d: %q is a JSON %s where a report has %s: not an mcaudit JSON report (want the output of mcaudit audit --format json)", path, lineAt(data, te.Offset), te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("baseline %s: %v (want the output of mcaudit audit --format json)", path, err)
	}
	switch {
	case r.Version == nil || r.Findings == nil:
		return nil, fmt.Errorf("baseline %s: no \"version\" and \"findings\": not an mcaudit JSON report (mcaudit audit --format json)", path)
	case *r.Version != 1:
		return nil, fmt.Errorf("baseline %s: report version %d, this mcaudit reads version 1", path, *r.Version)
	}
	for i, f := range *r.Findings {
		if f.Rule == "" || f.Device == "" {
			return nil, fmt.Errorf("baseline %s: finding %d has no rule or device", path, i+1)
		}
	}
	return *r.Findings, nil
}

func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return bytes.Count(data[:offset], []byte{'\n'}) + 1
}
