// Package layout places a network drawing: boxes in horizontal layers,
// each group of boxes (a layer-2 domain) in a column block of its own,
// ordered within a layer so that links cross as little as they can, and
// spaced so that each box sits over the boxes it links to.
//
// It is the layered (Sugiyama) method cut to what a cluster's path needs:
// the caller gives the layers, links join boxes of the same or adjacent
// layers, and drawings hold tens to a few hundred boxes.
package layout

import (
	"math"
	"slices"
	"sort"
)

// Node is a box to place.
type Node struct {
	W, H  float64
	Layer int // 0 is the top row
	// Group keeps boxes together: each group is laid out as a block, and
	// blocks stand side by side in increasing order of Group.
	Group int
}

// Edge links two nodes by index.
type Edge struct{ A, B int }

// Graph is what to place, with the room to leave between boxes.
type Graph struct {
	Nodes []Node
	Edges []Edge
	// Gap is the least room between two boxes of a layer, LayerGap
	// between two layers, GroupGap between two blocks, Margin around
	// the whole.
	Gap, LayerGap, GroupGap, Margin float64
}

// Rect is a rectangle by its top-left corner and size.
type Rect struct{ X, Y, W, H float64 }

// Result places each node by its centre.
type Result struct {
	X, Y []float64
	// Groups is the bounding box of each group's nodes, by group number
	// in increasing order.
	Groups []GroupBox
	W, H   float64
}

// GroupBox is the bounding box of one group.
type GroupBox struct {
	Group int
	Rect
}

// sweeps is how many ordering and placing passes run: enough for the
// drawings this is for to settle, few enough to stay linear in practice.
const sweeps = 8

// Place lays out g. The same graph always gives the same drawing.
func Place(g Graph) Result {
	n := len(g.Nodes)
	res := Result{X: make([]float64, n), Y: make([]float64, n)}
	if n == 0 {
		res.W, res.H = 2*g.Margin, 2*g.Margin
		return res
	}
	nLayers := 0
	for _, nd := range g.Nodes {
		nLayers = max(nLayers, nd.Layer+1)
	}
	// Rows are shared by every block, so that a layer reads across.
	rowH := make([]float64, nLayers)
	for _, nd := range g.Nodes {
		rowH[nd.Layer] = max(rowH[nd.Layer], nd.H)
	}
	rowY := make([]float64, nLayers)
	y := g.Margin
	for l := range nLayers {
		rowY[l] = y + rowH[l]/2
		y += rowH[l] + g.LayerGap
	}
	res.H = y - g.LayerGap + g.Margin

	var groups []int
	for _, nd := range g.Nodes {
		groups = append(groups, nd.Group)
	}
	slices.Sort(groups)
	groups = slices.Compact(groups)

	left := g.Margin
	for _, grp := range groups {
		var members []int
		for i, nd := range g.Nodes {
			if nd.Group == grp {
				members = append(members, i)
			}
		}
		b := block(g, members, nLayers)
		// Shift the block to start at left.
		lo := math.Inf(1)
		hi := math.Inf(-1)
		for _, i := range members {
			lo = min(lo, b[i]-g.Nodes[i].W/2)
			hi = max(hi, b[i]+g.Nodes[i].W/2)
		}
		top, bottom := math.Inf(1), math.Inf(-1)
		for _, i := range members {
			res.X[i] = b[i] - lo + left
			res.Y[i] = rowY[g.Nodes[i].Layer]
			top = min(top, res.Y[i]-g.Nodes[i].H/2)
			bottom = max(bottom, res.Y[i]+g.Nodes[i].H/2)
		}
		res.Groups = append(res.Groups, GroupBox{Group: grp, Rect: Rect{X: left, Y: top, W: hi - lo, H: bottom - top}})
		left += hi - lo + g.GroupGap
	}
	res.W = left - g.GroupGap + g.Margin
	return res
}

