package sudoku

// searchBudget caps the search steps spent on one puzzle by the parser's
// uniqueness check and by the plain solver. Real puzzles, the hardest known
// included, need a few thousand; the cap only stops a crafted file from
// hanging the parser.
const searchBudget = 1_000_000

// plain is the reference solver: plain backtracking that fills the empty
// cell with the fewest candidates with each candidate in turn, with no
// deduction rules at all. It shares no code with the machines, so it can
// judge them. It counts solutions up to a limit and keeps the first.
type plain struct {
	cell          [Cells]int8
	row, col, box [9]uint16
	sols          [2]Puzzle // the first two solutions found
	found, limit  int
	nodes         int
}

// solve counts the solutions of p, stopping at limit (1 or 2), and returns
// the count, the first solutions found and whether the search finished
// within budget.
func solve(p *Puzzle, limit int) (count int, sols [2]Puzzle, ok bool) {
	s := &plain{limit: limit}
	for i, v := range p {
		s.cell[i] = v
		if v >= 0 {
			bit := uint16(1) << v
			if (s.row[i/9]|s.col[i%9]|s.box[i/27*3+i%9/3])&bit != 0 {
				return 0, sols, true // two equal clues in a unit
			}
			s.set(i, v)
		}
	}
	s.search()
	return s.found, s.sols, s.nodes <= searchBudget
}

func (s *plain) set(i int, v int8) {
	bit := uint16(1) << v
	s.cell[i] = v
	s.row[i/9] |= bit
	s.col[i%9] |= bit
	s.box[i/27*3+i%9/3] |= bit
}

func (s *plain) unset(i int) {
	bit := ^(uint16(1) << s.cell[i])
	s.cell[i] = -1
	s.row[i/9] &= bit
	s.col[i%9] &= bit
	s.box[i/27*3+i%9/3] &= bit
}

// search branches on the most constrained requirement of the exact cover
// that a solution is: either an empty cell, which needs one of its
// candidates, or a digit missing from a unit, which needs one of the unit's
// cells that can still take it. It tries every option of the one with the
// fewest, and a requirement with none ends the branch.
func (s *plain) search() {
	s.nodes++
	if s.found >= s.limit || s.nodes > searchBudget {
		return
	}
	var cands [Cells]uint16
	var places [27][9]uint8 // places[u][d]: cells of unit u that can take digit d
	best, bestCount := -1, 10
	for i, v := range s.cell {
		if v >= 0 {
			continue
		}
		cands[i] = ^(s.row[i/9] | s.col[i%9] | s.box[i/27*3+i%9/3]) & all
		n := 0
		for d := range 9 {
			if cands[i]&(1<<d) != 0 {
				n++
				places[i/9][d]++
				places[9+i%9][d]++
				places[18+i/27*3+i%9/3][d]++
			}
		}
		if n < bestCount {
			best, bestCount = i, n
		}
	}
	if best < 0 { // no empty cell: a solution
		if s.found < len(s.sols) {
			s.sols[s.found] = s.cell
		}
		s.found++
		return
	}
	unit, digit := -1, 0
	for u := range places {
		placed := [3][9]uint16{s.row, s.col, s.box}[u/9][u%9]
		for d := range 9 {
			if placed&(1<<d) == 0 && int(places[u][d]) < bestCount {
				unit, digit, bestCount = u, d, int(places[u][d])
			}
		}
	}
	if bestCount == 0 {
		return
	}
	if unit < 0 { // branch on the cell's candidates
		for v := int8(0); v < 9; v++ {
			if cands[best]&(1<<v) != 0 {
				s.set(best, v)
				s.search()
				s.unset(best)
			}
		}
		return
	}
	for k := range 9 { // branch on the cells of the unit that can take the digit
		i := unitCell(unit, k)
		if s.cell[i] < 0 && cands[i]&(1<<digit) != 0 {
			s.set(i, int8(digit))
			s.search()
			s.unset(i)
		}
	}
}

// unitCell returns the k-th cell (0..8) of unit u: rows 0..8, columns
// 9..17, boxes 18..26.
func unitCell(u, k int) int {
	switch {
	case u < 9:
		return u*9 + k
	case u < 18:
		return k*9 + u - 9
	default:
		b := u - 18
		return (b/3*3+k/3)*9 + b%3*3 + k%3
	}
}
