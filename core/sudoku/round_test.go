package sudoku

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// plainRound is the round's specification written out cell by cell, with
// no bitmasks and nothing kept between rounds: the oracle the fast kernel is
// checked against. It returns the status, the cells filled in the order
// they were filled, the grid after the round, and when stalled the branch
// cell and its candidates.
func plainRound(cells [Cells]int8, ban [Cells]uint16) (st status, filled []int, after [Cells]int8, branch int, cands uint16) {
	after, branch = cells, -1
	unitsOf := func(i int) [3]int { return [3]int{i / 9, 9 + i%9, 18 + i/27*3 + i%9/3} }
	empty := 0
	for _, v := range cells {
		if v < 0 {
			empty++
		}
	}
	if empty == 0 {
		return complete, nil, after, branch, 0
	}
	// present[u][d]: digit d stands in unit u.
	var present [27][9]bool
	for u := range 27 {
		for k := range 9 {
			if w := cells[unitCell(u, k)]; w >= 0 {
				present[u][w] = true
			}
		}
	}
	// can[i][d]: the empty cell i may take digit d at the start of the round.
	var can [Cells][9]bool
	for i, v := range cells {
		us := unitsOf(i)
		for d := range 9 {
			can[i][d] = v < 0 && !present[us[0]][d] && !present[us[1]][d] && !present[us[2]][d] && ban[i]&(1<<d) == 0
		}
	}
	// places[u][d]: the cells of unit u that may take digit d.
	var places [27][9]int
	for u := range 27 {
		for k := range 9 {
			for d, ok := range can[unitCell(u, k)] {
				if ok {
					places[u][d]++
				}
			}
		}
		for d := range 9 {
			if !present[u][d] && places[u][d] == 0 {
				return contradiction, nil, after, branch, 0
			}
		}
	}
	count := func(i int) (n int, mask uint16) {
		for d := range 9 {
			if can[i][d] {
				n++
				mask |= 1 << d
			}
		}
		return n, mask
	}
	for i, v := range cells {
		if n, _ := count(i); v < 0 && n == 0 {
			return contradiction, nil, after, branch, 0
		}
	}
	for i, v := range cells {
		if v >= 0 {
			continue
		}
		var digits []int
		n, _ := count(i)
		for d := range 9 {
			if !can[i][d] {
				continue
			}
			hidden := false
			for _, u := range unitsOf(i) {
				hidden = hidden || places[u][d] == 1
			}
			if n == 1 || hidden {
				digits = append(digits, d)
			}
		}
		switch {
		case len(digits) == 0:
			continue
		case len(digits) > 1:
			return contradiction, filled, after, branch, 0
		}
		for _, u := range unitsOf(i) {
			for k := range 9 {
				if after[unitCell(u, k)] == int8(digits[0]) {
					return contradiction, filled, after, branch, 0
				}
			}
		}
		after[i] = int8(digits[0])
		filled = append(filled, i)
	}
	if len(filled) > 0 {
		return progress, filled, after, branch, 0
	}
	best := 10
	for i, v := range cells {
		if n, mask := count(i); v < 0 && n < best {
			best, branch, cands = n, i, mask
		}
	}
	return stalled, nil, after, branch, cands
}

