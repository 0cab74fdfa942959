package stage

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/wire"
	"github.com/depthrace/depthrace/wasm/render"
)

// QueueCells caps the cells (answer, confidence, state and changed
// entries) of the frames a streamed lane holds ahead of the clock. Frames
// are taken from the feed, and their credit granted back, as soon as they
// arrive while the queue is under the cap: a worker whose lane runs ahead
// of the clock goes on to its end and frees itself for the lanes queued
// behind it, rather than wait for the clock while they wait for a worker.
const QueueCells = 1 << 22

// Remote is a LaneSource whose machine runs in a lane worker (issue 5): the
// host page starts the lane job, hands each frame batch to Push and the
// final report to Finished (or a failure to Fail). The lane only replays
// the frames it received: StepTo never passes the last frame that arrived,
// so the shared clock waits for the slowest lane. Arrived frames wait in a
// queue of at most QueueCells, and their credit goes back to the worker
// through the grant callback as they enter it.
type Remote struct {
	lane     machine.Lane
	ref      []int
	seed     uint64
	alphabet int
	grant    func(credit int)

	feed    *wire.Feed // nil until the first batch names the job
	queue   []machine.Frame
	cells   int // cells held in queue
	frame   machine.Frame
	version uint64
	trail   trail
	final   *LaneFinal
	err     string
}

// LaneFinal is a streamed lane's last word: the command line's report of
// the lane, its answer with guesses filled in and its wrong cells, as a
// lane worker's result reply carries them.
type LaneFinal struct {
	Report race.LaneReport `json:"result"`
	Answer []int           `json:"answer"`
	Wrong  []int           `json:"wrong"`
}

// RemoteFactory returns the LaneFactory of streamed lanes; grant(lane,
// credit) hands a lane's credit back to its worker (lane is the index in
// the race's display order).
func RemoteFactory(grant func(lane, credit int)) LaneFactory {
	return func(spec LaneSpec) (LaneSource, error) {
		return newRemote(spec, func(credit int) { grant(spec.Index, credit) })
	}
}

// newRemote starts a streamed lane showing the machine's initial frame,
// which it takes from a run that never steps: the worker's frame 0 is the
// same frame.
func newRemote(spec LaneSpec, grant func(int)) (*Remote, error) {
	run, err := machine.NewRun(spec.Instance, spec.Lane, spec.Params.Seed)
	if err != nil {
		return nil, err
	}
	r := &Remote{
		lane: run.Lane(), ref: spec.Instance.Reference(), seed: spec.Params.Seed,
		alphabet: spec.Instance.Alphabet(), grant: grant,
		trail: trail{model: run.Lane().Model, history: spec.History, stride: 1},
	}
	r.frame, r.version = run.Frame(), versions.Add(1)
	r.trail.record(&r.frame)
	return r, nil
}

// Push takes one frame batch of lane job id (core/wire.EncodeFrames). The
// first batch fixes the job; batches of any other job are dropped.
func (r *Remote) Push(id int64, data []byte) error {
	if r.final != nil || r.err != "" {
		return nil
	}
	if r.feed == nil {
		r.feed = wire.NewFeed(id)
	}
	if _, err := r.feed.Push(data); err != nil {
		r.Fail(err.Error())
		return err
	}
	r.pull()
	return nil
}

// frameCells is what a frame holds, for QueueCells.
func frameCells(f *machine.Frame) int {
	return 1 + len(f.Answer) + len(f.Conf) + len(f.State) + len(f.Changed)
}

// pull moves arrived frames into the queue while it is under QueueCells,
// and grants their credit back to the worker.
func (r *Remote) pull() {
	for r.cells < QueueCells {
		f, ok := r.feed.Next()
		if !ok {
			break
		}
		r.queue = append(r.queue, f)
		r.cells += frameCells(&f)
	}
	if n := r.feed.Grant(); n > 0 && r.grant != nil {
		r.grant(n)
	}
}

