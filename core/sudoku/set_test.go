package sudoku

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
)

// A puzzle with a unique solution (the first of the easy set) and its solution.
const (
	goodLine = "..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3.."
	goodSol  = "483921657967345821251876493548132976729564138136798245372689514814253769695417382"
)

// withCell returns line with the character at the 1-based column replaced.
func withCell(line string, col int, ch string) string {
	return line[:col-1] + ch + line[col:]
}

func TestParseSetAcceptsFormat(t *testing.T) {
	zeros := strings.ReplaceAll(goodLine, ".", "0")
	data := "# a comment\n\n   \n" + goodLine + "\r\n  # indented comment\n" + zeros + "  \n"
	s, err := ParseSet([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Line(0) != 4 || s.Line(1) != 6 {
		t.Fatalf("got %d puzzles at lines %d, %d; want 2 at lines 4 and 6", s.Len(), s.Line(0), s.Line(1))
	}
	for i := range s.Len() {
		if got := s.Puzzle(i).String(); got != goodLine {
			t.Errorf("puzzle %d reads back as %s", i, got)
		}
	}
}

func TestParseSetRefusesWithLineAndColumn(t *testing.T) {
	solved := goodSol
	for _, tc := range []struct {
		name      string
		line      string
		col       int
		msgSubstr string
	}{
		{"short", goodLine[:80], 81, "ends after 80 cells"},
		{"long", goodLine + "1", 82, "longer than 81"},
		{"foreign", withCell(goodLine, 17, "x"), 17, `foreign character 'x'`},
		{"foreign unicode", withCell(goodLine, 5, "é"), 5, `foreign character 'é'`},
		{"repeat in row", withCell(goodLine, 2, "3"), 3, "'3' repeats in row 1"},
		{"repeat in column", withCell(goodLine, 73, "9"), 73, "'9' repeats in column 1"},
		{"repeat in box", withCell(goodLine, 11, "3"), 11, "'3' repeats in box 1"},
		// Clearing every clue but those of a solved grid's first row leaves
		// a puzzle with many solutions: the cell named is the first where two differ.
		{"not unique", solved[:9] + strings.Repeat(".", 72), 0, "not unique"},
		// 1-8 in the first row and 9 in the last cell of the second box's
		// column block leave the first row's last cell without a digit.
		{"no solution", "12345678." + strings.Repeat(".", 17) + "9" + strings.Repeat(".", 54), 1, "no solution"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := "# header\n" + goodLine + "\n\n" + tc.line + "\n" + goodLine + "\n"
			_, err := ParseSet([]byte(data))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line != 4 || (tc.col > 0 && pe.Col != tc.col) || !strings.Contains(pe.Msg, tc.msgSubstr) {
				t.Fatalf("got %q, want line 4, column %d, %q", err, tc.col, tc.msgSubstr)
			}
			if !strings.HasPrefix(err.Error(), "line 4, column ") {
				t.Fatalf("message %q does not start with the line and column", err)
			}
		})
	}
}

func TestParseErrorFormat(t *testing.T) {
	e := &ParseError{Line: 3, Col: 17, Msg: "'7' repeats in column 5"}
	if got, want := e.Error(), "line 3, column 17: '7' repeats in column 5"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestNotUniqueNamesADifferingCell(t *testing.T) {
	for _, line := range []string{strings.Repeat(".", 81), goodSol[:9] + strings.Repeat(".", 72), goodLine[:60] + strings.Repeat(".", 21)} {
		_, err := ParseSet([]byte(line))
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "not unique") {
			t.Fatalf("%s: got %v, want not unique", line, err)
		}
		var a, b int
		if _, err := fmt.Sscanf(pe.Msg, "not unique: this cell can be %d or %d", &a, &b); err != nil || a == b {
			t.Fatalf("message %q: %v", pe.Msg, err)
		}
		p, _ := parseLine(line)
		for _, d := range []int{a, b} {
			q := p
			q[pe.Col-1] = int8(d - 1)
			if count, _, _ := solve(&q, 1); count != 1 {
				t.Errorf("%s: column %d cannot be %d after all", line, pe.Col, d)
			}
		}
	}
}

func TestParseSetEmpty(t *testing.T) {
	for _, data := range []string{"", "\n\n", "# only a comment\n"} {
		if _, err := ParseSet([]byte(data)); !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: got %v, want ErrEmpty", data, err)
		}
	}
}

