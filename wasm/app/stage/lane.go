package stage

import (
	"math"
	"slices"
	"sync/atomic"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/wasm/render"
)

// LaneSource drives one lane of the race and keeps what the renderer draws
// of it. The stage only asks a source to reach a serial step and reads it
// back, so a source that streams frames from a Web Worker (issue 5) can
// replace the local one without touching the stage's clock or the renderer.
type LaneSource interface {
	// StepTo advances the lane until it has done serial steps, or is done.
	StepTo(serial int)
	// Finish runs the lane to its end.
	Finish()
	// Serial returns the serial steps done so far.
	Serial() int
	// Done reports that the lane's machine has finished.
	Done() bool
	// View returns the lane as the renderer draws it, scored as it stands.
	View() render.LaneView
	// Result scores the lane as it stands (final once Done).
	Result() machine.Result
	// WallMs is the wall time spent in the lane's steps, in milliseconds.
	WallMs() float64
	// Available is the furthest serial step the lane can reach now without
	// waiting: unbounded for a lane that runs here, the frames received so
	// far for one that streams them. The shared clock never passes it.
	Available() int
}

// HistoryCells caps the cells a lane keeps of its Row history. Past it, the
// lane keeps every other row and records only rows whose clock is a multiple
// of the doubled stride, so memory stays bounded for any size.
const HistoryCells = 1 << 21

// trail keeps what a lane's drawing needs of its past frames: the units of
// each serial step of the current pass and, for boards that draw it, the
// family-time history. Local and streamed lanes record their frames alike.
type trail struct {
	model   machine.Model
	history bool
	units   []int64 // units per serial step of the current pass
	rows    []render.Row
	cells   int // cells held in rows
	stride  int // rows are recorded when Clock%stride == 0
}

// record adds one frame. Recording the same frame twice changes nothing.
func (t *trail) record(f *machine.Frame) {
	if t.model != machine.Deep && f.Serial > 0 {
		if f.Layer == 1 || len(t.units) >= f.Layer {
			t.units = t.units[:0]
		}
		t.units = append(t.units, f.Units)
	}
	if t.history && f.Clock >= 0 && f.Clock%t.stride == 0 &&
		(len(t.rows) == 0 || t.rows[len(t.rows)-1].Clock != f.Clock) {
		t.rows = append(t.rows, render.Row{Clock: f.Clock, State: slices.Clone(f.State)})
		t.cells += len(f.State)
		for t.cells > HistoryCells && len(t.rows) > 1 {
			t.thin()
		}
	}
}

// thin doubles the history stride and drops the rows it no longer keeps.
func (t *trail) thin() {
	t.stride *= 2
	kept, cells := t.rows[:0], 0
	for _, r := range t.rows {
		if r.Clock%t.stride == 0 {
			kept = append(kept, r)
			cells += len(r.State)
		}
	}
	clear(t.rows[len(kept):])
	t.rows, t.cells = kept, cells
}

// local is a LaneSource that runs the machine here, on the stage's thread.
type local struct {
	run     *machine.Run
	model   machine.Model
	perStep bool // capture a frame after every step: per-layer units or history
	frame   machine.Frame
	fresh   bool   // frame matches the run
	version uint64 // the frame's number, for render.LaneView.Version
	trail   trail
	wall    time.Duration
	scored  machine.Result
	scoredN int // serial step scored was computed at, -1 for none
}

// newLocal starts lane on inst; history asks for the Row history.
func newLocal(inst machine.Instance, lane machine.Lane, seed uint64, history bool) (*local, error) {
	run, err := machine.NewRun(inst, lane, seed)
	if err != nil {
		return nil, err
	}
	l := &local{run: run, model: run.Lane().Model, scoredN: -1,
		trail: trail{model: run.Lane().Model, history: history, stride: 1}}
	l.perStep = history || l.model != machine.Deep
	l.capture()
	return l, nil
}

// versions numbers captured frames across every lane and race.
var versions atomic.Uint64

// capture takes the run's frame and records its units and history row.
func (l *local) capture() {
	l.frame, l.fresh, l.version = l.run.Frame(), true, versions.Add(1)
	l.trail.record(&l.frame)
}

// StepTo runs steps until the lane has done serial of them or is done. Wall
// time counts only the machine's own steps, never the frame copies.
func (l *local) StepTo(serial int) {
	if l.run.Serial() >= serial || l.run.Done() {
		return
	}
	if !l.perStep {
		start := time.Now()
		for l.run.Serial() < serial && l.run.Step() {
		}
		l.wall += time.Since(start)
		l.fresh = false
		return
	}
	for l.run.Serial() < serial {
		start := time.Now()
		ok := l.run.Step()
		l.wall += time.Since(start)
		if !ok {
			break
		}
		l.capture()
	}
}

// Finish runs the lane to its end.
func (l *local) Finish() { l.StepTo(machine.DeepBudget) }

// Serial returns the serial steps done.
func (l *local) Serial() int { return l.run.Serial() }

// Done reports that the machine has finished.
func (l *local) Done() bool { return l.run.Done() }

// Result scores the run as it stands, computed once per serial step.
func (l *local) Result() machine.Result {
	if l.scoredN != l.run.Serial() {
		l.scored, l.scoredN = l.run.Result(), l.run.Serial()
	}
	return l.scored
}

// View returns the lane for the renderer.
func (l *local) View() render.LaneView {
	if !l.fresh {
		l.capture()
	}
	res := l.Result()
	v := render.LaneView{
		Lane: l.run.Lane(), Frame: l.frame, Version: l.version, Units: l.trail.units, History: l.trail.rows,
		Done: l.run.Done(), Exact: res.Exact, CellAccuracy: res.CellAccuracy,
		WallMs: l.WallMs(), Counters: res.Counters,
	}
	if v.Done {
		v.Final, v.Wrong = res.Answer, res.Wrong
	}
	return v
}

// WallMs is the wall time spent in the machine's steps, in milliseconds.
func (l *local) WallMs() float64 { return float64(l.wall.Microseconds()) / 1000 }

// Available is unbounded: a local lane can always take its next step.
func (l *local) Available() int { return math.MaxInt }
