package render

import (
	"image/color"
	"slices"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/s5"
)

func TestS5CardsMatchesTheFamilysNumbering(t *testing.T) {
	// Decode each prefix symbol of real instances, compose the decoded
	// permutations by hand, and check the family's sequential reference.
	for seed := range uint64(5) {
		inst, err := s5.Family{}.Generate(machine.InstanceSpec{Size: 40, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		in, ref := inst.Input(), inst.Reference()
		cards := func(sym int) [5]int { // cards[x]: position of card x
			deck, ok := S5Cards(sym)
			if !ok {
				t.Fatalf("symbol %d did not decode", sym)
			}
			var c [5]int
			for pos, x := range deck {
				c[x] = pos
			}
			return c
		}
		for i := 1; i < len(in); i++ {
			prev, move, got := cards(ref[i-1]), cards(in[i]), cards(ref[i])
			for x := range prev {
				if want := move[prev[x]]; got[x] != want {
					t.Fatalf("seed %d item %d: card %d at %d, want %d", seed, i, x, got[x], want)
				}
			}
		}
	}
}

func TestS5CardsIsABijection(t *testing.T) {
	seen := map[[5]int]bool{}
	for sym := range 120 {
		deck, ok := S5Cards(sym)
		if !ok {
			t.Fatalf("symbol %d refused", sym)
		}
		sorted := deck
		slices.Sort(sorted[:])
		if sorted != [5]int{0, 1, 2, 3, 4} {
			t.Fatalf("symbol %d: deck %v is not a permutation", sym, deck)
		}
		seen[deck] = true
	}
	if len(seen) != 120 {
		t.Errorf("%d distinct decks, want 120", len(seen))
	}
	for _, bad := range []int{-1, 120, 1 << 40} {
		if _, ok := S5Cards(bad); ok {
			t.Errorf("symbol %d accepted", bad)
		}
	}
}

func TestCanvasClipsAndStrokes(t *testing.T) {
	c := NewCanvas(10, 8)
	c.FillRect(-5, -5, 3, 2, Bit1)
	if c.At(0, 0) != Bit1 || c.At(2, 1) != Bit1 || c.At(3, 1) != (Background0) || c.At(2, 2) != Background0 {
		t.Errorf("FillRect clipped wrongly: %v %v %v %v", c.At(0, 0), c.At(2, 1), c.At(3, 1), c.At(2, 2))
	}
	c.FillRect(8, 6, 100, 100, Bad) // clipped to the corner, no panic
	if c.At(9, 7) != Bad {
		t.Error("clipped fill missed the corner")
	}
	c.Resize(10, 10)
	c.StrokeRect(0, 0, 10, 10, 2, Bad)
	if c.At(1, 5) != Bad || c.At(2, 5) != Background0 || c.At(5, 8) != Bad {
		t.Error("StrokeRect border wrong")
	}
	c.Resize(-3, 4)
	if c.W != 0 || len(c.Pix) != 0 {
		t.Errorf("negative size gave %d×%d with %d bytes", c.W, c.H, len(c.Pix))
	}
}

// Background0 is a pixel nothing was painted on.
var Background0 = color.RGBA{}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0"}, {9999, "9999"}, {12345, "12.3k"}, {456789, "457k"}, {1200000, "1.20M"}, {-12345, "-12.3k"}} {
		if got := FormatCount(c.n); got != c.want {
			t.Errorf("FormatCount(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		ms   float64
		want string
	}{{0.25, "250 µs"}, {3.14159, "3.14 ms"}, {250, "250 ms"}, {12345, "12.3 s"}, {-1, "–"}, {0, "< 0.1 ms"}} {
		if got := FormatMs(c.ms); got != c.want {
			t.Errorf("FormatMs(%v) = %q, want %q", c.ms, got, c.want)
		}
	}
	if got := FormatPct(0.515625); got != "51.6%" {
		t.Errorf("FormatPct = %q", got)
	}
	if WidthLabel(0) != "∞" || WidthLabel(16) != "16" {
		t.Error("WidthLabel")
	}
}

func TestFitTextCutsWithEllipsis(t *testing.T) {
	width := func(s string) float64 { return float64(len([]rune(s))) } // one unit per rune
	if got := fitText("hello world", 0, width); got != "hello world" {
		t.Errorf("no limit: %q", got)
	}
	if got := fitText("hello world", 11, width); got != "hello world" {
		t.Errorf("fits exactly: %q", got)
	}
	if got := fitText("hello world", 6, width); got != "hello…" {
		t.Errorf("cut: %q", got)
	}
	if got := fitText("σσσσ", 3, width); got != "σσ…" {
		t.Errorf("runes: %q", got)
	}
	if got := fitText("hello", 0.5, width); got != "" {
		t.Errorf("nothing fits: %q", got)
	}
}

// lane builds a lane view with the given answer, done or not.
func lane(answer []int, done bool, final, wrong []int) *LaneView {
	return &LaneView{Frame: machine.Frame{Answer: answer}, Done: done, Final: final, Wrong: wrong}
}

func TestSequenceBoardDrawsValuesGapsAndWrongCells(t *testing.T) {
	m := MetricsFor(1280, 800, 1)
	b := BoardFor("parity", 2)
	c := NewCanvas(200, 100)
	// Four cells: 1, 0, undetermined, and a 1 that turns out wrong.
	l := lane([]int{1, 0, -1, 1}, true, []int{1, 0, 1, 1}, []int{3})
	b.Paint(c, &Scene{}, l, m)
	g := FitWrapped(4, 200, 100, 56)
	centre := func(i int) (int, int) {
		x0, y0, x1, y1 := g.Cell(i%g.Cols, i/g.Cols)
		return (x0 + x1) / 2, (y0 + y1) / 2
	}
	if x, y := centre(0); c.At(x, y) != Bit1 {
		t.Errorf("cell 0 (a 1) is %v, want %v", c.At(x, y), Bit1)
	}
	if x, y := centre(1); c.At(x, y) != Bit0 {
		t.Errorf("cell 1 (a 0) is %v, want %v", c.At(x, y), Bit0)
	}
	if x, y := centre(2); c.At(x, y) != Mix(Bit1, Empty, 0.6) {
		t.Errorf("cell 2 (a guess, once done) is %v, want a faded 1", c.At(x, y))
	}
	x0, y0, _, _ := g.Cell(3%g.Cols, 3/g.Cols)
	if c.At(x0, y0) != Bad {
		t.Errorf("wrong cell's border is %v, want %v", c.At(x0, y0), Bad)
	}
	if x, y := centre(3); c.At(x, y) != Bit1 {
		t.Errorf("wrong cell keeps its value inside: %v", c.At(x, y))
	}
	// Before the lane is done nothing is marked and undetermined cells are empty.
	c.Resize(200, 100)
	b.Paint(c, &Scene{}, lane([]int{1, 0, -1, 1}, false, nil, nil), m)
	if x, y := centre(2); c.At(x, y) != Empty {
		t.Errorf("undetermined cell is %v, want %v", c.At(x, y), Empty)
	}
	if c.At(x0, y0) == Bad {
		t.Error("a running lane marks wrong cells")
	}
}

func TestTentativeCellsFadeWithConfidence(t *testing.T) {
	l := lane([]int{1, 1}, false, nil, nil)
	l.Frame.Conf = []float64{1, 0.2}
	looks := answerLooks(l)
	if looks[0].fade != 0 || looks[1].fade <= 0.5 {
		t.Errorf("fades %v, %v: want 0 for a sure cell and more than 0.5 at confidence 0.2", looks[0].fade, looks[1].fade)
	}
}

func TestPermCellsShowTheDeck(t *testing.T) {
	c := NewCanvas(60, 20)
	paintPerm(c, 0, 0, 50, 20, 0, 0) // symbol 0: the identity, deck 0 1 2 3 4
	for k := range 5 {
		if got := c.At(k*10+5, 10); got != CardColor(k) {
			t.Errorf("stripe %d is %v, want card %d's colour", k, got, k)
		}
	}
	paintPerm(c, 0, 0, 8, 20, 7, 0) // too narrow: one colour per symbol
	if c.At(4, 10) != SymbolColor(7) {
		t.Errorf("narrow cell is %v, want the symbol colour", c.At(4, 10))
	}
}

func TestSpaceTimeDrawsRowsAtTheirClock(t *testing.T) {
	m := MetricsFor(1280, 800, 1)
	b := BoardFor("rule90", 2)
	if !b.NeedsHistory() {
		t.Fatal("the automata board must ask for history")
	}
	s := &Scene{Size: 2, Input: []int{0, 0, 1, 0, 0}}
	l := lane([]int{1, 0, 0, 0, 1}, false, nil, nil)
	l.History = []Row{{Clock: 1, State: []int{0, 1, 0, 1, 0}}}
	c := NewCanvas(100, 60)
	b.Paint(c, s, l, m)
	g := FitTable(5, 3, 100, 60, 24*m.Scale, 2.5)
	at := func(col, row int) any {
		x0, y0, x1, y1 := g.Cell(col, row)
		return c.At((x0+x1)/2, (y0+y1)/2)
	}
	for _, p := range []struct {
		col, row int
		want     any
	}{{2, 0, Bit1}, {0, 0, dead}, {1, 1, Bit1}, {2, 1, dead}, {0, 2, Bit1}, {2, 2, dead}} {
		if got := at(p.col, p.row); got != p.want {
			t.Errorf("cell (%d, t=%d) is %v, want %v", p.col, p.row, got, p.want)
		}
	}
}

func TestBoardForFallsBackToTheGenericBoard(t *testing.T) {
	for _, name := range []string{"parity", "s5", "rule90", "rule110", "sudoku"} {
		if _, ok := boards[name]; !ok {
			t.Errorf("family %s has no board", name)
		}
	}
	b := BoardFor("a-family-added-later", 7)
	if b.NeedsHistory() || b.Legend() != genericLegend {
		t.Error("an unknown family should get the generic board")
	}
	c := NewCanvas(50, 50)
	b.Paint(c, &Scene{}, lane([]int{3, -1, 6}, false, nil, nil), MetricsFor(1280, 800, 1))
	g := FitWrapped(3, 50, 50, 56)
	x0, y0, x1, y1 := g.Cell(0, 0)
	if c.At((x0+x1)/2, (y0+y1)/2) != SymbolColor(3) {
		t.Error("the generic board should colour a cell by its value")
	}
}

func TestSquareBoardWritesDigitsAndShadesClues(t *testing.T) {
	answer := make([]int, 81)
	input := make([]int, 81)
	for i := range answer {
		answer[i], input[i] = -1, -1
	}
	answer[0], answer[80] = 4, 8
	input[0] = 4 // cell 0 is a clue; cell 80 was filled by the machine
	c := NewCanvas(400, 400)
	m := MetricsFor(1280, 800, 1)
	labels := BoardFor("sudoku", 9).Paint(c, &Scene{Input: input}, lane(answer, false, nil, nil), m)
	if len(labels) != 2 || labels[0].Text != "5" || labels[1].Text != "9" {
		t.Fatalf("labels %+v, want the digits 5 and 9 (cells hold 0..8)", labels)
	}
	if labels[0].Color != TextDim || labels[1].Color != TextMain {
		t.Errorf("clue digit %v and filled digit %v: want dim and bright", labels[0].Color, labels[1].Color)
	}
	g := FitTable(9, 9, 400, 400, 48*m.Scale, 1)
	x0, y0, x1, y1 := g.Cell(0, 0)
	if got := c.At((x0+x1)/2, (y0+y1)/2); got != clueShade {
		t.Errorf("clue cell is %v, want shaded %v", got, clueShade)
	}
	// A box line runs between columns 2 and 3, and none between 1 and 2.
	_, _, e2, _ := g.Cell(2, 4)
	a3, y, _, _ := g.Cell(3, 4)
	_, _, e1, _ := g.Cell(1, 4)
	a2, _, _, _ := g.Cell(2, 4)
	if c.At((e2+a3)/2, y+3) != TextDim {
		t.Error("no box line between columns 2 and 3")
	}
	if c.At((e1+a2)/2, y+3) == TextDim {
		t.Error("a box line between columns 1 and 2")
	}
}

func TestSymbolColorsAreFixedAndDistinctForNeighbours(t *testing.T) {
	for s := range 119 {
		if SymbolColor(s) == SymbolColor(s+1) {
			t.Errorf("symbols %d and %d share a colour", s, s+1)
		}
		if SymbolColor(s) != SymbolColor(s) {
			t.Error("not deterministic")
		}
	}
	if SymbolColor(-1) != Empty {
		t.Error("an undetermined symbol should draw empty")
	}
}

func TestDiffusionShowsItsNoisySampleFaintly(t *testing.T) {
	l := lane([]int{-1, 1}, false, nil, nil)
	l.Lane.Model = machine.Diffusion
	l.Frame.State = []int{0, 0}
	looks := answerLooks(l)
	if looks[0].value != 0 || looks[0].fade < 0.6 {
		t.Errorf("undetermined diffusion cell %+v: want its sample value, faint", looks[0])
	}
	if looks[1].value != 1 || looks[1].fade != 0 {
		t.Errorf("predicted cell %+v: want its prediction, sure", looks[1])
	}
	l.Lane.Model = machine.Wide
	if got := answerLooks(l)[0]; got.value != -1 {
		t.Errorf("a wide lane's undetermined cell shows %+v, want empty", got)
	}
}
