package render

import "image/color"

// Canvas is a software raster in device pixels, RGBA with premultiplied
// alpha (opaque colours only are painted, so it is also plain RGBA). Boards
// paint into it; the ebiten half uploads Pix with WritePixels.
type Canvas struct {
	W, H int
	Pix  []byte
}

// NewCanvas returns a transparent w×h canvas; sizes below 0 count as 0.
func NewCanvas(w, h int) *Canvas {
	w, h = max(w, 0), max(h, 0)
	return &Canvas{W: w, H: h, Pix: make([]byte, 4*w*h)}
}

// Resize makes the canvas w×h, reusing its memory when it can, and clears it.
func (c *Canvas) Resize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	c.W, c.H = w, h
	if n := 4 * w * h; cap(c.Pix) >= n {
		c.Pix = c.Pix[:n]
	} else {
		c.Pix = make([]byte, n)
	}
	clear(c.Pix)
}

// Fill paints the whole canvas with col.
func (c *Canvas) Fill(col color.RGBA) { c.FillRect(0, 0, c.W, c.H, col) }

// FillRect paints the pixels x0 ≤ x < x1, y0 ≤ y < y1 with col, clipped to
// the canvas.
func (c *Canvas) FillRect(x0, y0, x1, y1 int, col color.RGBA) {
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, c.W), min(y1, c.H)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	row := c.Pix[4*(y0*c.W+x0) : 4*(y0*c.W+x1)]
	for i := 0; i < len(row); i += 4 {
		row[i], row[i+1], row[i+2], row[i+3] = col.R, col.G, col.B, col.A
	}
	for y := y0 + 1; y < y1; y++ {
		copy(c.Pix[4*(y*c.W+x0):], row)
	}
}

// StrokeRect paints a border of width t inside the rectangle x0..x1, y0..y1.
func (c *Canvas) StrokeRect(x0, y0, x1, y1, t int, col color.RGBA) {
	if 2*t >= x1-x0 || 2*t >= y1-y0 {
		c.FillRect(x0, y0, x1, y1, col)
		return
	}
	c.FillRect(x0, y0, x1, y0+t, col)
	c.FillRect(x0, y1-t, x1, y1, col)
	c.FillRect(x0, y0+t, x0+t, y1-t, col)
	c.FillRect(x1-t, y0+t, x1, y1-t, col)
}

// At returns the colour of pixel (x, y); outside the canvas it is transparent.
func (c *Canvas) At(x, y int) color.RGBA {
	if x < 0 || y < 0 || x >= c.W || y >= c.H {
		return color.RGBA{}
	}
	p := c.Pix[4*(y*c.W+x):]
	return color.RGBA{p[0], p[1], p[2], p[3]}
}
