package wire

import (
	"reflect"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/race"
)

func TestRequestRoundTrip(t *testing.T) {
	reqs := []Request{
		{Kind: KindLane, ID: 1, Group: 9, DeadlineMs: 5000,
			Lane: &LaneJob{Hash: "v=1&family=s5&size=64", Model: machine.Deep, Frames: true, Credit: 256, BatchFrames: 16}},
		{Kind: KindPlan, ID: 2, Sweep: &SweepJob{Spec: map[string]string{"family": "s5", "depth": "1..8"}}},
		{Kind: KindSweep, ID: 3, Group: 4, Sweep: &SweepJob{Spec: map[string]string{"family": "parity"}, Jobs: []int{0, 5, 6}},
			Test: true, Fault: FaultHang},
		{Kind: KindSummarize, ID: 5, Sweep: &SweepJob{Spec: map[string]string{"family": "s5"}},
			Rows: []race.InstanceRow{{Family: "s5", Size: 8, Instance: 3, Lane: machine.Lane{Model: machine.Wide, Depth: 2},
				Exact: true, Cells: 8, Correct: 8, SerialSteps: 2, SolvedAt: 2, Work: 40}}},
		{Kind: KindMore, ID: 1, Credit: 64},
		{Kind: KindCancel, Group: 9},
	}
	for _, r := range reqs {
		data, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeRequest(data)
		if err != nil {
			t.Fatalf("%s: %v", r.Kind, err)
		}
		r.V = Version
		if !reflect.DeepEqual(got, r) {
			t.Errorf("%s: round trip gave %+v, want %+v", r.Kind, got, r)
		}
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	cases := map[string]string{
		`{"v":2,"kind":"cancel","id":1}`:                                           "version 2",
		`{"v":1,"kind":"explode","id":1}`:                                          `unknown request kind "explode"`,
		`{"v":1,"kind":"cancel"}`:                                                  "neither a job id nor a group",
		`{"v":1,"kind":"lane","id":1}`:                                             "without lane",
		`{"v":1,"kind":"lane","id":1,"lane":{"hash":"","model":"x"}}`:              `unknown model "x"`,
		`{"v":1,"kind":"lane","id":1,"lane":{"model":"deep","credit":-1}}`:         "credit -1",
		`{"v":1,"kind":"lane","id":1,"lane":{"model":"deep","batchFrames":99999}}`: "batchFrames 99999",
		`{"v":1,"kind":"sweep","id":1}`:                                            "without sweep spec",
		`{"v":1,"kind":"sweep","id":1,"sweep":{"spec":{},"jobs":[-1]}}`:            "job index -1",
		`{"v":1,"kind":"more","id":1}`:                                             "credit 0 must be positive",
		`{"v":1,"kind":"cancel","id":1,"deadlineMs":-3}`:                           "deadlineMs -3",
		`{"v":1,"kind":"cancel","id":1,"fault":"melt"}`:                            `unknown fault "melt"`,
		`{"v":1,"kind":"cancel","id":1,"colour":"red"}`:                            `unknown field "colour"`,
		`{"v":1,"kind":"cancel","id":1} {}`:                                        "trailing data",
		`[1,2]`:                                                                    "bad request",
		``:                                                                         "bad request",
	}
	for in, want := range cases {
		_, err := DecodeRequest([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error mentioning %q", in, err, want)
		}
	}
}

func TestSpecTakesThePagesValues(t *testing.T) {
	r, err := DecodeRequest([]byte(`{"v":1,"kind":"plan","id":1,"sweep":{"spec":` +
		`{"family":"s5","size":256,"seed":9007199254740991,"instances":1e2,"depth":"1..8","per-instance":true,"width":-0}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{"family": "s5", "size": "256", "seed": "9007199254740991", "instances": "100", "depth": "1..8", "per-instance": "true", "width": "0"}
	if !reflect.DeepEqual(r.Sweep.Spec, want) {
		t.Errorf("got %v, want %v", r.Sweep.Spec, want)
	}
	for in, msg := range map[string]string{
		`{"size":1.5}`:                  "size=1.5 is not a whole number",
		`{"size":1e300}`:                "size=1e300 is not a whole number",
		`{"depth":[1,2],"size":{}}`:     "depth has a value of type []interface {}",
		`{"family":null}`:               "family has a value of type <nil>",
		`{"seed":18446744073709551616}`: "is not a whole number",
	} {
		_, err := DecodeRequest([]byte(`{"v":1,"kind":"plan","id":1,"sweep":{"spec":` + in + `}}`))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want an error mentioning %q", in, err, msg)
		}
	}
}

func TestReplyRoundTripAndErrors(t *testing.T) {
	r := Reply{Kind: KindResult, ID: 4, Group: 2, WallMs: 1.5,
		Result: &race.LaneReport{Model: machine.Wide, Depth: 3, SerialSteps: 3, Work: 99, CellAccuracy: 0.25, SolvedAt: -1, WallNS: 7}}
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeReply(data)
	r.V = Version
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("reply round trip: %+v, %v", got, err)
	}
	for in, want := range map[string]string{
		`{"v":0,"kind":"ready"}`:  "version 0",
		`{"v":1,"kind":"hello"}`:  `unknown reply kind "hello"`,
		`{"v":1,"kind":"ready",}`: "bad reply",
	} {
		if _, err := DecodeReply([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error mentioning %q", in, err, want)
		}
	}
}

// FuzzDecodeRequest: the decoder never panics, and a request it accepts
// encodes and decodes to the same request.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"v":1,"kind":"lane","id":1,"lane":{"hash":"v=1&family=s5","model":"wide","frames":true,"credit":8}}`))
	f.Add([]byte(`{"v":1,"kind":"sweep","id":2,"group":3,"sweep":{"spec":{"family":"s5","depth":"1..8"},"jobs":[0,1,2]}}`))
	f.Add([]byte(`{"v":1,"kind":"summarize","id":2,"sweep":{"spec":{"family":"s5"}},"rows":[{"Family":"s5","Size":4,"Lane":{"Model":"deep"}}]}`))
	f.Add([]byte(`{"v":1,"kind":"cancel","group":3,"test":true,"fault":"die"}`))
	f.Add([]byte(`{"v":1,"kind":"more","id":1,"credit":64}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRequest(data)
		if err != nil {
			return
		}
		enc, err := r.Encode()
		if err != nil {
			t.Fatalf("accepted request does not encode: %v", err)
		}
		again, err := DecodeRequest(enc)
		if err != nil {
			t.Fatalf("re-encoded request is refused: %v\n%s", err, enc)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("round trip changed the request:\n%+v\n%+v", r, again)
		}
	})
}

// FuzzDecodeReply: the page-side decoder never panics on what a worker sends.
func FuzzDecodeReply(f *testing.F) {
	f.Add([]byte(`{"v":1,"kind":"ready","startupMs":12.5,"heapBytes":1048576}`))
	f.Add([]byte(`{"v":1,"kind":"frames","id":3,"seq":32,"frames":32}`))
	f.Add([]byte(`{"v":1,"kind":"summary","id":3,"table":[{"family":"s5","size":8}]}`))
	f.Add([]byte(`{"v":1,"kind":"error","id":3,"error":"boom"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeReply(data)
		if err != nil {
			return
		}
		if _, err := r.Encode(); err != nil {
			t.Fatalf("accepted reply does not encode: %v", err)
		}
	})
}
