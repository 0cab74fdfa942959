// Package stage is the race the canvas shows: the lanes of one link, racing
// on one instance, stepped together on a shared serial clock. It holds no
// browser or drawing code, so the timeline's rules are tested natively; the
// wasm app drives it from ebiten's loop and exposes it to the page.
package stage

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/wasm/render"
)

// Stage is one race on the shared serial clock.
//
// The clock (Tick) is the serial step every unfinished lane has reached:
// when it advances, each unfinished lane steps to the same serial step, and
// finished lanes stop. The clock stops at the longest lane's end.
//
// Timeline rules: Apply keeps playing if the race was playing (a slider
// moved during playback restarts the new race and keeps it running), and
// otherwise leaves the new race paused at tick 0. Step, Reset and Finish
// pause. A race that reaches its end pauses by itself.
type Stage struct {
	source  LaneFactory
	p       params.Params
	notices []string
	info    machine.Info
	inst    machine.Instance
	history bool
	lanes   []LaneSource
	tick    int
	playing bool
	pending float64 // fractional serial steps owed to the clock
	// finishing says Finish is waiting for streamed frames: Update keeps
	// taking them until every lane is done.
	finishing bool
	owed      int // steps asked for by Step whose frames had not arrived yet
	gen       int // counts restarts, so the host can tell a lane's job is stale
	curves    *render.Curves
}

// LaneSpec is everything a lane source needs to start one lane: the race's
// parameters, its instance (already generated), the lane and whether the
// board draws the lane's history.
type LaneSpec struct {
	Params   params.Params
	Instance machine.Instance
	Lane     machine.Lane
	History  bool
	Index    int // the lane's place in the race's display order
}

// LaneFactory starts a lane's source. Local runs lanes here; a source that
// runs them in Web Workers (issue 5) plugs in through NewWith.
type LaneFactory func(LaneSpec) (LaneSource, error)

