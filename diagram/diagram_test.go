package diagram

import (
	"bytes"
	"context"
	"flag"
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