// checkRound runs the kernel's round on a copy of g and compares it with
// the oracle: status, units, cells filled and their order, the grid after,
// the branch, and the candidates left for the wide net.
func checkRound(t *testing.T, g grid, ban *[Cells]uint16, what string) (status, int) {
	t.Helper()
	st, filled, after, branch, cands := plainRound(g.cell, *ban)
	var cand [Cells]uint16
	var placed [Cells]uint8
	empty := g.empty
	r := g.round(&cand, &placed)
	got := make([]int, r.filled)
	for k := range got {
		got[k] = int(placed[k])
	}
	if r.status != st || !slices.Equal(got, filled) || g.cell != after || r.units != empty {
		t.Fatalf("%s: round gave status %d, filled %v, units %d; the plain round status %d, filled %v, units %d",
			what, r.status, got, r.units, st, filled, empty)
	}
	if b := g.fewest(); st == stalled && (b != branch || g.candidates(b) != cands) {
		t.Fatalf("%s: branch %d %09b, want %d %09b", what, b, g.candidates(b), branch, cands)
	}
	if st == contradiction && len(filled) == 0 || st == complete {
		return st, len(filled)
	}
	// The wide net reads the candidates as they stood at the start of the round.
	again := plainCands(after, filled, *ban)
	for i, v := range after {
		if v < 0 || slices.Contains(filled, i) {
			if cand[i] != again[i] {
				t.Fatalf("%s: cell %d candidates %09b, want %09b", what, i, cand[i], again[i])
			}
		}
	}
	return st, len(filled)
}

// plainCands returns the candidates of every cell as they stood before the
// cells in filled were filled.
func plainCands(cells [Cells]int8, filled []int, ban [Cells]uint16) [Cells]uint16 {
	for _, i := range filled {
		cells[i] = -1
	}
	var out [Cells]uint16
	for i, v := range cells {
		if v >= 0 {
			continue
		}
		m := uint16(all) &^ ban[i]
		for _, u := range [3]int{i / 9, 9 + i%9, 18 + i/27*3 + i%9/3} {
			for k := range 9 {
				if w := cells[unitCell(u, k)]; w >= 0 {
					m &^= 1 << w
				}
			}
		}
		out[i] = m
	}
	return out
}

// TestRoundMatchesPlainRound checks the round kernel against plainRound on
// every state the loop's search meets on the bundled sets (every sixteenth
// puzzle of the three harder sets, to keep the test fast), guesses and
// backtracks included, and on the same states with candidates ruled out at
// random, as the wide net's partial splits do.
func TestRoundMatchesPlainRound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	rounds, banned := 0, 0
	var noBan [Cells]uint16
	// seen counts the rounds by status, and contradictions found after
	// some cells were filled under the key partial.
	seen := map[status]int{}
	const partial = status(255)
	count := func(st status, filled int) {
		seen[st]++
		if st == contradiction && filled > 0 {
			seen[partial]++
		}
	}
	for _, set := range SetNames() {
		step := 16
		if set == "easy" {
			step = 1
		}
		for k, in := range bare(t, set) {
			if k%step != 0 {
				continue
			}
			s := new(search)
			g, _ := newGrid(&in.puzzle)
			s.start(g)
			for !s.done() {
				if s.phase == propagating {
					count(checkRound(t, s.g, &noBan, set))
					rounds++
					if g := s.g; g.empty > 0 && rng.IntN(4) == 0 {
						i := rng.IntN(Cells)
						for g.cell[i] >= 0 {
							i = (i + 1) % Cells
						}
						var ban [Cells]uint16
						ban[i] = uint16(rng.IntN(all + 1))
						g.exclude(i, ban[i])
						count(checkRound(t, g, &ban, set+" with a ban"))
						banned++
					}
				}
				s.step()
			}
		}
	}
	t.Logf("%d rounds, %d with a ban; by status: %v", rounds, banned, seen)
	for _, st := range []status{progress, stalled, contradiction, partial} {
		if seen[st] == 0 {
			t.Fatalf("no round of status %d among the states: %v", st, seen)
		}
	}
}

