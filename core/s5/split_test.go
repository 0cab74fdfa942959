package s5

import (
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
)

// BenchmarkSplit compares a plain layer with the same layer computed as two
// halves and applied, on the largest instance.
func BenchmarkSplit(b *testing.B) {
	gen := func() machine.Instance {
		inst, _ := Family{}.Generate(machine.InstanceSpec{Size: MaxSize, Seed: 1})
		return inst
	}
	splittest.Bench(b, gen, machine.Lane{Model: machine.Wide, Depth: 16})
}
