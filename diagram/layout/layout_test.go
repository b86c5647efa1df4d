package layout

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestUncrossesAndCentres(t *testing.T) {
	// Two parents, two children, linked crosswise as given: the children
	// are reordered so that nothing crosses, and each parent stands over
	// its child.
	g := Graph{
		Nodes: []Node{{W: 100, H: 40, Layer: 0}, {W: 100, H: 40, Layer: 0}, {W: 60, H: 40, Layer: 1}, {W: 60, H: 40, Layer: 1}},
		Edges: []Edge{{0, 3}, {1, 2}},
		Gap:   20, LayerGap: 50, GroupGap: 40, Margin: 10,
	}
	r := Place(g)
	if !(r.X[3] < r.X[2]) {
		t.Errorf("children not reordered: x = %v", r.X)
	}
	for _, e := range g.Edges {
		if d := r.X[e.A] - r.X[e.B]; d > 1 || d < -1 {
			t.Errorf("node %d at x %.1f is not over its child %d at x %.1f", e.A, r.X[e.A], e.B, r.X[e.B])
		}
	}
	if r.Y[0] != r.Y[1] || r.Y[2] <= r.Y[0]+40 {
		t.Errorf("rows: y = %v", r.Y)
	}
}

func TestGroupsStandApart(t *testing.T) {
	g := Graph{
		Nodes: []Node{{W: 80, H: 30, Layer: 0, Group: 1}, {W: 80, H: 30, Layer: 1, Group: 0}, {W: 80, H: 30, Layer: 1, Group: 1}},
		Edges: []Edge{{0, 1}, {0, 2}},
		Gap:   20, LayerGap: 50, GroupGap: 40, Margin: 10,
	}
	r := Place(g)
	if len(r.Groups) != 2 || r.Groups[0].Group != 0 || r.Groups[1].Group != 1 {
		t.Fatalf("groups: %+v", r.Groups)
	}
	if a, b := r.Groups[0], r.Groups[1]; a.X+a.W+40 > b.X+0.01 {
		t.Errorf("group 0 %+v runs into group 1 %+v", a, b)
	}
}

// TestRandomDrawingsAreSound: for random layered graphs, boxes of a row
// never overlap, every box lies inside the drawing and its group's box,
// groups do not overlap, and the same graph gives the same drawing.
func TestRandomDrawingsAreSound(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for k := range 200 {
		g := randomGraph(r, 1+r.IntN(40))
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			res := Place(g)
			if again := Place(g); !reflect.DeepEqual(res, again) {
				t.Fatal("two drawings of one graph differ")
			}
			sound(t, g, res)
		})
	}
}

func sound(t *testing.T, g Graph, res Result) {
	t.Helper()
	const eps = 0.01
	box := map[int]GroupBox{}
	for _, gb := range res.Groups {
		box[gb.Group] = gb
	}
	for i, a := range g.Nodes {
		if res.X[i]-a.W/2 < g.Margin-eps || res.X[i]+a.W/2 > res.W-g.Margin+eps || res.Y[i]-a.H/2 < g.Margin-eps || res.Y[i]+a.H/2 > res.H-g.Margin+eps {
			t.Errorf("node %d (%.1f,%.1f %vx%v) outside the drawing %vx%v", i, res.X[i], res.Y[i], a.W, a.H, res.W, res.H)
		}
		gb := box[a.Group]
		if res.X[i]-a.W/2 < gb.X-eps || res.X[i]+a.W/2 > gb.X+gb.W+eps {
			t.Errorf("node %d outside its group's box", i)
		}
		for j := i + 1; j < len(g.Nodes); j++ {
			b := g.Nodes[j]
			if a.Layer != b.Layer || a.Group != b.Group {
				continue
			}
			d := res.X[i] - res.X[j]
			if d < 0 {
				d = -d
			}
			if d < (a.W+b.W)/2+g.Gap-eps {
				t.Errorf("nodes %d and %d of row %d overlap: centres %.1f apart, widths %v and %v", i, j, a.Layer, d, a.W, b.W)
			}
		}
	}
	for k := 1; k < len(res.Groups); k++ {
		a, b := res.Groups[k-1], res.Groups[k]
		if a.X+a.W+g.GroupGap > b.X+eps {
			t.Errorf("groups %d and %d overlap", a.Group, b.Group)
		}
	}
}

func randomGraph(r *rand.Rand, n int) Graph {
	g := Graph{Gap: 10 + float64(r.IntN(30)), LayerGap: 40, GroupGap: 30, Margin: 12}
	layers := 1 + r.IntN(5)
	for range n {
		g.Nodes = append(g.Nodes, Node{W: float64(20 + r.IntN(200)), H: float64(20 + r.IntN(60)), Layer: r.IntN(layers), Group: r.IntN(3)})
	}
	for range r.IntN(2 * n) {
		a, b := r.IntN(n), r.IntN(n)
		if a != b {
			d := g.Nodes[a].Layer - g.Nodes[b].Layer
			if d >= -1 && d <= 1 {
				g.Edges = append(g.Edges, Edge{a, b})
			}
		}
	}
	return g
}

// BenchmarkPlace: a 200-switch domain in four rows with a host under
// each access switch.
func BenchmarkPlace(b *testing.B) {
	g := Graph{Gap: 40, LayerGap: 110, GroupGap: 60, Margin: 36}
	for i := range 200 {
		layer := 2
		switch {
		case i < 2:
			layer = 0
		case i < 20:
			layer = 1
		}
		g.Nodes = append(g.Nodes, Node{W: 160, H: 50, Layer: layer})
		switch layer {
		case 1:
			g.Edges = append(g.Edges, Edge{i % 2, i})
		case 2:
			g.Edges = append(g.Edges, Edge{2 + i%18, i})
		}
	}
	for i := 20; i < 200; i++ {
		g.Nodes = append(g.Nodes, Node{W: 120, H: 36, Layer: 3})
		g.Edges = append(g.Edges, Edge{i, len(g.Nodes) - 1})
	}
	b.ReportAllocs()
	for b.Loop() {
		Place(g)
	}
}
