package sudoku

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/depthrace/depthrace/assets"
	"github.com/depthrace/depthrace/core/machine"
)

// Puzzle is a 9×9 grid in reading order: -1 for a blank, 0..8 for the
// digits 1..9 (the machines' answer cells use the same values).
type Puzzle [Cells]int8

// String writes the puzzle as one 81-character line, '.' for a blank.
func (p Puzzle) String() string {
	var b strings.Builder
	for _, v := range p {
		if v < 0 {
			b.WriteByte('.')
		} else {
			b.WriteByte('1' + byte(v))
		}
	}
	return b.String()
}

// Set is a parsed puzzle set: every puzzle checked to have exactly one
// solution, kept with the line it came from.
type Set struct {
	Name    string // the bundled name, or the path the file came from
	puzzles []Puzzle
	lines   []int

	mu        sync.Mutex
	solutions map[int][]int // reference answers solved so far, by index
}

// Len is the number of puzzles; a sweep's instances are the indices 0..Len()-1.
func (s *Set) Len() int { return len(s.puzzles) }

// Puzzle returns puzzle i.
func (s *Set) Puzzle(i int) Puzzle { return s.puzzles[i] }

// solution returns the reference answer of puzzle i: its unique solution as
// answer cells, found by the plain solver once and then kept.
func (s *Set) solution(i int) ([]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ref, ok := s.solutions[i]; ok {
		return ref, nil
	}
	count, sols, ok := solve(&s.puzzles[i], 1)
	if count != 1 || !ok {
		return nil, fmt.Errorf("sudoku: set %q line %d: the reference solver found no solution", s.Name, s.lines[i])
	}
	if s.solutions == nil {
		s.solutions = map[int][]int{}
	}
	ref := cellsOf(&sols[0])
	s.solutions[i] = ref
	return ref, nil
}

// Line returns the line of the file that puzzle i came from (1-based).
func (s *Set) Line(i int) int { return s.lines[i] }

// Pick resolves spec.Index: a puzzle index within the set, or, when it is
// negative, one drawn from spec.Seed.
func (s *Set) Pick(spec machine.InstanceSpec) (int, error) {
	if spec.Index >= len(s.puzzles) {
		return 0, fmt.Errorf("sudoku: index %d out of range 0..%d for set %q", spec.Index, len(s.puzzles)-1, s.Name)
	}
	if spec.Index >= 0 {
		return spec.Index, nil
	}
	return rand.New(rand.NewPCG(spec.Seed, 0x5d0c)).IntN(len(s.puzzles)), nil
}

// DefaultSet is the bundled set used when a spec names none.
const DefaultSet = "easy"

// bundled maps the set names to their files in assets/sudoku, in display order.
var bundled = []struct{ name, file string }{
	{"easy", "easy_singles_200.txt"},
	{"clue17", "clue17_500.txt"},
	{"hard", "hard_top1465_200.txt"},
	{"extreme", "extreme_forum_hardest_1905_11plus_200.txt"},
}

// SetNames lists the bundled sets, from easy to extreme.
func SetNames() []string {
	names := make([]string, len(bundled))
	for i, b := range bundled {
		names[i] = b.name
	}
	return names
}

// IsBundled reports whether name is a bundled set rather than a file path.
func IsBundled(name string) bool {
	for _, b := range bundled {
		if b.name == name {
			return true
		}
	}
	return false
}

// loaded caches the bundled sets: each is parsed and checked once.
var loaded = map[string]func() (*Set, error){}

func init() {
	for _, b := range bundled {
		loaded[b.name] = sync.OnceValues(func() (*Set, error) {
			data, err := assets.Sudoku.ReadFile("sudoku/" + b.file)
			if err != nil {
				return nil, err
			}
			s, err := ParseSet(data)
			if err != nil {
				return nil, fmt.Errorf("bundled set %s: %w", b.name, err)
			}
			s.Name = b.name
			return s, nil
		})
	}
}

// lastFile caches the last file set loaded, so that a sweep generating one
// instance after another parses and checks the file once.
var lastFile struct {
	sync.Mutex
	name string
	data []byte
	set  *Set
}

