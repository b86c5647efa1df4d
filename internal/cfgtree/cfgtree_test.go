package cfgtree

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// toy is a dialect of the IOS family, small enough to read in one go:
// one of every kind of command.
func toy() *Dialect {
	return &Dialect{
		Name: "toy", Indent: "   ", Sep: "!", End: "end",
		Opaque: func(text string) (func(string) bool, bool) {
			if text != "banner motd" {
				return nil, false
			}
			return func(raw string) bool { return raw == "EOF" }, true
		},
		Top: []*Rule{
			{Pattern: "snooping", Kind: Flag},
			{Pattern: "snooping vlan <vlan>", Kind: Flag},
			{Pattern: "querier", Kind: Once},
			{Pattern: "querier address <ipv4>", Kind: Set},
			{Pattern: "vlan <vlan>", Kind: Section, Create: true, Removable: true, Order: []Place{{Prefix: "name"}, {Prefix: "state"}},
				Sub: []*Rule{{Pattern: "name <word>", Kind: Set}, {Pattern: "state <word>", Kind: Set, Default: "active"}}},
			{Pattern: "vlan configuration <vlan>", Kind: Section, Create: true, DropEmpty: true,
				Sub: []*Rule{{Pattern: "querier <ipv4>", Kind: Set}}},
			{Pattern: "interface <word>", Kind: Section, Order: []Place{{Prefix: "description"}, {Prefix: "switchport access vlan"}, {Prefix: "switchport mode"}},
				Sub: []*Rule{{Pattern: "switchport access vlan <vlan>", Kind: Set, Default: "1"}, {Pattern: "description <text>", Kind: Set}}},
		},
		Order: []Place{{Prefix: "hostname"}, {Prefix: "snooping", Before: true}, {Prefix: "querier"},
			{Prefix: "vlan", Ordered: true, Before: true}, {Prefix: "vlan configuration", Ordered: true}, {Prefix: "interface"}},
	}
}

const toyConfig = `hostname sw1
!
service timestamps
!
vlan 10
   name USERS
!
vlan 30
!
banner motd
vlan 20 is not a command here
EOF
!
interface Et1
   description host
   switchport access vlan 10
!
end
`

func apply(t *testing.T, config string, lines ...string) string {
	t.Helper()
	tr := Parse(config, toy())
	if err := tr.Apply(lines); err != nil {
		t.Fatalf("Apply %q: %v", lines, err)
	}
	out, _ := tr.Render()
	return string(out)
}

func TestParseRendersByteForByte(t *testing.T) {
	for _, in := range []string{toyConfig, strings.ReplaceAll(toyConfig, "\n", "\r\n"), strings.TrimSuffix(toyConfig, "\n"), "\ufeff" + toyConfig, "  orphan\nx\n\n\n  y\n"} {
		out, srcs := Parse(in, toy()).Render()
		if string(out) != in {
			t.Errorf("render differs:\n%q\n%q", in, out)
		}
		for _, s := range srcs {
			if s != 0 {
				t.Fatal("a line read from the config says it was typed")
			}
		}
	}
}

func TestParseTree(t *testing.T) {
	tr := Parse(toyConfig+"interface Et2\n   switchport access vlan 20\n      nested deeper\n   back\n", toy())
	var heads []string
	for _, n := range tr.Root.Commands() {
		heads = append(heads, n.Text)
	}
	if got := strings.Join(heads, "|"); got != "hostname sw1|service timestamps|vlan 10|vlan 30|banner motd|interface Et1|end|interface Et2" {
		t.Errorf("top-level commands %s", got)
	}
	if tr.First(tr.Root, TextIs("banner motd")) != nil {
		t.Error("a banner is found as a command to edit")
	}
	b := tr.Root.Kids[slices.IndexFunc(tr.Root.Kids, func(n *Node) bool { return n.Text == "banner motd" })]
	if len(b.Opaque) != 2 || len(b.Kids) != 0 {
		t.Errorf("banner: %d opaque lines, %d kids", len(b.Opaque), len(b.Kids))
	}
	et2 := tr.First(tr.Root, TextIs("interface Et2"))
	if len(et2.Kids) != 2 || len(et2.Kids[0].Kids) != 1 || et2.Kids[0].Kids[0].Text != "nested deeper" || et2.Kids[1].Text != "back" {
		t.Errorf("nesting: %+v", et2.Kids)
	}
}

func TestKinds(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		want  string // the lines that differ: -removed +added
	}{
		{"flag off shows its no form once", []string{"no snooping vlan 10", "no snooping vlan 10"}, "+no snooping vlan 10|+!"},
		{"flag on is the default", []string{"no snooping", "snooping"}, ""},
		{"once", []string{"querier", "querier"}, "+querier"},
		{"set replaces", []string{"querier address 10.0.0.1", "querier address 10.0.0.2"}, "+querier address 10.0.0.2"},
		{"set's no form without its value", []string{"querier address 10.0.0.1", "no querier address"}, ""},
		{"set to its default shows nothing", []string{"interface Et1", "   switchport access vlan 1"}, "-   switchport access vlan 10"},
		{"text value", []string{"interface Et1", "   description  the  host "}, "-   description host|+   description the host"},
		{"section created in order", []string{"vlan 20", "   name EFT"}, "+vlan 20|+   name EFT|+!"},
		{"section removed with its separator", []string{"no vlan 30"}, "-vlan 30|-!"},
		{"a section emptied is dropped", []string{"vlan configuration 20", "   querier 10.0.0.5", "vlan configuration 20", "   no querier"}, ""},
		{"default value in a section", []string{"vlan 10", "   state suspend", "vlan 10", "   state active"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := apply(t, toyConfig, c.lines...)
			if got := diff(toyConfig, out); got != c.want {
				t.Errorf("diff %q, want %q\n%s", got, c.want, out)
			}
		})
	}
}

