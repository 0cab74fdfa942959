//go:build browser

// The browser tests drive the built site (dist/) in headless Chromium with
// chromedp: the page comes up, links race as the theory says, bad links
// normalize, history works, the embed works inside another origin's page and
// the canvas matches a golden image. Run them with
//
//	make site && go test -tags browser ./site/ -dist "$PWD/dist"
//
// (make test does). A missing /usr/bin/chromium or dist/ is a failure, never
// a skip: CI installs Chromium (.ci/run) precisely so that these run.
package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var (
	distDir      = flag.String("dist", "", "the folder `make site` built (required)")
	updateGolden = flag.Bool("update-golden", false, "rewrite the golden screenshot from this run")
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// Shared by every test: one browser, the site and its request log.
var (
	browserCtx context.Context
	siteURL    string
	requests   = &requestLog{}
)

func TestMain(m *testing.M) {
	flag.Parse()
	if err := checkSetup(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: browser tests:", err)
		os.Exit(1)
	}
	h, err := Handler(*distDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: browser tests:", err)
		os.Exit(1)
	}
	srv := httptest.NewServer(requests.wrap(h))
	siteURL = srv.URL

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.NoSandbox, // CI runs as root
			chromedp.WindowSize(1280, 800),
			chromedp.Flag("use-angle", "swiftshader"),
			chromedp.Flag("enable-unsafe-swiftshader", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("mute-audio", true),
		)...)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		fmt.Fprintln(os.Stderr, "FAIL: browser tests: cannot start", chromiumPath+":", err)
		os.Exit(1)
	}
	browserCtx = ctx
	code := m.Run()
	cancelBrowser()
	cancelAlloc()
	srv.Close()
	os.Exit(code)
}

// checkSetup explains what is missing, so that a failure says how to fix it.
func checkSetup() error {
	if _, err := os.Stat(chromiumPath); err != nil {
		return fmt.Errorf("%s is missing: install Debian's chromium (apt-get install chromium; .ci/run does it)", chromiumPath)
	}
	if *distDir == "" {
		return fmt.Errorf("no -dist given: run `make site`, then go test -tags browser ./site/ -dist \"$PWD/dist\"")
	}
	for _, f := range []string{"index.html", "embed.html", "stage.html", "app.wasm", "app.wasm.br", "app.wasm.gz", "wasm_exec.js", "hook.js", "poster.svg"} {
		if _, err := os.Stat(filepath.Join(*distDir, f)); err != nil {
			return fmt.Errorf("%s has no %s: run `make site` first", *distDir, f)
		}
	}
	return nil
}

// requestLog records the paths the site served, to see what a page loaded.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.paths = append(l.paths, r.URL.Path)
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// count returns how many requests for path arrived so far.
func (l *requestLog) count(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, p := range l.paths {
		if p == path {
			n++
		}
	}
	return n
}

// newTab opens a fresh tab in the shared browser, closed when the test ends.
func newTab(t testing.TB) context.Context {
	ctx, _ := newClosableTab(t)
	return ctx
}

// newClosableTab opens a tab that the caller may close early with cancel.
func newClosableTab(t testing.TB) (context.Context, context.CancelFunc) {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browserCtx)
	t.Cleanup(closeTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx, func() { cancelTimeout(); closeTab() }
}

