// Package worker is the lane worker's logic, free of syscall/js so that it is
// tested natively: it reads wire requests, runs race lanes (streaming frame
// batches under a credit limit) and sweep jobs through core/race, and answers
// with wire replies. wasm/lanes binds it to a Web Worker's postMessage.
//
// Every job runs under one context merged with onecontext from the job's own
// context (a cancel by id), its group's (a cancel of the whole race or
// sweep) and its deadline. The machines stop between serial steps.
package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/teivah/onecontext"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/wire"
)

// Host is what the worker needs from its surroundings: the Web Worker in
// wasm/lanes, or a recorder in tests.
type Host interface {
	// Send posts a reply; frames, when not nil, is a binary frame batch to
	// transfer beside it.
	Send(r wire.Reply, frames []byte)
	// Yield lets the host's event loop run, so that cancel and credit
	// messages arrive while a job computes (Go on wasm has one thread and
	// does not preempt).
	Yield()
	// Throw, Exit and Hang are the injectable faults: raise an uncaught
	// exception, end the program, stop answering for good.
	Throw(msg string)
	Exit(code int)
	Hang()
}

// YieldEvery is how much computing a job does between yields: short enough
// that a cancel lands within a frame, long enough that yields cost little.
const YieldEvery = 8 * time.Millisecond

// Worker runs the jobs of one Web Worker.
type Worker struct {
	host   Host
	mu     sync.Mutex
	jobs   map[int64]*job
	groups map[int64]*group
}

// job is a running job: its cancel and, for streaming lanes, the credit
// granted by KindMore that the lane has not taken yet (guarded by
// Worker.mu) and a signal that some arrived.
type job struct {
	cancel  context.CancelFunc
	group   int64
	granted int
	more    chan struct{}
	// layers delivers a split lane member the parts of each layer (or the
	// error that decoding them gave).
	layers chan layerParts
}

// layerParts is a layer request as a split member receives it.
type layerParts struct {
	wire.LayerParts
	err error
}

// group is a context shared by the running jobs of one race or sweep (the
// race context); it lives while any of them runs.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	jobs   int
}

// New makes a worker that answers through host.
func New(host Host) *Worker {
	return &Worker{host: host, jobs: map[int64]*job{}, groups: map[int64]*group{}}
}

// Ready announces the worker, with its start-up time and Go heap in use.
func (w *Worker) Ready(startup time.Duration) {
	w.host.Send(wire.Reply{Kind: wire.KindReady, StartupMs: ms(startup), HeapBytes: heapInUse()}, nil)
}

// heapInUse is the Go heap in use, in bytes: the worker's memory as Go sees
// it (the page cannot measure a worker's memory without cross-origin isolation).
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Handle takes one message from the page. It never blocks: jobs run in
// their own goroutines. A message that makes no sense gets an error reply.
func (w *Worker) Handle(data []byte) { w.HandleBinary(data, nil) }

// HandleBinary takes one message with its binary payload: the parts a layer
// request carries beside its JSON.
func (w *Worker) HandleBinary(data, payload []byte) {
	req, err := wire.DecodeRequest(data)
	if err != nil {
		var id struct {
			ID int64 `json:"id"`
		}
		_ = json.Unmarshal(data, &id) // best effort: name the job the error belongs to
		w.host.Send(wire.Reply{Kind: wire.KindError, ID: id.ID, Error: err.Error()}, nil)
		return
	}
	switch req.Kind {
	case wire.KindCancel:
		w.cancel(req)
	case wire.KindLayer:
		w.layer(req, payload)
	case wire.KindMore:
		w.mu.Lock()
		if j := w.jobs[req.ID]; j != nil && j.more != nil {
			j.granted += req.Credit
			select {
			case j.more <- struct{}{}:
			default: // the lane has a signal pending already; it takes all the credit at once
			}
		}
		w.mu.Unlock()
	default:
		w.start(req)
	}
}

