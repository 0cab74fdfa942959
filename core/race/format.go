package race

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Round rounds x to six decimals: the precision of every fraction and mean
// depthrace prints, so the page's numbers equal the command line's digits.
func Round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// FormatFloat is the one float format of every output (CSV, JSON, the page's
// rows): rounded to six decimals, then the shortest form, e.g. "1", "0.5",
// "0.015625".
func FormatFloat(x float64) string { return strconv.FormatFloat(Round(x), 'f', -1, 64) }

// formatValue writes one cell value: numbers in decimal, floats through
// FormatFloat, booleans as JSON does.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return FormatFloat(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// field is one key and value of a JSON object written in a fixed key order.
type field struct {
	key   string
	value any
}

// object is a JSON object whose keys keep their order.
type object []field

// MarshalJSON writes the keys in order, numbers through formatValue.
func (o object) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		switch v := f.value.(type) {
		case string:
			s, _ := json.Marshal(v)
			b.Write(s)
		case json.Marshaler:
			s, err := v.MarshalJSON()
			if err != nil {
				return nil, err
			}
			b.Write(s)
		case []object:
			b.WriteByte('[')
			for j, e := range v {
				if j > 0 {
					b.WriteByte(',')
				}
				s, _ := e.MarshalJSON()
				b.Write(s)
			}
			b.WriteByte(']')
		default:
			b.WriteString(formatValue(v))
		}
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// Table is sweep output: column names and one row of values per line.
// Values are strings, ints, int64s, uint64s or float64s already rounded by
// Round, so the page can hand them to JavaScript as they are.
type Table struct {
	Columns []string
	Rows    [][]any
}

// WriteCSV writes the header and the rows.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = formatValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes an array of objects, one per row, keyed by the column
// names in column order, one object per line.
func (t Table) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("[")
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		o := make(object, len(row))
		for j, v := range row {
			o[j] = field{t.Columns[j], v}
		}
		s, _ := o.MarshalJSON()
		b.Write(s)
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}