// FuzzRound checks the round kernel against plainRound on grids built from
// arbitrary bytes: byte i's digit (1..9, anything else a blank) goes into
// cell i where the rules allow it, and three more bytes rule digits out at
// one empty cell, as the wide net's partial splits do. The seeds are the
// first puzzle of each bundled set, with and without a ban.
func FuzzRound(f *testing.F) {
	for _, set := range SetNames() {
		for _, in := range bare(f, set)[:1] {
			p := in.Puzzle()
			seed := make([]byte, Cells, Cells+3)
			for i, v := range p {
				seed[i] = byte(v + 1)
			}
			f.Add(seed)
			f.Add(append(seed, 40, 0x01, 0x55))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var blank Puzzle
		for i := range blank {
			blank[i] = -1
		}
		g, _ := newGrid(&blank)
		for i := 0; i < Cells && i < len(data); i++ {
			if d := int(data[i]%10) - 1; d >= 0 {
				g.place(i, d)
			}
		}
		var ban [Cells]uint16
		if len(data) >= Cells+3 {
			if i := int(data[Cells]) % Cells; g.cell[i] < 0 {
				ban[i] = (uint16(data[Cells+1])<<8 | uint16(data[Cells+2])) & all
				g.exclude(i, ban[i])
			}
		}
		checkRound(t, g, &ban, "fuzzed grid")
	})
}

// plainLoop is the loop's specification written as plain recursion over
// plainRound, sharing nothing with the search it judges: rounds until the
// grid is complete, a round finds a contradiction (one backtrack follows)
// or a round stalls; then each candidate of the branch cell in turn, one
// guess each. It counts the loop's steps, guesses and backtracks.
type plainLoop struct {
	firstTie                   bool // branch on the first fewest-candidate cell, lowest digit first
	steps, guesses, backtracks int
	solution                   [Cells]int8
}

// solve searches on from cells and reports whether it found the solution.
func (p *plainLoop) solve(cells [Cells]int8) bool {
	var noBan [Cells]uint16
	for {
		st, _, after, _, _ := plainRound(cells, noBan)
		p.steps++
		if st == contradiction {
			p.steps++
			p.backtracks++
			return false
		}
		cells = after
		if !slices.Contains(cells[:], -1) {
			p.solution = cells
			return true
		}
		if st == stalled {
			break
		}
	}
	i := p.branch(cells)
	for _, d := range p.order(cells, i) {
		child := cells
		child[i] = d
		p.steps++
		p.guesses++
		if !slices.Contains(child[:], -1) {
			p.solution = child
			return true
		}
		if p.solve(child) {
			return true
		}
	}
	return false
}

// branch returns an empty cell with the fewest candidates: the first in
// reading order with firstTie, else the one with the most empty peers (the
// cells sharing a unit with it, itself included), the first on ties.
func (p *plainLoop) branch(cells [Cells]int8) int {
	var noBan [Cells]uint16
	cands := plainCands(cells, nil, noBan)
	best, bestPeers, branch := 10, -1, -1
	for i, v := range cells {
		if v >= 0 {
			continue
		}
		n, peers := 0, 0
		for d := range 9 {
			if cands[i]&(1<<d) != 0 {
				n++
			}
		}
		for j, w := range cells {
			if w < 0 && sharesUnit(i, j) {
				peers++
			}
		}
		if n < best || n == best && !p.firstTie && peers > bestPeers {
			best, bestPeers, branch = n, peers, i
		}
	}
	return branch
}

// order returns the candidates of the empty cell i in the order the loop
// tries them: the fewest empty peers that could also take the digit first,
// the lowest digit on ties (the reading-order tie-break tries the lowest
// first).
func (p *plainLoop) order(cells [Cells]int8, i int) []int8 {
	var noBan [Cells]uint16
	cands := plainCands(cells, nil, noBan)
	var digits []int8
	taking := map[int8]int{}
	for d := range int8(9) {
		if cands[i]&(1<<d) == 0 {
			continue
		}
		digits = append(digits, d)
		for j, w := range cells {
			if w < 0 && j != i && cands[j]&(1<<d) != 0 && sharesUnit(i, j) {
				taking[d]++
			}
		}
	}
	if !p.firstTie {
		slices.SortStableFunc(digits, func(a, b int8) int { return taking[a] - taking[b] })
	}
	return digits
}

// sharesUnit reports whether cells i and j share a row, a column or a box.
func sharesUnit(i, j int) bool {
	return i/9 == j/9 || i%9 == j%9 || i/27 == j/27 && i%9/3 == j%9/3
}
