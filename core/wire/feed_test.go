package wire

import (
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// batches cuts frames into encoded batches of size n for job id.
func batches(id int64, frames []machine.Frame, n int) [][]byte {
	var out [][]byte
	for seq := 0; seq < len(frames); seq += n {
		out = append(out, EncodeFrames(FrameBatch{ID: id, Seq: seq, Frames: frames[seq:min(seq+n, len(frames))]}))
	}
	return out
}

func TestFeedHandsOutFramesInOrderAndSkipsReplays(t *testing.T) {
	frames := runFrames(t, "s5", machine.Lane{Model: machine.Deep})
	f := NewFeed(7)
	var got []machine.Frame
	credit := 10 // what the worker was first granted
	sent := 0    // frames the worker has sent, against its credit
	take := func(n int) {
		for range n {
			fr, ok := f.Next()
			if !ok {
				return
			}
			got = append(got, fr)
		}
	}
	// First attempt: 3 batches of 4, then the worker dies.
	first := batches(7, frames, 4)
	for _, b := range first[:3] {
		if ok, err := f.Push(b); !ok || err != nil {
			t.Fatalf("push: %v %v", ok, err)
		}
		sent += 4
	}
	take(9)
	credit += f.Grant()
	// A cancelled job's late batch is dropped, whatever its sequence.
	if ok, err := f.Push(EncodeFrames(FrameBatch{ID: 6, Seq: 12, Frames: frames[:2]})); ok || err != nil {
		t.Fatalf("stale batch: %v %v", ok, err)
	}
	// The retry streams again from frame 0, in batches of 5, under fresh credit.
	credit, sent = 10, 0
	for _, b := range batches(7, frames, 5) {
		if sent+5 > credit {
			take(len(frames))
			credit += f.Grant()
		}
		if sent+5 > credit {
			t.Fatalf("the worker stalls: %d frames sent with credit for %d", sent, credit)
		}
		if ok, err := f.Push(b); !ok || err != nil {
			t.Fatalf("replay push: %v %v", ok, err)
		}
		sent += 5
	}
	take(len(frames))
	if !sameFrames(got, frames) {
		t.Fatalf("got %d frames, want the %d of the run, in order and once each", len(got), len(frames))
	}
	if f.Buffered() != 0 || f.Received() != len(frames) {
		t.Errorf("buffered %d, received %d", f.Buffered(), f.Received())
	}
}

func TestFeedRefusesGapsAndBadBatches(t *testing.T) {
	frames := runFrames(t, "parity", machine.Lane{Model: machine.Wide, Depth: 3})
	f := NewFeed(1)
	bs := batches(1, frames, 2)
	if _, err := f.Push(bs[1]); err == nil || !strings.Contains(err.Error(), "frames 0..1 are missing") {
		t.Errorf("gap: %v", err)
	}
	if _, err := f.Push([]byte("junk")); err == nil {
		t.Error("junk accepted")
	}
	if f.Buffered() != 0 || f.Grant() != 0 {
		t.Error("a refused batch changed the feed")
	}
}
