package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/mcaudit/mcaudit/diagram"
)

// browser finds Debian's headless Chromium. Under CI=true its absence
// fails the test: CI installs it (.ci/run), and a browser test that
// skips proves nothing.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium-headless-shell", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no headless Chromium (Debian: apt-get install chromium-headless-shell); CI must run the browser test")
	}
	t.Skip("no headless Chromium on this machine (Debian: apt-get install chromium-headless-shell)")
	return ""
}

// TestBrowserRendersLabPage opens the lab's report in a real browser:
// Chromium's DOM after loading holds every switch, link and finding of
// the lab and the drawing; every request the page could make goes to a
// proxy that counts them, and there must be none; the screenshot shows
// the drawing's error red and its error fill.
func TestBrowserRendersLabPage(t *testing.T) {
	bin := browser(t)
	page, res := labPage(t, "fixtures/lab/inventory.yaml", nil)
	dir := t.TempDir()
	if d := os.Getenv("MCAUDIT_ARTIFACTS"); d != "" {
		// CI keeps the page and its screenshot for a reviewer.
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dir = d
	}
	file := filepath.Join(dir, "lab-report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}

	// Anything the page fetched would come here: the browser is told to
	// use it as its proxy for every scheme, loopback included.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var requests atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			requests.Add(1)
			c.Close()
		}
	}()
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + t.TempDir(),
			"--proxy-server=http://" + ln.Addr().String(), "--proxy-bypass-list=<-loopback>"}
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
		}
		return out
	}

	dom := run("--dump-dom", "file://"+file)
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatal(err)
	}
	text := pageTextOf(doc)
	svgs, rects := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "svg" {
			svgs++
		}
		if n.Type == html.ElementNode && n.Data == "rect" {
			rects++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	views := diagram.Views(res)
	if svgs != len(views) {
		t.Errorf("the browser's DOM has %d drawings, want %d", svgs, len(views))
	}
	for _, v := range views {
		// A box per node and a frame per domain.
		if want := len(v.Nodes) + len(v.Domains); rects != want {
			t.Errorf("the browser's DOM has %d rectangles, want %d", rects, want)
		}
		for _, n := range v.Nodes {
			if !strings.Contains(text, n.Name) {
				t.Errorf("%s is not in the browser's DOM", n.Name)
			}
		}
		for _, l := range v.Links {
			for _, p := range linkPorts(v, l) {
				if !strings.Contains(text, p) {
					t.Errorf("link port %s is not in the browser's DOM", p)
				}
			}
		}
	}
	for _, f := range res.Findings {
		if !strings.Contains(text, f.Message) {
			t.Errorf("finding %s on %s is not in the browser's DOM", f.Rule, f.Device)
		}
	}
	for _, want := range []string{"ERROR: VLAN 100 not carried", "ERROR: no querier in this domain", "ERROR: ACL EDGE-IN drops protocol 113"} {
		if !strings.Contains(text, want) {
			t.Errorf("the drawing does not say %q", want)
		}
	}

	shot := filepath.Join(dir, "lab-report.png")
	run("--hide-scrollbars", "--window-size=1400,1000", "--screenshot="+shot, "file://"+file)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	red, pink := countColour(img, 0xb0, 0x00, 0x20), countColour(img, 0xfd, 0xe2, 0xe2)
	if red < 500 || pink < 2000 {
		t.Errorf("the screenshot shows %d pixels of the error red and %d of the error fill: the drawing did not render", red, pink)
	}
	// The golden image was looked at before it was committed. Fonts
	// differ a little between machines, so it is compared by size and by
	// how much of the error colours it shows, not pixel by pixel.
	goldenPNG := filepath.Join("report", "testdata", "lab-report.png")
	if *update {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPNG, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gf, err := os.Open(goldenPNG)
	if err != nil {
		t.Fatalf("%v (go test ./report -run Browser -update writes it: look at it before committing it)", err)
	}
	defer gf.Close()
	want, err := png.Decode(gf)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Errorf("screenshot is %v, the golden image %v", img.Bounds(), want.Bounds())
	}
	wantRed, wantPink := countColour(want, 0xb0, 0x00, 0x20), countColour(want, 0xfd, 0xe2, 0xe2)
	if !within(red, wantRed, 0.25) || !within(pink, wantPink, 0.25) {
		t.Errorf("the screenshot shows %d px of error red and %d of error fill; the golden image %d and %d", red, pink, wantRed, wantPink)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the page made %d network requests; it must make none", n)
	}
	// The control: a page that does fetch is seen by the proxy, so the
	// count above could have failed.
	ctl := filepath.Join(t.TempDir(), "fetches.html")
	if err := os.WriteFile(ctl, []byte(`<html><body><img src="http://192.0.2.1/x.png"></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	run("--dump-dom", "file://"+ctl)
	if requests.Load() == 0 {
		t.Error("the proxy saw nothing from a page that fetches an image: it cannot tell whether the report fetches")
	}
	t.Logf("screenshot: %s (%d px red, %d px error fill)", shot, red, pink)
}

// countColour counts the pixels within a small distance of one colour.
func countColour(img image.Image, r, g, b uint8) int {
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				n++
			}
		}
	}
	return n
}

func within(got, want int, frac float64) bool {
	d := float64(got - want)
	return d <= frac*float64(want) && -d <= frac*float64(want)
}

func near(a uint32, b uint8) bool {
	d := int(a) - int(b)
	return d >= -6 && d <= 6
}
