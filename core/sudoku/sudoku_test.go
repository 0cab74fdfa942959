package sudoku

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// instances generates every step-th puzzle of a bundled set (the set keeps
// each reference once solved).
func instances(t testing.TB, set string, step int) []*Instance {
	t.Helper()
	s, err := LoadSet(machine.InstanceSpec{Set: set})
	if err != nil {
		t.Fatal(err)
	}
	var out []*Instance
	for i := 0; i < s.Len(); i += step {
		in, err := Family{}.Generate(machine.InstanceSpec{Set: set, Index: i})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, in.(*Instance))
	}
	return out
}

func run(t testing.TB, in *Instance, lane machine.Lane) machine.Result {
	t.Helper()
	res, err := machine.Batch(context.Background(), in, lane, 1)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// roundCount is the plain round counter the wide net is checked against:
// it applies synchronous rounds of naked and hidden singles, written out
// cell by cell with no bitmasks, and returns the rounds that complete the
// grid, or -1 when a round fills nothing.
func roundCount(p Puzzle) int {
	var grid [9][9]int // 0 blank, 1..9 digits
	for i, v := range p {
		grid[i/9][i%9] = int(v) + 1
	}
	for rounds := 1; ; rounds++ {
		// can[r][c][d]: blank cell (r, c) may take digit d at the start of the round.
		var can [9][9][10]bool
		for r := range 9 {
			for c := range 9 {
				for d := 1; d <= 9 && grid[r][c] == 0; d++ {
					can[r][c][d] = true
					for k := range 9 {
						if grid[r][k] == d || grid[k][c] == d || grid[r/3*3+k/3][c/3*3+k%3] == d {
							can[r][c][d] = false
						}
					}
				}
			}
		}
		var fill [9][9]int
		for r := range 9 {
			for c := range 9 {
				var cands []int
				for d := 1; d <= 9; d++ {
					if !can[r][c][d] {
						continue
					}
					cands = append(cands, d)
					// d is a hidden single if no other cell of the row, the
					// column or the box may take it.
					inRow, inCol, inBox := 0, 0, 0
					for k := range 9 {
						if can[r][k][d] {
							inRow++
						}
						if can[k][c][d] {
							inCol++
						}
						if can[r/3*3+k/3][c/3*3+k%3][d] {
							inBox++
						}
					}
					if inRow == 1 || inCol == 1 || inBox == 1 {
						fill[r][c] = d
					}
				}
				if len(cands) == 1 {
					fill[r][c] = cands[0]
				}
			}
		}
		filled, blanks := false, 0
		for r := range 9 {
			for c := range 9 {
				if fill[r][c] != 0 {
					grid[r][c], filled = fill[r][c], true
				}
				if grid[r][c] == 0 {
					blanks++
				}
			}
		}
		switch {
		case blanks == 0:
			return rounds
		case !filled:
			return -1
		}
	}
}

// checkRules checks a solution by the rules alone: 81 digits, every row,
// column and box a permutation of 1..9, and every clue kept.
func checkRules(t *testing.T, p Puzzle, answer []int) {
	t.Helper()
	if len(answer) != Cells {
		t.Fatalf("%s: answer has %d cells", p, len(answer))
	}
	for u := range 27 {
		seen := map[int]bool{}
		for k := range 9 {
			seen[answer[unitCell(u, k)]] = true
		}
		for d := range 9 {
			if !seen[d] {
				t.Fatalf("%s: unit %d misses digit %d in %v", p, u, d+1, answer)
			}
		}
	}
	for i, v := range p {
		if v >= 0 && answer[i] != int(v) {
			t.Fatalf("%s: clue at cell %d changed", p, i)
		}
	}
}

// bare returns the puzzles of a bundled set as instances without the
// reference, for the tests that judge answers by the rules alone.
func bare(t testing.TB, set string) []*Instance {
	t.Helper()
	s, err := LoadSet(machine.InstanceSpec{Set: set})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*Instance, s.Len())
	for i := range out {
		out[i] = &Instance{index: i, puzzle: s.Puzzle(i)}
	}
	return out
}

