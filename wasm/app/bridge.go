//go:build js

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"github.com/depthrace/depthrace/wasm/app/stage"
)

// sweepSlice is how long a sweep computes before it lets the canvas draw a
// frame: wasm has one thread and no preemption, so a sweep must yield.
const sweepSlice = 12 * time.Millisecond

// exportBridge publishes globalThis.depthraceStage and tells the parent
// window the stage is ready.
func exportBridge(a *app) {
	b := js.Global().Get("Object").New()
	fn := func(name string, f func(args []js.Value) any) {
		b.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return f(args) }))
	}
	fn("apply", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return js.ValueOf(map[string]any{
				"hash": a.st.Params().Hash(), "params": a.st.ParamsObject(),
				"notices": []any{"apply: expected the link's hash as a string; nothing changed"},
			})
		}
		hash, notices := a.st.Apply(args[0].String())
		ns := make([]any, len(notices))
		for i, n := range notices {
			ns[i] = n
		}
		return js.ValueOf(map[string]any{"hash": hash, "params": a.st.ParamsObject(), "notices": ns})
	})
	fn("state", func([]js.Value) any { return js.ValueOf(a.st.State(a.frames, 0)) })
	fn("play", func([]js.Value) any { a.st.Play(); return nil })
	fn("pause", func([]js.Value) any { a.st.Pause(); return nil })
	fn("step", func([]js.Value) any { a.st.Step(); return nil })
	fn("reset", func([]js.Value) any { a.st.Reset(); return nil })
	fn("finish", func([]js.Value) any { a.st.Finish(); return nil })
	fn("setSpeed", func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			a.st.SetSpeed(args[0].Float())
		}
		return nil
	})
	fn("families", func([]js.Value) any { return js.ValueOf(stage.Families()) })
	fn("sweep", func(args []js.Value) any { return a.sweep(args) })
	exportWorkerBridge(a, fn)
	js.Global().Set("depthraceStage", b)

	msg := map[string]any{"type": "depthrace-stage-ready"}
	js.Global().Get("parent").Call("postMessage", msg, js.Global().Get("location").Get("origin"))
}

// forwardKeys passes the stage's key presses to the host page as
// {type: "depthrace-stage-key", key, code, shiftKey, ctrlKey, altKey,
// metaKey}, so the host's timeline shortcuts keep working after a click
// has put the focus inside the stage's iframe. The stage itself takes no
// keyboard input.
func forwardKeys() {
	win := js.Global()
	if win.Get("parent").Equal(win) {
		return
	}
	win.Call("addEventListener", "keydown", js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		msg := map[string]any{"type": "depthrace-stage-key", "key": e.Get("key").String(), "code": e.Get("code").String()}
		for _, k := range []string{"shiftKey", "ctrlKey", "altKey", "metaKey"} {
			msg[k] = e.Get(k).Bool()
		}
		win.Get("parent").Call("postMessage", msg, win.Get("location").Get("origin"))
		return nil
	}), true)
}

// sweep returns a Promise of the rows of the sweep spec describes. The sweep
// runs in its own goroutine and yields to the canvas every sweepSlice (see
// pacedContext), so the race keeps drawing; a bad spec rejects the promise
// with a clear message.
func (a *app) sweep(args []js.Value) any {
	var spec map[string]any
	var specErr error
	if len(args) < 1 || args[0].Type() != js.TypeObject {
		specErr = errors.New(`sweep: expected a spec object such as {family: "s5", depth: "2..8"}`)
	} else {
		spec, specErr = objectValues(args[0])
	}
	executor := js.FuncOf(func(_ js.Value, pa []js.Value) any {
		resolve, reject := pa[0], pa[1]
		if specErr != nil {
			reject.Invoke(js.Global().Get("Error").New(specErr.Error()))
			return nil
		}
		go func() {
			ctx := &pacedContext{Context: context.Background(), a: a, last: time.Now()}
			table, err := stage.Sweep(ctx, spec, nil)
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(rowObjects(table.Columns, table.Rows))
		}()
		return nil
	})
	defer executor.Release()
	return js.Global().Get("Promise").New(executor)
}

// pacedContext is a sweep's context. core's batch loops call Err between
// steps (every 64 serial steps, and after every run); on one thread with no
// preemption that is where a sweep can let the canvas draw, so Err yields
// once sweepSlice of work has passed since the last yield.
type pacedContext struct {
	context.Context
	a    *app
	last time.Time
}

// Err yields to the canvas when the sweep has worked for sweepSlice, then
// reports the wrapped context's error.
func (c *pacedContext) Err() error {
	if time.Since(c.last) > sweepSlice {
		c.a.yield()
		c.last = time.Now()
	}
	return c.Context.Err()
}

// yield hands the thread back to the browser for a moment: a short sleep
// is a timer task, and the browser draws a due frame between tasks. It
// costs the sweep about a millisecond per slice, not a whole frame.
func (a *app) yield() { time.Sleep(time.Millisecond) }

// objectValues reads a plain JavaScript object's own keys: strings,
// numbers and booleans; anything else is an error naming the key.
func objectValues(o js.Value) (map[string]any, error) {
	keys := js.Global().Get("Object").Call("keys", o)
	out := map[string]any{}
	for i := range keys.Length() {
		k := keys.Index(i).String()
		v := o.Get(k)
		switch v.Type() {
		case js.TypeString:
			out[k] = v.String()
		case js.TypeNumber:
			out[k] = v.Float()
		case js.TypeBoolean:
			out[k] = v.Bool()
		default:
			return nil, fmt.Errorf("sweep spec: %s has a value of type %s; give a string, a number or a boolean", k, v.Type())
		}
	}
	return out, nil
}

// rowObjects makes one object per row with the columns as keys, in column
// order, so the rows print and serialize like the CSV reads.
func rowObjects(cols []string, rows [][]any) js.Value {
	out := js.Global().Get("Array").New(len(rows))
	for i, row := range rows {
		o := js.Global().Get("Object").New()
		for j, v := range row {
			o.Set(cols[j], js.ValueOf(v))
		}
		out.SetIndex(i, o)
	}
	return out
}
