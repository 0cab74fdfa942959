package race

import (
	"context"
	"io"
	"testing"
)

// BenchmarkSweepS5 is the lead's timing command, in-process:
// depthrace sweep --family s5 --size 64 --depth 4..8 --models wide,deep --instances 100 --format csv
func BenchmarkSweepS5(b *testing.B) {
	s, err := ParseSpec(map[string]string{"family": "s5", "size": "64", "depth": "4..8", "models": "wide,deep", "instances": "100"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rows, err := Sweep(context.Background(), s, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Table(rows).WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
