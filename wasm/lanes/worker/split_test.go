package worker

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/wire"
)

// splitLinks are races whose wide lane splits: pointer jumping, the
// counting net under a width limit, and rule 90's Lucas net.
var splitLinks = []string{
	hash,
	"v=1&family=parity&size=300&seed=3&width=40&depth=2&steps=32&mode=score&lanes=wide",
	"v=1&family=rule90&size=21&seed=3&width=0&depth=2&steps=32&mode=score&lanes=wide",
}

// startSplit starts a split wide lane of the link on k workers that all
// answer through one host, as the pool's members answer one page.
func startSplit(t *testing.T, link string, k int, frames bool) (*host, []*Worker) {
	t.Helper()
	h := newHost()
	ws := make([]*Worker, k)
	for i := range ws {
		ws[i] = New(h)
		send(t, ws[i], wire.Request{Kind: wire.KindSplit, ID: 5, Group: 2,
			Lane:  &wire.LaneJob{Hash: link, Model: machine.Wide, Frames: frames, Credit: 1 << 20, BatchFrames: 3},
			Split: &wire.SplitJob{Workers: k, Index: i}})
	}
	return h, ws
}

// sendLayer hands every member the layer's parts, concatenated as the page
// forwards them.
func sendLayer(t *testing.T, ws []*Worker, layer int, payload []byte) {
	t.Helper()
	data, err := wire.Request{Kind: wire.KindLayer, ID: 5, Layer: layer}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		w.HandleBinary(data, slices.Clone(payload))
	}
}

// coordinate plays the page: it gathers each layer's parts from every
// member, forwards them all in range order, and collects the frames and
// the members' final replies.
func coordinate(t *testing.T, h *host, ws []*Worker) ([]machine.Frame, []wire.Reply) {
	t.Helper()
	var frames []machine.Frame
	var ends []wire.Reply
	type part struct {
		lo   int
		data []byte
	}
	var parts []part
	layer, built := 0, 0
	for len(ends) < len(ws) {
		s := h.next(t)
		switch s.reply.Kind {
		case wire.KindFrames:
			b, err := wire.DecodeFrames(s.frames)
			if err != nil || b.Seq != len(frames) {
				t.Fatalf("frame batch at %d: seq %d, %v", len(frames), b.Seq, err)
			}
			frames = append(frames, b.Frames...)
		case wire.KindPart:
			if layer == 0 {
				if s.reply.Layer != 0 || s.frames != nil {
					t.Fatalf("a member's first part is of layer %d, with %d bytes", s.reply.Layer, len(s.frames))
				}
				if built++; built == len(ws) {
					sendLayer(t, ws, 0, nil)
					layer = 1
				}
				continue
			}
			lp, err := wire.DecodeParts(s.frames)
			if err != nil || s.reply.Layer != layer || lp.Layer != layer || len(lp.Parts) != 1 {
				t.Fatalf("part of layer %d (due %d): %+v, %v", s.reply.Layer, layer, lp, err)
			}
			parts = append(parts, part{lp.Parts[0].Lo, s.frames})
			if len(parts) == len(ws) {
				sort.SliceStable(parts, func(i, j int) bool { return parts[i].lo < parts[j].lo })
				var all []byte
				for _, p := range parts {
					all = append(all, p.data...)
				}
				sendLayer(t, ws, layer, all)
				parts, layer = nil, layer+1
			}
		default:
			ends = append(ends, s.reply)
		}
	}
	return frames, ends
}

// TestSplitLaneEqualsUnsplit: a wide lane split over 1 to 4 workers streams
// the frames of a direct run and ends with the command line's report, from
// every member.
func TestSplitLaneEqualsUnsplit(t *testing.T) {
	for _, link := range splitLinks {
		want, wantRep, wantRes := referenceFramesOf(t, link, machine.Wide)
		for k := 1; k <= 4; k++ {
			h, ws := startSplit(t, link, k, true)
			frames, ends := coordinate(t, h, ws)
			if !reflect.DeepEqual(frames, want) {
				t.Errorf("%s over %d: %d frames differ from the %d of a direct run", link, k, len(frames), len(want))
			}
			for _, e := range ends {
				if e.Kind != wire.KindResult || !sameReport(*e.Result, wantRep) ||
					!slices.Equal(e.Answer, wantRes.Answer) || !slices.Equal(e.Wrong, wantRes.Wrong) {
					t.Errorf("%s over %d: member ended with %+v, want %+v", link, k, e, wantRep)
				}
			}
		}
	}
}

// pass takes every member's built signal, lets them through the start
// barrier and takes their parts of layer 1.
func pass(t *testing.T, h *host, ws []*Worker) {
	t.Helper()
	for range ws {
		if s := h.next(t); s.reply.Kind != wire.KindPart || s.reply.Layer != 0 {
			t.Fatalf("got %+v, want a built signal", s.reply)
		}
	}
	sendLayer(t, ws, 0, nil)
	for range ws {
		if s := h.next(t); s.reply.Kind != wire.KindPart || s.reply.Layer != 1 {
			t.Fatalf("got %+v, want a part of layer 1", s.reply)
		}
	}
}

// TestSplitLaneFaults: corrupt parts end the members with a clear error; a
// cancel ends them between layers; a lane that cannot split says so.
func TestSplitLaneFaults(t *testing.T) {
	t.Run("corrupt parts", func(t *testing.T) {
		h, ws := startSplit(t, hash, 2, false)
		pass(t, h, ws)
		bad := wire.EncodePart(5, 1, machine.Part{Lo: 0, Hi: 40, Regs: make([]int32, 79)})
		sendLayer(t, ws, 1, bad)
		for range ws {
			if s := h.next(t); s.reply.Kind != wire.KindError || !strings.Contains(s.reply.Error, "registers for 40 cells") {
				t.Errorf("got %+v", s.reply)
			}
		}
	})
	t.Run("wrong layer", func(t *testing.T) {
		h, ws := startSplit(t, hash, 1, false)
		pass(t, h, ws)
		sendLayer(t, ws, 1, wire.EncodePart(5, 2, machine.Part{}))
		if s := h.next(t); s.reply.Kind != wire.KindError || !strings.Contains(s.reply.Error, "carries the parts of job 5 layer 2") {
			t.Errorf("got %+v", s.reply)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		h, ws := startSplit(t, hash, 2, false)
		h.next(t)
		h.next(t)
		for _, w := range ws {
			send(t, w, wire.Request{Kind: wire.KindCancel, Group: 2})
		}
		for range ws {
			if s := h.next(t); s.reply.Kind != wire.KindCanceled {
				t.Errorf("got %+v", s.reply)
			}
		}
	})
	t.Run("parts at the start barrier", func(t *testing.T) {
		h, ws := startSplit(t, hash, 1, false)
		h.next(t)
		sendLayer(t, ws, 0, wire.EncodePart(5, 0, machine.Part{}))
		if s := h.next(t); s.reply.Kind != wire.KindError || !strings.Contains(s.reply.Error, "start barrier carries no parts") {
			t.Errorf("got %+v", s.reply)
		}
	})
	t.Run("not splittable", func(t *testing.T) {
		h, _ := startSplit(t, "v=1&family=sudoku&seed=1&width=0&depth=6&steps=32&mode=score&lanes=wide&set=easy&index=0", 1, false)
		if s := h.next(t); s.reply.Kind != wire.KindError || !strings.Contains(s.reply.Error, "cannot split") {
			t.Errorf("got %+v", s.reply)
		}
	})
}
