package registry_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/depthrace/depthrace/core/machine"
	"github.com/depthrace/depthrace/core/registry"
)

// spec picks instance number i of a family at a small size: a seed for
// generated families, a puzzle of a bundled set for those without sizes.
func spec(info machine.Info, i int) machine.InstanceSpec {
	if !info.HasSize() {
		return machine.InstanceSpec{Set: "clue17", Index: i, Seed: uint64(i + 1)}
	}
	return machine.InstanceSpec{Size: min(info.DefaultSize, 32), Seed: uint64(i + 1)}
}

var lanes = []machine.Lane{
	{Model: machine.Wide, Depth: 2},
	{Model: machine.Wide, Depth: 6, Width: 16},
	{Model: machine.Deep},
	{Model: machine.Diffusion, Depth: 3, Steps: 4, Mode: machine.Score},
	{Model: machine.Diffusion, Depth: 3, Steps: 4, Mode: machine.Commit},
}

func TestFamiliesDescribeThemselves(t *testing.T) {
	names := map[string]bool{}
	for _, f := range registry.All() {
		info := f.Info()
		if names[info.Name] {
			t.Errorf("family %q registered twice", info.Name)
		}
		names[info.Name] = true
		if info.Title == "" || info.Class == "" || info.Claim == "" || len(info.Explain) < 80 || info.Alphabet < 2 {
			t.Errorf("%s: incomplete description %+v", info.Name, info)
		}
		if info.HasSize() && !(1 <= info.MinSize && info.MinSize <= info.DefaultSize && info.DefaultSize <= info.MaxSize) {
			t.Errorf("%s: size limits %d ≤ %d ≤ %d do not hold", info.Name, info.MinSize, info.DefaultSize, info.MaxSize)
		}
		if !strings.Contains(info.Claim, "proven") && !strings.Contains(info.Claim, "conditional") && !strings.Contains(info.Claim, "measured") {
			t.Errorf("%s: claim %q says neither proven, conditional nor measured", info.Name, info.Claim)
		}
	}
	for _, f := range registry.All() {
		if twin := f.Info().Twin; twin != "" {
			if _, err := registry.Lookup(twin); err != nil {
				t.Errorf("%s: twin: %v", f.Info().Name, err)
			}
		}
	}
	if _, err := registry.Lookup("nope"); err == nil || !strings.Contains(err.Error(), "allowed") {
		t.Errorf("Lookup(nope) = %v, want an error listing the families", err)
	}
}

// TestEveryMachineIsScoredAgainstTheReference recounts every lane's answer
// against the family's reference, and checks that the loop is always exact.
func TestEveryMachineIsScoredAgainstTheReference(t *testing.T) {
	for _, f := range registry.All() {
		info := f.Info()
		for i := range 3 {
			inst, err := f.Generate(spec(info, i))
			if err != nil {
				t.Fatalf("%s: %v", info.Name, err)
			}
			ref := inst.Reference()
			for _, lane := range lanes {
				r, err := machine.Batch(context.Background(), inst, lane, uint64(i))
				if err != nil {
					t.Fatalf("%s %+v: %v", info.Name, lane, err)
				}
				wrong := 0
				for c, x := range r.Answer {
					if x < 0 || x >= info.Alphabet {
						t.Fatalf("%s %+v: answer cell %d = %d outside the alphabet", info.Name, lane, c, x)
					}
					if x != ref[c] {
						wrong++
					}
				}
				if r.Exact != (wrong == 0) || len(r.Wrong) != wrong {
					t.Errorf("%s %+v: result says exact=%v with %d wrong, recount finds %d", info.Name, lane, r.Exact, len(r.Wrong), wrong)
				}
				if lane.Model == machine.Deep && !r.Exact {
					t.Errorf("%s instance %d: the loop is not exact", info.Name, i)
				}
			}
		}
	}
}

// TestDigest hashes the results of every family and machine. make test
// runs it natively and under GOOS=js and compares the two digests, so wasm
// must compute exactly what native computes.
func TestDigest(t *testing.T) {
	h := sha256.New()
	for _, f := range registry.All() {
		info := f.Info()
		for i := range 2 {
			inst, err := f.Generate(spec(info, i))
			if err != nil {
				t.Fatal(err)
			}
			for _, lane := range lanes {
				run, err := machine.NewRun(inst, lane, uint64(i))
				if err != nil {
					t.Fatal(err)
				}
				for run.Step() {
					b, _ := json.Marshal(run.Frame())
					h.Write(b)
				}
				b, _ := json.Marshal(run.Result())
				h.Write(b)
			}
		}
	}
	digest := fmt.Sprintf("%x", h.Sum(nil))
	t.Logf("digest %s", digest)
	if path := os.Getenv("DEPTHRACE_DIGEST"); path != "" {
		if err := os.WriteFile(path, []byte(digest+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
