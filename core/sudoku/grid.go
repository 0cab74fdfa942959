package sudoku

import "math/bits"

// all is the candidate mask with every digit possible: bit d stands for the
// digit d+1.
const all = 0x1ff

// Cells is the number of cells of the 9×9 grid.
const Cells = 81

// The units every cell belongs to, precomputed: units 0..8 are rows, 9..17
// columns and 18..26 boxes.
var rowOf, colOf, boxOf [Cells]uint8

func init() {
	for i := range Cells {
		r, c := i/9, i%9
		rowOf[i], colOf[i], boxOf[i] = uint8(r), uint8(9+c), uint8(18+r/3*3+c/3)
	}
}

// status is what one synchronous round found.
type status uint8

const (
	progress      status = iota // at least one cell was filled
	stalled                     // no single anywhere: propagation alone is stuck
	contradiction               // some cell or unit has no way left
	complete                    // every cell was already filled
)

// grid is the bitmask state both machines work on: a digit per cell, the
// digits placed in each unit and the empty columns of each row, plus the
// candidates a hypothesis has ruled out. It is a plain value, so copying it
// saves a search node.
type grid struct {
	cell  [Cells]int8   // -1 empty, 0..8 for the digits 1..9
	ban   [Cells]uint16 // candidates excluded by the wide net's partial splits
	unit  [32]uint16    // digits placed in each row, column and box (27 used)
	free  [9]uint16     // bit c of free[r]: the cell at row r, column c is empty
	empty int           // empty cells left
}

// newGrid places the clues. It returns false when two clues clash, which a
// parsed puzzle never does but committed cells of diffusion may.
func newGrid(clues *Puzzle) (grid, bool) {
	var g grid
	g.empty = Cells
	for i := range g.cell {
		g.cell[i] = -1
	}
	for r := range g.free {
		g.free[r] = all
	}
	ok := true
	for i, v := range clues {
		if v >= 0 {
			ok = g.place(i, int(v)) && ok
		}
	}
	return g, ok
}

// place writes digit d at the empty cell i. It returns false, placing
// nothing, when d already stands in one of the cell's units or was ruled out.
func (g *grid) place(i, d int) bool {
	m := uint16(1) << d
	r, c, b := rowOf[i]&31, colOf[i]&31, boxOf[i]&31
	if g.cell[i] >= 0 || (g.unit[r]|g.unit[c]|g.unit[b]|g.ban[i])&m != 0 {
		return false
	}
	g.cell[i] = int8(d)
	g.unit[r] |= m
	g.unit[c] |= m
	g.unit[b] |= m
	g.free[r%9] &^= 1 << (c - 9)
	g.empty--
	return true
}

// unset empties the filled cell i: the search's undo.
func (g *grid) unset(i int) {
	r, c, b := rowOf[i]&31, colOf[i]&31, boxOf[i]&31
	m := ^(uint16(1) << g.cell[i])
	g.unit[r] &= m
	g.unit[c] &= m
	g.unit[b] &= m
	g.free[r%9] |= 1 << (c - 9)
	g.cell[i] = -1
	g.empty++
}

// roundResult reports one round: its status, the cells it checked (the
// units of work: every empty cell), the cells it filled and, when stalled,
// the empty cell with the fewest candidates (the first such in reading
// order) and those candidates.
type roundResult struct {
	status status
	units  int
	filled int
	branch int
	cands  uint16
}

// round runs one synchronous round: every empty cell that is a naked single,
// or a hidden single in its row, column or box, as the grid stood at the
// start of the round, is filled at once. Each empty cell's candidate check
// is one unit of work. Two singles that clash, a cell without candidates or
// a digit with no place left in a unit is a contradiction. The candidates as
// they stood at the start of the round are left in cand for the cells that
// were empty. The cells filled are listed in placed, also when a clash stops
// the round halfway, so that a search can undo them.
//
// The grid is walked row by row over the empty cells only, with the row's
// tallies in registers: this is the loop's hot path.
func (g *grid) round(cand *[Cells]uint16, placed *[Cells]uint8) roundResult {
	res := roundResult{status: complete, units: g.empty, branch: -1}
	if g.empty == 0 {
		return res
	}
	res.status = contradiction
	// once[u]: digits possible somewhere in unit u; twice[u]: in two places.
	var once, twice, hidden [32]uint16
	free := g.free
	for r := range 9 {
		rowOnce, rowTwice, rowHave := uint16(0), uint16(0), g.unit[r]
		band := 18 + r/3*3
		for f := free[r]; f != 0; f &= f - 1 {
			c := bits.TrailingZeros16(f)
			i := r*9 + c
			cu, bu := (9+c)&31, (band+c/3)&31
			m := ^(rowHave | g.unit[cu] | g.unit[bu] | g.ban[i]) & all
			if m == 0 {
				return res
			}
			cand[i] = m
			rowTwice |= rowOnce & m
			rowOnce |= m
			twice[cu] |= once[cu] & m
			once[cu] |= m
			twice[bu] |= once[bu] & m
			once[bu] |= m
		}
		if rowOnce|rowHave != all {
			return res
		}
		hidden[r] = rowOnce &^ rowTwice
	}
	for u := 9; u < 27; u++ {
		if once[u]|g.unit[u] != all {
			return res
		}
		hidden[u] = once[u] &^ twice[u]
	}
	// Every decision below reads cand and hidden, the state at the start of
	// the round, so filling cells as they are found is still synchronous;
	// place refuses a digit that another single of this round already put in
	// the same unit.
	res.status = stalled
	for r := range 9 {
		band := 18 + r/3*3
		for f := free[r]; f != 0; f &= f - 1 {
			c := bits.TrailingZeros16(f)
			i := r*9 + c
			m := cand[i]
			if m&(m-1) != 0 {
				h := m & (hidden[r] | hidden[(9+c)&31] | hidden[(band+c/3)&31])
				if h == 0 {
					continue
				}
				if h&(h-1) != 0 {
					res.status = contradiction
					return res
				}
				m = h
			}
			if !g.place(i, bits.TrailingZeros16(m)) {
				res.status = contradiction
				return res
			}
			placed[res.filled] = uint8(i)
			res.filled++
			res.status = progress
		}
	}
	if res.status == stalled {
		best := 10
		for r := range 9 {
			for f := free[r]; f != 0; f &= f - 1 {
				i := r*9 + bits.TrailingZeros16(f)
				if n := bits.OnesCount16(cand[i]); n < best {
					best, res.branch, res.cands = n, i, cand[i]
				}
			}
		}
	}
	return res
}
