package render

import (
	"image/color"
	"math"
)

// The palette: a dark slate background, calm surfaces and one accent per
// machine. Fixed values, so every screenshot is the same.
var (
	Background = color.RGBA{0x14, 0x18, 0x22, 0xff}
	Surface    = color.RGBA{0x1d, 0x23, 0x31, 0xff}
	Raised     = color.RGBA{0x2a, 0x32, 0x44, 0xff}
	Line       = color.RGBA{0x3a, 0x44, 0x5a, 0xff}
	TextMain   = color.RGBA{0xe8, 0xec, 0xf3, 0xff}
	TextDim    = color.RGBA{0x9a, 0xa5, 0xb8, 0xff}
	Good       = color.RGBA{0x4c, 0xd1, 0x8a, 0xff}
	Bad        = color.RGBA{0xff, 0x4d, 0x5e, 0xff}
	// Empty is an answer cell that is still undetermined.
	Empty = color.RGBA{0x24, 0x2b, 0x3a, 0xff}
	// Bit0 and Bit1 are the two values of a bit cell.
	Bit0 = color.RGBA{0x3b, 0x5b, 0x9a, 0xff}
	Bit1 = color.RGBA{0xf2, 0xb8, 0x4b, 0xff}
)

// ModelColor is the accent of a machine: the same in the lane's title, its
// architecture and its counters.
func ModelColor(model string) color.RGBA {
	switch model {
	case "wide":
		return color.RGBA{0x5a, 0xb4, 0xff, 0xff}
	case "deep":
		return color.RGBA{0xff, 0x9f, 0x43, 0xff}
	case "diffusion":
		return color.RGBA{0xc0, 0x84, 0xfc, 0xff}
	}
	return TextDim
}

// cardColors are the five cards of S5, as distinct as five hues can be.
var cardColors = [5]color.RGBA{
	{0xef, 0x47, 0x6f, 0xff}, // red
	{0xff, 0xd1, 0x66, 0xff}, // yellow
	{0x06, 0xd6, 0xa0, 0xff}, // green
	{0x11, 0x8a, 0xb2, 0xff}, // blue
	{0xc7, 0x7d, 0xff, 0xff}, // violet
}

// CardColor is the colour of card k (0..4) of S5.
func CardColor(k int) color.RGBA { return cardColors[((k%5)+5)%5] }

// symbolColors caches SymbolColor for the symbols boards draw most (S5 has
// 120), so painting a large board does no colour arithmetic per cell.
var symbolColors = func() [256]color.RGBA {
	var t [256]color.RGBA
	for i := range t {
		t[i] = symbolColor(i)
	}
	return t
}()

// SymbolColor is a fixed colour per symbol of an alphabet: hues spread by
// the golden angle, with three lightness bands so neighbours differ.
func SymbolColor(sym int) color.RGBA {
	if sym < 0 {
		return Empty
	}
	if sym < len(symbolColors) {
		return symbolColors[sym]
	}
	return symbolColor(sym)
}

func symbolColor(sym int) color.RGBA {
	h := math.Mod(float64(sym)*137.50776405, 360)
	l := [3]float64{0.62, 0.48, 0.72}[sym%3]
	return hsl(h, 0.68, l)
}

// hsl converts a hue in degrees, saturation and lightness in [0,1] to RGB.
func hsl(h, s, l float64) color.RGBA {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	to := func(v float64) uint8 { return uint8(math.Round(255 * math.Min(1, math.Max(0, v+m)))) }
	return color.RGBA{to(r), to(g), to(b), 0xff}
}

// Mix blends a toward b by t in [0,1]: t=0 is a, t=1 is b.
func Mix(a, b color.RGBA, t float64) color.RGBA {
	if t <= 0 {
		return a
	}
	t = math.Min(1, t)
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), f(a.A, b.A)}
}