// Finished records the lane's final report, a JSON LaneFinal.
func (r *Remote) Finished(report []byte) error {
	var f LaneFinal
	if err := json.Unmarshal(report, &f); err != nil {
		err = fmt.Errorf("the lane's report could not be read: %w", err)
		r.Fail(err.Error())
		return err
	}
	if f.Report.Model != r.lane.Model {
		err := fmt.Errorf("a report of the %s lane arrived for the %s lane", f.Report.Model, r.lane.Model)
		r.Fail(err.Error())
		return err
	}
	r.final = &f
	return nil
}

// Fail stops the lane with a message the canvas and the notices show.
func (r *Remote) Fail(message string) {
	if r.err == "" {
		r.err = message
	}
}

// Err is the lane's failure, or "" while it is healthy.
func (r *Remote) Err() string { return r.err }

// StepTo takes received frames until the lane has done serial steps; when
// the frame it needs has not arrived, the lane stops where it is.
func (r *Remote) StepTo(serial int) {
	if r.feed == nil || r.err != "" {
		return
	}
	taken := 0
	for taken < len(r.queue) && r.frame.Serial < serial && !r.frame.Done {
		r.frame, r.version = r.queue[taken], versions.Add(1)
		r.queue[taken] = machine.Frame{} // let the frame's slices go
		r.cells -= frameCells(&r.frame)
		r.trail.record(&r.frame)
		taken++
	}
	r.queue = r.queue[taken:]
	r.pull()
}

// Finish takes every frame received so far; the stage keeps finishing as
// more arrive.
func (r *Remote) Finish() { r.StepTo(math.MaxInt) }

// Serial returns the serial steps of the frame shown.
func (r *Remote) Serial() int { return r.frame.Serial }

// Available is the serial step of the last frame received.
func (r *Remote) Available() int {
	if r.feed == nil {
		return r.frame.Serial
	}
	return max(r.frame.Serial, r.feed.Received()-1) // frame i is serial step i
}

// Done reports that the lane shows its last frame and its report has come,
// or that it failed.
func (r *Remote) Done() bool { return r.err != "" || (r.final != nil && r.frame.Done) }

// Result is the report's result once the lane is done, and before that the
// frame shown, scored as machine.Run.Result scores a run: undetermined
// cells guessed from the seed, then compared with the reference.
func (r *Remote) Result() machine.Result {
	if r.final != nil && r.frame.Done {
		rep := r.final.Report
		return machine.Result{
			Lane: r.lane, SerialSteps: rep.SerialSteps, Work: rep.Work, Exact: rep.Exact,
			CellAccuracy: rep.CellAccuracy, SolvedAt: rep.SolvedAt, Answer: r.final.Answer,
			Wrong: r.final.Wrong, Counters: rep.Counters,
		}
	}
	res := machine.Result{Lane: r.lane, SerialSteps: r.frame.Serial, Work: r.frame.Work, SolvedAt: -1}
	n := len(r.frame.Answer)
	for i, x := range r.frame.Answer {
		if x < 0 && r.alphabet > 0 {
			x = machine.Guess(r.seed, i, r.alphabet)
		}
		if i < len(r.ref) && x != r.ref[i] {
			res.Wrong = append(res.Wrong, i)
		}
	}
	res.Exact = len(res.Wrong) == 0
	if n > 0 {
		res.CellAccuracy = float64(n-len(res.Wrong)) / float64(n)
	}
	return res
}

// WallMs is the worker's wall time for the lane's steps, shown once the
// canvas has replayed the lane to its end.
func (r *Remote) WallMs() float64 {
	if r.final == nil || !r.frame.Done {
		return 0
	}
	return float64(r.final.Report.WallNS) / 1e6
}

// View returns the lane for the renderer.
func (r *Remote) View() render.LaneView {
	res := r.Result()
	v := render.LaneView{
		Lane: r.lane, Frame: r.frame, Version: r.version, Units: r.trail.units, History: r.trail.rows,
		Done: r.Done(), Exact: res.Exact, CellAccuracy: res.CellAccuracy, WallMs: r.WallMs(),
		Counters: res.Counters, Error: r.err,
	}
	if r.final != nil && r.frame.Done {
		v.Final, v.Wrong = res.Answer, res.Wrong
	}
	return v
}
