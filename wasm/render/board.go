package render

import (
	"image/color"

	"github.com/depthrace/depthrace/core/machine"
	"math"
	"strconv"
)

// Board paints the puzzle board of one lane. There is one Board per family
// (chosen by name with BoardFor) and a generic one for any other family.
// A board draws only what the lane's frames say: it never recomputes the
// family's logic.
type Board interface {
	// Paint draws lane l of scene s into c, a cleared canvas the size of the
	// board's rectangle in device pixels, and returns text to draw on top.
	Paint(c *Canvas, s *Scene, l *LaneView, m Metrics) []Label
	// NeedsHistory reports whether the board draws the lane's Row history,
	// so the stage records it only where it is drawn.
	NeedsHistory() bool
	// Legend says in a few words what a cell shows, for the header.
	Legend() string
}

// Label is text a board wants drawn centred at (X, Y) within its canvas.
type Label struct {
	X, Y  float64
	Text  string
	Size  float64
	Color color.RGBA
}

// boards maps family names to their boards; families not listed get the
// generic board.
var boards = map[string]Board{
	"parity":  sequence{paint: paintBit, legend: "each cell: the parity of the bits so far (amber = odd)"},
	"s5":      sequence{paint: paintPerm, legend: "each cell: the order of the five cards after that many moves"},
	"rule90":  spaceTime{},
	"rule110": spaceTime{},
	"sudoku":  square{},
}

// BoardFor returns the board of a family: its own, or the generic board,
// which draws the answer cells in a row coloured by value (two colours for
// a binary alphabet).
func BoardFor(family string, alphabet int) Board {
	if b, ok := boards[family]; ok {
		return b
	}
	if alphabet == 2 {
		return sequence{paint: paintBit, legend: genericLegend}
	}
	return sequence{paint: paintSymbol, legend: genericLegend}
}

// cellLook is how one answer cell is drawn.
type cellLook struct {
	value int     // the symbol to draw, -1 when undetermined
	fade  float64 // 0 for a sure value; more for tentative values and guesses
	wrong bool    // the lane is done and this cell differs from the reference
}

// answerLooks resolves every answer cell of a lane: its frame's value and
// confidence, the guessed value once the lane is done (faded), diffusion's
// noisy sample before its first prediction (fainter), and its verdict.
func answerLooks(l *LaneView) []cellLook {
	a := l.Frame.Answer
	out := make([]cellLook, len(a))
	for i, v := range a {
		k := cellLook{value: v}
		if v >= 0 && i < len(l.Frame.Conf) && l.Frame.Conf[i] < 1 {
			k.fade = 0.15 + 0.55*(1-l.Frame.Conf[i])
		}
		switch {
		case v < 0 && l.Done && i < len(l.Final):
			k.value, k.fade = l.Final[i], 0.6
		case v < 0 && l.Lane.Model == machine.Diffusion && i < len(l.Frame.State):
			k.value, k.fade = l.Frame.State[i], 0.72 // the noisy sample, before the first prediction
		}
		out[i] = k
	}
	if l.Done {
		for _, i := range l.Wrong {
			if i >= 0 && i < len(out) {
				out[i].wrong = true
			}
		}
	}
	return out
}

// valuePainter fills a cell's rectangle with a value's colour code.
type valuePainter func(c *Canvas, x0, y0, x1, y1, v int, fade float64)

func paintBit(c *Canvas, x0, y0, x1, y1, v int, fade float64) {
	col := Bit0
	if v != 0 {
		col = Bit1
	}
	c.FillRect(x0, y0, x1, y1, Mix(col, Empty, fade))
}

func paintSymbol(c *Canvas, x0, y0, x1, y1, v int, fade float64) {
	c.FillRect(x0, y0, x1, y1, Mix(SymbolColor(v), Empty, fade))
}

// paintPerm draws an S5 symbol as its deck: five stripes, one per position,
// coloured by the card there. Cells narrower than ten pixels get one colour
// per symbol instead.
func paintPerm(c *Canvas, x0, y0, x1, y1, v int, fade float64) {
	deck, ok := S5Cards(v)
	if !ok || x1-x0 < 10 {
		paintSymbol(c, x0, y0, x1, y1, v, fade)
		return
	}
	for k, card := range deck {
		a := x0 + (x1-x0)*k/5
		b := x0 + (x1-x0)*(k+1)/5
		c.FillRect(a, y0, b, y1, Mix(CardColor(card), Empty, fade))
	}
}

// paintLook draws one answer cell: empty, a value, and the red mark of a
// wrong cell (a border on large cells, the whole cell on small ones).
func paintLook(c *Canvas, x0, y0, x1, y1 int, k cellLook, paint valuePainter) {
	if k.value < 0 {
		c.FillRect(x0, y0, x1, y1, Empty)
	} else {
		paint(c, x0, y0, x1, y1, k.value, k.fade)
	}
	if !k.wrong {
		return
	}
	if side := min(x1-x0, y1-y0); side >= 7 {
		c.StrokeRect(x0, y0, x1, y1, max(2, side/6), Bad)
	} else {
		c.FillRect(x0, y0, x1, y1, Bad)
	}
}

// sequence draws the answer cells in reading order, wrapped into rows: the
// prefix filling in, for parity, S5 and any family without its own board.
type sequence struct {
	paint  valuePainter
	legend string
}

// genericLegend describes the generic board.
const genericLegend = "each cell: one answer cell, coloured by its value"

func (b sequence) Legend() string { return b.legend }

