//go:build js

package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// Renderer draws scenes onto the stage's screen at device pixels. It keeps
// each lane's board image and repaints a board only when its frame, its
// size or the scale changed.
type Renderer struct {
	font     *opentype.Font
	faces    map[float64]*text.GoXFace
	base     *text.GoXFace // a face made at start, for sizes that fail (none should)
	labels   map[labelKey]*label
	advances map[labelKey]float64
	frame    uint64 // frames drawn, for evicting unused labels
	boards   []boardImage
	white    *ebiten.Image
}

// boardImage is one lane's board: the software canvas and its texture.
type boardImage struct {
	canvas *Canvas
	img    *ebiten.Image
	key    boardKey
	labels []Label
}

// boardKey is what a painted board depends on.
type boardKey struct {
	version uint64
	w, h    int
	scale   float64
	family  string
}

// NewRenderer loads the Go Regular font (by the Go authors, BSD licence,
// from golang.org/x/image/font/gofont) and prepares the drawing state.
// Faces are x/image's hinted rasterizer behind text/v2's GoXFace: crisp at
// device pixels, and some 3 MB lighter in app.wasm than the HarfBuzz-style
// shaper of GoTextFace, which Latin labels do not need.
func NewRenderer() (*Renderer, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("render: loading Go Regular: %w", err)
	}
	r := &Renderer{font: f, faces: map[float64]*text.GoXFace{}, labels: map[labelKey]*label{}, advances: map[labelKey]float64{}}
	if r.base, err = r.newFace(12); err != nil {
		return nil, fmt.Errorf("render: Go Regular at 12 px: %w", err)
	}
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	r.white = white.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	return r, nil
}

