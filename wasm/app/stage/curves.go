package stage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/wasm/render"
)

// SweepRows is a sweep as far as it has gone: the instance rows the lane
// workers returned so far (race.InstanceRow, as core/wire carries them)
// and the instances done out of the total.
type SweepRows struct {
	Rows  []race.InstanceRow `json:"rows"`
	Done  int                `json:"done"`
	Total int                `json:"total"`
}

// curveVersions numbers sweep views, for render.Curves.Version.
var curveVersions atomic.Uint64

// CurvesFor summarizes the rows exactly as the command line's sweep does
// (race.Summarize) and lays each machine's rows out as one chart: exact and
// cell accuracy against depth for the wide net, mean serial steps against
// size for the loop, exact and cell accuracy against diffusion steps for
// diffusion. Settings other than the x axis that differ between rows (sizes,
// widths, modes, …) become separate series.
func CurvesFor(sr SweepRows) *render.Curves {
	c := &render.Curves{Done: sr.Done, Total: sr.Total, Version: curveVersions.Add(1)}
	summary := race.Summarize(sr.Rows)
	if len(summary) > 0 {
		c.Title = fmt.Sprintf("%s sweep · %d of %d instances", summary[0].Family, sr.Done, sr.Total)
	} else {
		c.Title = fmt.Sprintf("sweep · %d of %d instances", sr.Done, sr.Total)
	}
	for _, model := range machine.Models {
		var rows []race.Row
		for _, r := range summary {
			if r.Lane.Model == model {
				rows = append(rows, r)
			}
		}
		if len(rows) > 0 {
			c.Panels = append(c.Panels, panelFor(model, rows))
		}
	}
	return c
}

// axis is a setting a sweep row has: its label and how to read it.
type axis struct {
	name string
	of   func(race.Row) string
}

var axes = []axis{
	{"n", func(r race.Row) string { return fmt.Sprint(r.Size) }},
	{"D", func(r race.Row) string { return fmt.Sprint(r.Lane.Depth) }},
	{"W", func(r race.Row) string { return render.WidthLabel(r.Lane.Width) }},
	{"K", func(r race.Row) string { return fmt.Sprint(r.Lane.Steps) }},
	{"", func(r race.Row) string { return string(r.Lane.Mode) }},
}

// panelFor charts one machine's summary rows.
func panelFor(model machine.Model, rows []race.Row) render.Panel {
	p := render.Panel{Model: string(model), YMax: 1, YLabel: "accuracy"}
	x := func(r race.Row) float64 { return float64(r.Lane.Depth) }
	xAxis := "D"
	type metric struct {
		name string
		of   func(race.Row) float64
	}
	metrics := []metric{
		{"exact", func(r race.Row) float64 { return r.ExactAccuracy }},
		{"cells", func(r race.Row) float64 { return r.CellAccuracy }},
	}
	switch model {
	case machine.Wide:
		p.Title, p.XLabel = "Wide net: accuracy against depth", "depth D"
	case machine.Deep:
		p.Title, p.XLabel, p.YLabel, p.YMax, p.LogX = "Loop: serial steps against size", "size n", "serial steps (mean)", 0, true
		x, xAxis = func(r race.Row) float64 { return float64(r.Size) }, "n"
		metrics = []metric{{"serial steps", func(r race.Row) float64 { return r.SerialStepsMean }}}
	case machine.Diffusion:
		p.Title, p.XLabel, p.LogX = "Diffusion: accuracy against steps", "diffusion steps K", true
		x, xAxis = func(r race.Row) float64 { return float64(r.Lane.Steps) }, "K"
	}
	// Settings besides x that vary between rows name the series.
	var varying []axis
	for _, a := range axes {
		if a.name == xAxis {
			continue
		}
		for _, r := range rows[1:] {
			if a.of(r) != a.of(rows[0]) {
				varying = append(varying, a)
				break
			}
		}
	}
	key := func(r race.Row) string {
		parts := make([]string, 0, len(varying))
		for _, a := range varying {
			if a.name == "" {
				parts = append(parts, a.of(r))
			} else {
				parts = append(parts, a.name+"="+a.of(r))
			}
		}
		return strings.Join(parts, " ")
	}
	accent := render.ModelColor(string(model))
	index := map[string]int{}
	for _, m := range metrics {
		for _, r := range rows {
			name := strings.TrimSpace(m.name + " " + key(r))
			i, ok := index[name]
			if !ok {
				i = len(p.Series)
				index[name] = i
				p.Series = append(p.Series, render.Series{Name: name, Color: render.SeriesColor(accent, i)})
			}
			p.Series[i].Points = append(p.Series[i].Points, render.Point{X: x(r), Y: m.of(r)})
		}
	}
	for i := range p.Series {
		slices.SortStableFunc(p.Series[i].Points, func(a, b render.Point) int { return cmp.Compare(a.X, b.X) })
	}
	return p
}

// ShowSweep draws the sweep's curves instead of the race, from its rows so far.
func (s *Stage) ShowSweep(sr SweepRows) { s.curves = CurvesFor(sr) }

// HideSweep goes back to the race.
func (s *Stage) HideSweep() { s.curves = nil }

// SweepShown is the sweep view on the canvas: nil when the race shows.
func (s *Stage) SweepShown() *render.Curves { return s.curves }
