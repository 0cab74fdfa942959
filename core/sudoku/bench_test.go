package sudoku

import (
	"context"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// benchSets runs lane in batch over every puzzle of each bundled set in
// turn, exactly as a sweep does, and reports nanoseconds per unit of work,
// serial steps per second and microseconds per puzzle.
func benchSets(b *testing.B, lane machine.Lane) {
	for _, set := range SetNames() {
		b.Run(set, func(b *testing.B) {
			ins := instances(b, set, 1)
			var work, serial, puzzles int64
			for b.Loop() {
				res, err := machine.Batch(context.Background(), ins[puzzles%int64(len(ins))], lane, 1)
				if err != nil {
					b.Fatal(err)
				}
				work += res.Work
				serial += int64(res.SerialSteps)
				puzzles++
			}
			ns := float64(b.Elapsed().Nanoseconds())
			b.ReportMetric(ns/float64(work), "ns/unit")
			b.ReportMetric(float64(serial)/(ns/1e9), "steps/s")
			b.ReportMetric(ns/1e3/float64(puzzles), "µs/puzzle")
		})
	}
}

// BenchmarkLoop times the loop, the real solver: the target is 100 µs per
// puzzle or less on the extreme set.
func BenchmarkLoop(b *testing.B) { benchSets(b, machine.Lane{Model: machine.Deep}) }

// BenchmarkWide times Net(17, 8): propagation with eight hypotheses.
func BenchmarkWide(b *testing.B) {
	benchSets(b, machine.Lane{Model: machine.Wide, Depth: 17, Width: 8})
}
