package stage

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/depthrace/depthrace/core/race"
)

// csvOf runs the sweep as the command line does and reads its CSV back.
func csvOf(t *testing.T, sp race.Spec) ([]string, [][]string) {
	t.Helper()
	rows, err := race.Sweep(context.Background(), sp, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := sp.Table(rows).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// formatJS writes a row value as JavaScript's String(v) would for the
// numbers and strings a row holds.
func formatJS(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return "unexpected type"
}
