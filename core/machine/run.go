package machine

import (
	"context"
	"fmt"
	"slices"
)

// DeepBudget is the loop's safety budget in serial steps. It is a guard
// against a broken block, never a tuning knob: every family halts well within it.
const DeepBudget = 1 << 28

// Frame is a snapshot of a run after one serial step: everything a renderer
// needs, copied so that it stays valid.
type Frame struct {
	Serial  int       // serial steps done so far
	Work    int64     // unit evaluations so far
	Units   int64     // units evaluated in this step
	Layer   int       // wide and diffusion: the layer just run (1-based) of the current pass
	Pass    int       // diffusion: denoising passes finished
	Noise   float64   // diffusion: noise level of the sample in State
	Answer  []int     // answer state, -1 where undetermined
	Conf    []float64 // confidence per answer cell
	State   []int     // working registers
	Clock   int       // the family time State represents, or -1
	Changed []int     // answer cells whose value changed since the previous frame
	Done    bool      // the machine has finished
}

// Result is the outcome of a finished run.
type Result struct {
	Lane         Lane
	SerialSteps  int
	Work         int64
	Exact        bool
	CellAccuracy float64
	// SolvedAt is the first serial step at which the answer state equalled
	// the reference, or -1 if it never did.
	SolvedAt int
	Answer   []int // the final answer, with undetermined cells guessed
	Wrong    []int // answer cells that differ from the reference
	Counters []Counter
}

// Run drives one machine on one instance, one serial step at a time. The
// same Step serves the animation (Frame after each step) and batch runs.
type Run struct {
	inst     Instance
	lane     Lane
	seed     uint64
	proc     Process
	ref      []int
	serial   int
	limit    int // serial steps for wide and diffusion; DeepBudget for deep
	work     int64
	units    int64
	solvedAt int
	answer   []int // the answer state after the last step
	wrong    int   // cells of answer that differ from the reference
	shown    []int // the answer state at the last Frame, for Changed
	changed  []int
}

// NewRun checks the lane and starts its machine on inst. seed fixes every
// guess the machine makes.
func NewRun(inst Instance, lane Lane, seed uint64) (*Run, error) {
	lane = lane.Normalized()
	if lane.Width < 0 {
		return nil, fmt.Errorf("width %d is negative", lane.Width)
	}
	r := &Run{inst: inst, lane: lane, seed: seed, ref: inst.Reference(), solvedAt: -1}
	switch lane.Model {
	case Wide:
		if lane.Depth < 1 {
			return nil, fmt.Errorf("depth %d: the wide net needs at least one layer", lane.Depth)
		}
		r.proc, r.limit = inst.NewWide(lane.Depth, lane.Width, nil), lane.Depth
	case Deep:
		r.proc, r.limit = inst.NewDeep(lane.Width), DeepBudget
	case Diffusion:
		if lane.Depth < 1 || lane.Steps < 1 {
			return nil, fmt.Errorf("diffusion needs depth and steps of at least 1 (got %d, %d)", lane.Depth, lane.Steps)
		}
		if _, err := ParseMode(string(lane.Mode)); err != nil {
			return nil, err
		}
		r.proc, r.limit = newDiffusion(inst, lane, seed), lane.Depth*lane.Steps
	default:
		return nil, fmt.Errorf("unknown model %q", lane.Model)
	}
	r.answer = slices.Clone(r.proc.View().Answer)
	r.shown = slices.Clone(r.answer)
	for i, x := range r.answer {
		if x != r.ref[i] {
			r.wrong++
		}
	}
	r.checkSolved()
	return r, nil
}

// Lane returns the normalized lane the run was made with.
func (r *Run) Lane() Lane { return r.lane }

// Serial returns the serial steps done so far.
func (r *Run) Serial() int { return r.serial }

// Done reports that the machine has finished.
func (r *Run) Done() bool {
	return r.serial >= r.limit || (r.lane.Model == Deep && r.proc.Halted())
}

// Step runs one serial step. It returns false, doing nothing, once the run is done.
func (r *Run) Step() bool {
	if r.Done() {
		return false
	}
	r.advance(r.proc.Step())
	return true
}

// advance books a serial step of units that the process has just taken:
// work, the answer cells it changed and when the answer became right.
func (r *Run) advance(units int64) {
	r.units = units
	r.work += units
	r.serial++
	v := r.proc.View()
	if v.Touched == nil {
		for i := range v.Answer {
			r.track(i, v.Answer[i])
		}
	} else {
		for _, i := range v.Touched {
			r.track(i, v.Answer[i])
		}
	}
	r.checkSolved()
}

