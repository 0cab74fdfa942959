package machine_test

import (
	"context"
	"math"
	"math/bits"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/parity"
	"github.com/depthrace/depthrace/core/s5"
)

// score runs one lane on instances seed 1..m and returns the mean exact and
// cell accuracy, checking every answer against the reference as it goes.
func score(t *testing.T, f machine.Family, size int, lane machine.Lane, m int) (exact, cell float64) {
	t.Helper()
	for seed := uint64(1); seed <= uint64(m); seed++ {
		inst, err := f.Generate(machine.InstanceSpec{Size: size, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		r, err := machine.Batch(context.Background(), inst, lane, seed)
		if err != nil {
			t.Fatal(err)
		}
		ref := inst.Reference()
		right := 0
		for i, x := range r.Answer {
			if x == ref[i] {
				right++
			}
		}
		if got := float64(right) / float64(len(ref)); got != r.CellAccuracy || r.Exact != (right == len(ref)) {
			t.Fatalf("%v: result says exact=%v cell=%v, recount says %d/%d", lane, r.Exact, r.CellAccuracy, right, len(ref))
		}
		if r.Exact {
			exact++
		}
		cell += r.CellAccuracy
	}
	return exact / float64(m), cell / float64(m)
}

func TestS5WideExactIffWithinDoubling(t *testing.T) {
	const chance = 1.0 / 120
	for depth := 1; depth <= 8; depth++ {
		for _, n := range []int{1, 3, 1 << depth, 1<<depth + 1, 2 << depth, 4 << depth} {
			exact, cell := score(t, s5.Family{}, n, machine.Lane{Model: machine.Wide, Depth: depth}, 8)
			if n <= 1<<depth {
				if exact != 1 {
					t.Errorf("D=%d n=%d: exact accuracy %.3f, want 1 (n ≤ 2^D)", depth, n, exact)
				}
				continue
			}
			if exact > 0.13 {
				t.Errorf("D=%d n=%d: exact accuracy %.3f, want near 0 (n > 2^D)", depth, n, exact)
			}
			known := float64(int(1)<<depth) / float64(n)
			want := known + (1-known)*chance
			if math.Abs(cell-want) > 0.02+0.5/float64(n) {
				t.Errorf("D=%d n=%d: cell accuracy %.3f, want about 2^D/n + chance = %.3f", depth, n, cell, want)
			}
		}
	}
}

// minExactDepth is the smallest depth whose wide net is exact on every seed tried.
func minExactDepth(t *testing.T, f machine.Family, n int) int {
	for depth := 1; depth <= 32; depth++ {
		if exact, _ := score(t, f, n, machine.Lane{Model: machine.Wide, Depth: depth}, 3); exact == 1 {
			return depth
		}
	}
	t.Fatalf("%s n=%d: no exact depth up to 32", f.Info().Name, n)
	return 0
}

func TestParityDepthDoesNotGrowWithSize(t *testing.T) {
	small, large := minExactDepth(t, parity.Family{}, 8), minExactDepth(t, parity.Family{}, 65536)
	if small != large {
		t.Fatalf("smallest exact depth: %d at n=8 but %d at n=65536; parity is constant depth", small, large)
	}
	if s5small, s5large := minExactDepth(t, s5.Family{}, 8), minExactDepth(t, s5.Family{}, 4096); s5large <= s5small {
		t.Fatalf("s5 smallest exact depth %d at n=8 and %d at n=4096: it must grow", s5small, s5large)
	}
}

func TestLoopExactInSizeSteps(t *testing.T) {
	for _, f := range []machine.Family{parity.Family{}, s5.Family{}} {
		for _, n := range []int{1, 2, 17, 64, 1000} {
			inst, _ := f.Generate(machine.InstanceSpec{Size: n, Seed: uint64(n)})
			r, err := machine.Batch(context.Background(), inst, machine.Lane{Model: machine.Deep}, 7)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Exact || r.SerialSteps != n || r.SolvedAt != n {
				t.Errorf("%s n=%d: loop exact=%v serial=%d solved_at=%d, want exact in %d steps", f.Info().Name, n, r.Exact, r.SerialSteps, r.SolvedAt, n)
			}
		}
	}
}

func TestWidthStarvedNetLosesAccuracy(t *testing.T) {
	const n, depth = 64, 6
	_, full := score(t, s5.Family{}, n, machine.Lane{Model: machine.Wide, Depth: depth}, 4)
	prev := full
	for _, w := range []int{256, 64, 16, 4} {
		_, cell := score(t, s5.Family{}, n, machine.Lane{Model: machine.Wide, Depth: depth, Width: w}, 4)
		if cell > prev+1e-9 {
			t.Errorf("W=%d: cell accuracy %.3f rose above %.3f at a larger width", w, cell, prev)
		}
		prev = cell
	}
	if prev >= full {
		t.Errorf("W=4 cell accuracy %.3f, want below the unbounded net's %.3f", prev, full)
	}
}

func TestScoreDiffusionPlateausAtWideAccuracy(t *testing.T) {
	for _, c := range []struct{ n, depth int }{{128, 5}, {256, 6}, {64, 6}} {
		lane := machine.Lane{Model: machine.Diffusion, Depth: c.depth, Mode: machine.Score}
		_, wide := score(t, s5.Family{}, c.n, machine.Lane{Model: machine.Wide, Depth: c.depth}, 6)
		lane.Steps = 16
		_, k16 := score(t, s5.Family{}, c.n, lane, 6)
		lane.Steps = 256
		_, k256 := score(t, s5.Family{}, c.n, lane, 6)
		if math.Abs(k256-k16) > 0.05 {
			t.Errorf("n=%d D=%d: score cell accuracy %.3f at K=256 vs %.3f at K=16: more steps moved the plateau", c.n, c.depth, k256, k16)
		}
		if math.Abs(k256-wide) > 0.05 {
			t.Errorf("n=%d D=%d: score plateau %.3f, wide net %.3f: want about equal", c.n, c.depth, k256, wide)
		}
	}
}

func TestCommitDiffusionRisesWithSteps(t *testing.T) {
	// The first pass derives 2^D cells; each later pass extends the committed
	// prefix by 2^D - 1 (the committed cell is a register, not an item).
	const n, depth = 128, 3
	prev := -1.0
	for _, k := range []int{1, 2, 4, 8, 16} {
		_, cell := score(t, s5.Family{}, n, machine.Lane{Model: machine.Diffusion, Depth: depth, Steps: k, Mode: machine.Commit}, 4)
		if cell <= prev {
			t.Errorf("commit K=%d: cell accuracy %.3f did not rise above %.3f", k, cell, prev)
		}
		prev = cell
	}
	reach := 1<<depth - 1
	need := 1 + (n-1<<depth+reach-1)/reach
	if exact, _ := score(t, s5.Family{}, n, machine.Lane{Model: machine.Diffusion, Depth: depth, Steps: need, Mode: machine.Commit}, 4); exact != 1 {
		t.Errorf("commit K=%d (about size ÷ reach): exact accuracy %.3f, want 1", need, exact)
	}
	if exact, _ := score(t, s5.Family{}, n, machine.Lane{Model: machine.Diffusion, Depth: depth, Steps: need - 1, Mode: machine.Commit}, 4); exact != 0 {
		t.Errorf("commit K=%d: exact accuracy %.3f, want 0 one pass short of the reach", need-1, exact)
	}
}

func TestDiffusionSerialStepsAreKTimesD(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 64, Seed: 3})
	for _, mode := range []machine.Mode{machine.Score, machine.Commit} {
		r, err := machine.Batch(context.Background(), inst, machine.Lane{Model: machine.Diffusion, Depth: 4, Steps: 7, Mode: mode}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if r.SerialSteps != 28 {
			t.Errorf("%s: serial steps %d, want K·D = 28", mode, r.SerialSteps)
		}
	}
}

func TestParityReferenceIsPopcountParity(t *testing.T) {
	inst, _ := parity.Family{}.Generate(machine.InstanceSpec{Size: 200, Seed: 9})
	var word [4]uint64
	for i, b := range inst.Input() {
		word[i/64] |= uint64(b) << (i % 64)
		ones := 0
		for j := 0; j <= i/64; j++ {
			w := word[j]
			if j == i/64 && i%64 != 63 {
				w &= 1<<(i%64+1) - 1
			}
			ones += bits.OnesCount64(w)
		}
		if inst.Reference()[i] != ones%2 {
			t.Fatalf("reference[%d] = %d, popcount parity %d", i, inst.Reference()[i], ones%2)
		}
	}
}
