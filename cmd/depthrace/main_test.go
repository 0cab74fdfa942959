package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// call runs the command in-process and returns status, stdout and stderr.
func call(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

const header = "family,size,model,depth,width,steps,instances,exact_accuracy,cell_accuracy,serial_steps_mean,work_mean\n"

func TestSweepCSV(t *testing.T) {
	code, out, errs := call("sweep", "--family", "s5", "--size", "64", "--depth", "4..8", "--models", "wide,deep", "--instances", "10", "--format", "csv")
	if code != 0 || errs != "" {
		t.Fatalf("status %d, stderr %q", code, errs)
	}
	if !strings.HasPrefix(out, header) {
		t.Fatalf("header is not the contract's:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1+5+1 {
		t.Fatalf("want 5 wide rows and 1 deep row:\n%s", out)
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != 11 || f[0] != "s5" || f[1] != "64" || f[6] != "10" {
			t.Errorf("row %q", l)
		}
		if f[2] == "deep" && (f[3] != "0" || f[5] != "0" || f[9] != "64") {
			t.Errorf("deep row %q: want depth 0, steps 0, 64 serial steps", l)
		}
	}
}

func TestSweepPerInstanceAndJSON(t *testing.T) {
	code, out, _ := call("sweep", "--family", "parity", "--size", "16", "--depth", "1,2", "--models", "wide", "--instances", "3", "--seed", "5", "--per-instance")
	want := "family,instance,model,depth,width,steps,exact,cell_accuracy,serial_steps,solved_at,work\n"
	if code != 0 || !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1+3*2 || !strings.Contains(out, "\nparity,7,wide,2,") {
		t.Fatalf("status %d, per-instance output:\n%s", code, out)
	}
	code, out, _ = call("sweep", "--family", "parity", "--size", "8..16", "--models", "deep", "--instances", "2", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil || len(rows) != 9 {
		t.Fatalf("status %d, JSON %v:\n%s", code, err, out)
	}
	for _, k := range strings.Split(strings.TrimSpace(header), ",") {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("JSON row lacks %q: %v", k, rows[0])
		}
	}
}

// raceReport is `depthrace race --format json` as the tests read it.
type raceReport struct {
	Family string
	Size   int
	Seed   int
	Set    string
	Index  int
	Lanes  []map[string]any
}

// raceJSON runs `depthrace race --format json` with args, fails the test
// unless it exits 0, and decodes the report.
func raceJSON(t *testing.T, args ...string) raceReport {
	t.Helper()
	code, out, errs := call(append([]string{"race", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("status %d: %s", code, errs)
	}
	var rep raceReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return rep
}

func TestRaceJSON(t *testing.T) {
	lanes := func(args ...string) map[string]map[string]any {
		m := map[string]map[string]any{}
		for _, l := range raceJSON(t, args...).Lanes {
			m[l["model"].(string)] = l
		}
		return m
	}
	l := lanes("--family", "s5", "--size", "64", "--depth", "6")
	if l["wide"]["exact"] != true || l["wide"]["serial_steps"] != 6.0 {
		t.Errorf("s5 n=64 D=6 wide lane %v, want exact in 6 serial steps", l["wide"])
	}
	l = lanes("--family", "s5", "--size", "128", "--depth", "6")
	if l["wide"]["exact"] != false || l["wide"]["serial_steps"] != 6.0 {
		t.Errorf("s5 n=128 D=6 wide lane %v, want inexact in 6 serial steps", l["wide"])
	}
	if l["deep"]["exact"] != true || l["deep"]["serial_steps"] != 128.0 || l["deep"]["depth"] != 0.0 {
		t.Errorf("s5 n=128 deep lane %v, want exact in 128 serial steps, depth 0", l["deep"])
	}
}

func TestDeterminism(t *testing.T) {
	wall := regexp.MustCompile(`"wall_ns":\d+`)
	for _, args := range [][]string{
		{"race", "--family", "parity", "--size", "100", "--seed", "3", "--format", "json"},
		{"race", "--family", "s5", "--size", "100", "--mode", "commit", "--format", "json"},
		{"sweep", "--family", "s5", "--size", "8..32", "--depth", "2..4", "--steps", "2,4", "--instances", "3"},
		{"sweep", "--family", "parity", "--size", "33", "--mode", "commit", "--instances", "2", "--per-instance", "--format", "json"},
	} {
		_, a, _ := call(args...)
		_, b, _ := call(args...)
		a, b = wall.ReplaceAllString(a, ""), wall.ReplaceAllString(b, "")
		if a != b || a == "" {
			t.Errorf("%v: output differs between runs (or is empty):\n%s\n---\n%s", args, a, b)
		}
	}
}

func TestBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // the whole line starts with "depthrace: " then this
	}{
		{[]string{"race"}, "--family: required (allowed: parity, s5"},
		{[]string{"race", "--family", "foo"}, "--family foo: unknown family (allowed: parity, s5"},
		{[]string{"race", "--family", "s5", "--depth", "0"}, "--depth 0: must be 1..64"},
		{[]string{"race", "--family", "s5", "--depth", "-3"}, "--depth -3: must be 1..64"},
		{[]string{"race", "--family", "s5", "--depth", "six"}, "--depth six: not an integer; must be 1..64"},
		{[]string{"race", "--family", "s5", "--size", "100000"}, "--size 100000: must be 1..65536"},
		{[]string{"race", "--family", "s5", "--width", "-1"}, "--width -1: must be 0..16777216"},
		{[]string{"race", "--family", "s5", "--steps", "0"}, "--steps 0: must be 1..4096"},
		{[]string{"race", "--family", "s5", "--mode", "fast"}, "--mode fast: must be score or commit"},
		{[]string{"race", "--family", "s5", "--format", "csv"}, "--format csv: must be text or json"},
		{[]string{"race", "--family", "s5", "--seed", "-1"}, "--seed -1: must be 0..9007199254740991"},
		{[]string{"race", "--family", "s5", "--set", "easy"}, "--set easy: does not apply to s5"},
		{[]string{"race", "--family", "s5", "--zoom", "2"}, "--zoom: unknown flag (allowed: --family"},
		{[]string{"race", "--family", "s5", "--depth"}, "--depth: needs a value"},
		{[]string{"race", "--family", "s5", "--depth", "3", "--depth=4"}, "--depth: given twice"},
		{[]string{"race", "--family", "s5", "extra"}, `unexpected argument "extra"`},
		{[]string{"sweep", "--family", "s5", "--depth", "4..x"}, "--depth 4..x: "},
		{[]string{"sweep", "--family", "s5", "--depth", "8..4"}, "--depth 8..4: empty range"},
		{[]string{"sweep", "--family", "s5", "--size", "1..100000"}, "--size 1..100000: 100000: must be 1..65536"},
		{[]string{"sweep", "--family", "s5", "--width", "1,,2"}, "--width 1,,2: malformed list"},
		{[]string{"sweep", "--family", "s5", "--models", "wide,warp"}, "--models wide,warp: unknown model"},
		{[]string{"sweep", "--family", "s5", "--instances", "0"}, "--instances 0: must be 1..10000"},
		{[]string{"sweep", "--family", "s5", "--format", "text"}, "--format text: must be csv or json"},
		{[]string{"sweep", "--family", "s5", "--index", "2"}, "--index: unknown flag"},
		{[]string{"sweep", "--family", "s5", "--size", "8,16", "--per-instance"}, "--size 8,16: --per-instance takes a single size"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		code, out, errs := call(tt.args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "depthrace: "+tt.want) {
			t.Errorf("%v: status %d, stderr %q; want status 2 and one line starting %q", tt.args, code, errs, "depthrace: "+tt.want)
		}
	}
}

func TestHelp(t *testing.T) {
	if code, out, _ := call("help"); code != 0 || !strings.Contains(out, "depthrace sweep --family F") {
		t.Errorf("help: status %d, %q", code, out)
	}
	if code, out, _ := call("race", "--help"); code != 0 || !strings.Contains(out, "usage:") {
		t.Errorf("race --help: status %d, %q", code, out)
	}
	if code, _, errs := call(); code != 2 || !strings.Contains(errs, "usage:") {
		t.Errorf("no arguments: status %d, stderr %q", code, errs)
	}
}

func TestRaceText(t *testing.T) {
	code, out, _ := call("race", "--family", "parity", "--size", "8")
	if code != 0 || !strings.HasPrefix(out, "parity · size 8 · seed 1\nTC⁰") || !strings.Contains(out, "diffusion (score)") {
		t.Errorf("status %d, text:\n%s", code, out)
	}
}

func TestSweepPlot(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"acc.svg", "acc.png"} {
		path := filepath.Join(dir, name)
		code, out, errs := call("sweep", "--family", "s5", "--size", "16,64", "--depth", "2..7", "--models", "wide,deep", "--instances", "3", "--plot", path)
		if code != 0 || !strings.HasPrefix(out, header) {
			t.Fatalf("--plot %s: status %d, stderr %q", name, code, errs)
		}
		b, err := os.ReadFile(path)
		magic := map[string]string{"acc.svg": "<?xml", "acc.png": "\x89PNG"}[name]
		if err != nil || !bytes.HasPrefix(b, []byte(magic)) || !bytes.Contains(b, []byte("IEND")) && name == "acc.png" {
			t.Errorf("%s: %d bytes, err %v: not a complete %s", name, len(b), err, magic)
		}
	}
	code, _, errs := call("sweep", "--family", "s5", "--plot", filepath.Join(dir, "acc.gif"))
	if code != 2 || !strings.Contains(errs, "acc.gif: must be a file ending in .png or .svg") {
		t.Errorf("--plot acc.gif: status %d, stderr %q", code, errs)
	}
}
