package race

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
)

// lane finds a model's lane in a report.
func lane(t *testing.T, r Report, m machine.Model) LaneReport {
	t.Helper()
	for _, l := range r.Lanes {
		if l.Model == m {
			return l
		}
	}
	t.Fatalf("no %s lane in %+v", m, r)
	return LaneReport{}
}

func TestRaceS5(t *testing.T) {
	p := params.Default() // s5, n=64, D=6
	r, err := Race(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := lane(t, r, machine.Wide); !w.Exact || w.SerialSteps != 6 || w.CellAccuracy != 1 {
		t.Errorf("s5 n=64 D=6: wide lane %+v, want exact in 6 serial steps (64 ≤ 2^6)", w)
	}
	p.Size = 128
	r, err = Race(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, d := lane(t, r, machine.Wide), lane(t, r, machine.Deep)
	if w.Exact || w.SerialSteps != 6 || w.CellAccuracy >= 0.75 {
		t.Errorf("s5 n=128 D=6: wide lane %+v, want inexact in 6 serial steps, about half the cells", w)
	}
	if !d.Exact || d.SerialSteps != 128 || d.Depth != 0 || d.Steps != 0 {
		t.Errorf("s5 n=128: deep lane %+v, want exact in 128 serial steps with depth and steps 0", d)
	}
	if w.Steps != 0 {
		t.Errorf("wide lane reports steps %d, want 0", w.Steps)
	}
	if diff := lane(t, r, machine.Diffusion); diff.SerialSteps != 6*32 || diff.Mode != machine.Score {
		t.Errorf("diffusion lane %+v, want K·D = 192 serial steps in score mode", diff)
	}
}

func TestRaceJSONShape(t *testing.T) {
	r, err := Race(context.Background(), params.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, `{"family":"s5","size":64,"seed":1,"lanes":[{"model":"wide","depth":6,"width":0,"steps":0,"serial_steps":6,`) {
		t.Errorf("JSON does not open with the contract's keys in order: %s", s)
	}
	var got struct {
		Family string
		Lanes  []map[string]any
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("invalid JSON %s: %v", s, err)
	}
	for _, l := range got.Lanes {
		for _, k := range []string{"model", "depth", "width", "steps", "serial_steps", "work", "exact", "cell_accuracy", "wall_ns", "solved_at"} {
			if _, ok := l[k]; !ok {
				t.Errorf("lane %v lacks %q", l["model"], k)
			}
		}
		if _, ok := l["mode"]; ok != (l["model"] == "diffusion") {
			t.Errorf("lane %v: mode present = %v, want only for diffusion", l["model"], ok)
		}
	}
}

// spec parses a sweep spec or fails the test.
func spec(t *testing.T, kv ...string) Spec {
	t.Helper()
	values := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		values[kv[i]] = kv[i+1]
	}
	s, err := ParseSpec(values)
	if err != nil {
		t.Fatalf("ParseSpec(%v): %v", values, err)
	}
	return s
}

func TestRaceAgreesWithSweep(t *testing.T) {
	p := params.Default()
	p.Family, p.Size, p.Seed, p.Depth, p.Steps = "parity", 40, 77, 1, 3
	r, err := Race(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := spec(t, "family", "parity", "size", "40", "seed", "77", "depth", "1", "steps", "3", "instances", "1", "per-instance", "true")
	rows, err := Sweep(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Lanes) {
		t.Fatalf("%d sweep rows for %d race lanes", len(rows), len(r.Lanes))
	}
	for i, row := range rows {
		l := r.Lanes[i]
		if row.Instance != 77 || row.Lane.Model != l.Model || row.SerialSteps != l.SerialSteps || row.Work != l.Work ||
			row.Exact != l.Exact || row.CellAccuracy() != l.CellAccuracy || row.SolvedAt != l.SolvedAt {
			t.Errorf("sweep row %+v differs from race lane %+v", row, l)
		}
	}
}

func TestSweepLanesDoNotMultiply(t *testing.T) {
	s := spec(t, "family", "s5", "size", "16", "depth", "2..4", "width", "0,8", "steps", "2,3", "instances", "2")
	var wide, deep, diff int
	for _, l := range s.Lanes() {
		switch l.Model {
		case machine.Wide:
			wide++
		case machine.Deep:
			deep++
			if l.Depth != 0 || l.Steps != 0 {
				t.Errorf("deep lane %+v has depth or steps", l)
			}
		case machine.Diffusion:
			diff++
		}
	}
	if wide != 3*2 || deep != 2 || diff != 3*2*2 {
		t.Errorf("lanes: %d wide, %d deep, %d diffusion; want 6, 2, 12", wide, deep, diff)
	}
}

func TestSummarizeIsOrderIndependentAndCorrect(t *testing.T) {
	s := spec(t, "family", "s5", "size", "8,32", "depth", "2..4", "models", "wide,deep", "instances", "5", "seed", "3")
	rows, err := Sweep(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := s.Table(rows)
	// Shard the jobs as Web Workers would: odd jobs and even jobs, run backwards.
	jobs := s.Jobs()
	var shards []InstanceRow
	for _, parity := range []int{1, 0} {
		for i := len(jobs) - 1; i >= 0; i-- {
			if i%2 == parity {
				r, err := RunJob(context.Background(), jobs[i])
				if err != nil {
					t.Fatal(err)
				}
				shards = append(shards, r...)
			}
		}
	}
	if got := s.Table(shards); !tablesEqual(got, want) {
		t.Errorf("sharded table %v differs from the sweep's %v", got.Rows, want.Rows)
	}
	// Reference summary with plain loops over the instance rows.
	sum := Summarize(rows)
	if len(sum) != 2*(3+1) {
		t.Fatalf("%d summary rows, want 8", len(sum))
	}
	for _, r := range sum {
		var n, exact, serial int
		var cells float64
		var work int64
		for _, ir := range rows {
			if ir.Size == r.Size && ir.Lane == r.Lane {
				n++
				if ir.Exact {
					exact++
				}
				serial += ir.SerialSteps
				work += ir.Work
				cells += ir.CellAccuracy()
			}
		}
		if r.Instances != n || n != 5 || Round(r.ExactAccuracy) != Round(float64(exact)/5) ||
			Round(r.CellAccuracy) != Round(cells/5) || r.SerialStepsMean != float64(serial)/5 || r.WorkMean != float64(work)/5 {
			t.Errorf("summary %+v disagrees with the rows (n %d, exact %d, serial %d, work %d, cells %v)", r, n, exact, serial, work, cells)
		}
	}
	// Theory: s5 at depth D is exact iff n ≤ 2^D.
	for _, r := range sum {
		if r.Lane.Model == machine.Wide && (r.ExactAccuracy == 1) != (r.Size <= 1<<r.Lane.Depth) {
			t.Errorf("s5 n=%d D=%d: exact accuracy %v", r.Size, r.Lane.Depth, r.ExactAccuracy)
		}
	}
}

func tablesEqual(a, b Table) bool {
	if !slices.Equal(a.Columns, b.Columns) || len(a.Rows) != len(b.Rows) {
		return false
	}
	for i := range a.Rows {
		if !slices.Equal(a.Rows[i], b.Rows[i]) {
			return false
		}
	}
	return true
}

func TestTableOutput(t *testing.T) {
	s := spec(t, "family", "s5", "size", "64", "depth", "5,6", "models", "wide,deep", "instances", "4")
	rows, err := Sweep(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var csv, js strings.Builder
	tab := s.Table(rows)
	if err := tab.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	want := "family,size,model,depth,width,steps,instances,exact_accuracy,cell_accuracy,serial_steps_mean,work_mean\n"
	if !strings.HasPrefix(csv.String(), want) || strings.Count(csv.String(), "\n") != 4 {
		t.Errorf("CSV:\n%s", csv.String())
	}
	if !strings.Contains(csv.String(), "\ns5,64,wide,6,0,0,4,1,1,6,") || !strings.Contains(csv.String(), "\ns5,64,deep,0,0,0,4,1,1,64,64\n") {
		t.Errorf("CSV rows unexpected:\n%s", csv.String())
	}
	if err := tab.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal([]byte(js.String()), &objs); err != nil || len(objs) != 3 {
		t.Fatalf("JSON %s: %v", js.String(), err)
	}
	if objs[2]["model"] != "deep" || objs[2]["serial_steps_mean"] != 64.0 || len(objs[0]) != len(Columns) {
		t.Errorf("JSON rows %v", objs)
	}
	s.PerInstance = true
	csv.Reset()
	if err := s.Table(rows).WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	want = "family,instance,model,depth,width,steps,exact,cell_accuracy,serial_steps,solved_at,work\n"
	if !strings.HasPrefix(csv.String(), want) || strings.Count(csv.String(), "\n") != 1+4*3 {
		t.Errorf("per-instance CSV:\n%s", csv.String())
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct {
		values map[string]string
		want   string
	}{
		{map[string]string{}, "--family: required (allowed: parity, s5"},
		{map[string]string{"family": "foo"}, "--family foo: unknown family (allowed: "},
		{map[string]string{"family": "s5", "size": "70000"}, "--size 70000: 70000: must be 1..65536"},
		{map[string]string{"family": "s5", "depth": "0"}, "--depth 0: 0: must be 1..64"},
		{map[string]string{"family": "s5", "depth": "4..x"}, "--depth 4..x: "},
		{map[string]string{"family": "s5", "models": "wide,fast"}, "--models wide,fast: unknown model"},
		{map[string]string{"family": "s5", "mode": "fast"}, "--mode fast: must be score or commit"},
		{map[string]string{"family": "s5", "instances": "0"}, "--instances 0: must be 1..10000"},
		{map[string]string{"family": "s5", "zoom": "2"}, "--zoom 2: unknown flag"},
		{map[string]string{"family": "s5", "set": "easy"}, "--set easy: does not apply to s5"},
		{map[string]string{"family": "s5", "size": "8,16", "per-instance": "true"}, "--size 8,16: --per-instance takes a single size"},
		{map[string]string{"family": "s5", "per-instance": "maybe"}, "--per-instance maybe: must be true or false"},
		{map[string]string{"family": "s5", "seed": "9007199254740990", "instances": "5"}, "--seed 9007199254740990: seed + instances"},
	}
	for _, tt := range tests {
		_, err := ParseSpec(tt.values)
		var ve *params.ValueError
		if !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseSpec(%v) error %v, want prefix %q", tt.values, err, tt.want)
		}
	}
}

func TestSweepStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := spec(t, "family", "s5", "size", "512", "models", "deep")
	if _, err := Sweep(ctx, s, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Sweep on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestFormatFloat(t *testing.T) {
	for x, want := range map[float64]string{1: "1", 0.5: "0.5", 1.0 / 3: "0.333333", 2.0 / 3: "0.666667", 0: "0", 1234.56789: "1234.56789", 0.0000004: "0"} {
		if got := FormatFloat(x); got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestSudokuRaceAgreesWithSweep(t *testing.T) {
	s := spec(t, "family", "sudoku", "instances", "3", "seed", "10", "depth", "4", "steps", "2", "per-instance", "true")
	if s.Sizes[0] != 0 || s.Set != "easy" {
		t.Fatalf("spec %+v: want no size and the default set, easy", s)
	}
	rows, err := Sweep(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, ns := params.FromValues(map[string]string{"family": "sudoku", "index": "2", "seed": "12", "depth": "4", "steps": "2"}, nil)
	if len(ns) > 0 {
		t.Fatal(ns)
	}
	r, err := Race(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []InstanceRow
	for _, row := range rows {
		if row.Instance == 2 {
			got = append(got, row)
		}
	}
	if len(got) != 3 || r.Index != 2 || r.Set != "easy" {
		t.Fatalf("rows for puzzle 2: %+v; report set %q index %d", got, r.Set, r.Index)
	}
	for i, row := range got {
		l := r.Lanes[i]
		if row.Lane.Model != l.Model || row.SerialSteps != l.SerialSteps || row.Work != l.Work || row.Exact != l.Exact || row.SolvedAt != l.SolvedAt {
			t.Errorf("sweep row %+v differs from race lane %+v", row, l)
		}
	}
	if d := r.Lanes[1]; !d.Exact || len(d.Counters) == 0 {
		t.Errorf("deep lane %+v: the loop solves every puzzle and counts its guesses", d)
	}
}
