package diagram

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/mcaudit/mcaudit/rules"
)

// JSON writes the views as a JSON array.
func JSON(w io.Writer, views []View) error {
	if views == nil {
		views = []View{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(views)
}

// Mermaid writes one view as a Mermaid flowchart, which GitLab and GitHub
// draw in Markdown. Problems are labelled in words beside their colour.
func Mermaid(w io.Writer, v View) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	// The switches of each of the VLAN's domains are drawn together: two
	// boxes mean the hosts cannot reach each other in the VLAN.
	domainOf := map[string]int{}
	for i, dom := range v.Domains {
		for _, d := range dom {
			domainOf[d] = i
		}
	}
	declare := func(n Node, indent string) {
		open, close := `["`, `"]`
		if n.Kind == "host" {
			open, close = `(["`, `"])`
		}
		fmt.Fprintf(&b, "%s%s%s%s%s\n", indent, n.ID, open, mermaidLines(nodeLines(n)), close)
	}
	for i := range v.Domains {
		fmt.Fprintf(&b, "  subgraph d%d[\"%s\"]\n", i, mermaidLines([]string{domainTitle(v, i)}))
		for _, n := range v.Nodes {
			if d, ok := domainOf[n.Name]; ok && d == i && n.Kind == "switch" {
				declare(n, "    ")
			}
		}
		b.WriteString("  end\n")
	}
	for _, n := range v.Nodes {
		if _, ok := domainOf[n.Name]; !ok || n.Kind != "switch" {
			declare(n, "  ")
		}
	}
	var bad, unknown, path []int
	for i, l := range v.Links {
		arrow := "---"
		if l.Carries != "yes" {
			arrow = "-.-"
		}
		fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", l.A, arrow, mermaidLines(linkLines(l)), l.B)
		switch {
		case l.Carries == "no" || worst(l.Problems) == rules.Error:
			bad = append(bad, i)
		case l.Carries == "unknown":
			unknown = append(unknown, i)
		case l.OnPath:
			path = append(path, i)
		}
	}
	b.WriteString("  classDef error fill:#fde2e2,stroke:#b00020,stroke-width:2px,color:#000\n")
	b.WriteString("  classDef warning fill:#fff4ce,stroke:#8a6d00,color:#000\n")
	b.WriteString("  classDef unread fill:#eeeeee,stroke:#666,stroke-dasharray:4 3,color:#000\n")
	for _, n := range v.Nodes {
		switch {
		case n.Status != "ok":
			fmt.Fprintf(&b, "  class %s unread\n", n.ID)
		case worst(n.Problems) == rules.Error:
			fmt.Fprintf(&b, "  class %s error\n", n.ID)
		case worst(n.Problems) == rules.Warning:
			fmt.Fprintf(&b, "  class %s warning\n", n.ID)
		}
	}
	linkStyle(&b, bad, "stroke:#b00020,stroke-width:3px")
	linkStyle(&b, unknown, "stroke:#666,stroke-dasharray:4 3")
	linkStyle(&b, path, "stroke-width:3px")
	_, err := io.WriteString(w, b.String())
	return err
}

func linkStyle(b *strings.Builder, idx []int, style string) {
	if len(idx) == 0 {
		return
	}
	s := make([]string, len(idx))
	for i, x := range idx {
		s[i] = fmt.Sprint(x)
	}
	fmt.Fprintf(b, "  linkStyle %s %s\n", strings.Join(s, ","), style)
}

// DOT writes the views as Graphviz graphs, one per cluster.
func DOT(w io.Writer, views []View) error {
	var b strings.Builder
	for _, v := range views {
		name := fmt.Sprintf("VLAN %d", v.VLAN)
		if v.Cluster != "" {
			name = v.Cluster + " " + name
		}
		fmt.Fprintf(&b, "graph %s {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n", dotString(name))
		for _, n := range v.Nodes {
			attrs := []string{"label=" + dotLines(nodeLines(n))}
			if n.Kind == "host" {
				attrs = append(attrs, "shape=ellipse")
			}
			switch {
			case n.Status != "ok":
				attrs = append(attrs, "style=dashed", "color=\"#666666\"")
			case worst(n.Problems) == rules.Error:
				attrs = append(attrs, "style=filled", "fillcolor=\"#fde2e2\"", "color=\"#b00020\"")
			case worst(n.Problems) == rules.Warning:
				attrs = append(attrs, "style=filled", "fillcolor=\"#fff4ce\"")
			}
			fmt.Fprintf(&b, "  %s [%s];\n", n.ID, strings.Join(attrs, ", "))
		}
		for _, l := range v.Links {
			attrs := []string{"label=" + dotLines(linkLines(l))}
			switch {
			case l.Carries == "no" || worst(l.Problems) == rules.Error:
				attrs = append(attrs, "color=\"#b00020\"", "penwidth=3")
			case l.Carries == "unknown":
				attrs = append(attrs, "style=dashed", "color=\"#666666\"")
			case l.OnPath:
				attrs = append(attrs, "penwidth=3")
			}
			if l.Carries != "yes" {
				attrs = append(attrs, "style=dashed")
			}
			fmt.Fprintf(&b, "  %s -- %s [%s];\n", l.A, l.B, strings.Join(attrs, ", "))
		}
		b.WriteString("}\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// domainTitle names domain i of v.
func domainTitle(v View, i int) string {
	if len(v.Domains) == 1 {
		return fmt.Sprintf("VLAN %d domain", v.VLAN)
	}
	return fmt.Sprintf("VLAN %d domain %d of %d", v.VLAN, i+1, len(v.Domains))
}

// nodeLines is what a node's box says, a line each.
func nodeLines(n Node) []string {
	lines := []string{n.Name}
	switch {
	case n.Kind == "host":
		lines = append(lines, n.Address)
	case n.Status != "ok":
		lines = append(lines, n.Platform, "NOT AUDITED")
	default:
		lines = append(lines, n.Platform)
	}
	for _, q := range n.Queriers {
		lines = append(lines, "querier: "+q)
	}
	return append(lines, problemLines(n.Problems)...)
}

// linkLines is what a link's label says: its ports, whether it carries
// the VLAN, and its problems.
func linkLines(l Link) []string {
	var lines []string
	switch {
	case l.APort != "" && l.BPort != "":
		lines = append(lines, l.APort+" – "+l.BPort)
	case l.BPort != "":
		lines = append(lines, l.BPort)
	}
	switch l.Carries {
	case "no":
		if !hasRule(l.Problems, "vlan-not-on-trunk") && !hasRule(l.Problems, "host-port-wrong-vlan") {
			lines = append(lines, "VLAN not carried")
		}
	case "unknown":
		lines = append(lines, "not proven: an end was not read")
	}
	return append(lines, problemLines(l.Problems)...)
}

func problemLines(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.ToUpper(string(p.Severity))+": "+p.Label)
	}
	return out
}

func worst(ps []Problem) rules.Severity {
	var w rules.Severity
	for _, p := range ps {
		if w == "" || p.Severity.Rank() < w.Rank() {
			w = p.Severity
		}
	}
	return w
}

func hasRule(ps []Problem, rule string) bool {
	for _, p := range ps {
		if p.Rule == rule {
			return true
		}
	}
	return false
}

// mermaidLines joins lines with Mermaid's line break, each made safe: a
// name from a device or an inventory is untrusted, so every character
// outside a plain set is written as Mermaid's numeric entity (#35; for
// '#'), and none can close the label, start markup or a new statement.
func mermaidLines(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for _, r := range l {
			switch {
			case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" .,:/-_()@+=", r)):
				b.WriteRune(r)
			case unicode.IsControl(r):
				// dropped: a label is one line
			default:
				fmt.Fprintf(&b, "#%d;", r)
			}
		}
		out[i] = b.String()
	}
	return strings.Join(out, "<br/>")
}

// dotLines quotes lines as one DOT string, a line each: quotes and
// backslashes escaped, control characters dropped, so an untrusted name
// stays inside its string.
func dotLines(lines []string) string {
	clean := make([]string, len(lines))
	for i, l := range lines {
		clean[i] = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, l)
	}
	return dotString(strings.Join(clean, "\n"))
}

func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			if !unicode.IsControl(r) {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
