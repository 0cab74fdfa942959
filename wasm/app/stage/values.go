package stage

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/depthrace/depthrace/core/race"
	"github.com/depthrace/depthrace/core/registry"
)

// The bridge hands JavaScript plain values: map[string]any, []any, strings,
// bools, ints and float64s, which syscall/js converts as they are. These
// builders are pure, so their shape is tested natively.

// State is the page hook's state() object: {v, ready, params, notices,
// tick, finished, frames, workers, lanes}, plus playing and speed for the
// host's controls, a failed lane's error, and sweep: the sweep view's
// {done, total, panels}, or null while the race shows. frames is the
// number of frames drawn and workers the Web Workers in use (0: the main
// thread).
func (s *Stage) State(frames, workers int) map[string]any {
	lanes := make([]any, 0, len(s.lanes))
	for _, l := range s.lanes {
		r := l.Result()
		lane := map[string]any{
			"model":        string(r.Lane.Model),
			"serialSteps":  r.SerialSteps,
			"work":         float64(r.Work),
			"done":         l.Done(),
			"exact":        r.Exact,
			"cellAccuracy": r.CellAccuracy,
			"wallMs":       l.WallMs(),
		}
		if f, ok := l.(interface{ Err() string }); ok && f.Err() != "" {
			lane["error"] = f.Err()
		}
		lanes = append(lanes, lane)
	}
	out := map[string]any{
		"v": 1, "ready": true, "params": s.ParamsObject(), "notices": anyStrings(s.notices),
		"tick": s.tick, "finished": s.Finished(), "frames": frames, "workers": workers,
		"lanes": lanes, "playing": s.playing, "speed": s.p.Speed, "sweep": nil,
	}
	if c := s.curves; c != nil {
		out["sweep"] = map[string]any{"done": c.Done, "total": c.Total, "panels": len(c.Panels)}
	}
	return out
}

// ParamsObject is the normalized parameters under the link's keys.
func (s *Stage) ParamsObject() map[string]any {
	out := map[string]any{}
	for _, f := range s.p.Fields() {
		switch v := f.Value.(type) {
		case []string:
			out[f.Key] = anyStrings(v)
		default:
			out[f.Key] = v
		}
	}
	return out
}

// anyStrings converts a string slice to the []any that syscall/js accepts.
func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Families lists every family for the host's controls, in display order:
// {name, title, twin, badge, explain, sizeName, minSize, maxSize, defaultSize}.
func Families() []any {
	var out []any
	for _, f := range registry.All() {
		i := f.Info()
		out = append(out, map[string]any{
			"name": i.Name, "title": i.Title, "twin": i.Twin, "badge": i.Badge(),
			"explain": i.Explain, "sizeName": i.SizeName, "minSize": i.MinSize,
			"maxSize": i.MaxSize, "defaultSize": i.DefaultSize,
		})
	}
	return out
}

// SpecValues turns a sweep spec from JavaScript into the command line's flag
// values: strings as given, whole numbers in decimal, booleans as
// true/false. Other values are errors naming the key; which keys are
// allowed is race.ParseSpec's business.
func SpecValues(spec map[string]any) (map[string]string, error) {
	keys := make([]string, 0, len(spec))
	for k := range spec {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the first bad key in a fixed order
	out := make(map[string]string, len(spec))
	for _, k := range keys {
		switch v := spec[k].(type) {
		case string:
			out[k] = v
		case bool:
			out[k] = strconv.FormatBool(v)
		case float64:
			if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
				return nil, fmt.Errorf("sweep spec: %s=%v is not a whole number", k, v)
			}
			out[k] = strconv.FormatInt(int64(v), 10)
		case int:
			out[k] = strconv.Itoa(v)
		default:
			return nil, fmt.Errorf("sweep spec: %s has a value of type %T; give a string, a number or a boolean", k, v)
		}
	}
	return out, nil
}

// Sweep runs the sweep a page's spec describes, exactly as the command
// line's `sweep` does, and returns its table: the CSV columns (per instance
// with "per-instance": true) and rows of plain values. progress, if not nil,
// is called after each job.
func Sweep(ctx context.Context, spec map[string]any, progress func(done, total int)) (race.Table, error) {
	values, err := SpecValues(spec)
	if err != nil {
		return race.Table{}, err
	}
	sp, err := race.ParseSpec(values)
	if err != nil {
		return race.Table{}, fmt.Errorf("sweep spec: %w", err)
	}
	rows, err := race.Sweep(ctx, sp, progress)
	if err != nil {
		return race.Table{}, err
	}
	return plainTable(sp.Table(rows)), nil
}

// plainTable converts a table's 64-bit integers to float64, as JavaScript
// holds numbers; strings, ints and float64s stay as they are.
func plainTable(t race.Table) race.Table {
	out := race.Table{Columns: t.Columns, Rows: make([][]any, len(t.Rows))}
	for i, row := range t.Rows {
		r := make([]any, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case int64:
				v = float64(x)
			case uint64:
				v = float64(x)
			}
			r[j] = v
		}
		out.Rows[i] = r
	}
	return out
}
