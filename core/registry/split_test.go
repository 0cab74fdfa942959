package registry_test

import (
	"math/rand/v2"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
	"github.com/depthrace/depthrace/core/registry"
)

// TestSplitEqualsStep: for every family whose wide net splits, random
// instances, depths (below and above what the size needs), widths (0,
// starved, small, and wide enough for lookup jumps) and splits into 1..5
// ranges give exactly the frames and result of plain layers.
func TestSplitEqualsStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	splittable := 0
	for _, f := range registry.All() {
		info := f.Info()
		if !info.HasSize() {
			continue // sudoku's hypothesis net does not split
		}
		probe, err := f.Generate(machine.InstanceSpec{Size: info.MinSize, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := probe.NewWide(1, 0, nil).(machine.Splittable); !ok {
			t.Errorf("%s: its wide net does not split", info.Name)
			continue
		}
		splittable++
		for range 60 {
			size := info.MinSize + rng.IntN(min(info.MaxSize, 60))
			inst, err := f.Generate(machine.InstanceSpec{Size: size, Seed: rng.Uint64()})
			if err != nil {
				t.Fatal(err)
			}
			cells := len(inst.Reference())
			width := []int{0, 1 + rng.IntN(3*cells), 1 + rng.IntN(8), cells << (5 + rng.IntN(6))}[rng.IntN(4)]
			lane := machine.Lane{Model: machine.Wide, Depth: 1 + rng.IntN(size+2), Width: width}
			if err := splittest.Compare(inst, lane, 7, 1+rng.IntN(5)); err != nil {
				t.Fatalf("%s size=%d %+v: %v", info.Name, size, lane, err)
			}
		}
	}
	if splittable < 4 {
		t.Errorf("%d families split their wide layers, want parity, s5, rule90 and rule110", splittable)
	}
}
