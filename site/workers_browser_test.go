//go:build browser

// The page side of issue 5: the race's lanes and the page's sweeps run in
// the pool of lane workers. These tests drive index.html: the pool comes up
// at the link's size, races and sweeps give the command line's numbers
// whatever the number of workers, a change of settings cancels a sweep
// without a stale row, injected worker faults are survived, a second
// failure marks only its lane, and without Web Workers the page runs on the
// main thread with a notice.
package site

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/depthrace/depthrace/core/params"
	sweeprace "github.com/depthrace/depthrace/core/race"
)

// nativeLanes races a link with core/race, the command line's engine, as
// the reference for the page's lanes.
func nativeLanes(t *testing.T, hash string) []sweeprace.LaneReport {
	t.Helper()
	p, notices := params.ParseHash(hash)
	if len(notices) != 0 {
		t.Fatalf("link %q: %v", hash, notices)
	}
	rep, err := sweeprace.Race(context.Background(), p, nil)
	if err != nil {
		t.Fatalf("race %q: %v", hash, err)
	}
	return rep.Lanes
}

// sameLanes compares the page's lanes with the command line's, all but wall time.
func sameLanes(t *testing.T, what string, got []laneState, want []sweeprace.LaneReport) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d lanes, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Model != string(w.Model) || g.SerialSteps != w.SerialSteps || g.Work != float64(w.Work) ||
			g.Exact != w.Exact || g.CellAccuracy != w.CellAccuracy || !g.Done {
			t.Errorf("%s: lane %d is %+v, the command line says %+v", what, i, g, w)
		}
	}
}

// finished waits for the race to end and returns the state.
func finished(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	poll[bool](t, ctx, "window.depthrace.state().finished")
	return state(t, ctx)
}

func TestWorkersPoolComesUpAndRacesAlike(t *testing.T) {
	ctx := newTab(t)
	const link = "#v=1&family=parity&size=256&seed=3&depth=4&steps=8&lanes=wide,deep,diffusion"
	want := nativeLanes(t, link)
	openPage(t, ctx, "index.html"+link+"&workers=2")
	// Two workers, as the link says, each ready.
	poll[bool](t, ctx, "window.depthrace.state().workers === 2")
	if alive := eval[int](t, ctx, "window.depthraceHost.poolStats().alive"); alive != 2 {
		t.Errorf("the pool has %d live workers, want 2", alive)
	}
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	two := finished(t, ctx)
	sameLanes(t, "workers=2", two.Lanes, want)

	// workers=1 rebuilds the pool and reruns the race: the same results.
	eval[[]string](t, ctx, fmt.Sprintf("window.depthrace.set(%q)", link+"&workers=1"))
	poll[bool](t, ctx, "window.depthrace.state().workers === 1 && window.depthraceHost.poolStats().workers === 1")
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	one := finished(t, ctx)
	sameLanes(t, "workers=1", one.Lanes, want)

	// The page remembers each lane's wall time at both worker counts.
	type wall struct {
		Ms   float64 `json:"ms"`
		Used int     `json:"used"`
	}
	walls := eval[[]struct {
		Workers int             `json:"workers"`
		Lanes   map[string]wall `json:"lanes"`
	}](t, ctx, "window.depthraceHost.walls()")
	if len(walls) != 2 || walls[0].Workers != 1 || walls[1].Workers != 2 || len(walls[0].Lanes) != 3 || len(walls[1].Lanes) != 3 {
		t.Fatalf("wall times by workers %+v, want three lanes at 1 and at 2 workers", walls)
	}
	// They are the lanes' own reports, and the loop always runs on one worker.
	for i, s := range []pageState{one, two} {
		for _, l := range s.Lanes {
			if w := walls[i].Lanes[l.Model]; w.Ms != l.WallMs || w.Used < 1 || (l.Model == "deep" && w.Used != 1) {
				t.Errorf("%d workers: %s wall %+v, the lane reports %v ms", walls[i].Workers, l.Model, w, l.WallMs)
			}
		}
	}
	if rows := eval[int](t, ctx, `document.querySelectorAll("#walls-table tbody tr").length`); rows != 2 {
		t.Errorf("the wall-time table shows %d rows, want 2", rows)
	}
}

// nativeTable runs a sweep with core/race, as `depthrace sweep` does.
func nativeTable(t *testing.T, spec map[string]string) sweeprace.Table {
	t.Helper()
	sp, err := sweeprace.ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sweeprace.Sweep(context.Background(), sp, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sp.Table(rows)
}

// sameTable compares the hook's rows with a native table, number for number.
func sameTable(t *testing.T, what string, got []map[string]any, want sweeprace.Table) {
	t.Helper()
	if len(got) != len(want.Rows) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want.Rows))
	}
	for i, row := range want.Rows {
		for j, col := range want.Columns {
			if !sameCell(fmt.Sprint(row[j]), got[i][col]) {
				t.Errorf("%s: row %d column %s is %v, the command line says %v", what, i, col, got[i][col], row[j])
			}
		}
	}
}

