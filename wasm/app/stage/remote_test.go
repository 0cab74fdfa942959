package stage

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/machinetest"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/wire"
)

// workerLane plays a lane worker: every frame of the lane, run directly,
// and the result reply a worker sends at the end.
func workerLane(t *testing.T, p params.Params, i int) ([]machine.Frame, []byte) {
	t.Helper()
	_, inst, err := p.Instance(nil)
	if err != nil {
		t.Fatal(err)
	}
	frames, res, err := machinetest.Record(inst, p.LaneConfigs()[i], p.Seed)
	if err != nil {
		t.Fatal(err)
	}
	final, err := json.Marshal(LaneFinal{Report: race.LaneReport{
		Model: res.Lane.Model, Depth: res.Lane.Depth, Width: res.Lane.Width, Steps: res.Lane.Steps, Mode: res.Lane.Mode,
		SerialSteps: res.SerialSteps, Work: res.Work, Exact: res.Exact, CellAccuracy: res.CellAccuracy,
		SolvedAt: res.SolvedAt, WallNS: 2_500_000, Counters: res.Counters,
	}, Answer: res.Answer, Wrong: res.Wrong})
	if err != nil {
		t.Fatal(err)
	}
	return frames, final
}

// push sends frames [from, to) of lane i as one batch of job id.
func push(t *testing.T, s *Stage, i int, id int64, frames []machine.Frame, from, to int) {
	t.Helper()
	data := wire.EncodeFrames(wire.FrameBatch{ID: id, Seq: from, Frames: frames[from:to]})
	if err := s.Lanes()[i].(*Remote).Push(id, data); err != nil {
		t.Fatal(err)
	}
}

func TestStreamedLanesWaitForTheirFramesAndEndAsTheMachine(t *testing.T) {
	granted := map[int]int{}
	s := NewWith(RemoteFactory(func(lane, credit int) { granted[lane] += credit }))
	const hash = "family=parity&size=64&seed=4&depth=3&lanes=wide,deep&speed=100"
	if _, ns := s.Apply(hash); len(ns) > 0 {
		t.Fatal(ns)
	}
	p := s.Params()
	wide, wideFinal := workerLane(t, p, 0)
	deep, deepFinal := workerLane(t, p, 1)

	// No frame yet: playing a whole second moves nothing.
	s.Play()
	s.Update(1, time.Second)
	if s.Tick() != 0 {
		t.Fatalf("the clock ran to %d with no frames", s.Tick())
	}
	// Step before the frames arrive is owed, and taken once they do.
	s.Step()
	if s.Tick() != 0 {
		t.Fatalf("a step without frames moved the clock to %d", s.Tick())
	}
	push(t, s, 0, 11, wide, 0, 3) // serial steps 0..2
	push(t, s, 1, 12, deep, 0, 20)
	// Frames are credited back as they arrive, before the clock takes them,
	// so a worker never waits on the clock while another lane waits for it.
	if granted[0] != 3 || granted[1] != 20 {
		t.Fatalf("credit granted on arrival %v, want 3 and 20", granted)
	}
	s.Update(0, time.Second)
	if s.Tick() != 1 {
		t.Fatalf("the owed step left the clock at %d, want 1", s.Tick())
	}
	// Playing: the clock stops at the slowest lane's last frame.
	s.Play()
	s.Update(1, time.Second)
	if s.Tick() != 2 || s.Lanes()[1].Serial() != 2 {
		t.Fatalf("the clock ran to %d (deep at %d) with wide frames only to 2", s.Tick(), s.Lanes()[1].Serial())
	}
	// A batch of another job (a cancelled race's) is dropped.
	push(t, s, 0, 99, wide, 3, len(wide))
	if got := s.Lanes()[0].Available(); got != 2 {
		t.Fatalf("another job's batch was taken: wide can reach %d", got)
	}
	push(t, s, 0, 11, wide, 3, len(wide))
	push(t, s, 1, 12, deep, 20, len(deep))
	// The last frames are in but not the reports: finishing waits for them.
	s.Finish()
	if s.Finished() {
		t.Fatal("finished before the lanes' reports came")
	}
	for i, final := range [][]byte{wideFinal, deepFinal} {
		if err := s.Lanes()[i].(*Remote).Finished(final); err != nil {
			t.Fatal(err)
		}
	}
	s.Update(0, time.Second)
	if !s.Finished() || s.Tick() != len(deep)-1 {
		t.Fatalf("finished %v at tick %d, want the loop's %d steps", s.Finished(), s.Tick(), len(deep)-1)
	}
	want := batch(t, p)
	lanes := s.State(0, 0)["lanes"].([]any)
	for i, w := range want {
		got := lanes[i].(map[string]any)
		if got["serialSteps"] != w.SerialSteps || got["work"] != float64(w.Work) || got["exact"] != w.Exact ||
			got["cellAccuracy"] != w.CellAccuracy || got["wallMs"] != 2.5 {
			t.Errorf("lane %d: %v, the machine says %+v", i, got, w)
		}
	}
	// Every frame taken was granted back (frame 0 of each lane included).
	if granted[0] != len(wide) || granted[1] != len(deep) {
		t.Errorf("credit granted back %v, want %d and %d", granted, len(wide), len(deep))
	}
}

