package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
)

// checkPlotPath accepts a --plot file ending in .png or .svg.
func checkPlotPath(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".svg":
		return nil
	}
	return &params.ValueError{Key: "plot", Given: path, Reason: "must be a file ending in .png or .svg"}
}

// axis is one sweep list a plot can put on its x axis.
type axis struct {
	name string
	vals []int
	of   func(race.Row) int
	// applies reports whether the lane varies along the axis; lanes that do
	// not (deep along depth, wide along steps) are drawn flat across it.
	applies func(machine.Model) bool
}

// writePlot draws exact and cell accuracy against the first list the sweep
// varies (depth, then size, width, steps), one series per model and
// setting of the other lists.
func writePlot(path string, spec race.Spec, rows []race.Row) error {
	all := func(machine.Model) bool { return true }
	axes := []axis{
		{"depth", spec.Depths, func(r race.Row) int { return r.Lane.Depth }, func(m machine.Model) bool { return m != machine.Deep }},
		{"size", spec.Sizes, func(r race.Row) int { return r.Size }, all},
		{"width", spec.Widths, func(r race.Row) int { return r.Lane.Width }, all},
		{"steps", spec.Steps, func(r race.Row) int { return r.Lane.Steps }, func(m machine.Model) bool { return m == machine.Diffusion }},
	}
	x := axes[0]
	for _, a := range axes {
		if len(a.vals) > 1 {
			x = a
			break
		}
	}
	var names []string
	series := map[string]plotter.XYs{}
	for _, r := range rows {
		name := seriesName(r, x.name, axes)
		if _, ok := series[name]; !ok {
			names = append(names, name)
		}
		if x.applies(r.Lane.Model) {
			series[name] = append(series[name], plotter.XY{X: float64(x.of(r)), Y: r.ExactAccuracy})
			series[name+" (cells)"] = append(series[name+" (cells)"], plotter.XY{X: float64(x.of(r)), Y: r.CellAccuracy})
			continue
		}
		for _, v := range x.vals { // flat: the lane does not depend on x
			series[name] = append(series[name], plotter.XY{X: float64(v), Y: r.ExactAccuracy})
			series[name+" (cells)"] = append(series[name+" (cells)"], plotter.XY{X: float64(v), Y: r.CellAccuracy})
		}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: accuracy against %s (%d instances)", spec.Family, x.name, spec.Instances)
	p.X.Label.Text = x.name
	p.Y.Label.Text = "exact accuracy (cells: cell accuracy)"
	p.Y.Min, p.Y.Max = 0, 1.05
	p.Legend.Top = false
	var lines []any
	for _, n := range names {
		lines = append(lines, n, series[n], n+" (cells)", series[n+" (cells)"])
	}
	if err := plotutil.AddLinePoints(p, lines...); err != nil {
		return err
	}
	return p.Save(8*vg.Inch, 5*vg.Inch, path)
}

// seriesName names a row's series: its model and its values of the lists
// that vary, other than the x axis.
func seriesName(r race.Row, x string, axes []axis) string {
	name := string(r.Lane.Model)
	for _, a := range axes {
		if a.name != x && len(a.vals) > 1 && a.applies(r.Lane.Model) {
			name += fmt.Sprintf(" %s=%d", a.name, a.of(r))
		}
	}
	return name
}
