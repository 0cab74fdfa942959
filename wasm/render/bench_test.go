package render

import (
	"fmt"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// BenchmarkPaintBoard measures repainting one lane's board at the size it
// has at 1280×800: the cost a frame pays when a lane's state changed.
func BenchmarkPaintBoard(b *testing.B) {
	m := MetricsFor(1280, 800, 1)
	for _, c := range []struct {
		family string
		n      int
	}{{"s5", 64}, {"s5", 65536}, {"parity", 4096}} {
		answer := make([]int, c.n)
		for i := range answer {
			answer[i] = (i * 7) % 120
			if c.family == "parity" {
				answer[i] &= 1
			}
		}
		l := &LaneView{Frame: machine.Frame{Answer: answer}}
		board := BoardFor(c.family, 120)
		canvas := NewCanvas(400, 470)
		b.Run(fmt.Sprintf("%s/n=%d", c.family, c.n), func(b *testing.B) {
			for b.Loop() {
				canvas.Resize(400, 470)
				board.Paint(canvas, &Scene{}, l, m)
			}
		})
	}
}