// TestLoopSolvesEverything runs the loop on all 1100 bundled puzzles: each
// answer must obey the rules, and its steps, guesses, backtracks and answer
// must be plainLoop's. Every 10th puzzle is also run by the driver against
// the plain solver's reference.
//
// SOURCES.md's guess figures (about 52 for hard, 180 for extreme) are for a
// search that branches on the first fewest-candidate cell in reading order
// and tries the lowest digit first: plainLoop so must reproduce them, and
// the loop's order (the most empty peers, the least constraining digit)
// must need fewer guesses on both sets.
func TestLoopSolvesEverything(t *testing.T) {
	sourcesGuesses := map[string][2]float64{"easy": {0, 0}, "clue17": {1, 20}, "hard": {45, 60}, "extreme": {160, 200}}
	for _, set := range SetNames() {
		t.Run(set, func(t *testing.T) {
			t.Parallel()
			var guesses, backtracks, firstTieGuesses int
			puzzles := bare(t, set)
			for _, in := range puzzles {
				loop := in.NewDeep(0)
				steps, units := 0, int64(0)
				for ; !loop.Halted(); steps++ {
					if steps > 1e6 {
						t.Fatalf("%s %d: no halt after a million steps", set, in.Index())
					}
					units += loop.Step()
				}
				checkRules(t, in.Puzzle(), loop.View().Answer)
				checkFinish(t, in, steps, units, loop)
				c := map[string]int{}
				for _, k := range loop.(machine.Counting).Counters() {
					c[k.Name] = int(k.Value)
				}
				var want plainLoop
				if !want.solve(in.puzzle) {
					t.Fatalf("%s %d: the plain loop found no solution", set, in.Index())
				}
				answer := make([]int, Cells)
				for i, v := range want.solution {
					answer[i] = int(v)
				}
				if steps != want.steps || c["guesses"] != want.guesses || c["backtracks"] != want.backtracks ||
					!slices.Equal(loop.View().Answer, answer) {
					t.Fatalf("%s %d: %d steps, %v; the plain loop %d steps, %d guesses, %d backtracks",
						set, in.Index(), steps, c, want.steps, want.guesses, want.backtracks)
				}
				guesses += want.guesses
				backtracks += want.backtracks
				firstTie := plainLoop{firstTie: true}
				firstTie.solve(in.puzzle)
				firstTieGuesses += firstTie.guesses
			}
			mean, firstTieMean := float64(guesses)/float64(len(puzzles)), float64(firstTieGuesses)/float64(len(puzzles))
			if r := sourcesGuesses[set]; firstTieMean < r[0] || firstTieMean > r[1] {
				t.Errorf("%s: %.1f guesses per puzzle branching on the first cell, SOURCES.md says %v", set, firstTieMean, r)
			}
			if (set == "hard" || set == "extreme") && mean >= firstTieMean {
				t.Errorf("%s: %.1f guesses per puzzle, branching on the first cell %.1f", set, mean, firstTieMean)
			}
			t.Logf("%s: %.1f guesses (%.1f branching on the first cell), %.1f backtracks per puzzle",
				set, mean, firstTieMean, float64(backtracks)/float64(len(puzzles)))
			for _, in := range instances(t, set, 10) {
				lane := machine.Lane{Model: machine.Deep}
				res := run(t, in, lane)
				if !res.Exact || res.SolvedAt != res.SerialSteps {
					t.Fatalf("%s %d: exact %v, solved at %d of %d steps", set, in.Index(), res.Exact, res.SolvedAt, res.SerialSteps)
				}
				stepped, err := machine.NewRun(in, lane, 1)
				if err != nil {
					t.Fatal(err)
				}
				for stepped.Step() {
				}
				if want := stepped.Result(); !reflect.DeepEqual(res, want) {
					t.Fatalf("%s %d: batch result %+v, stepped %+v", set, in.Index(), res, want)
				}
			}
		})
	}
}

