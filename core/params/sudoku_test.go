package params

import (
	"slices"
	"strings"
	"testing"
)

func TestSudokuLinks(t *testing.T) {
	p, ns := ParseHash("#family=sudoku")
	if len(ns) > 0 || p.Set != "easy" || p.Index != 0 || p.Size != 0 {
		t.Fatalf("family=sudoku: %+v %v, want set easy, index 0, no size", p, ns)
	}
	want := "v=1&family=sudoku&seed=1&width=0&depth=6&steps=32&mode=score&lanes=wide,deep,diffusion&set=easy&index=0"
	if got := p.Hash(); got != want {
		t.Errorf("Hash() = %q, want %q", got, want)
	}
	tests := []struct {
		hash     string
		set      string
		index    int
		noticeOn []string
	}{
		{"family=sudoku&size=64", "easy", 0, []string{"size"}},
		{"family=sudoku&set=easy&index=7", "easy", 7, nil},
		{"family=sudoku&index=999", "easy", 199, []string{"index"}},
		{"family=sudoku&set=nope&index=3", "easy", 3, []string{"set"}},
		{"family=sudoku&index=-1", "easy", -1, nil},
		{"family=sudoku&index=-2", "easy", -1, []string{"index"}},
		{"family=sudoku&set=..%2Fetc%2Fpasswd", "easy", 0, []string{"set"}},
	}
	for _, tt := range tests {
		p, ns := ParseHash(tt.hash)
		var keys []string
		for _, n := range ns {
			keys = append(keys, n.Key)
		}
		if p.Set != tt.set || p.Index != tt.index || !slices.Equal(keys, tt.noticeOn) {
			t.Errorf("ParseHash(%q) = set %q index %d notices %v; want %q %d on %v", tt.hash, p.Set, p.Index, ns, tt.set, tt.index, tt.noticeOn)
		}
		if again, more := ParseHash(p.Hash()); len(more) > 0 || !equal(again, p) {
			t.Errorf("%q: hash %q does not re-parse cleanly: %v", tt.hash, p.Hash(), more)
		}
	}
}

func TestSudokuSetFilesAndPuzzles(t *testing.T) {
	const puzzle = "..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3..\n"
	p, ns := FromValues(map[string]string{"family": "sudoku", "set": "my.txt", "index": "1"}, []byte("# two puzzles\n"+puzzle+"\n"+puzzle))
	if len(ns) > 0 || p.Set != "my.txt" || p.Index != 1 {
		t.Fatalf("set file: %+v %v", p, ns)
	}
	_, ns = FromValues(map[string]string{"family": "sudoku", "set": "bad.txt"}, []byte(puzzle+"12x\n"))
	if len(ns) != 1 || ns[0].Key != "set" || ns[0].Err().Error() != "--set bad.txt: "+ns[0].Reason || !strings.Contains(ns[0].Reason, "line 2, column") {
		t.Errorf("malformed set file: notices %v, want one naming line 2 and a column", ns)
	}
	p.Index = -1
	a, err := Puzzle(p, []byte(puzzle+puzzle+puzzle))
	b, _ := Puzzle(p, []byte(puzzle+puzzle+puzzle))
	if err != nil || a < 0 || a > 2 || a != b {
		t.Errorf("Puzzle drawn from the seed = %d, %d, %v: want the same index in 0..2", a, b, err)
	}
}
