package params

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/registry"
)

// Notice is one correction made while reading a link: the key, the value
// given, the value used instead (empty when the key was ignored) and why.
type Notice struct {
	Key, Given, Used, Reason string
}

// String is the one line the page shows, e.g.
// `depth=0: must be 1..64; used 1`.
func (n Notice) String() string {
	used := "ignored"
	if n.Used != "" {
		used = "used " + n.Used
	}
	return fmt.Sprintf("%s=%s: %s; %s", n.Key, n.Given, n.Reason, used)
}

// Err is the notice as the command line reports it: a *ValueError naming
// the flag, the value given and what is allowed.
func (n Notice) Err() error { return &ValueError{n.Key, n.Given, n.Reason} }

// ParseHash reads a link's hash, with or without the leading '#'. It never
// fails: unknown keys, malformed or out-of-range values and repeated keys
// become Notices, and the value used is the default or the nearest value in
// range. The result's Hash is the normalized link.
func ParseHash(hash string) (Params, []Notice) {
	var ns []Notice
	values := map[string]string{}
	for part := range strings.SplitSeq(strings.TrimPrefix(hash, "#"), "&") {
		if part == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, err := url.PathUnescape(rawKey)
		if err != nil {
			ns = append(ns, Notice{Key: rawKey, Given: rawVal, Reason: "malformed percent-encoding in the key"})
			continue
		}
		val, err := url.PathUnescape(rawVal)
		if err != nil {
			ns = append(ns, Notice{Key: key, Given: rawVal, Reason: "malformed percent-encoding"})
			continue
		}
		if prev, dup := values[key]; dup {
			ns = append(ns, Notice{Key: key, Given: val, Used: prev, Reason: "given twice; the first one counts"})
			continue
		}
		values[key] = val
	}
	p, more := FromValues(values, nil)
	return p, append(ns, more...)
}

// FromValues builds Params from values under the link's keys; missing keys
// take their defaults. setData holds a set file's contents when values["set"]
// is a path (the command line), or nil, when set must name a bundled set.
// Every correction is a Notice, in canonical key order then unknown keys
// sorted; the command line treats any notice as an error.
func FromValues(values map[string]string, setData []byte) (Params, []Notice) {
	r := reader{values: values}
	fam, _ := registry.Lookup(DefaultFamily)
	if s, ok := values["family"]; ok {
		if f, err := registry.Lookup(s); err == nil {
			fam = f
		} else {
			r.notice("family", s, DefaultFamily, FamilyAllowed())
		}
	}
	p := defaultsFor(fam)
	info := fam.Info()
	if s, ok := values["v"]; ok && s != strconv.Itoa(Version) {
		r.notice("v", s, strconv.Itoa(Version), fmt.Sprintf("unsupported link version (allowed: %d)", Version))
	}
	if info.HasSize() {
		p.Size = int(r.int("size", SizeRange(info), int64(p.Size)))
	} else {
		r.notApplicable("size", NoSizeReason(info.Name))
	}
	p.Seed = uint64(r.int("seed", SeedRange, int64(p.Seed)))
	p.Width = int(r.int("width", WidthRange, int64(p.Width)))
	p.Depth = int(r.int("depth", DepthRange, int64(p.Depth)))
	p.Steps = int(r.int("steps", StepsRange, int64(p.Steps)))
	if s, ok := values["mode"]; ok {
		if m, err := machine.ParseMode(s); err == nil {
			p.Mode = m
		} else {
			r.notice("mode", s, string(p.Mode), "must be score or commit")
		}
	}
	if s, ok := values["lanes"]; ok {
		p.Lanes = r.lanes(s, p.Lanes)
	}
	if sets, ok := setsOf(fam); ok {
		p.Set, p.Index = r.set(sets, info.Name, p.Set, setData)
	} else {
		reason := fmt.Sprintf("does not apply to %s (only families with puzzle sets take it)", info.Name)
		r.notApplicable("set", reason)
		r.notApplicable("index", reason)
	}
	p.Speed = int(r.int("speed", SpeedRange, int64(p.Speed)))
	if s, ok := values["workers"]; ok && s != "auto" && s != "0" {
		v, clamped, wellFormed, err := WorkersRange.Parse(s)
		switch {
		case !wellFormed:
			r.notice("workers", s, "auto", "must be auto or 1..16")
		case clamped:
			r.notice("workers", s, strconv.FormatInt(v, 10), err.Error())
		}
		if wellFormed {
			p.Workers = int(v)
		}
	}
	var unknown []string
	for k := range values {
		if !slices.Contains(Keys, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		r.notice(k, values[k], "", "unknown key (allowed: "+strings.Join(Keys, ", ")+")")
	}
	return p, r.ns
}

// FamilyAllowed is the reason given for an unknown family.
func FamilyAllowed() string {
	return "unknown family (allowed: " + strings.Join(registry.Names(), ", ") + ")"
}

// ErrNoFamily is the error for a command without --family, which the
// command line requires.
func ErrNoFamily() error {
	return &ValueError{Key: "family", Reason: "required (allowed: " + strings.Join(registry.Names(), ", ") + ")"}
}

// NoSizeReason is the reason given when a size is set for a family without
// sizes.
func NoSizeReason(family string) string {
	return fmt.Sprintf("does not apply to %s (it picks puzzles with --set and --index)", family)
}

// reader collects notices while reading values.
type reader struct {
	values map[string]string
	ns     []Notice
}

func (r *reader) notice(key, given, used, reason string) {
	r.ns = append(r.ns, Notice{Key: key, Given: given, Used: used, Reason: reason})
}

// notApplicable notes a key given for a family it does not apply to.
func (r *reader) notApplicable(key, reason string) {
	if s, ok := r.values[key]; ok {
		r.notice(key, s, "", reason)
	}
}

// int reads key within rng: missing gives def, out of range the nearest
// bound, malformed def; the last two with a notice.
func (r *reader) int(key string, rng Range, def int64) int64 {
	s, ok := r.values[key]
	if !ok {
		return def
	}
	v, clamped, wellFormed, err := rng.Parse(s)
	switch {
	case !wellFormed:
		r.notice(key, s, strconv.FormatInt(def, 10), err.Error())
		return def
	case clamped:
		r.notice(key, s, strconv.FormatInt(v, 10), err.Error())
	}
	return v
}

// lanes reads the lanes list leniently: unknown names are dropped, repeats
// merged, and an empty result falls back to def.
func (r *reader) lanes(s string, def []machine.Model) []machine.Model {
	seen := map[machine.Model]bool{}
	var bad []string
	for part := range strings.SplitSeq(s, ",") {
		if m, err := machine.ParseModel(part); err == nil {
			seen[m] = true
		} else {
			bad = append(bad, strconv.Quote(part))
		}
	}
	var out []machine.Model
	for _, m := range machine.Models {
		if seen[m] {
			out = append(out, m)
		}
	}
	names := func(ms []machine.Model) string {
		ss := make([]string, len(ms))
		for i, m := range ms {
			ss[i] = string(m)
		}
		return strings.Join(ss, ",")
	}
	if len(out) == 0 {
		out = def
	}
	if len(bad) > 0 {
		r.notice("lanes", s, names(out), "unknown lane "+strings.Join(bad, ", ")+" (allowed: wide, deep, diffusion)")
	}
	return out
}
