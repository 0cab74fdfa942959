// Package params is the single source of truth for a race's parameters: the
// playground link (the URL hash), its defaults and the range of every value.
// The page parses links here and the command line checks its flags with the
// same ranges, so a link and a command mean the same race everywhere.
package params

import (
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/registry"
)

// Version is the link format's version, the hash's `v`.
const Version = 1

// Defaults of the keys that do not depend on the family.
const (
	DefaultFamily = "s5"
	DefaultSeed   = 1
	DefaultWidth  = 0
	DefaultDepth  = 6
	DefaultSteps  = 32
	DefaultMode   = machine.Score
	// DefaultSpeed is the page's animation speed in serial steps per second.
	DefaultSpeed = 8
)

// Keys lists the link's keys in canonical order: the order Hash writes them
// and Fields returns them.
var Keys = []string{"v", "family", "size", "seed", "width", "depth", "steps", "mode", "lanes", "set", "index", "speed", "workers"}

// Params is one race as a link describes it.
type Params struct {
	V       int             // link version, always Version once parsed
	Family  string          // registry name
	Size    int             // instance size; 0 for families without sizes (sudoku)
	Seed    uint64          // instance seed and the machines' guesses, 0..MaxSeed
	Width   int             // units per layer or step; 0 = as wide as the algorithm wants
	Depth   int             // layers of the wide net and of the diffusion denoiser
	Steps   int             // diffusion steps K
	Mode    machine.Mode    // diffusion mode
	Lanes   []machine.Model // the machines racing, in display order
	Set     string          // set families only: bundled set name (or, on the command line, a file path)
	Index   int             // set families only: puzzle index in the set
	Speed   int             // page animation: serial steps per second
	Workers int             // page Web Workers; 0 = auto
}

// Default is the link with no keys: s5 at its default size.
func Default() Params {
	f, _ := registry.Lookup(DefaultFamily)
	return defaultsFor(f)
}

// defaultsFor is the default race for family f.
func defaultsFor(f machine.Family) Params {
	info := f.Info()
	p := Params{
		V: Version, Family: info.Name, Seed: DefaultSeed, Width: DefaultWidth, Depth: DefaultDepth,
		Steps: DefaultSteps, Mode: DefaultMode, Lanes: append([]machine.Model(nil), machine.Models...),
		Speed: DefaultSpeed,
	}
	if info.HasSize() {
		p.Size = info.DefaultSize
	}
	if s, ok := setsOf(f); ok {
		p.Set = s.SetNames()[0]
	}
	return p
}

// LaneConfigs returns the machine configuration of each lane, in display
// order, as Race runs them (normalized: deep has no depth or steps, wide no steps).
func (p Params) LaneConfigs() []machine.Lane {
	out := make([]machine.Lane, 0, len(p.Lanes))
	for _, m := range p.Lanes {
		l := machine.Lane{Model: m, Depth: p.Depth, Width: p.Width, Steps: p.Steps, Mode: p.Mode}
		out = append(out, l.Normalized())
	}
	return out
}

// InstanceSpec is the instance p races on; setData holds a set file's
// contents when p.Set is a path (command line only), else nil.
func (p Params) InstanceSpec(setData []byte) machine.InstanceSpec {
	return machine.InstanceSpec{Size: p.Size, Seed: p.Seed, Set: p.Set, SetData: setData, Index: p.Index}
}

// Instance looks p's family up and generates the instance p races on, the
// one step that the command line, the stage and the lane workers share.
// setData is as for InstanceSpec.
func (p Params) Instance(setData []byte) (machine.Family, machine.Instance, error) {
	f, err := registry.Lookup(p.Family)
	if err != nil {
		return nil, nil, err
	}
	inst, err := f.Generate(p.InstanceSpec(setData))
	if err != nil {
		return nil, nil, err
	}
	return f, inst, nil
}

// hasSets reports whether p's family picks puzzles from sets.
func (p Params) hasSets() bool {
	f, err := registry.Lookup(p.Family)
	if err != nil {
		return false
	}
	_, ok := setsOf(f)
	return ok
}

// hasSize reports whether --size applies to p's family.
func (p Params) hasSize() bool {
	f, err := registry.Lookup(p.Family)
	return err == nil && f.Info().HasSize()
}

// Field is one normalized key and value, for the page's state().params.
// Value is an int, a string or a []string (lanes).
type Field struct {
	Key   string
	Value any
}

// Fields returns every key that applies to p's family, in canonical order,
// with its value: size only for sized families, set and index only for set
// families. Unlike Hash it always includes speed and workers (0 = auto).
func (p Params) Fields() []Field {
	out := []Field{{"v", p.V}, {"family", p.Family}}
	if p.hasSize() {
		out = append(out, Field{"size", p.Size})
	}
	lanes := make([]string, len(p.Lanes))
	for i, m := range p.Lanes {
		lanes[i] = string(m)
	}
	out = append(out, Field{"seed", int(p.Seed)}, Field{"width", p.Width}, Field{"depth", p.Depth},
		Field{"steps", p.Steps}, Field{"mode", string(p.Mode)}, Field{"lanes", lanes})
	if p.hasSets() {
		out = append(out, Field{"set", p.Set}, Field{"index", p.Index})
	}
	return append(out, Field{"speed", p.Speed}, Field{"workers", p.Workers})
}

// Hash returns the normalized link, without the leading '#': keys in
// canonical order; size only for sized families; set and index only for set
// families; speed only when it is not DefaultSpeed and workers only when not
// auto, so the common link stays short and matches DESIGN's example.
func (p Params) Hash() string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(escape(v))
	}
	for _, f := range p.Fields() {
		switch {
		case f.Key == "speed" && p.Speed == DefaultSpeed, f.Key == "workers" && p.Workers == 0:
			continue
		}
		switch v := f.Value.(type) {
		case int:
			add(f.Key, strconv.Itoa(v))
		case string:
			add(f.Key, v)
		case []string:
			add(f.Key, strings.Join(v, ","))
		}
	}
	return b.String()
}

// escape percent-encodes everything but letters, digits, ',' and "-._~", so
// a value can never break the hash apart.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte(",-._~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
