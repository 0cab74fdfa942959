// Package machine holds the three machines that race on every puzzle: the wide
// fixed-depth network Net(D, W), the deep recurrent loop Loop(W) and the
// diffusion sampler Diff(D, W, K, mode). Families supply instances and the
// per-layer work; this package drives them one serial step at a time, keeps
// the accounting and scores the answer against the sequential reference.
package machine

import "fmt"

// Family is one puzzle family: it makes deterministic instances and tells the
// page what the family shows.
type Family interface {
	// Info describes the family for the page, the command line and the limits.
	Info() Info
	// Generate returns the instance chosen by spec. The same spec always gives
	// the same instance.
	Generate(spec InstanceSpec) (Instance, error)
}

// Info is what a family tells users about itself.
type Info struct {
	Name    string // registry key, e.g. "s5"
	Title   string // human name, e.g. "S5 state tracking"
	Twin    string // the contrasting family, e.g. "parity"
	Class   string // complexity class, e.g. "NC¹-complete"
	Claim   string // "proven" or "conditional on …"
	Explain string // one plain-language paragraph for the page
	// SizeName says what size counts ("bits", "permutations", "steps"); empty
	// when sizes do not apply (sudoku).
	SizeName    string
	MinSize     int
	MaxSize     int
	DefaultSize int
	Alphabet    int // symbols an answer cell can take; chance is 1/Alphabet
}

// Badge is the short label the page shows next to the race: class and claim.
func (i Info) Badge() string { return i.Class + " · " + i.Claim }

// HasSize reports whether --size applies to the family.
func (i Info) HasSize() bool { return i.SizeName != "" }

// InstanceSpec selects one instance of a family.
type InstanceSpec struct {
	Size int
	Seed uint64
	// Set names a bundled puzzle set, or is a path whose contents are in
	// SetData. Families without sets ignore Set, SetData and Index.
	Set     string
	SetData []byte
	// Index picks a puzzle of the set; a negative Index draws one from Seed.
	Index int
}

// Instance is one puzzle: input cells, the reference answer and the
// family's implementation of each machine's unit work.
type Instance interface {
	// Input returns the puzzle's input cells, for display.
	Input() []int
	// Reference returns the answer cells, computed by plain sequential code
	// that never uses the machines under test.
	Reference() []int
	// Alphabet is the number of symbols an answer cell may take.
	Alphabet() int
	// NewWide starts the family's best parallel algorithm as a depth-D network
	// of width W (0 = as wide as it wants). given holds committed answer
	// cells (value, or -1 for none) that the net may use as inputs; it is nil
	// outside diffusion's commit mode. The driver steps it exactly D times.
	NewWide(depth, width int, given []int) Process
	// NewDeep starts the recurrent loop with W units per step (0 = enough).
	// The driver steps it until it halts.
	NewDeep(width int) Process
}

// Process is one machine run inside a family: each Step is one serial step
// (a layer of the net, or one application of the loop's block).
type Process interface {
	// Step runs one serial step and returns the units evaluated in it.
	Step() int64
	// Halted reports that the loop has finished; nets may always return false.
	Halted() bool
	// View exposes the current registers. The slices belong to the process
	// and are valid until the next Step.
	View() View
}

// View is what a process exposes after a step: the answer it would give now,
// how sure it is, and the registers a renderer draws.
type View struct {
	// Answer holds a value per answer cell, or -1 where the process has no idea.
	Answer []int
	// Conf is optional: per answer cell confidence in [0,1]. When nil, cells
	// with a value have confidence 1. A cell with a value and Conf < 1 is a
	// tentative guess (for example one of a Sudoku cell's candidates).
	Conf []float64
	// State is the working registers the renderer draws (it may alias Answer):
	// the current row of an automaton, the partial products of S5, the grid.
	State []int
	// Clock is the family's own time that State represents (the automaton row
	// it holds), or -1 when that means nothing.
	Clock int
	// Touched optionally lists the answer cells the last step wrote. A loop
	// that writes one cell a step sets it so that the driver's bookkeeping
	// stays O(1) a step; nil means "any cell", and the driver compares all.
	Touched []int
}

// Counter is a named tally a process reports besides serial steps and work,
// such as the Sudoku loop's guesses and backtracks.
type Counter struct {
	Name  string
	Value int64
}

// Counting is implemented by processes that report extra counters.
type Counting interface {
	Counters() []Counter
}

// Finisher is implemented by processes that can run many steps in one call,
// with nobody looking between them: Batch uses it so that a real solver's
// batch mode runs at full speed. Such a process promises that its answer
// is complete only once it has halted, so solved_at is its last step or
// never; the animation still steps it one step at a time.
type Finisher interface {
	// Finish runs steps until the process halts or has run limit steps,
	// and returns the steps run and the units they evaluated. Afterwards
	// View shows the state after the last of them.
	Finish(limit int) (steps int, units int64)
}

// Model names a machine.
type Model string

// The three machines.
const (
	Wide      Model = "wide"
	Deep      Model = "deep"
	Diffusion Model = "diffusion"
)

// Models lists the machines in display order.
var Models = []Model{Wide, Deep, Diffusion}

// ParseModel checks a machine name.
func ParseModel(s string) (Model, error) {
	for _, m := range Models {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown model %q (allowed: wide, deep, diffusion)", s)
}

// Mode is the diffusion lane's step rule.
type Mode string

// The diffusion modes, as THEORY.md defines them.
const (
	// Score is score-based denoising: inside the theorem, it plateaus at the
	// wide net's accuracy.
	Score Mode = "score"
	// Commit freezes confident cells and lets the net derive from them: outside
	// the theorem, it is autoregression on a canvas.
	Commit Mode = "commit"
)

// ParseMode checks a diffusion mode name.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case Score, Commit:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown mode %q (allowed: score, commit)", s)
}

// Lane configures one machine of a race.
type Lane struct {
	Model Model
	Depth int // layers of the net or denoiser; 0 for deep
	Width int // units per layer or step; 0 = as wide as the algorithm wants
	Steps int // diffusion steps K; 0 for wide and deep
	Mode  Mode
}

// Normalized zeroes the fields that do not apply to the lane's model, as the
// command line's contract reports them.
func (l Lane) Normalized() Lane {
	switch l.Model {
	case Deep:
		l.Depth, l.Steps, l.Mode = 0, 0, ""
	case Wide:
		l.Steps, l.Mode = 0, ""
	}
	return l
}

// CheckSize refuses a size outside the family's documented limits.
func (i Info) CheckSize(size int) error {
	if size < i.MinSize || size > i.MaxSize {
		return fmt.Errorf("%s: size %d out of range %d..%d", i.Name, size, i.MinSize, i.MaxSize)
	}
	return nil
}
