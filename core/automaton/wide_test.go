package automaton

import (
	"context"
	"math"
	"math/bits"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/machinetest"
)

// batch runs one lane to the end with machine.Batch.
func batch(t testing.TB, inst machine.Instance, lane machine.Lane) machine.Result {
	t.Helper()
	res, err := machine.Batch(context.Background(), inst, lane, 99)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// frames steps a lane frame by frame, as the animation does, and returns
// the frame before the first step and after every step.
func frames(t testing.TB, inst machine.Instance, lane machine.Lane) []machine.Frame {
	t.Helper()
	out, _, err := machinetest.Record(inst, lane, 99)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unknown counts the cells that hold no value (-1).
func unknown(cells []int) int {
	n := 0
	for _, x := range cells {
		if x < 0 {
			n++
		}
	}
	return n
}

func wide(depth, width int) machine.Lane {
	return machine.Lane{Model: machine.Wide, Depth: depth, Width: width}
}

// TestRule90ConstantDepth: rule 90 is exact at any t up to 4096 with depth
// ⌈log₂ t⌉ or less: two layers (Lucas) suffice, one when t ≤ 1 or t is a
// power of two (the doubling identity).
func TestRule90ConstantDepth(t *testing.T) {
	for _, steps := range []int{1, 2, 3, 4, 5, 6, 7, 8, 12, 31, 64, 100, 1000, 4095, 4096} {
		seeds := []uint64{1, 2, 3}
		if steps >= 1000 {
			seeds = seeds[:1]
		}
		n := int64(2*steps + 1)
		for _, seed := range seeds {
			inst := generate(t, Rule90{}, steps, seed)
			depth := max(1, bits.Len(uint(steps-1))) // ⌈log₂ t⌉
			res := batch(t, inst, wide(depth, 0))
			if !res.Exact || res.SerialSteps != depth {
				t.Errorf("t=%d seed %d D=%d: exact %v in %d layers", steps, seed, depth, res.Exact, res.SerialSteps)
			}
			if steps > 2 {
				res := batch(t, inst, wide(2, 0))
				units := 2 * n // a count and its parity per cell
				if bits.OnesCount(uint(steps)) == 1 {
					units = n // one XOR of two cells per cell
				}
				if !res.Exact || res.Work != units {
					t.Errorf("t=%d seed %d D=2: exact %v, work %d, want %d", steps, seed, res.Exact, res.Work, units)
				}
			}
		}
	}
}

// TestRule90OneLayer: at depth 1 only t = 1 and powers of two are exact; for
// any other t the net determines no cell, so it is right only by luck.
func TestRule90OneLayer(t *testing.T) {
	for steps := 1; steps <= 40; steps++ {
		inst := generate(t, Rule90{}, steps, 5)
		fs := frames(t, inst, wide(1, 0))
		last := fs[len(fs)-1]
		if bits.OnesCount(uint(steps)) == 1 {
			if unknown(last.Answer) != 0 || !batch(t, inst, wide(1, 0)).Exact {
				t.Errorf("t=%d (a power of two) is not exact in one layer", steps)
			}
			continue
		}
		if unknown(last.Answer) != len(last.Answer) {
			t.Errorf("t=%d: one layer determined %d cells", steps, len(last.Answer)-unknown(last.Answer))
		}
		if last.Clock != -1 {
			t.Errorf("t=%d: after the counting layer Clock = %d, want -1", steps, last.Clock)
		}
	}
}

// TestRule110LightCone: at polynomial width (W = 0) rule 110 is exact iff
// t ≤ D. Beyond it the net determines no answer cell, and a guessed row of
// N ≥ 11 cells is right with probability at most 2⁻¹¹.
func TestRule110LightCone(t *testing.T) {
	for steps := 1; steps <= 12; steps++ {
		n := int64(2*steps + 1)
		for depth := 1; depth <= 14; depth++ {
			for seed := uint64(1); seed <= 3; seed++ {
				inst := generate(t, Rule110{}, steps, seed)
				res := batch(t, inst, wide(depth, 0))
				if want := n * int64(min(steps, depth)); res.Work != want {
					t.Errorf("t=%d D=%d: work %d, want %d (N units per step, then idle)", steps, depth, res.Work, want)
				}
				if steps <= depth {
					if !res.Exact {
						t.Errorf("t=%d D=%d seed %d: not exact inside the light cone", steps, depth, seed)
					}
					continue
				}
				fs := frames(t, inst, wide(depth, 0))
				if u := unknown(fs[len(fs)-1].Answer); u != int(n) {
					t.Errorf("t=%d D=%d: %d of %d cells determined beyond the light cone", steps, depth, int(n)-u, n)
				}
				if n >= 11 && res.Exact {
					t.Errorf("t=%d D=%d seed %d: exact beyond the light cone", steps, depth, seed)
				}
			}
		}
	}
	inst := generate(t, Rule110{}, 1024, 1)
	if !batch(t, inst, wide(1024, 0)).Exact || batch(t, inst, wide(1023, 0)).Exact {
		t.Errorf("t=1024: want exact at D=1024 and not at D=1023")
	}
}

// TestRule110Lookup: with width N·2^(2j+1) a layer jumps j steps, so the net
// is exact iff t ≤ D·j, and each jump of s ≥ 2 steps costs 2^(2s+1) per cell.
func TestRule110Lookup(t *testing.T) {
	for j := 2; j <= 4; j++ {
		for depth := 1; depth <= 3; depth++ {
			for steps := 1; steps <= depth*j+3; steps++ {
				n := 2*steps + 1
				width := n << (2*j + 1)
				used := min(j, (steps+depth-1)/depth) // no longer than needed
				var want int64
				for left := steps; left > 0; left -= used {
					if s := min(used, left); s == 1 {
						want += int64(n) // the rule itself
					} else {
						want += int64(n) << (2*s + 1) // a table over 2s+1 cells
					}
				}
				for seed := uint64(1); seed <= 3; seed++ {
					res := batch(t, generate(t, Rule110{}, steps, seed), wide(depth, width))
					if steps <= depth*j {
						if !res.Exact || res.Work != want {
							t.Errorf("j=%d D=%d t=%d seed %d: exact %v work %d, want exact with work %d",
								j, depth, steps, seed, res.Exact, res.Work, want)
						}
					} else if n >= 11 && res.Exact {
						t.Errorf("j=%d D=%d t=%d seed %d: exact beyond D·j", j, depth, steps, seed)
					}
				}
			}
		}
	}
}

// TestLookupJump checks the choice of jump: the largest affordable, none at
// W = 0, no longer than ceil(t/D), and no overflow at huge widths.
func TestLookupJump(t *testing.T) {
	const n, steps = 21, 10
	for j := 2; j <= 5; j++ {
		w := n << (2*j + 1)
		if got := lookupJump(n, steps, 1, w); got != j {
			t.Errorf("W = N·2^%d: jump %d, want %d", 2*j+1, got, j)
		}
		if got := lookupJump(n, steps, 1, w-1); got != j-1 {
			t.Errorf("W = N·2^%d - 1: jump %d, want %d", 2*j+1, got, j-1)
		}
	}
	if got := lookupJump(n, steps, 1, 0); got != 1 {
		t.Errorf("W = 0: jump %d, want 1 (polynomial width buys no tables)", got)
	}
	if got := lookupJump(n, steps, 4, math.MaxInt); got != 3 {
		t.Errorf("t=10 D=4: jump %d, want ceil(10/4) = 3", got)
	}
	if got := lookupJump(3, 4096, 1, math.MaxInt); got != 30 {
		t.Errorf("N=3 at W=MaxInt: jump %d, want 30 (3·2^61 ≤ 2^63-1 < 3·2^63)", got)
	}
}

// TestSpaceTime: the rows the net and the loop show are the automaton's rows
// at the time their Clock says, as the space-time diagram needs.
func TestSpaceTime(t *testing.T) {
	for _, f := range families {
		inst := generate(t, f, 9, 2)
		// Stepping, the loop, and Lucas (rule 90) or lookup jumps (rule 110).
		lanes := []machine.Lane{wide(9, 0), {Model: machine.Deep}, {Model: machine.Deep, Width: 4}, wide(3, 19<<7)}
		for _, lane := range lanes {
			fs := frames(t, inst, lane)
			if fs[0].Clock != 0 || fs[len(fs)-1].Clock != 9 {
				t.Errorf("%s %+v: Clock runs from %d to %d, want 0 to 9", f.Info().Name, lane, fs[0].Clock, fs[len(fs)-1].Clock)
			}
			for _, fr := range fs {
				if fr.Clock < 0 {
					continue // registers that are not a row
				}
				want := reference(int(inst.rule.number), inst.Input(), fr.Clock)
				for i, x := range fr.State {
					if x != want[i] {
						t.Fatalf("%s %+v: row at Clock %d differs at cell %d", f.Info().Name, lane, fr.Clock, i)
					}
				}
			}
		}
	}
}

// TestWidthStarved: a net with less width than a layer needs computes fewer
// cells, never more as width shrinks, and is not exact below N units.
func TestWidthStarved(t *testing.T) {
	cases := []struct {
		f     machine.Family
		steps int
		depth int
	}{
		{Rule110{}, 8, 8},
		{Rule90{}, 8, 8}, // stepping: t ≤ D
		{Rule90{}, 6, 2}, // Lucas
	}
	for _, c := range cases {
		inst := generate(t, c.f, c.steps, 3)
		n := len(inst.Input())
		prev := -1
		for w := 1; w <= n; w++ {
			fs := frames(t, inst, wide(c.depth, w))
			known := n - unknown(fs[len(fs)-1].Answer)
			if known < prev {
				t.Errorf("%s t=%d D=%d: %d cells known at W=%d, %d at W=%d", c.f.Info().Name, c.steps, c.depth, known, w, prev, w-1)
			}
			if (w < n) != (known < n) {
				t.Errorf("%s t=%d D=%d W=%d: %d of %d cells known", c.f.Info().Name, c.steps, c.depth, w, known, n)
			}
			for _, fr := range fs {
				if fr.Units > int64(w) {
					t.Errorf("%s W=%d: a layer ran %d units", c.f.Info().Name, w, fr.Units)
				}
			}
			prev = known
		}
	}
	// Stepping below N units: layer 1 computes cells 0..W-1, then each layer
	// loses a cell at both ends of the known run (the light cone).
	for _, f := range families {
		inst := generate(t, f, 8, 3)
		for w := 1; w < len(inst.Input()); w++ {
			fs := frames(t, inst, wide(8, w))
			for layer := 1; layer < len(fs); layer++ {
				known := len(fs[layer].Answer) - unknown(fs[layer].State)
				if want := max(0, w-2*(layer-1)); known != want {
					t.Fatalf("%s t=8 W=%d layer %d: %d cells known, want %d", f.Info().Name, w, layer, known, want)
				}
			}
		}
	}
	// The Lucas net trades width for depth: each pair of layers counts and
	// reduces W cells, so N = 13 cells take 4 layers at W = 7, but not at W = 6.
	inst := generate(t, Rule90{}, 6, 3)
	if res := batch(t, inst, wide(4, 7)); !res.Exact {
		t.Errorf("rule90 t=6 D=4 W=7: not exact")
	}
	if fs := frames(t, inst, wide(4, 6)); unknown(fs[len(fs)-1].Answer) != 1 {
		t.Errorf("rule90 t=6 D=4 W=6: %d cells undetermined, want 1", unknown(fs[len(fs)-1].Answer))
	}
}

// TestGivenCells: committed final cells are known answers of the net, kept
// as committed even when the net reaches time t itself, and they derive
// nothing else.
func TestGivenCells(t *testing.T) {
	for _, f := range families {
		inst := generate(t, f, 10, 4)
		ref := inst.Reference()
		given := make([]int, len(ref))
		for i := range given {
			given[i] = -1
		}
		given[3], given[17] = ref[3], 1-ref[17]
		short := inst.NewWide(1, 0, given) // t > D: no cell of its own
		short.Step()
		for i, x := range short.View().Answer {
			if x != given[i] {
				t.Errorf("%s D=1 cell %d: %d, want %d", f.Info().Name, i, x, given[i])
			}
		}
		full := inst.NewWide(10, 0, given)
		for range 10 {
			full.Step()
		}
		for i, x := range full.View().Answer {
			want := ref[i]
			if given[i] >= 0 {
				want = given[i]
			}
			if x != want {
				t.Errorf("%s D=10 cell %d: %d, want %d", f.Info().Name, i, x, want)
			}
		}
	}
}

// TestDiffusion runs both diffusion modes on both rules: the lanes finish in
// K·D serial steps, and where the net is exact, so is the denoiser.
func TestDiffusion(t *testing.T) {
	for _, f := range families {
		inst := generate(t, f, 12, 1)
		for _, mode := range []machine.Mode{machine.Score, machine.Commit} {
			res := batch(t, inst, machine.Lane{Model: machine.Diffusion, Depth: 3, Steps: 8, Mode: mode})
			if res.SerialSteps != 24 {
				t.Errorf("%s %s: %d serial steps, want 24", f.Info().Name, mode, res.SerialSteps)
			}
			if f.Info().Name == "rule90" && !res.Exact {
				t.Errorf("rule90 %s: the depth-3 net is exact, the denoiser is not", mode)
			}
		}
	}
}
