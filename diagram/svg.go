package diagram

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/mcaudit/mcaudit/diagram/layout"
	"github.com/mcaudit/mcaudit/rules"
)

// Sizes of the drawing, in SVG pixels. Text widths are estimated from the
// character count: the drawing carries no font, so a box is made wide
// enough for the widest of the usual sans-serif faces.
const (
	fontSize   = 12.0
	lineHeight = 15.0
	charWidth  = 7.0 // DejaVu Sans at 12 px averages under 7
	boxPad     = 8.0
	wrapAt     = 46 // characters: longer lines wrap at a space
	// labelAt is how far down a link between two rows its label sits:
	// below the middle, where links fanning out from one box are apart.
	labelAt = 0.62
)

// Colours, each paired with a word in the drawing: colour is never the
// only sign of a problem.
const (
	inkText    = "#1a1a1a"
	inkMuted   = "#555555"
	inkError   = "#b00020"
	fillError  = "#fde2e2"
	inkWarning = "#8a6d00"
	fillWarn   = "#fff4ce"
	inkInfo    = "#1a56c4"
	fillHost   = "#e8f0fe"
	fillUnread = "#eeeeee"
	inkQuerier = "#1b6e20"
)

// textLine is a line of a box or label with its style.
type textLine struct {
	text   string
	colour string
	bold   bool
}

