package params

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
)

// Range is an inclusive range of integer values for one key. Each range is
// defined once here and used both by ParseHash (clamp and notice) and by the
// command line (error, exit status 2).
type Range struct{ Min, Max int64 }

// The ranges of every numeric key. Sizes come from the family (SizeRange)
// and puzzle indices from the set's length.
var (
	DepthRange     = Range{1, 64}
	WidthRange     = Range{0, 1 << 24}
	StepsRange     = Range{1, 4096}
	SpeedRange     = Range{1, 1000}
	WorkersRange   = Range{1, 16}
	InstancesRange = Range{1, 10000}
	// SeedRange stops below 2^53 so that every seed is an exact JavaScript number.
	SeedRange = Range{0, MaxSeed}
)

// MaxSeed is the largest seed: 2^53-1, the largest integer a JavaScript
// number holds exactly, so a link's seed survives the page unchanged.
const MaxSeed = 1<<53 - 1

// SizeRange is the family's documented size limits.
func SizeRange(info machine.Info) Range {
	return Range{int64(info.MinSize), int64(info.MaxSize)}
}

// Allowed says what the range allows, as error messages put it.
func (r Range) Allowed() string { return fmt.Sprintf("must be %d..%d", r.Min, r.Max) }

// Clamp returns the nearest value inside r.
func (r Range) Clamp(v int64) int64 { return min(max(v, r.Min), r.Max) }

// Check returns an error saying what is allowed when v is outside r.
func (r Range) Check(v int64) error {
	if v < r.Min || v > r.Max {
		return fmt.Errorf("%s", r.Allowed())
	}
	return nil
}

// Parse reads a decimal integer and checks it against r. A well-formed
// integer outside r comes back clamped, with clamped set and an error; a
// malformed one comes back as r.Min with ok false.
func (r Range) Parse(s string) (v int64, clamped, ok bool, err error) {
	n, perr := strconv.ParseInt(s, 10, 64)
	if perr != nil {
		if ne, isNum := perr.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
			n = r.Max
			if strings.HasPrefix(s, "-") {
				n = r.Min
			}
			return n, true, true, fmt.Errorf("%s", r.Allowed())
		}
		return r.Min, false, false, fmt.Errorf("not an integer; %s", r.Allowed())
	}
	if e := r.Check(n); e != nil {
		return r.Clamp(n), true, true, e
	}
	return n, false, true, nil
}

// ValueError is a bad value for one key. Its message names the key as the
// command line's flag, the value given and what is allowed, e.g.
// "--depth 0: must be 1..64".
type ValueError struct {
	Key, Given, Reason string
}

// Error is the command line's one line: "--key given: reason", or
// "--key: reason" when no value was given.
func (e *ValueError) Error() string {
	if e.Given == "" {
		return "--" + e.Key + ": " + e.Reason
	}
	given := e.Given
	if given == "" || strings.ContainsAny(given, " \t\n\"") {
		given = strconv.Quote(given)
	}
	return "--" + e.Key + " " + given + ": " + e.Reason
}

// ParseInt reads one integer for key within r, or returns a *ValueError.
func ParseInt(key, s string, r Range) (int, error) {
	v, _, _, err := r.Parse(s)
	if err != nil {
		return 0, &ValueError{key, s, err.Error()}
	}
	return int(v), nil
}

// ParseSeed reads a seed within SeedRange, or returns a *ValueError.
func ParseSeed(key, s string) (uint64, error) {
	v, err := ParseInt(key, s, SeedRange)
	return uint64(v), err
}

// ParseMode reads a diffusion mode, or returns a *ValueError.
func ParseMode(key, s string) (machine.Mode, error) {
	m, err := machine.ParseMode(s)
	if err != nil {
		return "", &ValueError{key, s, "must be score or commit"}
	}
	return m, nil
}