// cancel stops one job, or every running job of a group. The page drops
// queued jobs itself, so a cancel only ever concerns running ones.
func (w *Worker) cancel(req wire.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if j := w.jobs[req.ID]; req.ID != 0 && j != nil {
		j.cancel()
	}
	if req.Group != 0 {
		if g := w.groups[req.Group]; g != nil {
			g.cancel()
		}
	}
}

// start registers a job and runs it in a goroutine under the merged context.
func (w *Worker) start(req wire.Request) {
	if req.Test && req.Fault != "" {
		w.fault(req)
		return
	}
	w.mu.Lock()
	if _, busy := w.jobs[req.ID]; busy {
		w.mu.Unlock()
		w.host.Send(wire.Reply{Kind: wire.KindError, ID: req.ID, Group: req.Group,
			Error: fmt.Sprintf("job %d is already running in this worker", req.ID)}, nil)
		return
	}
	jobCtx, jobCancel := context.WithCancel(context.Background())
	j := &job{cancel: jobCancel, group: req.Group}
	if (req.Kind == wire.KindLane || req.Kind == wire.KindSplit) && req.Lane.Frames {
		j.more = make(chan struct{}, 1)
	}
	if req.Kind == wire.KindSplit {
		j.layers = make(chan layerParts, 2)
	}
	groupCtx := context.Background()
	if req.Group != 0 {
		g := w.groups[req.Group]
		if g == nil {
			g = &group{}
			g.ctx, g.cancel = context.WithCancel(context.Background())
			w.groups[req.Group] = g
		}
		g.jobs++
		groupCtx = g.ctx
	}
	w.jobs[req.ID] = j
	w.mu.Unlock()

	deadlineCtx, deadlineCancel := context.Background(), context.CancelFunc(func() {})
	if req.DeadlineMs > 0 {
		deadlineCtx, deadlineCancel = context.WithTimeout(context.Background(), time.Duration(req.DeadlineMs)*time.Millisecond)
	}
	ctx, cancel := onecontext.Merge(jobCtx, groupCtx, deadlineCtx)
	go func() {
		start := time.Now()
		reply, err := w.run(ctx, req)
		if err != nil {
			reply = failure(req, err)
		}
		reply.ID, reply.Group, reply.WallMs, reply.HeapBytes = req.ID, req.Group, ms(time.Since(start)), heapInUse()
		// Forget the job before saying it ended, so that the page may
		// start it again here (a retry keeps its id) as soon as it hears.
		w.finish(req, cancel, jobCancel, deadlineCancel)
		w.host.Send(reply, nil)
	}()
}

// finish releases a job's contexts (onecontext's cancel always among them)
// and forgets the job, and its group once the group has no jobs left.
func (w *Worker) finish(req wire.Request, cancels ...context.CancelFunc) {
	for _, c := range cancels {
		c()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.jobs, req.ID)
	if g := w.groups[req.Group]; g != nil {
		if g.jobs--; g.jobs == 0 {
			g.cancel()
			delete(w.groups, req.Group)
		}
	}
}

// failure turns a job's error into its reply: canceled for a cancel, error
// otherwise, with the deadline named when it was the deadline.
func failure(req wire.Request, err error) wire.Reply {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return wire.Reply{Kind: wire.KindError, Deadline: true,
			Error: fmt.Sprintf("job %d ran past its deadline of %d ms", req.ID, req.DeadlineMs)}
	// The merged context reports a parent's context.Canceled, or
	// onecontext.ErrCanceled (not context.Canceled) when its own cancel ran.
	case errors.Is(err, context.Canceled), errors.Is(err, onecontext.ErrCanceled):
		return wire.Reply{Kind: wire.KindCanceled, Error: err.Error()}
	}
	return wire.Reply{Kind: wire.KindError, Error: err.Error()}
}

// fault misbehaves as a test asked.
func (w *Worker) fault(req wire.Request) {
	switch req.Fault {
	case wire.FaultThrow:
		w.host.Throw(fmt.Sprintf("injected fault: throw in job %d", req.ID))
	case wire.FaultDie:
		w.host.Exit(3)
	case wire.FaultHang:
		w.host.Hang()
	}
}