// SVG writes one view as a standalone SVG drawing: the switches in rows
// from the centre of the hosts' path down to the hosts, each of the
// VLAN's layer-2 domains framed as a block of its own, every link with
// its ports, whether it carries the VLAN, and its problems, written in
// words beside their colour. It holds only shapes and text: no script, no
// link, no style sheet, no font.
func SVG(w io.Writer, v View) error {
	v = condense(v, drawLimit)
	layers, groups := arrange(v)
	boxes := make([][]textLine, len(v.Nodes))
	g := layout.Graph{Gap: 40, LayerGap: 110, GroupGap: 60, Margin: 36}
	index := map[string]int{}
	for i, n := range v.Nodes {
		index[n.ID] = i
		boxes[i] = boxLines(n)
		wd, ht := boxSize(boxes[i])
		g.Nodes = append(g.Nodes, layout.Node{W: wd, H: ht, Layer: layers[i], Group: groups[i]})
	}
	labels := make([][]textLine, len(v.Links))
	for k, l := range v.Links {
		a, b := index[l.A], index[l.B]
		g.Edges = append(g.Edges, layout.Edge{A: a, B: b})
		labels[k] = linkLabel(l)
		// The label sits labelAt of the way down the link: the lower box
		// is spaced as if it were wide enough that the labels of links
		// fanning out from one box keep apart.
		low := b
		if layers[a] > layers[b] {
			low = a
		}
		if layers[a] != layers[b] {
			lw, _ := boxSize(labels[k])
			g.Nodes[low].W = max(g.Nodes[low].W, lw/labelAt)
		}
	}
	widths := make([]float64, len(v.Nodes))
	for i := range v.Nodes {
		widths[i], _ = boxSize(boxes[i])
	}
	r := layout.Place(g)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="%s" role="img">`+"\n",
		num(r.W), num(r.H), num(r.W), num(r.H), num(fontSize))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(viewTitle(v)))

	// Domains first, under everything else.
	for _, gb := range r.Groups {
		title, stroke := "", inkMuted
		switch {
		case gb.Group < len(v.Domains):
			title = domainTitle(v, gb.Group)
			stroke = inkInfo
		case gb.Group == len(v.Domains) && hasSwitch(v, groups, gb.Group):
			title = fmt.Sprintf("outside VLAN %d's domains", v.VLAN)
		default:
			continue
		}
		x, y, wd, ht := gb.X-14, gb.Y-24, gb.W+28, gb.H+38
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="10" fill="none" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/>`+"\n",
			num(x), num(y), num(wd), num(ht), stroke)
		fmt.Fprintf(&b, `<text x="%s" y="%s" fill="%s" font-size="11">%s</text>`+"\n", num(x+8), num(y+14), stroke, esc(title))
	}

	// Links, then their labels above every line.
	// Each label goes to the first of its candidate places that covers
	// no box and no label placed before it, else to the one that covers
	// least.
	var cands [][]point
	for k, l := range v.Links {
		a, bb := index[l.A], index[l.B]
		stroke, width, dash := linkStroke(l)
		x1, y1, x2, y2 := r.X[a], r.Y[a], r.X[bb], r.Y[bb]
		if layers[a] == layers[bb] && !adjacent(r, layers, a, bb) {
			// Over the boxes between them, as an arch.
			top := min(y1-g.Nodes[a].H/2, y2-g.Nodes[bb].H/2)
			lift := top - g.LayerGap*0.45
			fmt.Fprintf(&b, `<path d="M %s %s C %s %s %s %s %s %s" fill="none" stroke="%s" stroke-width="%s"%s/>`+"\n",
				num(x1), num(y1-g.Nodes[a].H/2), num(x1), num(lift), num(x2), num(lift), num(x2), num(y2-g.Nodes[bb].H/2),
				stroke, num(width), dash)
			cands = append(cands, []point{{(x1 + x2) / 2, top - g.LayerGap*0.34}})
			continue
		}
		sx, sy := clip(x1, y1, x2, y2, widths[a], g.Nodes[a].H)
		ex, ey := clip(x2, y2, x1, y1, widths[bb], g.Nodes[bb].H)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
			num(sx), num(sy), num(ex), num(ey), stroke, num(width), dash)
		if layers[a] > layers[bb] {
			sx, sy, ex, ey = ex, ey, sx, sy // from the upper end
		}
		var cs []point
		for _, t := range []float64{labelAt, 0.5, 0.76, 0.38, 0.86, 0.27} {
			cs = append(cs, point{sx + t*(ex-sx), sy + t*(ey-sy)})
		}
		if layers[a] == layers[bb] {
			// Side by side: above or below the pair.
			_, lh := boxSize(labels[k])
			hh := max(g.Nodes[a].H, g.Nodes[bb].H) / 2
			cs = append(cs, point{(sx + ex) / 2, (sy+ey)/2 - hh - lh/2}, point{(sx + ex) / 2, (sy+ey)/2 + hh + lh/2})
		}
		cands = append(cands, cs)
	}
	var taken []layout.Rect
	boxesAt := make([]layout.Rect, len(v.Nodes))
	for i := range v.Nodes {
		boxesAt[i] = layout.Rect{X: r.X[i] - widths[i]/2, Y: r.Y[i] - g.Nodes[i].H/2, W: widths[i], H: g.Nodes[i].H}
	}
	for k := range v.Links {
		lw, lh := boxSize(labels[k])
		lw, lh = lw-2*boxPad+6, lh-2*boxPad+6
		best, bestCost := cands[k][0], math.Inf(1)
		for _, c := range cands[k] {
			rc := layout.Rect{X: c.x - lw/2, Y: c.y - lh/2, W: lw, H: lh}
			cost := 0.0
			for _, bx := range boxesAt {
				cost += 3 * overlap(rc, bx)
			}
			for _, t := range taken {
				cost += overlap(rc, t)
			}
			if cost < bestCost {
				best, bestCost = c, cost
			}
			if cost == 0 {
				break
			}
		}
		taken = append(taken, layout.Rect{X: best.x - lw/2, Y: best.y - lh/2, W: lw, H: lh})
		writeLines(&b, labels[k], best.x, best.y, true)
	}

	// Boxes on top.
	for i, n := range v.Nodes {
		fill, stroke, dash, rx := boxStyle(n)
		wd, ht := widths[i], g.Nodes[i].H
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="1.5"%s/>`+"\n",
			num(r.X[i]-wd/2), num(r.Y[i]-ht/2), num(wd), num(ht), num(rx), fill, stroke, dash)
		writeLines(&b, boxes[i], r.X[i], r.Y[i], false)
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

type point struct{ x, y float64 }

// overlap is the area two rectangles share.
func overlap(a, b layout.Rect) float64 {
	w := min(a.X+a.W, b.X+b.W) - max(a.X, b.X)
	h := min(a.Y+a.H, b.Y+b.H) - max(a.Y, b.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// drawLimit is how many switches a drawing shows one by one; past it,
// the switches a reader need not see are counted in one box per domain.
const drawLimit = 40

// condense keeps a large view legible: past limit switches, those off
// the hosts' path with nothing to say (read, no finding, no querier) are
// replaced by one box per domain that counts and names them, and their
// links are left out.
func condense(v View, limit int) View {
	switches := 0
	for _, n := range v.Nodes {
		if n.Kind == "switch" {
			switches++
		}
	}
	if switches <= limit {
		return v
	}
	quiet := map[string]bool{}
	for _, n := range v.Nodes {
		if n.Kind == "switch" && !n.OnPath && n.Status == "ok" && len(n.Problems) == 0 && len(n.Queriers) == 0 {
			quiet[n.ID] = true
		}
	}
	for _, l := range v.Links {
		// A link with something to say keeps both its ends.
		if len(l.Problems) > 0 || l.Carries != "yes" {
			delete(quiet, l.A)
			delete(quiet, l.B)
		}
	}
	domainOf := map[string]int{}
	for k, dom := range v.Domains {
		for _, name := range dom {
			domainOf[name] = k
		}
	}
	out := v
	out.Nodes, out.Links, out.Domains = nil, nil, make([][]string, len(v.Domains))
	hidden := map[int][]string{}
	for _, n := range v.Nodes {
		if quiet[n.ID] {
			k, ok := domainOf[n.Name]
			if !ok {
				k = len(v.Domains)
			}
			hidden[k] = append(hidden[k], n.Name)
			continue
		}
		out.Nodes = append(out.Nodes, n)
	}
	for _, l := range v.Links {
		if !quiet[l.A] && !quiet[l.B] {
			out.Links = append(out.Links, l)
		}
	}
	for k, dom := range v.Domains {
		for _, name := range dom {
			if !slices.Contains(hidden[k], name) {
				out.Domains[k] = append(out.Domains[k], name)
			}
		}
	}
	for k := 0; k <= len(v.Domains); k++ {
		names := hidden[k]
		if len(names) == 0 {
			continue
		}
		shown := names[:min(len(names), 4)]
		label := fmt.Sprintf("%d more switches", len(names))
		switch {
		case k == len(v.Domains):
			label += " outside the domains"
		case len(v.Domains) > 1:
			label += fmt.Sprintf(" of domain %d", k+1)
		default:
			label += " of this domain"
		}
		n := Node{ID: fmt.Sprintf("more%d", k), Name: label, Kind: "switch", Status: "ok", summary: true,
			Platform: "off the path, read, no findings: " + strings.Join(shown, ", ") + ifMore(len(names) > len(shown))}
		if k < len(v.Domains) {
			n.InDomain = true
			out.Domains[k] = append(out.Domains[k], n.Name)
		}
		out.Nodes = append(out.Nodes, n)
	}
	return out
}

func ifMore(more bool) string {
	if more {
		return ", …"
	}
	return ""
}

// arrange gives each node its row and block. The top row holds the
// switches at the centre of the hosts' path (the fewest hops from the
// farthest host switch); each row below is one hop further; a host sits
// one row below its switch. Each of the VLAN's domains is a block; what
// lies outside them forms one more.
func arrange(v View) (layers, groups []int) {
	n := len(v.Nodes)
	layers, groups = make([]int, n), make([]int, n)
	index := map[string]int{}
	for i, nd := range v.Nodes {
		index[nd.ID] = i
	}
	adj := make([][]int, n)
	hostOf := map[int]int{} // host → its switch
	for _, l := range v.Links {
		a, b := index[l.A], index[l.B]
		switch {
		case v.Nodes[a].Kind == "host":
			hostOf[a] = b
		case v.Nodes[b].Kind == "host":
			hostOf[b] = a
		default:
			adj[a], adj[b] = append(adj[a], b), append(adj[b], a)
		}
	}
	hostSwitch := map[int]bool{}
	for _, s := range hostOf {
		hostSwitch[s] = true
	}
	bfs := func(from []int) []int {
		d := make([]int, n)
		for i := range d {
			d[i] = -1
		}
		q := slices.Clone(from)
		for _, s := range from {
			d[s] = 0
		}
		for len(q) > 0 {
			x := q[0]
			q = q[1:]
			for _, y := range adj[x] {
				if d[y] < 0 {
					d[y] = d[x] + 1
					q = append(q, y)
				}
			}
		}
		return d
	}
	// Component by component: its centre is its top row.
	done := make([]bool, n)
	for i, nd := range v.Nodes {
		if done[i] || nd.Kind == "host" {
			continue
		}
		comp := bfs([]int{i})
		var members, targets []int
		for j, d := range comp {
			if d >= 0 {
				members = append(members, j)
				done[j] = true
				if hostSwitch[j] {
					targets = append(targets, j)
				}
			}
		}
		if len(targets) == 0 {
			targets = members
		}
		far := map[int]int{}
		best := math.MaxInt
		for _, t := range targets {
			for j, d := range bfs([]int{t}) {
				if d >= 0 {
					far[j] = max(far[j], d)
				}
			}
		}
		for _, j := range members {
			best = min(best, far[j])
		}
		var roots []int
		for _, j := range members {
			if far[j] == best {
				roots = append(roots, j)
			}
		}
		for j, d := range bfs(roots) {
			if d >= 0 && comp[j] >= 0 {
				layers[j] = d
			}
		}
	}
	domainOf := map[string]int{}
	for k, dom := range v.Domains {
		for _, name := range dom {
			domainOf[name] = k
		}
	}
	for i, nd := range v.Nodes {
		if nd.Kind == "host" {
			continue
		}
		groups[i] = len(v.Domains)
		if k, ok := domainOf[nd.Name]; ok {
			groups[i] = k
		}
	}
	bottom := 0
	for _, l := range layers {
		bottom = max(bottom, l)
	}
	for i, nd := range v.Nodes {
		if nd.summary {
			layers[i] = bottom // below the switches it stands for
		}
		if nd.Kind != "host" {
			continue
		}
		if s, ok := hostOf[i]; ok {
			layers[i], groups[i] = layers[s]+1, groups[s]
		} else {
			groups[i] = len(v.Domains)
		}
	}
	return layers, groups
}

func hasSwitch(v View, groups []int, g int) bool {
	for i, n := range v.Nodes {
		if n.Kind == "switch" && groups[i] == g {
			return true
		}
	}
	return false
}

// adjacent reports whether no box of the same row stands between a and b.
func adjacent(r layout.Result, layers []int, a, b int) bool {
	lo, hi := min(r.X[a], r.X[b]), max(r.X[a], r.X[b])
	for i := range r.X {
		if i != a && i != b && layers[i] == layers[a] && r.X[i] > lo && r.X[i] < hi {
			return false
		}
	}
	return true
}

// clip is where the line from (x1,y1) to (x2,y2) leaves the box of size
// w×h centred on (x1,y1).
func clip(x1, y1, x2, y2, w, h float64) (float64, float64) {
	dx, dy := x2-x1, y2-y1
	if dx == 0 && dy == 0 {
		return x1, y1
	}
	t := math.Inf(1)
	if dx != 0 {
		t = (w / 2) / math.Abs(dx)
	}
	if dy != 0 {
		t = min(t, (h/2)/math.Abs(dy))
	}
	t = min(t, 1)
	return x1 + t*dx, y1 + t*dy
}

func boxLines(n Node) []textLine {
	lines := []textLine{{text: n.Name, colour: inkText, bold: true}}
	switch {
	case n.Kind == "host":
		lines = append(lines, textLine{text: n.Address, colour: inkText})
	case n.Status != "ok":
		lines = append(lines, textLine{text: n.Platform, colour: inkMuted}, textLine{text: "NOT AUDITED: nothing proven here", colour: inkText, bold: true})
	default:
		lines = append(lines, textLine{text: n.Platform, colour: inkMuted})
	}
	for _, q := range n.Queriers {
		lines = append(lines, textLine{text: "querier: " + q, colour: inkQuerier})
	}
	return wrap(append(lines, problemText(n.Problems)...))
}

func linkLabel(l Link) []textLine {
	var lines []textLine
	a, b := cmp.Or(l.aShort, l.APort), cmp.Or(l.bShort, l.BPort)
	switch {
	case a != "" && b != "":
		lines = append(lines, textLine{text: a + " – " + b, colour: inkText})
	case b != "":
		lines = append(lines, textLine{text: b, colour: inkText})
	}
	switch l.Carries {
	case "no":
		if !hasRule(l.Problems, "vlan-not-on-trunk") && !hasRule(l.Problems, "host-port-wrong-vlan") {
			lines = append(lines, textLine{text: "VLAN not carried", colour: inkError, bold: true})
		}
	case "unknown":
		lines = append(lines, textLine{text: "not proven: an end was not read", colour: inkMuted})
	}
	return wrap(append(lines, problemText(l.Problems)...))
}

func problemText(ps []Problem) []textLine {
	var out []textLine
	for _, p := range ps {
		c := inkInfo
		switch p.Severity {
		case rules.Error:
			c = inkError
		case rules.Warning:
			c = inkWarning
		}
		out = append(out, textLine{text: strings.ToUpper(string(p.Severity)) + ": " + p.Label, colour: c, bold: p.Severity == rules.Error})
	}
	return out
}

// wrap breaks long lines at a space.
func wrap(lines []textLine) []textLine {
	var out []textLine
	for _, l := range lines {
		rs := []rune(l.text)
		for len(rs) > wrapAt {
			cut := wrapAt
			for cut > wrapAt/2 && rs[cut] != ' ' {
				cut--
			}
			if rs[cut] != ' ' {
				cut = wrapAt
			}
			part := l
			part.text = strings.TrimRight(string(rs[:cut]), " ")
			out = append(out, part)
			rs = []rune(strings.TrimLeft(string(rs[cut:]), " "))
		}
		part := l
		part.text = string(rs)
		out = append(out, part)
	}
	return out
}

func boxSize(lines []textLine) (w, h float64) {
	for _, l := range lines {
		cw := charWidth
		if l.bold {
			cw *= 1.08
		}
		w = max(w, float64(len([]rune(l.text)))*cw)
	}
	return w + 2*boxPad, float64(len(lines))*lineHeight + 2*boxPad - 3
}

// writeLines writes lines centred on (x, y); a label gets a white halo so
// that it reads over the lines it crosses.
func writeLines(b *strings.Builder, lines []textLine, x, y float64, halo bool) {
	top := y - float64(len(lines)-1)*lineHeight/2
	for k, l := range lines {
		attrs := ""
		if l.bold {
			attrs += ` font-weight="bold"`
		}
		if halo {
			attrs += ` stroke="#ffffff" stroke-width="4" paint-order="stroke"`
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" dominant-baseline="central" fill="%s"%s>%s</text>`+"\n",
			num(x), num(top+float64(k)*lineHeight), l.colour, attrs, esc(l.text))
	}
}

