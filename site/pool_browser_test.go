//go:build browser

// The pool's browser tests: pool.js, lanes-worker.js and a freshly built
// lanes.wasm, served from a temporary folder by this package's Handler and
// driven in the shared headless Chromium (see browser_test.go). They check
// that a two-worker pool comes up, that sharded sweeps equal the native
// sweep, that a cancel leaves no stale rows, that every injected fault is
// survived by a retry and that a second failure is a clear error.
package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/machinetest"
	"github.com/depthrace/depthrace/core/params"
	sweeprace "github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/wire"
)

// poolPage is the minimal page: it loads only the pool script. The tests
// drive everything else through Runtime.evaluate.
const poolPage = `<!doctype html><meta charset="utf-8"><title>pool</title><script src="pool.js"></script>`

// poolSite builds lanes.wasm into a fresh folder beside pool.js,
// lanes-worker.js, wasm_exec.js and poolPage, serves it, and opens it in a
// new tab.
func poolSite(t testing.TB) context.Context {
	t.Helper()
	dir := t.TempDir()
	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(dir, "lanes.wasm"), "../wasm/lanes")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build lanes.wasm: %v\n%s", err, out)
	}
	copyFile(t, filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	for _, f := range []string{"pool.js", "lanes-worker.js"} {
		copyFile(t, f, filepath.Join(dir, f))
	}
	if err := os.WriteFile(filepath.Join(dir, "pool.html"), []byte(poolPage), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := Handler(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx := newTab(t)
	run(t, ctx, "open the pool page", chromedp.Navigate(srv.URL+"/pool.html"))
	poll[bool](t, ctx, "typeof DepthracePool === 'function'")
	return ctx
}

// poolStats mirrors DepthracePool.stats().
type poolStats struct {
	Workers         int       `json:"workers"`
	Alive           int       `json:"alive"`
	Busy            int       `json:"busy"`
	Queued          int       `json:"queued"`
	Restarts        int       `json:"restarts"`
	Retries         int       `json:"retries"`
	Failures        int       `json:"failures"`
	MainThread      bool      `json:"mainThread"`
	Notices         []string  `json:"notices"`
	CompileMs       float64   `json:"compileMs"`
	StartupMs       []float64 `json:"startupMs"`
	GoStartupMs     []float64 `json:"goStartupMs"`
	GoHeapBytes     []float64 `json:"goHeapBytes"`
	WasmMemoryBytes []float64 `json:"wasmMemoryBytes"`
}

// startPool starts a pool in the page under the global name, with options
// given as a JavaScript object literal, and returns its stats.
func startPool(t testing.TB, ctx context.Context, name, options string) poolStats {
	t.Helper()
	return eval[poolStats](t, ctx, `(async () => {
		window.`+name+` = await new DepthracePool(`+options+`).start();
		return `+name+`.stats();
	})()`)
}

func poolStatsNow(t testing.TB, ctx context.Context, pool string) poolStats {
	t.Helper()
	return eval[poolStats](t, ctx, pool+".stats()")
}

// poolNativeRows is `depthrace sweep --format json` for spec, run natively, as
// the generic values JSON decodes to.
func poolNativeRows(t testing.TB, spec map[string]string) []any {
	t.Helper()
	s, err := sweeprace.ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sweeprace.Sweep(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.Table(rows).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var out []any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func poolSpecJS(t testing.TB, spec map[string]string) string {
	t.Helper()
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// poolSweep runs a sweep in the page; opts is extra JavaScript options.
func poolSweep(t testing.TB, ctx context.Context, pool string, spec map[string]string, opts string) []any {
	t.Helper()
	return eval[[]any](t, ctx, pool+".sweep("+poolSpecJS(t, spec)+", {"+opts+"})")
}

// poolSmallSpec makes 24 jobs over two sizes, five depths and every model.
var poolSmallSpec = map[string]string{"family": "s5", "size": "16,32", "depth": "1..5", "instances": "12", "steps": "4", "seed": "3"}

// BenchmarkPoolSweep times a sweep big enough to shard well (200 instances
// of s5 at size 256, depths 1..8, every model) on pools of one and two
// workers; the ratio of the two is the speed-up from a second core. It also
// reports the parallelism achieved (the workers' summed job time over the
// sweep's wall time: 2 means both workers busy throughout) and each worker's
// wasm memory after the sweeps.
func BenchmarkPoolSweep(b *testing.B) {
	ctx := poolSite(b)
	spec := poolSpecJS(b, map[string]string{"family": "s5", "size": "256", "depth": "1..8", "instances": "200"})
	for _, n := range []int{1, 2} {
		name := fmt.Sprintf("pool%d", n)
		startPool(b, ctx, name, fmt.Sprintf("{size: %d}", n))
		poolSweep(b, ctx, name, map[string]string{"family": "s5", "size": "8"}, "") // warm up
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			var work, wall float64
			for b.Loop() {
				w := eval[[]float64](b, ctx, `(async () => {
					const w0 = `+name+`.stats().workMs, t0 = performance.now();
					await `+name+`.sweep(`+spec+`);
					return [`+name+`.stats().workMs - w0, performance.now() - t0];
				})()`)
				work, wall = work+w[0], wall+w[1]
			}
			b.ReportMetric(work/wall, "parallelism")
			st := poolStatsNow(b, ctx, name)
			var mem float64
			for _, m := range st.WasmMemoryBytes {
				mem += m / float64(len(st.WasmMemoryBytes)) / (1 << 20)
			}
			b.ReportMetric(mem, "wasm-memory-MiB/worker")
		})
	}
}

// BenchmarkPoolStartup starts pools of two workers and reports what one
// start costs: compiling lanes.wasm once, each worker's start-up (new
// Worker() to its ready message) and each worker's memory (Go heap in use
// and wasm linear memory, as the worker reports them).
func BenchmarkPoolStartup(b *testing.B) {
	ctx := poolSite(b)
	var compile, startup, goStartup, heap, mem float64
	for b.Loop() {
		st := startPool(b, ctx, "p", "{size: 2}")
		eval[bool](b, ctx, "(p.close(), true)")
		compile += st.CompileMs
		for i := range st.StartupMs {
			startup += st.StartupMs[i] / 2
			goStartup += st.GoStartupMs[i] / 2
			heap += st.GoHeapBytes[i] / 2
			mem += st.WasmMemoryBytes[i] / 2
		}
	}
	n := float64(b.N)
	b.ReportMetric(compile/n, "compile-ms")
	b.ReportMetric(startup/n, "worker-startup-ms")
	b.ReportMetric(goStartup/n, "go-main-ms")
	b.ReportMetric(heap/n/(1<<20), "go-heap-MiB/worker")
	b.ReportMetric(mem/n/(1<<20), "wasm-memory-MiB/worker")
}

// poolDirectFrames steps lane i of the race p natively and records every frame.
func poolDirectFrames(t testing.TB, p params.Params, i int) []machine.Frame {
	t.Helper()
	_, inst, err := p.Instance(nil)
	if err != nil {
		t.Fatal(err)
	}
	frames, _, err := machinetest.Record(inst, p.LaneConfigs()[i], p.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return frames
}

func TestPool(t *testing.T) {
	ctx := poolSite(t)
	st := startPool(t, ctx, "pool2", "{size: 2, test: true, deadlineMs: 3000, graceMs: 500}")
	if st.Workers != 2 || st.Alive != 2 || st.MainThread || len(st.StartupMs) != 2 || st.StartupMs[0] <= 0 ||
		len(st.GoHeapBytes) != 2 || st.GoHeapBytes[0] <= 0 || st.WasmMemoryBytes[0] < st.GoHeapBytes[0] {
		t.Fatalf("a two-worker pool did not come up: %+v", st)
	}
	startPool(t, ctx, "pool1", "{size: 1}")
	want := poolNativeRows(t, poolSmallSpec)

	t.Run("sweep equals native for 1 and 2 workers", func(t *testing.T) {
		for _, pool := range []string{"pool1", "pool2"} {
			for _, shard := range []string{"", "shard: 5"} {
				if got := poolSweep(t, ctx, pool, poolSmallSpec, shard); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s: rows differ from the native sweep:\n got %v\nwant %v", pool, shard, got, want)
				}
			}
		}
		// The page's sweep(spec) may give numbers and booleans.
		perInstance := map[string]string{"family": "parity", "size": "12", "depth": "2", "instances": "5", "per-instance": "true"}
		got := eval[[]any](t, ctx, `pool2.sweep({family: "parity", size: 12, depth: 2, instances: 5, "per-instance": true})`)
		if want := poolNativeRows(t, perInstance); !reflect.DeepEqual(got, want) {
			t.Errorf("per-instance rows differ:\n got %v\nwant %v", got, want)
		}
	})

	t.Run("a bad spec is a clear error", func(t *testing.T) {
		msg := eval[string](t, ctx, `pool2.sweep({family: "s5", depth: "0"}).then(() => "no error", (e) => e.name + ": " + e.message)`)
		if !strings.HasPrefix(msg, "PoolError: ") || !strings.Contains(msg, "depth") {
			t.Errorf("got %q", msg)
		}
	})

	t.Run("race lanes on 1 and 2 workers equal the native race, frame for frame", func(t *testing.T) {
		const hash = "v=1&family=s5&size=48&seed=2&width=0&depth=4&steps=6&mode=score&lanes=wide,deep,diffusion"
		p, _ := params.ParseHash(hash)
		rep, err := sweeprace.Race(context.Background(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, pool := range []string{"pool1", "pool2"} {
			type lane struct {
				Report  sweeprace.LaneReport `json:"report"`
				Batches [][]byte             `json:"batches"` // base64 in JSON
			}
			got := eval[[]lane](t, ctx, `Promise.all(["wide", "deep", "diffusion"].map(async (m) => {
				const batches = [];
				const {report} = await `+pool+`.lane("`+hash+`", m, {credit: 8, batchFrames: 3,
					onFrames: (buf, msg, more) => {
						batches.push(btoa(String.fromCharCode(...new Uint8Array(buf))));
						more(msg.frames);
					}});
				return {report, batches};
			}))`)
			for i, l := range got {
				w := rep.Lanes[i]
				var frames []machine.Frame
				for _, data := range l.Batches {
					b, err := wire.DecodeFrames(data)
					if err != nil || b.Seq != len(frames) || len(b.Frames) > 3 {
						t.Fatalf("%s %s: batch at frame %d: seq %d, %d frames, %v", pool, w.Model, len(frames), b.Seq, len(b.Frames), err)
					}
					frames = append(frames, b.Frames...)
				}
				if want := poolDirectFrames(t, p, i); !reflect.DeepEqual(frames, want) {
					t.Errorf("%s %s: %d frames arrived, unlike the %d of a direct run", pool, w.Model, len(frames), len(want))
				}
				l.Report.WallNS, w.WallNS = 0, 0
				if !reflect.DeepEqual(l.Report, w) {
					t.Errorf("%s %s: got %+v, the native race says %+v", pool, w.Model, l.Report, w)
				}
			}
		}
	})

	t.Run("cancelling mid-sweep leaves no stale rows", func(t *testing.T) {
		big := map[string]string{"family": "s5", "size": "256", "depth": "1..8", "instances": "200"}
		res := eval[map[string]any](t, ctx, `(async () => {
			const ctl = new AbortController();
			let calls = 0, atAbort = -1;
			const p = pool2.sweep(`+poolSpecJS(t, big)+`, {signal: ctl.signal, shard: 4,
				onProgress: () => { calls++; if (calls === 2) { ctl.abort(); atAbort = calls; } }});
			const err = await p.then(() => "finished", (e) => e.name);
			await new Promise((r) => setTimeout(r, 300));
			return {err, atAbort, calls};
		})()`)
		if res["err"] != "AbortError" || res["atAbort"] != res["calls"] {
			t.Errorf("after a cancel: %v (progress must stop at the abort)", res)
		}
		if got := poolSweep(t, ctx, "pool2", poolSmallSpec, ""); !reflect.DeepEqual(got, want) {
			t.Errorf("the sweep after a cancel has stale or wrong rows:\n got %v\nwant %v", got, want)
		}
		if st := poolStatsNow(t, ctx, "pool2"); st.Alive != 2 || st.Busy != 0 || st.Queued != 0 {
			t.Errorf("after a cancel the pool is %+v", st)
		}
	})

	for _, fault := range []string{"throw", "hang", "die"} {
		t.Run("survives "+fault, func(t *testing.T) {
			before := poolStatsNow(t, ctx, "pool2")
			if got := poolSweep(t, ctx, "pool2", poolSmallSpec, `fault: "`+fault+`", faultTimes: 1`); !reflect.DeepEqual(got, want) {
				t.Errorf("rows after a %s differ from the native sweep", fault)
			}
			after := poll[poolStats](t, ctx, "pool2.stats().alive === 2 && pool2.stats()")
			if after.Restarts != before.Restarts+1 || after.Retries != before.Retries+1 || after.Failures != before.Failures {
				t.Errorf("a %s should cost one restart and one retry: before %+v, after %+v", fault, before, after)
			}
		})
	}

	t.Run("a second failure is a clear error", func(t *testing.T) {
		before := poolStatsNow(t, ctx, "pool2")
		msg := eval[string](t, ctx, `pool2.sweep(`+poolSpecJS(t, poolSmallSpec)+`, {fault: "die", faultTimes: 2}).then(() => "no error", (e) => e.name + ": " + e.message)`)
		if !strings.HasPrefix(msg, "PoolError: sweep shard 0..") || !strings.Contains(msg, "failed twice: first the worker died") {
			t.Errorf("got %q", msg)
		}
		after := poll[poolStats](t, ctx, "pool2.stats().alive === 2 && pool2.stats()")
		if after.Failures != before.Failures+1 || after.Restarts != before.Restarts+2 {
			t.Errorf("before %+v, after %+v", before, after)
		}
		if got := poolSweep(t, ctx, "pool2", poolSmallSpec, ""); !reflect.DeepEqual(got, want) {
			t.Error("the pool does not carry on after a failed job")
		}
	})

	t.Run("main-thread fallback", func(t *testing.T) {
		// A page without Worker: the pool notices and runs on the main thread.
		st := eval[poolStats](t, ctx, `(async () => {
			const saved = window.Worker;
			window.Worker = undefined;
			try {
				window.poolPage = new DepthracePool({size: 4});
			} finally {
				window.Worker = saved;
			}
			await poolPage.start();
			return poolPage.stats();
		})()`)
		if !st.MainThread || st.Workers != 1 || st.Alive != 1 || len(st.Notices) != 1 ||
			!strings.HasPrefix(st.Notices[0], "Web Workers are unavailable: lanes run on the main thread") {
			t.Errorf("fallback pool: %+v", st)
		}
		if got := poolSweep(t, ctx, "poolPage", poolSmallSpec, ""); !reflect.DeepEqual(got, want) {
			t.Error("the main-thread sweep differs from the native one")
		}
	})
}

// poolLaneJS runs one lane in the page and returns its result, its frame
// batches (base64, when frames is set) and the pool's split counters after it.
func poolLaneJS(pool, hash, model, opts string, frames bool) string {
	collect := ""
	if frames {
		collect = `credit: 1 << 20, onFrames: (buf, msg, more) => {
			const bytes = new Uint8Array(buf);
			let s = "";
			for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
			batches.push(btoa(s));
		},`
	}
	return `(async () => {
		const batches = [];
		const res = await ` + pool + `.lane("` + hash + `", "` + model + `", {` + collect + opts + `});
		const st = ` + pool + `.stats();
		return {report: res.report, answer: res.answer, wrong: res.wrong, workers: res.workers, wallMs: res.wallMs,
			batches, splitLanes: st.splitLanes, splitFallbacks: st.splitFallbacks, restarts: st.restarts};
	})()`
}

// poolLane is what poolLaneJS returns.
type poolLane struct {
	Report         sweeprace.LaneReport `json:"report"`
	Answer         []int                `json:"answer"`
	Wrong          []int                `json:"wrong"`
	Workers        int                  `json:"workers"`
	WallMs         float64              `json:"wallMs"`
	Batches        [][]byte             `json:"batches"`
	SplitLanes     int                  `json:"splitLanes"`
	SplitFallbacks int                  `json:"splitFallbacks"`
	Restarts       int                  `json:"restarts"`
}

// poolFrames decodes a lane's batches into its frames, checking their order.
func poolFrames(t testing.TB, batches [][]byte) []machine.Frame {
	t.Helper()
	var frames []machine.Frame
	for _, data := range batches {
		b, err := wire.DecodeFrames(data)
		if err != nil || b.Seq != len(frames) {
			t.Fatalf("batch at frame %d: seq %d, %v", len(frames), b.Seq, err)
		}
		frames = append(frames, b.Frames...)
	}
	return frames
}

// poolSplitLinks are wide lanes big enough for a split to be worth
// testing: pointer jumping, the counting net and rule 90's Lucas net.
var poolSplitLinks = []string{
	"v=1&family=s5&size=8192&seed=4&width=0&depth=14&steps=32&mode=score&lanes=wide",
	"v=1&family=parity&size=65536&seed=4&width=20000&depth=2&steps=32&mode=score&lanes=wide",
	"v=1&family=rule90&size=1000&seed=4&width=0&depth=2&steps=32&mode=score&lanes=wide",
}

// TestPoolSplit: a wide lane split over two workers streams exactly the
// frames of a direct native run and ends with the unsplit lane's report;
// the pool splits a heavy lane by itself and not a light one; a member's
// failure falls back to one worker with the same result; a cancel stops
// every member.
func TestPoolSplit(t *testing.T) {
	ctx := poolSite(t)
	startPool(t, ctx, "poolS", "{size: 2, test: true, splitGraceMs: 500}")

	t.Run("frames and report equal the unsplit lane", func(t *testing.T) {
		for _, hash := range poolSplitLinks {
			p, _ := params.ParseHash(hash)
			want := poolDirectFrames(t, p, 0)
			unsplit := eval[poolLane](t, ctx, poolLaneJS("poolS", hash, "wide", "split: false", true))
			split := eval[poolLane](t, ctx, poolLaneJS("poolS", hash, "wide", "split: 2", true))
			if unsplit.Workers != 1 || split.Workers != 2 || split.SplitLanes != unsplit.SplitLanes+1 {
				t.Errorf("%s: ran on %d and %d workers, split lanes %d then %d", p.Family, unsplit.Workers, split.Workers, unsplit.SplitLanes, split.SplitLanes)
			}
			for name, l := range map[string]poolLane{"unsplit": unsplit, "split": split} {
				if got := poolFrames(t, l.Batches); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s: %d frames differ from the %d of a direct run", p.Family, name, len(got), len(want))
				}
			}
			unsplit.Report.WallNS, split.Report.WallNS = 0, 0
			if !reflect.DeepEqual(split.Report, unsplit.Report) || !reflect.DeepEqual(split.Answer, unsplit.Answer) || !reflect.DeepEqual(split.Wrong, unsplit.Wrong) {
				t.Errorf("%s: split result %+v differs from the unsplit %+v", p.Family, split.Report, unsplit.Report)
			}
		}
	})

	t.Run("splits a heavy lane by itself, not a light one", func(t *testing.T) {
		// The default threshold: only rule 90's Lucas layer at the largest t.
		plans := eval[map[string]any](t, ctx, `(() => {
			const plan = (h, m) => JSON.stringify(poolS.splitPlan("v=1&" + h + "&seed=1&width=0&steps=32&mode=score&lanes=wide,deep", m));
			return {
				rule90: plan("family=rule90&size=4095&depth=2", "wide"),
				shallow: plan("family=rule90&size=2047&depth=2", "wide"),
				stepped: plan("family=rule90&size=4095&depth=4096", "wide"),
				deep: plan("family=rule90&size=4095&depth=2", "deep"),
				s5: plan("family=s5&size=65536&depth=16", "wide"),
				sudoku: plan("family=sudoku&depth=6&set=easy&index=0", "wide"),
			};
		})()`)
		want := map[string]any{"rule90": `{"k":2,"forced":false}`, "shallow": "null", "stepped": "null", "deep": "null", "s5": "null", "sudoku": "null"}
		if !reflect.DeepEqual(plans, want) {
			t.Errorf("split plans %v, want %v", plans, want)
		}
		// The policy at work, under a lower threshold: a lane above it
		// splits over the idle workers, one below it does not.
		startPool(t, ctx, "poolT", "{size: 2, splitMinWork: 1 << 22}")
		heavy := "v=1&family=rule90&size=2047&seed=1&width=0&depth=2&steps=32&mode=score&lanes=wide"
		light := "v=1&family=s5&size=4096&seed=1&width=0&depth=12&steps=32&mode=score&lanes=wide"
		if l := eval[poolLane](t, ctx, poolLaneJS("poolT", heavy, "wide", "", false)); l.Workers != 2 {
			t.Errorf("rule 90 at t=2047 ran on %d workers, want 2", l.Workers)
		}
		if l := eval[poolLane](t, ctx, poolLaneJS("poolT", light, "wide", "", false)); l.Workers != 1 {
			t.Errorf("s5 at n=4096 ran on %d workers, want 1", l.Workers)
		}
		eval[bool](t, ctx, "(poolT.close(), true)")
	})

	// A streaming lane has no deadline, so a hung member is caught at the
	// barrier, where it lags behind the other.
	for _, fault := range []string{"throw", "die", "hang"} {
		t.Run("a member that fails falls back to one worker: "+fault, func(t *testing.T) {
			hash := poolSplitLinks[0]
			want := eval[poolLane](t, ctx, poolLaneJS("poolS", hash, "wide", "split: false", false))
			got := eval[poolLane](t, ctx, poolLaneJS("poolS", hash, "wide", `split: 2, deadlineMs: 0, fault: "`+fault+`"`, false))
			if got.Workers != 1 || got.SplitFallbacks != want.SplitFallbacks+1 || got.Restarts != want.Restarts+1 {
				t.Errorf("after a %s: workers %d, fallbacks %d→%d, restarts %d→%d", fault, got.Workers, want.SplitFallbacks, got.SplitFallbacks, want.Restarts, got.Restarts)
			}
			got.Report.WallNS, want.Report.WallNS = 0, 0
			if !reflect.DeepEqual(got.Report, want.Report) {
				t.Errorf("fallback result %+v, want %+v", got.Report, want.Report)
			}
			poll[bool](t, ctx, "poolS.stats().alive === 2 && poolS.stats().busy === 0")
		})
	}

	t.Run("a second failure is a clear error", func(t *testing.T) {
		msg := eval[string](t, ctx, `poolS.lane("`+poolSplitLinks[0]+`", "wide", {split: 2, fault: "die", faultTimes: 2}).then(() => "no error", (e) => e.name + ": " + e.message)`)
		if !strings.HasPrefix(msg, "PoolError: the wide lane failed twice: first the lane split over 2 workers failed: the worker died") {
			t.Errorf("got %q", msg)
		}
		poll[bool](t, ctx, "poolS.stats().alive === 2 && poolS.stats().busy === 0")
	})

	t.Run("a cancel stops every member", func(t *testing.T) {
		before := poolStatsNow(t, ctx, "poolS")
		res := eval[map[string]any](t, ctx, `(async () => {
			const ctl = new AbortController();
			let batches = 0;
			const err = await poolS.lane("`+poolSplitLinks[0]+`", "wide", {split: 2, signal: ctl.signal, batchFrames: 1,
				onFrames: (buf, msg, more) => { if (++batches === 2) ctl.abort(); more(msg.frames); }}).then(() => "finished", (e) => e.name);
			return {err, batches};
		})()`)
		if res["err"] != "AbortError" {
			t.Errorf("after a cancel: %v", res)
		}
		poll[bool](t, ctx, "poolS.stats().alive === 2 && poolS.stats().busy === 0")
		if st := poolStatsNow(t, ctx, "poolS"); st.Restarts != before.Restarts || st.Queued != 0 {
			t.Errorf("a cancel should stop the members, not kill them: before %+v, after %+v", before, st)
		}
	})
}

// BenchmarkPoolSplit measures big wide lanes (no frames) unsplit and split
// over two workers: wall-ms is the page's clock from getting the workers
// to the result (instance generation included), steps-ms the worker's own
// time for the layers (barriers included when split). The machine is
// shared, so it also reports the load average before each run.
func BenchmarkPoolSplit(b *testing.B) {
	ctx := poolSite(b)
	startPool(b, ctx, "poolB", "{size: 2}")
	for _, c := range []struct{ name, hash string }{
		{"rule90-t4095-d2", "v=1&family=rule90&size=4095&seed=1&width=0&depth=2&steps=32&mode=score&lanes=wide"},
		{"rule90-t2047-d2", "v=1&family=rule90&size=2047&seed=1&width=0&depth=2&steps=32&mode=score&lanes=wide"},
		{"rule90-t1023-d2", "v=1&family=rule90&size=1023&seed=1&width=0&depth=2&steps=32&mode=score&lanes=wide"},
		{"s5-n65536-d16", "v=1&family=s5&size=65536&seed=1&width=0&depth=16&steps=32&mode=score&lanes=wide"},
		{"parity-n65536-d2", "v=1&family=parity&size=65536&seed=1&width=0&depth=2&steps=32&mode=score&lanes=wide"},
	} {
		for _, split := range []string{"false", "2"} {
			b.Run(c.name+"/split="+split, func(b *testing.B) {
				var wall, steps, load float64
				for b.Loop() {
					load += loadAverage(b)
					l := eval[poolLane](b, ctx, poolLaneJS("poolB", c.hash, "wide", "split: "+split, false))
					wall += l.WallMs
					steps += float64(l.Report.WallNS) / 1e6
				}
				n := float64(b.N)
				b.ReportMetric(wall/n, "wall-ms")
				b.ReportMetric(steps/n, "steps-ms")
				b.ReportMetric(load/n, "load1")
			})
		}
	}
}

// loadAverage is the machine's one-minute load average.
func loadAverage(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		b.Fatal(err)
	}
	var l float64
	if _, err := fmt.Sscan(string(data), &l); err != nil {
		b.Fatal(err)
	}
	return l
}
