package s5

import (
	"fmt"

	"github.com/depthrace/depthrace/core/machine"
)

// The pointer-jumping net splits by cells: a cell's share of a layer is its
// next register, the product val of items start..i (machine.Splittable).

// Cells is the number of registers, one per item.
func (w *wide) Cells() int { return len(w.val) }

// Stride is 2: val and start.
func (w *wide) Stride() int { return 2 }

// StepRange composes cells [lo, hi) as Step would, reading the registers as
// they were at the start of the layer. Under a width limit a cell runs only
// while fewer than W unfinished cells come before it, counting from cell 0.
func (w *wide) StepRange(lo, hi int) machine.Part {
	before := 0
	if w.width > 0 {
		for _, s := range w.start[:lo] {
			if s != 0 {
				before++
			}
		}
	}
	regs := make([]int32, 0, 2*(hi-lo))
	var units int64
	for i := lo; i < hi; i++ {
		v, s := w.val[i], w.start[i]
		if s != 0 && (w.width == 0 || before+int(units) < w.width) {
			j := s - 1
			v, s = compose(w.val[j], v), w.start[j]
			units++
		}
		regs = append(regs, int32(v), int32(s))
	}
	return machine.Part{Lo: lo, Hi: hi, Units: units, Regs: regs}
}

// Apply commits a layer's parts and answers the cells whose span reached
// the start. A register must be a permutation over a span ending at its cell.
func (w *wide) Apply(parts []machine.Part) (int64, error) {
	for _, p := range parts {
		for k, i := 0, p.Lo; i < p.Hi; k, i = k+2, i+1 {
			if v, s := p.Regs[k], p.Regs[k+1]; v < 0 || v >= 120 || s < 0 || int(s) > i {
				return 0, fmt.Errorf("s5: cell %d: register (%d, %d) is not a permutation over a span ending there", i, v, s)
			}
		}
	}
	var units int64
	for _, p := range parts {
		for k, i := 0, p.Lo; i < p.Hi; k, i = k+2, i+1 {
			w.val[i], w.start[i] = int(p.Regs[k]), int(p.Regs[k+1])
			if w.start[i] == 0 {
				w.answer[i] = w.val[i]
			}
		}
		units += p.Units
	}
	return units, nil
}
