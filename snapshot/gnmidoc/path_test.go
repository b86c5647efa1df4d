package gnmidoc

import (
	"strings"
	"testing"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
)

func TestParsePath(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want: PathString of the parse
		elems    int
	}{
		{"/", "/", 0},
		{"", "/", 0},
		{"/interfaces", "/interfaces", 1},
		{"interfaces/interface", "/interfaces/interface", 2},
		{"openconfig:/interfaces", "openconfig:/interfaces", 1},
		{"/network-instances/network-instance[name=default]/vlans", "/network-instances/network-instance[name=default]/vlans", 3},
		{"/protocols/protocol[name=IGMP][identifier=IGMP]/igmp", "/protocols/protocol[identifier=IGMP][name=IGMP]/igmp", 3},
		{"/interfaces/interface[name=Ethernet1/1]/state", "/interfaces/interface[name=Ethernet1/1]/state", 3},
		{`/a/b[k=x\]y]/c`, `/a/b[k=x\]y]/c`, 3},
		{`/a/b[k=x\\y]`, `/a/b[k=x\\y]`, 2},
		{`/a/b[k=x=y]`, `/a/b[k=x\=y]`, 2},
		{"device:/System/igmpsnoop-items", "device:/System/igmpsnoop-items", 2},
		{"/openconfig-interfaces:interfaces", "/openconfig-interfaces:interfaces", 1},
		{"/a/", "/a", 1},
	} {
		p, err := ParsePath(tc.in)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", tc.in, err)
			continue
		}
		if len(p.GetElem()) != tc.elems {
			t.Errorf("ParsePath(%q): %d elements, want %d", tc.in, len(p.GetElem()), tc.elems)
		}
		got, err := PathString(p)
		if err != nil || got != tc.want {
			t.Errorf("PathString(ParsePath(%q)) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if p, _ := ParsePath(`/a/b[k=x\]y]`); p.GetElem()[1].GetKey()["k"] != "x]y" {
		t.Errorf("escaped ']' not read: %v", p)
	}
	for _, bad := range []string{"//a", "/a/[k=v]", "/a[k]", "/a[=v]", "/a[k=v", "/a[k=v]x", "/a]", "/a[k=1][k=2]"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q) accepted", bad)
		}
	}
}

func TestElemStringsOldForm(t *testing.T) {
	got, err := ElemStrings(&gpb.Path{Element: []string{"interfaces", "interface[name=x]"}}) //nolint:staticcheck // the old form
	if err != nil || strings.Join(got, "/") != "interfaces/interface[name=x]" {
		t.Errorf("%q %v", got, err)
	}
}

// FuzzParsePath: a path that parses renders to a string that parses to
// the same path.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"/a/b[k=v]/c", `/a[k=x\]]`, "o:/a[x=/][y=]", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePath(s)
		if err != nil {
			return
		}
		out, err := PathString(p)
		if err != nil {
			return
		}
		q, err := ParsePath(out)
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", s, out, err)
		}
		again, _ := PathString(q)
		if again != out {
			t.Fatalf("%q → %q → %q", s, out, again)
		}
	})
}
