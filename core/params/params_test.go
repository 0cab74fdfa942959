package params

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// designLink is DESIGN.md's example link, the normalized default.
const designLink = "v=1&family=s5&size=64&seed=1&width=0&depth=6&steps=32&mode=score&lanes=wide,deep,diffusion"

func TestDefaultHashIsDesignExample(t *testing.T) {
	if got := Default().Hash(); got != designLink {
		t.Fatalf("Default().Hash() = %q, want %q", got, designLink)
	}
	for _, h := range []string{"#" + designLink, designLink, "", "#"} {
		p, ns := ParseHash(h)
		if len(ns) > 0 {
			t.Errorf("ParseHash(%q): unexpected notices %v", h, ns)
		}
		if !equal(p, Default()) {
			t.Errorf("ParseHash(%q) = %+v, want the default %+v", h, p, Default())
		}
	}
}

func TestParseHashCorrections(t *testing.T) {
	tests := []struct {
		hash  string
		check func(Params) bool
		keys  []string // keys of the notices, in order
	}{
		{"depth=0", func(p Params) bool { return p.Depth == 1 }, []string{"depth"}},
		{"depth=100", func(p Params) bool { return p.Depth == 64 }, []string{"depth"}},
		{"depth=abc", func(p Params) bool { return p.Depth == DefaultDepth }, []string{"depth"}},
		{"depth=99999999999999999999999", func(p Params) bool { return p.Depth == 64 }, []string{"depth"}},
		{"family=foo&size=8", func(p Params) bool { return p.Family == "s5" && p.Size == 8 }, []string{"family"}},
		{"family=parity&size=9999999", func(p Params) bool { return p.Family == "parity" && p.Size == 65536 }, []string{"size"}},
		{"size=0", func(p Params) bool { return p.Size == 1 }, []string{"size"}},
		{"seed=-4", func(p Params) bool { return p.Seed == 0 }, []string{"seed"}},
		{"seed=18446744073709551615", func(p Params) bool { return p.Seed == MaxSeed }, []string{"seed"}},
		{"seed=9007199254740991", func(p Params) bool { return p.Seed == MaxSeed }, nil},
		{"width=-1&steps=5000", func(p Params) bool { return p.Width == 0 && p.Steps == 4096 }, []string{"width", "steps"}},
		{"mode=%63ommit", func(p Params) bool { return p.Mode == machine.Commit }, nil},
		{"mode=fast", func(p Params) bool { return p.Mode == machine.Score }, []string{"mode"}},
		{"mode=%zz", func(p Params) bool { return p.Mode == machine.Score }, []string{"mode"}},
		{"lanes=diffusion,deep,deep", func(p Params) bool {
			return slices.Equal(p.Lanes, []machine.Model{machine.Deep, machine.Diffusion})
		}, nil},
		{"lanes=deep,warp", func(p Params) bool { return slices.Equal(p.Lanes, []machine.Model{machine.Deep}) }, []string{"lanes"}},
		{"lanes=", func(p Params) bool { return len(p.Lanes) == 3 }, []string{"lanes"}},
		{"depth=3&depth=9", func(p Params) bool { return p.Depth == 3 }, []string{"depth"}},
		{"zoom=2&v=1", func(p Params) bool { return equal(p, Default()) }, []string{"zoom"}},
		{"v=2", func(p Params) bool { return p.V == 1 }, []string{"v"}},
		{"set=easy&index=3", func(p Params) bool { return p.Set == "" && p.Index == 0 }, []string{"set", "index"}},
		{"speed=0&workers=99", func(p Params) bool { return p.Speed == 1 && p.Workers == 16 }, []string{"speed", "workers"}},
		{"workers=auto", func(p Params) bool { return p.Workers == 0 }, nil},
		{"workers=0", func(p Params) bool { return p.Workers == 0 }, nil},
		{"workers=lots", func(p Params) bool { return p.Workers == 0 }, []string{"workers"}},
		{"workers=4&speed=30", func(p Params) bool { return p.Workers == 4 && p.Speed == 30 }, nil},
		{"depth", func(p Params) bool { return p.Depth == DefaultDepth }, []string{"depth"}},
	}
	for _, tt := range tests {
		p, ns := ParseHash("#" + tt.hash)
		if !tt.check(p) {
			t.Errorf("ParseHash(%q) = %+v: wrong values", tt.hash, p)
		}
		var keys []string
		for _, n := range ns {
			keys = append(keys, n.Key)
		}
		if !slices.Equal(keys, tt.keys) {
			t.Errorf("ParseHash(%q): notices %v, want keys %v", tt.hash, ns, tt.keys)
		}
		again, more := ParseHash(p.Hash())
		if len(more) > 0 || !equal(again, p) {
			t.Errorf("ParseHash(%q).Hash() = %q does not re-parse cleanly: %+v %v", tt.hash, p.Hash(), again, more)
		}
	}
}

func TestNoticeLines(t *testing.T) {
	_, ns := ParseHash("depth=0&zoom=2")
	if len(ns) != 2 {
		t.Fatalf("notices %v, want 2", ns)
	}
	if got, want := ns[0].String(), "depth=0: must be 1..64; used 1"; got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if got := ns[1].String(); !strings.HasPrefix(got, "zoom=2: unknown key") || !strings.HasSuffix(got, "; ignored") {
		t.Errorf("unknown-key notice = %q", got)
	}
	var ve *ValueError
	if err := ns[0].Err(); !errors.As(err, &ve) || err.Error() != "--depth 0: must be 1..64" {
		t.Errorf("Err() = %v, want --depth 0: must be 1..64", err)
	}
}

