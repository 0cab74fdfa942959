// Package wire is the versioned message protocol between the page's worker
// pool and the lane workers (wasm/lanes). Control messages are small JSON
// objects; frames travel as one compact binary batch per message (see
// EncodeFrames), which the worker posts as a transferable ArrayBuffer.
//
// The page sends Requests: start a race lane, run sweep jobs, summarize
// sweep rows, grant frame credit, cancel, plan a sweep, and for a wide lane
// split across workers, start one member and hand it each layer's parts. A
// worker answers with Replies: ready, frames, part, result, planned, rows,
// summary, canceled, error (and exit, from the worker's bootstrap when the
// Go program ends). Every message
// carries the protocol version, and a side refuses a version it does not speak.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/race"
)

// Version is the protocol version both sides must speak.
const Version = 1

// Kind names a message.
type Kind string

// Request kinds, page to worker.
const (
	// KindLane starts one lane of a race, streaming frames or only the result.
	KindLane Kind = "lane"
	// KindPlan checks a sweep spec and answers with its number of jobs, so the
	// page can shard them.
	KindPlan Kind = "plan"
	// KindSweep runs some of a sweep's jobs and answers with their instance rows.
	KindSweep Kind = "sweep"
	// KindSummarize turns instance rows into the sweep's summary rows.
	KindSummarize Kind = "summarize"
	// KindMore grants a streaming lane credit for more frames.
	KindMore Kind = "more"
	// KindCancel stops a job, or every job of a group.
	KindCancel Kind = "cancel"
	// KindSplit starts one member of a split wide lane: every member builds
	// the same run and computes its range of each layer (see SplitJob).
	KindSplit Kind = "split"
	// KindLayer hands a split lane's member all the parts of a layer, as a
	// binary LayerParts beside the JSON; the member applies them (the
	// layer's barrier) and computes its range of the next layer. Layer 0
	// carries nothing: it is the start barrier, sent once every member has
	// built its run, so that all of them start the first layer together.
	KindLayer Kind = "layer"
)

// Reply kinds, worker to page.
const (
	// KindReady says the worker is up, with its start-up time and heap.
	KindReady Kind = "ready"
	// KindFrames carries a binary frame batch.
	KindFrames Kind = "frames"
	// KindPart carries a split lane member's range of a layer, as a binary
	// LayerParts of one part; a part of layer 0 carries nothing and says
	// the member has built its run.
	KindPart Kind = "part"
	// KindResult ends a lane job with its scored result.
	KindResult Kind = "result"
	// KindPlanned answers a plan request with the sweep's job count.
	KindPlanned Kind = "planned"
	// KindRows ends a sweep job with its instance rows.
	KindRows Kind = "rows"
	// KindSummary answers a summarize request with the sweep's table.
	KindSummary Kind = "summary"
	// KindCanceled ends a job that was cancelled or ran past its deadline.
	KindCanceled Kind = "canceled"
	// KindError ends a job that failed, or reports a message that made no sense.
	KindError Kind = "error"
	// KindExit says the worker's Go program has ended; the worker's bootstrap
	// script sends it, since Go can no longer speak.
	KindExit Kind = "exit"
)

// Fault is a test hook: the worker misbehaves on purpose so that tests can
// check the pool survives it. It is honoured only when Request.Test is set.
type Fault string

// The injectable faults.
const (
	// FaultThrow raises an uncaught exception in the worker.
	FaultThrow Fault = "throw"
	// FaultHang busies the worker forever without answering.
	FaultHang Fault = "hang"
	// FaultDie ends the worker's Go program.
	FaultDie Fault = "die"
)

// Request is a message from the page to a worker.
type Request struct {
	V    int   `json:"v"`
	Kind Kind  `json:"kind"`
	ID   int64 `json:"id"` // the job; unique within a pool
	// Group ties jobs together (the lanes of one race, the shards of one
	// sweep) so that one cancel stops them all; 0 means none.
	Group int64 `json:"group,omitempty"`
	// DeadlineMs bounds the job's run time in the worker; 0 means none.
	DeadlineMs int64 `json:"deadlineMs,omitempty"`

	Lane *LaneJob `json:"lane,omitempty"`
	// Split makes a lane request (kind split) one member of a split lane.
	Split *SplitJob `json:"split,omitempty"`
	// Layer is the layer whose parts a layer request carries (1-based; 0 is
	// the start barrier).
	Layer int       `json:"layer,omitempty"`
	Sweep *SweepJob `json:"sweep,omitempty"`
	// Rows are the instance rows to summarize, with Sweep.Spec.
	Rows []race.InstanceRow `json:"rows,omitempty"`
	// Credit is the number of frames KindMore allows the lane to send.
	Credit int `json:"credit,omitempty"`

	// Test enables Fault: without it a fault field is ignored.
	Test  bool  `json:"test,omitempty"`
	Fault Fault `json:"fault,omitempty"`
}

