//go:build js

// Command app is the depthrace stage: the ebiten program that draws the race
// on its own full-page canvas inside stage.html, and exports the bridge the
// host pages drive (globalThis.depthraceStage).
//
// The bridge, on the stage window:
//
//	apply(hash)   -> {hash, params, notices}  normalize a link and reset the race to it
//	state()       -> {v, ready, params, notices, tick, finished, frames, workers, lanes, playing, speed}
//	play(), pause(), step(), reset(), finish()
//	sweep(spec)   -> Promise<rows>            rows keyed by the CSV columns
//	families()    -> [{name, title, twin, badge, explain, sizeName, minSize, maxSize, defaultSize}]
//	setSpeed(n)                               serial steps per second
//
// and the calls through which the host runs lanes in its Web Workers and
// shows sweeps (useWorkers, useLocal, restart, jobs, feed, laneDone,
// laneFailed, showSweep, hideSweep: see workers.go).
//
// Once the first frame is drawn it posts {type: "depthrace-stage-ready"} to
// the parent window; key presses inside the stage are forwarded to the
// parent as {type: "depthrace-stage-key", key, code, shiftKey, ctrlKey,
// altKey, metaKey}. The timeline's rules are the stage package's.
package main

import (
	"fmt"
	"log"
	"math"
	"slices"
	"time"

	"github.com/depthrace/depthrace/wasm/app/stage"
	"github.com/depthrace/depthrace/wasm/render"
	"github.com/hajimehoshi/ebiten/v2"
)

// redrawEvery is the most frames the stage presents without drawing: an
// unchanged scene is drawn again this often anyway, so a screen the browser
// lost (a WebGL context restored, say) never stays blank.
const redrawEvery = 60

// updateBudget caps the wall time one Update spends stepping lanes, so the
// canvas keeps its frame rate at any speed.
const updateBudget = 10 * time.Millisecond

// app is the ebiten game: it advances the stage on Update and draws its
// scene on Draw. Bridge calls and the game loop share one goroutine's worth
// of JavaScript time (wasm is single-threaded, and neither yields while it
// works), so they never interleave inside a call.
type app struct {
	st        *stage.Stage
	r         *render.Renderer
	frames    int
	announced bool
	last      []uint64 // what the screen shows: scene signature, size and scale
	stale     int      // frames presented since the last draw
	updated   time.Time
}

// maxElapsed caps the real time one Update plays, so a tab that slept
// (ebiten stops updating hidden pages) does not leap ahead on its return.
const maxElapsed = time.Second

// Update advances the race by the real time elapsed since the last Update,
// so the race keeps its speed at any frame rate.
func (a *app) Update() error {
	now := time.Now()
	dt := time.Duration(0)
	if !a.updated.IsZero() {
		dt = min(now.Sub(a.updated), maxElapsed)
	}
	a.updated = now
	a.st.Update(dt.Seconds(), updateBudget)
	return nil
}

// Draw draws the scene when it changed since the last frame (or every
// redrawEvery frames); otherwise the screen, which ebiten keeps between
// frames, already shows it. Every call counts as a frame presented.
func (a *app) Draw(screen *ebiten.Image) {
	sc, dpr := a.st.Scene(), ebiten.Monitor().DeviceScaleFactor()
	b := screen.Bounds()
	sig := append(sc.Signature(), uint64(b.Dx()), uint64(b.Dy()), math.Float64bits(dpr))
	if a.stale++; a.stale >= redrawEvery || !slices.Equal(sig, a.last) {
		a.r.Draw(screen, sc, dpr)
		a.last, a.stale = sig, 0
	}
	a.frames++
	if !a.announced {
		a.announced = true
		exportBridge(a)
	}
}

// LayoutF makes the screen as large as the canvas in device pixels, so every
// line and glyph is drawn at the display's own resolution.
func (a *app) LayoutF(w, h float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return w * s, h * s
}

// Layout is required by ebiten.Game; ebiten calls LayoutF instead.
func (a *app) Layout(w, h int) (int, int) { return w, h }

func main() {
	r, err := render.NewRenderer()
	if err != nil {
		log.Fatal(err)
	}
	a := &app{st: stage.New(), r: r}
	ebiten.SetWindowTitle("depthrace")
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetScreenClearedEveryFrame(false)
	forwardKeys()
	// InitUnfocused: the stage never takes the focus from the host page.
	if err := ebiten.RunGameWithOptions(a, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		log.Fatal(fmt.Errorf("depthrace stage: %w", err))
	}
}