// Local is the LaneFactory that runs each lane's machine on this thread.
func Local(spec LaneSpec) (LaneSource, error) {
	l, err := newLocal(spec.Instance, spec.Lane, spec.Params.Seed, spec.History)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// New returns the stage for the default link with local lanes, paused at
// tick 0.
func New() *Stage { return NewWith(Local) }

// NewWith returns the stage for the default link with lanes from source.
func NewWith(source LaneFactory) *Stage {
	s := &Stage{source: source}
	s.Apply("")
	return s
}

// Apply reads a link's hash, normalizes it and resets the race to it. It
// returns the normalized hash and the notices, one line each. When only the
// speed or the worker count changes, the race goes on undisturbed.
func (s *Stage) Apply(hash string) (string, []string) {
	p, ns := params.ParseHash(hash)
	notices := make([]string, 0, len(ns))
	for _, n := range ns {
		notices = append(notices, n.String())
	}
	if s.inst != nil && sameRace(s.p, p) {
		s.p, s.notices = p, notices
		return p.Hash(), notices
	}
	if err := s.build(p); err != nil {
		// params only lets valid races through; should a family still
		// refuse, say so and show the default race rather than nothing.
		notices = append(notices, fmt.Sprintf("this race could not start (%v); showing the default race", err))
		p = params.Default()
		if err := s.build(p); err != nil {
			panic("stage: the default race does not start: " + err.Error())
		}
	}
	s.notices = notices
	return p.Hash(), notices
}

// sameRace reports whether a and b describe the same race, ignoring the
// page-only keys (speed and workers).
func sameRace(a, b params.Params) bool {
	return a.Family == b.Family && a.Size == b.Size && a.Seed == b.Seed && a.Width == b.Width &&
		a.Depth == b.Depth && a.Steps == b.Steps && a.Mode == b.Mode && slices.Equal(a.Lanes, b.Lanes) &&
		a.Set == b.Set && a.Index == b.Index && a.V == b.V
}

// build generates p's instance and starts its lanes at tick 0.
func (s *Stage) build(p params.Params) error {
	f, inst, err := p.Instance(nil)
	if err != nil {
		return err
	}
	info := f.Info()
	s.p, s.info, s.inst, s.curves = p, info, inst, nil
	s.history = render.BoardFor(info.Name, inst.Alphabet()).NeedsHistory()
	return s.restart()
}

// UseSource switches the lanes' source (streamed from workers, or local
// when the workers cannot run) and restarts the race on it, playing on if
// it was playing.
func (s *Stage) UseSource(source LaneFactory) error {
	s.source = source
	return s.restart()
}

// Restart starts the lanes afresh at tick 0, playing on if the race was
// playing: the host calls it when its lane workers change.
func (s *Stage) Restart() error { return s.restart() }

// Generation counts the race's restarts: every Apply of a new race, Reset
// and Restart starts new lanes, and a streamed lane's frames are only for
// the generation its job was started for.
func (s *Stage) Generation() int { return s.gen }

// restart starts every lane afresh and sets the clock to 0.
func (s *Stage) restart() error {
	lanes := make([]LaneSource, 0, len(s.p.Lanes))
	for i, lane := range s.p.LaneConfigs() {
		l, err := s.source(LaneSpec{Params: s.p, Instance: s.inst, Lane: lane, History: s.history, Index: i})
		if err != nil {
			return fmt.Errorf("%s lane: %w", lane.Model, err)
		}
		lanes = append(lanes, l)
	}
	s.lanes, s.tick, s.pending, s.finishing, s.owed = lanes, 0, 0, false, 0
	s.gen++
	return nil
}

// Params returns the normalized parameters of the race.
func (s *Stage) Params() params.Params { return s.p }

// Notices returns the corrections made to the last applied link.
func (s *Stage) Notices() []string { return s.notices }

// Tick returns the shared serial clock.
func (s *Stage) Tick() int { return s.tick }

// Playing reports whether the clock is running.
func (s *Stage) Playing() bool { return s.playing }

// Finished reports that every lane is done.
func (s *Stage) Finished() bool {
	for _, l := range s.lanes {
		if !l.Done() {
			return false
		}
	}
	return true
}

// Lanes returns the lane sources in display order.
func (s *Stage) Lanes() []LaneSource { return s.lanes }

// Play starts the clock, unless the race is already finished.
func (s *Stage) Play() { s.playing = !s.Finished() }

// Pause stops the clock.
func (s *Stage) Pause() { s.playing, s.pending = false, 0 }

// Step pauses and advances the clock by one serial step. When a lane's
// frame for that step has not arrived yet, the step is owed: Update takes
// it as soon as the frame is there.
func (s *Stage) Step() {
	s.Pause()
	s.owed++
	s.payOwed()
}

// payOwed takes the steps Step was asked for, as far as frames allow.
func (s *Stage) payOwed() {
	for s.owed > 0 && s.advance() {
		s.owed--
	}
	if s.Finished() {
		s.owed = 0
	}
}

// Reset pauses and restarts the race at tick 0.
func (s *Stage) Reset() {
	s.Pause()
	if err := s.restart(); err != nil {
		panic("stage: a race that started once no longer starts: " + err.Error())
	}
}

// Finish pauses and runs every lane to its end; the clock shows the
// longest lane's serial steps. Lanes that stream their frames get there as
// their frames arrive: Update goes on finishing until every lane is done.
func (s *Stage) Finish() {
	s.Pause()
	s.finishing = true
	s.drain()
}

// drain takes every lane as far as it can go while finishing.
func (s *Stage) drain() {
	for _, l := range s.lanes {
		l.Finish()
		s.tick = max(s.tick, l.Serial())
	}
	if s.Finished() {
		s.finishing = false
	}
}

// SetSpeed sets the clock's speed in serial steps per second, clamped to
// the link's range; the page mirrors it in the link's speed key.
func (s *Stage) SetSpeed(n float64) {
	if math.IsNaN(n) {
		return
	}
	r := params.SpeedRange
	s.p.Speed = int(r.Clamp(int64(math.Round(math.Max(-1e9, math.Min(1e9, n))))))
}

// advance moves the clock one serial step: every unfinished lane steps to
// it. It reports false, doing nothing, when the race is finished or a lane
// has not received the frame of that step yet: the clock waits for the
// slowest lane's frames.
func (s *Stage) advance() bool {
	if s.Finished() {
		return false
	}
	for _, l := range s.lanes {
		if !l.Done() && l.Available() <= s.tick {
			l.StepTo(s.tick) // takes no step, but lets a full queue take in what arrived
			return false
		}
	}
	s.tick++
	for _, l := range s.lanes {
		if !l.Done() {
			l.StepTo(s.tick)
		}
	}
	return true
}

// Update runs the clock for dt seconds of real time at the race's speed
// (serial steps per second), so a low frame rate does not slow the race.
// It spends at most budget of wall time; steps it cannot fit are dropped,
// so a slow machine shows a slower race rather than a frozen page. While
// a lane waits for its frames no steps are owed, so the race does not jump
// when they come. What is drawn depends only on the serial steps done,
// never on the timing.
func (s *Stage) Update(dt float64, budget time.Duration) {
	if s.finishing {
		s.drain()
	}
	s.payOwed()
	if !s.playing {
		return
	}
	if dt > 0 && !math.IsInf(dt, 0) {
		s.pending += dt * float64(s.p.Speed)
	}
	start := time.Now()
	for s.pending >= 1 {
		if !s.advance() {
			s.pending = math.Min(s.pending, 1) // waiting for frames, or finished
			break
		}
		s.pending--
		if time.Since(start) > budget {
			s.pending = 0
			break
		}
	}
	if s.Finished() {
		s.Pause()
	}
}

// Scene returns what the canvas draws now.
func (s *Stage) Scene() *render.Scene {
	sc := &render.Scene{
		Info: s.info, Size: s.p.Size, Seed: s.p.Seed, Input: s.inst.Input(),
		Tick: s.tick, Playing: s.playing, Finished: s.Finished(), Speed: float64(s.p.Speed),
		Curves: s.curves,
	}
	for _, l := range s.lanes {
		sc.Lanes = append(sc.Lanes, l.View())
	}
	return sc
}