func TestStreamedLaneScoresTheFrameShownUntilTheReport(t *testing.T) {
	s := NewWith(RemoteFactory(func(int, int) {}))
	s.Apply("family=s5&size=16&seed=2&depth=2&lanes=wide")
	p := s.Params()
	frames, _ := workerLane(t, p, 0)
	push(t, s, 0, 1, frames, 0, len(frames))
	s.Step()
	// Scored as machine.Run scores a run stepped as far.
	_, inst, err := p.Instance(nil)
	if err != nil {
		t.Fatal(err)
	}
	run, _ := machine.NewRun(inst, p.LaneConfigs()[0], p.Seed)
	run.Step()
	want, got := run.Result(), s.Lanes()[0].Result()
	if got.CellAccuracy != want.CellAccuracy || got.Exact != want.Exact || len(got.Wrong) != len(want.Wrong) {
		t.Errorf("after one step: %+v, the run says %+v", got, want)
	}
}

func TestAFailedStreamedLaneEndsAloneWithItsError(t *testing.T) {
	s := NewWith(RemoteFactory(func(int, int) {}))
	s.Apply("family=s5&size=16&seed=2&depth=2&lanes=wide,deep")
	p := s.Params()
	deep, deepFinal := workerLane(t, p, 1)
	s.Lanes()[0].(*Remote).Fail("the wide lane failed twice")
	push(t, s, 1, 2, deep, 0, len(deep))
	if err := s.Lanes()[1].(*Remote).Finished(deepFinal); err != nil {
		t.Fatal(err)
	}
	s.Finish()
	st := s.State(0, 0)
	lanes := st["lanes"].([]any)
	if !s.Finished() || lanes[0].(map[string]any)["error"] != "the wide lane failed twice" || lanes[1].(map[string]any)["done"] != true {
		t.Errorf("state after a failure: %v", st)
	}
	if v := s.Lanes()[0].View(); v.Error == "" {
		t.Error("the failed lane's view carries no error to draw")
	}
	// A report that belongs to another lane is refused.
	s2 := NewWith(RemoteFactory(func(int, int) {}))
	s2.Apply("family=s5&size=16&seed=2&depth=2&lanes=wide,deep")
	if err := s2.Lanes()[0].(*Remote).Finished(deepFinal); err == nil {
		t.Error("the wide lane took the deep lane's report")
	}
}

func TestCurvesAreTheSummaryRows(t *testing.T) {
	sp, err := race.ParseSpec(map[string]string{"family": "parity", "size": "32,64", "depth": "1..3", "steps": "1,2,4", "instances": "3", "seed": "2"})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := race.Sweep(context.Background(), sp, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := CurvesFor(SweepRows{Rows: rows, Done: 6, Total: 6})
	if len(c.Panels) != 3 || c.Panels[0].Model != "wide" || c.Panels[1].Model != "deep" || c.Panels[2].Model != "diffusion" {
		t.Fatalf("panels %+v", c.Panels)
	}
	// Every summary row appears as one point per metric, at its x, with
	// its value; nothing else is drawn.
	summary := race.Summarize(rows)
	points := 0
	for _, pn := range c.Panels {
		for _, se := range pn.Series {
			points += len(se.Points)
		}
	}
	wantPoints := 0
	for _, r := range summary {
		switch r.Lane.Model {
		case machine.Deep:
			wantPoints++
		default:
			wantPoints += 2
		}
	}
	if points != wantPoints {
		t.Errorf("%d points drawn for %d summary values", points, wantPoints)
	}
	wide := c.Panels[0]
	if len(wide.Series) != 4 { // exact and cells, at each of the two sizes
		t.Fatalf("wide series %+v", wide.Series)
	}
	for _, r := range summary {
		if r.Lane.Model != machine.Wide || r.Size != 64 {
			continue
		}
		found := false
		for _, se := range wide.Series {
			for _, q := range se.Points {
				if se.Name == "exact n=64" && q.X == float64(r.Lane.Depth) && q.Y == r.ExactAccuracy {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no exact point for %+v in %+v", r, wide.Series)
		}
	}
}
