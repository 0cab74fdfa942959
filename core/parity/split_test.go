package parity

import (
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
)

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
