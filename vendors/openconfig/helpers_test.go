package openconfig

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/snapshot"
)

var update = flag.Bool("update", false, "rewrite the testdata documents in canonical form")

// readFixture reads the recorded documents of a testdata device in the
// order the openconfig platform collects them: file name → content.
func readFixture(t testing.TB, dev string) ([]string, map[string][]byte) {
	t.Helper()
	var names []string
	data := map[string][]byte{}
	for _, c := range Paths("") {
		name := snapshot.FileName(c)
		b, err := os.ReadFile(filepath.Join("testdata", dev, name))
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		data[name] = b
	}
	return names, data
}

// parseFixture parses a testdata device as the audit would.
func parseFixture(t testing.TB, dev string) (*model.Device, map[string][]byte) {
	t.Helper()
	names, data := readFixture(t, dev)
	d := model.NewDevice(dev, OpenConfig)
	for _, n := range names {
		d.Sources = append(d.Sources, n)
		if err := Parse(d, n, data[n], Options{}); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
	}
	return d, data
}

// lineOf finds a line the way evidence specs do: the first line
// containing steps[0], then the first after it containing steps[1], and
// so on; it returns the 1-based number of the last.
func lineOf(t testing.TB, data []byte, steps ...string) int {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	i := 0
	for k, s := range steps {
		for ; i < len(lines); i++ {
			if strings.Contains(lines[i], s) {
				break
			}
		}
		if i == len(lines) {
			t.Fatalf("no line containing %q (step %d of %q)", s, k, steps)
		}
		if k < len(steps)-1 {
			i++
		}
	}
	return i + 1
}

// wantRef checks that r points at line n of file.
func wantRef(t testing.TB, what string, r *model.Ref, file string, n int) {
	t.Helper()
	if r == nil {
		t.Errorf("%s: no ref, want %s:%d", what, file, n)
		return
	}
	if r.File != file || r.Line != n {
		t.Errorf("%s: ref %s:%d (%q), want %s:%d", what, r.File, r.Line, r.Text, file, n)
	}
}

// checkRefs checks that every reference in dev cites a line of one of
// files and quotes it exactly.
func checkRefs(t testing.TB, files map[string][]byte, dev *model.Device) {
	t.Helper()
	for _, r := range deviceRefs(dev) {
		data, ok := files[r.File]
		if !ok {
			t.Errorf("ref to unknown file %q", r.File)
			continue
		}
		lines := strings.Split(string(data), "\n")
		if r.Line < 1 || r.Line > len(lines) {
			t.Errorf("ref %s:%d outside 1..%d", r.File, r.Line, len(lines))
			continue
		}
		if got := strings.TrimSuffix(lines[r.Line-1], "\r"); r.Text != got {
			t.Errorf("ref %s:%d text %q, line is %q", r.File, r.Line, r.Text, got)
		}
	}
}

// deviceRefs collects every reference of a device.
func deviceRefs(d *model.Device) []model.Ref {
	var out []model.Ref
	add := func(rs ...*model.Ref) {
		for _, r := range rs {
			if r != nil {
				out = append(out, *r)
			}
		}
	}
	add(d.HostnameRef, d.VLANSource.Ref, d.MulticastRouting, d.Snooping.Disabled, d.Snooping.Querier.Enabled,
		d.Snooping.Querier.AddressRef, d.Snooping.Querier.VersionRef)
	for _, v := range d.VLANs {
		add(&v.Ref, v.NameRef, v.Suspended)
	}
	for _, s := range d.Snooping.VLANs {
		add(s.Disabled, s.Querier.Enabled, s.Querier.Disabled, s.Querier.AddressRef, s.Querier.VersionRef)
	}
	for _, ifc := range d.Interfaces {
		add(&ifc.Ref, ifc.ShutdownRef, ifc.RoutedRef, ifc.ModeRef, ifc.AccessRef, ifc.BundleRef,
			ifc.IPv4Ref, ifc.PIMRef, ifc.IGMPVerRef, ifc.IGMPEnabled)
		for i := range ifc.AllowedRefs {
			add(&ifc.AllowedRefs[i])
		}
		for _, b := range []*model.ACLBinding{ifc.PortACLIn, ifc.PortACLOut, ifc.RouterACLIn, ifc.RouterACLOut} {
			if b != nil {
				add(&b.Ref)
			}
		}
	}
	for _, a := range d.ACLs {
		add(&a.Ref)
		for _, e := range a.Entries {
			add(&e.Ref)
		}
	}
	for _, o := range d.Oper.Snooping {
		if o.Querier != nil {
			add(&o.Querier.Ref)
		}
		add(o.NoQuerier)
	}
	return out
}