// waitRequests waits until the site has served path more than before times.
func waitRequests(t testing.TB, path string, before int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); requests.count(path) <= before; {
		if time.Now().After(deadline) {
			t.Fatalf("the page never requested %s", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// run runs one action and stops the test on error.
func run[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page (awaiting promises).
func eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	return run(t, ctx, expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// poll waits until the expression is truthy and returns its value.
func poll[T any](t testing.TB, ctx context.Context, expr string, opts ...chromedp.PollOption) T {
	t.Helper()
	opts = append([]chromedp.PollOption{chromedp.WithPollingInterval(20 * time.Millisecond), chromedp.WithPollingTimeout(60 * time.Second)}, opts...)
	return run(t, ctx, "wait for "+expr, chromedp.Poll[T](expr, opts...))
}

// waitInFrame waits until the expression is truthy inside an iframe.
func waitInFrame(t testing.TB, ctx context.Context, frame *chromedp.Node, expr string) {
	t.Helper()
	poll[bool](t, ctx, "Boolean("+expr+")", chromedp.WithPollingInFrame(frame))
}

// inFrame evaluates an expression inside an iframe once; Poll is the action
// that takes a frame, so the value is wrapped to be always truthy.
func inFrame[T any](t testing.TB, ctx context.Context, frame *chromedp.Node, expr string) T {
	t.Helper()
	type box struct {
		V T `json:"v"`
	}
	return poll[box](t, ctx, "({v: ("+expr+")})", chromedp.WithPollingInFrame(frame)).V
}

// laneState and pageState mirror window.depthrace.state().
type laneState struct {
	Model        string  `json:"model"`
	SerialSteps  int     `json:"serialSteps"`
	Work         float64 `json:"work"`
	Done         bool    `json:"done"`
	Exact        bool    `json:"exact"`
	CellAccuracy float64 `json:"cellAccuracy"`
	WallMs       float64 `json:"wallMs"`
}

type pageState struct {
	V        int            `json:"v"`
	Ready    bool           `json:"ready"`
	Params   map[string]any `json:"params"`
	Notices  []string       `json:"notices"`
	Tick     int            `json:"tick"`
	Finished bool           `json:"finished"`
	Frames   int            `json:"frames"`
	Workers  int            `json:"workers"`
	Lanes    []laneState    `json:"lanes"`
	Playing  bool           `json:"playing"`
}

func (s pageState) lane(t testing.TB, model string) laneState {
	t.Helper()
	for _, l := range s.Lanes {
		if l.Model == model {
			return l
		}
	}
	t.Fatalf("no %s lane in %+v", model, s.Lanes)
	return laneState{}
}

func state(t testing.TB, ctx context.Context) pageState {
	t.Helper()
	return eval[pageState](t, ctx, "window.depthrace.state()")
}

// readyExpr is truthy once the stage runs and has drawn a frame.
const readyExpr = "(() => { const s = window.depthrace && window.depthrace.state(); return s && s.ready && s.frames > 0; })()"

// openPage navigates to a page of the site and waits for the race to run.
func openPage(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	run(t, ctx, "navigate to "+page, chromedp.Navigate(siteURL+"/"+page))
	poll[bool](t, ctx, readyExpr)
}

// recordProblems makes every frame of the tab record CSP violations and
// uncaught errors in window.problems, from before its first script.
func recordProblems(t testing.TB, ctx context.Context) {
	t.Helper()
	const js = `window.problems = [];
		document.addEventListener("securitypolicyviolation", (e) => window.problems.push("CSP " + e.violatedDirective + " blocked " + e.blockedURI));
		window.addEventListener("error", (e) => window.problems.push("error: " + e.message));
		window.addEventListener("unhandledrejection", (e) => window.problems.push("rejection: " + e.reason));`
	run(t, ctx, "record problems", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	}))
}

func TestDefaultPageComesUp(t *testing.T) {
	ctx := newTab(t)
	recordProblems(t, ctx)
	run(t, ctx, "navigate", chromedp.Navigate(siteURL+"/index.html"))
	early := state(t, ctx)
	if early.V != 1 {
		t.Errorf("state().v = %d before the stage is up, want 1", early.V)
	}
	poll[bool](t, ctx, readyExpr)
	first := state(t, ctx)
	poll[bool](t, ctx, fmt.Sprintf("window.depthrace.state().frames > %d + 10", first.Frames))
	if !first.Ready || first.V != 1 {
		t.Errorf("state() = %+v, want ready v=1", first)
	}
	hash := eval[string](t, ctx, "location.hash")
	if !strings.HasPrefix(hash, "#v=1&family=") {
		t.Errorf("address bar hash %q: the default link is not normalized into it", hash)
	}
	if len(first.Lanes) == 0 || first.Params["family"] == "" {
		t.Errorf("default race has no lanes or family: %+v", first)
	}
	// The controls show the normalized link and the family explanation.
	if got := eval[string](t, ctx, `document.getElementById("family").value`); got != first.Params["family"] {
		t.Errorf("family control shows %q, state has %v", got, first.Params["family"])
	}
	if got := eval[string](t, ctx, `document.getElementById("family-explain").textContent`); len(got) < 20 {
		t.Errorf("family explanation %q is missing", got)
	}
	// The twin button switches to the contrasting family and writes the link.
	family := fmt.Sprint(first.Params["family"])
	eval[chromedp.Void](t, ctx, `document.getElementById("twin").click()`)
	twin := poll[string](t, ctx, fmt.Sprintf("window.depthrace.state().params.family !== %q && window.depthrace.state().params.family", family))
	if hash := eval[string](t, ctx, "location.hash"); !strings.Contains(hash, "family="+twin) {
		t.Errorf("after the twin button the address bar shows %q, want family=%s", hash, twin)
	}
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	verdict := poll[string](t, ctx, `document.getElementById("verdict").textContent`)
	if !strings.HasPrefix(verdict, "Race finished.") {
		t.Errorf("verdict for screen readers %q", verdict)
	}
	// Under the server's CSP nothing is blocked and nothing throws, on the
	// host page or on the stage.
	problems := eval[[]string](t, ctx, `[...window.problems, ...document.querySelector("#stage iframe").contentWindow.problems]`)
	if len(problems) != 0 {
		t.Errorf("the page reported problems: %q", problems)
	}
}

// race applies a link on a ready page, finishes it and returns the state.
func race(t *testing.T, ctx context.Context, hash string) pageState {
	t.Helper()
	notices := eval[[]string](t, ctx, fmt.Sprintf("window.depthrace.set(%q)", hash))
	if len(notices) != 0 {
		t.Fatalf("set(%q) gave notices %q, want none", hash, notices)
	}
	eval[chromedp.Void](t, ctx, "window.depthrace.finish()")
	// Lanes stream from Web Workers: the race ends once their last frames
	// and reports have arrived, with no further call.
	poll[bool](t, ctx, "window.depthrace.state().finished")
	return state(t, ctx)
}

func TestS5DepthSixRace(t *testing.T) {
	ctx := newTab(t)
	openPage(t, ctx, "index.html")

	// 64 = 2^6 permutations: six doubling layers compose them all.
	s := race(t, ctx, "#v=1&family=s5&size=64&seed=1&width=0&depth=6&lanes=wide,deep")
	wide, deep := s.lane(t, "wide"), s.lane(t, "deep")
	if !wide.Exact || !deep.Exact {
		t.Errorf("n=64 depth 6: wide exact %v, deep exact %v; want both exact", wide.Exact, deep.Exact)
	}
	if wide.SerialSteps != 6 || deep.SerialSteps != 64 {
		t.Errorf("n=64: serial steps wide %d deep %d, want 6 and 64", wide.SerialSteps, deep.SerialSteps)
	}

	// 128 needs a seventh layer: the wide net is cut short, the loop is not.
	s = race(t, ctx, "#v=1&family=s5&size=128&seed=1&width=0&depth=6&lanes=wide,deep")
	wide, deep = s.lane(t, "wide"), s.lane(t, "deep")
	if wide.Exact || wide.SerialSteps != 6 {
		t.Errorf("n=128 depth 6: wide exact %v after %d serial steps, want inexact after 6", wide.Exact, wide.SerialSteps)
	}
	if !deep.Exact || deep.SerialSteps != 128 {
		t.Errorf("n=128: deep exact %v after %d serial steps, want exact after 128", deep.Exact, deep.SerialSteps)
	}
	hash := eval[string](t, ctx, "location.hash")
	if !strings.Contains(hash, "size=128") || !strings.Contains(hash, "depth=6") {
		t.Errorf("address bar %q does not show the applied link", hash)
	}
	// The Embed button's snippet frames embed.html with this exact link.
	eval[chromedp.Void](t, ctx, `document.getElementById("embed").click()`)
	snippet := poll[string](t, ctx, `document.getElementById("share-dialog").open && document.getElementById("share-code").value`)
	want := `src="` + siteURL + `/embed.html` + strings.ReplaceAll(hash, "&", "&amp;") + `"`
	if !strings.HasPrefix(snippet, "<iframe ") || !strings.Contains(snippet, want) {
		t.Errorf("embed snippet %q, want an iframe with %s", snippet, want)
	}
}

func TestBadLinkShowsNoticesAndNormalizes(t *testing.T) {
	ctx := newTab(t)
	bad := "#v=1&family=s5&size=64&depth=999&mode=sideways&bogus=1"
	openPage(t, ctx, "index.html"+bad)
	s := state(t, ctx)
	if len(s.Notices) < 3 {
		t.Fatalf("notices %q: want one for depth, mode and the unknown key", s.Notices)
	}
	joined := strings.Join(s.Notices, "\n")
	for _, key := range []string{"depth", "mode", "bogus"} {
		if !strings.Contains(joined, key) {
			t.Errorf("no notice names %q: %q", key, s.Notices)
		}
	}
	if s.Params["depth"] != float64(64) || s.Params["mode"] != "score" {
		t.Errorf("params %v: want depth clamped to 64 and mode back to score", s.Params)
	}
	hash := eval[string](t, ctx, "location.hash")
	if strings.Contains(hash, "bogus") || !strings.Contains(hash, "depth=64") || !strings.Contains(hash, "mode=score") {
		t.Errorf("address bar shows %q, want the normalized link", hash)
	}
	shown := poll[string](t, ctx, `document.getElementById("notices").textContent`)
	if !strings.Contains(shown, "bogus") {
		t.Errorf("notices area shows %q, want the notices", shown)
	}
	// A bad link through the hook: the notices come back at once.
	notices := eval[[]string](t, ctx, `window.depthrace.set("#v=1&family=nosuch")`)
	if len(notices) == 0 || !strings.Contains(strings.Join(notices, " "), "nosuch") {
		t.Errorf("set with an unknown family gave notices %q", notices)
	}
}

func TestBackAndForward(t *testing.T) {
	ctx := newTab(t)
	a := "#v=1&family=s5&size=64&seed=1&width=0&depth=6&lanes=wide,deep"
	openPage(t, ctx, "index.html"+a)
	hashA := eval[string](t, ctx, "location.hash")
	eval[[]string](t, ctx, `window.depthrace.set("#v=1&family=parity&size=32&seed=2&depth=3&lanes=wide,deep")`)
	hashB := eval[string](t, ctx, "location.hash")
	// A control writes the link too: depth 5 through the slider.
	eval[chromedp.Void](t, ctx, `(() => { const d = document.getElementById("depth"); d.value = 5; d.dispatchEvent(new Event("change")); })()`)
	hashC := poll[string](t, ctx, `location.hash.includes("depth=5") && location.hash`)
	if hashA == hashB || hashB == hashC || !strings.Contains(hashB, "family=parity") {
		t.Fatalf("history entries %q, %q, %q are not three races", hashA, hashB, hashC)
	}

	run(t, ctx, "back", chromedp.NavigateBack())
	poll[bool](t, ctx, fmt.Sprintf("location.hash === %q && window.depthrace.state().params.depth === 3", hashB))
	run(t, ctx, "back", chromedp.NavigateBack())
	poll[bool](t, ctx, fmt.Sprintf("location.hash === %q && window.depthrace.state().params.family === 's5'", hashA))
	if got := eval[string](t, ctx, `document.getElementById("family").value`); got != "s5" {
		t.Errorf("after back the family control shows %q, want s5", got)
	}
	run(t, ctx, "forward", chromedp.NavigateForward())
	poll[bool](t, ctx, fmt.Sprintf("location.hash === %q && window.depthrace.state().params.family === 'parity'", hashB))
}

func TestSweepMatchesCommandLine(t *testing.T) {
	spec := map[string]string{"family": "s5", "size": "16,32", "depth": "2..4", "steps": "4", "instances": "3", "seed": "5"}
	args := []string{"run", "../cmd/depthrace", "sweep", "--format", "csv"}
	for _, k := range []string{"family", "size", "depth", "steps", "instances", "seed"} {
		args = append(args, "--"+k, spec[k])
	}
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("command line csv %q: %v", out, err)
	}

	ctx := newTab(t)
	openPage(t, ctx, "index.html")
	specJSON, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	rows := eval[[]map[string]any](t, ctx, "window.depthrace.sweep("+string(specJSON)+")")
	header, want := records[0], records[1:]
	if len(rows) != len(want) {
		t.Fatalf("hook gave %d rows, command line %d", len(rows), len(want))
	}
	for i, rec := range want {
		for j, col := range header {
			got, ok := rows[i][col]
			if !ok {
				t.Fatalf("row %d has no column %q: %v", i, col, rows[i])
			}
			if !sameCell(rec[j], got) {
				t.Errorf("row %d column %s: hook %v, command line %s", i, col, got, rec[j])
			}
		}
	}
}

// sameCell compares a CSV cell with a hook value: numbers as numbers.
func sameCell(cell string, v any) bool {
	if f, ok := v.(float64); ok {
		c, err := strconv.ParseFloat(cell, 64)
		return err == nil && c == f
	}
	return fmt.Sprint(v) == cell
}

func TestKeyboardShortcuts(t *testing.T) {
	ctx := newTab(t)
	openPage(t, ctx, "index.html#v=1&family=s5&size=64&seed=1&width=0&depth=6&lanes=wide,deep")
	key := func(k string) { run(t, ctx, "press "+k, chromedp.KeyEvent(k)) }
	eval[chromedp.Void](t, ctx, "document.activeElement.blur()")
	key("r")
	poll[bool](t, ctx, "!window.depthrace.state().playing && window.depthrace.state().tick === 0")
	key(kb.ArrowRight)
	key(kb.ArrowRight)
	poll[bool](t, ctx, "window.depthrace.state().tick === 2")
	key(" ")
	poll[bool](t, ctx, "window.depthrace.state().playing")
	key(" ")
	poll[bool](t, ctx, "!window.depthrace.state().playing")
	// Typing in a field is typing, not a shortcut.
	eval[chromedp.Void](t, ctx, `document.getElementById("seed").focus()`)
	key("f")
	if s := state(t, ctx); s.Finished {
		t.Error("typing f in the seed field finished the race")
	}
	// With the focus inside the stage the shortcuts still work.
	eval[chromedp.Void](t, ctx, `document.querySelector("#stage iframe").contentWindow.focus()`)
	key("f")
	poll[bool](t, ctx, "window.depthrace.state().finished")
	key("r")
	poll[bool](t, ctx, "!window.depthrace.state().finished && window.depthrace.state().tick === 0")
}

// parentPage serves a page from another origin that embeds embed.html below
// `spacer` pixels of text, as a blog post would.
func parentPage(t *testing.T, hash string) *httptest.Server {
	t.Helper()
	page := `<!doctype html><html><head><title>A blog post</title>
<style>body{margin:0;font:16px sans-serif} .spacer{height:2400px}</style></head>
<body><p>A blog post about depth.</p><div class="spacer"></div>
<iframe id="e" src="` + siteURL + `/embed.html` + hash + `" width="700" height="450" title="depthrace"></iframe>
<div class="spacer"></div></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEmbedInAnotherOriginsPage(t *testing.T) {
	hash := "#v=1&family=s5&size=64&seed=3&width=0&depth=6&lanes=wide,deep"
	parent := parentPage(t, hash)
	if parent.URL == siteURL {
		t.Fatal("the parent page must come from another origin")
	}
	ctx := newTab(t)
	recordProblems(t, ctx)
	wasmBefore := requests.count("/app.wasm")
	run(t, ctx, "navigate", chromedp.Navigate(parent.URL+"/"))
	frames := run(t, ctx, "find the embed", chromedp.Nodes(chromedp.CSS("#e")))
	frame := frames[0]

	// Below the fold: the hook is there, the poster shows, no wasm is loaded.
	waitInFrame(t, ctx, frame, `document.readyState === "complete"`)
	if !inFrame[bool](t, ctx, frame, `window.depthrace.state().v === 1`) {
		t.Fatal("embed.html has no hook")
	}
	if inFrame[bool](t, ctx, frame, "window.depthrace.state().ready") {
		t.Error("the embed is ready while nobody has scrolled to it")
	}
	if !inFrame[bool](t, ctx, frame, `!document.getElementById("poster").hidden && document.querySelector("#poster img").complete`) {
		t.Error("the poster is not shown")
	}
	time.Sleep(300 * time.Millisecond) // give a wrong eager load the chance to show
	if n := requests.count("/app.wasm") - wasmBefore; n != 0 {
		t.Errorf("an embed nobody scrolled to requested app.wasm %d times", n)
	}

	// Scrolled into view: it loads, runs and plays.
	eval[chromedp.Void](t, ctx, `document.getElementById("e").scrollIntoView()`)
	waitInFrame(t, ctx, frame, readyExpr)
	if n := requests.count("/app.wasm") - wasmBefore; n != 1 {
		t.Errorf("app.wasm requested %d times, want once", n)
	}
	if !inFrame[bool](t, ctx, frame, `document.getElementById("poster") === null && document.querySelector("#stage iframe") !== null`) {
		t.Error("the running embed still shows its poster")
	}
	waitInFrame(t, ctx, frame, "window.depthrace.state().playing")
	got := inFrame[pageState](t, ctx, frame, "window.depthrace.state()")
	if got.Params["size"] != float64(64) || got.Params["seed"] != float64(3) {
		t.Errorf("the embed races %v, want the link's size 64 and seed 3", got.Params)
	}
	href := inFrame[string](t, ctx, frame, `document.getElementById("open-full").getAttribute("href")`)
	normalized := inFrame[string](t, ctx, frame, "location.hash")
	if href != "index.html"+normalized || !strings.Contains(normalized, "seed=3") {
		t.Errorf("Open full playground links to %q, want index.html%s", href, normalized)
	}

	// Off screen it pauses; back on screen it plays again.
	eval[chromedp.Void](t, ctx, `window.scrollTo(0, 0)`)
	waitInFrame(t, ctx, frame, "!window.depthrace.state().playing")
	eval[chromedp.Void](t, ctx, `document.getElementById("e").scrollIntoView()`)
	waitInFrame(t, ctx, frame, "window.depthrace.state().playing")

	// The hook works through the frame, and nothing is stored.
	notices := inFrame[[]string](t, ctx, frame, `window.depthrace.set("#v=1&family=parity&size=16&depth=2")`)
	if len(notices) != 0 {
		t.Errorf("set in the embed gave notices %q", notices)
	}
	waitInFrame(t, ctx, frame, `window.depthrace.state().params.family === "parity"`)
	if !inFrame[bool](t, ctx, frame, `document.cookie === "" && localStorage.length === 0 && sessionStorage.length === 0`) {
		t.Error("the embed stored cookies or storage")
	}
	// Nothing was blocked by the CSP (which would be a request to another
	// host, an inline script or style) and nothing threw.
	problems := inFrame[[]string](t, ctx, frame, `[...window.problems, ...document.querySelector("#stage iframe").contentWindow.problems]`)
	if len(problems) != 0 {
		t.Errorf("the embed reported problems: %q", problems)
	}
}

func TestEmbedHookStartsLoading(t *testing.T) {
	parent := parentPage(t, "")
	ctx := newTab(t)
	run(t, ctx, "navigate", chromedp.Navigate(parent.URL+"/"))
	frame := run(t, ctx, "find the embed", chromedp.Nodes(chromedp.CSS("#e")))[0]
	waitInFrame(t, ctx, frame, `document.readyState === "complete"`)
	stageBefore := requests.count("/stage.html")
	// Before the stage runs, set returns a Promise of the notices.
	if !inFrame[bool](t, ctx, frame, `(() => {
		const p = window.depthrace.set("#v=1&family=s5&size=32&depth=9");
		if (!(p instanceof Promise)) return false;
		p.then((n) => { window.pendingNotices = n; });
		return true;
	})()`) {
		t.Fatal("set before ready did not return a Promise")
	}
	waitInFrame(t, ctx, frame, `document.querySelector("#stage iframe") !== null`)
	waitRequests(t, "/stage.html", stageBefore)
	// Browsers may not draw frames for an off-screen cross-origin iframe; on
	// screen the stage draws, becomes ready and the queued link applies.
	eval[chromedp.Void](t, ctx, `document.getElementById("e").scrollIntoView()`)
	waitInFrame(t, ctx, frame, readyExpr)
	waitInFrame(t, ctx, frame, `window.depthrace.state().params.size === 32 && window.depthrace.state().params.depth === 9`)
	waitInFrame(t, ctx, frame, `Array.isArray(window.pendingNotices)`)
	if n := inFrame[[]string](t, ctx, frame, "window.pendingNotices"); len(n) != 0 {
		t.Errorf("the Promise from set() resolved to notices %q, want none", n)
	}
}

// Golden screenshot tolerance: a pixel differs when a channel moves by more
// than goldenChannelDelta; at most goldenMaxFraction of pixels may differ
// (the wall-time counters legitimately change from run to run).
const (
	goldenChannelDelta = 24
	goldenMaxFraction  = 0.01
	goldenFile         = "../assets/golden/stage-s5-64-d6-tick3.png"
)

func TestGoldenScreenshot(t *testing.T) {
	ctx := newTab(t)
	run(t, ctx, "viewport", chromedp.EmulateViewport(960, 600))
	run(t, ctx, "navigate", chromedp.Navigate(siteURL+"/stage.html"))
	poll[bool](t, ctx, "window.depthraceStage && window.depthraceStage.state().frames > 0")
	eval[chromedp.Void](t, ctx, `(() => {
		const s = window.depthraceStage;
		s.apply("#v=1&family=s5&size=64&seed=1&width=0&depth=6&steps=4&mode=score&lanes=wide,deep,diffusion");
		s.reset(); s.step(); s.step(); s.step();
	})()`)
	f := eval[int](t, ctx, "window.depthraceStage.state().frames")
	poll[bool](t, ctx, fmt.Sprintf("window.depthraceStage.state().frames > %d + 3", f))
	if tick := eval[int](t, ctx, "window.depthraceStage.state().tick"); tick != 3 {
		t.Fatalf("tick %d after three steps", tick)
	}
	shot := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
	got, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", goldenFile)
		return
	}
	want, err := readPNG(goldenFile)
	if err != nil {
		t.Fatalf("golden image: %v (run with -update-golden to make it)", err)
	}
	differing, total, err := compareImages(got, want, goldenChannelDelta)
	if err != nil {
		t.Fatal(err)
	}
	frac := float64(differing) / float64(total)
	t.Logf("golden: %d of %d pixels differ (%.3f%%; tolerance %.1f%%)", differing, total, 100*frac, 100*goldenMaxFraction)
	if frac > goldenMaxFraction {
		actual := filepath.Join(os.TempDir(), "depthrace-golden-actual.png")
		os.WriteFile(actual, shot, 0o644)
		t.Errorf("screenshot differs from %s in %.2f%% of pixels (tolerance %.1f%%); this run's image is %s",
			goldenFile, 100*frac, 100*goldenMaxFraction, actual)
	}
}

func readPNG(name string) (image.Image, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(data))
}

// compareImages counts the pixels whose red, green or blue differ by more
// than delta.
func compareImages(a, b image.Image, delta int) (differing, total int, err error) {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 0, 0, fmt.Errorf("image sizes differ: %v and %v", a.Bounds().Size(), b.Bounds().Size())
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			if int(d) > delta {
				differing++
			}
			total++
		}
	}
	return differing, total, nil
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// ---- measurements for the notes (benchmarks, never timed tests) ----

// BenchmarkFirstFrame measures navigation to the first drawn frame: the app
// and a bare ebiten program, each loaded by the same stage.html and served
// uncompressed by the same handler so that only the programs differ; and the
// real index.html as a reader gets it (brotli).
func BenchmarkFirstFrame(b *testing.B) {
	h, err := Handler(*distDir)
	if err != nil {
		b.Fatal(err)
	}
	plain := httptest.NewServer(identityOnly(h))
	b.Cleanup(plain.Close)
	bare := bareSite(b)
	for _, c := range []struct{ name, url, expr string }{
		{"app", plain.URL + "/stage.html", "window.depthraceStage && window.depthraceStage.state().frames > 0"},
		{"bare", bare + "/stage.html", "window.bareFrames > 0"},
		{"index.html", siteURL + "/index.html", readyExpr},
	} {
		b.Run(c.name, func(b *testing.B) {
			var sum float64
			for range b.N {
				ctx, closeTab := newClosableTab(b)
				run(b, ctx, "navigate", chromedp.Navigate(c.url))
				sum += poll[float64](b, ctx, "("+c.expr+") && performance.now()")
				closeTab()
			}
			b.ReportMetric(sum/float64(b.N), "ms-to-first-frame")
		})
	}
}

// identityOnly hides the client's Accept-Encoding, so files go uncompressed.
func identityOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Accept-Encoding")
		h.ServeHTTP(w, r)
	})
}

// bareSite builds wasm/bare and serves it with the site's stage page.
func bareSite(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "app.wasm"), "../wasm/bare")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build wasm/bare: %v\n%s", err, out)
	}
	for _, f := range []string{"stage.html", "stage.js", "stage.css"} {
		copyFile(b, filepath.Join(*distDir, f), filepath.Join(dir, f))
	}
	copyFile(b, filepath.Join(*distDir, "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	h, err := Handler(dir)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkRaceFrameTime plays a race on index.html and reports the mean and
// 95th-percentile frame time (requestAnimationFrame deltas on the stage), the
// app's own frames per second and the serial steps per second over two
// seconds: the default race, and a large one (s5 with 4096 permutations).
func BenchmarkRaceFrameTime(b *testing.B) {
	for _, c := range []struct{ name, hash string }{
		{"default", ""},
		{"s5-4096", "#v=1&family=s5&size=4096&seed=1&width=0&depth=12&steps=8&speed=200&lanes=wide,deep,diffusion"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				ctx, closeTab := newClosableTab(b)
				run(b, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
				openPage(b, ctx, "index.html"+c.hash)
				eval[chromedp.Void](b, ctx, "window.depthrace.play()")
				s := eval[frameSample](b, ctx, frameSampleJS)
				b.ReportMetric(s.Mean, "ms/frame-mean")
				b.ReportMetric(s.P95, "ms/frame-p95")
				b.ReportMetric(s.AppFPS, "app-frames/s")
				b.ReportMetric(float64(s.Ticks)/2, "ticks/s")
				closeTab()
			}
		})
	}
}

// BenchmarkBareFrameTime is BenchmarkRaceFrameTime's baseline: the bare
// ebiten program at the same viewport, drawing one filled screen a frame.
func BenchmarkBareFrameTime(b *testing.B) {
	bare := bareSite(b)
	for range b.N {
		ctx, closeTab := newClosableTab(b)
		run(b, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
		run(b, ctx, "navigate", chromedp.Navigate(bare+"/stage.html"))
		poll[bool](b, ctx, "window.bareFrames > 0")
		s := eval[frameSample](b, ctx, `new Promise((resolve) => {
			const d = [], f0 = window.bareFrames;
			let last = performance.now();
			const t0 = last;
			const tick = (now) => {
				d.push(now - last); last = now;
				if (now - t0 < 2000) { requestAnimationFrame(tick); return; }
				d.sort((a, b) => a - b);
				resolve({mean: d.reduce((a, b) => a + b, 0) / d.length, p95: d[Math.floor(d.length * 0.95)],
					appFps: (window.bareFrames - f0) / ((now - t0) / 1000), ticks: 0});
			};
			requestAnimationFrame(tick);
		})`)
		b.ReportMetric(s.Mean, "ms/frame-mean")
		b.ReportMetric(s.P95, "ms/frame-p95")
		b.ReportMetric(s.AppFPS, "app-frames/s")
		closeTab()
	}
}

// frameSample is what frameSampleJS measures.
type frameSample struct {
	Mean   float64 `json:"mean"`
	P95    float64 `json:"p95"`
	AppFPS float64 `json:"appFps"`
	Ticks  int     `json:"ticks"`
}

// frameSampleJS samples the stage's animation frames for two seconds.
const frameSampleJS = `new Promise((resolve) => {
	const w = document.querySelector("#stage iframe").contentWindow;
	const d = [];
	const f0 = window.depthrace.state().frames, k0 = window.depthrace.state().tick;
	let last = performance.now();
	const t0 = last;
	const tick = (now) => {
		d.push(now - last); last = now;
		if (now - t0 < 2000) { w.requestAnimationFrame(tick); return; }
		d.sort((a, b) => a - b);
		const s = window.depthrace.state();
		resolve({mean: d.reduce((a, b) => a + b, 0) / d.length, p95: d[Math.floor(d.length * 0.95)],
			appFps: (s.frames - f0) / ((now - t0) / 1000), ticks: s.tick - k0});
	};
	w.requestAnimationFrame(tick);
})`