func TestBundledSets(t *testing.T) {
	want := map[string]int{"easy": 200, "clue17": 500, "hard": 200, "extreme": 200}
	for _, name := range SetNames() {
		s, err := LoadSet(machine.InstanceSpec{Set: name})
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != want[name] || s.Name != name || !IsBundled(name) {
			t.Errorf("%s: %d puzzles, name %q; want %d", name, s.Len(), s.Name, want[name])
		}
	}
	if _, err := LoadSet(machine.InstanceSpec{Set: "medium"}); err == nil || !strings.Contains(err.Error(), "easy, clue17, hard, extreme") {
		t.Errorf("unknown set: got %v", err)
	}
	s, err := LoadSet(machine.InstanceSpec{})
	if err != nil || s.Name != DefaultSet {
		t.Errorf("default set: got %v, %v", s, err)
	}
	file, err := LoadSet(machine.InstanceSpec{Set: "my.txt", SetData: []byte(goodLine + "\n")})
	if err != nil || file.Len() != 1 || file.Name != "my.txt" {
		t.Errorf("file set: got %v, %v", file, err)
	}
	again, _ := LoadSet(machine.InstanceSpec{Set: "my.txt", SetData: []byte(goodLine + "\n")})
	other, _ := LoadSet(machine.InstanceSpec{Set: "my.txt", SetData: []byte(goodLine + "\n" + goodLine + "\n")})
	if again != file || other == file || other.Len() != 2 {
		t.Errorf("the file cache should hold the same file, and only it")
	}
	if _, err := LoadSet(machine.InstanceSpec{Set: "bad.txt", SetData: []byte("123\n")}); err == nil || !strings.HasPrefix(err.Error(), "bad.txt: line 1, column 4") {
		t.Errorf("bad file: got %v", err)
	}
}

func TestPick(t *testing.T) {
	s, err := LoadSet(machine.InstanceSpec{Set: "easy"})
	if err != nil {
		t.Fatal(err)
	}
	if i, err := s.Pick(machine.InstanceSpec{Index: 7}); i != 7 || err != nil {
		t.Errorf("index 7: got %d, %v", i, err)
	}
	if _, err := s.Pick(machine.InstanceSpec{Index: 200}); err == nil || !strings.Contains(err.Error(), "0..199") {
		t.Errorf("index 200: got %v", err)
	}
	seen := map[int]bool{}
	for seed := range uint64(50) {
		a, _ := s.Pick(machine.InstanceSpec{Index: -1, Seed: seed})
		b, _ := s.Pick(machine.InstanceSpec{Index: -1, Seed: seed})
		if a != b || a < 0 || a >= 200 {
			t.Fatalf("seed %d: picks %d and %d", seed, a, b)
		}
		seen[a] = true
	}
	if len(seen) < 30 {
		t.Errorf("50 seeds drew only %d distinct puzzles", len(seen))
	}
}

// TestUniquenessCheckAgreesWithPlainSolver removes clues from bundled puzzles
// and compares the parser's search (which shares the loop's engine) with the
// plain reference solver on how many solutions remain.
func TestUniquenessCheckAgreesWithPlainSolver(t *testing.T) {
	counts := map[int]int{}
	for _, name := range []string{"easy", "hard"} {
		s, _ := LoadSet(machine.InstanceSpec{Set: name})
		for i := 0; i < s.Len(); i += 10 {
			p := s.Puzzle(i)
			for drop, removed := i%7, 0; drop < Cells && removed < 3; drop += 13 {
				if p[drop] >= 0 {
					p[drop] = -1
					removed++
				}
			}
			want, wantSols, ok := solve(&p, 2)
			got, gotSols, ok2 := countSolutions(&p, 2)
			if !ok || !ok2 || got != want || gotSols[0] != wantSols[0] && want == 1 {
				t.Fatalf("%s %d: search found %d, plain solver %d", name, i, got, want)
			}
			counts[got]++
		}
	}
	if counts[1] == 0 || counts[2] == 0 {
		t.Fatalf("the sample should hold unique and non-unique puzzles: %v", counts)
	}
}

func FuzzParseSet(f *testing.F) {
	f.Add([]byte(goodLine + "\n"))
	f.Add([]byte("# c\n\n" + strings.ReplaceAll(goodLine, ".", "0") + "\r\n"))
	f.Add([]byte(goodLine[:80]))
	f.Add([]byte(withCell(goodLine, 2, "3")))
	f.Add([]byte(strings.Repeat(".", 81)))
	f.Add([]byte(goodSol))
	f.Add([]byte("12345678." + strings.Repeat(".", 17) + "9" + strings.Repeat(".", 54)))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSet(data)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				lines := strings.Count(string(data), "\n") + 1
				if pe.Line < 1 || pe.Line > lines || pe.Col < 1 || pe.Col > Cells+1 {
					t.Fatalf("error %q outside the input (%d lines)", err, lines)
				}
			} else if !errors.Is(err, ErrEmpty) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		for i := range s.Len() {
			p := s.Puzzle(i)
			again, err := ParseSet([]byte(p.String()))
			if err != nil || again.Puzzle(0) != p {
				t.Fatalf("puzzle %s does not read back: %v", p, err)
			}
			if count, _, ok := solve(&p, 2); ok && count != 1 {
				t.Fatalf("accepted %s, which the plain solver finds %d solutions for", p, count)
			}
		}
	})
}
