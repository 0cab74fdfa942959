// Package automaton holds the elementary cellular automaton families rule90
// and rule110: predict the row of a ring of 2t+1 cells after t steps. Rule 90
// is linear over GF(2), so a wide net answers any t in constant depth (Lucas'
// theorem); rule 110 is P-complete to predict, so a net of polynomial width
// advances one step per layer. Both rules share one implementation, with the
// rule number as a parameter.
package automaton

import (
	"math/rand/v2"
	"sync"

	"github.com/depthrace/depthrace/core/machine"
)

// Size limits, in steps t. A race at the largest size simulates about
// (2t+1)·t cell updates per lane, which stays within seconds.
const (
	// MaxSize90 lets rule 90 show its constant-depth answer at t = 4096.
	MaxSize90 = 4096
	// MaxSize110 keeps the rule 110 space-time diagram and loop short.
	MaxSize110 = 1024
	// DefaultSize is the number of steps a race starts with.
	DefaultSize = 32
)

// Rule90 is the rule 90 family: every cell becomes the XOR of its neighbours.
type Rule90 struct{}

// Rule110 is the rule 110 family, a Turing-complete automaton.
type Rule110 struct{}

// Info describes rule 90 for the page and the command line.
func (Rule90) Info() machine.Info { return rule90.info }

// Info describes rule 110 for the page and the command line.
func (Rule110) Info() machine.Info { return rule110.info }

// Generate draws the initial row of 2t+1 cells from the seed, for t = spec.Size.
func (Rule90) Generate(spec machine.InstanceSpec) (machine.Instance, error) {
	return rule90.generate(spec)
}

// Generate draws the initial row of 2t+1 cells from the seed, for t = spec.Size.
func (Rule110) Generate(spec machine.InstanceSpec) (machine.Instance, error) {
	return rule110.generate(spec)
}

// rule is what distinguishes the two families; everything else is shared.
type rule struct {
	number uint8 // Wolfram rule number: bit l<<2|c<<1|r is the new centre cell
	// linear rules are answered by the wide net in closed form (Lucas'
	// theorem) when stepping would need more layers than it has.
	linear bool
	info   machine.Info
}

var rule90 = rule{
	number: 90, linear: true,
	info: machine.Info{
		Name: "rule90", Title: "Rule 90 (XOR automaton)", Twin: "rule110",
		Class: "TC⁰ (linear over GF(2))", Claim: "proven",
		Explain: "A ring of cells where every cell becomes the XOR of its two neighbours, run for t steps. " +
			"It looks serial, but it is not: the rule is linear, so by Lucas' theorem each cell at time t is the " +
			"parity of the initial cells at offsets −t+2k for every k whose binary digits all lie among t's. " +
			"One layer of threshold gates counts those cells and a second takes each count mod 2, so two layers " +
			"answer any t (one when t is a power of two, where only two cells count). " +
			"The loop needs t steps, one row at a time.",
		SizeName: "steps", MinSize: 1, MaxSize: MaxSize90, DefaultSize: DefaultSize, Alphabet: 2,
	},
}

var rule110 = rule{
	number: 110,
	info: machine.Info{
		Name: "rule110", Title: "Rule 110 (universal automaton)", Twin: "rule90",
		Class: "P-complete (prediction, Neary & Woods 2006)", Claim: "conditional on NC ≠ P",
		Explain: "A ring of cells run for t steps under rule 110, an automaton that can simulate any computation. " +
			"Each cell depends only on itself and its two neighbours, so a wide net advances one step per layer: " +
			"after D layers it knows the row at time D and must guess beyond. Jumping j steps in one layer needs a " +
			"lookup table over the 2j+1 cells in reach, width 2^(2j+1) per cell, so saving depth costs width that " +
			"grows exponentially. Predicting rule 110 is P-complete: if NC ≠ P, as is widely believed but not proven, " +
			"no net of polynomial width and depth far below t does it. The loop steps t times and is always right.",
		SizeName: "steps", MinSize: 1, MaxSize: MaxSize110, DefaultSize: DefaultSize, Alphabet: 2,
	},
}

// generate draws the instance: t = spec.Size steps on a ring of 2t+1 cells,
// wide enough that no cell's light cone wraps onto itself.
func (r rule) generate(spec machine.InstanceSpec) (machine.Instance, error) {
	if err := r.info.CheckSize(spec.Size); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0xca000+uint64(r.number)))
	row := make([]int, 2*spec.Size+1)
	for i := range row {
		row[i] = rng.IntN(2)
	}
	return &Instance{rule: r, steps: spec.Size, row: row, ref: reference(int(r.number), row, spec.Size)}, nil
}

// reference runs the automaton t steps on the ring, one row after another:
// plain sequential code straight from the rule number's definition, sharing
// nothing with the machines.
func reference(number int, row []int, t int) []int {
	n := len(row)
	cur := append([]int(nil), row...)
	for range t {
		next := make([]int, n)
		for i := range cur {
			pattern := 4*cur[(i-1+n)%n] + 2*cur[i] + cur[(i+1)%n]
			next[i] = (number >> pattern) % 2
		}
		cur = next
	}
	return cur
}

// Instance is one initial row and the number of steps to predict.
type Instance struct {
	rule  rule
	steps int   // t
	row   []int // the initial row, 2t+1 cells
	ref   []int

	gateOnce sync.Once
	gate     []int // rule 90: the Lucas count of every cell, computed on first use
}

// Input returns the initial row.
func (in *Instance) Input() []int { return in.row }

// Reference returns the row after t steps, by sequential simulation.
func (in *Instance) Reference() []int { return in.ref }

// Alphabet is 2: cells are bits.
func (in *Instance) Alphabet() int { return 2 }

// Steps returns t, the number of steps whose outcome is asked for.
func (in *Instance) Steps() int { return in.steps }

// cell is the unit both machines are made of: the rule applied to one cell
// and its two neighbours. An unknown input (-1) makes the result unknown.
func cell(number uint8, l, c, r int) int {
	if l|c|r < 0 {
		return -1
	}
	return int(number>>(uint(l<<2|c<<1|r)&7)) & 1
}

// advance writes into dst the cells lo..hi-1 of the row after one step of
// src on the ring (of at least 3 cells: t ≥ 1).
func advance(number uint8, dst, src []int, lo, hi int) {
	n := len(src)
	if lo >= hi {
		return
	}
	if lo == 0 {
		dst[0] = cell(number, src[n-1], src[0], src[1])
		lo = 1
	}
	if hi == n {
		dst[n-1] = cell(number, src[n-2], src[n-1], src[0])
		hi = n - 1
	}
	for i := lo; i < hi; i++ {
		w := src[i-1 : i+2]
		dst[i] = cell(number, w[0], w[1], w[2])
	}
}
