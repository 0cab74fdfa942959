package automaton

import (
	"slices"

	"github.com/depthrace/depthrace/core/machine"
)

// NewDeep starts the recurrent loop: the net's one-step unit applied to W
// cells per serial step, ascending, carrying the row forward. A whole row
// takes one step at W = 0 or W ≥ 2t+1, else ceil((2t+1)/W) steps. It halts at
// time t.
func (in *Instance) NewDeep(width int) machine.Process {
	n := len(in.row)
	per := n
	if width > 0 && width < n {
		per = width
	}
	return &loop{
		number: in.rule.number, t: in.steps, per: per,
		row: slices.Clone(in.row), next: make([]int, n), answer: known(nil, n),
	}
}

// loop is Loop(W) on the automaton.
type loop struct {
	number    uint8
	t, per    int
	clock     int // the time row represents
	done      int // cells of the next row computed so far
	row, next []int
	answer    []int
}

// Step computes the next per cells of the next row; the step that finishes
// it makes it the current row.
func (l *loop) Step() int64 {
	if l.clock >= l.t {
		return 0
	}
	hi := min(l.done+l.per, len(l.row))
	advance(l.number, l.next, l.row, l.done, hi)
	units := int64(hi - l.done)
	l.done = hi
	if l.done == len(l.row) {
		l.row, l.next = l.next, l.row
		l.clock++
		l.done = 0
		if l.clock == l.t {
			copy(l.answer, l.row)
		}
	}
	return units
}

// Halted reports that the row has reached time t.
func (l *loop) Halted() bool { return l.clock >= l.t }

// View shows the last complete row and its time.
func (l *loop) View() machine.View {
	return machine.View{Answer: l.answer, State: l.row, Clock: l.clock}
}
