// Package sudoku is the Sudoku family: the serial-scaling parable on real
// puzzle sets. Easy puzzles are wide: rounds of singles, every forced blank
// filled at once, finish them in a few layers. Hard puzzles are deep: the
// rounds stall, and only guessing and backtracking goes on. A 9×9 grid has a
// fixed size, so there is no asymptotic class here, only measurements.
//
// Cells hold 0..8 for the digits 1..9 and -1 for a blank. The answer is all
// 81 cells, clues included (they are known from the start).
package sudoku

import (
	"github.com/depthrace/depthrace/core/machine"
)

// Family is the sudoku family.
type Family struct{}

// Info describes sudoku for the page and the command line. Sizes do not
// apply: instances are puzzles of a set, chosen by InstanceSpec.Set and Index.
func (Family) Info() machine.Info {
	return machine.Info{
		Name: "sudoku", Title: "Sudoku 9×9: easy is wide, hard is deep",
		Class: "fixed 9×9: no asymptotic class (the parable)", Claim: "measured on the bundled sets",
		Explain: "Easy Sudoku is wide: every blank that its row, column or box forces can be filled at once, " +
			"and a few such rounds finish the grid, so a net of depth D solves every puzzle that needs at most D rounds. " +
			"Hard Sudoku is deep: the rounds stall, and the only way on is to guess and backtrack, one step after another. " +
			"The loop does exactly that. The net can only try its guesses side by side as parallel hypotheses, " +
			"and the width that takes grows exponentially with the guesses needed. " +
			"A 9×9 grid has a fixed size, so there is no asymptotic class here: this is the parable, measured on " +
			"public sets from easy to the hardest known.",
		Alphabet: 9,
	}
}

// Generate picks a puzzle of the set the spec names (see LoadSet and
// Set.Pick); its reference is the plain solver's solution. Instances share
// the reference slice, which nobody changes.
func (Family) Generate(spec machine.InstanceSpec) (machine.Instance, error) {
	set, err := LoadSet(spec)
	if err != nil {
		return nil, err
	}
	idx, err := set.Pick(spec)
	if err != nil {
		return nil, err
	}
	ref, err := set.solution(idx)
	if err != nil {
		return nil, err
	}
	return &Instance{index: idx, puzzle: set.Puzzle(idx), ref: ref}, nil
}

// cellsOf converts a grid to answer cells.
func cellsOf(p *Puzzle) []int {
	out := make([]int, Cells)
	for i, v := range p {
		out[i] = int(v)
	}
	return out
}

// Instance is one puzzle with its solution.
type Instance struct {
	index  int
	puzzle Puzzle
	ref    []int
}

// Index is the puzzle's index in its set: the instance number a sweep reports.
func (in *Instance) Index() int { return in.index }

// Puzzle returns the clues.
func (in *Instance) Puzzle() Puzzle { return in.puzzle }

// Input returns the clues as cells: 0..8, or -1 for a blank.
func (in *Instance) Input() []int { return cellsOf(&in.puzzle) }

// Reference returns the unique solution found by the plain solver.
func (in *Instance) Reference() []int { return in.ref }

// Alphabet is 9: the digits.
func (in *Instance) Alphabet() int { return 9 }
