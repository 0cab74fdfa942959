package render

import "testing"

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0, 1}, {-3, 1}, {0.3, 0.5}, {1, 1}, {1.2, 2}, {3, 5}, {7, 10}, {64, 100}, {130, 200}, {4096, 5000},
	} {
		if got := NiceCeil(c.in); got != c.want {
			t.Errorf("NiceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestPanelBounds(t *testing.T) {
	p := Panel{YMax: 1, Series: []Series{{Points: []Point{{1, 0.2}, {8, 0.9}}}, {Points: []Point{{2, 0.5}}}}}
	if x0, x1, y0, y1 := p.Bounds(); x0 != 1 || x1 != 8 || y0 != 0 || y1 != 1 {
		t.Errorf("accuracy panel bounds %v %v %v %v", x0, x1, y0, y1)
	}
	// Without YMax the top is the largest value, rounded up.
	p = Panel{Series: []Series{{Points: []Point{{8, 8}, {128, 128}}}}}
	if _, _, _, y1 := p.Bounds(); y1 != 200 {
		t.Errorf("serial steps panel top %v, want 200", y1)
	}
	// One x value still gives a range to draw on; no points give the unit square.
	p = Panel{LogX: true, Series: []Series{{Points: []Point{{16, 3}}}}}
	if x0, x1, _, _ := p.Bounds(); !(x0 > 0 && x0 < 16 && x1 > 16) {
		t.Errorf("single point on a log axis: x from %v to %v", x0, x1)
	}
	if x0, x1, y0, y1 := (Panel{}).Bounds(); x0 != 0 || x1 != 1 || y0 != 0 || y1 != 1 {
		t.Errorf("empty panel bounds %v %v %v %v", x0, x1, y0, y1)
	}
}
