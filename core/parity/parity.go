// Package parity is the parity family: the prefix XOR of n bits. Parity is in
// TC⁰ and provably not in AC⁰: threshold gates count the ones before each
// position in one layer and a second layer takes the count mod 2, at any n.
package parity

import (
	"math/rand/v2"

	"github.com/depthrace/depthrace/core/machine"
)

// Family is the parity family.
type Family struct{}

// MaxSize bounds n so that a whole race stays within seconds.
const MaxSize = 65536

// Info describes parity for the page and the command line.
func (Family) Info() machine.Info {
	return machine.Info{
		Name: "parity", Title: "Parity (prefix XOR)", Twin: "s5",
		Class: "TC⁰, not AC⁰", Claim: "proven",
		Explain: "Is the number of ones so far odd or even, at every position? It looks serial, but it is not: " +
			"one layer of threshold gates counts the ones before each position, all at once, and a second layer " +
			"takes each count mod 2. Two layers suffice for eight bits or for sixty-five thousand. " +
			"Without threshold (counting) gates, constant-depth AND/OR circuits provably cannot do it.",
		SizeName: "bits", MinSize: 1, MaxSize: MaxSize, DefaultSize: 64, Alphabet: 2,
	}
}

// Generate draws n fair bits from the seed.
func (f Family) Generate(spec machine.InstanceSpec) (machine.Instance, error) {
	if err := f.Info().CheckSize(spec.Size); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x9a41))
	bits := make([]int, spec.Size)
	for i := range bits {
		bits[i] = rng.IntN(2)
	}
	ref := make([]int, len(bits))
	x := 0
	for i, b := range bits {
		x ^= b
		ref[i] = x
	}
	return &Instance{bits: bits, ref: ref}, nil
}

// Instance is one string of bits.
type Instance struct {
	bits, ref []int
}

// Input returns the bits.
func (in *Instance) Input() []int { return in.bits }

// Reference returns the sequential prefix XOR.
func (in *Instance) Reference() []int { return in.ref }

// Alphabet is 2.
func (in *Instance) Alphabet() int { return 2 }

// NewWide starts the counting net: a unit of the first kind is a threshold
// gate counting the ones at or before its position; a unit of the second kind
// takes a known count mod 2. A layer runs, in order of position, whichever
// unit each cell still needs, up to W units.
func (in *Instance) NewWide(depth, width int, given []int) machine.Process {
	n := len(in.bits)
	w := &wide{width: width, prefix: make([]int, n+1), count: make([]int, n), answer: make([]int, n)}
	for i, b := range in.bits {
		w.prefix[i+1] = w.prefix[i] + b
		w.count[i], w.answer[i] = -1, -1
		if given != nil && given[i] >= 0 {
			w.answer[i] = given[i]
		}
	}
	return w
}

type wide struct {
	width  int
	prefix []int // prefix sums of the input: what a counting gate at i reads at once
	count  []int // registers: the count at each position, -1 before its gate ran
	answer []int
}

func (w *wide) Step() int64 {
	var units int64
	for i := range w.answer {
		if w.answer[i] >= 0 {
			continue
		}
		if w.width > 0 && units >= int64(w.width) {
			break
		}
		if c := w.count[i]; c >= 0 {
			w.answer[i] = c & 1 // reads the count as it was at the start of the layer
		} else {
			w.count[i] = w.prefix[i+1]
		}
		units++
	}
	return units
}

func (w *wide) Halted() bool { return false }

func (w *wide) View() machine.View {
	return machine.View{Answer: w.answer, State: w.count, Clock: -1}
}

// NewDeep starts the loop: one bit of state, XORed with one input per step.
func (in *Instance) NewDeep(width int) machine.Process {
	return machine.NewFold(in.bits, func(acc, bit int) int { return acc ^ bit })
}