func boxStyle(n Node) (fill, stroke, dash string, rx float64) {
	fill, stroke, rx = "#ffffff", inkText, 4
	if n.Kind == "host" {
		fill, stroke, rx = fillHost, inkInfo, 18
	}
	switch {
	case n.Status != "ok":
		fill, stroke, dash = fillUnread, inkMuted, ` stroke-dasharray="5 3"`
	case worst(n.Problems) == rules.Error:
		fill, stroke = fillError, inkError
	case worst(n.Problems) == rules.Warning:
		fill, stroke = fillWarn, inkWarning
	}
	return fill, stroke, dash, rx
}

// linkStroke: red and dashed where the VLAN is not carried or a problem
// is an error, grey and dashed where it is not proven, bold on the path.
func linkStroke(l Link) (colour string, width float64, dash string) {
	switch {
	case l.Carries == "no":
		return inkError, 3, ` stroke-dasharray="9 5"`
	case worst(l.Problems) == rules.Error:
		return inkError, 3, ""
	case l.Carries == "unknown":
		return inkMuted, 2, ` stroke-dasharray="4 3"`
	case worst(l.Problems) == rules.Warning:
		return inkWarning, 3, ""
	case l.OnPath:
		return inkText, 3, ""
	}
	return "#8a8a8a", 1.5, ""
}

