//go:build js

package render

import (
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// sweep draws the sweep view below the header: a progress line and one
// chart per panel, side by side.
func (r *Renderer) sweep(dst *ebiten.Image, c *Curves, body Rect, m Metrics) {
	top, rest := body.CutTop(m.Body*1.8, m.Gap*0.6)
	cy := top.Y + top.H/2
	r.textAt(dst, c.Title, m.Body, top.X, cy, top.W*0.6, TextMain, text.AlignStart)
	bar := Rect{top.X + top.W*0.62, cy - m.Small*0.35, top.W * 0.38, m.Small * 0.7}
	fillRect(dst, bar, Raised)
	if c.Total > 0 {
		fillRect(dst, Rect{bar.X, bar.Y, bar.W * float64(min(c.Done, c.Total)) / float64(c.Total), bar.H}, Good)
	}
	if len(c.Panels) == 0 {
		r.textAt(dst, "waiting for the first rows…", m.Small, rest.X, rest.Y+m.Body, rest.W, TextDim, text.AlignStart)
		return
	}
	for i, col := range rest.Columns(len(c.Panels), m.Gap) {
		r.chart(dst, &c.Panels[i], col, m)
	}
}

// chart draws one panel: title, axes with ticks, lines and points, legend.
func (r *Renderer) chart(dst *ebiten.Image, p *Panel, rc Rect, m Metrics) {
	accent := ModelColor(p.Model)
	fillRect(dst, rc, Surface)
	strokeRect(dst, rc, 1, Line)
	fillRect(dst, Rect{rc.X, rc.Y, rc.W, math.Max(2, 3*m.Scale/1.5)}, accent)
	inner := rc.Inset(m.Gap)
	title, inner := inner.CutTop(m.Body*1.6, m.Gap*0.3)
	r.textAt(dst, p.Title, m.Body, title.X, title.Y+title.H/2, title.W, accent, text.AlignStart)
	// The legend takes at most a third of the panel; series beyond it are
	// summed up in a last line.
	lineH := m.Small * 1.45
	shown := min(len(p.Series), max(1, int(inner.H/3/lineH)))
	more := len(p.Series) - shown
	if more > 0 {
		shown--
		more++
	}
	inner, legend := inner.CutBottom(float64(shown+min(more, 1))*lineH, m.Gap*0.6)
	plot := Rect{inner.X + m.Small*3.6, inner.Y + m.Small*1.6, inner.W - m.Small*4.2, inner.H - m.Small*4.4}
	if plot.W <= 0 || plot.H <= 0 {
		return
	}
	x0, x1, y0, y1 := p.Bounds()
	fx := func(x float64) float64 {
		if p.LogX && x0 > 0 {
			return plot.X + plot.W*(math.Log2(x)-math.Log2(x0))/(math.Log2(x1)-math.Log2(x0))
		}
		return plot.X + plot.W*(x-x0)/(x1-x0)
	}
	fy := func(y float64) float64 { return plot.Y + plot.H - plot.H*(y-y0)/(y1-y0) }
	// Axes and y ticks at 0, ½ and the top.
	stroke := float32(math.Max(1, m.Scale))
	r.textAt(dst, p.YLabel, m.Small*0.92, plot.X-m.Small*3.2, plot.Y-m.Small*1.0, plot.W, TextDim, text.AlignStart)
	for _, t := range []float64{y0, (y0 + y1) / 2, y1} {
		y := fy(t)
		vector.StrokeLine(dst, float32(plot.X), float32(y), float32(plot.X+plot.W), float32(y), stroke, Raised, true)
		r.textAt(dst, tick(t), m.Small*0.9, plot.X-m.Small*0.5, y, 0, TextDim, text.AlignEnd)
	}
	vector.StrokeLine(dst, float32(plot.X), float32(plot.Y), float32(plot.X), float32(plot.Y+plot.H), stroke, Line, true)
	// x ticks at the points' x values, thinned to fit.
	var xs []float64
	for _, s := range p.Series {
		for _, q := range s.Points {
			xs = appendUnique(xs, q.X)
		}
	}
	step := max(1, int(math.Ceil(float64(len(xs))*m.Small*3/plot.W)))
	for i, x := range sortedFloats(xs) {
		if i%step == 0 {
			r.textAt(dst, tick(x), m.Small*0.9, fx(x), plot.Y+plot.H+m.Small*0.9, 0, TextDim, text.AlignCenter)
		}
	}
	r.textAt(dst, p.XLabel, m.Small*0.92, plot.X+plot.W, plot.Y+plot.H+m.Small*2.3, 0, TextDim, text.AlignEnd)
	// Lines and points.
	for _, s := range p.Series {
		for i, q := range s.Points {
			x, y := fx(q.X), fy(q.Y)
			if i > 0 {
				pq := s.Points[i-1]
				vector.StrokeLine(dst, float32(fx(pq.X)), float32(fy(pq.Y)), float32(x), float32(y), float32(m.Stroke), s.Color, true)
			}
			vector.DrawFilledCircle(dst, float32(x), float32(y), float32(m.Stroke*1.8), s.Color, true)
		}
	}
	for i, s := range p.Series[:shown] {
		y := legend.Y + (float64(i)+0.5)*lineH
		vector.DrawFilledCircle(dst, float32(legend.X+m.Small*0.4), float32(y), float32(m.Small*0.3), s.Color, true)
		r.textAt(dst, s.Name, m.Small, legend.X+m.Small*1.1, y, legend.W-m.Small*1.1, TextMain, text.AlignStart)
	}
	if more > 0 {
		y := legend.Y + (float64(shown)+0.5)*lineH
		r.textAt(dst, "+ "+strconv.Itoa(more)+" more series", m.Small, legend.X+m.Small*1.1, y, legend.W-m.Small*1.1, TextDim, text.AlignStart)
	}
}

// tick formats an axis value: whole numbers plainly, others to two places.
func tick(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return FormatCount(int64(v))
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func appendUnique(xs []float64, x float64) []float64 {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func sortedFloats(xs []float64) []float64 {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
	return xs
}
