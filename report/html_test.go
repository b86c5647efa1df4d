package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/mcaudit/mcaudit/audit"
	"github.com/mcaudit/mcaudit/diagram"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/model"
	"github.com/mcaudit/mcaudit/remediate"
	"github.com/mcaudit/mcaudit/templates"
	"github.com/mcaudit/mcaudit/vendors"
)

// labPage audits a bundled lab from the repository root, plans its
// remediation as mcaudit audit --format html does, and renders the page.
func labPage(t *testing.T, path string, mutate func(*audit.Result)) ([]byte, *audit.Result) {
	t.Helper()
	t.Chdir("..")
	inv, err := inventory.Load(path, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Inventory(context.Background(), inv, audit.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	reaudit := func(ctx context.Context, configs map[string]audit.ConfigText) (*audit.Result, error) {
		return audit.Inventory(ctx, inv, audit.Sources{Configs: configs, ConfigOnly: true})
	}
	plan, err := remediate.Run(context.Background(), res, templates.Builtin(), reaudit)
	if err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(res)
	}
	var b bytes.Buffer
	if err := HTML(&b, res, HTMLOptions{Command: "audit", ExitCode: 1, ExitMeaning: ExitMeaning(1), Plan: plan, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res
}

func TestLabHTMLGolden(t *testing.T) {
	for _, c := range []struct{ name, inv string }{
		{"lab", "fixtures/lab/inventory.yaml"},
		{"lab-mixed", "fixtures/lab-mixed/inventory.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page, res := labPage(t, c.inv, nil)
			selfContained(t, page)
			text := pageText(t, page)
			// Everything the lab's reviewer looks for is on the page:
			// every switch and host, every link's ports, every finding
			// with its evidence lines.
			for _, v := range diagram.Views(res) {
				for _, n := range v.Nodes {
					if !strings.Contains(text, n.Name) {
						t.Errorf("%s is not on the page", n.Name)
					}
				}
				for _, l := range v.Links {
					for _, p := range linkPorts(v, l) {
						if !strings.Contains(text, p) {
							t.Errorf("port %s is not on the page", p)
						}
					}
				}
			}
			for _, f := range res.Findings {
				if !strings.Contains(text, f.Message) {
					t.Errorf("finding %s on %s is not on the page", f.Rule, f.Device)
				}
				for _, e := range f.Evidence {
					if e.Line > 0 && !strings.Contains(text, strings.TrimSpace(e.Text)) {
						t.Errorf("evidence %s:%d of %s is not on the page", e.File, e.Line, f.Rule)
					}
				}
			}
			golden(t, c.name+".html.golden", page)
		})
	}
}

// TestHostileTextStaysText: names, messages and evidence from a device or
// an inventory are text on the page, never markup.
func TestHostileTextStaysText(t *testing.T) {
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>` + "\x1b[31m"
	page, _ := labPage(t, "fixtures/lab/inventory.yaml", func(res *audit.Result) {
		res.Clusters[0].Name = evil
		for i := range res.Findings {
			res.Findings[i].Cluster = evil
			res.Findings[i].Message += evil
			res.Findings[i].Evidence = append(res.Findings[i].Evidence, model.Ref{File: evil, Line: 3, Text: evil})
		}
		res.Devices[0].Note = evil
	})
	selfContained(t, page)
	text := pageText(t, page)
	if !strings.Contains(text, `"><script>alert(1)</script><img src=x onerror=alert(2)>\x1b[31m`) {
		t.Errorf("the hostile text is not shown as text, its escape made visible")
	}
	if bytes.Contains(page, []byte("\x1b")) {
		t.Error("a terminal escape reached the page")
	}
}

// selfContained fails unless the page loads nothing and runs nothing: no
// element that fetches or runs, no attribute that names a URL or an event
// handler, and a Content-Security-Policy that forbids the rest.
func selfContained(t *testing.T, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	csp := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "link", "img", "image", "base", "form", "audio", "video", "source", "use", "foreignObject", "a":
				t.Errorf("the page has a <%s> element", n.Data)
			case "meta":
				if attr(n, "http-equiv") == "Content-Security-Policy" && strings.HasPrefix(attr(n, "content"), "default-src 'none';") {
					csp = true
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "src" || k == "href" || k == "action" || k == "style" || strings.Contains(k, ":") {
					t.Errorf("<%s> has a %s attribute", n.Data, a.Key)
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "style" {
			if css := pageTextOf(n); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
				t.Error("the style sheet reaches out with url() or @import")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !csp {
		t.Error("no Content-Security-Policy with default-src 'none'")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pageText is the page's text as a reader sees it.
func pageText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return pageTextOf(doc)
}

func pageTextOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// linkPorts are a link's ports as the drawing writes them: abbreviated
// as the platform's show output does.
func linkPorts(v diagram.View, l diagram.Link) []string {
	platform := map[string]string{}
	for _, n := range v.Nodes {
		platform[n.ID] = n.Platform
	}
	var out []string
	if l.APort != "" {
		out = append(out, vendors.ShortInterface(platform[l.A], l.APort))
	}
	return append(out, vendors.ShortInterface(platform[l.B], l.BPort))
}
