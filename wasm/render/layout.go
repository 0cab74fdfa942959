package render

import "math"

// Rect is an axis-aligned rectangle in device pixels.
type Rect struct{ X, Y, W, H float64 }

// Inset shrinks r by d on every side; it never goes below zero size.
func (r Rect) Inset(d float64) Rect {
	w, h := math.Max(0, r.W-2*d), math.Max(0, r.H-2*d)
	return Rect{r.X + (r.W-w)/2, r.Y + (r.H-h)/2, w, h}
}

// CutTop splits off the top h pixels of r (at most all of it) and returns
// them and the rest below a gap.
func (r Rect) CutTop(h, gap float64) (top, rest Rect) {
	h = math.Min(math.Max(h, 0), r.H)
	top = Rect{r.X, r.Y, r.W, h}
	restH := math.Max(0, r.H-h-gap)
	return top, Rect{r.X, r.Y + r.H - restH, r.W, restH}
}

// CutBottom splits off the bottom h pixels of r and returns the rest above
// a gap, and the bottom.
func (r Rect) CutBottom(h, gap float64) (rest, bottom Rect) {
	h = math.Min(math.Max(h, 0), r.H)
	bottom = Rect{r.X, r.Y + r.H - h, r.W, h}
	return Rect{r.X, r.Y, r.W, math.Max(0, r.H-h-gap)}, bottom
}

// Columns splits r into n equal columns separated by gap.
func (r Rect) Columns(n int, gap float64) []Rect {
	if n <= 0 {
		return nil
	}
	w := math.Max(0, (r.W-gap*float64(n-1))/float64(n))
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X + float64(i)*(w+gap), r.Y, w, r.H}
	}
	return out
}

// Metrics are the sizes a screen is drawn with, in device pixels: they grow
// with the device pixel ratio, and gently with the canvas, so text stays
// legible from a 720×450 embed to a large monitor.
type Metrics struct {
	Scale                             float64 // device pixels per design pixel
	Pad, Gap                          float64
	Small, Body, Title, Clock, Stroke float64
}

// MetricsFor returns the metrics for a canvas of w×h CSS pixels at the
// device pixel ratio dpr. The design size is 1280×800; smaller canvases
// shrink by the ratio to the power 0.35, never below 0.85, so a 720×450
// embed still has 10.5 px small print.
func MetricsFor(w, h, dpr float64) Metrics {
	if dpr <= 0 || math.IsNaN(dpr) {
		dpr = 1
	}
	f := math.Pow(math.Max(0, math.Min(w/1280, h/800)), 0.35)
	f = math.Min(1.35, math.Max(0.85, f))
	s := f * dpr
	return Metrics{
		Scale: s, Pad: 14 * s, Gap: 10 * s,
		Small: 12.5 * s, Body: 14.5 * s, Title: 17 * s, Clock: 24 * s,
		Stroke: math.Max(1, math.Round(1.5*s)),
	}
}

// LaneLayout holds the parts of one lane's column, top to bottom.
type LaneLayout struct {
	Panel, Title, Arch, Board, Counters, Verdict Rect
}

// ScreenLayout is the whole screen: a header band and one column per lane.
type ScreenLayout struct {
	Header Rect
	Lanes  []LaneLayout
}

// Layout places the header and n lane columns on a w×h device-pixel screen.
func Layout(w, h float64, n int, m Metrics) ScreenLayout {
	screen := Rect{0, 0, w, h}.Inset(m.Pad)
	header, body := screen.CutTop(m.Title*1.3+m.Small*1.5, m.Gap)
	out := ScreenLayout{Header: header}
	for _, col := range body.Columns(n, m.Gap) {
		var l LaneLayout
		l.Panel = col
		inner := col.Inset(m.Gap)
		l.Title, inner = inner.CutTop(m.Body*1.6, m.Gap*0.5)
		archH := math.Min(math.Max(inner.H*0.24, 44*m.Scale), 120*m.Scale)
		l.Arch, inner = inner.CutTop(archH, m.Gap)
		inner, l.Verdict = inner.CutBottom(m.Body*1.7, m.Gap*0.4)
		inner, l.Counters = inner.CutBottom(m.Small*2.9, m.Gap*0.6)
		l.Board = inner
		out.Lanes = append(out.Lanes, l)
	}
	return out
}

