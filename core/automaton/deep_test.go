package automaton

import (
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// TestLoop: the loop is always exact, in t serial steps at W = 0 or W ≥ N,
// and in t·ceil(N/W) steps below, doing N units of work per row.
func TestLoop(t *testing.T) {
	for _, f := range families {
		for _, steps := range []int{1, 2, 5, 17, 64} {
			inst := generate(t, f, steps, uint64(steps))
			n := 2*steps + 1
			for _, w := range []int{0, 1, 3, n - 1, n, 2 * n} {
				res := batch(t, inst, machine.Lane{Model: machine.Deep, Width: w})
				rows := 1
				if w > 0 && w < n {
					rows = (n + w - 1) / w
				}
				if !res.Exact || res.SerialSteps != steps*rows || res.Work != int64(n*steps) {
					t.Errorf("%s t=%d W=%d: exact %v, %d steps (want %d), work %d (want %d)",
						f.Info().Name, steps, w, res.Exact, res.SerialSteps, steps*rows, res.Work, n*steps)
				}
			}
		}
	}
	for _, c := range []struct {
		f     machine.Family
		steps int
	}{{Rule90{}, 4096}, {Rule110{}, 1024}} {
		res := batch(t, generate(t, c.f, c.steps, 1), machine.Lane{Model: machine.Deep})
		if !res.Exact || res.SerialSteps != c.steps || res.SolvedAt != c.steps {
			t.Errorf("%s t=%d: exact %v in %d steps, solved at %d", c.f.Info().Name, c.steps, res.Exact, res.SerialSteps, res.SolvedAt)
		}
	}
}
