package automaton

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// generate makes an instance or fails the test.
func generate(t testing.TB, f machine.Family, size int, seed uint64) *Instance {
	t.Helper()
	inst, err := f.Generate(machine.InstanceSpec{Size: size, Seed: seed})
	if err != nil {
		t.Fatalf("%s size %d: %v", f.Info().Name, size, err)
	}
	return inst.(*Instance)
}

// families is both rules, for the tests that hold for each.
var families = []machine.Family{Rule90{}, Rule110{}}

// TestReferenceHandChecked runs the reference on rows worked out by hand.
func TestReferenceHandChecked(t *testing.T) {
	cases := []struct {
		rule int
		row  []int
		rows [][]int // the rows at times 1, 2, …
	}{
		// Rule 90 draws Pascal's triangle mod 2 from a single cell.
		{90, []int{0, 0, 0, 1, 0, 0, 0}, [][]int{
			{0, 0, 1, 0, 1, 0, 0},
			{0, 1, 0, 0, 0, 1, 0},
			{1, 0, 1, 0, 1, 0, 1},
		}},
		// On a ring of 5 the two arms meet across the wrap.
		{90, []int{0, 0, 1, 0, 0}, [][]int{
			{0, 1, 0, 1, 0},
			{1, 0, 0, 0, 1},
		}},
		// Rule 110 grows to the left: 001, 011 and 010 make a one, 100 does not.
		{110, []int{0, 0, 0, 0, 1}, [][]int{
			{0, 0, 0, 1, 1},
			{0, 0, 1, 1, 1},
			{0, 1, 1, 0, 1},
		}},
		{110, []int{1, 1, 1, 1, 1}, [][]int{{0, 0, 0, 0, 0}}},
	}
	for _, c := range cases {
		for k, want := range c.rows {
			if got := reference(c.rule, c.row, k+1); !slices.Equal(got, want) {
				t.Errorf("rule %d from %v after %d steps: got %v, want %v", c.rule, c.row, k+1, got, want)
			}
		}
	}
}

// TestReferenceMatchesDefinitions checks the reference, which reads the rule
// number's bits, against each rule's Boolean definition on random rows.
func TestReferenceMatchesDefinitions(t *testing.T) {
	defs := map[int]func(l, c, r int) int{
		90:  func(l, _, r int) int { return l ^ r },
		110: func(l, c, r int) int { return (c | r) &^ (l & c & r) },
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, rule := range []int{90, 110} {
		def := defs[rule]
		for range 50 {
			n := 3 + rng.IntN(20)
			row := make([]int, n)
			for i := range row {
				row[i] = rng.IntN(2)
			}
			steps := rng.IntN(12)
			want := slices.Clone(row)
			for range steps {
				prev := slices.Clone(want)
				for i := range want {
					want[i] = def(prev[(i+n-1)%n], prev[i], prev[(i+1)%n])
				}
			}
			if got := reference(rule, row, steps); !slices.Equal(got, want) {
				t.Fatalf("rule %d, %d steps from %v: got %v, want %v", rule, steps, row, got, want)
			}
		}
	}
}

// TestGenerate checks sizes, determinism and the ring of 2t+1 cells.
func TestGenerate(t *testing.T) {
	for _, f := range families {
		info := f.Info()
		for _, bad := range []int{-1, 0, info.MaxSize + 1} {
			if _, err := f.Generate(machine.InstanceSpec{Size: bad}); err == nil || !strings.Contains(err.Error(), info.Name) {
				t.Errorf("%s size %d: want an error naming the family, got %v", info.Name, bad, err)
			}
		}
		a, b := generate(t, f, 40, 3), generate(t, f, 40, 3)
		if !slices.Equal(a.Input(), b.Input()) || !slices.Equal(a.Reference(), b.Reference()) {
			t.Errorf("%s: the same spec gave different instances", info.Name)
		}
		if c := generate(t, f, 40, 4); slices.Equal(a.Input(), c.Input()) {
			t.Errorf("%s: seeds 3 and 4 gave the same row", info.Name)
		}
		if len(a.Input()) != 81 || len(a.Reference()) != 81 || a.Steps() != 40 || a.Alphabet() != 2 {
			t.Errorf("%s size 40: %d input cells, %d answer cells, %d steps, alphabet %d", info.Name,
				len(a.Input()), len(a.Reference()), a.Steps(), a.Alphabet())
		}
		ones := 0
		for _, x := range a.Input() {
			if x != 0 && x != 1 {
				t.Fatalf("%s: input cell %d is not a bit", info.Name, x)
			}
			ones += x
		}
		if ones == 0 || ones == len(a.Input()) {
			t.Errorf("%s: a random row of 81 cells is constant", info.Name)
		}
		if !slices.Equal(a.Reference(), reference(int(a.rule.number), a.Input(), 40)) {
			t.Errorf("%s: reference is not the rule run for t steps", info.Name)
		}
		if _, err := f.Generate(machine.InstanceSpec{Size: info.MaxSize, Seed: 1}); err != nil {
			t.Errorf("%s: MaxSize %d rejected: %v", info.Name, info.MaxSize, err)
		}
	}
}

// TestInfo checks the page's facts: twins, badges and documented limits.
func TestInfo(t *testing.T) {
	r90, r110 := Rule90{}.Info(), Rule110{}.Info()
	if r90.Name != "rule90" || r110.Name != "rule110" || r90.Twin != r110.Name || r110.Twin != r90.Name {
		t.Errorf("names and twins: %q↔%q, %q↔%q", r90.Name, r90.Twin, r110.Name, r110.Twin)
	}
	if r90.Badge() != "TC⁰ (linear over GF(2)) · proven" {
		t.Errorf("rule90 badge %q", r90.Badge())
	}
	if r110.Badge() != "P-complete (prediction, Neary & Woods 2006) · conditional on NC ≠ P" {
		t.Errorf("rule110 badge %q", r110.Badge())
	}
	if !strings.Contains(r110.Explain, "2j+1") || !strings.Contains(r110.Explain, "2^(2j+1)") {
		t.Errorf("rule110 text does not state the lookup cost: %q", r110.Explain)
	}
	for _, i := range []machine.Info{r90, r110} {
		if i.MinSize != 1 || i.DefaultSize < i.MinSize || i.DefaultSize > i.MaxSize || i.Alphabet != 2 || !i.HasSize() {
			t.Errorf("%s limits: %+v", i.Name, i)
		}
	}
	if r90.MaxSize < 4096 {
		t.Errorf("rule90 MaxSize %d: must allow t = 4096", r90.MaxSize)
	}
}
