package sudoku

import "math/bits"

// all is the candidate mask with every digit possible: bit d stands for the
// digit d+1.
const all = 0x1ff

// Cells is the number of cells of the 9×9 grid.
const Cells = 81

// spot is what place needs to know of a cell, precomputed: its row and
// column, its band and stack (0..2), its bit in a cellSet, its peers (the
// cells that share a unit with it, and itself), its column's and row's bit
// in every field of a lane, and its box's three columns and rows in a field.
type spot struct {
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
		p := &spots[i]
		p.r, p.c, p.band, p.stack = uint8(i/9), uint8(i%9), uint8(i/27), uint8(i%9/3)
		p.word, p.bit = uint8(i/63), 1<<(i%63)
		r, c := uint(i/9), uint(i%9)
		p.colLanes, p.rowLanes = lanes{first0 << c, first1 << c}, lanes{first0 << r, first1 << r}
		p.boxCols, p.boxRows = 7<<(c/3*3), 7<<(r/3*3)
	}
	for i := range Cells {
		p := &spots[i]
		for j := range Cells {
			q := &spots[j]
			if p.r == q.r || p.c == q.c || p.band == q.band && p.stack == q.stack {
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

// grid is the bitmask state both machines work on: a digit per cell and
// the candidates left as sets and lanes, kept up to date by place and
// exclude, from which a round finds every single with a few word
// operations per unit. It is a plain value, so copying it saves a search
// node, and restoring the copy is the search's undo.
type grid struct {
	cell  [Cells]int8 // -1 empty, 0..8 for the digits 1..9
	empty int         // empty cells left
	open  cellSet     // the empty cells

	byDigit [9]cellSet // cells where each digit is a candidate (stale on filled cells: read with open)
	// The lanes are kept word by word (the first index is the lane word),
	// so that a pass over one word reads fixed places.
	//
	// Per row (column), per digit, the columns (rows) where the digit may
	// go as far as the row (column) itself and the bans tell: read through
	// rowLane and colLane, which also rule out the columns, rows and boxes
	// holding the digit.
	byRow, byCol [2][9]uint64
	// The digits placed, as lanes: the columns (rows) holding each digit,
	// and per band (stack) the three columns (rows) of the box holding it.
	// They rule out the same columns (rows) in every row of the grid or
	// the band (every column of the grid or the stack).
	inCol, inRow         lanes
	inBoxCols, inBoxRows [2][3]uint64
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
		g.byRow[0][k], g.byRow[1][k] = full0, full1
		g.byCol[0][k], g.byCol[1][k] = full0, full1
	}
	ok := true
	for i, v := range clues {
		if v >= 0 {
			ok = g.place(i, int(v)) && ok
		}
	}
	return g, ok
}

// candidates returns the digits the empty cell i may still take: bit c of
// every digit's field in its row's lanes. One multiplication gathers the
// seven fields of the first word (bit 9d moves to 54+d; every partial
// product lands on a bit of its own, so nothing carries).
func (g *grid) candidates(i int) uint16 {
	p := &spots[i]
	r, c := uint(p.r), uint(p.c)
	lo := g.rowLane(r, 0) >> c & first0
	hi := g.rowLane(r, 1) >> c & first1
	return uint16(lo*gather>>54&0x7f | (hi|hi>>8)&3<<7)
}

// gather moves bit 9d to bit 54+d for d = 0..6: see candidates.
const gather = 1<<54 | 1<<46 | 1<<38 | 1<<30 | 1<<22 | 1<<14 | 1<<6

// place writes digit d at the empty cell i and takes d from the candidates
// of its peers. It returns false, placing nothing, when the cell is filled,
// d already stands in one of the cell's units or d was ruled out there.
func (g *grid) place(i, d int) bool {
	p := &spots[i]
	w, f := laneOf(d)
	w &= 1
	f &= 63
	r, c := p.r, p.c
	if (g.byRow[w][r]&^(g.inCol[w]|g.inBoxCols[w][p.band]))>>(f+uint(c))&1 == 0 {
		return false // not a candidate: the row's lane as rowLane reads it
	}
	g.cell[i] = int8(d)
	g.empty--
	g.open[p.word&1] &^= p.bit
	byDigit := &g.byDigit[d]
	byDigit[0] &^= p.peers[0]
	byDigit[1] &^= p.peers[1]
	g.byRow[w][r] &^= 0x1ff << f
	g.byRow[0][r] &^= p.colLanes[0]
	g.byRow[1][r] &^= p.colLanes[1]
	g.byCol[w][c] &^= 0x1ff << f
	g.byCol[0][c] &^= p.rowLanes[0]
	g.byCol[1][c] &^= p.rowLanes[1]
	g.inCol[w] |= p.colLanes[0] & 0x1ff << f
	g.inRow[w] |= p.rowLanes[0] & 0x1ff << f
	g.inBoxCols[w][p.band] |= p.boxCols << f
	g.inBoxRows[w][p.stack] |= p.boxRows << f
	return true
}

// exclude rules the digits ds out at the empty cell i: the wide net's
// partial split.
func (g *grid) exclude(i int, ds uint16) {
	p := &spots[i]
	r, c := uint(p.r), uint(p.c)
	for ; ds != 0; ds &= ds - 1 {
		d := bits.TrailingZeros16(ds)
		w, f := laneOf(d)
		g.byDigit[d][p.word&1] &^= p.bit
		g.byRow[w&1][r%9] &^= 1 << (f + c)
		g.byCol[w&1][c%9] &^= 1 << (f + r)
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
// row, column or box. It works one lane word at a time (digits 1..7, then
// 8 and 9), which keeps the folds in registers.
func (g *grid) hidden(hid *[Cells]uint16, singles *cellSet) bool {
	return g.hiddenIn(0, full0, boxes0, hid, singles) && g.hiddenIn(1, full1, boxes1, hid, singles)
}

// hiddenIn finds the hidden singles of the digits in lane word w, whose
// used bits are full and whose boxes' first columns are boxes.
//
// Folding the nine rows' lanes counts every digit in every column at once;
// the partial folds over each band's three rows, folded again over each
// box's three columns, count the boxes; folding the columns' lanes counts
// the rows.
func (g *grid) hiddenIn(w int, full, boxes uint64, hid *[Cells]uint16, singles *cellSet) bool {
	w &= 1
	rows, cols, inCol, inRow := &g.byRow[w], &g.byCol[w], g.inCol[w], g.inRow[w]
	boxCols, boxRows := &g.inBoxCols[w], &g.inBoxRows[w]
	o0, t0, one0, lost0 := band(rows[0], rows[1], rows[2], inCol, boxCols[0], boxes)
	o1, t1, one1, lost1 := band(rows[3], rows[4], rows[5], inCol, boxCols[1], boxes)
	o2, t2, one2, lost2 := band(rows[6], rows[7], rows[8], inCol, boxCols[2], boxes)
	colOnce, colTwice := fold3(o0, o1, o2)
	colTwice |= t0 | t1 | t2
	o0, t0 = fold3(cols[0]&^(inRow|boxRows[0]), cols[1]&^(inRow|boxRows[0]), cols[2]&^(inRow|boxRows[0]))
	o1, t1 = fold3(cols[3]&^(inRow|boxRows[1]), cols[4]&^(inRow|boxRows[1]), cols[5]&^(inRow|boxRows[1]))
	o2, t2 = fold3(cols[6]&^(inRow|boxRows[2]), cols[7]&^(inRow|boxRows[2]), cols[8]&^(inRow|boxRows[2]))
	rowOnce, rowTwice := fold3(o0, o1, o2)
	rowTwice |= t0 | t1 | t2
	if lost0|lost1|lost2|((colOnce|inCol)^full)|((rowOnce|inRow)^full) != 0 {
		return false // a digit with no place in a box, a column or a row
	}

	// Each bit of colOne, rowOne and boxOne is a digit alone in a unit:
	// find its cell in the lanes across.
	digit0 := uint(7 * w)
	for one := colOnce &^ colTwice; one != 0; one &= one - 1 {
		pos := uint(bits.TrailingZeros64(one))
		c := pos % 9
		i := bits.TrailingZeros64(g.colLane(c, w)>>(pos-c)&0x1ff)*9 + int(c)
		hid[i] |= 1 << (digit0 + pos/9)
		singles.add(i)
	}
	for one := rowOnce &^ rowTwice; one != 0; one &= one - 1 {
		pos := uint(bits.TrailingZeros64(one))
		r := pos % 9
		i := int(r)*9 + bits.TrailingZeros64(g.rowLane(r, w)>>(pos-r)&0x1ff)
		hid[i] |= 1 << (digit0 + pos/9)
		singles.add(i)
	}
	// A box's bit is at 3×stack+band of the digit's field.
	for one := one0 | one1<<1 | one2<<2; one != 0; one &= one - 1 {
		pos := uint(bits.TrailingZeros64(one))
		q := pos % 9
		r, field := q%3*3, pos-q+q/3*3
		// The digit's places in the box's three rows, as nine bits:
		// exactly one is set.
		at := g.rowLane(r, w)>>field&7 | g.rowLane(r+1, w)>>field&7<<3 | g.rowLane(r+2, w)>>field&7<<6
		k := uint(bits.TrailingZeros64(at))
		i := int(r+k/3)*9 + int(q/3*3+k%3)
		hid[i] |= 1 << (digit0 + pos/9)
		singles.add(i)
	}
	return true
}

// band folds one band's three row lanes (one word of them) after ruling
// out out: once and twice count each digit in each column of the band,
// boxOne marks the digits alone in a box (at the box's first column) and
// lost the digits with no place left in a box that does not hold them.
// boxOne's bit for the box in stack s is at 3s of the digit's field.
func band(a, b, c, inCol, inBox, boxes uint64) (once, twice, boxOne, lost uint64) {
	out := inCol | inBox
	once, twice = fold3(a&^out, b&^out, c&^out)
	xo, xt := fold3(once&boxes, once>>1&boxes, once>>2&boxes)
	xt |= (twice | twice>>1 | twice>>2) & boxes
	return once, twice, xo &^ xt, (xo | inBox&boxes) ^ boxes
}

// rowLane returns word w of row r's candidate lanes: per digit, the
// columns where it may go.
func (g *grid) rowLane(r uint, w int) uint64 {
	return g.byRow[w&1][r] &^ (g.inCol[w&1] | g.inBoxCols[w&1][r/3])
}

// colLane returns word w of column c's candidate lanes: per digit, the rows
// where it may go.
func (g *grid) colLane(c uint, w int) uint64 {
	return g.byCol[w&1][c] &^ (g.inRow[w&1] | g.inBoxRows[w&1][c/3])
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