// LoadSet returns the set a spec selects: spec.SetData parsed when it is
// not nil (Set is then the file's path, for messages), else the bundled set
// spec.Set names, or DefaultSet when Set is empty. Sets are shared and must
// not be changed.
func LoadSet(spec machine.InstanceSpec) (*Set, error) {
	if spec.SetData != nil {
		lastFile.Lock()
		defer lastFile.Unlock()
		if lastFile.set != nil && lastFile.name == spec.Set && bytes.Equal(lastFile.data, spec.SetData) {
			return lastFile.set, nil
		}
		s, err := ParseSet(spec.SetData)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Set, err)
		}
		s.Name = spec.Set
		lastFile.name, lastFile.data, lastFile.set = spec.Set, bytes.Clone(spec.SetData), s
		return s, nil
	}
	name := spec.Set
	if name == "" {
		name = DefaultSet
	}
	load, ok := loaded[name]
	if !ok {
		return nil, fmt.Errorf("sudoku: unknown set %q (allowed: %s, or a file path)", name, strings.Join(SetNames(), ", "))
	}
	return load()
}

// ParseError is a malformed puzzle line, with the 1-based line and column
// (in characters) of the first fault.
type ParseError struct {
	Line, Col int
	Msg       string
}

// Error reads like "line 3, column 17: '7' repeats in column 5".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// ErrEmpty is returned for a set without a single puzzle line.
var ErrEmpty = errors.New("the set holds no puzzles")

// ParseSet reads a puzzle set: one 81-character puzzle a line, '.' or '0'
// for a blank, with blank lines and '#' comments allowed. It refuses the
// whole set at the first malformed line (wrong length, foreign character,
// a digit repeated in a row, column or box, no solution, or more than one
// solution) with a *ParseError naming line and column.
func ParseSet(data []byte) (*Set, error) {
	s := &Set{}
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimRight(string(raw), " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		p, err := parseLine(line)
		if err == nil {
			err = checkUnique(&p)
		}
		if err != nil {
			err.Line = n + 1
			return nil, err
		}
		s.puzzles = append(s.puzzles, p)
		s.lines = append(s.lines, n+1)
	}
	if len(s.puzzles) == 0 {
		return nil, ErrEmpty
	}
	return s, nil
}

// parseLine reads the cells of one puzzle line and refuses clashing clues.
func parseLine(line string) (Puzzle, *ParseError) {
	var p Puzzle
	var row, col, box [9]uint16
	i := 0
	for _, r := range line {
		if i == Cells {
			return p, &ParseError{Col: i + 1, Msg: "line is longer than 81 cells"}
		}
		switch {
		case r == '.' || r == '0':
			p[i] = -1
		case r >= '1' && r <= '9':
			v := int8(r - '1')
			bit := uint16(1) << v
			rr, cc, bb := i/9, i%9, i/27*3+i%9/3
			for _, u := range [3]struct {
				mask *uint16
				kind string
				num  int
			}{{&row[rr], "row", rr}, {&col[cc], "column", cc}, {&box[bb], "box", bb}} {
				if *u.mask&bit != 0 {
					return p, &ParseError{Col: i + 1, Msg: fmt.Sprintf("'%c' repeats in %s %d", r, u.kind, u.num+1)}
				}
				*u.mask |= bit
			}
			p[i] = v
		default:
			return p, &ParseError{Col: i + 1, Msg: fmt.Sprintf("foreign character %q (allowed: 1-9, '.' or '0' for a blank)", r)}
		}
		i++
	}
	if i < Cells {
		return p, &ParseError{Col: i + 1, Msg: fmt.Sprintf("line ends after %d cells; a puzzle has 81", i)}
	}
	return p, nil
}

// checkUnique searches for two solutions: the puzzle is kept only if it has
// exactly one. A second solution is reported at the first cell where the two
// differ.
func checkUnique(p *Puzzle) *ParseError {
	count, sols, ok := countSolutions(p, 2)
	switch {
	case !ok:
		return &ParseError{Col: 1, Msg: fmt.Sprintf("gave up: checking for a unique solution took more than %d search steps", searchBudget)}
	case count == 0:
		return &ParseError{Col: 1, Msg: "no solution"}
	case count > 1:
		for i := range sols[0] {
			if sols[0][i] != sols[1][i] {
				return &ParseError{Col: i + 1, Msg: fmt.Sprintf("not unique: this cell can be %d or %d", sols[0][i]+1, sols[1][i]+1)}
			}
		}
	}
	return nil
}
