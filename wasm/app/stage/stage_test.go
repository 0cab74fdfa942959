package stage

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/registry"
)

// newStage applies hash to a fresh stage and fails on notices.
func newStage(t *testing.T, hash string) *Stage {
	t.Helper()
	s := New()
	if _, ns := s.Apply(hash); len(ns) > 0 {
		t.Fatalf("Apply(%q) notices: %v", hash, ns)
	}
	return s
}

// batch is each lane's result run to its end directly by machine.Batch,
// the same machine without the stage's clock.
func batch(t *testing.T, p params.Params) []machine.Result {
	t.Helper()
	_, inst, err := p.Instance(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []machine.Result
	for _, lane := range p.LaneConfigs() {
		r, err := machine.Batch(context.Background(), inst, lane, p.Seed)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestApplyNormalizesAndReportsNotices(t *testing.T) {
	s := New()
	hash, notices := s.Apply("#family=s5&size=64&depth=0&colour=red")
	if len(notices) != 2 {
		t.Fatalf("notices %q: want one for depth=0 and one for the unknown key", notices)
	}
	p, again := params.ParseHash(hash)
	if len(again) > 0 || p.Depth != 1 || p.Family != "s5" {
		t.Errorf("normalized hash %q reads back as depth %d with notices %v", hash, p.Depth, again)
	}
	if got := s.State(0, 0)["notices"].([]any); len(got) != 2 {
		t.Errorf("state notices %v", got)
	}
}

func TestSharedClockStepsEveryUnfinishedLane(t *testing.T) {
	s := newStage(t, "family=s5&size=16&depth=3&steps=4")
	for range 40 {
		s.Step()
		for i, l := range s.Lanes() {
			if !l.Done() && l.Serial() != s.Tick() {
				t.Fatalf("tick %d: unfinished lane %d at serial %d", s.Tick(), i, l.Serial())
			}
			if l.Serial() > s.Tick() {
				t.Fatalf("tick %d: lane %d ran ahead to %d", s.Tick(), i, l.Serial())
			}
		}
	}
	// wide ends at D=3, diffusion at K·D=12, deep at n=16: the clock stops at 16.
	if s.Tick() != 16 || !s.Finished() {
		t.Errorf("clock at %d (finished %v), want 16 and finished", s.Tick(), s.Finished())
	}
	want := []int{3, 16, 12}
	for i, l := range s.Lanes() {
		if l.Serial() != want[i] {
			t.Errorf("lane %d stopped at %d, want %d", i, l.Serial(), want[i])
		}
	}
}

func TestStagedLanesEndWhereBatchEnds(t *testing.T) {
	for _, hash := range []string{
		"family=s5&size=64&depth=6", "family=s5&size=128&depth=6", "family=parity&size=100&depth=2&width=30",
		"family=rule110&size=20&depth=8&mode=commit&steps=3", "family=rule90&size=33",
	} {
		s := newStage(t, hash)
		for range 5 {
			s.Step()
		}
		s.Finish()
		want := batch(t, s.Params())
		for i, l := range s.Lanes() {
			got := l.Result()
			if got.SerialSteps != want[i].SerialSteps || got.Work != want[i].Work || got.Exact != want[i].Exact ||
				got.CellAccuracy != want[i].CellAccuracy || !slices.Equal(got.Answer, want[i].Answer) {
				t.Errorf("%s lane %s: staged %+v, batch %+v", hash, got.Lane.Model, got, want[i])
			}
		}
	}
}

func TestTheS5RaceOfTheIssue(t *testing.T) {
	// Issue 4's browser checks, natively: at n=64 and depth 6 both lanes are
	// exact; at n=128 the wide net (6 serial steps) is not, the loop (128) is.
	s := newStage(t, "family=s5&size=64&depth=6&lanes=wide,deep")
	s.Finish()
	for _, l := range s.Lanes() {
		if !l.Result().Exact {
			t.Errorf("n=64: %s not exact", l.Result().Lane.Model)
		}
	}
	s = newStage(t, "family=s5&size=128&depth=6&lanes=wide,deep")
	s.Finish()
	wide, deep := s.Lanes()[0].Result(), s.Lanes()[1].Result()
	if wide.Exact || wide.SerialSteps != 6 || !deep.Exact || deep.SerialSteps != 128 {
		t.Errorf("n=128: wide exact=%v after %d, deep exact=%v after %d", wide.Exact, wide.SerialSteps, deep.Exact, deep.SerialSteps)
	}
}

func TestPlayAdvancesAtTheLinksSpeed(t *testing.T) {
	s := newStage(t, "family=s5&size=64&speed=8")
	s.Update(1, time.Second) // paused: nothing moves
	if s.Tick() != 0 {
		t.Fatalf("a paused race advanced to %d", s.Tick())
	}
	s.Play()
	s.Update(1.0/16, time.Second)
	if s.Tick() != 0 {
		t.Fatalf("half a step advanced the clock to %d", s.Tick())
	}
	s.Update(1.0/16, time.Second)
	s.Update(1, time.Second)
	if s.Tick() != 9 {
		t.Errorf("after 1.125 s at 8 steps/s the clock is %d, want 9", s.Tick())
	}
	s.SetSpeed(1e12) // clamped to the link's range
	if s.Params().Speed != int(params.SpeedRange.Max) {
		t.Errorf("speed %d, want the maximum %d", s.Params().Speed, params.SpeedRange.Max)
	}
	s.Update(10, time.Second)
	if !s.Finished() || s.Playing() {
		t.Errorf("a race played to its end should finish and pause (finished %v, playing %v)", s.Finished(), s.Playing())
	}
	s.Play()
	if s.Playing() {
		t.Error("a finished race should not play")
	}
}

func TestApplyKeepsPlayingAndSpeedAloneKeepsTheRace(t *testing.T) {
	s := newStage(t, "family=s5&size=64")
	s.Step()
	s.Step()
	s.Apply("family=s5&size=64&speed=30")
	if s.Tick() != 2 || s.Params().Speed != 30 {
		t.Errorf("a speed change reset the race (tick %d) or was lost (speed %d)", s.Tick(), s.Params().Speed)
	}
	s.Play()
	s.Apply("family=s5&size=32")
	if s.Tick() != 0 || !s.Playing() {
		t.Errorf("a new race should start at tick 0 and keep playing (tick %d, playing %v)", s.Tick(), s.Playing())
	}
	s.Reset()
	if s.Tick() != 0 || s.Playing() {
		t.Errorf("reset: tick %d, playing %v", s.Tick(), s.Playing())
	}
	for _, l := range s.Lanes() {
		if l.Serial() != 0 {
			t.Errorf("reset left a lane at %d", l.Serial())
		}
	}
}

func TestSameLinkGivesTheSameRace(t *testing.T) {
	run := func() []machine.Result {
		s := newStage(t, "family=rule110&size=24&depth=5&seed=9")
		for range 11 {
			s.Step()
		}
		var out []machine.Result
		for _, l := range s.Lanes() {
			out = append(out, l.Result())
		}
		return out
	}
	a, b := run(), run()
	for i := range a {
		if !slices.Equal(a[i].Answer, b[i].Answer) || a[i].Work != b[i].Work {
			t.Errorf("lane %d differs between two runs of one link", i)
		}
	}
}

func TestUnitsShowEveryLayerOfThePass(t *testing.T) {
	s := newStage(t, "family=s5&size=64&depth=6&steps=3&lanes=wide,diffusion")
	for range 8 {
		s.Step()
	}
	wide, diff := s.Lanes()[0].View(), s.Lanes()[1].View()
	var sum int64
	for _, u := range wide.Units {
		sum += u
	}
	if len(wide.Units) != 6 || sum != wide.Frame.Work {
		t.Errorf("wide: %d layer counts summing to %d, want 6 summing to the work %d", len(wide.Units), sum, wide.Frame.Work)
	}
	// Diffusion is in its second pass after 8 steps: layers 1 and 2 of it.
	if len(diff.Units) != 2 || diff.Frame.Pass != 1 || diff.Frame.Layer != 2 {
		t.Errorf("diffusion: %d layer counts in pass %d layer %d, want 2 in pass 1 layer 2", len(diff.Units), diff.Frame.Pass, diff.Frame.Layer)
	}
}

func TestHistoryIsRecordedOnlyWhereDrawnAndStaysBounded(t *testing.T) {
	s := newStage(t, "family=s5&size=64&lanes=deep")
	s.Finish()
	if h := s.Lanes()[0].View().History; h != nil {
		t.Errorf("s5 recorded %d history rows it never draws", len(h))
	}
	s = newStage(t, "family=rule90&size=2048&lanes=deep")
	s.Finish()
	h := s.Lanes()[0].View().History
	cells := 0
	for i, r := range h {
		cells += len(r.State)
		if i > 0 && r.Clock <= h[i-1].Clock {
			t.Fatalf("history clocks out of order: %d after %d", r.Clock, h[i-1].Clock)
		}
	}
	if cells > HistoryCells || len(h) < 100 {
		t.Errorf("history holds %d rows, %d cells: want within %d cells and still a diagram", len(h), cells, HistoryCells)
	}
	if h[0].Clock != 0 {
		t.Errorf("history starts at clock %d, want the input row 0", h[0].Clock)
	}
}

// countingSource is a LaneSource that wraps a local one and counts the
// stage's requests, as a worker-backed source would receive them.
type countingSource struct {
	LaneSource
	stepTo []int
}

func (c *countingSource) StepTo(serial int) {
	c.stepTo = append(c.stepTo, serial)
	c.LaneSource.StepTo(serial)
}

func TestLaneSourcesPlugIn(t *testing.T) {
	var made []*countingSource
	var specs []LaneSpec
	s := NewWith(func(spec LaneSpec) (LaneSource, error) {
		l, err := Local(spec)
		c := &countingSource{LaneSource: l}
		made, specs = append(made, c), append(specs, spec)
		return c, err
	})
	made, specs = nil, nil
	s.Apply("family=rule90&size=8&lanes=wide,deep&depth=2")
	for range 4 {
		s.Step()
	}
	if len(made) != 2 || specs[0].Lane.Model != machine.Wide || !specs[1].History || specs[1].Params.Size != 8 {
		t.Fatalf("factory got %+v", specs)
	}
	// The wide lane is asked for steps 1 and 2, then left alone once done.
	if !slices.Equal(made[0].stepTo, []int{1, 2}) || !slices.Equal(made[1].stepTo, []int{1, 2, 3, 4}) {
		t.Errorf("requests: wide %v, deep %v", made[0].stepTo, made[1].stepTo)
	}
}

// plainValues reports the first value syscall/js.ValueOf would refuse.
func plainValues(v any, path string) string {
	switch x := v.(type) {
	case nil, string, bool, int, float64:
		return ""
	case []any:
		for i, e := range x {
			if bad := plainValues(e, path+"["+strconv.Itoa(i)+"]"); bad != "" {
				return bad
			}
		}
		return ""
	case map[string]any:
		for k, e := range x {
			if bad := plainValues(e, path+"."+k); bad != "" {
				return bad
			}
		}
		return ""
	}
	return path
}

func TestStateHasTheHooksShape(t *testing.T) {
	s := newStage(t, "family=parity&size=32")
	s.Step()
	st := s.State(7, 0)
	for _, k := range []string{"v", "ready", "params", "notices", "tick", "finished", "frames", "workers", "lanes"} {
		if _, ok := st[k]; !ok {
			t.Errorf("state lacks %q", k)
		}
	}
	if bad := plainValues(st, "state"); bad != "" {
		t.Errorf("state holds a value JavaScript cannot take at %s", bad)
	}
	lanes := st["lanes"].([]any)
	if len(lanes) != 3 || st["tick"] != 1 || st["frames"] != 7 {
		t.Fatalf("state %v", st)
	}
	for _, l := range lanes {
		l := l.(map[string]any)
		for _, k := range []string{"model", "serialSteps", "work", "done", "exact", "cellAccuracy", "wallMs"} {
			if _, ok := l[k]; !ok {
				t.Errorf("lane lacks %q", k)
			}
		}
	}
	p := st["params"].(map[string]any)
	if p["family"] != "parity" || p["size"] != 32 || p["v"] != 1 {
		t.Errorf("params %v", p)
	}
	if bad := plainValues(Families(), "families"); bad != "" {
		t.Errorf("families hold a value JavaScript cannot take at %s", bad)
	}
	if n := len(Families()); n != len(registry.All()) {
		t.Errorf("%d families listed, registry has %d", n, len(registry.All()))
	}
}

func TestSpecValues(t *testing.T) {
	got, err := SpecValues(map[string]any{"family": "s5", "depth": "2..4", "size": float64(64), "per-instance": true, "instances": 3})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"family": "s5", "depth": "2..4", "size": "64", "per-instance": "true", "instances": "3"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, bad := range []map[string]any{{"size": 6.5}, {"size": []any{1}}, {"depth": nil}} {
		if _, err := SpecValues(bad); err == nil {
			t.Errorf("SpecValues(%v) accepted", bad)
		}
	}
}

func TestSweepRowsEqualTheCommandLinesCSV(t *testing.T) {
	for _, spec := range []map[string]any{
		{"family": "s5", "size": "8,32", "depth": "2..4", "instances": float64(3)},
		{"family": "parity", "size": float64(16), "models": "wide,deep", "instances": 2, "per-instance": true},
	} {
		table, err := Sweep(context.Background(), spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		if bad := plainValues(anyRows(table.Rows), "rows"); bad != "" {
			t.Errorf("a row holds a value JavaScript cannot take at %s", bad)
		}
		// The command line's CSV for the same spec.
		values, _ := SpecValues(spec)
		sp, err := race.ParseSpec(values)
		if err != nil {
			t.Fatal(err)
		}
		header, records := csvOf(t, sp)
		if !slices.Equal(table.Columns, header) {
			t.Errorf("columns %v, CSV header %v", table.Columns, header)
		}
		if len(table.Rows) != len(records) {
			t.Fatalf("%v: %d rows, CSV has %d", spec, len(table.Rows), len(records))
		}
		for i, rec := range records {
			for j, col := range header {
				if got := formatJS(table.Rows[i][j]); got != rec[j] {
					t.Errorf("%v row %d %s = %q, CSV says %q", spec, i, col, got, rec[j])
				}
			}
		}
	}
	if _, err := Sweep(context.Background(), map[string]any{"family": "nope"}, nil); err == nil || !strings.Contains(err.Error(), "family") {
		t.Errorf("a bad family gave %v, want an error naming the family", err)
	}
	if _, err := Sweep(context.Background(), map[string]any{"family": "s5", "colour": "red"}, nil); err == nil {
		t.Error("an unknown spec key was accepted")
	}
}

// anyRows wraps rows as the []any that plainValues walks.
func anyRows(rows [][]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

func FuzzApply(f *testing.F) {
	for _, h := range []string{"", "#v=1&family=s5&size=64&seed=1&width=0&depth=6&steps=32&mode=score&lanes=wide,deep,diffusion",
		"family=rule110&size=9999999&depth=-3", "lanes=&mode=x&%zz=1", "family=parity&speed=0&workers=99&seed=-1"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, hash string) {
		s := New()
		norm, _ := s.Apply(hash)
		// The normalized link is a fixed point: it applies without notices.
		again, ns := s.Apply(norm)
		if again != norm || len(ns) > 0 {
			t.Fatalf("normalized %q re-applies as %q with notices %v", norm, again, ns)
		}
	})
}
