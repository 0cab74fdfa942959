package parity

import (
	"fmt"

	"github.com/depthrace/depthrace/core/machine"
)

// The counting net splits by cells: a cell's share of a layer is its count
// and its answer (machine.Splittable).

// Cells is the number of bits.
func (w *wide) Cells() int { return len(w.answer) }

// Stride is 2: count and answer.
func (w *wide) Stride() int { return 2 }

// StepRange runs the units cells [lo, hi) need, as Step would: the counting
// gate, or the count mod 2 of the count as it was at the start of the
// layer. Under a width limit a cell runs only while fewer than W unanswered
// cells come before it.
func (w *wide) StepRange(lo, hi int) machine.Part {
	before := 0
	if w.width > 0 {
		for _, a := range w.answer[:lo] {
			if a < 0 {
				before++
			}
		}
	}
	regs := make([]int32, 0, 2*(hi-lo))
	var units int64
	for i := lo; i < hi; i++ {
		c, a := w.count[i], w.answer[i]
		if a < 0 && (w.width == 0 || before+int(units) < w.width) {
			if c >= 0 {
				a = c & 1
			} else {
				c = w.prefix[i+1]
			}
			units++
		}
		regs = append(regs, int32(c), int32(a))
	}
	return machine.Part{Lo: lo, Hi: hi, Units: units, Regs: regs}
}

// Apply commits a layer's parts. A count must be -1 or a count of the bits
// up to its cell, an answer -1 or a bit.
func (w *wide) Apply(parts []machine.Part) (int64, error) {
	for _, p := range parts {
		for k, i := 0, p.Lo; i < p.Hi; k, i = k+2, i+1 {
			if c, a := p.Regs[k], p.Regs[k+1]; c < -1 || int(c) > i+1 || a < -1 || a > 1 {
				return 0, fmt.Errorf("parity: cell %d: register (%d, %d) is no count and answer", i, c, a)
			}
		}
	}
	var units int64
	for _, p := range parts {
		for k, i := 0, p.Lo; i < p.Hi; k, i = k+2, i+1 {
			w.count[i], w.answer[i] = int(p.Regs[k]), int(p.Regs[k+1])
		}
		units += p.Units
	}
	return units, nil
}
