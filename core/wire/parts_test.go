package wire

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

var someParts = []machine.Part{
	{Lo: 0, Hi: 3, Units: 3, Regs: []int32{5, 0, -1, 1, 119, 2}},
	{Lo: 3, Hi: 3, Regs: []int32{}},
	{Lo: 3, Hi: 5, Units: 1 << 40, Regs: []int32{-1 << 31, 1<<31 - 1, 0, 65536}},
}

// TestPartsRoundTrip: the concatenated encodings of a layer's parts, as
// the page forwards them, decode to the parts in order.
func TestPartsRoundTrip(t *testing.T) {
	var all []byte
	for _, p := range someParts {
		all = append(all, EncodePart(7, 12, p)...)
	}
	got, err := DecodeParts(all)
	if err != nil {
		t.Fatal(err)
	}
	if want := (LayerParts{ID: 7, Layer: 12, Parts: someParts}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestDecodePartsErrors(t *testing.T) {
	good := EncodePart(7, 2, someParts[0])
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":       {nil, "empty payload"},
		"magic":       {[]byte("DRF\x01"), "bad magic"},
		"version":     {append([]byte(partsMagic+"\x09"), good[4:]...), "version 9"},
		"truncated":   {good[:len(good)-1], "truncated"},
		"other job":   {append(append([]byte{}, good...), EncodePart(8, 2, someParts[0])...), "not job 7 layer 2"},
		"other layer": {append(append([]byte{}, good...), EncodePart(7, 3, someParts[0])...), "not job 7 layer 2"},
		"negative lo": {EncodePart(7, 2, machine.Part{Lo: -1}), "out of range"},
		"huge count":  {append([]byte(partsMagic+"\x01"), 2, 4, 0, 2, 0, 0xff, 0xff, 0x03), "exceed"},
		"wide reg":    {append(bytes.Clone(good[:len(good)-1]), 0x80, 0x80, 0x80, 0x80, 0x40), "beyond 32 bits"},
	}
	for name, c := range cases {
		if _, err := DecodeParts(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error mentioning %q", name, err, c.want)
		}
	}
}

// TestSplitRequests: split and layer requests round-trip, and incomplete
// ones are refused with a clear error.
func TestSplitRequests(t *testing.T) {
	for _, r := range []Request{
		{Kind: KindSplit, ID: 3, Lane: &LaneJob{Hash: "v=1&family=s5", Model: machine.Wide, Frames: true, Credit: 8}, Split: &SplitJob{Workers: 2, Index: 1}},
		{Kind: KindLayer, ID: 3, Layer: 4},
		{Kind: KindLayer, ID: 3}, // the start barrier
	} {
		data, _ := r.Encode()
		got, err := DecodeRequest(data)
		r.V = Version
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("%s: round trip gave %+v, %v", r.Kind, got, err)
		}
	}
	for in, want := range map[string]string{
		`{"v":1,"kind":"split","id":1}`: "without lane or split",
		`{"v":1,"kind":"split","id":1,"lane":{"model":"deep"},"split":{"workers":2,"index":0}}`:             "only the wide lane",
		`{"v":1,"kind":"split","id":1,"lane":{"model":"wide"},"split":{"workers":2,"index":2}}`:             "member 2 of 2",
		`{"v":1,"kind":"split","id":1,"lane":{"model":"wide"},"split":{"workers":17,"index":0}}`:            "member 0 of 17",
		`{"v":1,"kind":"split","id":1,"lane":{"model":"wide","credit":-1},"split":{"workers":2,"index":0}}`: "credit -1",
		`{"v":1,"kind":"layer","id":1,"layer":-1}`:                                                          "layer -1",
		`{"v":1,"kind":"layer","layer":1}`:                                                                  "job 0",
	} {
		if _, err := DecodeRequest([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error mentioning %q", in, err, want)
		}
	}
}

// FuzzDecodeParts: the decoder never panics, and what it accepts survives
// an encode/decode round trip.
func FuzzDecodeParts(f *testing.F) {
	var all []byte
	for _, p := range someParts {
		all = append(all, EncodePart(1, 1, p)...)
	}
	f.Add(all)
	f.Add(EncodePart(0, 0, machine.Part{}))
	f.Add([]byte(partsMagic + "\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lp, err := DecodeParts(data)
		if err != nil {
			return
		}
		var again []byte
		for _, p := range lp.Parts {
			again = append(again, EncodePart(lp.ID, lp.Layer, p)...)
		}
		back, err := DecodeParts(again)
		if err != nil || !reflect.DeepEqual(back, lp) {
			t.Fatalf("round trip changed the parts: %+v, %v", back, err)
		}
	})
}
