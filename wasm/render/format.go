package render

import (
	"math"
	"strconv"
)

// FormatCount writes a count compactly: digits up to 9999, then k, M, G with
// three significant figures (12.3k, 456k, 1.20M).
func FormatCount(n int64) string {
	if n < 0 {
		return "-" + FormatCount(-n)
	}
	if n < 10000 {
		return strconv.FormatInt(n, 10)
	}
	v, unit := float64(n), ""
	for _, u := range []string{"k", "M", "G", "T"} {
		if v < 999.5 {
			break
		}
		v, unit = v/1000, u
	}
	return sig3(v) + unit
}

// FormatMs writes a wall time given in milliseconds: µs below a millisecond,
// ms below ten seconds, else seconds. Exactly 0 means the run was shorter
// than the clock can tell (browsers coarsen performance.now to 0.1 ms), so
// it says so rather than claiming "0 µs".
func FormatMs(ms float64) string {
	switch {
	case ms < 0 || math.IsNaN(ms):
		return "–"
	case ms == 0:
		return "< 0.1 ms"
	case ms < 1:
		return strconv.FormatFloat(ms*1000, 'f', 0, 64) + " µs"
	case ms < 10000:
		return sig3(ms) + " ms"
	}
	return sig3(ms/1000) + " s"
}

// FormatPct writes a fraction in [0,1] as a percentage with one decimal.
func FormatPct(f float64) string {
	return strconv.FormatFloat(100*f, 'f', 1, 64) + "%"
}

// sig3 writes v with three significant figures (v below 1000).
func sig3(v float64) string {
	switch {
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// WidthLabel writes a width: W=0 means as wide as the algorithm wants.
func WidthLabel(w int) string {
	if w == 0 {
		return "∞"
	}
	return strconv.Itoa(w)
}

// fitText cuts s so that width(s) ≤ maxW, ending the cut text with an
// ellipsis; maxW ≤ 0 means no limit. It cuts on rune boundaries.
func fitText(s string, maxW float64, width func(string) float64) string {
	if maxW <= 0 || width(s) <= maxW {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest fitting prefix has lo runes
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(string(runes[:mid])+"…") <= maxW {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(runes[:lo]) + "…"
}
