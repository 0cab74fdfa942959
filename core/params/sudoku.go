package params

import (
	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/sudoku"
)

func init() { setFamilies["sudoku"] = sudokuSets{} }

// sudokuSets adapts core/sudoku's set functions to setSource.
type sudokuSets struct{}

// SetNames lists the bundled sets, easy first.
func (sudokuSets) SetNames() []string { return sudoku.SetNames() }

// load parses a set file's contents, or returns a bundled set.
func (sudokuSets) load(name string, data []byte) (*sudoku.Set, error) {
	if data != nil {
		return sudoku.ParseSet(data) // its errors name the line and the column
	}
	return sudoku.LoadSet(machine.InstanceSpec{Set: name})
}

// SetLen counts a set's puzzles.
func (s sudokuSets) SetLen(name string, data []byte) (int, error) {
	set, err := s.load(name, data)
	if err != nil {
		return 0, err
	}
	return set.Len(), nil
}

// Pick resolves spec.Index with the set's own rule.
func (s sudokuSets) Pick(spec machine.InstanceSpec) (int, error) {
	set, err := s.load(spec.Set, spec.SetData)
	if err != nil {
		return 0, err
	}
	return set.Pick(spec)
}