// block orders and places one group's nodes, returning x centres (in
// the block's own coordinates) by node index.
func block(g Graph, members []int, nLayers int) map[int]float64 {
	in := map[int]bool{}
	for _, i := range members {
		in[i] = true
	}
	// Neighbours within the block, in the layer above and below.
	up, down := map[int][]int{}, map[int][]int{}
	for _, e := range g.Edges {
		if !in[e.A] || !in[e.B] {
			continue
		}
		la, lb := g.Nodes[e.A].Layer, g.Nodes[e.B].Layer
		switch {
		case la < lb:
			down[e.A], up[e.B] = append(down[e.A], e.B), append(up[e.B], e.A)
		case lb < la:
			down[e.B], up[e.A] = append(down[e.B], e.A), append(up[e.A], e.B)
		}
	}
	rows := make([][]int, nLayers)
	for _, i := range members {
		l := g.Nodes[i].Layer
		rows[l] = append(rows[l], i)
	}
	pos := map[int]int{}
	index := func() {
		for _, r := range rows {
			for k, i := range r {
				pos[i] = k
			}
		}
	}
	index()
	best, bestRows := crossings(rows, down, pos), clone(rows)
	for s := range sweeps {
		if s%2 == 0 {
			for l := 1; l < nLayers; l++ {
				orderBy(rows[l], up, pos)
				index()
			}
		} else {
			for l := nLayers - 2; l >= 0; l-- {
				orderBy(rows[l], down, pos)
				index()
			}
		}
		if c := crossings(rows, down, pos); c < best {
			best, bestRows = c, clone(rows)
		}
	}
	rows = bestRows
	index()

	// Pack each row, then pull each box over its neighbours.
	x := map[int]float64{}
	for _, r := range rows {
		at := 0.0
		for k, i := range r {
			if k > 0 {
				at += g.Gap
			}
			x[i] = at + g.Nodes[i].W/2
			at += g.Nodes[i].W
		}
	}
	for s := range sweeps {
		if s%2 == 0 {
			for l := 1; l < nLayers; l++ {
				settle(g, rows[l], up, x)
			}
		} else {
			for l := nLayers - 2; l >= 0; l-- {
				settle(g, rows[l], down, x)
			}
		}
	}
	return x
}

func clone(rows [][]int) [][]int {
	out := make([][]int, len(rows))
	for i, r := range rows {
		out[i] = slices.Clone(r)
	}
	return out
}

// orderBy sorts a row by the mean position of each node's neighbours in
// the reference row; a node without any keeps its place.
func orderBy(row []int, nb map[int][]int, pos map[int]int) {
	key := map[int]float64{}
	for _, i := range row {
		key[i] = float64(pos[i])
		if ns := nb[i]; len(ns) > 0 {
			sum := 0.0
			for _, j := range ns {
				sum += float64(pos[j])
			}
			key[i] = sum / float64(len(ns))
		}
	}
	sort.SliceStable(row, func(a, b int) bool { return key[row[a]] < key[row[b]] })
}

// crossings counts the pairs of links between adjacent rows that cross.
func crossings(rows [][]int, down map[int][]int, pos map[int]int) int {
	n := 0
	for l := 0; l+1 < len(rows); l++ {
		var es [][2]int
		for _, i := range rows[l] {
			for _, j := range down[i] {
				es = append(es, [2]int{pos[i], pos[j]})
			}
		}
		for a := range es {
			for b := a + 1; b < len(es); b++ {
				if (es[a][0]-es[b][0])*(es[a][1]-es[b][1]) < 0 {
					n++
				}
			}
		}
	}
	return n
}

// settle moves a row's boxes as close as they can come to the mean x of
// their neighbours in the reference row, keeping their order and the
// gap between them: least squares under order constraints, solved by
// pooling adjacent violators.
func settle(g Graph, row []int, nb map[int][]int, x map[int]float64) {
	if len(row) == 0 {
		return
	}
	// off[k] is the least distance from the first box's centre to the
	// k-th's; with y = x - off the constraint is y non-decreasing.
	off := make([]float64, len(row))
	for k := 1; k < len(row); k++ {
		off[k] = off[k-1] + g.Nodes[row[k-1]].W/2 + g.Gap + g.Nodes[row[k]].W/2
	}
	type pool struct{ sum, n float64 }
	var pools []pool
	var sizes []int
	for k, i := range row {
		want := x[i]
		if ns := nb[i]; len(ns) > 0 {
			want = 0
			for _, j := range ns {
				want += x[j]
			}
			want /= float64(len(ns))
		}
		pools = append(pools, pool{want - off[k], 1})
		sizes = append(sizes, 1)
		for len(pools) > 1 {
			a, b := pools[len(pools)-2], pools[len(pools)-1]
			if a.sum/a.n <= b.sum/b.n {
				break
			}
			pools = append(pools[:len(pools)-2], pool{a.sum + b.sum, a.n + b.n})
			sizes = append(sizes[:len(sizes)-2], sizes[len(sizes)-2]+sizes[len(sizes)-1])
		}
	}
	k := 0
	for p, sz := range sizes {
		v := pools[p].sum / pools[p].n
		for range sz {
			x[row[k]] = v + off[k]
			k++
		}
	}
}
