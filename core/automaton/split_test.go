package automaton

import (
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
)

// TestSplitGateDividesTheWork: a range of the Lucas net's first layer
// computes the gate of its own cells only, and those equal the whole gate's.
func TestSplitGateDividesTheWork(t *testing.T) {
	inst := generate(t, Rule90{}, 45, 3)
	whole := inst.lucasGate()
	n := len(inst.row)
	for _, r := range machine.Ranges(n, 4) {
		part := inst.gateRange(r[0], r[1])
		for i, g := range part {
			if g != whole[r[0]+i] {
				t.Fatalf("gate of cell %d: range says %d, whole says %d", r[0]+i, g, whole[r[0]+i])
			}
		}
	}
}

// TestApplyRefusesCorruptRegisters: a value that is no bit, or a count
// beyond the ring, is an error.
func TestApplyRefusesCorruptRegisters(t *testing.T) {
	inst := generate(t, Rule90{}, 3, 1) // 7 cells
	lucas := inst.NewWide(1, 0, nil).(*lucas)
	if _, err := lucas.Apply([]machine.Part{{Lo: 0, Hi: 7, Regs: append([]int32{8, -1}, make([]int32, 12)...)}}); err == nil {
		t.Error("lucas: a count of 8 on 7 cells accepted")
	}
	stepper := inst.NewWide(5, 0, nil).(*stepper)
	if _, err := stepper.Apply([]machine.Part{{Lo: 0, Hi: 7, Regs: []int32{0, 0, 2, 0, 0, 0, 0}}}); err == nil {
		t.Error("stepper: a cell value of 2 accepted")
	}
}

// BenchmarkSplit compares plain layers with split ones on the heavy Lucas
// layer (rule 90, t = 4095, depth 2) and on rule 110 stepping.
func BenchmarkSplit(b *testing.B) {
	for _, c := range []struct {
		name  string
		f     machine.Family
		steps int
		lane  machine.Lane
	}{
		{"rule90-lucas", Rule90{}, 4095, machine.Lane{Model: machine.Wide, Depth: 2}},
		{"rule110-step", Rule110{}, 1024, machine.Lane{Model: machine.Wide, Depth: 64}},
	} {
		b.Run(c.name, func(b *testing.B) {
			gen := func() machine.Instance { return generate(b, c.f, c.steps, 1) }
			splittest.Bench(b, gen, c.lane)
		})
	}
}