func viewTitle(v View) string {
	t := fmt.Sprintf("The layer-2 path of VLAN %d", v.VLAN)
	if v.Cluster != "" {
		t += " for cluster " + v.Cluster
	}
	return t
}

// num writes a coordinate with one decimal at most.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// esc makes an untrusted string SVG text: markup characters as entities,
// control characters (which XML 1.0 refuses) dropped.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case unicode.IsControl(r), r == unicode.ReplacementChar, r >= 0xFFFE && r <= 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// svgElements and svgAttrs are all that SVG writes. CheckSVG holds a
// drawing to them before it is put in a page.
var (
	svgElements = map[string]bool{"svg": true, "title": true, "rect": true, "line": true, "path": true, "text": true}
	svgAttrs    = map[string]bool{
		"xmlns": true, "width": true, "height": true, "viewBox": true, "font-family": true, "font-size": true, "role": true,
		"x": true, "y": true, "rx": true, "fill": true, "stroke": true, "stroke-width": true, "stroke-dasharray": true,
		"x1": true, "y1": true, "x2": true, "y2": true, "d": true, "text-anchor": true, "dominant-baseline": true,
		"font-weight": true, "paint-order": true,
	}
)

// CheckSVG reports an error unless data is one well-formed svg element
// made only of the elements and attributes SVG writes, with no attribute
// value that could reach outside the drawing (url(…), javascript:, a
// reference by #id).
func CheckSVG(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("drawing is not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			if !svgElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != "http://www.w3.org/2000/svg") {
				return fmt.Errorf("drawing holds a <%s> element", t.Name.Local)
			}
			for _, a := range t.Attr {
				v := strings.ToLower(a.Value)
				if !svgAttrs[a.Name.Local] || (a.Name.Space != "" && a.Name.Local != "xmlns") {
					return fmt.Errorf("drawing's <%s> has a %s attribute", t.Name.Local, a.Name.Local)
				}
				if a.Name.Local != "xmlns" && (strings.Contains(v, "url(") || strings.Contains(v, ":") || strings.Contains(v, "#") && !isColour(v)) {
					return fmt.Errorf("drawing's <%s> %s=%q reaches outside it", t.Name.Local, a.Name.Local, a.Value)
				}
			}
		case xml.EndElement:
			depth--
		case xml.ProcInst, xml.Directive:
			return errors.New("drawing holds a processing instruction or a directive")
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("drawing has text outside its svg element")
			}
		}
	}
	if roots != 1 {
		return fmt.Errorf("drawing has %d root elements, not one svg", roots)
	}
	return nil
}

func isColour(v string) bool {
	if len(v) != 7 || v[0] != '#' {
		return false
	}
	for _, c := range v[1:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
