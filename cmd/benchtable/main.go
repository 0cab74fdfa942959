// Command benchtable turns `go test -bench` output, native and wasm, into the
// short table `make bench` prints: ns per unit of work, serial steps per
// second and, for the Sudoku sets, µs per puzzle on each platform, and the
// wasm/native ratio.
//
//	benchtable native.txt wasm.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

// metrics maps a benchmark name (without the -N CPU suffix) to its reported
// units, e.g. "ns/unit" → 15.2.
type metrics map[string]map[string]float64

// parse reads benchmark lines: a name, an iteration count, then value-unit pairs.
func parse(r io.Reader) (metrics, []string) {
	out, order := metrics{}, []string(nil)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		m := map[string]float64{}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				m[f[i+1]] = v
			}
		}
		if _, seen := out[name]; !seen {
			order = append(order, name)
		}
		out[name] = m
	}
	return out, order
}

func load(path string) (metrics, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	m, order := parse(f)
	return m, order, nil
}

// cell formats a metric, or a dash where the platform did not report it.
func cell(m map[string]float64, unit string) string {
	v, ok := m[unit]
	if !ok {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchtable NATIVE.txt WASM.txt")
		os.Exit(2)
	}
	native, order, err := load(os.Args[1])
	if err == nil && len(order) == 0 {
		err = fmt.Errorf("%s: no benchmark lines", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	wasm, _, err := load(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "benchmark\tns/unit native\tns/unit wasm\twasm/native\tsteps/s native\tsteps/s wasm\tµs/puzzle native\tµs/puzzle wasm\t")
	for _, name := range order {
		n, w := native[name], wasm[name]
		ratio := "-"
		if a, b := n["ns/op"], w["ns/op"]; a > 0 && b > 0 {
			ratio = strconv.FormatFloat(b/a, 'f', 2, 64) + "×"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, cell(n, "ns/unit"), cell(w, "ns/unit"), ratio,
			cell(n, "steps/s"), cell(w, "steps/s"), cell(n, "µs/puzzle"), cell(w, "µs/puzzle"))
	}
	tw.Flush()
}
