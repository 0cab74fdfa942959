// Package registry lists every puzzle family by name, in display order, so
// the command line, the links and the page all know the same families.
package registry

import (
	"fmt"
	"strings"

	"github.com/depthrace/depthrace/core/automaton"
	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/parity"
	"github.com/depthrace/depthrace/core/s5"
	"github.com/depthrace/depthrace/core/sudoku"
)

// families in display order: each family sits next to its twin.
var families = []machine.Family{
	parity.Family{},
	s5.Family{},
	automaton.Rule90{},
	automaton.Rule110{},
	sudoku.Family{},
}

// All returns every family in display order.
func All() []machine.Family { return families }

// Names returns the family names in display order.
func Names() []string {
	names := make([]string, len(families))
	for i, f := range families {
		names[i] = f.Info().Name
	}
	return names
}

// Lookup finds a family by name.
func Lookup(name string) (machine.Family, error) {
	for _, f := range families {
		if f.Info().Name == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("unknown family %q (allowed: %s)", name, strings.Join(Names(), ", "))
}
