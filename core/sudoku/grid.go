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

// spot is what place needs to know of a cell, precomputed: its units, as
// indices and as a one in each of their nibbles of a unitCounts, its bit in
// a cellSet and its peers (the cells that share a unit with it, and itself).
type spot struct {
	row, col, box uint8
	word          uint8
	units         unitCounts
	bit           uint64
	peers         cellSet
}

var spots [Cells]spot

// nibbleCells holds each unit's cells, indexed as a unitCounts names the
// unit: by word and by the first bit of its nibble.
var nibbleCells [2][64]cellSet

func init() {
	for i := range Cells {
		r, c := i/9, i%9
		rowOf[i], colOf[i], boxOf[i] = uint8(r), uint8(9+c), uint8(18+r/3*3+c/3)
	}
	for i := range Cells {
		p := &spots[i]
		p.row, p.col, p.box = rowOf[i], colOf[i], boxOf[i]
		p.word, p.bit = uint8(i/63), 1<<(i%63)
		for _, u := range [3]uint8{p.row, p.col, p.box} {
			nibbleCells[u/16][4*(u%16)].add(i)
			p.units[u/16] |= 1 << (4 * (u % 16))
		}
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

// has reports whether cell i is in the set.
func (s *cellSet) has(i int) bool {
	p := &spots[i]
	return s[p.word&1]&p.bit != 0
}

// unitCounts holds a small number per unit, a nibble each: units 0..15 in
// the first word, 16..26 in the second. Adding or subtracting a spot's
// units changes the three units of a cell at once; no nibble ever goes
// below zero or above nine, so nothing carries into its neighbour.
type unitCounts [2]uint64

// Masks of unitCounts: the lowest bit of every nibble in use.
const nibbles0, nibbles1 = 0x1111111111111111, 0x11111111111

// low returns the units whose count is at most one, as the lowest bit of
// their nibbles.
func (n *unitCounts) low() unitCounts {
	x0, x1 := n[0], n[1]
	return unitCounts{
		nibbles0 &^ (x0>>1 | x0>>2 | x0>>3),
		nibbles1 &^ (x1>>1 | x1>>2 | x1>>3),
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
// candidates of every empty cell as masks and per digit as cell sets, and
// per digit and unit the number of empty cells that may take the digit.
// place keeps them up to date and notes the cells left with at most one
// candidate and the digits whose counts fell: singles and dead ends can
// only appear there, so a round looks at those alone instead of the whole
// grid. It is a plain value, so copying it saves a search node, and
// restoring the copy is the search's undo.
type grid struct {
	cell    [Cells]int8   // -1 empty, 0..8 for the digits 1..9
	ban     [Cells]uint16 // candidates excluded by the wide net's partial splits
	cands   [Cells]uint16 // candidates of each empty cell (stale on filled cells)
	byDigit [9]cellSet    // cells where each digit is a candidate (stale on filled cells: read with open)
	count   [9]unitCounts // per digit, the empty cells of each unit that may take it, or 8 where it stands
	open    cellSet       // the empty cells
	empty   int           // empty cells left

	// What changed since the last round began: the cells whose candidates
	// fell to one or none, and the digits whose counts fell. A round reads
	// them as they stand when it starts.
	lowCells cellSet
	dirty    uint16
}

// newGrid places the clues. It returns false when two clues clash, which a
// parsed puzzle never does but committed cells of diffusion may.
func newGrid(clues *Puzzle) (grid, bool) {
	var g grid
	g.empty = Cells
	for i := range g.cell {
		g.cell[i], g.cands[i] = -1, all
	}
	for d := range g.count {
		g.count[d] = unitCounts{9 * nibbles0, 9 * nibbles1}
	}
	g.open = cellSet{1<<63 - 1, 1<<18 - 1}
	for d := range g.byDigit {
		g.byDigit[d] = g.open
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
func (g *grid) candidates(i int) uint16 { return g.cands[i] }

// place writes digit d at the empty cell i and takes d from the candidates
// of its peers. It returns false, placing nothing, when the cell is filled
// or d is no longer a candidate there (it stands in one of the cell's units
// or was ruled out).
func (g *grid) place(i, d int) bool {
	p := &spots[i]
	w := p.word & 1
	d &= 15
	if d >= 9 || g.open[w]&g.byDigit[d][w]&p.bit == 0 {
		return false
	}
	m := uint16(1) << d
	g.cell[i] = int8(d)
	g.empty--
	g.open[w] &^= p.bit
	// The cell leaves its units' counts for its other candidates.
	g.dirty |= g.cands[i]
	for cs := g.cands[i] &^ m; cs != 0; cs &= cs - 1 {
		g.drop(p, bits.TrailingZeros16(cs))
	}
	// Its empty peers lose d.
	byDigit := &g.byDigit[d]
	for w, s := range [2]uint64{byDigit[0] & p.peers[0] & g.open[0], byDigit[1] & p.peers[1] & g.open[1]} {
		for ; s != 0; s &= s - 1 {
			j := 63*w + bits.TrailingZeros64(s)
			c := g.cands[j] &^ m
			g.cands[j] = c
			if c&(c-1) == 0 {
				g.lowCells.add(j)
			}
			g.drop(&spots[j], d)
		}
	}
	byDigit[0] &^= p.peers[0]
	byDigit[1] &^= p.peers[1]
	// The cell's units now count it alone for d, and no cell of theirs
	// will lose d again: 8 marks them as holding d, never low.
	count := &g.count[d]
	count[0] += 7 * p.units[0]
	count[1] += 7 * p.units[1]
	return true
}

// drop takes the cell at p out of its units' counts for digit d. (The
// digit is marked dirty by the caller.)
func (g *grid) drop(p *spot, d int) {
	n := &g.count[d]
	n[0] -= p.units[0]
	n[1] -= p.units[1]
}

// exclude rules the digits ds out at the empty cell i: the wide net's
// partial split.
func (g *grid) exclude(i int, ds uint16) {
	g.ban[i] |= ds
	p := &spots[i]
	ds &= g.cands[i]
	c := g.cands[i] &^ ds
	g.cands[i] = c
	if c&(c-1) == 0 {
		g.lowCells.add(i)
	}
	g.dirty |= ds
	for ; ds != 0; ds &= ds - 1 {
		d := bits.TrailingZeros16(ds)
		g.byDigit[d][p.word&1] &^= p.bit
		g.drop(p, d)
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
// This is the loop's hot path, and it has no per-cell loop: singles and
// dead ends only appear where place noted a cell or a unit running low
// since the last round, so only those are visited. (A round that makes
// progress fills every single, and one that stalls had none; a round that
// meets a contradiction leaves a grid nobody rounds again.)
func (g *grid) round(cand *[Cells]uint16, placed *[Cells]uint8) roundResult {
	res := roundResult{status: complete, units: g.empty, branch: -1}
	if g.empty == 0 {
		return res
	}
	if cand != nil {
		for w, s := range g.open {
			for ; s != 0; s &= s - 1 {
				i := 63*w + bits.TrailingZeros64(s)
				cand[i] = g.cands[i]
			}
		}
	}
	res.status = contradiction
	// Each single's digit as the grid stood at the start of the round: a
	// naked single's only candidate, or the digit it is a hidden single
	// for (the same, when it is both). A cell that is a single for two
	// digits is a clash. place then refuses a digit a single earlier in
	// the round already put in one of the cell's units.
	var singles, clash cellSet
	var digit [Cells]uint8
	low := g.lowCells
	g.lowCells = cellSet{}
	for w, s := range low {
		for s &= g.open[w]; s != 0; s &= s - 1 {
			i := 63*w + bits.TrailingZeros64(s)
			c := g.cands[i]
			if c == 0 {
				return res // an empty cell without candidates
			}
			singles[w] |= 1 << (i - 63*w)
			digit[i] = uint8(bits.TrailingZeros16(c))
		}
	}
	dirty := g.dirty
	g.dirty = 0
	for ; dirty != 0; dirty &= dirty - 1 {
		d := bits.TrailingZeros16(dirty)
		count := &g.count[d]
		low := count.low()
		if low[0]|low[1] == 0 {
			continue
		}
		at := cellSet{g.byDigit[d][0] & g.open[0], g.byDigit[d][1] & g.open[1]}
		for k := range 2 {
			for units := low[k]; units != 0; units &= units - 1 {
				shift := bits.TrailingZeros64(units)
				if count[k]>>shift&15 == 0 {
					return res // a digit with no place in a unit
				}
				cells := &nibbleCells[k][shift]
				w, s := 0, at[0]&cells[0]
				if s == 0 {
					w, s = 1, at[1]&cells[1]
				}
				i := 63*w + bits.TrailingZeros64(s)
				if singles[w]&s != 0 {
					if int(digit[i]) != d {
						clash[w] |= s
					}
					continue
				}
				singles[w] |= s
				digit[i] = uint8(d)
			}
		}
	}
	filled := 0
	for w, s := range singles {
		for ; s != 0; s &= s - 1 {
			b := bits.TrailingZeros64(s)
			i := 63*w + b
			if clash[w]>>b&1 != 0 || !g.place(i, int(digit[i])) {
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
		res.cands = g.cands[res.branch]
	}
	return res
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
			if n := bits.OnesCount16(g.cands[i]); n < best {
				best, branch = n, i
			}
		}
	}
	return branch
}
