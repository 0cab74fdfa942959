package machine_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/s5"
)

var lanes = []machine.Lane{
	{Model: machine.Wide, Depth: 5},
	{Model: machine.Wide, Depth: 3, Width: 20},
	{Model: machine.Deep},
	{Model: machine.Diffusion, Depth: 3, Steps: 5, Mode: machine.Score},
	{Model: machine.Diffusion, Depth: 3, Steps: 5, Mode: machine.Commit},
}

// TestFramesMatchBatch steps each machine frame by frame, as the animation
// does, and checks that it ends where a batch run ends, with Changed listing
// exactly the answer cells that changed in each step.
func TestFramesMatchBatch(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 40, Seed: 5})
	for _, lane := range lanes {
		run, err := machine.NewRun(inst, lane, 5)
		if err != nil {
			t.Fatal(err)
		}
		prev := run.Frame().Answer
		frames := 0
		for run.Step() {
			f := run.Frame()
			frames++
			if f.Serial != frames {
				t.Fatalf("%v: frame %d reports serial %d", lane, frames, f.Serial)
			}
			var changed []int
			for i := range f.Answer {
				if f.Answer[i] != prev[i] {
					changed = append(changed, i)
				}
			}
			if !slices.Equal(changed, f.Changed) {
				t.Fatalf("%v step %d: Changed = %v, want %v", lane, frames, f.Changed, changed)
			}
			prev = f.Answer
		}
		batch, err := machine.Batch(context.Background(), inst, lane, 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := run.Result(); !reflect.DeepEqual(got, batch) {
			t.Errorf("%v: stepped result %+v differs from batch %+v", lane, got, batch)
		}
	}
}

func TestSameInputsSameBytes(t *testing.T) {
	dump := func() string {
		out := ""
		for seed := uint64(1); seed <= 3; seed++ {
			inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 50, Seed: seed})
			for _, lane := range lanes {
				run, _ := machine.NewRun(inst, lane, seed)
				for run.Step() {
					out += fmt.Sprintf("%+v\n", run.Frame())
				}
				out += fmt.Sprintf("%+v\n", run.Result())
			}
		}
		return out
	}
	if a, b := dump(), dump(); a != b {
		t.Fatal("two runs of the same inputs gave different frames or results")
	}
}

func TestBatchStopsOnCancel(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 4096, Seed: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := machine.Batch(ctx, inst, machine.Lane{Model: machine.Deep}, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Batch on a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestBadLanesAreRefused(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 8, Seed: 1})
	for _, lane := range []machine.Lane{
		{Model: machine.Wide, Depth: 0},
		{Model: machine.Wide, Depth: 2, Width: -1},
		{Model: machine.Diffusion, Depth: 2, Steps: 0, Mode: machine.Score},
		{Model: machine.Diffusion, Depth: 2, Steps: 3, Mode: "sharpen"},
		{Model: "lstm"},
	} {
		if _, err := machine.NewRun(inst, lane, 1); err == nil {
			t.Errorf("%+v: accepted, want an error", lane)
		}
	}
}