// Paint draws the cells, wrong cells last so that they stay visible when
// cells share pixels.
func (b sequence) Paint(c *Canvas, s *Scene, l *LaneView, m Metrics) []Label {
	looks := answerLooks(l)
	g := FitWrapped(len(looks), c.W, c.H, 56*m.Scale)
	for _, pass := range []bool{false, true} {
		for i, k := range looks {
			if k.wrong == pass {
				x0, y0, x1, y1 := g.Cell(i%g.Cols, i/g.Cols)
				paintLook(c, x0, y0, x1, y1, k, b.paint)
			}
		}
	}
	return nil
}

func (sequence) NeedsHistory() bool { return false }

// Colours of the space-time diagram: rows not reached yet, dead and live cells.
var (
	unreached = color.RGBA{0x19, 0x1e, 0x29, 0xff}
	dead      = color.RGBA{0x30, 0x3a, 0x50, 0xff}
)

// spaceTime draws an automaton: time runs down, row 0 is the input, each
// recorded row sits at its family Clock and the last row is the lane's
// answer, with wrong cells marked once done.
type spaceTime struct{}

func (spaceTime) NeedsHistory() bool { return true }

func (spaceTime) Legend() string {
	return "time runs down from the input row; the last row is the answer"
}

func (spaceTime) Paint(c *Canvas, s *Scene, l *LaneView, m Metrics) []Label {
	cols := len(l.Frame.Answer)
	last := s.Size
	for _, r := range l.History {
		last = max(last, r.Clock)
	}
	if cols == 0 || last < 0 {
		return nil
	}
	g := FitTable(cols, last+1, c.W, c.H, 24*m.Scale, 2.5)
	x0, y0, _, _ := g.Cell(0, 0)
	_, _, x1, y1 := g.Cell(cols-1, last)
	c.FillRect(x0, y0, x1, y1, unreached)
	row := func(r int, values []int) {
		for i, v := range values[:min(len(values), cols)] {
			a, b, e, d := g.Cell(i, r)
			col := dead
			if v > 0 {
				col = Bit1
			} else if v < 0 {
				col = unreached
			}
			c.FillRect(a, b, e, d, col)
		}
	}
	if len(s.Input) == cols {
		row(0, s.Input)
	}
	for _, r := range l.History {
		if r.Clock >= 0 && r.Clock <= last {
			row(r.Clock, r.State)
		}
	}
	looks := answerLooks(l)
	for _, pass := range []bool{false, true} {
		for i, k := range looks {
			if k.wrong != pass || (k.value < 0 && !k.wrong) {
				continue
			}
			a, b, e, d := g.Cell(i, last)
			paintLook(c, a, b, e, d, k, func(c *Canvas, x0, y0, x1, y1, v int, fade float64) {
				col := dead
				if v > 0 {
					col = Bit1
				}
				c.FillRect(x0, y0, x1, y1, Mix(col, unreached, fade))
			})
		}
	}
	return nil
}

// square draws a square answer grid (Sudoku): digits on large cells,
// colours on small ones, the puzzle's clues (input cells ≥ 0) shaded and
// dimmer than the cells the machine filled, and lines between boxes. Cells
// hold 0..alphabet-1, shown as the digits 1..alphabet. A board whose cell
// count is not a square falls back to the wrapped sequence.
type square struct{}

func (square) NeedsHistory() bool { return false }

func (square) Legend() string {
	return "shaded digits are the clues; faint digits are guesses"
}

// clueShade is the background of a clue cell.
var clueShade = color.RGBA{0x33, 0x3c, 0x52, 0xff}

func (square) Paint(c *Canvas, s *Scene, l *LaneView, m Metrics) []Label {
	looks := answerLooks(l)
	side := isqrt(len(looks))
	if side == 0 || side*side != len(looks) {
		return sequence{paint: paintSymbol}.Paint(c, s, l, m)
	}
	clue := func(i int) bool { return len(s.Input) == len(looks) && s.Input[i] >= 0 }
	g := FitTable(side, side, c.W, c.H, 48*m.Scale, 1)
	digits := g.PW >= 12
	var labels []Label
	for i, k := range looks {
		a, b, e, d := g.Cell(i%side, i/side)
		if !digits {
			paintLook(c, a, b, e, d, k, paintSymbol)
			continue
		}
		bg := cellLook{value: -1, wrong: k.wrong}
		paintLook(c, a, b, e, d, bg, paintSymbol)
		fg := Mix(TextMain, Empty, k.fade)
		if clue(i) {
			c.FillRect(a, b, e, d, clueShade)
			fg = TextDim
		}
		if k.value >= 0 {
			labels = append(labels, Label{
				X: float64(a+e) / 2, Y: float64(b+d) / 2,
				Text: strconv.Itoa(k.value + 1), Size: g.PH * 0.6, Color: fg,
			})
		}
	}
	if box := isqrt(side); box*box == side && box > 1 {
		t := max(2, int(math.Round(2*m.Scale)))
		x0, y0, _, _ := g.Cell(0, 0)
		_, _, x1, y1 := g.Cell(side-1, side-1)
		for j := box; j < side; j += box {
			x, _, _, _ := g.Cell(j, 0)
			_, y, _, _ := g.Cell(0, j)
			c.FillRect(x-(t+g.Gap)/2, y0, x-(t+g.Gap)/2+t, y1, TextDim)
			c.FillRect(x0, y-(t+g.Gap)/2, x1, y-(t+g.Gap)/2+t, TextDim)
		}
	}
	return labels
}

// isqrt is the integer square root of n ≥ 0.
func isqrt(n int) int {
	r := int(math.Sqrt(float64(n)))
	for r*r > n {
		r--
	}
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}
