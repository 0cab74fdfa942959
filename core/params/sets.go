package params

import (
	"slices"
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/registry"
)

// setSource is what a family whose puzzles come from sets rather than from a
// size and a seed offers (sudoku): the link and the command line pick a set
// by name, or by file on the command line, and a puzzle by index.
type setSource interface {
	// SetNames lists the bundled sets, the default first.
	SetNames() []string
	// SetLen parses a set, bundled by name (data nil) or read from a file
	// (data holds its contents), and counts its puzzles. Parse errors name the
	// line and the column.
	SetLen(name string, data []byte) (int, error)
	// Pick resolves spec.Index to a puzzle of the set: itself, or when it
	// is negative, one drawn from spec.Seed.
	Pick(spec machine.InstanceSpec) (int, error)
}

// setFamilies maps the families with puzzle sets to their set handling,
// filled by the adapters (sudoku.go): the only family-specific part of params.
var setFamilies = map[string]setSource{}

// setsOf returns f's set handling, if it has sets.
func setsOf(f machine.Family) (setSource, bool) {
	s, ok := setFamilies[f.Info().Name]
	return s, ok
}

// BundledSets lists the bundled sets of family, or nil when the family does
// not pick puzzles from sets (or is unknown).
func BundledSets(family string) []string {
	f, err := registry.Lookup(family)
	if err != nil {
		return nil
	}
	if s, ok := setsOf(f); ok {
		return s.SetNames()
	}
	return nil
}

// SetLen counts the puzzles of a set of family: a bundled name (data nil) or
// a file's contents. It is the bound of index and of a sweep's instances.
func SetLen(family, name string, data []byte) (int, error) {
	f, err := registry.Lookup(family)
	if err != nil {
		return 0, err
	}
	s, ok := setsOf(f)
	if !ok {
		return 0, &ValueError{"set", name, "does not apply to " + family}
	}
	if data == nil && !slices.Contains(s.SetNames(), name) {
		return 0, &ValueError{"set", name, setAllowed(s)}
	}
	n, err := s.SetLen(name, data)
	if err != nil {
		return 0, &ValueError{"set", name, err.Error()}
	}
	if n < 1 {
		return 0, &ValueError{"set", name, "holds no puzzles"}
	}
	return n, nil
}

// setAllowed is the reason given for an unknown set.
func setAllowed(s setSource) string {
	return "unknown set (allowed: " + strings.Join(s.SetNames(), ", ") + ", or a file path on the command line)"
}

// set reads the set and index keys for a set family: an unknown or broken
// set falls back to def, an index outside the set to the nearest puzzle.
func (r *reader) set(s setSource, family, def string, data []byte) (string, int) {
	name := def
	n, _ := SetLen(family, def, nil)
	if given, ok := r.values["set"]; ok {
		if cnt, err := SetLen(family, given, data); err == nil {
			name, n = given, cnt
		} else {
			reason := err.Error()
			if ve, ok := err.(*ValueError); ok {
				reason = ve.Reason
			}
			r.notice("set", given, def, reason)
		}
	}
	return name, int(r.int("index", IndexRange(n), 0))
}

// IndexRange is the range of a puzzle index in a set of n puzzles: -1 asks
// for a puzzle drawn from the seed.
func IndexRange(n int) Range { return Range{-1, int64(max(n, 1)) - 1} }

// Puzzle is the puzzle index p races on in a set family: p.Index, or the
// puzzle drawn from p.Seed when p.Index is -1. setData is as for FromValues.
func Puzzle(p Params, setData []byte) (int, error) {
	f, err := registry.Lookup(p.Family)
	if err != nil {
		return 0, err
	}
	s, ok := setsOf(f)
	if !ok {
		return 0, &ValueError{"index", strconv.Itoa(p.Index), "does not apply to " + p.Family}
	}
	return s.Pick(p.InstanceSpec(setData))
}