// run does the job's work and returns its reply.
func (w *Worker) run(ctx context.Context, req wire.Request) (wire.Reply, error) {
	switch req.Kind {
	case wire.KindLane:
		return w.lane(ctx, req)
	case wire.KindSplit:
		return w.split(ctx, req)
	case wire.KindPlan:
		spec, err := race.ParseSpec(req.Sweep.Spec)
		if err != nil {
			return wire.Reply{}, err
		}
		return wire.Reply{Kind: wire.KindPlanned, Jobs: len(spec.Jobs())}, nil
	case wire.KindSweep:
		return w.sweep(ctx, req.Sweep)
	case wire.KindSummarize:
		return summarize(req.Sweep.Spec, req.Rows)
	}
	return wire.Reply{}, fmt.Errorf("request kind %q is not a job", req.Kind)
}

// pacer yields to the host after every YieldEvery of computing and checks
// the context, so that jobs stay cancellable on a single thread.
type pacer struct {
	host Host
	last time.Time
}

func (p *pacer) check(ctx context.Context) error {
	if time.Since(p.last) >= YieldEvery {
		p.host.Yield()
		p.last = time.Now()
	}
	return ctx.Err()
}

// sweep runs the named jobs of a sweep spec and returns their instance rows,
// in job order.
func (w *Worker) sweep(ctx context.Context, s *wire.SweepJob) (wire.Reply, error) {
	spec, err := race.ParseSpec(s.Spec)
	if err != nil {
		return wire.Reply{}, err
	}
	jobs := spec.Jobs()
	rows := []race.InstanceRow{}
	p := &pacer{host: w.host, last: time.Now()}
	for _, i := range s.Jobs {
		if i >= len(jobs) {
			return wire.Reply{}, fmt.Errorf("job index %d out of range: the sweep has %d jobs", i, len(jobs))
		}
		if err := p.check(ctx); err != nil {
			return wire.Reply{}, err
		}
		r, err := race.RunJob(ctx, jobs[i])
		if err != nil {
			return wire.Reply{}, err
		}
		rows = append(rows, r...)
	}
	if err := ctx.Err(); err != nil {
		return wire.Reply{}, err
	}
	return wire.Reply{Kind: wire.KindRows, Rows: rows}, nil
}

// summarize turns instance rows into the sweep's table, exactly as
// `sweep --format json` prints it.
func summarize(values map[string]string, rows []race.InstanceRow) (wire.Reply, error) {
	spec, err := race.ParseSpec(values)
	if err != nil {
		return wire.Reply{}, err
	}
	var b bytes.Buffer
	if err := spec.Table(rows).WriteJSON(&b); err != nil {
		return wire.Reply{}, err
	}
	return wire.Reply{Kind: wire.KindSummary, Table: json.RawMessage(bytes.TrimSpace(b.Bytes()))}, nil
}

// newRun builds the run of the lane a job names, as race.Race does (same
// instance, lane and seed).
func newRun(job *wire.LaneJob) (*machine.Run, error) {
	p, _ := params.ParseHash(job.Hash) // the page normalized the link already; any correction is its notice
	var lane machine.Lane
	found := false
	for _, l := range p.LaneConfigs() {
		if l.Model == job.Model {
			lane, found = l, true
		}
	}
	if !found {
		return nil, fmt.Errorf("lane %q is not among the link's lanes", job.Model)
	}
	_, inst, err := p.Instance(nil)
	if err != nil {
		return nil, err
	}
	return machine.NewRun(inst, lane, p.Seed)
}

// result is a finished lane's reply, exactly as the command line's race
// reports it, with the wall time of its steps.
func result(run *machine.Run, wall time.Duration) wire.Reply {
	res, lane := run.Result(), run.Lane()
	rep := &race.LaneReport{
		Model: lane.Model, Depth: lane.Depth, Width: lane.Width, Steps: lane.Steps, Mode: lane.Mode,
		SerialSteps: res.SerialSteps, Work: res.Work, Exact: res.Exact, CellAccuracy: res.CellAccuracy,
		SolvedAt: res.SolvedAt, WallNS: wall.Nanoseconds(), Counters: res.Counters,
	}
	return wire.Reply{Kind: wire.KindResult, Result: rep, Answer: res.Answer, Wrong: res.Wrong}
}

