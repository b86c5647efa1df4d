package diagram

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

var entity = regexp.MustCompile(`#\d+;`)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func labViews(t *testing.T, inv string) []View {
	t.Helper()
	t.Chdir("..")
	i, err := inventory.Load(inv, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), i, audit.Sources{FindingsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return Views(res)
}

// golden compares got with diagram/testdata/name, rewriting it with
// -update. Golden files are reviewed like code.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("diagram", "testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; rerun with -update if intended:\n%s", name, got)
	}
}

// The labs, drawn: the lab's broken trunk, missing querier and blocking
// ACL are on the drawing where they are; reviewed golden files pin the
// rest.
func TestLabDrawings(t *testing.T) {
	for _, c := range []struct{ name, inv string }{
		{"lab", "fixtures/lab/inventory.yaml"},
		{"lab-mixed", "fixtures/lab-mixed/inventory.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			views := labViews(t, c.inv)
			if len(views) != 1 {
				t.Fatalf("%d views", len(views))
			}
			var m, d, j, svg bytes.Buffer
			if err := SVG(&svg, views[0]); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, svg.Bytes())
			if err := Mermaid(&m, views[0]); err != nil {
				t.Fatal(err)
			}
			if err := DOT(&d, views); err != nil {
				t.Fatal(err)
			}
			if err := JSON(&j, views); err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".mmd.golden", m.Bytes())
			golden(t, c.name+".dot.golden", d.Bytes())
			golden(t, c.name+".json.golden", j.Bytes())
			golden(t, c.name+".svg", svg.Bytes())
		})
	}
}

func TestLabProblemsWhereTheyAre(t *testing.T) {
	v := labViews(t, "fixtures/lab/inventory.yaml")[0]
	name := map[string]string{}
	for _, n := range v.Nodes {
		name[n.ID] = n.Name
	}
	find := func(a, b string) Link {
		for _, l := range v.Links {
			if name[l.A] == a && name[l.B] == b {
				return l
			}
		}
		t.Fatalf("no link %s - %s", a, b)
		return Link{}
	}
	if l := find("core1", "leaf1"); l.Carries != "no" || !hasRule(l.Problems, "vlan-not-on-trunk") || l.APort != "TenGigabitEthernet1/0/2" {
		t.Errorf("the broken trunk: %+v", l)
	}
	if l := find("eft1", "acc1"); !hasRule(l.Problems, "pgm-blocked") || l.Problems[0].Label != "ACL EDGE-IN drops protocol 113" {
		t.Errorf("the blocking ACL: %+v", l)
	}
	if l := find("acc1", "core1"); l.Carries != "yes" || !l.OnPath {
		t.Errorf("the uplink: %+v", l)
	}
	for _, n := range v.Nodes {
		if n.Name == "core1" && !hasRule(n.Problems, "igmp-querier-missing") {
			t.Errorf("core1 does not say the querier is missing: %+v", n)
		}
	}
	if len(v.Domains) != 2 {
		t.Errorf("domains %v: the broken trunk splits the VLAN in two", v.Domains)
	}
}

