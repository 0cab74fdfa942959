package params

import (
	"errors"
	"slices"
	"testing"
)

// FuzzParseHash checks that any hash parses without panicking into Params
// whose Hash re-parses to the same Params with no notices.
func FuzzParseHash(f *testing.F) {
	for _, s := range []string{designLink, "#" + designLink, "", "#", "depth=0&depth=9", "family=parity&size=99999999",
		"lanes=deep,,foo", "mode=%zz", "%=1", "seed=-1&width=1e9", "workers=auto&speed=2000", "a&b=&=c", "v=2&family=rule110&size=3",
		"family=sudoku&set=easy&index=999&size=4", "family=sudoku&set=nope&index=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, hash string) {
		p, _ := ParseHash(hash)
		h := p.Hash()
		again, ns := ParseHash(h)
		if len(ns) > 0 {
			t.Fatalf("ParseHash(%q).Hash() = %q gives notices %v", hash, h, ns)
		}
		if !equal(p, again) {
			t.Fatalf("ParseHash(%q) = %+v, but its hash %q parses to %+v", hash, p, h, again)
		}
	})
}

// FuzzParseList checks that any list either parses into sorted, distinct
// values inside the range, or fails with a ValueError naming the key.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"4..8", "1..64", "0..16777216", "3,1,2", "", "..", "1..", "5..3", "1,,2", "9999999999999999999"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, doubling bool) {
		got, err := ParseList("width", s, WidthRange, doubling)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Key != "width" || ve.Given != s {
				t.Fatalf("ParseList(%q): error %v does not name the key and value", s, err)
			}
			return
		}
		if len(got) == 0 || len(got) > MaxListLen || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("ParseList(%q) = %v: not a sorted non-empty list of distinct values", s, got)
		}
		if got[0] < int(WidthRange.Min) || got[len(got)-1] > int(WidthRange.Max) {
			t.Fatalf("ParseList(%q) = %v: outside %v", s, got, WidthRange)
		}
	})
}