// newStream starts a job's frame stream.
func (w *Worker) newStream(req wire.Request) *stream {
	s := &stream{w: w, req: req, credit: req.Lane.Credit, size: req.Lane.BatchFrames}
	if s.size == 0 {
		s.size = wire.DefaultBatchFrames
	}
	return s
}

// lane runs one lane of the race the link describes, stepping it here so
// that it can stream frames and stop between steps. Its wall time counts
// the steps alone.
func (w *Worker) lane(ctx context.Context, req wire.Request) (wire.Reply, error) {
	run, err := newRun(req.Lane)
	if err != nil {
		return wire.Reply{}, err
	}
	frames := req.Lane.Frames
	s := w.newStream(req)
	pace := &pacer{host: w.host, last: time.Now()}
	var wall time.Duration
	if frames {
		if err := s.add(ctx, run.Frame()); err != nil {
			return wire.Reply{}, err
		}
	}
	for {
		start := time.Now()
		stepped := run.Step()
		wall += time.Since(start)
		if !stepped {
			break
		}
		if frames {
			if err := s.add(ctx, run.Frame()); err != nil {
				return wire.Reply{}, err
			}
		}
		if err := pace.check(ctx); err != nil {
			return wire.Reply{}, err
		}
	}
	if err := s.flush(ctx); err != nil {
		return wire.Reply{}, err
	}
	if err := ctx.Err(); err != nil {
		return wire.Reply{}, err
	}
	return result(run, wall), nil
}

// split runs one member of a wide lane split across workers. Every member
// builds the same run, says so (a part of layer 0) and waits for the start
// barrier (layer 0); then each layer it computes its range, posts it as a
// part reply and waits for the layer request with every member's part, and
// applies them all (the barrier) so that it holds the whole next state.
// Member 0 streams the frames, as an unsplit lane does, each once it has
// posted its next part. Its wall time runs from the start barrier to the
// last layer's, waits for the others included, streaming excluded.
func (w *Worker) split(ctx context.Context, req wire.Request) (wire.Reply, error) {
	run, err := newRun(req.Lane)
	if err != nil {
		return wire.Reply{}, err
	}
	sp, ok := run.Splittable()
	if !ok {
		return wire.Reply{}, fmt.Errorf("the %s lane of this race cannot split its layers", req.Lane.Model)
	}
	mine := machine.Ranges(sp.Cells(), req.Split.Workers)[req.Split.Index]
	frames := req.Lane.Frames && req.Split.Index == 0
	s := w.newStream(req)
	w.mu.Lock()
	layers := w.jobs[req.ID].layers
	w.mu.Unlock()
	pace := &pacer{host: w.host, last: time.Now()}
	var wall, streaming time.Duration
	// shown holds the frame of the layer just applied (at first, of the
	// start), streamed only once the next part is posted, so that a wait
	// for frame credit never holds up the other members at the barrier;
	// its time is not the steps'.
	var shown []machine.Frame
	if frames {
		shown = append(shown, run.Frame())
	}
	// barrier posts this member's part of a layer and waits for them all.
	barrier := func(layer int, part []byte) (layerParts, error) {
		w.host.Send(wire.Reply{Kind: wire.KindPart, ID: req.ID, Group: req.Group, Layer: layer}, part)
		for _, f := range shown {
			t := time.Now()
			if err := s.add(ctx, f); err != nil {
				return layerParts{}, err
			}
			streaming += time.Since(t)
		}
		shown = shown[:0]
		var lp layerParts
		select {
		case lp = <-layers:
		case <-ctx.Done():
			return lp, ctx.Err()
		}
		if lp.err == nil && lp.Layer != layer {
			lp.err = fmt.Errorf("split lane: layer %d arrived while layer %d was due", lp.Layer, layer)
		}
		return lp, lp.err
	}
	if _, err := barrier(0, nil); err != nil {
		return wire.Reply{}, err
	}
	for layer := 1; !run.Done(); layer++ {
		start := time.Now()
		part, err := run.StepRange(mine[0], mine[1])
		if err != nil {
			return wire.Reply{}, err
		}
		lp, err := barrier(layer, wire.EncodePart(req.ID, layer, part))
		if err != nil {
			return wire.Reply{}, err
		}
		if err := run.StepParts(lp.Parts); err != nil {
			return wire.Reply{}, fmt.Errorf("split lane, layer %d: %w", layer, err)
		}
		wall += time.Since(start)
		if frames {
			shown = append(shown, run.Frame())
		}
		if err := pace.check(ctx); err != nil {
			return wire.Reply{}, err
		}
	}
	for _, f := range shown {
		if err := s.add(ctx, f); err != nil {
			return wire.Reply{}, err
		}
	}
	if err := s.flush(ctx); err != nil {
		return wire.Reply{}, err
	}
	if err := ctx.Err(); err != nil {
		return wire.Reply{}, err
	}
	return result(run, wall-streaming), nil
}