// ParseModels reads a non-empty comma-separated subset of the machines. The
// result is in display order (wide, deep, diffusion) without repeats, so the
// same set of machines always reads the same.
func ParseModels(key, s string) ([]machine.Model, error) {
	seen := map[machine.Model]bool{}
	for _, part := range strings.Split(s, ",") {
		m, err := machine.ParseModel(strings.TrimSpace(part))
		if err != nil {
			return nil, &ValueError{key, s, fmt.Sprintf("unknown model %q (allowed: a non-empty list of wide, deep, diffusion)", part)}
		}
		seen[m] = true
	}
	var out []machine.Model
	for _, m := range machine.Models {
		if seen[m] {
			out = append(out, m)
		}
	}
	return out, nil
}

// ParseBool reads a yes/no value such as the command line's --per-instance.
func ParseBool(key, s string) (bool, error) {
	switch s {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, &ValueError{key, s, "must be true or false"}
}

// MaxListLen bounds how many values one LIST may hold, so that a typo cannot
// ask for millions of runs.
const MaxListLen = 4096

// ParseList reads a LIST for key: `a`, `a,b,c` or `a..b`, every value
// within r. In `a..b` values step by 1, except that when doubling is set
// (sizes and widths) and b/a > 16 they double from a instead: a, 2a, 4a, …,
// and b itself ends the list. With a = 0 (a width) the list is 0 followed by
// the list from 1 to b. The result is sorted and free of repeats, so the same
// runs always come out in the same order. Errors are *ValueError.
func ParseList(key, s string, r Range, doubling bool) ([]int, error) {
	bad := func(reason string) error { return &ValueError{key, s, reason} }
	const syntax = "malformed list (use a, a,b,c or a..b)"
	var vals []int64
	if lo, hi, isRange := strings.Cut(s, ".."); isRange {
		a, err := listValue(lo, r)
		if err != nil {
			return nil, bad(err.Error())
		}
		b, err := listValue(hi, r)
		if err != nil {
			return nil, bad(err.Error())
		}
		if a > b {
			return nil, bad(fmt.Sprintf("empty range: %d is above %d", a, b))
		}
		vals = expand(a, b, doubling)
		if len(vals) > MaxListLen {
			return nil, bad(fmt.Sprintf("%d values; a list holds at most %d", len(vals), MaxListLen))
		}
	} else {
		parts := strings.Split(s, ",")
		if len(parts) > MaxListLen {
			return nil, bad(fmt.Sprintf("%d values; a list holds at most %d", len(parts), MaxListLen))
		}
		for _, p := range parts {
			v, err := listValue(p, r)
			if err != nil {
				return nil, bad(err.Error())
			}
			vals = append(vals, v)
		}
	}
	return sortedUnique(vals), nil
}

// listValue reads one value of a list.
func listValue(s string, r Range) (int64, error) {
	if s == "" || strings.TrimSpace(s) != s {
		return 0, fmt.Errorf("malformed list (use a, a,b,c or a..b)")
	}
	v, _, ok, err := r.Parse(s)
	if !ok {
		return 0, fmt.Errorf("%q is not an integer: malformed list (use a, a,b,c or a..b)", s)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %s", s, err)
	}
	return v, nil
}

// expand lists a..b by ones or, for doubling keys with b/a > 16, by doubling.
func expand(a, b int64, doubling bool) []int64 {
	var out []int64
	if doubling && a == 0 && b > 16 {
		out, a = append(out, 0), 1
	}
	if doubling && a > 0 && b > 16*a {
		for v := a; v < b; v *= 2 {
			out = append(out, v)
		}
		return append(out, b)
	}
	if b-a >= MaxListLen {
		// Too long either way; return just enough for the caller to refuse it.
		return make([]int64, MaxListLen+1)
	}
	for v := a; v <= b; v++ {
		out = append(out, v)
	}
	return out
}

// sortedUnique converts to int, sorts and drops repeats.
func sortedUnique(vals []int64) []int {
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		out = append(out, int(v))
	}
	slices.Sort(out)
	j := 0
	for i, v := range out {
		if i == 0 || v != out[j-1] {
			out[j] = v
			j++
		}
	}
	return out[:j]
}
