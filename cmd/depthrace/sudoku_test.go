package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const easyPuzzle = "..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3..\n"

// writeSet writes a set file in a temporary folder and returns its path.
func writeSet(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "set.txt")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSudokuRaceJSON(t *testing.T) {
	rep := raceJSON(t, "--family", "sudoku", "--set", "hard", "--index", "3")
	if rep.Family != "sudoku" || rep.Set != "hard" || rep.Index != 3 || len(rep.Lanes) != 3 {
		t.Fatalf("report %+v", rep)
	}
	deep := rep.Lanes[1]
	if deep["model"] != "deep" || deep["exact"] != true {
		t.Errorf("deep lane %v: the loop solves every puzzle", deep)
	}
	for _, k := range []string{"guesses", "backtracks"} {
		if _, ok := deep[k]; !ok {
			t.Errorf("deep lane lacks %q: %v", k, deep)
		}
	}
}

func TestSudokuFlags(t *testing.T) {
	bad := writeSet(t, easyPuzzle+"..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3x.\n")
	two := writeSet(t, "# two\n"+easyPuzzle+"\n"+easyPuzzle)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"race", "--family", "sudoku", "--size", "64"}, "--size 64: does not apply to sudoku (it picks puzzles with --set and --index)"},
		{[]string{"sweep", "--family", "sudoku", "--size", "64"}, "--size 64: does not apply to sudoku"},
		{[]string{"race", "--family", "sudoku", "--set", "nope"}, "--set nope: neither a bundled set (easy, clue17, hard, extreme) nor a readable file"},
		{[]string{"race", "--family", "sudoku", "--set", bad}, "--set " + bad + ": line 2, column 80"},
		{[]string{"sweep", "--family", "sudoku", "--set", bad}, "--set " + bad + ": line 2, column 80"},
		{[]string{"race", "--family", "sudoku", "--set", "easy", "--index", "200"}, "--index 200: must be -1..199"},
		{[]string{"race", "--family", "sudoku", "--set", two, "--index", "2"}, "--index 2: must be -1..1"},
		{[]string{"sweep", "--family", "sudoku", "--set", "easy", "--instances", "201"}, "--instances 201: must be 1..200 (the set has 200 puzzles)"},
	}
	for _, tt := range tests {
		code, out, errs := call(tt.args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "depthrace: "+tt.want) {
			t.Errorf("%v: status %d, stderr %q; want status 2 and one line starting %q", tt.args, code, errs, "depthrace: "+tt.want)
		}
	}
	code, out, errs := call("sweep", "--family", "sudoku", "--set", two, "--models", "deep", "--per-instance")
	if code != 0 || !strings.Contains(out, "\nsudoku,0,deep,0,0,0,1,1,") || !strings.Contains(out, "\nsudoku,1,deep,0,0,0,1,1,") || strings.Count(out, "\n") != 3 {
		t.Errorf("sweep over a two-puzzle file: status %d, stderr %q, output:\n%s", code, errs, out)
	}
}