// track records cell i's new answer value, keeping the count of wrong cells.
func (r *Run) track(i, x int) {
	if old := r.answer[i]; old != x {
		if old != r.ref[i] {
			r.wrong--
		}
		if x != r.ref[i] {
			r.wrong++
		}
		r.answer[i] = x
	}
}

func (r *Run) checkSolved() {
	if r.solvedAt < 0 && r.wrong == 0 {
		r.solvedAt = r.serial
	}
}

// Frame snapshots the run after the last step. Changed lists the answer
// cells that changed since the previous Frame (or since the start).
func (r *Run) Frame() Frame {
	v := r.proc.View()
	r.changed = r.changed[:0]
	for i, x := range v.Answer {
		if r.shown[i] != x {
			r.changed = append(r.changed, i)
		}
	}
	r.shown = append(r.shown[:0], v.Answer...)
	f := Frame{
		Serial: r.serial, Work: r.work, Units: r.units,
		Answer: slices.Clone(v.Answer), State: slices.Clone(v.State),
		Clock: v.Clock, Changed: slices.Clone(r.changed), Done: r.Done(),
		Conf: confidence(v),
	}
	switch r.lane.Model {
	case Wide:
		f.Layer = r.serial
	case Diffusion:
		d := r.proc.(*diffusion)
		f.Layer, f.Pass, f.Noise = d.layer, d.pass, d.noise()
		if f.Layer == 0 && f.Pass > 0 {
			f.Layer = r.lane.Depth
		}
	}
	return f
}

// confidence returns the view's confidence, filling in the default rule.
func confidence(v View) []float64 {
	if v.Conf != nil {
		return slices.Clone(v.Conf)
	}
	c := make([]float64, len(v.Answer))
	for i, x := range v.Answer {
		if x >= 0 {
			c[i] = 1
		}
	}
	return c
}

// Result scores the run as it stands: undetermined cells are guessed from
// the seed, then compared with the reference.
func (r *Run) Result() Result {
	v := r.proc.View()
	answer := slices.Clone(v.Answer)
	alpha := r.inst.Alphabet()
	for i, x := range answer {
		if x < 0 {
			answer[i] = Guess(r.seed, i, alpha)
		}
	}
	res := Result{Lane: r.lane, SerialSteps: r.serial, Work: r.work, SolvedAt: r.solvedAt, Answer: answer}
	for i, x := range answer {
		if x != r.ref[i] {
			res.Wrong = append(res.Wrong, i)
		}
	}
	res.Exact = len(res.Wrong) == 0
	if n := len(answer); n > 0 {
		res.CellAccuracy = float64(n-len(res.Wrong)) / float64(n)
	}
	if c, ok := r.proc.(Counting); ok {
		res.Counters = c.Counters()
	}
	return res
}

// Batch runs the lane to the end without recording frames. It stops early
// with the context's error when ctx is cancelled, checking between steps.
func Batch(ctx context.Context, inst Instance, lane Lane, seed uint64) (Result, error) {
	r, err := NewRun(inst, lane, seed)
	if err != nil {
		return Result{}, err
	}
	f, finishes := r.proc.(Finisher)
	for !r.Done() {
		if finishes {
			r.finish(f)
		} else {
			r.Step()
		}
		if r.serial&63 == 0 || finishes {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return r.Result(), nil
}

// finishChunk is how many steps Batch lets a Finisher run between two
// looks at the context: a millisecond or so of a Sudoku search.
const finishChunk = 1 << 12

// finish runs a chunk of steps through the process's own Finish, then books
// them at once. The answer can only be complete at the last step (the
// Finisher's promise), so comparing it once afterwards finds solved_at.
func (r *Run) finish(f Finisher) {
	steps, units := f.Finish(min(finishChunk, r.limit-r.serial))
	r.serial += steps
	r.work += units
	for i, x := range r.proc.View().Answer {
		r.track(i, x)
	}
	r.checkSolved()
}

// Guess is the deterministic guess for an undetermined cell: a symbol drawn
// from the seed and the cell's index, the same on every machine.
func Guess(seed uint64, cell, alphabet int) int {
	return int(mix(seed^0x9e3779b97f4a7c15, uint64(cell)) % uint64(alphabet))
}

// mix is SplitMix64 over two words: a stateless hash, so guesses do not
// depend on the order cells are visited.
func mix(a, b uint64) uint64 {
	z := a + b*0xbf58476d1ce4e5b9 + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
