// Package s5 is the S5 state-tracking family: the prefix products of n
// permutations of five items. Its word problem is NC¹-complete (Barrington),
// so a fixed-depth net composes only 2^D items, while a loop tracks any n.
package s5

import (
	"math/rand/v2"

	"github.com/depthrace/depthrace/core/machine"
)

// Family is the s5 family.
type Family struct{}

// MaxSize bounds n so that a whole race stays within seconds.
const MaxSize = 65536

// Info describes s5 for the page and the command line.
func (Family) Info() machine.Info {
	return machine.Info{
		Name: "s5", Title: "S5 state tracking", Twin: "parity",
		Class: "NC¹-complete (Barrington)", Claim: "conditional on TC⁰ ≠ NC¹",
		Explain: "Shuffle five cards with a list of n moves and ask where every card is after each move. " +
			"A wide net can only compose moves in pairs, then pairs of pairs: after D layers it knows the " +
			"first 2^D answers and must guess the rest (a wrong guess is right 1 time in 120). " +
			"The loop just applies the moves one by one and is always right, in n steps. " +
			"If TC⁰ ≠ NC¹, as is widely believed but not proven, no fixed-depth net of polynomial width does better.",
		SizeName: "permutations", MinSize: 1, MaxSize: MaxSize, DefaultSize: 64, Alphabet: 120,
	}
}

// Generate draws n uniform permutations from the seed.
func (f Family) Generate(spec machine.InstanceSpec) (machine.Instance, error) {
	if err := f.Info().CheckSize(spec.Size); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x55))
	in := make([]int, spec.Size)
	for i := range in {
		in[i] = rng.IntN(120)
	}
	return &Instance{items: in, ref: reference(in)}, nil
}

// reference applies the permutations one after another to five labelled
// cards: plain sequential code that shares nothing with the machines.
func reference(items []int) []int {
	cards := perm{0, 1, 2, 3, 4} // cards[x]: where card x is now
	out := make([]int, len(items))
	for i, s := range items {
		move := perms[s]
		for x := range cards {
			cards[x] = move[cards[x]]
		}
		out[i] = symbol(cards)
	}
	return out
}

// Instance is one list of permutations.
type Instance struct {
	items []int
	ref   []int
}

// Input returns the permutations, as symbols 0..119.
func (in *Instance) Input() []int { return in.items }

// Reference returns the sequential prefix products.
func (in *Instance) Reference() []int { return in.ref }

// Alphabet is 120: every permutation of five items.
func (in *Instance) Alphabet() int { return 120 }

// NewWide starts pointer-jumping prefix composition: each register holds the
// product of a span of items, and each layer composes it with the register
// just before its span, doubling the span. A cell is answered once its span
// reaches the start, or a committed cell.
func (in *Instance) NewWide(depth, width int, given []int) machine.Process {
	n := len(in.items)
	w := &wide{width: width, val: make([]int, n), start: make([]int, n), answer: make([]int, n)}
	for i, s := range in.items {
		w.val[i], w.start[i], w.answer[i] = s, i, -1
		if given != nil && given[i] >= 0 {
			w.val[i], w.start[i] = given[i], 0
		}
		if w.start[i] == 0 {
			w.answer[i] = w.val[i]
		}
	}
	w.nextVal, w.nextStart = append([]int(nil), w.val...), append([]int(nil), w.start...)
	return w
}

type wide struct {
	width              int
	val, start         []int // register i holds the product of items start[i]..i
	nextVal, nextStart []int
	answer             []int
}

// Step is one synchronous layer: every unfinished register reads the one
// just before its span (an attention-like pick) and composes with it.
func (w *wide) Step() int64 {
	var units int64
	for i := range w.val {
		w.nextVal[i], w.nextStart[i] = w.val[i], w.start[i]
		if w.start[i] == 0 || (w.width > 0 && units >= int64(w.width)) {
			continue
		}
		j := w.start[i] - 1
		w.nextVal[i], w.nextStart[i] = compose(w.val[j], w.val[i]), w.start[j]
		units++
	}
	w.val, w.nextVal = w.nextVal, w.val
	w.start, w.nextStart = w.nextStart, w.start
	for i, s := range w.start {
		if s == 0 {
			w.answer[i] = w.val[i]
		}
	}
	return units
}

func (w *wide) Halted() bool { return false }

func (w *wide) View() machine.View {
	return machine.View{Answer: w.answer, State: w.val, Clock: -1}
}

// NewDeep starts the loop: one register, composed with one item per step.
func (in *Instance) NewDeep(width int) machine.Process { return machine.NewFold(in.items, compose) }
