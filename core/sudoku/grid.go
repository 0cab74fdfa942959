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

// spot is what place needs to know of a cell, precomputed: its units, its
// band and stack (0..2), its bit in a cellSet, its peers (the cells that
// share a unit with it, and itself), its column's and row's bit in every
// field of a lane, and its box's three columns and rows in a field.
type spot struct {
	row, col, box      uint8
	r, c, band, stack  uint8
	word               uint8
	bit                uint64
	peers              cellSet
	colLanes, rowLanes lanes
	boxCols, boxRows   uint64
}

var spots [Cells]spot

func init() {
	for i := range Cells {
		r, c := i/9, i%9
		rowOf[i], colOf[i], boxOf[i] = uint8(r), uint8(9+c), uint8(18+r/3*3+c/3)
	}
	for i := range Cells {
		p := &spots[i]
		p.row, p.col, p.box = rowOf[i], colOf[i], boxOf[i]
		p.r, p.c, p.band, p.stack = uint8(i/9), uint8(i%9), uint8(i/27), uint8(i%9/3)
		p.word, p.bit = uint8(i/63), 1<<(i%63)
		r, c := uint(i/9), uint(i%9)
		p.colLanes, p.rowLanes = lanes{first0 << c, first1 << c}, lanes{first0 << r, first1 << r}
		p.boxCols, p.boxRows = 7<<(c/3*3), 7<<(r/3*3)
	}
	for i := range Cells {
		p := &spots[i]
		for j := range Cells {
			if rowOf[i] == rowOf[j] || colOf[i] == colOf[j] || boxOf[i] == boxOf[j] {
				p.peers.add(j)
			}
		}
	}
}

// cellSet is a set of cells in reading order: cells 0..62 are bits of the
// first word, cells 63..80 of the second, so scanning the words lowest bit
// first visits the cells in reading order.
type cellSet [2]uint64

// add puts cell i in the set.
func (s *cellSet) add(i int) {
	p := &spots[i]
	s[p.word&1] |= p.bit
}

// lanes packs nine digits' 9-bit fields in two words: digits 0..6 in the
// first (digit d at bit 9d), digits 7 and 8 in the second. A row's lanes
// say, per digit, in which columns it may go; a column's lanes, in which
// rows. Folding the nine rows' lanes word by word counts every digit in
// every column at once, and likewise for rows and boxes.
type lanes [2]uint64

// laneOf returns the word of digit d's field and the field's first bit.
func laneOf(d int) (w int, shift uint) {
	return int(laneWord[d&15]), uint(laneShift[d&15])
}

// laneWord and laneShift tabulate laneOf for the digits 0..8.
var laneWord, laneShift [16]uint8

func init() {
	for d := range 9 {
		laneWord[d], laneShift[d] = uint8(d/7), uint8(9*(d%7))
	}
}

// Masks over the used part of each lane word: every field full, the bit 0
// of every field, and the bits 0, 3 and 6 of every field (the first column
// of each box's three).
const (
	full0, full1   = 1<<63 - 1, 1<<18 - 1
	first0, first1 = 0x0040201008040201, 0x201
	boxes0, boxes1 = first0 * 0x49, first1 * 0x49
)

// status is what one synchronous round found.
type status uint8

const (
	progress      status = iota // at least one cell was filled
	stalled                     // no single anywhere: propagation alone is stuck
	contradiction               // some cell or unit has no way left
	complete                    // every cell was already filled
)

// grid is the bitmask state both machines work on: a digit per cell, the
// digits placed in each unit, the candidates a hypothesis has ruled out,
// and the candidates left as sets and lanes, kept up to date by place, from
// which a round finds every single with a few word operations per unit.
// It is a plain value, so copying it saves a search node, and restoring the
// copy is the search's undo.
type grid struct {
	cell  [Cells]int8   // -1 empty, 0..8 for the digits 1..9
	ban   [Cells]uint16 // candidates excluded by the wide net's partial splits
	unit  [32]uint16    // digits placed in each row, column and box (27 used)
	empty int           // empty cells left
	open  cellSet       // the empty cells

	byDigit [9]cellSet // cells where each digit is a candidate (stale on filled cells: read with open)
	// Per row (column), per digit, the columns (rows) where the digit may
	// go as far as the row (column) itself and the bans tell: read through
	// rowLane and colLane, which also rule out the columns, rows and boxes
	// holding the digit.
	byRow, byCol [9]lanes
	// The digits placed, as lanes: the columns (rows) holding each digit,
	// and per band (stack) the three columns (rows) of the box holding it.
	// They rule out the same columns (rows) in every row of the grid or
	// the band (every column of the grid or the stack).
	inCol, inRow         lanes
	inBoxCols, inBoxRows [3]lanes
}

