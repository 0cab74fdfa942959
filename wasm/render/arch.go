//go:build js

package render

import (
	"fmt"
	"image/color"
	"math"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// arch draws the lane's architecture above its board, with a caption line.
func (r *Renderer) arch(dst *ebiten.Image, l *LaneView, rc Rect, m Metrics, accent color.RGBA) {
	area, capRect := rc.CutBottom(m.Small*1.5, m.Gap*0.3)
	fillRect(dst, area, Mix(Surface, Background, 0.5))
	area = area.Inset(m.Gap * 0.6)
	var caption string
	switch l.Lane.Model {
	case machine.Wide:
		caption = r.wideArch(dst, l, area, m, accent)
	case machine.Deep:
		caption = r.deepArch(dst, l, area, m, accent)
	case machine.Diffusion:
		caption = r.diffusionArch(dst, l, area, m, accent)
	}
	r.textAt(dst, caption, m.Small, capRect.X, capRect.Y+capRect.H/2, capRect.W, TextDim, text.AlignStart)
}

// layers draws a net's layers side by side, each filled by the share of
// the units it used (of W, or of the busiest layer when W is unbounded),
// with the layer just run (active, 1-based; 0 for none) lit.
func (r *Renderer) layers(dst *ebiten.Image, area Rect, depth, width int, units []int64, active int, m Metrics, accent color.RGBA) {
	most := int64(width)
	if width == 0 {
		most = 1
		for _, u := range units {
			most = max(most, u)
		}
	}
	boxes := LayerBoxes(area, depth)
	for i, b := range boxes {
		fillRect(dst, b, Raised)
		if i < len(units) && units[i] > 0 {
			h := math.Max(2*m.Scale, b.H*math.Min(1, float64(units[i])/float64(most)))
			col := Mix(accent, Surface, 0.45)
			if i+1 == active {
				col = accent
			}
			fillRect(dst, Rect{b.X, b.Y + b.H - h, b.W, h}, col)
		}
		if i+1 == active && b.W >= 4 {
			strokeRect(dst, b.Inset(-math.Max(1, m.Scale)), math.Max(1, 1.5*m.Scale), TextMain)
		}
	}
}

// wideArch draws Net(D, W): D layers, the layer just run lit.
func (r *Renderer) wideArch(dst *ebiten.Image, l *LaneView, area Rect, m Metrics, accent color.RGBA) string {
	f := l.Frame
	r.layers(dst, area, l.Lane.Depth, l.Lane.Width, l.Units, f.Layer, m, accent)
	switch {
	case f.Serial == 0:
		return fmt.Sprintf("%d layers of %s units, fixed before the puzzle is seen", l.Lane.Depth, WidthLabel(l.Lane.Width))
	case l.Done:
		return fmt.Sprintf("all %d layers run · then it must answer", l.Lane.Depth)
	}
	if l.Lane.Width > 0 {
		return fmt.Sprintf("layer %d of %d · %s of its %d units busy", f.Layer, l.Lane.Depth, FormatCount(f.Units), l.Lane.Width)
	}
	return fmt.Sprintf("layer %d of %d · %s units in it", f.Layer, l.Lane.Depth, FormatCount(f.Units))
}

// deepArch draws Loop(W): one block and the loop that feeds it its own state.
func (r *Renderer) deepArch(dst *ebiten.Image, l *LaneView, area Rect, m Metrics, accent color.RGBA) string {
	bw := math.Min(area.W*0.42, 170*m.Scale)
	bh := math.Min(area.H*0.56, 46*m.Scale)
	b := Rect{area.X + (area.W-bw)/2, area.Y + area.H - bh, bw, bh}
	fillRect(dst, b, Mix(accent, Surface, 0.8))
	strokeRect(dst, b, math.Max(1, 1.5*m.Scale), accent)
	r.textAt(dst, fmt.Sprintf("block × %d", l.Frame.Serial), m.Body, b.X+b.W/2, b.Y+b.H/2, b.W-m.Gap, TextMain, text.AlignCenter)

	// The loop: out of the block's right side, over its top, back into its left.
	gap := math.Min((area.W-bw)/2*0.6, 26*m.Scale)
	top := area.Y + math.Max(2, (area.H-bh)*0.35)
	cy := b.Y + b.H/2
	sw := float32(math.Max(1.5, 2*m.Scale))
	pts := [][2]float64{{b.X + b.W, cy}, {b.X + b.W + gap, cy}, {b.X + b.W + gap, top}, {b.X - gap, top}, {b.X - gap, cy}, {b.X - 2*float64(sw), cy}}
	for i := 1; i < len(pts); i++ {
		vector.StrokeLine(dst, float32(pts[i-1][0]), float32(pts[i-1][1]), float32(pts[i][0]), float32(pts[i][1]), sw, accent, true)
		vector.DrawFilledCircle(dst, float32(pts[i][0]), float32(pts[i][1]), sw/2, accent, true)
	}
	a := 6 * m.Scale
	r.fillPoly(dst, [][2]float64{{b.X, cy}, {b.X - a*1.3, cy - a*0.8}, {b.X - a*1.3, cy + a*0.8}}, accent)
	if b.Y-top >= m.Small*1.8 { // name the carried state where it fits between loop and block
		r.textAt(dst, "state", m.Small*0.9, b.X+b.W/2, (top+b.Y)/2, bw, TextDim, text.AlignCenter)
	}
	if l.Done {
		return fmt.Sprintf("halted after %d steps · one block, state carried forward", l.Frame.Serial)
	}
	return "one block, applied again and again · state carried forward"
}

// diffusionArch draws Diff(D, W, K, mode): K passes of the depth-D
// denoiser, the pass under way with its layers, and the noise level.
func (r *Renderer) diffusionArch(dst *ebiten.Image, l *LaneView, area Rect, m Metrics, accent color.RGBA) string {
	f, k, d := l.Frame, l.Lane.Steps, l.Lane.Depth
	rowH := (area.H - 2*m.Gap*0.5) / 3
	passRow, rest := area.CutTop(rowH, m.Gap*0.5)
	layerRow, noiseRow := rest.CutTop(rowH, m.Gap*0.5)
	// current is the pass the last step belonged to (0-based), done the passes finished.
	done, current := f.Pass, f.Pass
	if f.Layer == d && f.Pass > 0 {
		current = f.Pass - 1
	}
	label := 5.5 * m.Small
	passes := Rect{passRow.X + label, passRow.Y, passRow.W - label, passRow.H}
	r.textAt(dst, "passes", m.Small*0.9, passRow.X, passRow.Y+passRow.H/2, label, TextDim, text.AlignStart)
	if k <= int(passes.W/3) {
		for i, b := range LayerBoxes(passes, k) {
			col := Raised
			switch {
			case i < done:
				col = Mix(accent, Surface, 0.45)
			case i == current && f.Serial > 0:
				col = Mix(accent, Raised, 1-float64(f.Layer)/float64(d))
			}
			fillRect(dst, b, col)
			if i == current && f.Serial > 0 && !l.Done {
				strokeRect(dst, b.Inset(-math.Max(1, m.Scale)), math.Max(1, 1.5*m.Scale), TextMain)
			}
		}
	} else {
		fillRect(dst, passes, Raised)
		fillRect(dst, Rect{passes.X, passes.Y, passes.W * float64(done) / float64(k), passes.H}, Mix(accent, Surface, 0.45))
	}
	r.textAt(dst, "denoiser", m.Small*0.9, layerRow.X, layerRow.Y+layerRow.H/2, label, TextDim, text.AlignStart)
	active := f.Layer
	if f.Serial == 0 {
		active = 0
	}
	r.layers(dst, Rect{layerRow.X + label, layerRow.Y, layerRow.W - label, layerRow.H}, d, l.Lane.Width, l.Units, active, m, accent)
	sigma := f.Noise
	r.textAt(dst, fmt.Sprintf("noise σ %.2f", sigma), m.Small*0.9, noiseRow.X, noiseRow.Y+noiseRow.H/2, label, TextDim, text.AlignStart)
	bar := Rect{noiseRow.X + label, noiseRow.Y + noiseRow.H*0.2, noiseRow.W - label, noiseRow.H * 0.6}
	fillRect(dst, bar, Raised)
	fillRect(dst, Rect{bar.X, bar.Y, bar.W * sigma, bar.H}, Mix(TextDim, Surface, 0.3))

	theorem := "score: inside the theorem"
	if l.Lane.Mode == machine.Commit {
		theorem = "commit: outside the theorem (autoregression)"
	}
	if f.Serial == 0 {
		return fmt.Sprintf("%d passes of a depth-%d denoiser · %s", k, d, theorem)
	}
	return fmt.Sprintf("pass %d of %d · %s", min(current+1, k), k, theorem)
}