func specJS(spec map[string]string) string {
	parts := make([]string, 0, len(spec))
	for k, v := range spec {
		parts = append(parts, fmt.Sprintf("%q: %q", k, v))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func TestWorkersSweepEqualsCommandLine(t *testing.T) {
	spec := map[string]string{"family": "parity", "size": "64,128", "depth": "2..5", "steps": "2,4", "instances": "4", "seed": "9"}
	want := nativeTable(t, spec)
	ctx := newTab(t)
	for _, workers := range []int{1, 2} {
		openPage(t, ctx, fmt.Sprintf("index.html#v=1&family=parity&size=64&workers=%d", workers))
		poll[bool](t, ctx, fmt.Sprintf("window.depthrace.state().workers === %d", workers))
		rows := eval[[]map[string]any](t, ctx, "window.depthrace.sweep("+specJS(spec)+")")
		sameTable(t, fmt.Sprintf("workers=%d", workers), rows, want)
		// The canvas shows the finished sweep's curves: every instance, a
		// panel per machine.
		s := eval[map[string]any](t, ctx, "window.depthrace.state().sweep")
		if s == nil || s["done"] != s["total"] || s["total"] != float64(2*4) || s["panels"] != float64(3) {
			t.Errorf("workers=%d: sweep view %v, want 8 of 8 instances in 3 panels", workers, s)
		}
	}
}

func TestWorkersSweepButtonDrawsCurves(t *testing.T) {
	ctx := newTab(t)
	openPage(t, ctx, "index.html#v=1&family=s5&size=32&seed=2&depth=3&steps=4&lanes=wide,deep,diffusion&workers=2")
	eval[chromedp.Void](t, ctx, `document.getElementById("sweep").click()`)
	// The progress bar counts instances and ends full; the canvas has a
	// chart per machine.
	poll[bool](t, ctx, `document.getElementById("sweep-back").hidden === false`)
	value := eval[float64](t, ctx, `document.getElementById("sweep-progress").value`)
	top := eval[float64](t, ctx, `document.getElementById("sweep-progress").max`)
	if value != top || top < 10 {
		t.Errorf("progress %v of %v at the end of the sweep", value, top)
	}
	if s := eval[map[string]any](t, ctx, "window.depthrace.state().sweep"); s == nil || s["panels"] != float64(3) {
		t.Errorf("sweep view %v, want 3 panels", s)
	}
	eval[chromedp.Void](t, ctx, `document.getElementById("sweep-back").click()`)
	poll[bool](t, ctx, "window.depthrace.state().sweep === null")
}

func TestWorkersCancelLeavesNoStaleRows(t *testing.T) {
	ctx := newTab(t)
	openPage(t, ctx, "index.html#v=1&family=s5&size=64&workers=2")
	poll[bool](t, ctx, "window.depthrace.state().workers === 2")
	spec := map[string]string{"family": "s5", "size": "512", "depth": "1..10", "steps": "32", "models": "diffusion", "instances": "320", "seed": "1"}
	eval[chromedp.Void](t, ctx, `(() => { window.outcome = null; window.depthrace.sweep(`+specJS(spec)+`).then(
		(rows) => { window.outcome = "resolved with " + rows.length + " rows"; },
		(err) => { window.outcome = err.name; }); })()`)
	poll[bool](t, ctx, `(() => { const p = window.depthraceHost.sweepProgress(); return p && p.done > 0; })()`)
	eval[[]string](t, ctx, `window.depthrace.set("#v=1&family=s5&size=64&seed=7&workers=2")`)
	// Within a frame: the promise rejects and the canvas is back on the race.
	if got := poll[string](t, ctx, "window.outcome", chromedp.WithPollingTimeout(2*time.Second)); got != "AbortError" {
		t.Fatalf("after a change of settings the sweep ended with %q, want AbortError", got)
	}
	if s := state(t, ctx); s.Params["seed"] != float64(7) || eval[bool](t, ctx, "window.depthrace.state().sweep !== null") {
		t.Fatalf("after the cancel the stage shows %v with sweep %v", s.Params, eval[any](t, ctx, "window.depthrace.state().sweep"))
	}
	// The cancelled shards' late replies never reach the canvas.
	time.Sleep(1500 * time.Millisecond)
	if got := eval[any](t, ctx, "[window.depthrace.state().sweep, window.depthraceHost.sweepProgress()]"); fmt.Sprint(got) != "[<nil> <nil>]" {
		t.Errorf("a stale sweep came back after the cancel: %v", got)
	}
	// The pool is free again: a new race runs to its end.
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	finished(t, ctx)
}

func TestWorkersSurviveFaults(t *testing.T) {
	ctx := newTab(t)
	const base = "#v=1&family=s5&size=64&depth=6&lanes=wide,deep&workers=2"
	openPage(t, ctx, "index.html"+base)
	poll[bool](t, ctx, "window.depthrace.state().workers === 2")
	for i, kind := range []string{"throw", "hang", "die"} {
		hash := fmt.Sprintf("%s&seed=%d", base, 10+i)
		want := nativeLanes(t, hash)
		retries := eval[int](t, ctx, "window.depthraceHost.poolStats().retries")
		eval[chromedp.Void](t, ctx, fmt.Sprintf(`window.depthraceHost.testFault({kind: %q, target: "wide", times: 1, deadlineMs: 1500})`, kind))
		eval[[]string](t, ctx, fmt.Sprintf("window.depthrace.set(%q)", hash))
		eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
		s := finished(t, ctx)
		sameLanes(t, kind, s.Lanes, want)
		if got := eval[int](t, ctx, "window.depthraceHost.poolStats().retries"); got != retries+1 {
			t.Errorf("%s: the pool retried %d jobs, want 1", kind, got-retries)
		}
	}

	// Failing twice: that lane shows its error, the other lane finishes.
	hash := base + "&seed=20"
	want := nativeLanes(t, hash)
	eval[chromedp.Void](t, ctx, `window.depthraceHost.testFault({kind: "throw", target: "wide", times: 2})`)
	eval[[]string](t, ctx, fmt.Sprintf("window.depthrace.set(%q)", hash))
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	s := finished(t, ctx)
	wide := eval[string](t, ctx, `window.depthrace.state().lanes[0].error || ""`)
	if !strings.Contains(wide, "failed twice") {
		t.Errorf("the wide lane's error is %q, want the pool's double failure", wide)
	}
	if !strings.Contains(strings.Join(s.Notices, "\n"), "wide lane failed") {
		t.Errorf("notices %q do not name the failed lane", s.Notices)
	}
	sameLanes(t, "deep beside a failed lane", s.Lanes[1:], want[1:])
	shown := poll[string](t, ctx, `document.getElementById("notices").textContent.includes("wide lane failed") && document.getElementById("notices").textContent`)
	if shown == "" {
		t.Error("the notices area does not show the failure")
	}

	// A sweep whose first shard's worker dies is retried and still right.
	eval[chromedp.Void](t, ctx, `window.depthraceHost.testFault({kind: "die", target: "sweep", times: 1})`)
	spec := map[string]string{"family": "s5", "size": "32", "depth": "2..4", "instances": "3", "seed": "4", "models": "wide,deep"}
	rows := eval[[]map[string]any](t, ctx, "window.depthrace.sweep("+specJS(spec)+")")
	sameTable(t, "sweep after a worker died", rows, nativeTable(t, spec))
}

func TestWorkersUnavailableFallsBackToMainThread(t *testing.T) {
	ctx := newTab(t)
	run(t, ctx, "hide Web Workers", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: "delete window.Worker;"})
		return err
	}))
	const hash = "#v=1&family=parity&size=128&seed=5&depth=3&lanes=wide,deep"
	openPage(t, ctx, "index.html"+hash)
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	s := finished(t, ctx)
	if s.Workers != 0 || !strings.Contains(strings.Join(s.Notices, "\n"), "Web Workers unavailable") {
		t.Errorf("without Workers: workers %d, notices %q", s.Workers, s.Notices)
	}
	sameLanes(t, "main thread", s.Lanes, nativeLanes(t, hash))
	spec := map[string]string{"family": "parity", "size": "32", "depth": "1..3", "instances": "2", "seed": "2"}
	rows := eval[[]map[string]any](t, ctx, "window.depthrace.sweep("+specJS(spec)+")")
	sameTable(t, "main-thread sweep", rows, nativeTable(t, spec))
}

func TestWorkersOneWorkerPlaysLongLanesToTheEnd(t *testing.T) {
	// One worker, three lanes, a loop longer than a lane's first credit: the
	// loop's worker must not wait on the clock while the clock waits for
	// the diffusion lane queued behind it.
	ctx := newTab(t)
	const link = "#v=1&family=parity&size=600&seed=2&depth=3&steps=4&lanes=wide,deep,diffusion&speed=1000&workers=1"
	openPage(t, ctx, "index.html"+link)
	eval[chromedp.Void](t, ctx, "window.depthrace.play()")
	s := finished(t, ctx)
	sameLanes(t, "one worker, played", s.Lanes, nativeLanes(t, link))
	if s.Tick != 600 {
		t.Errorf("the clock ended at %d, want the loop's 600 steps", s.Tick)
	}
}
