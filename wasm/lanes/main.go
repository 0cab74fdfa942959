//go:build js && wasm

// Command lanes is the lane worker, lanes.wasm: core without ebiten, run in
// a Web Worker (or, when Workers are unavailable, on the page). It binds
// package worker to the glue object that site/lanes-worker.js sets up as
// globalThis.depthraceLanes:
//
//	reply(json, bytes?)  posts a reply; bytes is a Uint8Array (frame batch or layer part) to transfer
//	yield(callback)      calls back once queued messages have been delivered
//	raise(message)       throws an uncaught exception (test fault)
//
// and installs depthraceLanes.handle(json, bytes?), which takes one request
// and, for a split lane's layer, its binary parts as a Uint8Array.
package main

import (
	"os"
	"time"

	"syscall/js"

	"github.com/depthrace/depthrace/core/wire"
	"github.com/depthrace/depthrace/wasm/lanes/worker"
)

func main() {
	start := time.Now()
	glue := js.Global().Get("depthraceLanes")
	if glue.Type() != js.TypeObject {
		println("lanes.wasm: globalThis.depthraceLanes is missing; load it through lanes-worker.js")
		os.Exit(2)
	}
	w := worker.New(&host{reply: glue.Get("reply"), yield: glue.Get("yield"), raise: glue.Get("raise")})
	glue.Set("handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 || len(args) > 2 || args[0].Type() != js.TypeString {
			w.Handle(nil) // answered with a clear "bad request" error
			return nil
		}
		var payload []byte
		if len(args) == 2 && args[1].Truthy() {
			payload = make([]byte, args[1].Get("byteLength").Int())
			js.CopyBytesToGo(payload, args[1])
		}
		w.HandleBinary([]byte(args[0].String()), payload)
		return nil
	}))
	w.Ready(time.Since(start))
	select {} // the handler keeps the program alive
}

// host is worker.Host over the glue functions.
type host struct {
	reply, yield, raise js.Value
}

// Send posts a reply, with the frame batch copied into a Uint8Array whose
// buffer the glue transfers rather than copies again.
func (h *host) Send(r wire.Reply, frames []byte) {
	data, err := r.Encode()
	if err != nil {
		data, _ = wire.Reply{Kind: wire.KindError, ID: r.ID, Group: r.Group, Error: "encoding the reply: " + err.Error()}.Encode()
		frames = nil
	}
	if frames == nil {
		h.reply.Invoke(string(data))
		return
	}
	buf := js.Global().Get("Uint8Array").New(len(frames))
	js.CopyBytesToJS(buf, frames)
	h.reply.Invoke(string(data), buf)
}

// Yield parks the goroutine until the glue calls back, which returns control
// to the event loop so that queued cancel and credit messages are handled.
func (h *host) Yield() {
	done := make(chan struct{})
	cb := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	h.yield.Invoke(cb)
	<-done
	cb.Release()
}

// Throw raises an uncaught exception in the worker (test fault).
func (h *host) Throw(msg string) { h.raise.Invoke(msg) }

// Exit ends the Go program (test fault); the glue reports the exit.
func (h *host) Exit(code int) { os.Exit(code) }

// Hang spins forever without yielding, so the worker stops answering (test
// fault): Go on wasm does not preempt, so nothing else runs again.
func (h *host) Hang() {
	for {
	}
}
