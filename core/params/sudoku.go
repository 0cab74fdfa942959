package params

import (
	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/sudoku"
)

func init() { setFamilies["sudoku"] = sudokuSets{} }

// sudokuSets adapts core/sudoku's set functions to setSource.
type sudokuSets struct{}

func (sudokuSets) SetNames() []string { return sudoku.SetNames() }

func (sudokuSets) load(name string, data []byte) (*sudoku.Set, error) {
	if data != nil {
		return sudoku.ParseSet(data) // its errors name the line and the column
	}
	return sudoku.LoadSet(machine.InstanceSpec{Set: name})
}

func (s sudokuSets) SetLen(name string, data []byte) (int, error) {
	set, err := s.load(name, data)
	if err != nil {
		return 0, err
	}
	return set.Len(), nil
}

func (s sudokuSets) Pick(spec machine.InstanceSpec) (int, error) {
	set, err := s.load(spec.Set, spec.SetData)
	if err != nil {
		return 0, err
	}
	return set.Pick(spec)
}
