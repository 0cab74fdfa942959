package machine

// Fold is the recurrent loop of the prefix families (parity, s5): one
// register, combined with one input item per step, each step writing the
// next prefix cell. Its state is a single symbol whatever n is, and its
// serial steps are exactly n.
type Fold struct {
	items   []int
	combine func(acc, item int) int
	acc     int
	k       int
	answer  []int
	touched [1]int
}

// NewFold starts a fold over items; combine(acc, item) is the block's one unit.
func NewFold(items []int, combine func(acc, item int) int) *Fold {
	f := &Fold{items: items, combine: combine, answer: make([]int, len(items))}
	for i := range f.answer {
		f.answer[i] = -1
	}
	return f
}

// Step combines the next item into the register and writes its prefix cell.
func (f *Fold) Step() int64 {
	if f.k == 0 {
		f.acc = f.items[0]
	} else {
		f.acc = f.combine(f.acc, f.items[f.k])
	}
	f.answer[f.k], f.touched[0] = f.acc, f.k
	f.k++
	return 1
}

// Halted reports that every item has been folded in.
func (f *Fold) Halted() bool { return f.k >= len(f.items) }

// View shows the prefix cells written so far; Clock is the items consumed.
func (f *Fold) View() View {
	return View{Answer: f.answer, State: f.answer, Clock: f.k, Touched: f.touched[:min(f.k, 1)]}
}