// LaneJob is one lane of a race: the link says what race, Model which lane.
type LaneJob struct {
	Hash  string        `json:"hash"`  // the playground link, normalized by core/params
	Model machine.Model `json:"model"` // which of the link's lanes to run
	// Frames asks for the frames of every serial step; without it the worker
	// runs the lane in batch and sends only the result.
	Frames bool `json:"frames,omitempty"`
	// Credit is how many frames the worker may send before it waits for
	// KindMore, so a long lane cannot flood the page's memory.
	Credit int `json:"credit,omitempty"`
	// BatchFrames caps the frames per batch (default DefaultBatchFrames).
	BatchFrames int `json:"batchFrames,omitempty"`
}

// SplitJob places one worker in a split wide lane of Workers members: it
// computes range Index of machine.Ranges(cells, Workers) in every layer.
// Member 0 streams the lane's frames (when the lane asks for them) and its
// result is the lane's; the others only compute and apply.
type SplitJob struct {
	Workers int `json:"workers"`
	Index   int `json:"index"`
}

// MaxSplitWorkers bounds a split lane's members, as the pool's size is bounded.
const MaxSplitWorkers = 16

// SweepJob names some jobs of a sweep: every worker expands the same spec to
// the same job list, so jobs travel as indices.
type SweepJob struct {
	Spec Spec  `json:"spec"` // the sweep's keys, as the command line takes them
	Jobs []int `json:"jobs"` // indices into the spec's job list
}

// Spec is a sweep spec under the command line's keys (race.ParseSpec's
// input). It decodes from what a page's sweep(spec) is given: strings,
// booleans and whole numbers, so {size: 256, "per-instance": true} works.
type Spec map[string]string

// UnmarshalJSON reads an object of strings, booleans and whole numbers,
// naming the first bad key (in key order) when a value is anything else.
func (s *Spec) UnmarshalJSON(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var raw map[string]any
	if err := d.Decode(&raw); err != nil {
		return err
	}
	if raw == nil {
		*s = nil
		return nil
	}
	out := make(Spec, len(raw))
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		switch v := raw[k].(type) {
		case string:
			out[k] = v
		case bool:
			out[k] = strconv.FormatBool(v)
		case json.Number:
			n, err := wholeNumber(v)
			if err != nil {
				return fmt.Errorf("sweep spec: %s=%s %v", k, v, err)
			}
			out[k] = n
		default:
			return fmt.Errorf("sweep spec: %s has a value of type %T; give a string, a number or a boolean", k, v)
		}
	}
	*s = out
	return nil
}

// wholeNumber writes a JSON number as a decimal integer: exactly for integer
// literals, and for others (1e3, 8.0) when they are whole and within 2^53.
func wholeNumber(v json.Number) (string, error) {
	if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
		return strconv.FormatInt(i, 10), nil
	}
	if u, err := strconv.ParseUint(string(v), 10, 64); err == nil {
		return strconv.FormatUint(u, 10), nil
	}
	f, err := v.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return "", errors.New("is not a whole number")
	}
	return strconv.FormatInt(int64(f), 10), nil
}

// Limits that keep one message within reason.
const (
	// DefaultBatchFrames is the frame batch size when a lane job names none.
	DefaultBatchFrames = 32
	// MaxBatchFrames caps a frame batch.
	MaxBatchFrames = 4096
	// MaxDeadlineMs caps a job deadline at one hour.
	MaxDeadlineMs = 3_600_000
)

// Reply is a message from a worker to the page. A frames reply's batch
// travels beside the JSON, as the posted message's `data` ArrayBuffer.
type Reply struct {
	V     int   `json:"v"`
	Kind  Kind  `json:"kind"`
	ID    int64 `json:"id,omitempty"`
	Group int64 `json:"group,omitempty"`

	// StartupMs is the worker's start-up time in the Go program (from main
	// to the handler being installed), on ready replies.
	StartupMs float64 `json:"startupMs,omitempty"`
	// HeapBytes is the Go heap in use (runtime.MemStats.HeapInuse) when the
	// reply was sent, on ready replies and those that end a job.
	HeapBytes uint64 `json:"heapBytes,omitempty"`

	// Frames: the batch's first frame index and its frame count, mirrored
	// from the binary so that the page can drop stale batches unread. Seq is
	// always written, since 0 is the first batch's.
	Seq    int `json:"seq"`
	Frames int `json:"frames,omitempty"`
	// Layer is the layer a part reply computes (1-based; 0 says the member
	// has built its run).
	Layer int `json:"layer,omitempty"`

	// Result is a finished lane, exactly as the command line's race reports it.
	Result *race.LaneReport `json:"result,omitempty"`
	// Answer and Wrong complete a result for the verdict: the final answer
	// with undetermined cells guessed, and the cells that differ from the
	// reference.
	Answer []int `json:"answer,omitempty"`
	Wrong  []int `json:"wrong,omitempty"`
	// Jobs is a planned sweep's job count.
	Jobs int                `json:"jobs,omitempty"`
	Rows []race.InstanceRow `json:"rows,omitempty"`
	// Table is a summary: the rows of `sweep --format json`, an array of
	// objects keyed by the CSV column names (per instance when the spec says so).
	Table json.RawMessage `json:"table,omitempty"`
	// WallMs is the job's run time inside the worker.
	WallMs float64 `json:"wallMs,omitempty"`
	Error  string  `json:"error,omitempty"`
	// Deadline marks an error reply for a job that ran past its deadline:
	// the page may retry it, unlike an error in the job itself.
	Deadline bool `json:"deadline,omitempty"`
}

