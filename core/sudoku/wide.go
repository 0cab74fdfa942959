package sudoku

import (
	"math/bits"

	"github.com/depthrace/depthrace/core/machine"
)

// hypothesis is one grid the net propagates: the puzzle plus the guesses
// that define it. A stalled hypothesis remembers where it would branch.
type hypothesis struct {
	g       grid
	ban     [Cells]uint16 // the candidates its partial splits ruled out
	cand    [Cells]uint16 // candidates as the last round found them
	stalled bool
	branch  int    // when stalled: the empty cell with the fewest candidates
	cands   uint16 // and its candidates
}

// NewWide starts Net(D, W): D synchronous rounds of singles over at most W
// parallel hypotheses.
//
//   - A layer runs one round in every live hypothesis (one unit per empty
//     cell checked). A hypothesis that contradicts itself dies.
//   - A hypothesis whose round found no single branches in the same layer on
//     its empty cell with the fewest candidates, if width is free: into one
//     hypothesis per candidate, or, when fewer slots are free, into one per
//     candidate for the first ones and a last that rules those out. The live
//     hypotheses therefore always cover every solution.
//   - W=1 is pure propagation. W=0 means as many hypotheses as the search
//     tree has: every stalled hypothesis branches fully, still bounded by D
//     layers (a unique puzzle's tree stays small).
//
// The answer holds the cells every live hypothesis agrees on, or a complete
// hypothesis (which is the solution). After layer D the other cells get the
// best guess: the first hypothesis's digit or lowest candidate as its last
// round found them (so at least two), with confidence 1/candidates over all
// hypotheses. given cells are extra clues; clashing ones kill the root, and
// the answer then falls back to the clues, without guesses.
func (in *Instance) NewWide(depth, width int, given []int) machine.Process {
	w := &wide{
		depth: depth, width: width,
		answer: make([]int, Cells), conf: make([]float64, Cells),
	}
	w.clues, _ = newGrid(&in.puzzle)
	root, ok := w.clues, true
	for i, v := range given {
		if i < Cells && v >= 0 && int(root.cell[i]) != v {
			ok = v < 9 && root.place(i, v) && ok
		}
	}
	if ok {
		w.hyps = append(w.hyps, hypothesis{g: root})
	}
	w.peak = len(w.hyps)
	w.updateView()
	return w
}

// wide is the net's Process.
type wide struct {
	depth, width int
	layer        int
	clues        grid         // the puzzle alone: the fallback when every hypothesis died
	hyps, next   []hypothesis // live hypotheses, in depth-first order
	peak         int          // the most hypotheses alive at once
	placed       [Cells]uint8 // scratch for round
	answer       []int
	conf         []float64
}

// Step runs one layer.
func (w *wide) Step() int64 {
	if w.layer >= w.depth {
		return 0
	}
	w.layer++
	units := 0
	next := w.next[:0]
	for _, h := range w.hyps {
		if h.g.empty == 0 {
			next = append(next, h)
			continue
		}
		r := h.g.round(&h.cand, &w.placed)
		units += r.units
		if r.status == contradiction {
			continue
		}
		h.stalled = r.status == stalled
		if h.stalled {
			h.branch = h.g.fewest()
			h.cands = h.g.candidates(h.branch)
		}
		next = append(next, h)
	}
	free := w.width - len(next)
	out := w.hyps[:0]
	for _, h := range next {
		if !h.stalled || (w.width > 0 && free <= 0) {
			out = append(out, h)
			continue
		}
		k := bits.OnesCount16(h.cands)
		if w.width > 0 {
			k = min(k, free+1)
			free -= k - 1
		}
		h.stalled = false
		left := h.cands
		for j := range k {
			child := h
			if j < k-1 || bits.OnesCount16(left) == 1 {
				d := bits.TrailingZeros16(left)
				left &= left - 1
				child.g.place(h.branch, d)
			} else {
				child.g.exclude(h.branch, h.cands&^left)
				child.ban[h.branch] |= h.cands &^ left
			}
			out = append(out, child)
		}
	}
	w.hyps, w.next = out, next
	w.peak = max(w.peak, len(w.hyps))
	w.updateView()
	return int64(units)
}

// updateView sets the answer: a complete hypothesis if there is one, else
// the cells all hypotheses agree on, and after the last layer the best
// guess for the rest.
func (w *wide) updateView() {
	basis := w.hyps
	if len(basis) == 0 {
		basis = []hypothesis{{g: w.clues}}
	}
	for k := range basis {
		if basis[k].g.empty == 0 {
			basis = basis[k : k+1]
			break
		}
	}
	guess := w.layer == w.depth && len(w.hyps) > 0
	first := &basis[0]
	for i := range Cells {
		v := first.g.cell[i]
		for k := 1; k < len(basis); k++ {
			if basis[k].g.cell[i] != v {
				v = -1
				break
			}
		}
		w.answer[i], w.conf[i] = int(v), 1
		if v >= 0 {
			continue
		}
		w.answer[i], w.conf[i] = -1, 0
		if !guess {
			continue
		}
		var union uint16
		for k := range basis {
			union |= basis[k].known(i)
		}
		if pick := first.known(i); pick != 0 {
			w.answer[i] = bits.TrailingZeros16(pick)
			w.conf[i] = 1 / float64(bits.OnesCount16(union))
		}
	}
}

// known is what the hypothesis knows of cell i: its digit, or its
// candidates as of its last round.
func (h *hypothesis) known(i int) uint16 {
	if c := h.g.cell[i]; c >= 0 {
		return 1 << c
	}
	return h.cand[i] &^ h.ban[i]
}

// Halted is false: the driver runs the net for exactly D layers.
func (w *wide) Halted() bool { return false }

// Counters reports the most hypotheses alive at once: the width the net
// actually used.
func (w *wide) Counters() []machine.Counter {
	return []machine.Counter{{Name: "hypotheses", Value: int64(w.peak)}}
}

// View shows the answer and its confidence: 1 for derived cells, 1/k for a
// guess among k candidates.
func (w *wide) View() machine.View {
	return machine.View{Answer: w.answer, Conf: w.conf, State: w.answer, Clock: -1}
}
