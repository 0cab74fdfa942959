package automaton

import (
	"math/bits"
	"slices"

	"github.com/depthrace/depthrace/core/machine"
)

// NewWide starts the best known parallel algorithm as a depth-D net of width
// W (0 = as wide as it wants). Rule 90 with more steps than layers is
// answered in closed form by Lucas' theorem; otherwise the net steps the
// automaton, one step per layer, or j steps per layer through lookup tables
// over 2j+1 cells when the width pays for their 2^(2j+1) entries per cell.
//
// given holds committed final-row cells (diffusion's commit mode); the net
// takes them as known answers. They cannot help it derive other cells: every
// final cell is a function of the initial row alone, and the net computes
// forward from that row, so no final cell is an input to another.
func (in *Instance) NewWide(depth, width int, given []int) machine.Process {
	if in.rule.linear && in.steps > depth {
		return in.newLucas(width, given)
	}
	return &stepper{
		number: in.rule.number, t: in.steps, width: width,
		jump: lookupJump(len(in.row), in.steps, depth, width),
		row:  slices.Clone(in.row), next: make([]int, len(in.row)), scratch: make([]int, len(in.row)),
		answer: known(given, len(in.row)),
	}
}

// known returns a net's answer registers: the committed cells of given, -1
// elsewhere.
func known(given []int, n int) []int {
	answer := slices.Repeat([]int{-1}, n)
	if given != nil {
		copy(answer, given)
	}
	return answer
}

// lookupJump returns how many steps each layer of an n-cell net advances.
// One step is one unit per cell: the rule over 3 cells. Jumping j ≥ 2 steps
// needs a lookup table over the 2j+1 cells in reach, whose 2^(2j+1) entries
// are all paid for in width, per cell. The net takes the largest j the width
// affords (n·2^(2j+1) ≤ W; never at W = 0, which means polynomial width),
// but no more than ceil(t/D), which already reaches t in D layers.
func lookupJump(n, t, depth, width int) int {
	need := (t + depth - 1) / depth
	j := 1
	// n·2^(2j+3) ≤ W, written so that it cannot overflow.
	for width > 0 && j < need && n <= width>>(2*j+3) {
		j++
	}
	return j
}

// lookupCost is the units one cell's jump of j steps costs: the rule itself
// for one step, a table of 2^(2j+1) entries beyond.
func lookupCost(j int) int64 {
	if j == 1 {
		return 1
	}
	return 1 << (2*j + 1)
}

// stepper is the light-cone net: each layer advances the row by its jump,
// every cell reading the 2·jump+1 cells in reach as they were at the start
// of the layer. Cells it could not afford, or whose inputs are unknown, are
// unknown (-1) and make their dependants unknown.
type stepper struct {
	number        uint8
	t, jump       int
	width         int
	clock         int   // the time row represents
	row           []int // the current row, -1 where unknown
	next, scratch []int
	answer        []int
}

// Step runs one layer: a jump of min(jump, t - clock) steps for every cell
// the width affords, in ascending cell order. Once the row reaches time t
// the remaining layers are idle.
func (s *stepper) Step() int64 {
	if s.clock >= s.t {
		return 0
	}
	j := min(s.jump, s.t-s.clock)
	// The lookup entry a cell reads is, by definition, the rule applied j
	// times to its 2j+1 cells; computing it that way gives the same value.
	copy(s.next, s.row)
	for range j {
		advance(s.number, s.scratch, s.next, 0, len(s.next))
		s.next, s.scratch = s.scratch, s.next
	}
	cost := lookupCost(j)
	var units int64
	for i, x := range s.next {
		if x < 0 {
			continue // an input is unknown: no unit can compute this cell
		}
		if s.width > 0 && units+cost > int64(s.width) {
			s.next[i] = -1 // out of width
			continue
		}
		units += cost
	}
	s.row, s.next = s.next, s.row
	s.clock += j
	if s.clock == s.t {
		for i, x := range s.row {
			if s.answer[i] < 0 {
				s.answer[i] = x
			}
		}
	}
	return units
}

