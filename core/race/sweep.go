package race

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/params"
	"github.com/depthrace/depthrace/core/registry"
)

// DefaultInstances is how many instances a sweep runs unless told: for set
// families, the first 20 puzzles (or the whole set when it is smaller).
const DefaultInstances = 20

// Columns is the summary header of `sweep --format csv`, exactly as DESIGN's
// contract sets it.
var Columns = []string{"family", "size", "model", "depth", "width", "steps", "instances",
	"exact_accuracy", "cell_accuracy", "serial_steps_mean", "work_mean"}

// InstanceColumns is the header of `sweep --per-instance`.
var InstanceColumns = []string{"family", "instance", "model", "depth", "width", "steps",
	"exact", "cell_accuracy", "serial_steps", "solved_at", "work"}

// SpecKeys are the keys ParseSpec takes: the command line's sweep flags.
var SpecKeys = []string{"family", "size", "depth", "width", "steps", "mode", "models", "instances", "seed", "set", "per-instance"}

// Spec is one sweep: every listed size, on Instances instances each, raced
// by every lane the lists make. Lists are sorted and free of repeats.
type Spec struct {
	Family    string
	Sizes     []int // [0] for families without sizes
	Depths    []int
	Widths    []int
	Steps     []int
	Mode      machine.Mode
	Models    []machine.Model // display order
	Instances int
	// Seed is the first instance's seed: instance i of a generated family
	// uses Seed+i. For set families instance i is puzzle i of the set, and
	// Seed+i fixes the machines' guesses.
	Seed        uint64
	Set         string // set families only: a bundled name, or a path whose contents are SetData
	SetData     []byte
	PerInstance bool
}

// ParseSpec reads a sweep from the command line's keys (SpecKeys, without
// the dashes), as the page's sweep(spec) passes them too. Missing keys take
// DESIGN's defaults (the family's default size, depth 6, width 0, steps 32,
// score, every model, 20 instances, seed 1). family is required. Errors are
// *params.ValueError, naming the flag, the value given and what is allowed.
func ParseSpec(values map[string]string) (Spec, error) { return ParseSpecData(values, nil) }