// newGrid places the clues. It returns false when two clues clash, which a
// parsed puzzle never does but committed cells of diffusion may.
func newGrid(clues *Puzzle) (grid, bool) {
	var g grid
	g.empty = Cells
	for i := range g.cell {
		g.cell[i] = -1
	}
	g.open = cellSet{1<<63 - 1, 1<<18 - 1}
	for d := range g.byDigit {
		g.byDigit[d] = g.open
	}
	for k := range 9 {
		g.byRow[k], g.byCol[k] = lanes{full0, full1}, lanes{full0, full1}
	}
	ok := true
	for i, v := range clues {
		if v >= 0 {
			ok = g.place(i, int(v)) && ok
		}
	}
	return g, ok
}

// candidates returns the digits the empty cell i may still take.
func (g *grid) candidates(i int) uint16 {
	p := &spots[i]
	return ^(g.unit[p.row&31] | g.unit[p.col&31] | g.unit[p.box&31] | g.ban[i]) & all
}

// place writes digit d at the empty cell i and takes d from the candidates
// of its peers. It returns false, placing nothing, when d already stands in
// one of the cell's units or was ruled out.
func (g *grid) place(i, d int) bool {
	p := &spots[i]
	m := uint16(1) << (d & 15)
	if g.cell[i] >= 0 || (g.unit[p.row&31]|g.unit[p.col&31]|g.unit[p.box&31]|g.ban[i])&m != 0 {
		return false
	}
	g.cell[i] = int8(d)
	g.unit[p.row&31] |= m
	g.unit[p.col&31] |= m
	g.unit[p.box&31] |= m
	g.empty--
	g.open[p.word&1] &^= p.bit
	byDigit := &g.byDigit[d]
	byDigit[0] &^= p.peers[0]
	byDigit[1] &^= p.peers[1]
	w, f := laneOf(d)
	f &= 63
	row, col := &g.byRow[p.r], &g.byCol[p.c]
	row[w] &^= 0x1ff << f
	row[0] &^= p.colLanes[0]
	row[1] &^= p.colLanes[1]
	col[w] &^= 0x1ff << f
	col[0] &^= p.rowLanes[0]
	col[1] &^= p.rowLanes[1]
	g.inCol[w] |= p.colLanes[0] & 0x1ff << f
	g.inRow[w] |= p.rowLanes[0] & 0x1ff << f
	g.inBoxCols[p.band][w] |= p.boxCols << f
	g.inBoxRows[p.stack][w] |= p.boxRows << f
	return true
}

