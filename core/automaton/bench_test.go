package automaton

import (
	"context"
	"fmt"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// benchLane runs one lane per iteration on a fresh copy of the instance (so
// the Lucas counts are computed every time, as in a single race) and reports
// nanoseconds per unit of work and serial steps per second.
func benchLane(b *testing.B, inst *Instance, lane machine.Lane) {
	var work, serial int64
	for b.Loop() {
		fresh := &Instance{rule: inst.rule, steps: inst.steps, row: inst.row, ref: inst.ref}
		res, err := machine.Batch(context.Background(), fresh, lane, 1)
		if err != nil {
			b.Fatal(err)
		}
		work += res.Work
		serial += int64(res.SerialSteps)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(work), "ns/unit")
	b.ReportMetric(float64(serial)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkWide times the nets: rule 90 in closed form (t = 4095 has the
// most Lucas terms below 4096), rule 110 stepping and jumping by lookups.
func BenchmarkWide(b *testing.B) {
	cases := []struct {
		f            machine.Family
		steps, depth int
		jump         int // lookup jump the width pays for; 1 = none
	}{
		{Rule90{}, 4095, 2, 1},
		{Rule90{}, 4096, 2, 1},
		{Rule110{}, 1024, 1024, 1},
		{Rule110{}, 1024, 256, 4},
	}
	for _, c := range cases {
		inst := generate(b, c.f, c.steps, 1)
		width := 0
		if c.jump > 1 {
			width = len(inst.row) << (2*c.jump + 1)
		}
		name := fmt.Sprintf("%s/t=%d/D=%d/W=%d", c.f.Info().Name, c.steps, c.depth, width)
		b.Run(name, func(b *testing.B) {
			benchLane(b, inst, machine.Lane{Model: machine.Wide, Depth: c.depth, Width: width})
		})
	}
}

// BenchmarkDeep times the loop at the largest sizes, a whole row per step.
func BenchmarkDeep(b *testing.B) {
	for _, c := range []struct {
		f     machine.Family
		steps int
	}{{Rule90{}, 4096}, {Rule110{}, 1024}} {
		inst := generate(b, c.f, c.steps, 1)
		b.Run(fmt.Sprintf("%s/t=%d", c.f.Info().Name, c.steps), func(b *testing.B) {
			benchLane(b, inst, machine.Lane{Model: machine.Deep})
		})
	}
}
