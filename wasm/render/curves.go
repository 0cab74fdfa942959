package render

import (
	"image/color"
	"math"
)

// Curves is a sweep's view: one panel per machine, each a small chart of a
// measured quantity against the setting the sweep varied. It holds only
// what the sweep's rows say; the renderer never computes a point itself.
type Curves struct {
	Title   string // what was swept, e.g. "s5 · sweep of 10 instances per point"
	Done    int    // instances finished so far
	Total   int    // instances in the sweep
	Panels  []Panel
	Version uint64 // changes whenever the curves do, for Scene.Signature
}

// Panel is one chart: series of points over one x axis.
type Panel struct {
	Model  string // the machine, for the accent colour
	Title  string
	XLabel string
	YLabel string
	// LogX spaces x by its logarithm (doubling sizes or steps).
	LogX bool
	// YMax is the top of the y axis; 0 means the largest point, rounded up.
	YMax   float64
	Series []Series
}

// Series is one line of a panel.
type Series struct {
	Name   string
	Color  color.RGBA
	Points []Point // in increasing x
}

// Point is one row's value.
type Point struct{ X, Y float64 }

// Bounds returns the panel's axes: x from the smallest to the largest
// point, y from 0 to YMax (or the largest point rounded up to a nice
// number). With no points it returns the unit square.
func (p Panel) Bounds() (x0, x1, y0, y1 float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	ymax := 0.0
	for _, s := range p.Series {
		for _, q := range s.Points {
			x0, x1 = math.Min(x0, q.X), math.Max(x1, q.X)
			ymax = math.Max(ymax, q.Y)
		}
	}
	if math.IsInf(x0, 1) {
		return 0, 1, 0, 1
	}
	if x1 == x0 {
		x0, x1 = x0-1, x1+1
		if p.LogX {
			x0, x1 = x0/2+0.5, x1*2
		}
	}
	y1 = p.YMax
	if y1 <= 0 {
		y1 = NiceCeil(ymax)
	}
	return x0, x1, 0, y1
}

// NiceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for v ≤ 0).
func NiceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*e*(1+1e-9) {
			return m * e
		}
	}
	return 10 * e
}

// SeriesColor is the colour of the i-th series of a panel whose machine
// has accent: the accent first, then a fixed ladder of contrasting hues.
func SeriesColor(accent color.RGBA, i int) color.RGBA {
	if i == 0 {
		return accent
	}
	ladder := []color.RGBA{Good, Bit1, {0xff, 0x6b, 0x9a, 0xff}, {0x7e, 0xe0, 0xf0, 0xff}, TextMain, Bit0}
	return ladder[(i-1)%len(ladder)]
}
