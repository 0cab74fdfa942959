package machine

import (
	"errors"
	"fmt"
)

// Splittable is implemented by a wide net whose layer can be computed by
// ranges of cells on separate workers, with a barrier per layer: every range
// reads the state as it was at the start of the layer, and Apply commits all
// of them at once. The layer keeps the net's own rules: at most W units, in
// ascending cell order, so a range knows how many units the cells before it
// take. StepRange over any tiling of the cells followed by Apply is exactly
// one Step, whatever the number of ranges.
type Splittable interface {
	Process
	// Cells is the number of cells a layer is split over.
	Cells() int
	// Stride is the number of registers a cell's share of a layer carries.
	Stride() int
	// StepRange computes the next registers of cells [lo, hi), Stride per
	// cell, from the layer's starting state, without changing it.
	// 0 ≤ lo ≤ hi ≤ Cells().
	StepRange(lo, hi int) Part
	// Apply commits the parts of one layer, which tile [0, Cells()) in
	// order with Stride registers per cell, and returns the layer's units.
	// It ends the layer, as Step does. Registers no layer could have made
	// (parts that came over the wire corrupted) are an error, and leave
	// the net as it was.
	Apply(parts []Part) (int64, error)
}

// Part is one range's share of a layer: the next registers of cells
// [Lo, Hi) and the units those cells evaluated.
type Part struct {
	Lo, Hi int
	Units  int64
	Regs   []int32
}

// Ranges splits n cells into k contiguous ranges of near-equal size, in
// order, as [lo, hi) pairs; some are empty when k > n. k is at least 1.
func Ranges(n, k int) [][2]int {
	k = max(1, k)
	out := make([][2]int, k)
	for i := range out {
		out[i] = [2]int{i * n / k, (i + 1) * n / k}
	}
	return out
}

// Splittable returns the run's net when its layers can be split: a wide
// lane whose family implements Splittable.
func (r *Run) Splittable() (Splittable, bool) {
	if r.lane.Model != Wide {
		return nil, false
	}
	s, ok := r.proc.(Splittable)
	return s, ok
}

// StepRange computes cells [lo, hi) of the run's next layer, leaving the run
// as it is. It fails on a lane that cannot split, a finished run or a range
// outside the cells.
func (r *Run) StepRange(lo, hi int) (Part, error) {
	s, err := r.splittable()
	if err != nil {
		return Part{}, err
	}
	if lo < 0 || lo > hi || hi > s.Cells() {
		return Part{}, fmt.Errorf("range [%d, %d) is outside the %d cells", lo, hi, s.Cells())
	}
	return s.StepRange(lo, hi), nil
}

// StepParts ends the run's next serial step with the parts of its layer,
// as Step would have run it. The parts must tile the cells in order, each
// with its registers; anything else is an error and leaves the run as it is.
func (r *Run) StepParts(parts []Part) error {
	s, err := r.splittable()
	if err != nil {
		return err
	}
	if err := checkParts(parts, s.Cells(), s.Stride()); err != nil {
		return err
	}
	units, err := s.Apply(parts)
	if err != nil {
		return err
	}
	r.advance(units)
	return nil
}

// StepSplit runs one serial step as k workers would, one range after
// another in this goroutine: the in-process form of a split layer, for tests
// and benchmarks. It returns false, doing nothing, once the run is done.
func (r *Run) StepSplit(k int) (bool, error) {
	if r.Done() {
		return false, nil
	}
	s, err := r.splittable()
	if err != nil {
		return false, err
	}
	ranges := Ranges(s.Cells(), k)
	parts := make([]Part, len(ranges))
	for i, rg := range ranges {
		parts[i] = s.StepRange(rg[0], rg[1])
	}
	return true, r.StepParts(parts)
}

func (r *Run) splittable() (Splittable, error) {
	s, ok := r.Splittable()
	if !ok {
		return nil, fmt.Errorf("the %s lane cannot split its layers", r.lane.Model)
	}
	if r.Done() {
		return nil, errors.New("the run is done: there is no next layer")
	}
	return s, nil
}

// checkParts verifies that parts tile [0, n) in order with stride registers
// per cell and non-negative units.
func checkParts(parts []Part, n, stride int) error {
	at := 0
	for i, p := range parts {
		if p.Lo != at || p.Hi < p.Lo || p.Hi > n {
			return fmt.Errorf("part %d covers [%d, %d): the parts must tile [0, %d) in order, and this one should start at %d", i, p.Lo, p.Hi, n, at)
		}
		if len(p.Regs) != (p.Hi-p.Lo)*stride {
			return fmt.Errorf("part %d has %d registers for %d cells of %d", i, len(p.Regs), p.Hi-p.Lo, stride)
		}
		if p.Units < 0 {
			return fmt.Errorf("part %d has %d units", i, p.Units)
		}
		at = p.Hi
	}
	if at != n {
		return fmt.Errorf("the parts cover [0, %d) of %d cells", at, n)
	}
	return nil
}