// decode reads one JSON object strictly: unknown fields and trailing data
// are errors, so a typo in a message is caught rather than ignored.
func decode(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data after the message")
	}
	return nil
}

// DecodeRequest reads and validates a request. The error names what is wrong.
func DecodeRequest(data []byte) (Request, error) {
	var r Request
	if err := decode(data, &r); err != nil {
		return Request{}, fmt.Errorf("bad request: %w", err)
	}
	if err := r.Validate(); err != nil {
		return Request{}, err
	}
	return r, nil
}

// Validate checks that a request is complete and within the limits.
func (r Request) Validate() error {
	if r.V != Version {
		return fmt.Errorf("request version %d, this worker speaks %d", r.V, Version)
	}
	if r.DeadlineMs < 0 || r.DeadlineMs > MaxDeadlineMs {
		return fmt.Errorf("deadlineMs %d out of range 0..%d", r.DeadlineMs, MaxDeadlineMs)
	}
	if r.Fault != "" {
		switch r.Fault {
		case FaultThrow, FaultHang, FaultDie:
		default:
			return fmt.Errorf("unknown fault %q (allowed: throw, hang, die)", r.Fault)
		}
	}
	switch r.Kind {
	case KindLane:
		if r.Lane == nil {
			return errors.New("lane request without lane")
		}
		if _, err := machine.ParseModel(string(r.Lane.Model)); err != nil {
			return fmt.Errorf("lane request: %w", err)
		}
		if r.Lane.Credit < 0 {
			return fmt.Errorf("lane request: credit %d is negative", r.Lane.Credit)
		}
		if r.Lane.BatchFrames < 0 || r.Lane.BatchFrames > MaxBatchFrames {
			return fmt.Errorf("lane request: batchFrames %d out of range 0..%d", r.Lane.BatchFrames, MaxBatchFrames)
		}
	case KindSplit:
		if r.Lane == nil || r.Split == nil {
			return errors.New("split request without lane or split")
		}
		if r.Lane.Model != machine.Wide {
			return fmt.Errorf("split request: only the wide lane splits, not %q", r.Lane.Model)
		}
		if r.Split.Workers < 1 || r.Split.Workers > MaxSplitWorkers || r.Split.Index < 0 || r.Split.Index >= r.Split.Workers {
			return fmt.Errorf("split request: member %d of %d workers (allowed: 1..%d workers)", r.Split.Index, r.Split.Workers, MaxSplitWorkers)
		}
		if r.Lane.Credit < 0 || r.Lane.BatchFrames < 0 || r.Lane.BatchFrames > MaxBatchFrames {
			return fmt.Errorf("split request: credit %d or batchFrames %d out of range", r.Lane.Credit, r.Lane.BatchFrames)
		}
	case KindLayer:
		if r.ID == 0 || r.Layer < 0 {
			return fmt.Errorf("layer request: job %d layer %d (the job must be positive, the layer at least 0)", r.ID, r.Layer)
		}
	case KindPlan, KindSweep, KindSummarize:
		if r.Sweep == nil || r.Sweep.Spec == nil {
			return fmt.Errorf("%s request without sweep spec", r.Kind)
		}
		for _, j := range r.Sweep.Jobs {
			if j < 0 {
				return fmt.Errorf("%s request: job index %d is negative", r.Kind, j)
			}
		}
	case KindMore:
		if r.Credit <= 0 {
			return fmt.Errorf("more request: credit %d must be positive", r.Credit)
		}
	case KindCancel:
		if r.ID == 0 && r.Group == 0 {
			return errors.New("cancel request names neither a job id nor a group")
		}
	default:
		return fmt.Errorf("unknown request kind %q (allowed: lane, plan, sweep, summarize, more, cancel, split, layer)", r.Kind)
	}
	return nil
}

// DecodeReply reads a reply, checking its version and kind.
func DecodeReply(data []byte) (Reply, error) {
	var r Reply
	if err := decode(data, &r); err != nil {
		return Reply{}, fmt.Errorf("bad reply: %w", err)
	}
	if r.V != Version {
		return Reply{}, fmt.Errorf("reply version %d, this page speaks %d", r.V, Version)
	}
	switch r.Kind {
	case KindReady, KindFrames, KindPart, KindResult, KindPlanned, KindRows, KindSummary, KindCanceled, KindError, KindExit:
	default:
		return Reply{}, fmt.Errorf("unknown reply kind %q", r.Kind)
	}
	return r, nil
}

// Encode writes a request as JSON, stamping the protocol version.
func (r Request) Encode() ([]byte, error) {
	r.V = Version
	return json.Marshal(r)
}

// Encode writes a reply as JSON, stamping the protocol version. It fails
// only on values JSON cannot carry, such as a NaN in a row.
func (r Reply) Encode() ([]byte, error) {
	r.V = Version
	return json.Marshal(r)
}