// newFace makes the font at size pixels, with full hinting for sharp stems.
func (r *Renderer) newFace(size float64) (*text.GoXFace, error) {
	of, err := opentype.NewFace(r.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	return text.NewGoXFace(of), nil
}

// face returns the font at size device pixels (a multiple of half a pixel).
func (r *Renderer) face(size float64) *text.GoXFace {
	f, ok := r.faces[size]
	if !ok {
		var err error
		if f, err = r.newFace(size); err != nil {
			f = r.base
		}
		r.faces[size] = f
	}
	return f
}

// Draw composes the whole scene on dst, which is sized in device pixels;
// dpr is the device pixel ratio.
func (r *Renderer) Draw(dst *ebiten.Image, s *Scene, dpr float64) {
	r.frame++
	defer r.evictLabels()
	dst.Fill(Background)
	b := dst.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	m := MetricsFor(w/dpr, h/dpr, dpr)
	lay := Layout(w, h, len(s.Lanes), m)
	r.header(dst, s, lay.Header, m)
	if s.Curves != nil {
		screen := Rect{0, 0, w, h}.Inset(m.Pad)
		_, body := screen.CutTop(lay.Header.H, m.Gap)
		r.sweep(dst, s.Curves, body, m)
		return
	}
	for len(r.boards) < len(s.Lanes) {
		r.boards = append(r.boards, boardImage{canvas: NewCanvas(0, 0)})
	}
	board := BoardFor(s.Info.Name, max(s.Info.Alphabet, 1))
	for i := range s.Lanes {
		r.lane(dst, s, &s.Lanes[i], lay.Lanes[i], m, board, &r.boards[i])
	}
}

// header draws the family, its badge, the instance, the legend and the
// shared serial clock.
func (r *Renderer) header(dst *ebiten.Image, s *Scene, rc Rect, m Metrics) {
	clockW := 9 * m.Clock
	left := rc.W - clockW - m.Gap
	y1 := rc.Y + m.Title*0.65
	tw := r.textAt(dst, s.Info.Title, m.Title, rc.X, y1, left, TextMain, text.AlignStart)
	r.textAt(dst, s.Info.Badge(), m.Small, rc.X+tw+m.Gap, y1+m.Title*0.08, left-tw-m.Gap, TextDim, text.AlignStart)
	what := "seed " + strconv.FormatUint(s.Seed, 10)
	if s.Info.HasSize() {
		what = fmt.Sprintf("n = %d %s · %s", s.Size, s.Info.SizeName, what)
	}
	what += " · " + BoardFor(s.Info.Name, max(s.Info.Alphabet, 1)).Legend() + "; red marks a wrong cell"
	r.textAt(dst, what, m.Small, rc.X, rc.Y+m.Title*1.3+m.Small*0.75, left, TextDim, text.AlignStart)

	right := rc.X + rc.W
	status, dot := "paused", TextDim
	switch {
	case s.Finished:
		status, dot = "finished", Good
	case s.Playing:
		status, dot = "playing", ModelColor("wide")
	}
	cy := rc.Y + rc.H*0.32
	r.textAt(dst, strconv.Itoa(s.Tick), m.Clock, right, cy, 0, TextMain, text.AlignEnd)
	label := "serial clock"
	lw := r.advance(strconv.Itoa(s.Tick), snapSize(m.Clock))
	r.textAt(dst, label, m.Small, right-lw-m.Gap*0.8, cy+m.Clock*0.08, 0, TextDim, text.AlignEnd)
	sy := rc.Y + rc.H*0.82
	sw := r.advance(status, snapSize(m.Small))
	r.textAt(dst, status, m.Small, right, sy, 0, TextDim, text.AlignEnd)
	vector.DrawFilledCircle(dst, float32(right-sw-m.Small*0.7), float32(sy), float32(m.Small*0.3), dot, true)
}

// laneTitle is the lane's heading: the machine's name and its configuration.
func laneTitle(l machine.Lane) (string, string) {
	w := WidthLabel(l.Width)
	switch l.Model {
	case machine.Wide:
		return "Wide net", fmt.Sprintf("Net(D=%d, W=%s)", l.Depth, w)
	case machine.Deep:
		return "Loop", fmt.Sprintf("Loop(W=%s)", w)
	case machine.Diffusion:
		return "Diffusion", fmt.Sprintf("Diff(D=%d, W=%s, K=%d, %s)", l.Depth, w, l.Steps, l.Mode)
	}
	return string(l.Model), ""
}

// lane draws one lane's column.
func (r *Renderer) lane(dst *ebiten.Image, s *Scene, l *LaneView, lay LaneLayout, m Metrics, board Board, bi *boardImage) {
	accent := ModelColor(string(l.Lane.Model))
	p := lay.Panel
	fillRect(dst, p, Surface)
	strokeRect(dst, p, 1, Line)
	fillRect(dst, Rect{p.X, p.Y, p.W, math.Max(2, 3*m.Scale/1.5)}, accent)

	name, conf := laneTitle(l.Lane)
	t := lay.Title
	nw := r.textAt(dst, name, m.Body*1.08, t.X, t.Y+t.H/2, t.W, accent, text.AlignStart)
	r.textAt(dst, conf, m.Small, t.X+nw+m.Gap*0.8, t.Y+t.H/2, t.W-nw-m.Gap*0.8, TextDim, text.AlignStart)

	r.arch(dst, l, lay.Arch, m, accent)
	r.board(dst, s, l, lay.Board, m, board, bi)
	r.counters(dst, l, lay.Counters, m)
	r.verdict(dst, l, lay.Verdict, m)
	if l.Error != "" {
		r.failure(dst, l.Error, lay.Board, m)
	}
}

// failure covers a failed lane's board with its error, wrapped to fit.
func (r *Renderer) failure(dst *ebiten.Image, msg string, rc Rect, m Metrics) {
	box := rc.Inset(m.Gap)
	fillRect(dst, box, Mix(Bad, Surface, 0.85))
	strokeRect(dst, box, math.Max(1, m.Scale), Bad)
	inner := box.Inset(m.Gap)
	y := inner.Y + m.Body
	r.textAt(dst, "This lane failed", m.Body, inner.X, y, inner.W, Bad, text.AlignStart)
	size := snapSize(m.Small)
	line := ""
	flush := func() {
		y += m.Small * 1.45
		if y < inner.Y+inner.H {
			r.textAt(dst, line, m.Small, inner.X, y, inner.W, TextMain, text.AlignStart)
		}
		line = ""
	}
	y += m.Small * 0.4
	for _, word := range strings.Fields(msg) {
		next := strings.TrimSpace(line + " " + word)
		if line != "" && r.advance(next, size) > inner.W {
			flush()
			next = word
		}
		line = next
	}
	if line != "" {
		flush()
	}
}

// board paints the lane's board when it changed, uploads it and draws it.
func (r *Renderer) board(dst *ebiten.Image, s *Scene, l *LaneView, rc Rect, m Metrics, board Board, bi *boardImage) {
	w, h := int(rc.W), int(rc.H)
	if w <= 0 || h <= 0 {
		return
	}
	key := boardKey{version: l.Version, w: w, h: h, scale: m.Scale, family: s.Info.Name}
	if bi.img == nil || bi.key != key {
		if bi.img == nil || bi.canvas.W != w || bi.canvas.H != h {
			if bi.img != nil {
				bi.img.Deallocate()
			}
			bi.img = ebiten.NewImage(w, h)
		}
		bi.canvas.Resize(w, h)
		bi.labels = board.Paint(bi.canvas, s, l, m)
		bi.img.WritePixels(bi.canvas.Pix)
		bi.key = key
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(rc.X), math.Round(rc.Y))
	dst.DrawImage(bi.img, op)
	for _, lb := range bi.labels {
		r.textAt(dst, lb.Text, lb.Size, math.Round(rc.X)+lb.X, math.Round(rc.Y)+lb.Y, 0, lb.Color, text.AlignCenter)
	}
}

// counters draws serial steps, work and wall time, with the first extra
// counter a family reports (the Sudoku loop's guesses, say).
func (r *Renderer) counters(dst *ebiten.Image, l *LaneView, rc Rect, m Metrics) {
	type cell struct{ label, value string }
	cells := []cell{
		{"serial steps", strconv.Itoa(l.Frame.Serial)},
		{"work", FormatCount(l.Frame.Work)},
		{"wall time", FormatMs(l.WallMs)},
	}
	if len(l.Counters) > 0 {
		cells = append(cells, cell{l.Counters[0].Name, FormatCount(l.Counters[0].Value)})
	}
	for i, col := range rc.Columns(len(cells), m.Gap) {
		r.textAt(dst, cells[i].label, m.Small*0.92, col.X, col.Y+m.Small*0.6, col.W, TextDim, text.AlignStart)
		r.textAt(dst, cells[i].value, m.Body*1.1, col.X, col.Y+col.H-m.Body*0.7, col.W, TextMain, text.AlignStart)
	}
}

// verdict draws exact or not and the cell accuracy once the lane is done,
// and the running cell accuracy before.
func (r *Renderer) verdict(dst *ebiten.Image, l *LaneView, rc Rect, m Metrics) {
	cy := rc.Y + rc.H/2
	if l.Error != "" {
		r.textAt(dst, "FAILED · see the notices", m.Body, rc.X, cy, rc.W, Bad, text.AlignStart)
		return
	}
	cells := FormatPct(l.CellAccuracy) + " of cells right"
	if !l.Done {
		r.textAt(dst, "running · "+cells+" so far", m.Small, rc.X, cy, rc.W, TextDim, text.AlignStart)
		return
	}
	word, col := "EXACT", Good
	if !l.Exact {
		word, col = "NOT EXACT", Bad
		cells += fmt.Sprintf(" · %d wrong", len(l.Wrong))
	}
	pw := r.advance(word, snapSize(m.Body)) + m.Gap*1.2
	pill := Rect{rc.X, rc.Y + rc.H*0.08, pw, rc.H * 0.84}
	fillRect(dst, pill, Mix(col, Surface, 0.78))
	strokeRect(dst, pill, math.Max(1, m.Scale), col)
	r.textAt(dst, word, m.Body, pill.X+pill.W/2, cy, 0, col, text.AlignCenter)
	r.textAt(dst, cells, m.Small, pill.X+pill.W+m.Gap*0.8, cy, rc.W-pill.W-m.Gap*0.8, TextMain, text.AlignStart)
}

// fillRect and strokeRect draw device-pixel rectangles snapped to whole pixels.
func fillRect(dst *ebiten.Image, rc Rect, col color.RGBA) {
	vector.DrawFilledRect(dst, float32(math.Round(rc.X)), float32(math.Round(rc.Y)), float32(math.Round(rc.W)), float32(math.Round(rc.H)), col, false)
}

func strokeRect(dst *ebiten.Image, rc Rect, width float64, col color.RGBA) {
	w := math.Max(1, math.Round(width))
	x, y := math.Round(rc.X)+w/2, math.Round(rc.Y)+w/2
	vector.StrokeRect(dst, float32(x), float32(y), float32(math.Round(rc.W)-w), float32(math.Round(rc.H)-w), float32(w), col, false)
}

// fillPoly fills a convex polygon.
func (r *Renderer) fillPoly(dst *ebiten.Image, pts [][2]float64, col color.RGBA) {
	var p vector.Path
	for i, q := range pts {
		if i == 0 {
			p.MoveTo(float32(q[0]), float32(q[1]))
		} else {
			p.LineTo(float32(q[0]), float32(q[1]))
		}
	}
	p.Close()
	vs, is := p.AppendVerticesAndIndicesForFilling(nil, nil)
	cr, cg, cb, ca := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = cr, cg, cb, ca
	}
	dst.DrawTriangles(vs, is, r.white, &ebiten.DrawTrianglesOptions{AntiAlias: true})
}