// checkFinish runs the loop's batch mode, Finish, from the start on in and
// checks that it ends where stepping ended: the same steps, units, counters
// and answer, whether it runs to the end in one call or is stopped halfway
// and then stepped on as the animation would.
func checkFinish(t *testing.T, in *Instance, steps int, units int64, stepped machine.Process) {
	t.Helper()
	whole, half := in.NewDeep(0), in.NewDeep(0)
	n, u := whole.(machine.Finisher).Finish(steps + 1)
	n2, u2 := half.(machine.Finisher).Finish(steps / 2)
	if n2 != steps/2 {
		t.Fatalf("%d: Finish(%d) ran %d steps", in.Index(), steps/2, n2)
	}
	for ; !half.Halted(); n2++ {
		u2 += half.Step()
	}
	for _, loop := range []machine.Process{whole, half} {
		if !slices.Equal(loop.View().Answer, stepped.View().Answer) ||
			!reflect.DeepEqual(loop.(machine.Counting).Counters(), stepped.(machine.Counting).Counters()) {
			t.Fatalf("%d: Finish ended on another answer or other counters than stepping", in.Index())
		}
	}
	if n != steps || u != units || n2 != steps || u2 != units {
		t.Fatalf("%d: Finish ran %d steps (%d units), Finish then Step %d (%d); stepping took %d (%d)",
			in.Index(), n, u, n2, u2, steps, units)
	}
}

// TestLoopStepsDoNotAllocate: the batch search allocates its process and,
// at the first choice point, its stack of frames, and nothing per step, on
// every extreme puzzle (hundreds of steps each). The count is a mean over
// ten searches, so that an allocation of the runtime's own does not count.
func TestLoopStepsDoNotAllocate(t *testing.T) {
	for _, in := range bare(t, "extreme") {
		allocs := testing.AllocsPerRun(10, func() {
			in.NewDeep(0).(machine.Finisher).Finish(1 << 20)
		})
		if allocs > 2 {
			t.Fatalf("extreme %d: %v allocations for a whole search, want at most 2", in.Index(), allocs)
		}
	}
}

// TestBatchLoopStopsOnCancel: the loop's batch mode runs its own steps,
// and Batch still returns the context's error when the run is cancelled.
func TestBatchLoopStopsOnCancel(t *testing.T) {
	in := instances(t, "extreme", 50)[1]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := machine.Batch(ctx, in, machine.Lane{Model: machine.Deep}, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Batch on a cancelled context returned %v, want context.Canceled", err)
	}
}

func counters(res machine.Result) map[string]int64 {
	m := map[string]int64{}
	for _, c := range res.Counters {
		m[c.Name] = c.Value
	}
	return m
}

// TestLoopOnEasyIsRounds: without guessing the loop's steps are exactly the
// synchronous rounds.
func TestLoopOnEasyIsRounds(t *testing.T) {
	for _, in := range instances(t, "easy", 5) {
		res := run(t, in, machine.Lane{Model: machine.Deep})
		if r := roundCount(in.Puzzle()); res.SerialSteps != r || counters(res)["guesses"] != 0 {
			t.Fatalf("easy %d: %d steps, %v; want %d rounds and no guess", in.Index(), res.SerialSteps, res.Counters, r)
		}
	}
}

// derivedAt runs Net(D+1, W) and returns the layer, at most D, by which the
// net had derived the whole grid, or -1. The extra layer keeps the best
// guess, which only the last layer makes, out of the count.
func derivedAt(t *testing.T, in *Instance, depth, width int) int {
	res := run(t, in, machine.Lane{Model: machine.Wide, Depth: depth + 1, Width: width})
	if res.SolvedAt > depth {
		return -1
	}
	return res.SolvedAt
}

// TestWidePropagationIsRoundCount: at W=1 the net derives the grid at
// exactly the plain round count, and never when the rounds stall, on all
// 1100 puzzles. The net gets 82 layers, so that its last-layer best guess
// stays out of the first 81.
func TestWidePropagationIsRoundCount(t *testing.T) {
	for _, set := range SetNames() {
		stalled := 0
		for _, in := range bare(t, set) {
			net, at := in.NewWide(82, 1, nil), -1
			for layer := 1; layer <= 81 && at < 0; layer++ {
				net.Step()
				if answer := net.View().Answer; !slices.Contains(answer, -1) {
					checkRules(t, in.Puzzle(), answer)
					at = layer
				}
			}
			if r := roundCount(in.Puzzle()); at != r {
				t.Fatalf("%s %d: derived at layer %d, round count %d", set, in.Index(), at, r)
			}
			if at < 0 {
				stalled++
			}
		}
		switch set {
		case "easy":
			if stalled != 0 {
				t.Errorf("easy: %d puzzles stall", stalled)
			}
		case "hard", "extreme": // never solved at W=1, whatever the depth
			if stalled != 200 {
				t.Errorf("%s: only %d of 200 stall", set, stalled)
			}
		}
	}
}

