package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/machinetest"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/wire"
)

// host records what the worker sends and which faults it raised.
type host struct {
	replies chan sent
	faults  chan string
}

type sent struct {
	reply  wire.Reply
	frames []byte
}

func newHost() *host { return &host{replies: make(chan sent, 1024), faults: make(chan string, 8)} }

func (h *host) Send(r wire.Reply, frames []byte) {
	// Round-trip through JSON, as postMessage does, so the test sees what the page sees.
	data, err := r.Encode()
	if err != nil {
		panic(err)
	}
	back, err := wire.DecodeReply(data)
	if err != nil {
		panic(err)
	}
	h.replies <- sent{back, frames}
}
func (h *host) Yield()           { runtime.Gosched() }
func (h *host) Throw(msg string) { h.faults <- "throw: " + msg }
func (h *host) Exit(code int)    { h.faults <- "exit" }
func (h *host) Hang()            { h.faults <- "hang" }

// next waits for the next reply.
func (h *host) next(t *testing.T) sent {
	t.Helper()
	select {
	case s := <-h.replies:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("no reply from the worker")
		return sent{}
	}
}

func send(t *testing.T, w *Worker, r wire.Request) {
	t.Helper()
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	w.Handle(data)
}

const hash = "v=1&family=s5&size=40&seed=3&width=0&depth=3&steps=4&mode=commit&lanes=wide,deep,diffusion"

// referenceFrames steps the lane directly, and takes the command line's
// race report for it and the direct run's result.
func referenceFrames(t *testing.T, model machine.Model) ([]machine.Frame, race.LaneReport, machine.Result) {
	t.Helper()
	return referenceFramesOf(t, hash, model)
}

