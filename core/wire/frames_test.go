package wire

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/machine/machinetest"
	"github.com/depthrace/depthrace/core/registry"
)

// runFrames records every frame of a lane on a small instance of family.
func runFrames(t testing.TB, family string, lane machine.Lane) []machine.Frame {
	t.Helper()
	f, err := registry.Lookup(family)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := f.Generate(machine.InstanceSpec{Size: 24, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	frames, _, err := machinetest.Record(inst, lane, 7)
	if err != nil {
		t.Fatal(err)
	}
	return frames
}

// sameFrames compares frames exactly, floats by their bits (so NaN and -0
// must survive too).
func sameFrames(a, b []machine.Frame) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if math.Float64bits(x.Noise) != math.Float64bits(y.Noise) || (x.Conf == nil) != (y.Conf == nil) || len(x.Conf) != len(y.Conf) {
			return false
		}
		for j := range x.Conf {
			if math.Float64bits(x.Conf[j]) != math.Float64bits(y.Conf[j]) {
				return false
			}
		}
		x.Noise, y.Noise, x.Conf, y.Conf = 0, 0, nil, nil
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func TestFramesRoundTripRealRuns(t *testing.T) {
	lanes := []machine.Lane{
		{Model: machine.Wide, Depth: 3},
		{Model: machine.Deep},
		{Model: machine.Diffusion, Depth: 2, Steps: 5, Mode: machine.Score},
		{Model: machine.Diffusion, Depth: 2, Steps: 5, Mode: machine.Commit},
	}
	for _, family := range registry.Names() {
		info, _ := registry.Lookup(family)
		if !info.Info().HasSize() {
			continue // set families need bundled data; the codec does not care
		}
		for _, lane := range lanes {
			frames := runFrames(t, family, lane)
			b := FrameBatch{ID: 42, Seq: 3, Frames: frames}
			got, err := DecodeFrames(EncodeFrames(b))
			if err != nil {
				t.Fatalf("%s %s: %v", family, lane.Model, err)
			}
			if got.ID != 42 || got.Seq != 3 || !sameFrames(got.Frames, frames) {
				t.Errorf("%s %s: frames changed in the round trip", family, lane.Model)
			}
		}
	}
}

func TestFramesRoundTripEdgeValues(t *testing.T) {
	frames := []machine.Frame{
		{}, // every slice nil
		{Answer: []int{}, State: []int{}, Changed: []int{}, Conf: []float64{}}, // empty, not nil
		{Serial: math.MaxInt32, Work: math.MaxInt64, Units: math.MinInt64, Layer: -1, Pass: 7, Clock: math.MinInt32,
			Noise: math.Copysign(0, -1), Answer: []int{-1, 0, 119, math.MaxInt32, math.MinInt32},
			Conf: []float64{0, 1, 1, 0, 1, 1, 1, 1, 0}, Done: true},
		{Noise: math.NaN(), Conf: []float64{0.25, math.Copysign(0, -1), math.Inf(1), math.NaN()}},
	}
	b := FrameBatch{ID: -5, Seq: 0, Frames: frames}
	got, err := DecodeFrames(EncodeFrames(b))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != -5 || !sameFrames(got.Frames, frames) {
		t.Errorf("edge frames changed: got %+v", got.Frames)
	}
	if got.Frames[0].Answer != nil || got.Frames[1].Answer == nil {
		t.Error("nil and empty slices must stay apart")
	}
}

func TestFramesAreCompact(t *testing.T) {
	// A binary-confidence frame of n cells must cost far less than JSON would:
	// about a byte per small value and a bit per confidence.
	n := 1000
	f := machine.Frame{Answer: make([]int, n), State: make([]int, n), Conf: make([]float64, n)}
	for i := range n {
		f.Answer[i], f.State[i], f.Conf[i] = i%60, i%60, float64(i%2)
	}
	size := len(EncodeFrames(FrameBatch{Frames: []machine.Frame{f}}))
	if size > 2*n+n/8+64 {
		t.Errorf("a %d-cell frame takes %d bytes", n, size)
	}
}

func TestDecodeFramesRejectsBadInput(t *testing.T) {
	good := EncodeFrames(FrameBatch{ID: 1, Frames: runFrames(t, "s5", machine.Lane{Model: machine.Wide, Depth: 2})})
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":       {nil, "bad magic"},
		"magic":       {[]byte("XYZ\x01"), "bad magic"},
		"version":     {append([]byte(framesMagic), 9), "version 9"},
		"truncated":   {good[:len(framesMagic)+2], "truncated"},
		"cut short":   {good[:len(good)-3], "exceeds the 0 bytes left"},
		"trailing":    {append(bytes.Clone(good), 0), "trailing"},
		"huge count":  {append([]byte(framesMagic), Version, 2, 0, 0xff, 0xff, 0xff, 0x7f), "exceeds"},
		"huge serial": {append(append([]byte(framesMagic), Version, 0, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), make([]byte, 20)...), "out of range"},
	}
	// A done flag of 2: patch the only frame's done byte (after six one-byte
	// varints and eight noise bytes).
	one := EncodeFrames(FrameBatch{Frames: []machine.Frame{{}}})
	one[len(framesMagic)+1+3+6+8] = 2
	cases["bad done"] = struct {
		data []byte
		want string
	}{one, "done flag 2"}
	// Padding bits beyond the last confidence.
	pad := EncodeFrames(FrameBatch{Frames: []machine.Frame{{Conf: []float64{1}}}})
	pad[len(pad)-1] |= 0x80
	cases["padding"] = struct {
		data []byte
		want string
	}{pad, "padding"}
	for name, c := range cases {
		_, err := DecodeFrames(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one mentioning %q", name, err, c.want)
		}
	}
}

// FuzzDecodeFrames feeds arbitrary bytes to the decoder: it must never panic,
// and whatever it accepts must survive an encode/decode round trip.
func FuzzDecodeFrames(f *testing.F) {
	f.Add(EncodeFrames(FrameBatch{ID: 1, Seq: 2, Frames: runFrames(f, "s5", machine.Lane{Model: machine.Wide, Depth: 2})}))
	f.Add(EncodeFrames(FrameBatch{Frames: runFrames(f, "parity", machine.Lane{Model: machine.Diffusion, Depth: 1, Steps: 2, Mode: machine.Score})}))
	f.Add(EncodeFrames(FrameBatch{Frames: []machine.Frame{{Conf: []float64{0.5, 1}}, {}}}))
	f.Add([]byte(framesMagic + "\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeFrames(data)
		if err != nil {
			return
		}
		again, err := DecodeFrames(EncodeFrames(b))
		if err != nil {
			t.Fatalf("re-encoded batch does not decode: %v", err)
		}
		if again.ID != b.ID || again.Seq != b.Seq || !sameFrames(again.Frames, b.Frames) {
			t.Fatal("round trip changed the batch")
		}
	})
}

// BenchmarkFrames encodes and decodes the frames of a deep s5 lane at size
// 1024: what a worker posts and the canvas reads for a long animation.
func BenchmarkFrames(b *testing.B) {
	f, _ := registry.Lookup("s5")
	inst, err := f.Generate(machine.InstanceSpec{Size: 1024, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	r, err := machine.NewRun(inst, machine.Lane{Model: machine.Deep}, 1)
	if err != nil {
		b.Fatal(err)
	}
	var frames []machine.Frame
	for len(frames) < 32 && r.Step() {
		frames = append(frames, r.Frame())
	}
	batch := FrameBatch{ID: 1, Frames: frames}
	data := EncodeFrames(batch)
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			EncodeFrames(batch)
		}
		b.ReportMetric(float64(len(data))/float64(len(frames)), "bytes/frame")
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := DecodeFrames(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
