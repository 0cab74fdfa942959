//go:build js

package render

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// labelKeep is how many frames a rendered string stays cached unused.
const labelKeep = 240

// maxAdvances bounds the cache of measured strings; it is emptied when full.
const maxAdvances = 4096

// label is one string rendered once, in white, at one size: drawing it is
// a single DrawImage tinted to any colour, instead of laying out and
// hinting every glyph on every frame.
type label struct {
	img  *ebiten.Image
	w, h float64 // advance and line height in pixels
	used uint64  // the last frame that drew it
}

type labelKey struct {
	s    string
	size float64
}

// advance measures s at size, cached.
func (r *Renderer) advance(s string, size float64) float64 {
	k := labelKey{s, size}
	if w, ok := r.advances[k]; ok {
		return w
	}
	if len(r.advances) >= maxAdvances {
		clear(r.advances)
	}
	w := text.Advance(s, r.face(size))
	r.advances[k] = w
	return w
}

// label returns s rendered at size, rendering it on first use.
func (r *Renderer) label(s string, size float64) *label {
	k := labelKey{s, size}
	l, ok := r.labels[k]
	if !ok {
		f := r.face(size)
		m := f.Metrics()
		l = &label{w: r.advance(s, size), h: m.HAscent + m.HDescent}
		l.img = ebiten.NewImage(int(math.Ceil(l.w))+2, int(math.Ceil(l.h))+2)
		op := &text.DrawOptions{}
		op.GeoM.Translate(1, 1)
		text.Draw(l.img, s, f, op)
		r.labels[k] = l
	}
	l.used = r.frame
	return l
}

// textAt draws s at (x, y): y is its vertical centre, x its left edge, centre
// or right edge as align says. The text is cut with an ellipsis to maxW
// pixels (no limit when maxW ≤ 0). It returns the drawn width.
func (r *Renderer) textAt(dst *ebiten.Image, s string, size, x, y, maxW float64, col color.RGBA, align text.Align) float64 {
	size = snapSize(size)
	s = fitText(s, maxW, func(t string) float64 { return r.advance(t, size) })
	if s == "" {
		return 0
	}
	l := r.label(s, size)
	switch align {
	case text.AlignCenter:
		x -= l.w / 2
	case text.AlignEnd:
		x -= l.w
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(x)-1, math.Round(y-l.h/2)-1)
	op.ColorScale.ScaleWithColor(col)
	dst.DrawImage(l.img, op)
	return l.w
}

// evictLabels drops strings no frame drew for labelKeep frames.
func (r *Renderer) evictLabels() {
	for k, l := range r.labels {
		if r.frame-l.used > labelKeep {
			l.img.Deallocate()
			delete(r.labels, k)
		}
	}
}

// snapSize rounds a font size to half a pixel, so sizes that differ by a
// rounding error share one face and one cache entry.
func snapSize(size float64) float64 { return math.Max(1, math.Round(size*2)/2) }