// exclude rules the digits ds out at the empty cell i: the wide net's
// partial split.
func (g *grid) exclude(i int, ds uint16) {
	g.ban[i] |= ds
	p := &spots[i]
	r, c := uint(p.r), uint(p.c)
	for ; ds != 0; ds &= ds - 1 {
		d := bits.TrailingZeros16(ds)
		w, f := laneOf(d)
		g.byDigit[d][p.word&1] &^= p.bit
		g.byRow[r][w] &^= 1 << (f + c)
		g.byCol[c][w] &^= 1 << (f + r)
	}
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

// fold3 counts three bit vectors position by position: once has the bits
// set in at least one, twice those set in at least two.
func fold3(a, b, c uint64) (once, twice uint64) {
	return a | b | c, a&b | c&(a|b)
}

// round runs one synchronous round: every empty cell that is a naked single,
// or a hidden single in its row, column or box, as the grid stood at the
// start of the round, is filled at once. Each empty cell's candidate check
// is one unit of work. A cell without candidates or a digit with no place
// left in a unit is a contradiction, found before anything is filled; the
// singles are then filled in reading order, and one that is a single for
// two digits, or whose digit a single earlier in the round already put in
// one of its units, is a contradiction that stops the round there. The
// cells filled are listed in placed, also when a clash stops the round
// halfway, so that a search can report them. When cand is not nil, the
// candidates at the start of the round are left in it for the cells that
// were empty.
//
// This is the loop's hot path, and it has no per-cell loop: the naked
// singles come from counting the per-digit cell sets, the hidden ones from
// folding lanes (see hidden), and only the singles found are visited.
func (g *grid) round(cand *[Cells]uint16, placed *[Cells]uint8) roundResult {
	res := roundResult{status: complete, units: g.empty, branch: -1}
	if g.empty == 0 {
		return res
	}
	if cand != nil {
		for w, s := range g.open {
			for ; s != 0; s &= s - 1 {
				i := 63*w + bits.TrailingZeros64(s)
				cand[i] = g.candidates(i)
			}
		}
	}
	res.status = contradiction
	// Cells by candidate count: in at least one digit's set, in two.
	var one0, one1, two0, two1 uint64
	for d := range g.byDigit {
		x0, x1 := g.byDigit[d][0], g.byDigit[d][1]
		two0 |= one0 & x0
		one0 |= x0
		two1 |= one1 & x1
		one1 |= x1
	}
	open := g.open
	if open[0]&^one0|open[1]&^one1 != 0 {
		return res // an empty cell without candidates
	}
	// hid collects the hidden singles' digits as of the start of the round.
	// A naked single's digit is its only candidate then: what place would
	// find now, unless a single earlier in the round took it, which leaves
	// no candidate and is the same clash place reports.
	var hid [Cells]uint16
	singles := cellSet{open[0] & one0 &^ two0, open[1] & one1 &^ two1}
	if !g.hidden(&hid, &singles) {
		return res
	}
	filled := 0
	for w, s := range singles {
		for ; s != 0; s &= s - 1 {
			i := 63*w + bits.TrailingZeros64(s)
			m := hid[i]
			if m == 0 {
				m = g.candidates(i)
			}
			if m == 0 || m&(m-1) != 0 || !g.place(i, bits.TrailingZeros16(m)) {
				res.filled = filled
				return res
			}
			placed[filled] = uint8(i)
			filled++
		}
	}
	res.filled = filled
	res.status = progress
	if filled == 0 {
		res.status = stalled
		res.branch = g.fewest()
		res.cands = g.candidates(res.branch)
	}
	return res
}

// hidden finds the hidden singles: it adds their cells to singles and their
// digits to hid. It returns false when a digit has no place left in some
// row, column or box.
//
// Folding the nine rows' lanes counts every digit in every column at once;
// the partial folds over each band's three rows, folded again over each
// box's three columns, count the boxes; folding the columns' lanes counts
// the rows. Both lane words go through each pass together.
func (g *grid) hidden(hid *[Cells]uint16, singles *cellSet) bool {
	var boxOne [3]lanes // per band, field d: bit 3s when d has one place in the box in stack s
	in0, in1 := g.inCol[0], g.inCol[1]
	var o0, t0, o1, t1 uint64
	for band := range 3 {
		src := (*[3]lanes)(g.byRow[band*3:])
		box := &g.inBoxCols[band]
		out0, out1 := in0|box[0], in1|box[1]
		bo0, bt0 := fold3(src[0][0]&^out0, src[1][0]&^out0, src[2][0]&^out0)
		bo1, bt1 := fold3(src[0][1]&^out1, src[1][1]&^out1, src[2][1]&^out1)
		xo0, xt0 := fold3(bo0&boxes0, bo0>>1&boxes0, bo0>>2&boxes0)
		xo1, xt1 := fold3(bo1&boxes1, bo1>>1&boxes1, bo1>>2&boxes1)
		xt0 |= (bt0 | bt0>>1 | bt0>>2) & boxes0
		xt1 |= (bt1 | bt1>>1 | bt1>>2) & boxes1
		if ((xo0|box[0]&boxes0)^boxes0)|((xo1|box[1]&boxes1)^boxes1) != 0 {
			return false // a digit with no place in a box
		}
		boxOne[band] = lanes{xo0 &^ xt0, xo1 &^ xt1}
		t0 |= bt0 | o0&bo0
		o0 |= bo0
		t1 |= bt1 | o1&bo1
		o1 |= bo1
	}
	if ((o0|in0)^full0)|((o1|in1)^full1) != 0 {
		return false // a digit with no place in a column
	}
	colOne := lanes{o0 &^ t0, o1 &^ t1}
	o0, t0, o1, t1 = 0, 0, 0, 0
	for stack := range 3 {
		src := (*[3]lanes)(g.byCol[stack*3:])
		box := &g.inBoxRows[stack]
		out0, out1 := g.inRow[0]|box[0], g.inRow[1]|box[1]
		so0, st0 := fold3(src[0][0]&^out0, src[1][0]&^out0, src[2][0]&^out0)
		so1, st1 := fold3(src[0][1]&^out1, src[1][1]&^out1, src[2][1]&^out1)
		t0 |= st0 | o0&so0
		o0 |= so0
		t1 |= st1 | o1&so1
		o1 |= so1
	}
	if ((o0|g.inRow[0])^full0)|((o1|g.inRow[1])^full1) != 0 {
		return false // a digit with no place in a row
	}
	rowOne := lanes{o0 &^ t0, o1 &^ t1}

	// Each bit of colOne, rowOne and boxOne is a digit alone in a unit:
	// find its cell in the lanes across.
	if colOne[0]|colOne[1]|rowOne[0]|rowOne[1]|boxOne[0][0]|boxOne[0][1]|boxOne[1][0]|boxOne[1][1]|boxOne[2][0]|boxOne[2][1] == 0 {
		return true
	}
	for w := range 2 {
		for one := colOne[w]; one != 0; one &= one - 1 {
			pos := uint(bits.TrailingZeros64(one))
			c := int(pos % 9)
			i := bits.TrailingZeros64(g.colLane(c, w)>>(pos-pos%9)&0x1ff)*9 + c
			hid[i] |= 1 << (uint(7*w) + pos/9)
			singles.add(i)
		}
		for one := rowOne[w]; one != 0; one &= one - 1 {
			pos := uint(bits.TrailingZeros64(one))
			r := int(pos % 9)
			i := r*9 + bits.TrailingZeros64(g.rowLane(r, w)>>(pos-pos%9)&0x1ff)
			hid[i] |= 1 << (uint(7*w) + pos/9)
			singles.add(i)
		}
		for band := range boxOne {
			for one := boxOne[band][w]; one != 0; one &= one - 1 {
				pos := uint(bits.TrailingZeros64(one))
				r := band * 3
				for g.rowLane(r, w)>>pos&7 == 0 {
					r++
				}
				i := r*9 + int(pos%9) + bits.TrailingZeros64(g.rowLane(r, w)>>pos&7)
				hid[i] |= 1 << (uint(7*w) + pos/9)
				singles.add(i)
			}
		}
	}
	return true
}

// rowLane returns word w of row r's candidate lanes: per digit, the
// columns where it may go.
func (g *grid) rowLane(r, w int) uint64 {
	return g.byRow[r][w] &^ (g.inCol[w] | g.inBoxCols[uint(r)/3][w])
}

// colLane returns word w of column c's candidate lanes: per digit, the rows
// where it may go.
func (g *grid) colLane(c, w int) uint64 {
	return g.byCol[c][w] &^ (g.inRow[w] | g.inBoxRows[uint(c)/3][w])
}

// fewest returns the empty cell with the fewest candidates, the first such
// in reading order. When a round stalls every empty cell has at least two,
// and usually some has exactly two.
func (g *grid) fewest() int {
	var one0, one1, two0, two1, three0, three1 uint64
	for d := range g.byDigit {
		x0, x1 := g.byDigit[d][0], g.byDigit[d][1]
		three0 |= two0 & x0
		two0 |= one0 & x0
		one0 |= x0
		three1 |= two1 & x1
		two1 |= one1 & x1
		one1 |= x1
	}
	for w, s := range [2]uint64{g.open[0] & two0 &^ three0, g.open[1] & two1 &^ three1} {
		if s != 0 {
			return 63*w + bits.TrailingZeros64(s)
		}
	}
	best, branch := 10, -1
	for w, s := range g.open {
		for ; s != 0; s &= s - 1 {
			i := 63*w + bits.TrailingZeros64(s)
			if n := bits.OnesCount16(g.candidates(i)); n < best {
				best, branch = n, i
			}
		}
	}
	return branch
}
