package wire

import (
	"fmt"

	"github.com/depthrace/depthrace/core/machine"
)

// Feed is the page's side of one streaming lane job: it takes the job's
// frame batches as they arrive and hands the frames out in order. It drops
// batches of other jobs (a cancelled race's late frames), skips frames it
// has already had (a retried job streams again from frame 0, and runs are
// deterministic, so the replay is identical) and refuses a gap. Every frame
// that leaves the buffer, taken or skipped, is credit to grant back with
// KindMore, so the worker never has more than its credit outstanding.
type Feed struct {
	id      int64
	next    int // index of the next frame not yet received
	queue   []machine.Frame
	settled int // frames received that no longer wait in the queue
	granted int // credit handed back through Grant
}

// NewFeed starts the feed of lane job id.
func NewFeed(id int64) *Feed { return &Feed{id: id} }

// Push decodes one batch. It returns false, and drops the batch, when the
// batch belongs to another job; a malformed batch or one that would leave a
// gap in the stream is an error.
func (f *Feed) Push(data []byte) (bool, error) {
	b, err := DecodeFrames(data)
	if err != nil {
		return false, err
	}
	if b.ID != f.id {
		return false, nil
	}
	if b.Seq > f.next {
		return false, fmt.Errorf("lane job %d: frames %d..%d are missing", f.id, f.next, b.Seq-1)
	}
	skip := min(f.next-b.Seq, len(b.Frames))
	f.settled += skip
	f.queue = append(f.queue, b.Frames[skip:]...)
	f.next = max(f.next, b.Seq+len(b.Frames))
	return true, nil
}

// Next takes the next frame in order, if it has arrived.
func (f *Feed) Next() (machine.Frame, bool) {
	if len(f.queue) == 0 {
		return machine.Frame{}, false
	}
	fr := f.queue[0]
	f.queue[0] = machine.Frame{} // let the frame's slices go
	f.queue = f.queue[1:]
	f.settled++
	return fr, true
}

// Buffered is the number of frames that have arrived and not been taken.
func (f *Feed) Buffered() int { return len(f.queue) }

// Received is the number of distinct frames received so far.
func (f *Feed) Received() int { return f.next }

// Grant returns the credit to send back now: the frames taken or skipped
// since the last Grant.
func (f *Feed) Grant() int {
	n := f.settled - f.granted
	f.granted = f.settled
	return n
}
