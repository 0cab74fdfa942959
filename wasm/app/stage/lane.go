package stage

import (
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
}

// HistoryCells caps the cells a lane keeps of its Row history. Past it, the
// lane keeps every other row and records only rows whose clock is a multiple
// of the doubled stride, so memory stays bounded for any size.
const HistoryCells = 1 << 21

// local is a LaneSource that runs the machine here, on the stage's thread.
type local struct {
	run     *machine.Run
	model   machine.Model
	perStep bool // capture a frame after every step: per-layer units or history
	history bool
	frame   machine.Frame
	fresh   bool    // frame matches the run
	version uint64  // the frame's number, for render.LaneView.Version
	units   []int64 // units per serial step of the current pass
	rows    []render.Row
	cells   int // cells held in rows
	stride  int // rows are recorded when Clock%stride == 0
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
	l := &local{run: run, model: run.Lane().Model, history: history, stride: 1, scoredN: -1}
	l.perStep = history || l.model != machine.Deep
	l.capture()
	return l, nil
}

// versions numbers captured frames across every lane and race.
var versions atomic.Uint64

// capture takes the run's frame and records its units and history row.
func (l *local) capture() {
	l.frame, l.fresh, l.version = l.run.Frame(), true, versions.Add(1)
	f := &l.frame
	if l.model != machine.Deep && f.Serial > 0 {
		if f.Layer == 1 || len(l.units) >= f.Layer {
			l.units = l.units[:0]
		}
		l.units = append(l.units, f.Units)
	}
	if l.history && f.Clock >= 0 && f.Clock%l.stride == 0 &&
		(len(l.rows) == 0 || l.rows[len(l.rows)-1].Clock != f.Clock) {
		l.rows = append(l.rows, render.Row{Clock: f.Clock, State: slices.Clone(f.State)})
		l.cells += len(f.State)
		for l.cells > HistoryCells && len(l.rows) > 1 {
			l.thin()
		}
	}
}

// thin doubles the history stride and drops the rows it no longer keeps.
func (l *local) thin() {
	l.stride *= 2
	kept, cells := l.rows[:0], 0
	for _, r := range l.rows {
		if r.Clock%l.stride == 0 {
			kept = append(kept, r)
			cells += len(r.State)
		}
	}
	clear(l.rows[len(kept):])
	l.rows, l.cells = kept, cells
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
		Lane: l.run.Lane(), Frame: l.frame, Version: l.version, Units: l.units, History: l.rows,
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