// Grid maps cells (col, row) of a board onto pixels: cell (c, r) covers
// [X0+⌊c·PW⌋, X0+⌊(c+1)·PW⌋) × [Y0+⌊r·PH⌋, Y0+⌊(r+1)·PH⌋), less Gap on the
// right and bottom. Pitches below one pixel overlap cells, which is how
// boards larger than their rectangle still draw every row.
type Grid struct {
	Cols, Rows int
	PW, PH     float64
	X0, Y0     int
	Gap        int
}

// Cell returns the pixel rectangle of cell (c, r).
func (g Grid) Cell(c, r int) (x0, y0, x1, y1 int) {
	x0 = g.X0 + int(float64(c)*g.PW)
	y0 = g.Y0 + int(float64(r)*g.PH)
	x1 = g.X0 + int(float64(c+1)*g.PW)
	y1 = g.Y0 + int(float64(r+1)*g.PH)
	x1, y1 = max(x0+1, x1-g.Gap), max(y0+1, y1-g.Gap)
	return
}

// Width and Height are the pixels the grid covers.
func (g Grid) Width() int  { return int(float64(g.Cols) * g.PW) }
func (g Grid) Height() int { return int(float64(g.Rows) * g.PH) }

// gapFor is the gap between cells of pitch p: none for small cells, about a
// tenth of the pitch for large ones.
func gapFor(p float64) int {
	if p < 6 {
		return 0
	}
	return max(1, int(math.Round(p/10)))
}

// FitWrapped lays n cells out in reading order, wrapped into rows, within
// w×h pixels: square cells of a whole pitch up to maxPitch, centred. Of the
// column counts, it takes the one that maximizes cell area times the share
// of the grid the cells fill, so 64 cells make an 8×8 square rather than
// 7 columns with a lonely cell in the last row. When even one pixel per
// cell does not fit, rows of w cells share the height.
func FitWrapped(n, w, h int, maxPitch float64) Grid {
	if n <= 0 || w <= 0 || h <= 0 {
		return Grid{}
	}
	best, bestScore := Grid{}, 0.0
	for cols := 1; cols <= min(n, w); cols++ {
		rows := (n + cols - 1) / cols
		p := min(int(maxPitch), w/cols, h/rows)
		if p < 1 {
			continue
		}
		fill := float64(n) / float64(cols*rows)
		if score := float64(p*p) * fill; score > bestScore {
			fp := float64(p)
			best, bestScore = Grid{Cols: cols, Rows: rows, PW: fp, PH: fp, X0: (w - cols*p) / 2, Y0: (h - rows*p) / 2, Gap: gapFor(fp)}, score
		}
	}
	if bestScore > 0 {
		return best
	}
	rows := (n + w - 1) / w
	return Grid{Cols: w, Rows: rows, PW: 1, PH: float64(h) / float64(rows)}
}

// FitTable lays out a cols×rows table within w×h pixels: cells of a whole
// pitch up to maxPitch when at least two pixels fit, else each axis scaled
// on its own (at most two pixels per cell), centred horizontally. stretch ≥ 1
// lets cells grow taller than wide, up to stretch times, to fill the height.
func FitTable(cols, rows, w, h int, maxPitch, stretch float64) Grid {
	if cols <= 0 || rows <= 0 || w <= 0 || h <= 0 {
		return Grid{}
	}
	p := math.Min(maxPitch, math.Min(float64(w)/float64(cols), float64(h)/float64(rows)))
	g := Grid{Cols: cols, Rows: rows}
	if p >= 2 {
		p = math.Floor(p)
		g.PW, g.Gap = p, gapFor(p)
		if g.Gap > 0 && p < 12 {
			g.Gap = 1
		}
	} else {
		g.PW = math.Min(2, float64(w)/float64(cols))
		p = math.Min(2, float64(h)/float64(rows))
	}
	g.PH = p
	if stretch > 1 {
		g.PH = math.Max(p, math.Min(float64(h)/float64(rows), p*stretch))
		if g.PH >= 2 {
			g.PH = math.Floor(g.PH)
		}
	}
	g.X0 = (w - g.Width()) / 2
	return g
}

// LayerBoxes splits r into depth boxes side by side, for the layers of a
// net, with gaps of about a fifth of a box (none when boxes get thin).
func LayerBoxes(r Rect, depth int) []Rect {
	if depth <= 0 {
		return nil
	}
	gap := r.W / float64(depth) * 0.2
	if r.W/float64(depth) < 4 {
		gap = 0
	}
	return r.Columns(depth, gap)
}