func TestHashOrderAndOptionalKeys(t *testing.T) {
	p, ns := ParseHash("workers=3&speed=20&lanes=deep&mode=commit&steps=7&depth=2&width=4&seed=9&size=10&family=parity&v=1")
	if len(ns) > 0 {
		t.Fatalf("notices %v", ns)
	}
	want := "v=1&family=parity&size=10&seed=9&width=4&depth=2&steps=7&mode=commit&lanes=deep&speed=20&workers=3"
	if got := p.Hash(); got != want {
		t.Errorf("Hash() = %q, want %q", got, want)
	}
	var keys []string
	for _, f := range Default().Fields() {
		keys = append(keys, f.Key)
	}
	if want := []string{"v", "family", "size", "seed", "width", "depth", "steps", "mode", "lanes", "speed", "workers"}; !slices.Equal(keys, want) {
		t.Errorf("Fields keys = %v, want %v", keys, want)
	}
	f := Default().Fields()
	if f[1].Value != "s5" || f[2].Value != 64 || !slices.Equal(f[8].Value.([]string), []string{"wide", "deep", "diffusion"}) {
		t.Errorf("Fields values = %+v", f)
	}
}

func TestLaneConfigsNormalize(t *testing.T) {
	p := Default()
	p.Width = 5
	got := p.LaneConfigs()
	want := []machine.Lane{
		{Model: machine.Wide, Depth: 6, Width: 5},
		{Model: machine.Deep, Width: 5},
		{Model: machine.Diffusion, Depth: 6, Width: 5, Steps: 32, Mode: machine.Score},
	}
	if !slices.Equal(got, want) {
		t.Errorf("LaneConfigs() = %+v, want %+v", got, want)
	}
}

func TestParseList(t *testing.T) {
	seq := func(a, b int) []int {
		var out []int
		for v := a; v <= b; v++ {
			out = append(out, v)
		}
		return out
	}
	sizes := Range{1, 65536}
	tests := []struct {
		key, s   string
		r        Range
		doubling bool
		want     []int
	}{
		{"depth", "4..8", DepthRange, false, []int{4, 5, 6, 7, 8}},
		{"depth", "1..64", DepthRange, false, seq(1, 64)},
		{"depth", "6", DepthRange, false, []int{6}},
		{"depth", "8,2,8,4", DepthRange, false, []int{2, 4, 8}},
		{"size", "1..64", sizes, true, []int{1, 2, 4, 8, 16, 32, 64}},
		{"size", "4..64", sizes, true, seq(4, 64)},
		{"size", "3..100", sizes, true, []int{3, 6, 12, 24, 48, 96, 100}},
		{"size", "8..8", sizes, true, []int{8}},
		{"width", "0..64", WidthRange, true, []int{0, 1, 2, 4, 8, 16, 32, 64}},
		{"width", "0..8", WidthRange, true, seq(0, 8)},
		{"steps", "1..100", StepsRange, false, seq(1, 100)},
	}
	for _, tt := range tests {
		got, err := ParseList(tt.key, tt.s, tt.r, tt.doubling)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseList(%q, %q) = %v, %v; want %v", tt.key, tt.s, got, err, tt.want)
		}
	}
	for _, s := range []string{"", "a", "1..", "..3", "5..3", "1,,2", "0", "65", "1..65", "1..2..3", "1,2..4", " 3", "3 ", "4.5", "0x10"} {
		_, err := ParseList("depth", s, DepthRange, false)
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Key != "depth" || ve.Given != s || !strings.HasPrefix(err.Error(), "--depth") {
			t.Errorf("ParseList(depth, %q): error %v, want a ValueError naming --depth and the value", s, err)
		}
	}
}

func TestRangeParse(t *testing.T) {
	if _, err := ParseInt("depth", "0", DepthRange); err == nil || err.Error() != "--depth 0: must be 1..64" {
		t.Errorf("ParseInt(depth, 0) error = %v", err)
	}
	if v, err := ParseInt("depth", "64", DepthRange); err != nil || v != 64 {
		t.Errorf("ParseInt(depth, 64) = %d, %v", v, err)
	}
	if _, err := ParseSeed("seed", "9007199254740992"); err == nil {
		t.Error("ParseSeed accepted 2^53")
	}
	if m, err := ParseModels("models", "diffusion,wide"); err != nil || !slices.Equal(m, []machine.Model{machine.Wide, machine.Diffusion}) {
		t.Errorf("ParseModels = %v, %v", m, err)
	}
	for _, s := range []string{"", "wide,", "fast"} {
		if _, err := ParseModels("models", s); err == nil {
			t.Errorf("ParseModels(%q) accepted", s)
		}
	}
}

// equal compares two Params field by field.
func equal(a, b Params) bool {
	return a.V == b.V && a.Family == b.Family && a.Size == b.Size && a.Seed == b.Seed && a.Width == b.Width &&
		a.Depth == b.Depth && a.Steps == b.Steps && a.Mode == b.Mode && slices.Equal(a.Lanes, b.Lanes) &&
		a.Set == b.Set && a.Index == b.Index && a.Speed == b.Speed && a.Workers == b.Workers
}
