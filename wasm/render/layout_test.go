package render

import (
	"fmt"
	"testing"
)

// cellsInside checks that every cell of g lies within w×h and that cells
// of a grid with whole pitches never overlap.
func cellsInside(t *testing.T, g Grid, n, w, h int) {
	t.Helper()
	seen := map[[2]int]bool{}
	for i := range n {
		x0, y0, x1, y1 := g.Cell(i%g.Cols, i/g.Cols)
		if x0 < 0 || y0 < 0 || x1 > w || y1 > h || x0 >= x1 || y0 >= y1 {
			t.Fatalf("cell %d = [%d,%d)×[%d,%d) is outside %d×%d or empty (grid %+v)", i, x0, x1, y0, y1, w, h, g)
		}
		if g.PW >= 1 && g.PH >= 1 {
			if seen[[2]int{x0, y0}] {
				t.Fatalf("cell %d overlaps another at (%d,%d)", i, x0, y0)
			}
			seen[[2]int{x0, y0}] = true
		}
	}
}

func TestFitWrappedFitsAndFillsEveryCell(t *testing.T) {
	for _, c := range []struct{ n, w, h int }{
		{1, 400, 300}, {64, 400, 460}, {128, 230, 200}, {1000, 300, 200}, {65536, 220, 150}, {65536, 800, 600}, {7, 5, 5},
	} {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			g := FitWrapped(c.n, c.w, c.h, 56)
			if g.Cols*g.Rows < c.n {
				t.Fatalf("grid %d×%d holds fewer than %d cells", g.Cols, g.Rows, c.n)
			}
			if g.PW > 56 {
				t.Errorf("pitch %v exceeds the cap 56", g.PW)
			}
			cellsInside(t, g, c.n, c.w, c.h)
		})
	}
}

func TestFitWrappedPrefersFullRows(t *testing.T) {
	// 64 cells in 290×370: 8 columns of 36 px fill an 8×8 square; 7 columns
	// would allow 37 px but leave a lonely cell in a tenth row.
	g := FitWrapped(64, 290, 370, 56)
	if g.Cols != 8 || g.Rows != 8 || g.PW != 36 {
		t.Errorf("grid %d×%d at %v px, want 8×8 at 36", g.Cols, g.Rows, g.PW)
	}
	// With room to spare the cap decides the pitch.
	if g := FitWrapped(4, 1000, 1000, 56); g.PW != 56 {
		t.Errorf("pitch %v, want the cap 56", g.PW)
	}
}

func TestFitTableStretchesOnlyWithinBounds(t *testing.T) {
	for _, c := range []struct{ cols, rows, w, h int }{
		{97, 49, 400, 460}, {8193, 4097, 400, 460}, {129, 65, 230, 180}, {9, 9, 300, 300},
	} {
		for _, stretch := range []float64{1, 2.5} {
			g := FitTable(c.cols, c.rows, c.w, c.h, 24, stretch)
			if g.Width() > c.w || g.Height() > c.h {
				t.Errorf("%v stretch %v: grid %d×%d px exceeds %d×%d", c, stretch, g.Width(), g.Height(), c.w, c.h)
			}
			if g.PH > g.PW*stretch+1e-9 && g.PW >= 2 {
				t.Errorf("%v: cell height %v exceeds %v× its width %v", c, g.PH, stretch, g.PW)
			}
			_, _, x1, y1 := g.Cell(c.cols-1, c.rows-1)
			if x1 > c.w || y1 > c.h {
				t.Errorf("%v: last cell ends at (%d,%d), outside %d×%d", c, x1, y1, c.w, c.h)
			}
		}
	}
}