// Names come from inventories and devices: whatever they hold, they stay
// inside their label in Mermaid and DOT, and Markdown's fence is safe.
func TestHostileNamesStayInTheirLabels(t *testing.T) {
	evil := "sw\"1]\n`x`|y<script>%%{init}%%-->n9;#"
	v := View{Cluster: evil, VLAN: 100, Domains: [][]string{{evil}},
		Nodes: []Node{
			{ID: "n0", Name: evil, Kind: "switch", Platform: "cisco\"ios", Status: "ok", Problems: []Problem{{Rule: "pgm-blocked", Severity: "error", Label: "ACL " + evil + " drops protocol 113"}}},
			{ID: "n1", Name: "h\n1", Kind: "host", Address: "10.0.0.1", Status: "ok"},
		},
		Links: []Link{{A: "n1", B: "n0", BPort: evil, Carries: "yes"}},
	}
	var m bytes.Buffer
	if err := Mermaid(&m, v); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(m.String(), "\n"), "\n") {
		// Every label is between the delimiters the renderer wrote, and
		// holds nothing that could end it or start markup.
		for _, open := range []string{`["`, `(["`, `|"`} {
			if i := strings.Index(line, open); i >= 0 {
				rest := line[i+len(open):]
				j := strings.IndexAny(rest, "\"")
				label := entity.ReplaceAllString(strings.ReplaceAll(rest[:j], "<br/>", ""), "")
				if strings.ContainsAny(label, "\"`|[]<>{}%;#\n") || strings.Contains(label, "-->") {
					t.Errorf("label %q holds markup", rest[:j])
				}
			}
		}
		if strings.HasPrefix(strings.TrimSpace(line), "n9") || strings.Contains(line, "%%{") {
			t.Errorf("a name became a statement: %q", line)
		}
	}
	statement := regexp.MustCompile(`^(flowchart LR|  subgraph d\d+\[".*"\]|  end|\s+n\d+(\[|\(\[).*|  n\d+ (---|-\.-)\|".*"\| n\d+|  classDef \w+ .*|  class n\d+ \w+|  linkStyle [\d,]+ .*)$`)
	for _, line := range strings.Split(strings.TrimSuffix(m.String(), "\n"), "\n") {
		if !statement.MatchString(line) {
			t.Errorf("not a statement the renderer writes: %q", line)
		}
	}
	if n := strings.Count(m.String(), "\n"); n != 10 {
		t.Errorf("%d lines: a name broke a line\n%s", n, m.String())
	}
	var d bytes.Buffer
	if err := DOT(&d, []View{v}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(d.String(), "\n") {
		// Outside escapes, quotes pair up on every line.
		if n := strings.Count(strings.ReplaceAll(line, `\\`, ""), `"`) - strings.Count(strings.ReplaceAll(line, `\\`, ""), `\"`); n%2 != 0 {
			t.Errorf("unbalanced quotes: %q", line)
		}
	}
	var svg bytes.Buffer
	if err := SVG(&svg, v); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, svg.Bytes())
	// The name is text, whole, in its box and its domain's title.
	if n := strings.Count(svg.String(), "sw&quot;1]`x`|y&lt;script&gt;%%{init}%%--&gt;n9;#"); n < 2 {
		t.Errorf("the hostile name is in the drawing %d times, escaped; want it in its box and in the ACL label\n%s", n, svg.String())
	}
}

