//go:build js

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/depthrace/depthrace/wasm/app/stage"
)

// exportWorkerBridge adds the calls through which the host page runs the
// race's lanes in its pool of lane workers (issue 5) and shows sweeps:
//
//	useWorkers(grant)               lanes stream from workers; grant(gen, lane, credit) returns credit
//	useLocal()                      lanes run here again (no workers)
//	restart()                       new lanes for the same race (the pool changed)
//	jobs() -> {gen, hash, models}   what lane jobs the current race needs
//	feed(gen, lane, id, bytes)      a frame batch (Uint8Array) of lane job id
//	laneDone(gen, lane, json)       the lane's result reply: {result, answer, wrong}
//	laneFailed(gen, lane, message)  the lane's job failed for good
//	showSweep(json), hideSweep()    the sweep view: {rows, done, total}
//
// A call for an older generation than the race's is stale and ignored, so
// no frame of a cancelled race is ever drawn.
func exportWorkerBridge(a *app, fn func(string, func([]js.Value) any)) {
	fn("useWorkers", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeFunction {
			return "useWorkers: expected the grant callback"
		}
		grant := args[0]
		// The lanes the factory makes belong to the generation being started.
		err := a.st.UseSource(func(spec stage.LaneSpec) (stage.LaneSource, error) {
			gen := a.st.Generation() + 1
			return stage.RemoteFactory(func(lane, credit int) { grant.Invoke(gen, lane, credit) })(spec)
		})
		return errString(err)
	})
	fn("useLocal", func([]js.Value) any { return errString(a.st.UseSource(stage.Local)) })
	fn("restart", func([]js.Value) any { return errString(a.st.Restart()) })
	fn("jobs", func([]js.Value) any {
		p := a.st.Params()
		models := make([]any, len(p.Lanes))
		for i, m := range p.Lanes {
			models[i] = string(m)
		}
		return js.ValueOf(map[string]any{"gen": a.st.Generation(), "hash": p.Hash(), "models": models})
	})
	fn("feed", func(args []js.Value) any {
		r, ok := a.remote(args)
		if !ok || len(args) < 4 || !args[3].InstanceOf(js.Global().Get("Uint8Array")) {
			return false // a batch from another realm must come as this window's Uint8Array
		}
		buf := make([]byte, args[3].Get("byteLength").Int())
		js.CopyBytesToGo(buf, args[3])
		return r.Push(int64(args[2].Float()), buf) == nil
	})
	fn("laneDone", func(args []js.Value) any {
		r, ok := a.remote(args)
		if !ok || len(args) < 3 {
			return nil
		}
		return errString(r.Finished([]byte(args[2].String())))
	})
	fn("laneFailed", func(args []js.Value) any {
		if r, ok := a.remote(args); ok && len(args) >= 3 {
			r.Fail(args[2].String())
		}
		return nil
	})
	fn("showSweep", func(args []js.Value) any {
		var sr stage.SweepRows
		if len(args) < 1 {
			return "showSweep: expected the rows as JSON"
		}
		if err := json.Unmarshal([]byte(args[0].String()), &sr); err != nil {
			return "showSweep: " + err.Error()
		}
		a.st.ShowSweep(sr)
		return nil
	})
	fn("hideSweep", func([]js.Value) any { a.st.HideSweep(); return nil })
}

// remote returns the streamed lane args[0] (generation) and args[1] (lane
// index) name, if it is one of the current race's.
func (a *app) remote(args []js.Value) (*stage.Remote, bool) {
	if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber {
		return nil, false
	}
	if args[0].Int() != a.st.Generation() {
		return nil, false
	}
	lanes := a.st.Lanes()
	i := args[1].Int()
	if i < 0 || i >= len(lanes) {
		return nil, false
	}
	r, ok := lanes[i].(*stage.Remote)
	return r, ok
}

// errString is nil for no error, else its message, for JavaScript.
func errString(err error) any {
	if err == nil {
		return nil
	}
	return err.Error()
}
