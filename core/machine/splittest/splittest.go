// Package splittest checks a family's split layers against its plain ones:
// the property that a layer computed by ranges on several workers and
// committed at a barrier is exactly one Step, whatever the tiling.
package splittest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// Compare runs the wide lane twice on inst, once with Step and once with
// every layer split into k ranges (Run.StepSplit), and returns an error
// naming the first frame or result that differs. It also fails when the
// lane's net is not Splittable, so a family cannot pass by not splitting.
func Compare(inst machine.Instance, lane machine.Lane, seed uint64, k int) error {
	plain, err := machine.NewRun(inst, lane, seed)
	if err != nil {
		return err
	}
	split, err := machine.NewRun(inst, lane, seed)
	if err != nil {
		return err
	}
	if _, ok := split.Splittable(); !ok {
		return fmt.Errorf("lane %+v: the net is not splittable", lane)
	}
	if a, b := plain.Frame(), split.Frame(); !reflect.DeepEqual(a, b) {
		return fmt.Errorf("first frames differ:\n plain %+v\n split %+v", a, b)
	}
	for {
		stepped := plain.Step()
		ok, err := split.StepSplit(k)
		if err != nil {
			return fmt.Errorf("layer %d over %d ranges: %v", plain.Serial(), k, err)
		}
		if ok != stepped {
			return fmt.Errorf("after %d layers: plain stepped %v, split %v", plain.Serial(), stepped, ok)
		}
		if !stepped {
			break
		}
		if a, b := plain.Frame(), split.Frame(); !reflect.DeepEqual(a, b) {
			return fmt.Errorf("layer %d over %d ranges: frames differ:\n plain %+v\n split %+v", a.Serial, k, a, b)
		}
	}
	if a, b := plain.Result(), split.Result(); !reflect.DeepEqual(a, b) {
		return fmt.Errorf("results differ over %d ranges:\n plain %+v\n split %+v", k, a, b)
	}
	return nil
}

// Bench times a whole wide lane on fresh instances from gen three ways:
// "step" with plain layers; "halves" with every layer computed as two
// ranges one after the other, then applied; and "worker" with one half's
// range and the Apply of both, which is what each of two workers does per
// layer, so step/worker bounds the speed-up two workers can give.
func Bench(b *testing.B, gen func() machine.Instance, lane machine.Lane) {
	run := func(b *testing.B, layer func(r *machine.Run) bool) {
		for b.Loop() {
			b.StopTimer()
			r, err := machine.NewRun(gen(), lane, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			for layer(r) {
			}
		}
	}
	b.Run("step", func(b *testing.B) { run(b, (*machine.Run).Step) })
	b.Run("halves", func(b *testing.B) {
		run(b, func(r *machine.Run) bool {
			ok, err := r.StepSplit(2)
			if err != nil {
				b.Fatal(err)
			}
			return ok
		})
	})
	b.Run("worker", func(b *testing.B) {
		run(b, func(r *machine.Run) bool {
			if r.Done() {
				return false
			}
			s, _ := r.Splittable()
			n := s.Cells()
			mine, err := r.StepRange(0, n/2)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer() // the other worker's half, computed meanwhile
			other, _ := r.StepRange(n/2, n)
			b.StartTimer()
			if err := r.StepParts([]machine.Part{mine, other}); err != nil {
				b.Fatal(err)
			}
			return true
		})
	})
}
