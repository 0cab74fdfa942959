package sudoku

import "math/bits"

// all is the candidate mask with every digit possible: bit d stands for the
// digit d+1.
const all = 0x1ff

// Cells is the number of cells of the 9×9 grid.
const Cells = 81

// spot is what place needs to know of a cell, precomputed: its row and
// column, its band and stack (0..2), its row's and column's place in the
// packed lanes of the last two digits (see grid), its bit in a cellSet,
// its peers (the cells that share a unit with it, and itself), and the
// masks place clears or sets in the lanes.
type spot struct {
	r, c, band, stack uint8
	r3, c3            uint8 // row and column modulo 3: which packed lane word
	word              uint8
	bit               uint64
	peers             cellSet
	// Bit c (r) of every field: the cell in its row's (column's) lanes,
	// for the first seven digits and, in every group, for the last two.
	colAll0, rowAll0, colAll2, rowAll2 uint64
	// The group of the packed lane words that holds the cell's row
	// (column).
	rowGroup, colGroup uint64
	// The box's three columns (rows) in every field, as the lanes of
	// placed digits hold them: the first seven digits, then the last two
	// in the row's (column's) group.
	boxCols0, boxRows0, boxCols2, boxRows2 uint64
}

var spots [Cells]spot

func init() {
	for i := range Cells {
		p := &spots[i]
		r, c := uint(i/9), uint(i%9)
		p.r, p.c, p.band, p.stack = uint8(r), uint8(c), uint8(r/3), uint8(c/3)
		p.r3, p.c3 = uint8(r%3), uint8(c%3)
		p.word, p.bit = uint8(i/63), 1<<(i%63)
		p.colAll0, p.rowAll0 = first0<<c, first0<<r
		p.colAll2, p.rowAll2 = first1<<c*rep3, first1<<r*rep3
		p.rowGroup, p.colGroup = full1<<(18*(r/3)), full1<<(18*(c/3))
		p.boxCols0, p.boxRows0 = 7<<(c/3*3)*first0, 7<<(r/3*3)*first0
		p.boxCols2 = 7 << (c / 3 * 3) * first1 * rep3 & p.rowGroup
		p.boxRows2 = 7 << (r / 3 * 3) * first1 * rep3 & p.colGroup
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

// A lane holds 9-bit fields, one per digit: a row's lane says, per digit,
// in which columns it may go; a column's lane, in which rows. Folding the
// nine rows' lanes counts every digit in every column at once, and
// likewise for rows and boxes. The first seven digits fill one word a row
// (digit d at bit 9d). The last two take 18 bits a row, so three rows
// share a word: rows k, k+3 and k+6 in word k, one row of each band, in
// groups of 18 bits at 0, 18 and 36. Folding those three words counts the
// two digits in the columns of all three bands at once.

// digitField gives each digit its field in a lane: in the first word, or
// in every group of the packed words, and zero in the other.
var digitField [9]struct{ first, last uint64 }

func init() {
	for d := range 9 {
		if d < 7 {
			digitField[d].first = 0x1ff << (9 * d)
		} else {
			digitField[d].last = 0x1ff << (9 * (d - 7)) * rep3
		}
	}
}

// Masks over the used part of the lane words: every field full, the bit 0
// of every field, and the bits 0, 3 and 6 of every field (the first column
// of each box's three), for the first seven digits (0) and for a group of
// the last two (1); rep3 copies a group to all three.
const (
	full0, full1   = 1<<63 - 1, 1<<18 - 1
	first0, first1 = 0x0040201008040201, 0x201
	boxes0, boxes1 = first0 * 0x49, first1 * 0x49
	rep3           = 1 | 1<<18 | 1<<36
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
	// Per row (column), per digit, the columns (rows) where the digit may
	// go as far as the row (column) itself and the bans tell: candidates
	// and hidden also rule out the columns (rows) and boxes holding the
	// digit.
	// The first seven digits take a word a row (column), the last two are
	// packed (see digitField).
	byRow, byCol     [9]uint64
	byRows2, byCols2 [3]uint64
	// The digits placed, as lanes: the columns (rows) holding each digit,
	// and per band (stack) the three columns (rows) of the box holding it.
	// They rule out the same columns (rows) in every row of the grid or
	// the band (every column of the grid or the stack). For the last two
	// digits one word holds all: a column (row) in every group, a box in
	// its band's (stack's) group.
	inCol, inRow         uint64
	inBoxCols, inBoxRows [3]uint64
	inCol2, inRow2       uint64
	inBoxCols2           uint64
	inBoxRows2           uint64
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
		g.byRow[k], g.byCol[k] = full0, full0
	}
	for k := range 3 {
		g.byRows2[k], g.byCols2[k] = full1*rep3, full1*rep3
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
// every digit's field in its row's lanes, with the columns and the box
// holding the digit ruled out. One multiplication gathers the seven fields
// of the first word (bit 9d moves to 54+d; every partial product lands on
// a bit of its own, so nothing carries).
func (g *grid) candidates(i int) uint16 {
	p := &spots[i]
	c := uint(p.c)
	lo := (g.byRow[p.r] &^ (g.inCol | g.inBoxCols[p.band])) >> c & first0
	hi := (g.byRows2[p.r3] &^ (g.inCol2 | g.inBoxCols2)) >> (18*uint(p.band) + c) & first1
	return uint16(lo*gather>>54&0x7f | (hi|hi>>8)&3<<7)
}

// gather moves bit 9d to bit 54+d for d = 0..6: see candidates.
const gather = 1<<54 | 1<<46 | 1<<38 | 1<<30 | 1<<22 | 1<<14 | 1<<6

// place writes digit d at the empty cell i and takes d from the candidates
// of its peers. It returns false, placing nothing, when the cell is filled,
// d already stands in one of the cell's units or d was ruled out there.
// Every lane update is written for both words; the digit's field is zero
// in the word that does not hold it.
func (g *grid) place(i, d int) bool {
	p := &spots[i]
	byDigit := &g.byDigit[d]
	w := p.word & 1
	if byDigit[w]&g.open[w]&p.bit == 0 {
		return false // filled, or d is not a candidate there
	}
	field := &digitField[d]
	f0, f2 := field.first, field.last
	r, c := p.r, p.c
	g.cell[i] = int8(d)
	g.empty--
	g.open[w] &^= p.bit
	byDigit[0] &^= p.peers[0]
	byDigit[1] &^= p.peers[1]
	g.byRow[r] &^= f0 | p.colAll0
	g.byCol[c] &^= f0 | p.rowAll0
	g.byRows2[p.r3] &^= (f2 | p.colAll2) & p.rowGroup
	g.byCols2[p.c3] &^= (f2 | p.rowAll2) & p.colGroup
	g.inCol |= f0 & p.colAll0
	g.inRow |= f0 & p.rowAll0
	g.inBoxCols[p.band] |= f0 & p.boxCols0
	g.inBoxRows[p.stack] |= f0 & p.boxRows0
	g.inCol2 |= f2 & p.colAll2
	g.inRow2 |= f2 & p.rowAll2
	g.inBoxCols2 |= f2 & p.boxCols2
	g.inBoxRows2 |= f2 & p.boxRows2
	return true
}

// exclude rules the digits ds out at the empty cell i: the wide net's
// partial split.
func (g *grid) exclude(i int, ds uint16) {
	p := &spots[i]
	for ; ds != 0; ds &= ds - 1 {
		d := bits.TrailingZeros16(ds)
		field := &digitField[d]
		g.byDigit[d][p.word&1] &^= p.bit
		g.byRow[p.r] &^= field.first & p.colAll0
		g.byCol[p.c] &^= field.first & p.rowAll0
		g.byRows2[p.r3] &^= field.last & p.colAll2 & p.rowGroup
		g.byCols2[p.c3] &^= field.last & p.rowAll2 & p.colGroup
	}
}

// roundResult reports one round: its status, the cells it checked (the
// units of work: every empty cell) and the cells it filled.
type roundResult struct {
	status status
	units  int
	filled int
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
	res := roundResult{status: complete, units: g.empty}
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
	b := &g.byDigit
	one0, two0 := count9(b[0][0], b[1][0], b[2][0], b[3][0], b[4][0], b[5][0], b[6][0], b[7][0], b[8][0])
	one1, two1 := count9(b[0][1], b[1][1], b[2][1], b[3][1], b[4][1], b[5][1], b[6][1], b[7][1], b[8][1])
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
	}
	return res
}

// count9 counts nine bit vectors position by position: once has the bits
// set in at least one, twice those set in at least two. Three folds of
// three, then one of those.
func count9(a0, a1, a2, a3, a4, a5, a6, a7, a8 uint64) (once, twice uint64) {
	o0, t0 := fold3(a0, a1, a2)
	o1, t1 := fold3(a3, a4, a5)
	o2, t2 := fold3(a6, a7, a8)
	once, twice = fold3(o0, o1, o2)
	return once, twice | t0 | t1 | t2
}

// hidden finds the hidden singles: it adds their cells to singles and their
// digits to hid. It returns false when a digit has no place left in some
// row, column or box.
//
// Folding the nine rows' lanes counts every digit in every column at once;
// the partial folds over each band's three rows, folded again over each
// box's three columns, count the boxes; folding the columns' lanes counts
// the rows. The first seven digits are folded a band at a time, which
// keeps the folds in registers; the last two, packed, all bands at once.
func (g *grid) hidden(hid *[Cells]uint16, singles *cellSet) bool {
	// The first seven digits. A box's bit is at 3×stack+band of the
	// digit's field.
	rows, cols, inCol, inRow := &g.byRow, &g.byCol, g.inCol, g.inRow
	o0, t0, one0, lost0 := band(rows[0], rows[1], rows[2], inCol, g.inBoxCols[0], boxes0)
	o1, t1, one1, lost1 := band(rows[3], rows[4], rows[5], inCol, g.inBoxCols[1], boxes0)
	o2, t2, one2, lost2 := band(rows[6], rows[7], rows[8], inCol, g.inBoxCols[2], boxes0)
	colOnce, colTwice := fold3(o0, o1, o2)
	colTwice |= t0 | t1 | t2
	o0, t0 = fold3(cols[0]&^(inRow|g.inBoxRows[0]), cols[1]&^(inRow|g.inBoxRows[0]), cols[2]&^(inRow|g.inBoxRows[0]))
	o1, t1 = fold3(cols[3]&^(inRow|g.inBoxRows[1]), cols[4]&^(inRow|g.inBoxRows[1]), cols[5]&^(inRow|g.inBoxRows[1]))
	o2, t2 = fold3(cols[6]&^(inRow|g.inBoxRows[2]), cols[7]&^(inRow|g.inBoxRows[2]), cols[8]&^(inRow|g.inBoxRows[2]))
	rowOnce, rowTwice := fold3(o0, o1, o2)
	rowTwice |= t0 | t1 | t2
	if lost0|lost1|lost2|((colOnce|inCol)^full0)|((rowOnce|inRow)^full0) != 0 {
		return false // a digit with no place in a box, a column or a row
	}
	g.extract(0, colOnce&^colTwice, rowOnce&^rowTwice, one0|one1<<1|one2<<2, hid, singles)

	// The last two digits: each group is a band (stack), so one fold of the
	// three words counts the columns (rows) of every band (stack) at once.
	rows2, cols2 := &g.byRows2, &g.byCols2
	o, t, one, lost := band(rows2[0], rows2[1], rows2[2], g.inCol2, g.inBoxCols2, boxes1*rep3)
	colOnce, colTwice = fold3(o&full1, o>>18&full1, o>>36)
	colTwice |= (t | t>>18 | t>>36) & full1
	out := g.inRow2 | g.inBoxRows2
	o, t = fold3(cols2[0]&^out, cols2[1]&^out, cols2[2]&^out)
	rowOnce, rowTwice = fold3(o&full1, o>>18&full1, o>>36)
	rowTwice |= (t | t>>18 | t>>36) & full1
	if lost|((colOnce|g.inCol2&full1)^full1)|((rowOnce|g.inRow2&full1)^full1) != 0 {
		return false
	}
	g.extract(1, colOnce&^colTwice, rowOnce&^rowTwice, one&full1|one>>17&(full1<<1)|one>>34&(full1<<2), hid, singles)
	return true
}

// extract finds the cells of the hidden singles of lane word w (0 for the
// first seven digits, 1 for the last two): each bit of colOne, rowOne and
// boxOne is a digit alone in a column, a row or a box (at 3×stack+band of
// its field), and its cell is the one place the digit's cell set has left
// in that unit.
func (g *grid) extract(w int, colOne, rowOne, boxOne uint64, hid *[Cells]uint16, singles *cellSet) {
	digit0 := uint(7 * w)
	var lo, hi uint64
	for ; colOne != 0; colOne &= colOne - 1 {
		pos := uint(bits.TrailingZeros64(colOne))
		f := div9(pos)
		l, h := g.single(9+pos-9*f, digit0+f, hid)
		lo, hi = lo|l, hi|h
	}
	for ; rowOne != 0; rowOne &= rowOne - 1 {
		pos := uint(bits.TrailingZeros64(rowOne))
		f := div9(pos)
		l, h := g.single(pos-9*f, digit0+f, hid)
		lo, hi = lo|l, hi|h
	}
	for ; boxOne != 0; boxOne &= boxOne - 1 {
		pos := uint(bits.TrailingZeros64(boxOne))
		f := div9(pos)
		q := pos - 9*f // 3×stack+band
		stack := div3(q)
		l, h := g.single(18+3*(q-3*stack)+stack, digit0+f, hid)
		lo, hi = lo|l, hi|h
	}
	singles[0] |= lo
	singles[1] |= hi
}

// single records that digit d has one place left in unit u (rows 0..8,
// columns 9..17, boxes 18..26): that cell is a hidden single. It returns
// the cell's bit as the two words of a cellSet (one of them is zero).
func (g *grid) single(u, d uint, hid *[Cells]uint16) (lo, hi uint64) {
	unit, cands := &unitCells[u], &g.byDigit[d]
	lo, hi = cands[0]&unit[0]&g.open[0], cands[1]&unit[1]&g.open[1]
	i := bits.TrailingZeros64(lo)
	if lo == 0 {
		i = 63 + bits.TrailingZeros64(hi)
	}
	hid[i] |= 1 << (d & 15)
	return lo, hi
}

// unitCells holds the cells of each unit: rows 0..8, columns 9..17 and
// boxes 18..26.
var unitCells [27]cellSet

func init() {
	for i := range Cells {
		p := &spots[i]
		for _, u := range [3]uint8{p.r, 9 + p.c, 18 + 3*p.band + p.stack} {
			unitCells[u].add(i)
		}
	}
}

// div9 divides a bit's place in a lane word (below 64) by 9, and div3 a
// number below 9 by 3, with a multiplication and a shift: the compiler's
// general division by a constant costs several times more in the hot path.
func div9(x uint) uint { return x * 57 >> 9 }

func div3(x uint) uint { return x * 11 >> 5 }

// band folds three row lanes after ruling out inCol and inBox: once and
// twice count each digit in each column, boxOne marks the digits alone in
// a box (at the box's first column) and lost the digits with no place left
// in a box that does not hold them. The three rows are a band's, or the
// packed words of the last two digits, whose groups are the three bands.
func band(a, b, c, inCol, inBox, boxes uint64) (once, twice, boxOne, lost uint64) {
	out := inCol | inBox
	once, twice = fold3(a&^out, b&^out, c&^out)
	xo, xt := fold3(once&boxes, once>>1&boxes, once>>2&boxes)
	xt |= (twice | twice>>1 | twice>>2) & boxes
	return once, twice, xo &^ xt, (xo | inBox&boxes) ^ boxes
}

// fewestCells returns the empty cells with the fewest candidates. After a
// stalled round every empty cell has at least two, and usually some have
// exactly two: counting the digits' cell sets finds those at once.
func (g *grid) fewestCells() cellSet {
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
	if pairs := (cellSet{g.open[0] & two0 &^ three0, g.open[1] & two1 &^ three1}); pairs != (cellSet{}) {
		return pairs
	}
	var least cellSet
	best := 10
	for w, s := range g.open {
		for ; s != 0; s &= s - 1 {
			i := 63*w + bits.TrailingZeros64(s)
			n := bits.OnesCount16(g.candidates(i))
			if n < best {
				best, least = n, cellSet{}
			}
			if n == best {
				least.add(i)
			}
		}
	}
	return least
}

// fewest returns the empty cell with the fewest candidates, the first such
// in reading order: where the wide net branches.
func (g *grid) fewest() int {
	s := g.fewestCells()
	if s[0] != 0 {
		return bits.TrailingZeros64(s[0])
	}
	return 63 + bits.TrailingZeros64(s[1])
}

// mostConstraining returns, among the empty cells with the fewest
// candidates, the one with the most empty peers, the first in reading order
// on ties: where the loop branches. Each of its digits takes candidates from
// the most cells, so a wrong guess meets its contradiction sooner. This
// degree tie-break, with leastConstraining, cuts the loop's guesses on the
// extreme set from about 180 (the first such cell in reading order, the
// lowest digit first) to about 107.
func (g *grid) mostConstraining() int {
	best, branch := -1, -1
	for w, s := range g.fewestCells() {
		for ; s != 0; s &= s - 1 {
			i := 63*w + bits.TrailingZeros64(s)
			peers := &spots[i].peers
			if n := bits.OnesCount64(peers[0]&g.open[0]) + bits.OnesCount64(peers[1]&g.open[1]); n > best {
				best, branch = n, i
			}
		}
	}
	return branch
}

// leastConstraining returns the digit of ds, the digits left to try at the
// empty cell i, that the fewest empty peers could also take, the lowest on
// ties: the loop tries it first. It takes the fewest candidates away, so it
// is the likeliest to lead on to the solution (the classic
// least-constraining-value order).
func (g *grid) leastConstraining(i int, ds uint16) int {
	peers := &spots[i].peers
	best, digit := Cells+1, -1
	for ; ds != 0; ds &= ds - 1 {
		d := bits.TrailingZeros16(ds)
		c := &g.byDigit[d]
		if n := bits.OnesCount64(c[0]&peers[0]&g.open[0]) + bits.OnesCount64(c[1]&peers[1]&g.open[1]); n < best {
			best, digit = n, d
		}
	}
	return digit
}
