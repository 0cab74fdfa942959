package sudoku

import "github.com/depthrace/depthrace/core/machine"

// phase is what the search does in its next step.
type phase uint8

const (
	propagating  phase = iota // run a round of singles
	guessing                  // try the next digit at the top choice point
	backtracking              // return to the last choice point with digits left
	solved                    // the grid is complete
	failed                    // every branch died: no solution
)

// frame is a choice point: the cell guessed, the digits not yet tried
// there, how long the trail of filled cells was before the guess and the
// grid as it stood then, which backtracking restores (a copy of a few
// hundred bytes costs less than undoing the cells one by one).
type frame struct {
	trail int
	cell  int
	left  uint16
	saved grid
}

// search is depth-first search over rounds of singles, one step at a time:
// the loop's state is the grid, the trail of cells filled since the root
// (to report the cells a backtrack empties) and the stack of choice points.
// The stack only grows when the search goes deeper than it has before, so a
// step allocates at most a few times per puzzle.
type search struct {
	g        grid
	answer   [Cells]int // the grid's cells as answer values, kept in step
	touched  [Cells]int // answer cells the last step wrote
	ntouched int
	// trail lists the cells filled since the root, in order; a round
	// writes the cells it fills straight after them, so it has room for
	// a whole round past the last cell.
	trail      [2 * Cells]uint8
	ntrail     int
	stack      []frame // a guess fills a cell, so the depth is at most 81
	depth      int
	phase      phase
	guesses    int64
	backtracks int64
	// quiet skips the answer and touched upkeep while Finish runs many
	// steps unobserved; the answer is rebuilt from the grid afterwards.
	quiet bool
}

// start puts the search at the root grid g.
func (s *search) start(g grid) {
	s.g, s.ntrail, s.depth, s.guesses, s.backtracks = g, 0, 0, 0, 0
	s.stack = s.stack[:0]
	for i, v := range g.cell {
		s.answer[i] = int(v)
	}
	s.phase = propagating
	if g.empty == 0 {
		s.phase = solved
	}
}

// done reports that the search has halted, solved or failed.
func (s *search) done() bool { return s.phase >= solved }

// filled takes the n cells written after the trail into it, and into
// the answer unless quiet.
func (s *search) filled(n int) {
	cells := s.trail[s.ntrail : s.ntrail+n]
	s.ntrail += n
	if s.quiet {
		return
	}
	for _, i := range cells {
		s.answer[i] = int(s.g.cell[i])
		s.touched[s.ntouched] = int(i)
		s.ntouched++
	}
}

// step runs one serial step: one round of singles, one guess or one
// backtrack. It returns the units of work: the cells a round checked, or 1
// for a guess or a backtrack.
func (s *search) step() int {
	s.ntouched = 0
	switch s.phase {
	case propagating:
		r := s.g.round(nil, (*[Cells]uint8)(s.trail[s.ntrail:]))
		s.filled(r.filled)
		switch {
		case r.status == contradiction:
			s.phase = backtracking
		case s.g.empty == 0:
			s.phase = solved
		case r.status == stalled:
			if s.depth == len(s.stack) {
				if s.stack == nil {
					// The bundled puzzles reach a depth of 11 on average
					// and 18 at most: start above that, not at one frame.
					s.stack = make([]frame, 0, 24)
				}
				s.stack = append(s.stack, frame{})
			}
			f := &s.stack[s.depth]
			f.trail, f.cell = s.ntrail, s.g.mostConstraining()
			f.left = s.g.candidates(f.cell)
			f.saved = s.g // apart: a tuple assignment would copy the grid twice
			s.depth++
			s.phase = guessing
		}
		return r.units
	case guessing:
		f := &s.stack[s.depth-1]
		d := s.g.leastConstraining(f.cell, f.left)
		f.left &^= 1 << d
		s.g.place(f.cell, d)
		s.trail[s.ntrail] = uint8(f.cell)
		s.filled(1)
		s.guesses++
		s.phase = propagating
		if s.g.empty == 0 {
			s.phase = solved
		}
		return 1
	case backtracking:
		for s.depth > 0 && s.stack[s.depth-1].left == 0 {
			s.depth--
		}
		s.backtracks++
		if s.depth == 0 {
			s.phase = failed
			return 1
		}
		top := &s.stack[s.depth-1]
		if s.quiet {
			s.ntrail = top.trail // nobody looks at the cells emptied
		}
		for mark := top.trail; s.ntrail > mark; {
			s.ntrail--
			i := int(s.trail[s.ntrail])
			s.answer[i] = -1
			s.touched[s.ntouched] = i
			s.ntouched++
		}
		s.g = top.saved
		s.phase = guessing
		return 1
	}
	return 0
}

// countSolutions runs the search past each solution, up to limit solutions
// or budget steps. It returns the count, the first two solutions found and
// whether the search finished within budget. The parser uses it to refuse
// puzzles without exactly one solution.
func countSolutions(p *Puzzle, limit int) (count int, sols [2]Puzzle, ok bool) {
	g, consistent := newGrid(p)
	if !consistent {
		return 0, sols, true
	}
	s := new(search)
	s.start(g)
	for steps := 0; steps < searchBudget; steps++ {
		switch {
		case s.phase == failed:
			return count, sols, true
		case s.phase == solved:
			if count < len(sols) {
				sols[count] = Puzzle(s.g.cell)
			}
			count++
			if count >= limit {
				return count, sols, true
			}
			s.phase = backtracking
		}
		s.step()
	}
	return count, sols, false
}

// NewDeep starts the loop: rounds of singles, and when they stall a guess at
// an empty cell with the fewest candidates (the one with the most empty
// peers, see mostConstraining; the least constraining digit first), with
// the stack of choice points as its memory. Width does not apply: each
// round checks every empty cell.
func (in *Instance) NewDeep(width int) machine.Process {
	d := new(deep)
	g, _ := newGrid(&in.puzzle) // a parsed puzzle's clues never clash
	d.s.start(g)
	return d
}

// deep is the loop's Process.
type deep struct {
	s search
}

// Step runs one step of the search.
func (d *deep) Step() int64 { return int64(d.s.step()) }

// Finish runs the search on for at most limit steps without keeping the
// view up to date between them (the batch mode), then shows where it is.
// The answer is complete only on the solution, where the search halts.
func (d *deep) Finish(limit int) (steps int, units int64) {
	s := &d.s
	s.quiet = true
	for ; steps < limit && !s.done(); steps++ {
		units += int64(s.step())
	}
	s.quiet = false
	s.ntouched = 0
	for i, v := range s.g.cell {
		s.answer[i] = int(v)
	}
	return steps, units
}

// Halted reports that the search is over.
func (d *deep) Halted() bool { return d.s.done() }

// View shows the current grid, guesses included: the loop's answer if it
// stopped now. Touched lists the cells the last step filled or emptied.
func (d *deep) View() machine.View {
	a := d.s.answer[:]
	return machine.View{Answer: a, State: a, Clock: -1, Touched: d.s.touched[:d.s.ntouched]}
}

// Counters reports the search's guesses (digits tried at a cell with more
// than one candidate) and backtracks (returns to a choice point).
func (d *deep) Counters() []machine.Counter {
	return []machine.Counter{{Name: "guesses", Value: d.s.guesses}, {Name: "backtracks", Value: d.s.backtracks}}
}
