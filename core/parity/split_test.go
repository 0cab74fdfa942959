package parity

import (
	"math/rand/v2"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
)

// TestSplitEqualsStep: for random instances, depths, widths (0 and small)
// and splits into 1..5 ranges, split layers give exactly the frames and
// result of plain ones.
func TestSplitEqualsStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for range 60 {
		n := 1 + rng.IntN(150)
		inst, err := Family{}.Generate(machine.InstanceSpec{Size: n, Seed: rng.Uint64()})
		if err != nil {
			t.Fatal(err)
		}
		width := []int{0, 1 + rng.IntN(n), 1 + rng.IntN(8)}[rng.IntN(3)]
		lane := machine.Lane{Model: machine.Wide, Depth: 1 + rng.IntN(4), Width: width}
		if err := splittest.Compare(inst, lane, 7, 1+rng.IntN(5)); err != nil {
			t.Fatalf("n=%d %+v: %v", n, lane, err)
		}
	}
}

// TestApplyRefusesCorruptRegisters: a count beyond the bits seen or an
// answer that is no bit is an error.
func TestApplyRefusesCorruptRegisters(t *testing.T) {
	inst, _ := Family{}.Generate(machine.InstanceSpec{Size: 4, Seed: 1})
	w := inst.NewWide(2, 0, nil).(*wide)
	for _, regs := range [][]int32{{6, -1}, {-2, -1}, {0, 2}} {
		full := append(regs, make([]int32, 6)...)
		if _, err := w.Apply([]machine.Part{{Lo: 0, Hi: 4, Regs: full}}); err == nil {
			t.Errorf("registers %v accepted", regs)
		}
	}
}

// BenchmarkSplit compares a plain layer with the same layer computed as two
// halves and applied, on the largest instance.
func BenchmarkSplit(b *testing.B) {
	gen := func() machine.Instance {
		inst, _ := Family{}.Generate(machine.InstanceSpec{Size: MaxSize, Seed: 1})
		return inst
	}
	splittest.Bench(b, gen, machine.Lane{Model: machine.Wide, Depth: 2})
}
