package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/race"
)

// raceKeys are race's flags.
var raceKeys = []string{"family", "size", "seed", "set", "index", "depth", "width", "steps", "mode", "format"}

// runRace implements `depthrace race`.
func runRace(args []string, stdout, stderr io.Writer) int {
	values, err := parseFlags(args, raceKeys, nil)
	if err == errHelp {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		return fail(stderr, err)
	}
	form, err := format(values, "text", "json")
	if err != nil {
		return fail(stderr, err)
	}
	if _, ok := values["family"]; !ok {
		return fail(stderr, params.ErrNoFamily())
	}
	data, err := setFile(values)
	if err != nil {
		return fail(stderr, err)
	}
	p, notices := params.FromValues(values, data)
	if len(notices) > 0 {
		return fail(stderr, notices[0].Err())
	}
	rep, err := race.Race(context.Background(), p, data)
	if err != nil {
		fmt.Fprintf(stderr, "depthrace: %v\n", err)
		return 1
	}
	if form == "json" {
		b, err := json.Marshal(rep)
		if err == nil {
			_, err = fmt.Fprintf(stdout, "%s\n", b)
		}
		if err != nil {
			fmt.Fprintf(stderr, "depthrace: %v\n", err)
			return 1
		}
		return 0
	}
	if err := rep.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "depthrace: %v\n", err)
		return 1
	}
	return 0
}