func TestLayoutKeepsLanesApartAndOnScreen(t *testing.T) {
	for _, size := range [][2]float64{{1280, 800}, {720, 450}} {
		for _, dpr := range []float64{1, 2} {
			for n := 1; n <= 3; n++ {
				w, h := size[0]*dpr, size[1]*dpr
				m := MetricsFor(size[0], size[1], dpr)
				lay := Layout(w, h, n, m)
				if len(lay.Lanes) != n {
					t.Fatalf("%v dpr %v: %d lanes laid out, want %d", size, dpr, len(lay.Lanes), n)
				}
				for i, l := range lay.Lanes {
					for _, r := range []Rect{l.Title, l.Arch, l.Board, l.Counters, l.Verdict} {
						if r.X < l.Panel.X || r.Y < l.Panel.Y || r.X+r.W > l.Panel.X+l.Panel.W+1e-9 || r.Y+r.H > l.Panel.Y+l.Panel.H+1e-9 {
							t.Errorf("%v dpr %v lane %d: part %+v leaves its panel %+v", size, dpr, i, r, l.Panel)
						}
					}
					if l.Board.H < 0.3*l.Panel.H {
						t.Errorf("%v dpr %v lane %d: board only %v of %v px high", size, dpr, i, l.Board.H, l.Panel.H)
					}
					if i > 0 && lay.Lanes[i-1].Panel.X+lay.Lanes[i-1].Panel.W > l.Panel.X {
						t.Errorf("lanes %d and %d overlap", i-1, i)
					}
					if l.Panel.Y < lay.Header.Y+lay.Header.H {
						t.Errorf("lane %d overlaps the header", i)
					}
				}
				if last := lay.Lanes[n-1].Panel; last.X+last.W > w || last.Y+last.H > h {
					t.Errorf("%v dpr %v: last lane %+v leaves the %vx%v screen", size, dpr, last, w, h)
				}
			}
		}
	}
}

func TestMetricsScaleWithDevicePixels(t *testing.T) {
	a, b := MetricsFor(1280, 800, 1), MetricsFor(1280, 800, 2)
	if b.Body != 2*a.Body || b.Pad != 2*a.Pad {
		t.Errorf("dpr 2 body %v pad %v, want twice %v and %v", b.Body, b.Pad, a.Body, a.Pad)
	}
	small := MetricsFor(720, 450, 1)
	if small.Body >= a.Body || small.Body < 0.85*a.Body-1e-9 {
		t.Errorf("720×450 body %v: want smaller than %v but at least 0.85 of it", small.Body, a.Body)
	}
	if bad := MetricsFor(1280, 800, 0); bad.Body != a.Body {
		t.Errorf("dpr 0 should count as 1: body %v, want %v", bad.Body, a.Body)
	}
}

func TestLayerBoxes(t *testing.T) {
	r := Rect{10, 0, 300, 50}
	for _, d := range []int{1, 6, 64, 200} {
		bs := LayerBoxes(r, d)
		if len(bs) != d {
			t.Fatalf("depth %d: %d boxes", d, len(bs))
		}
		if bs[0].X != r.X || bs[d-1].X+bs[d-1].W > r.X+r.W+1e-9 {
			t.Errorf("depth %d: boxes span %v..%v, want within %v..%v", d, bs[0].X, bs[d-1].X+bs[d-1].W, r.X, r.X+r.W)
		}
		for i := 1; i < d; i++ {
			if bs[i].X < bs[i-1].X+bs[i-1].W-1e-9 {
				t.Errorf("depth %d: boxes %d and %d overlap", d, i-1, i)
			}
		}
	}
	if LayerBoxes(r, 0) != nil {
		t.Error("depth 0 should give no boxes")
	}
}

func TestSignatureChangesWithWhatIsDrawn(t *testing.T) {
	base := Scene{Tick: 3, Lanes: []LaneView{{Version: 10}, {Version: 11}}}
	same := base
	if fmt.Sprint(base.Signature()) != fmt.Sprint(same.Signature()) {
		t.Fatal("equal scenes differ")
	}
	for name, change := range map[string]func(*Scene){
		"tick":     func(s *Scene) { s.Tick++ },
		"playing":  func(s *Scene) { s.Playing = true },
		"finished": func(s *Scene) { s.Finished = true },
		"frame":    func(s *Scene) { s.Lanes = []LaneView{{Version: 10}, {Version: 12}} },
		"lanes":    func(s *Scene) { s.Lanes = s.Lanes[:1] },
	} {
		s := base
		change(&s)
		if fmt.Sprint(s.Signature()) == fmt.Sprint(base.Signature()) {
			t.Errorf("a change of %s keeps the signature", name)
		}
	}
}