// ParseSpecData is ParseSpec for a set read from a file: values["set"] is
// the path and setData its contents.
func ParseSpecData(values map[string]string, setData []byte) (Spec, error) {
	var unknown []string
	for k := range values {
		if !slices.Contains(SpecKeys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return Spec{}, &params.ValueError{Key: unknown[0], Given: values[unknown[0]],
			Reason: "unknown flag (allowed: --" + strings.Join(SpecKeys, ", --") + ")"}
	}
	name, ok := values["family"]
	if !ok {
		return Spec{}, params.ErrNoFamily()
	}
	fam, err := registry.Lookup(name)
	if err != nil {
		return Spec{}, &params.ValueError{Key: "family", Given: name, Reason: params.FamilyAllowed()}
	}
	info := fam.Info()
	s := Spec{Family: info.Name, Sizes: []int{0}, Depths: []int{params.DefaultDepth},
		Widths: []int{params.DefaultWidth}, Steps: []int{params.DefaultSteps}, Mode: params.DefaultMode,
		Models: slices.Clone(machine.Models), Seed: params.DefaultSeed}
	get := func(key string, parse func(string) error) error {
		if v, ok := values[key]; ok {
			return parse(v)
		}
		return nil
	}
	list := func(key string, dst *[]int, r params.Range, doubling bool) func(string) error {
		return func(v string) (err error) {
			*dst, err = params.ParseList(key, v, r, doubling)
			return err
		}
	}
	if info.HasSize() {
		s.Sizes = []int{info.DefaultSize}
		err = get("size", list("size", &s.Sizes, params.SizeRange(info), true))
	} else if v, ok := values["size"]; ok {
		err = &params.ValueError{Key: "size", Given: v, Reason: params.NoSizeReason(info.Name)}
	}
	steps := []error{
		err,
		get("depth", list("depth", &s.Depths, params.DepthRange, false)),
		get("width", list("width", &s.Widths, params.WidthRange, true)),
		get("steps", list("steps", &s.Steps, params.StepsRange, false)),
		get("mode", func(v string) (err error) { s.Mode, err = params.ParseMode("mode", v); return err }),
		get("models", func(v string) (err error) { s.Models, err = params.ParseModels("models", v); return err }),
		get("seed", func(v string) (err error) { s.Seed, err = params.ParseSeed("seed", v); return err }),
		get("per-instance", func(v string) (err error) { s.PerInstance, err = params.ParseBool("per-instance", v); return err }),
	}
	for _, err := range steps {
		if err != nil {
			return Spec{}, err
		}
	}
	if err := s.parseInstances(values, setData); err != nil {
		return Spec{}, err
	}
	if s.PerInstance && len(s.Sizes) > 1 {
		return Spec{}, &params.ValueError{Key: "size", Given: values["size"],
			Reason: "--per-instance takes a single size (its rows have no size column)"}
	}
	return s, nil
}

// parseInstances reads set and instances, whose range depends on the set.
func (s *Spec) parseInstances(values map[string]string, setData []byte) error {
	limit := params.InstancesRange
	sets := params.BundledSets(s.Family)
	if sets != nil {
		s.Set = sets[0]
		if v, ok := values["set"]; ok {
			s.Set, s.SetData = v, setData
		}
		n, err := params.SetLen(s.Family, s.Set, s.SetData)
		if err != nil {
			return err
		}
		limit.Max = min(limit.Max, int64(n))
	} else if v, ok := values["set"]; ok {
		return &params.ValueError{Key: "set", Given: v, Reason: "does not apply to " + s.Family + " (only families with puzzle sets take it)"}
	}
	s.Instances = int(min(DefaultInstances, limit.Max))
	if v, ok := values["instances"]; ok {
		n, err := params.ParseInt("instances", v, limit)
		var ve *params.ValueError
		if errors.As(err, &ve) && sets != nil {
			ve.Reason += fmt.Sprintf(" (the set has %d puzzles)", limit.Max)
		}
		if err != nil {
			return err
		}
		s.Instances = n
	}
	if sets == nil && s.Seed+uint64(s.Instances)-1 > params.MaxSeed {
		return &params.ValueError{Key: "seed", Given: strconv.FormatUint(s.Seed, 10),
			Reason: fmt.Sprintf("seed + instances - 1 must stay within %d", uint64(params.MaxSeed))}
	}
	return nil
}

// Lanes lists every lane configuration the sweep races, in summary order:
// wide over depths × widths, deep over widths, diffusion over depths ×
// widths × steps.
func (s Spec) Lanes() []machine.Lane {
	var out []machine.Lane
	for _, m := range s.Models {
		for _, d := range s.Depths {
			for _, w := range s.Widths {
				for _, k := range s.Steps {
					out = append(out, machine.Lane{Model: m, Depth: d, Width: w, Steps: k, Mode: s.Mode}.Normalized())
				}
			}
		}
	}
	// Normalizing drops depth and steps from deep and steps from wide, so
	// those lanes repeat: sort and keep one of each.
	slices.SortFunc(out, compareLanes)
	return slices.Compact(out)
}

// Job is one instance at one size, raced by every lane of the sweep. Jobs
// are independent: Web Workers can run any subset of spec.Jobs() and
// Summarize gives the same rows whatever the order or the sharding.
type Job struct {
	Family   string
	Size     int
	Instance uint64 // the instance column: the seed used, or the puzzle index
	Seed     uint64 // fixes the machines' guesses
	Spec     machine.InstanceSpec
	Lanes    []machine.Lane
}

// Jobs lists the sweep's jobs, by size then instance.
func (s Spec) Jobs() []Job {
	lanes := s.Lanes()
	sets := params.BundledSets(s.Family) != nil
	jobs := make([]Job, 0, len(s.Sizes)*s.Instances)
	for _, size := range s.Sizes {
		for i := range s.Instances {
			seed := s.Seed + uint64(i)
			j := Job{Family: s.Family, Size: size, Instance: seed, Seed: seed, Lanes: lanes,
				Spec: machine.InstanceSpec{Size: size, Seed: seed}}
			if sets {
				j.Instance = uint64(i)
				j.Spec = machine.InstanceSpec{Seed: seed, Set: s.Set, SetData: s.SetData, Index: i}
			}
			jobs = append(jobs, j)
		}
	}
	return jobs
}

// InstanceRow is one lane's run on one instance: a `--per-instance` row.
type InstanceRow struct {
	Family      string
	Size        int
	Instance    uint64
	Lane        machine.Lane
	Exact       bool
	Cells       int // answer cells
	Correct     int // answer cells right
	SerialSteps int
	SolvedAt    int
	Work        int64
}

// CellAccuracy is the fraction of answer cells right.
func (r InstanceRow) CellAccuracy() float64 {
	if r.Cells == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.Cells)
}

// Values returns the row under InstanceColumns, numbers as numbers.
func (r InstanceRow) Values() []any {
	exact := 0
	if r.Exact {
		exact = 1
	}
	return []any{r.Family, r.Instance, string(r.Lane.Model), r.Lane.Depth, r.Lane.Width, r.Lane.Steps,
		exact, Round(r.CellAccuracy()), r.SerialSteps, r.SolvedAt, r.Work}
}

