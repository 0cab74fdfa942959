package registry_test

import (
	"context"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/registry"
)

// BenchmarkMachines runs every family's machines in batch at the default
// size and reports ns per unit of work and serial steps per second, the two
// columns of make bench.
func BenchmarkMachines(b *testing.B) {
	for _, f := range registry.All() {
		info := f.Info()
		inst, err := f.Generate(machine.InstanceSpec{Size: info.DefaultSize, Seed: 1, Set: "clue17", Index: 0})
		if err != nil {
			b.Fatal(err)
		}
		for _, lane := range []machine.Lane{
			{Model: machine.Wide, Depth: 6},
			{Model: machine.Deep},
			{Model: machine.Diffusion, Depth: 6, Steps: 32, Mode: machine.Score},
		} {
			b.Run(info.Name+"/"+string(lane.Model), func(b *testing.B) {
				var work, serial int64
				for b.Loop() {
					r, err := machine.Batch(context.Background(), inst, lane, 1)
					if err != nil {
						b.Fatal(err)
					}
					work += r.Work
					serial += int64(r.SerialSteps)
				}
				ns := float64(b.Elapsed().Nanoseconds())
				b.ReportMetric(ns/float64(work), "ns/unit")
				b.ReportMetric(float64(serial)/(ns/1e9), "steps/s")
			})
		}
	}
}
