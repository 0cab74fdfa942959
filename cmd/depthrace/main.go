// Command depthrace races a wide fixed-depth net, a deep recurrent loop and
// diffusion on the same puzzle (race), sweeps them over sizes and parameter
// lists (sweep), and serves the built playground (serve). It is a thin
// adapter: parsing, validation and the numbers all come from core.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// usage is the help text: the command-line contract of DESIGN.md.
const usage = `usage:
  depthrace race  --family F [--size N] [--seed S] [--set NAME|PATH] [--index I]
                  [--depth D] [--width W] [--steps K] [--mode score|commit] [--format text|json]
  depthrace sweep --family F [--size LIST] [--depth LIST] [--width LIST] [--steps LIST]
                  [--mode score|commit] [--models wide,deep,diffusion] [--instances M]
                  [--seed S] [--set NAME|PATH] [--per-instance] [--format csv|json]
                  [--plot FILE.png|FILE.svg]
  depthrace serve [--addr 127.0.0.1:8080] [--dir DIR]
  depthrace help

--set and --index pick a puzzle of a set family (sudoku): a bundled set's
name or a file with one 81-character puzzle per line; --index -1 draws one
from --seed. A sweep's instance i is puzzle i of the set.
--per-instance prints one row per instance and lane; its rows have no size
column, so it takes a single size.
--plot also draws exact and cell accuracy against the first list that
varies (depth, size, width, steps).
LIST is a, a,b,c or a..b. In a..b values step by 1; sizes and widths double
instead when b/a > 16: a, 2a, 4a, ..., then b (a width range from 0 goes
0, 1, 2, 4, ...). Lists are sorted and repeats dropped.
`

// run is the whole command, in-process for tests: it returns the exit
// status (0 ok, 1 failure while running, 2 bad command line).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "race":
		return runRace(args[1:], stdout, stderr)
	case "sweep":
		return runSweep(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "depthrace: unknown command %q (allowed: race, sweep, serve, help)\n", args[0])
	return 2
}

// fail prints one line for a bad command line and returns status 2.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "depthrace: %s\n", strings.TrimSpace(err.Error()))
	return 2
}