// TestEasyByDepth17: every easy puzzle is exact at depth 17 and W=1, as its
// rounds promise; at depth 8 some are not yet.
func TestEasyByDepth17(t *testing.T) {
	short := 0
	for _, in := range instances(t, "easy", 1) {
		if res := run(t, in, machine.Lane{Model: machine.Wide, Depth: 17, Width: 1}); !res.Exact {
			t.Fatalf("easy %d not solved at depth 17", in.Index())
		}
		if res := run(t, in, machine.Lane{Model: machine.Wide, Depth: 8, Width: 1}); !res.Exact {
			short++
		}
	}
	if short == 0 {
		t.Error("depth 8 solved every easy puzzle: the depth test shows nothing")
	}
}

// TestWidthIsParallelHypotheses checks on clue17 that width helps only
// through hypotheses run side by side: at a fixed depth, puzzles solved
// with W hypotheses are also solved with more (the runs with W at least the
// unlimited run's peak are the same run), never later, and width solves
// puzzles that propagation alone cannot.
func TestWidthIsParallelHypotheses(t *testing.T) {
	const depth = 30
	widths := []int{1, 2, 4, 16, 64, 0}
	solved := make([]int, len(widths))
	ins := instances(t, "clue17", 4)
	for _, in := range ins {
		prev := -1
		for k, w := range widths {
			at := derivedAt(t, in, depth, w)
			if at >= 0 {
				solved[k]++
			}
			if prev >= 0 && (at < 0 || at > prev) {
				t.Fatalf("clue17 %d: derived at %d with width %d but at %d with width %d", in.Index(), prev, widths[k-1], at, w)
			}
			prev = at
		}
		peak := in.NewWide(depth, 0, nil).(*wide)
		for range depth {
			peak.Step()
		}
		if at, full := derivedAt(t, in, depth, peak.peak), derivedAt(t, in, depth, 0); at != full {
			t.Fatalf("clue17 %d: width %d (the unlimited peak) derives at %d, unlimited at %d", in.Index(), peak.peak, at, full)
		}
	}
	t.Logf("depth %d, widths %v: solved %v of %d", depth, widths, solved, len(ins))
	if solved[2] <= solved[0] || solved[len(solved)-1] != len(ins) {
		t.Errorf("solved %v of %d: hypotheses should help, and unlimited ones solve all", solved, len(ins))
	}
}

// TestHarderSetsNeedMoreWidth: at a fixed depth, the width a net needs to
// solve half of a set grows with the guesses its puzzles need (about 7 for
// clue17, 52 for hard and 180 for extreme with depth-first search).
func TestHarderSetsNeedMoreWidth(t *testing.T) {
	const depth = 40
	need := map[string]int{}
	for _, set := range []string{"clue17", "hard", "extreme"} {
		ins := instances(t, set, 8)
		for w := 1; w <= 1024 && need[set] == 0; w *= 4 {
			solved := 0
			for _, in := range ins {
				if derivedAt(t, in, depth, w) >= 0 {
					solved++
				}
			}
			if 2*solved >= len(ins) {
				need[set] = w
			}
		}
	}
	t.Logf("depth %d: width to solve half: %v", depth, need)
	if need["clue17"] == 0 || need["clue17"] >= need["hard"] || need["hard"] >= need["extreme"] {
		t.Errorf("width needed at depth %d should grow from clue17 to hard to extreme: %v", depth, need)
	}
}

// TestWideHypothesesSolveStalledPuzzles: depth alone never solves a hard
// puzzle at W=1, while unlimited hypotheses do within 81 layers.
func TestWideHypothesesSolveStalledPuzzles(t *testing.T) {
	for _, in := range instances(t, "hard", 20) {
		if derivedAt(t, in, 81, 1) >= 0 {
			t.Fatalf("hard %d derived by propagation alone", in.Index())
		}
		if derivedAt(t, in, 81, 0) < 0 {
			t.Fatalf("hard %d not derived with unlimited hypotheses at depth 81", in.Index())
		}
	}
}