func TestCheckSVGRefuses(t *testing.T) {
	for _, bad := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x/y)"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0" fill="javascript:alert(1)"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#x"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><a href="http://x"><text>x</text></a></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"></svg><svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><text>x</svg>`,
		`<?xml-stylesheet href="x"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"></svg>`,
	} {
		if err := CheckSVG([]byte(bad)); err == nil {
			t.Errorf("CheckSVG took %s", bad)
		}
	}
	if err := CheckSVG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect x="1" fill="#ffffff"/><text>a &lt; b</text></svg>`)); err != nil {
		t.Errorf("CheckSVG refused a plain drawing: %v", err)
	}
}

// checkSVG fails unless data is well-formed XML that holds only the
// shapes and text SVG writes: no script, no link, no foreign content, no
// event handler, no reference to anything outside the drawing.
func checkSVG(t *testing.T, data []byte) {
	t.Helper()
	if err := CheckSVG(data); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
}

// bigView is one domain of n switches: two cores linked to each other,
// the rest access switches under them, a host on each of the first two, and one access
// switch with a finding.
func bigView(n int) View {
	v := View{Cluster: "big", VLAN: 100, Domains: [][]string{{}}}
	for i := range n {
		name := fmt.Sprintf("sw%03d", i)
		v.Nodes = append(v.Nodes, Node{ID: fmt.Sprintf("n%d", i), Name: name, Kind: "switch", Platform: "cisco_iosxe", Status: "ok", InDomain: true, OnPath: i < 4})
		v.Domains[0] = append(v.Domains[0], name)
		if i >= 2 {
			v.Links = append(v.Links, Link{A: fmt.Sprintf("n%d", i%2), B: fmt.Sprintf("n%d", i), APort: "Te1/1/" + fmt.Sprint(i), BPort: "Te1/0/1", Carries: "yes", OnPath: i < 4})
		}
	}
	v.Links = append(v.Links, Link{A: "n0", B: "n1", APort: "Po1", BPort: "Po1", Carries: "yes", OnPath: true})
	v.Nodes[17].Problems = []Problem{{Rule: "storm-control-multicast", Severity: "warning", Label: "multicast storm control"}}
	for h := range 2 {
		v.Nodes = append(v.Nodes, Node{ID: fmt.Sprintf("h%d", h), Name: fmt.Sprintf("eft%d", h+1), Kind: "host", Address: fmt.Sprintf("10.10.100.%d", 11+h), Status: "ok", OnPath: true})
		v.Links = append(v.Links, Link{A: fmt.Sprintf("h%d", h), B: fmt.Sprintf("n%d", 2+h), BPort: "Gi1/0/10", Carries: "yes", OnPath: true})
	}
	return v
}

// TestLargeDomainIsCondensed: past 40 switches, those off the path with
// nothing to say are one counted box; the path, the switch with a
// finding and the hosts are still drawn.
func TestLargeDomainIsCondensed(t *testing.T) {
	var b bytes.Buffer
	if err := SVG(&b, bigView(200)); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, b.Bytes())
	s := b.String()
	for _, want := range []string{">sw000<", ">sw001<", ">sw002<", ">sw003<", ">sw017<", ">WARNING: multicast storm control<", ">eft1<", ">eft2<",
		">195 more switches of this domain<", "off the path, read, no findings: sw004, sw005,", "sw006, sw007, …"} {
		if !strings.Contains(s, want) {
			t.Errorf("the drawing lacks %q", want)
		}
	}
	if strings.Contains(s, ">sw004<") {
		t.Error("a quiet switch off the path is drawn one by one")
	}
	if n := strings.Count(s, "<rect "); n != 8+1 {
		t.Errorf("%d rectangles, want 8 boxes and the domain's frame", n)
	}
	// Under the limit nothing is left out.
	b.Reset()
	if err := SVG(&b, bigView(30)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "more switches") || !strings.Contains(b.String(), ">sw029<") {
		t.Error("a drawing under the limit was condensed")
	}
}

// BenchmarkSVG200: the drawing of a 200-switch domain (condensed) and
// of a 40-switch one (drawn whole), from the view to the SVG text.
func BenchmarkSVG200(b *testing.B) {
	for _, n := range []int{200, 40} {
		v := bigView(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := SVG(io.Discard, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestUnreadSwitchDrawn: a switch that could not be read is grey, dashed
// and says so in words; its links are not proven either way.
func TestUnreadSwitchDrawn(t *testing.T) {
	v := View{VLAN: 100, Domains: [][]string{{"core9", "acc9"}},
		Nodes: []Node{
			{ID: "n0", Name: "core9", Kind: "switch", Platform: "arista_eos", Status: "not audited", InDomain: true},
			{ID: "n1", Name: "acc9", Kind: "switch", Platform: "cisco_ios", Status: "ok", InDomain: true, OnPath: true},
		},
		Links: []Link{{A: "n0", B: "n1", APort: "Ethernet1", BPort: "Gi0/1", Carries: "unknown"}},
	}
	var b bytes.Buffer
	if err := SVG(&b, v); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, b.Bytes())
	for _, want := range []string{`fill="#eeeeee" stroke="#555555" stroke-width="1.5" stroke-dasharray="5 3"`, ">NOT AUDITED: nothing proven here<",
		`stroke="#555555" stroke-width="2" stroke-dasharray="4 3"`, ">not proven: an end was not read<"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the drawing lacks %s\n%s", want, b.String())
		}
	}
}
