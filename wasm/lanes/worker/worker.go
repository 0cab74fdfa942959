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
	"github.com/depthrace/depthrace/core/registry"
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
func (w *Worker) Handle(data []byte) {
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
	if req.Kind == wire.KindLane && req.Lane.Frames {
		j.more = make(chan struct{}, 1)
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
		defer w.finish(req, cancel, jobCancel, deadlineCancel)
		start := time.Now()
		reply, err := w.run(ctx, req)
		if err != nil {
			reply = failure(req, err)
		}
		reply.ID, reply.Group, reply.WallMs, reply.HeapBytes = req.ID, req.Group, ms(time.Since(start)), heapInUse()
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

// lane runs one lane of the race the link describes, as race.Race does
// (same instance, lane and seed), stepping it here so that it can stream
// frames and stop between steps. Its wall time counts the steps alone.
func (w *Worker) lane(ctx context.Context, req wire.Request) (wire.Reply, error) {
	job := req.Lane
	p, _ := params.ParseHash(job.Hash) // the page normalized the link already; any correction is its notice
	var lane machine.Lane
	found := false
	for _, l := range p.LaneConfigs() {
		if l.Model == job.Model {
			lane, found = l, true
		}
	}
	if !found {
		return wire.Reply{}, fmt.Errorf("lane %q is not among the link's lanes", job.Model)
	}
	f, err := registry.Lookup(p.Family)
	if err != nil {
		return wire.Reply{}, err
	}
	inst, err := f.Generate(p.InstanceSpec(nil))
	if err != nil {
		return wire.Reply{}, err
	}
	run, err := machine.NewRun(inst, lane, p.Seed)
	if err != nil {
		return wire.Reply{}, err
	}
	s := &stream{w: w, req: req, credit: job.Credit, size: job.BatchFrames}
	if s.size == 0 {
		s.size = wire.DefaultBatchFrames
	}
	pace := &pacer{host: w.host, last: time.Now()}
	var wall time.Duration
	if job.Frames {
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
		if job.Frames {
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
	res := run.Result()
	rep := &race.LaneReport{
		Model: lane.Model, Depth: lane.Depth, Width: lane.Width, Steps: lane.Steps, Mode: lane.Mode,
		SerialSteps: res.SerialSteps, Work: res.Work, Exact: res.Exact, CellAccuracy: res.CellAccuracy,
		SolvedAt: res.SolvedAt, WallNS: wall.Nanoseconds(), Counters: res.Counters,
	}
	return wire.Reply{Kind: wire.KindResult, Result: rep, Answer: res.Answer, Wrong: res.Wrong}, nil
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
