package automaton

import (
	"fmt"

	"github.com/depthrace/depthrace/core/machine"
)

// Both wide nets split by cells (machine.Splittable): the light-cone
// stepper's share of a layer is each cell's next value, the Lucas net's each
// cell's count and answer.

// Cells is the ring's size.
func (s *stepper) Cells() int { return len(s.row) }

// Stride is 1: the cell's next value.
func (s *stepper) Stride() int { return 1 }

// StepRange advances cells [lo, hi) by the layer's jump, as Step would: the
// jump is taken on a window of the row reaching jump cells either side,
// read as it was at the start of the layer. Under a width limit a cell runs
// only while fewer than W/cost computable cells come before it.
func (s *stepper) StepRange(lo, hi int) machine.Part {
	regs := make([]int32, hi-lo)
	if s.clock >= s.t { // idle layers keep the row
		for i, x := range s.row[lo:hi] {
			regs[i] = int32(x)
		}
		return machine.Part{Lo: lo, Hi: hi, Regs: regs}
	}
	j, n := min(s.jump, s.t-s.clock), len(s.row)
	win := make([]int, hi-lo+2*j)
	for k := range win {
		win[k] = s.row[((lo-j+k)%n+n)%n]
	}
	for range j {
		for k := 0; k+2 < len(win); k++ {
			win[k] = cell(s.number, win[k], win[k+1], win[k+2])
		}
		win = win[:len(win)-2]
	}
	cost := lookupCost(j)
	before, limit := 0, 0
	if s.width > 0 {
		before, limit = s.computableBefore(lo, j), int(int64(s.width)/cost)
	}
	var units int64
	for i, x := range win {
		if x >= 0 {
			if s.width > 0 && before >= limit {
				x = -1 // out of width
			} else {
				units += cost
			}
			before++
		}
		regs[i] = int32(x)
	}
	return machine.Part{Lo: lo, Hi: hi, Units: units, Regs: regs}
}

// computableBefore counts the cells before lo whose jump of j steps has
// every input known: no unknown cell within j of them on the ring, since an
// unknown cell makes every cell of its light cone unknown.
func (s *stepper) computableBefore(lo, j int) int {
	n := len(s.row)
	unknown := func(p int) int {
		if s.row[(p%n+n)%n] < 0 {
			return 1
		}
		return 0
	}
	bad := 0 // unknown cells in [i-j, i+j]
	for p := -j; p <= j; p++ {
		bad += unknown(p)
	}
	count := 0
	for i := range lo {
		if bad == 0 {
			count++
		}
		bad += unknown(i+j+1) - unknown(i-j)
	}
	return count
}

// Apply commits a layer's parts and moves the clock on by the jump. A value
// must be a bit or -1 (unknown).
func (s *stepper) Apply(parts []machine.Part) (int64, error) {
	if err := checkRegs(parts, 0, 1); err != nil {
		return 0, err
	}
	if s.clock >= s.t {
		return 0, nil
	}
	var units int64
	for _, p := range parts {
		for k, x := range p.Regs {
			s.row[p.Lo+k] = int(x)
		}
		units += p.Units
	}
	s.clock += min(s.jump, s.t-s.clock)
	if s.clock == s.t {
		for i, x := range s.row {
			if s.answer[i] < 0 {
				s.answer[i] = x
			}
		}
	}
	return units, nil
}

// Cells is the ring's size.
func (l *lucas) Cells() int { return len(l.answer) }

// Stride is 2: count and answer.
func (l *lucas) Stride() int { return 2 }

// StepRange runs the units cells [lo, hi) need, as Step would: the counting
// unit (or, when t is a power of two, the fused XOR), or the count mod 2 of
// the count as it was at the start of the layer. It computes the Lucas gate
// of just the cells that count in this range, so the heavy first layer
// divides between the ranges. Under a width limit a cell runs only while
// fewer than W unanswered cells come before it.
func (l *lucas) StepRange(lo, hi int) machine.Part {
	before := 0
	if l.width > 0 {
		for _, a := range l.answer[:lo] {
			if a < 0 {
				before++
			}
		}
	}
	runs := func(i, units int) bool { return l.answer[i] < 0 && (l.width == 0 || before+units < l.width) }
	// The cells that read the gate: those whose unit runs and counts.
	gLo, gHi, units := hi, hi, 0
	for i := lo; i < hi; i++ {
		if !runs(i, units) {
			continue
		}
		if l.fused || l.count[i] < 0 {
			gLo, gHi = min(gLo, i), i+1
		}
		units++
	}
	var gate []int
	if gLo < gHi {
		gate = l.in.gateRange(gLo, gHi)
	}
	regs := make([]int32, 0, 2*(hi-lo))
	units = 0
	for i := lo; i < hi; i++ {
		c, a := l.count[i], l.answer[i]
		if runs(i, units) {
			switch {
			case l.fused:
				a = gate[i-gLo] & 1
			case c >= 0:
				a = c & 1
			default:
				c = gate[i-gLo]
			}
			units++
		}
		regs = append(regs, int32(c), int32(a))
	}
	return machine.Part{Lo: lo, Hi: hi, Units: int64(units), Regs: regs}
}

// Apply commits a layer's parts, keeping the count of cells that wait for
// their mod-2 unit. A count must be -1 or at most the ring's size, an
// answer -1 or a bit.
func (l *lucas) Apply(parts []machine.Part) (int64, error) {
	if err := checkRegs(parts, len(l.answer), 2); err != nil {
		return 0, err
	}
	var units int64
	for _, p := range parts {
		for k, i := 0, p.Lo; i < p.Hi; k, i = k+2, i+1 {
			was := l.count[i] >= 0 && l.answer[i] < 0
			l.count[i], l.answer[i] = int(p.Regs[k]), int(p.Regs[k+1])
			if is := l.count[i] >= 0 && l.answer[i] < 0; is != was {
				if is {
					l.pending++
				} else {
					l.pending--
				}
			}
		}
		units += p.Units
	}
	l.layers++
	return units, nil
}

// checkRegs verifies registers of stride 1 (a bit or -1) or stride 2 (a
// count from -1 to maxCount, then a bit or -1).
func checkRegs(parts []machine.Part, maxCount, stride int) error {
	for _, p := range parts {
		for k, x := range p.Regs {
			hi := int32(1)
			if stride == 2 && k%2 == 0 {
				hi = int32(maxCount)
			}
			if x < -1 || x > hi {
				return fmt.Errorf("automaton: cell %d: register %d out of range -1..%d", p.Lo+k/stride, x, hi)
			}
		}
	}
	return nil
}