// RunJob generates the job's instance and races every lane on it.
func RunJob(ctx context.Context, j Job) ([]InstanceRow, error) {
	f, err := registry.Lookup(j.Family)
	if err != nil {
		return nil, err
	}
	inst, err := f.Generate(j.Spec)
	if err != nil {
		return nil, err
	}
	rows := make([]InstanceRow, 0, len(j.Lanes))
	for _, lane := range j.Lanes {
		res, err := machine.Batch(ctx, inst, lane, j.Seed)
		if err != nil {
			return nil, err
		}
		rows = append(rows, InstanceRow{
			Family: j.Family, Size: j.Size, Instance: j.Instance, Lane: res.Lane, Exact: res.Exact,
			Cells: len(res.Answer), Correct: len(res.Answer) - len(res.Wrong),
			SerialSteps: res.SerialSteps, SolvedAt: res.SolvedAt, Work: res.Work,
		})
	}
	return rows, nil
}

// Sweep runs every job in order and returns the rows sorted (see SortRows).
// progress, if not nil, is called after each job with the jobs done and the
// total. It stops with ctx's error when ctx is cancelled.
func Sweep(ctx context.Context, s Spec, progress func(done, total int)) ([]InstanceRow, error) {
	jobs := s.Jobs()
	rows := make([]InstanceRow, 0, len(jobs)*len(s.Lanes()))
	for i, j := range jobs {
		r, err := RunJob(ctx, j)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
		if progress != nil {
			progress(i+1, len(jobs))
		}
	}
	SortRows(rows)
	return rows, nil
}

// SortRows sorts instance rows by size, instance, model, depth, width and
// steps: the per-instance output order, whatever order jobs finished in.
func SortRows(rows []InstanceRow) {
	slices.SortFunc(rows, func(a, b InstanceRow) int {
		return cmp.Or(cmp.Compare(a.Size, b.Size), cmp.Compare(a.Instance, b.Instance), compareLanes(a.Lane, b.Lane))
	})
}

// compareLanes orders lanes by model (display order), depth, width, steps, mode.
func compareLanes(a, b machine.Lane) int {
	return cmp.Or(cmp.Compare(slices.Index(machine.Models, a.Model), slices.Index(machine.Models, b.Model)),
		cmp.Compare(a.Depth, b.Depth), cmp.Compare(a.Width, b.Width), cmp.Compare(a.Steps, b.Steps),
		cmp.Compare(a.Mode, b.Mode))
}

// Row is one summary row: one lane at one size over every instance.
type Row struct {
	Family          string
	Size            int
	Lane            machine.Lane
	Instances       int
	ExactAccuracy   float64 // fraction of instances answered exactly
	CellAccuracy    float64 // fraction of all answer cells right (sizes are equal within a row, so this is the mean cell accuracy)
	SerialStepsMean float64
	WorkMean        float64
}

// Values returns the row under Columns, numbers as numbers.
func (r Row) Values() []any {
	return []any{r.Family, r.Size, string(r.Lane.Model), r.Lane.Depth, r.Lane.Width, r.Lane.Steps, r.Instances,
		Round(r.ExactAccuracy), Round(r.CellAccuracy), Round(r.SerialStepsMean), Round(r.WorkMean)}
}

// Summarize groups instance rows by (size, model, depth, width, steps), in
// that order. It sums integers only, so the result does not depend on the
// rows' order: shards from any number of workers give the same rows.
func Summarize(rows []InstanceRow) []Row {
	sorted := slices.Clone(rows)
	slices.SortFunc(sorted, func(a, b InstanceRow) int {
		return cmp.Or(cmp.Compare(a.Size, b.Size), compareLanes(a.Lane, b.Lane))
	})
	var out []Row
	for start := 0; start < len(sorted); {
		end := start
		var exact, correct, cells, serial, work int64
		for ; end < len(sorted) && sorted[end].Size == sorted[start].Size && sorted[end].Lane == sorted[start].Lane; end++ {
			r := sorted[end]
			if r.Exact {
				exact++
			}
			correct, cells, serial, work = correct+int64(r.Correct), cells+int64(r.Cells), serial+int64(r.SerialSteps), work+r.Work
		}
		n := float64(end - start)
		row := Row{Family: sorted[start].Family, Size: sorted[start].Size, Lane: sorted[start].Lane, Instances: end - start,
			ExactAccuracy: float64(exact) / n, SerialStepsMean: float64(serial) / n, WorkMean: float64(work) / n}
		if cells > 0 {
			row.CellAccuracy = float64(correct) / float64(cells)
		}
		out = append(out, row)
		start = end
	}
	return out
}

// Table is the sweep's output for rows from Sweep (or from shards of its
// jobs): one summary row per setting, or with PerInstance one row per
// instance and lane.
func (s Spec) Table(rows []InstanceRow) Table {
	t := Table{Columns: Columns}
	if s.PerInstance {
		sorted := slices.Clone(rows)
		SortRows(sorted)
		t.Columns = InstanceColumns
		for _, r := range sorted {
			t.Rows = append(t.Rows, r.Values())
		}
		return t
	}
	for _, r := range Summarize(rows) {
		t.Rows = append(t.Rows, r.Values())
	}
	return t
}