// layer hands a split member the parts of a layer. A layer for a job that
// is not running (it was cancelled) is dropped; parts that do not decode
// end the job with that error. A page that sends a layer before taking the
// member's part breaks the protocol, and the member stops (cancelled).
func (w *Worker) layer(req wire.Request, payload []byte) {
	lp, err := wire.LayerParts{ID: req.ID}, error(nil)
	switch {
	case req.Layer == 0 && payload != nil:
		err = fmt.Errorf("layer request for job %d: the start barrier carries no parts", req.ID)
	case req.Layer > 0:
		lp, err = wire.DecodeParts(payload)
	}
	if err == nil && (lp.ID != req.ID || lp.Layer != req.Layer) {
		err = fmt.Errorf("layer request for job %d layer %d carries the parts of job %d layer %d", req.ID, req.Layer, lp.ID, lp.Layer)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	j := w.jobs[req.ID]
	if j == nil || j.layers == nil {
		return
	}
	select {
	case j.layers <- layerParts{lp, err}:
	default:
		j.cancel()
	}
}

// stream batches a lane's frames and sends them while credit lasts, waiting
// for more credit (or a cancel) when it runs out.
type stream struct {
	w       *Worker
	req     wire.Request
	credit  int // frames that may still be sent
	size    int // frames per batch
	seq     int // index of the first frame in pending
	pending []machine.Frame
}

// add queues a frame and sends the queue once it makes a full batch.
func (s *stream) add(ctx context.Context, f machine.Frame) error {
	s.pending = append(s.pending, f)
	if len(s.pending) < s.size {
		return nil
	}
	return s.flush(ctx)
}

// wait blocks until the page grants credit or the job ends, then takes
// every frame of credit granted so far.
func (s *stream) wait(ctx context.Context) error {
	s.w.mu.Lock()
	j := s.w.jobs[s.req.ID]
	s.w.mu.Unlock()
	select {
	case <-j.more:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.w.mu.Lock()
	s.credit += j.granted
	j.granted = 0
	s.w.mu.Unlock()
	return nil
}

// flush sends the queued frames in batches that fit the credit, waiting
// for more credit whenever it runs out.
func (s *stream) flush(ctx context.Context) error {
	for len(s.pending) > 0 {
		for s.credit == 0 {
			if err := s.wait(ctx); err != nil {
				return err
			}
		}
		n := min(len(s.pending), s.credit)
		data := wire.EncodeFrames(wire.FrameBatch{ID: s.req.ID, Seq: s.seq, Frames: s.pending[:n]})
		s.w.host.Send(wire.Reply{Kind: wire.KindFrames, ID: s.req.ID, Group: s.req.Group, Seq: s.seq, Frames: n}, data)
		s.credit -= n
		s.seq += n
		s.pending = append(s.pending[:0], s.pending[n:]...)
	}
	return nil
}