// Halted is false: the driver runs a net for exactly its D layers.
func (s *stepper) Halted() bool { return false }

// View shows the current row, at the time it represents.
func (s *stepper) View() machine.View {
	return machine.View{Answer: s.answer, State: s.row, Clock: s.clock}
}

// lucasGate returns, for every cell i, the count of ones among the initial
// cells at offsets −t+2k for every k with k AND t = k: the cells whose
// binomial coefficient C(t, k) is odd (Lucas' theorem), so the count's parity
// is cell i at time t. Rule 90 is the operator (S+S⁻¹)^t on the ring, and the
// 2t+1 offsets are distinct modulo the 2t+1 cells. Enumerating the submasks k
// of t costs (2t+1)·2^popcount(t); the result is kept for later nets on the
// same instance, such as diffusion's passes.
func (in *Instance) lucasGate() []int {
	in.gateOnce.Do(func() { in.gate = in.gateRange(0, len(in.row)) })
	return in.gate
}

// gateRange returns the Lucas counts of cells [lo, hi) alone, at
// (hi−lo)·2^popcount(t): the share of a split layer (split.go).
func (in *Instance) gateRange(lo, hi int) []int {
	t, n := in.steps, len(in.row)
	gate := make([]int, hi-lo)
	for k := t; ; k = (k - 1) & t {
		// cell i reads cell i+off, wrapping at n
		dst, at := gate, (lo+2*k-t+n)%n
		for len(dst) > 0 {
			src := in.row[at:min(n, at+len(dst))]
			for i, x := range src {
				dst[i] += x
			}
			dst, at = dst[len(src):], 0
		}
		if k == 0 {
			break
		}
	}
	return gate
}

// newLucas starts the constant-depth rule 90 net.
func (in *Instance) newLucas(width int, given []int) *lucas {
	n := len(in.row)
	return &lucas{
		t: in.steps, width: width, fused: bits.OnesCount(uint(in.steps)) == 1,
		in: in, row: in.row,
		count: slices.Repeat([]int{-1}, n), answer: known(given, n),
	}
}

// lucas is rule 90 in closed form. Layer 1: per cell, a threshold (counting)
// unit over the initial cells Lucas' theorem selects. Layer 2: the count mod 2.
// When t is a power of two only the two cells at i±t count, and one unit, the
// XOR of two values (the doubling identity), answers in a single layer. A
// layer runs, in ascending cell order, whichever unit each cell still needs,
// up to W units.
type lucas struct {
	t, width int
	fused    bool      // t is a power of two: one XOR unit per cell
	in       *Instance // whose Lucas gate each cell's counting unit reads, computed on first use
	row      []int     // the initial row, shown before the first layer
	count    []int     // layer-1 registers, -1 before the cell's unit ran
	answer   []int
	pending  int // cells counted but not yet reduced mod 2
	layers   int
}

// Step runs one layer.
func (l *lucas) Step() int64 {
	gate := l.in.lucasGate()
	var units int64
	for i := range l.answer {
		if l.answer[i] >= 0 {
			continue
		}
		if l.width > 0 && units >= int64(l.width) {
			break
		}
		switch {
		case l.fused:
			l.answer[i] = gate[i] & 1
		case l.count[i] >= 0: // the count as it was at the start of the layer
			l.answer[i] = l.count[i] & 1
			l.pending--
		default:
			l.count[i] = gate[i]
			l.pending++
		}
		units++
	}
	l.layers++
	return units
}

// Halted is false: the driver runs a net for exactly its D layers.
func (l *lucas) Halted() bool { return false }

// View shows the initial row before the first layer, the counts (not a row:
// Clock -1) while some cell waits for its mod-2 unit, and the final row,
// unknown cells -1, otherwise.
func (l *lucas) View() machine.View {
	v := machine.View{Answer: l.answer, State: l.answer, Clock: l.t}
	switch {
	case l.layers == 0:
		v.State, v.Clock = l.row, 0
	case l.pending > 0:
		v.State, v.Clock = l.count, -1
	}
	return v
}