// diff lists the lines only one side has, along a longest common
// subsequence: "-a|+b".
func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	n, m := len(al), len(bl)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	for i, j := 0, 0; i < n || j < m; {
		switch {
		case i < n && j < m && al[i] == bl[j]:
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "-"+al[i])
			i++
		default:
			out = append(out, "+"+bl[j])
			j++
		}
	}
	return strings.Join(out, "|")
}

func TestPlacement(t *testing.T) {
	out := apply(t, toyConfig, "no snooping vlan 100", "vlan 20", "vlan 5", "vlan configuration 9", "   querier 10.0.0.9", "querier address 10.0.0.1")
	want := `hostname sw1
!
service timestamps
!
no snooping vlan 100
querier address 10.0.0.1
!
vlan 5
!
vlan 10
   name USERS
!
vlan 20
!
vlan 30
!
vlan configuration 9
   querier 10.0.0.9
!
banner motd
vlan 20 is not a command here
EOF
!
interface Et1
   description host
   switchport access vlan 10
!
end
`
	if out != want {
		t.Errorf("got:\n%s\ndiff %q", out, diff(want, out))
	}
	// With nothing of its place, a line goes after an earlier place's
	// last line, or before a later place's first where Place.Before says.
	bare := "hostname sw1\n!\ninterface Et1\n!\nend\n"
	if got := apply(t, bare, "vlan 7"); got != "hostname sw1\n!\nvlan 7\n!\ninterface Et1\n!\nend\n" {
		t.Errorf("before a later place:\n%s", got)
	}
	if got := apply(t, "interface Et1\n!\nend\n", "querier"); got != "querier\ninterface Et1\n!\nend\n" {
		t.Errorf("before the only later place:\n%s", got)
	}
	if got := apply(t, "hostname sw1\nend\n", "querier"); got != "hostname sw1\nquerier\nend\n" {
		t.Errorf("after an earlier place:\n%s", got)
	}
}

func TestNewLinesTakeTheFileEnding(t *testing.T) {
	crlf := strings.ReplaceAll(toyConfig, "\n", "\r\n")
	out := apply(t, crlf, "interface Et1", "   switchport access vlan 20")
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("mixed endings:\n%q", out)
	}
	noEOL := "interface Et1\n   description x"
	if got := apply(t, noEOL, "interface Et1", "   switchport access vlan 20"); got != noEOL+"\n   switchport access vlan 20\n" {
		t.Errorf("after a last line without an ending: %q", got)
	}
	tr := Parse(toyConfig, toy())
	if err := tr.Apply([]string{"querier", "interface Et1", "   switchport access vlan 20"}); err != nil {
		t.Fatal(err)
	}
	out2, srcs := tr.Render()
	for i, l := range strings.Split(strings.TrimSuffix(string(out2), "\n"), "\n") {
		switch {
		case l == "querier" && srcs[i] != 1, l == "   switchport access vlan 20" && srcs[i] != 3:
			t.Errorf("line %q says it was written by typed line %d", l, srcs[i])
		case l == "hostname sw1" && srcs[i] != 0:
			t.Errorf("an untouched line says typed line %d wrote it", srcs[i])
		}
	}
}

func TestApplyErrors(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"frobnicate"}, `line 1 "frobnicate": mcaudit does not predict "frobnicate" at the top level on toy: no remediation template writes it`},
		{[]string{"vlan 10", "   frob"}, `line 2 "frob": mcaudit does not predict "frob" in vlan 10 on toy: no remediation template writes it`},
		{[]string{"vlan 5000"}, `line 1 "vlan 5000": "5000" is not a VLAN ID 1-4094`},
		{[]string{"querier address x"}, `line 1 "querier address x": "x" is not an IPv4 address`},
		{[]string{"interface Et9"}, `line 1 "interface Et9": the configuration has no "interface Et9": mcaudit predicts changes to it, not its creation`},
		{[]string{"no interface Et1"}, `line 1 "no interface Et1": mcaudit does not predict removing "interface Et1"`},
		{[]string{"   name X"}, `line 1 "name X": an indented sub-mode line with no section open (the line before it opens none, or an exit closed it)`},
		{[]string{"vlan 10", "   name X", "      name Y"}, `line 3 "name Y": nested sub-modes are not supported: indent every line of a section alike`},
		{[]string{"querier", "end", "querier"}, `line 3 "querier": configuration mode was left at line 2 ("end")`},
		{[]string{"no"}, `line 1 "no": "no" without a command`},
		{[]string{"querier\nno querier"}, `line 1 "querier\nno querier": one command per line: this one holds a line break`},
	} {
		tr := Parse(toyConfig, toy())
		err := tr.Apply(c.lines)
		var le *LineError
		if !errors.As(err, &le) || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.lines, err, c.want)
		}
	}
	// Comments, blank lines and odd blanks are skipped; exit closes a
	// section and then leaves configuration mode.
	if got := apply(t, toyConfig, "! a comment", "", "\v", "vlan 10", "   name X", "exit", "exit"); diff(toyConfig, got) != "-   name USERS|+   name X" {
		t.Errorf("got %q", diff(toyConfig, got))
	}
}

func TestNaturalLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"9", "10", true}, {"10", "9", false}, {"1,10,100", "20", true}, {"M 10", "M 20", true},
		{"A 10", "B 5", true}, {"x", "x 1", true}, {"20", "20", false},
	} {
		if got := naturalLess(c.a, c.b); got != c.want {
			t.Errorf("naturalLess(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
