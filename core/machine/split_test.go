package machine_test

import (
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/splittest"
	"github.com/depthrace/depthrace/core/s5"
)

// TestRanges: the k ranges tile [0, n) in order and their sizes differ by
// at most one.
func TestRanges(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for k := -1; k <= 7; k++ {
			rs := machine.Ranges(n, k)
			want := max(1, k)
			if len(rs) != want {
				t.Fatalf("Ranges(%d, %d): %d ranges, want %d", n, k, len(rs), want)
			}
			at, lo, hi := 0, n, 0
			for _, r := range rs {
				if r[0] != at || r[1] < r[0] {
					t.Fatalf("Ranges(%d, %d) = %v: not a tiling", n, k, rs)
				}
				at = r[1]
				lo, hi = min(lo, r[1]-r[0]), max(hi, r[1]-r[0])
			}
			if at != n || hi-lo > 1 {
				t.Fatalf("Ranges(%d, %d) = %v: covers %d, sizes %d..%d", n, k, rs, at, lo, hi)
			}
		}
	}
}

// TestStepPartsRefusesBadParts: parts that do not tile the cells with the
// right registers are errors, and leave the run as it was.
func TestStepPartsRefusesBadParts(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 10, Seed: 1})
	r, err := machine.NewRun(inst, machine.Lane{Model: machine.Wide, Depth: 4}, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := r.StepRange(0, 5)
	b, _ := r.StepRange(5, 10)
	short := b
	short.Regs = short.Regs[1:]
	negative := b
	negative.Units = -1
	corrupt := b
	corrupt.Regs = append([]int32{}, b.Regs...)
	corrupt.Regs[1] = 9 // a span starting after its own cell
	for name, c := range map[string]struct {
		parts []machine.Part
		want  string
	}{
		"gap":         {[]machine.Part{a}, "cover [0, 5) of 10"},
		"overlap":     {[]machine.Part{a, a}, "should start at 5"},
		"reversed":    {[]machine.Part{b, a}, "should start at 0"},
		"registers":   {[]machine.Part{a, short}, "registers for 5 cells"},
		"units":       {[]machine.Part{a, negative}, "units"},
		"corrupt":     {[]machine.Part{a, corrupt}, "not a permutation"},
		"none at all": {nil, "cover [0, 0) of 10"},
	} {
		if err := r.StepParts(c.parts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", name, err, c.want)
		}
	}
	if r.Serial() != 0 {
		t.Fatalf("refused parts stepped the run to %d", r.Serial())
	}
	if _, err := r.StepRange(3, 11); err == nil {
		t.Error("a range past the cells was accepted")
	}
	if err := r.StepParts([]machine.Part{a, b}); err != nil || r.Serial() != 1 {
		t.Fatalf("good parts: %v, serial %d", err, r.Serial())
	}
}

// TestOnlyWideNetsSplit: the loop and diffusion do not split, and a
// finished run has no next layer.
func TestOnlyWideNetsSplit(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 8, Seed: 1})
	for _, lane := range []machine.Lane{{Model: machine.Deep}, {Model: machine.Diffusion, Depth: 2, Steps: 2, Mode: machine.Score}} {
		r, _ := machine.NewRun(inst, lane, 1)
		if _, ok := r.Splittable(); ok {
			t.Errorf("%s claims to split", lane.Model)
		}
		if _, err := r.StepSplit(2); err == nil || !strings.Contains(err.Error(), "cannot split") {
			t.Errorf("%s: StepSplit gave %v", lane.Model, err)
		}
	}
	r, _ := machine.NewRun(inst, machine.Lane{Model: machine.Wide, Depth: 1}, 1)
	if ok, err := r.StepSplit(3); !ok || err != nil {
		t.Fatalf("first layer: %v %v", ok, err)
	}
	if ok, err := r.StepSplit(3); ok || err != nil {
		t.Errorf("after the last layer StepSplit gave %v %v", ok, err)
	}
	if _, err := r.StepRange(0, 1); err == nil || !strings.Contains(err.Error(), "done") {
		t.Errorf("StepRange on a finished run: %v", err)
	}
}

// TestSplitEqualsStep is the property on the driver's own family: split
// layers give the plain run's frames and result for any number of ranges.
func TestSplitEqualsStep(t *testing.T) {
	inst, _ := s5.Family{}.Generate(machine.InstanceSpec{Size: 37, Seed: 4})
	for _, lane := range []machine.Lane{{Model: machine.Wide, Depth: 6}, {Model: machine.Wide, Depth: 4, Width: 9}} {
		for k := 1; k <= 5; k++ {
			if err := splittest.Compare(inst, lane, 4, k); err != nil {
				t.Error(err)
			}
		}
	}
}
