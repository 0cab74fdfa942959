package main

import (
	"context"
	"fmt"
	"io"

	"github.com/depthrace/depthrace/core/race"
)

// runSweep implements `depthrace sweep`.
func runSweep(args []string, stdout, stderr io.Writer) int {
	values, err := parseFlags(args, append(race.SpecKeys, "format", "plot"), []string{"per-instance"})
	if err == errHelp {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		return fail(stderr, err)
	}
	form, err := format(values, "csv", "json")
	if err != nil {
		return fail(stderr, err)
	}
	plotPath, wantPlot := values["plot"]
	delete(values, "plot")
	if wantPlot {
		if err := checkPlotPath(plotPath); err != nil {
			return fail(stderr, err)
		}
	}
	data, err := setFile(values)
	if err != nil {
		return fail(stderr, err)
	}
	spec, err := race.ParseSpecData(values, data)
	if err != nil {
		return fail(stderr, err)
	}
	rows, err := race.Sweep(context.Background(), spec, nil)
	if err != nil {
		fmt.Fprintf(stderr, "depthrace: %v\n", err)
		return 1
	}
	if wantPlot {
		if err := writePlot(plotPath, spec, race.Summarize(rows)); err != nil {
			fmt.Fprintf(stderr, "depthrace: --plot %s: %v\n", plotPath, err)
			return 1
		}
	}
	t := spec.Table(rows)
	if form == "json" {
		err = t.WriteJSON(stdout)
	} else {
		err = t.WriteCSV(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "depthrace: %v\n", err)
		return 1
	}
	return 0
}