// TestWideGiven: committed cells are extra clues. Correct ones help,
// clashing or out-of-range ones must not panic, and the answer then falls
// back to the clues.
func TestWideGiven(t *testing.T) {
	in := instances(t, "hard", 50)[0]
	ref := in.Reference()
	given := slices.Repeat([]int{-1}, Cells)
	for i := 0; i < Cells; i += 3 {
		given[i] = ref[i]
	}
	net := in.NewWide(30, 1, given)
	for range 30 {
		net.Step()
	}
	if !slices.Equal(net.View().Answer, ref) {
		t.Error("a third of the solution given: propagation should finish the grid")
	}
	bad := slices.Repeat([]int{-1}, Cells)
	for i, v := range in.Puzzle() {
		if v < 0 {
			bad[i] = (ref[i] + 1) % 9
		}
	}
	bad[0] = 42
	for _, g := range [][]int{bad, {ref[0] + 1}, {}} {
		net := in.NewWide(3, 4, g)
		for range 3 {
			net.Step()
		}
		v := net.View()
		for i, c := range in.Puzzle() {
			if c >= 0 && v.Answer[i] != int(c) {
				t.Fatalf("clue %d lost in %v", i, v.Answer)
			}
		}
	}
}

// TestWideConfidence: derived cells have confidence 1, the last layer's
// guesses 1/k for k ≥ 2 candidates.
func TestWideConfidence(t *testing.T) {
	in := instances(t, "extreme", 50)[0]
	net := in.NewWide(3, 1, nil)
	for range 3 {
		net.Step()
	}
	v := net.View()
	guesses := 0
	for i, x := range v.Answer {
		switch {
		case x < 0 || x > 8:
			t.Fatalf("cell %d: %d after the last layer", i, x)
		case in.Puzzle()[i] >= 0 && v.Conf[i] != 1:
			t.Fatalf("clue %d has confidence %v", i, v.Conf[i])
		case v.Conf[i] < 1:
			guesses++
			if v.Conf[i] > 0.5 {
				t.Fatalf("cell %d: a guess with confidence %v", i, v.Conf[i])
			}
		}
	}
	if guesses == 0 {
		t.Fatal("an extreme puzzle has no guessed cell after 3 layers")
	}
}

// TestDiffusionCommitBeatsScore: confidence-ordered unmasking (commit)
// carries derived cells across passes, so it solves every singles-solvable
// 17-clue puzzle that score-based denoising with the same shallow net
// cannot.
func TestDiffusionCommitBeatsScore(t *testing.T) {
	lane := machine.Lane{Model: machine.Diffusion, Depth: 4, Width: 1, Steps: 8}
	score, commit := 0, 0
	for _, in := range instances(t, "clue17", 4) {
		lane.Mode = machine.Score
		if run(t, in, lane).Exact {
			score++
		}
		lane.Mode = machine.Commit
		res := run(t, in, lane)
		if res.Exact {
			commit++
		}
		if r := roundCount(in.Puzzle()); r > 0 && r <= lane.Depth*lane.Steps && !res.Exact {
			t.Fatalf("clue17 %d: %d rounds fit %d commit passes of depth %d, but not solved", in.Index(), r, lane.Steps, lane.Depth)
		}
	}
	t.Logf("clue17 (125 puzzles), D=4 K=8: score %d exact, commit %d", score, commit)
	if commit < 40 || commit < 4*score {
		t.Errorf("commit solved %d, score %d: commit should be far ahead", commit, score)
	}
}

func TestGenerate(t *testing.T) {
	f := Family{}
	if f.Info().HasSize() || f.Info().Alphabet != 9 || f.Info().Name != "sudoku" {
		t.Fatalf("info %+v", f.Info())
	}
	a, err := f.Generate(machine.InstanceSpec{Set: "hard", Index: -1, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := f.Generate(machine.InstanceSpec{Set: "hard", Index: a.(*Instance).Index()})
	if !slices.Equal(a.Input(), b.Input()) || !slices.Equal(a.Reference(), b.Reference()) {
		t.Fatal("the seed's pick and its index give different instances")
	}
	if _, err := f.Generate(machine.InstanceSpec{Set: "hard", Index: 200}); err == nil {
		t.Fatal("index 200 of 200 accepted")
	}
}