// referenceFramesOf is referenceFrames for the race of another link.
func referenceFramesOf(t *testing.T, hash string, model machine.Model) ([]machine.Frame, race.LaneReport, machine.Result) {
	t.Helper()
	p, notices := params.ParseHash(hash)
	if len(notices) > 0 {
		t.Fatalf("test link is not normalized: %v", notices)
	}
	rep, err := race.Race(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want race.LaneReport
	var lane machine.Lane
	for i, l := range p.LaneConfigs() {
		if l.Model == model {
			want, lane = rep.Lanes[i], l
		}
	}
	_, inst, err := p.Instance(nil)
	if err != nil {
		t.Fatal(err)
	}
	frames, res, err := machinetest.Record(inst, lane, p.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return frames, want, res
}

// sameReport compares lane reports apart from the wall time.
func sameReport(a, b race.LaneReport) bool {
	a.WallNS, b.WallNS = 0, 0
	return reflect.DeepEqual(a, b)
}

func TestLaneStreamsEveryFrameUnderCredit(t *testing.T) {
	for _, model := range machine.Models {
		want, wantRep, wantRes := referenceFrames(t, model)
		h := newHost()
		w := New(h)
		const credit, batch = 5, 2
		send(t, w, wire.Request{Kind: wire.KindLane, ID: 7, Group: 1,
			Lane: &wire.LaneJob{Hash: hash, Model: model, Frames: true, Credit: credit, BatchFrames: batch}})
		var got []machine.Frame
		granted := credit
		for {
			s := h.next(t)
			if s.reply.Kind == wire.KindResult {
				if !sameReport(*s.reply.Result, wantRep) {
					t.Errorf("%s: result %+v, the command line says %+v", model, *s.reply.Result, wantRep)
				}
				if !slices.Equal(s.reply.Answer, wantRes.Answer) || !slices.Equal(s.reply.Wrong, wantRes.Wrong) {
					t.Errorf("%s: answer %v wrong %v, a direct run gives %v and %v", model, s.reply.Answer, s.reply.Wrong, wantRes.Answer, wantRes.Wrong)
				}
				break
			}
			if s.reply.Kind != wire.KindFrames {
				t.Fatalf("%s: unexpected reply %+v", model, s.reply)
			}
			b, err := wire.DecodeFrames(s.frames)
			if err != nil {
				t.Fatal(err)
			}
			if b.ID != 7 || b.Seq != len(got) || s.reply.Seq != b.Seq || s.reply.Frames != len(b.Frames) || len(b.Frames) > batch {
				t.Fatalf("%s: batch id %d seq %d of %d frames after %d frames", model, b.ID, b.Seq, len(b.Frames), len(got))
			}
			got = append(got, b.Frames...)
			if len(got) > granted {
				t.Fatalf("%s: %d frames sent with credit for %d", model, len(got), granted)
			}
			if len(got) == granted && len(got) < len(want) {
				// The worker must now wait: nothing may arrive until more credit.
				select {
				case s := <-h.replies:
					t.Fatalf("%s: reply %s while out of credit", model, s.reply.Kind)
				case <-time.After(20 * time.Millisecond):
				}
				// Two grants in a row must both count.
				send(t, w, wire.Request{Kind: wire.KindMore, ID: 7, Credit: 1})
				send(t, w, wire.Request{Kind: wire.KindMore, ID: 7, Credit: 2})
				granted += 3
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streamed %d frames differ from the %d of a direct run", model, len(got), len(want))
		}
	}
}

func TestLaneWithoutFramesSendsOnlyTheResult(t *testing.T) {
	_, wantRep, _ := referenceFrames(t, machine.Deep)
	h := newHost()
	send(t, New(h), wire.Request{Kind: wire.KindLane, ID: 2, Lane: &wire.LaneJob{Hash: hash, Model: machine.Deep}})
	s := h.next(t)
	if s.reply.Kind != wire.KindResult || s.reply.ID != 2 || !sameReport(*s.reply.Result, wantRep) {
		t.Fatalf("got %+v", s.reply)
	}
}

func TestLaneNotInLink(t *testing.T) {
	h := newHost()
	send(t, New(h), wire.Request{Kind: wire.KindLane, ID: 3,
		Lane: &wire.LaneJob{Hash: "v=1&family=s5&lanes=wide", Model: machine.Deep}})
	if s := h.next(t); s.reply.Kind != wire.KindError || !strings.Contains(s.reply.Error, `lane "deep" is not among`) {
		t.Fatalf("got %+v", s.reply)
	}
}

// sweepSpec is a small sweep with several sizes, depths and every model.
var sweepSpec = map[string]string{"family": "s5", "size": "8,16", "depth": "1..4", "instances": "6", "steps": "2", "seed": "5"}

// nativeTable is the command line's `sweep --format json` for spec.
func nativeTable(t *testing.T, values map[string]string) string {
	t.Helper()
	spec, err := race.ParseSpec(values)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := race.Sweep(context.Background(), spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := spec.Table(rows).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}

func TestShardedSweepEqualsNativeSweep(t *testing.T) {
	h := newHost()
	w := New(h)
	send(t, w, wire.Request{Kind: wire.KindPlan, ID: 1, Sweep: &wire.SweepJob{Spec: sweepSpec}})
	plan := h.next(t).reply
	if plan.Kind != wire.KindPlanned || plan.Jobs != 12 {
		t.Fatalf("plan: %+v", plan)
	}
	for _, shards := range [][][]int{
		{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{{11, 3, 5}, {0, 1, 2, 4}, {6, 7, 8, 9, 10}},
	} {
		var rows []race.InstanceRow
		for i, jobs := range shards {
			send(t, w, wire.Request{Kind: wire.KindSweep, ID: int64(10 + i), Group: 2, Sweep: &wire.SweepJob{Spec: sweepSpec, Jobs: jobs}})
		}
		for range shards {
			s := h.next(t).reply
			if s.Kind != wire.KindRows {
				t.Fatalf("shard: %+v", s)
			}
			rows = append(rows, s.Rows...)
		}
		send(t, w, wire.Request{Kind: wire.KindSummarize, ID: 20, Sweep: &wire.SweepJob{Spec: sweepSpec}, Rows: rows})
		s := h.next(t).reply
		if s.Kind != wire.KindSummary {
			t.Fatalf("summary: %+v", s)
		}
		var got, want any
		if err := json.Unmarshal(s.Table, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(nativeTable(t, sweepSpec)), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d shards: the sweep's table differs from the native one:\n%s", len(shards), s.Table)
		}
	}
}

func TestSweepErrorsAreClear(t *testing.T) {
	h := newHost()
	w := New(h)
	send(t, w, wire.Request{Kind: wire.KindPlan, ID: 1, Sweep: &wire.SweepJob{Spec: map[string]string{"family": "s5", "depth": "0"}}})
	if s := h.next(t).reply; s.Kind != wire.KindError || s.ID != 1 || !strings.Contains(s.Error, "depth") {
		t.Errorf("bad spec: %+v", s)
	}
	send(t, w, wire.Request{Kind: wire.KindSweep, ID: 2, Sweep: &wire.SweepJob{Spec: sweepSpec, Jobs: []int{12}}})
	if s := h.next(t).reply; s.Kind != wire.KindError || !strings.Contains(s.Error, "job index 12 out of range") {
		t.Errorf("bad job index: %+v", s)
	}
	w.Handle([]byte(`{"v":1,"kind":"sweep","id":9}`))
	if s := h.next(t).reply; s.Kind != wire.KindError || s.ID != 9 || !strings.Contains(s.Error, "without sweep spec") {
		t.Errorf("bad request: %+v", s)
	}
}

func TestCancelStopsAWaitingLane(t *testing.T) {
	for _, cancel := range []wire.Request{{Kind: wire.KindCancel, ID: 4}, {Kind: wire.KindCancel, Group: 8}} {
		h := newHost()
		w := New(h)
		send(t, w, wire.Request{Kind: wire.KindLane, ID: 4, Group: 8,
			Lane: &wire.LaneJob{Hash: hash, Model: machine.Deep, Frames: true, Credit: 1, BatchFrames: 1}})
		if s := h.next(t).reply; s.Kind != wire.KindFrames {
			t.Fatalf("first reply %+v", s)
		}
		send(t, w, cancel)
		if s := h.next(t).reply; s.Kind != wire.KindCanceled || s.ID != 4 {
			t.Fatalf("after %+v: %+v", cancel, s)
		}
		w.mu.Lock()
		jobs, groups := len(w.jobs), len(w.groups)
		w.mu.Unlock()
		if jobs != 0 || groups != 0 {
			t.Errorf("after a cancel the worker still holds %d jobs and %d groups", jobs, groups)
		}
	}
}

func TestDeadlineEndsAJob(t *testing.T) {
	h := newHost()
	send(t, New(h), wire.Request{Kind: wire.KindLane, ID: 5, DeadlineMs: 30,
		Lane: &wire.LaneJob{Hash: hash, Model: machine.Wide, Frames: true, Credit: 1, BatchFrames: 1}})
	h.next(t) // the one frame it has credit for
	if s := h.next(t).reply; s.Kind != wire.KindError || !s.Deadline || !strings.Contains(s.Error, "ran past its deadline of 30 ms") {
		t.Fatalf("got %+v", s)
	}
}

func TestFaultsOnlyUnderTest(t *testing.T) {
	for _, f := range []wire.Fault{wire.FaultThrow, wire.FaultDie, wire.FaultHang} {
		h := newHost()
		w := New(h)
		job := &wire.LaneJob{Hash: hash, Model: machine.Deep}
		send(t, w, wire.Request{Kind: wire.KindLane, ID: 1, Lane: job, Fault: f})
		if s := h.next(t).reply; s.Kind != wire.KindResult {
			t.Errorf("%s without the test flag: %+v", f, s)
		}
		send(t, w, wire.Request{Kind: wire.KindLane, ID: 2, Lane: job, Fault: f, Test: true})
		select {
		case got := <-h.faults:
			if !strings.HasPrefix(got, map[wire.Fault]string{wire.FaultThrow: "throw: injected", wire.FaultDie: "exit", wire.FaultHang: "hang"}[f]) {
				t.Errorf("%s: host saw %q", f, got)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%s: no fault raised", f)
		}
	}
}

func TestReadyReportsHeap(t *testing.T) {
	h := newHost()
	New(h).Ready(1500 * time.Microsecond)
	s := h.next(t).reply
	if s.Kind != wire.KindReady || s.StartupMs != 1.5 || s.HeapBytes == 0 {
		t.Errorf("got %+v", s)
	}
}

// BenchmarkSweepShards runs the pool benchmark's sweep (s5, size 256, depths
// 1..8, 200 instances) natively through one or two workers at once, each in
// its own goroutine: the control for the browser pool's speed-up, since it
// shows what two threads gain on this machine at the moment.
func BenchmarkSweepShards(b *testing.B) {
	spec := wire.Spec{"family": "s5", "size": "256", "depth": "1..8", "instances": "200"}
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for b.Loop() {
				done := make(chan []race.InstanceRow, n)
				for i := range n {
					var jobs []int
					for j := i; j < 200; j += n {
						jobs = append(jobs, j)
					}
					req, err := wire.Request{Kind: wire.KindSweep, ID: 1, Sweep: &wire.SweepJob{Spec: spec, Jobs: jobs}}.Encode()
					if err != nil {
						b.Fatal(err)
					}
					go func() {
						h := newHost()
						New(h).Handle(req)
						done <- (<-h.replies).reply.Rows
					}()
				}
				rows := 0
				for range n {
					rows += len(<-done)
				}
				if rows != 200*17 {
					b.Fatalf("%d rows", rows)
				}
			}
		})
	}
}
