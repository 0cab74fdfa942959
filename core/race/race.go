// Package race runs races (every lane of one link on the same instance) and
// sweeps (many instances and parameter lists, summarized per setting). The
// command line and the page both call it, so they print the same numbers.
package race

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/registry"
)

// Report is the outcome of one race. Its JSON is DESIGN's contract:
// {family, size, seed, lanes:[…]}, plus set and index for set families.
type Report struct {
	Family string
	Size   int // 0 for families without sizes
	Seed   uint64
	Set    string // set families only
	Index  int    // set families only: the puzzle raced (drawn from Seed when Params.Index is -1)
	Lanes  []LaneReport
}

// LaneReport is one machine's run in a race. Depth, Width and Steps are
// normalized: deep reports depth and steps 0, wide steps 0.
type LaneReport struct {
	Model        machine.Model
	Depth        int
	Width        int
	Steps        int
	Mode         machine.Mode // diffusion only
	SerialSteps  int
	Work         int64
	Exact        bool
	CellAccuracy float64
	// SolvedAt is the first serial step whose answer equalled the reference, or -1.
	SolvedAt int
	// WallNS is the wall time of the run alone, measured around machine.Batch;
	// it is the only number that changes from run to run.
	WallNS   int64
	Counters []machine.Counter // extra tallies, e.g. the sudoku loop's guesses and backtracks
}

// Race runs every lane of p on the instance p picks, one lane after the
// other, and reports each. setData holds a set file's contents when p.Set is
// a path, else nil. It stops with ctx's error when ctx is cancelled.
func Race(ctx context.Context, p params.Params, setData []byte) (Report, error) {
	f, inst, err := p.Instance(setData)
	if err != nil {
		return Report{}, err
	}
	info := f.Info()
	rep := Report{Family: info.Name, Size: p.Size, Seed: p.Seed}
	if params.BundledSets(p.Family) != nil {
		// Report the puzzle raced, also when p.Index asks for one drawn from the seed.
		if rep.Index, err = params.Puzzle(p, setData); err != nil {
			return Report{}, err
		}
		rep.Set = p.Set
	}
	for _, lane := range p.LaneConfigs() {
		start := time.Now()
		res, err := machine.Batch(ctx, inst, lane, p.Seed)
		wall := time.Since(start)
		if err != nil {
			return Report{}, err
		}
		rep.Lanes = append(rep.Lanes, LaneReport{
			Model: lane.Model, Depth: lane.Depth, Width: lane.Width, Steps: lane.Steps, Mode: lane.Mode,
			SerialSteps: res.SerialSteps, Work: res.Work, Exact: res.Exact, CellAccuracy: res.CellAccuracy,
			SolvedAt: res.SolvedAt, WallNS: wall.Nanoseconds(), Counters: res.Counters,
		})
	}
	return rep, nil
}

// MarshalJSON writes the contract's keys in order; extra keys (set, index,
// and per lane mode, solved_at and counters) only follow them.
func (r Report) MarshalJSON() ([]byte, error) {
	o := object{{"family", r.Family}, {"size", r.Size}, {"seed", r.Seed}}
	if r.Set != "" {
		o = append(o, field{"set", r.Set}, field{"index", r.Index})
	}
	lanes := make([]object, len(r.Lanes))
	for i, l := range r.Lanes {
		lanes[i] = l.object()
	}
	return append(o, field{"lanes", lanes}).MarshalJSON()
}

// object is the lane's JSON object.
func (l LaneReport) object() object {
	o := object{
		{"model", string(l.Model)}, {"depth", l.Depth}, {"width", l.Width}, {"steps", l.Steps},
		{"serial_steps", l.SerialSteps}, {"work", l.Work}, {"exact", l.Exact},
		{"cell_accuracy", l.CellAccuracy}, {"wall_ns", l.WallNS},
	}
	if l.Model == machine.Diffusion {
		o = append(o, field{"mode", string(l.Mode)})
	}
	o = append(o, field{"solved_at", l.SolvedAt})
	for _, c := range l.Counters {
		o = append(o, field{c.Name, c.Value})
	}
	return o
}

// WriteText writes the race as a readable table under a line naming the
// instance and the family's badge (class and claim).
func (r Report) WriteText(w io.Writer) error {
	head := fmt.Sprintf("%s · size %d · seed %d", r.Family, r.Size, r.Seed)
	if r.Set != "" {
		head = fmt.Sprintf("%s · set %s · puzzle %d · seed %d", r.Family, r.Set, r.Index, r.Seed)
	}
	badge := ""
	if f, err := registry.Lookup(r.Family); err == nil {
		badge = f.Info().Badge()
	}
	if _, err := fmt.Fprintf(w, "%s\n%s\n\n", head, badge); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tdepth\twidth\tsteps\tserial steps\twork\texact\tcell accuracy\tsolved at\twall")
	for _, l := range r.Lanes {
		model := string(l.Model)
		if l.Mode != "" {
			model += " (" + string(l.Mode) + ")"
		}
		exact := "no"
		if l.Exact {
			exact = "yes"
		}
		extra := ""
		for _, c := range l.Counters {
			extra += fmt.Sprintf(", %s %d", c.Name, c.Value)
		}
		if extra != "" {
			extra = " (" + extra[2:] + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%s%s\n", model, l.Depth, l.Width, l.Steps,
			l.SerialSteps, l.Work, exact, FormatFloat(l.CellAccuracy), l.SolvedAt,
			time.Duration(l.WallNS).Round(time.Microsecond), extra)
	}
	return tw.Flush()
}
