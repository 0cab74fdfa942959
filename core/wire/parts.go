package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/depthrace/depthrace/core/machine"
)

// partsMagic opens every encoded layer part.
const partsMagic = "DRP"

// LayerParts is the binary payload of a split lane's messages: a worker's
// "part" reply carries its one range of a layer, and the page's "layer"
// request carries every range, which is simply the workers' parts
// concatenated in range order, so the page forwards them without decoding.
type LayerParts struct {
	ID    int64 // the split lane job
	Layer int   // the layer (1-based serial step) the parts compute
	Parts []machine.Part
}

// EncodePart writes one range of a layer: varints for the header and every
// register. Concatenated encodings of the same job and layer decode as one
// LayerParts.
func EncodePart(id int64, layer int, p machine.Part) []byte {
	out := make([]byte, 0, 16+2*len(p.Regs))
	out = append(out, partsMagic...)
	out = append(out, Version)
	for _, x := range []int64{id, int64(layer), int64(p.Lo), int64(p.Hi), p.Units} {
		out = binary.AppendVarint(out, x)
	}
	out = binary.AppendUvarint(out, uint64(len(p.Regs)))
	for _, x := range p.Regs {
		out = binary.AppendVarint(out, int64(x))
	}
	return out
}

// DecodeParts reads one or more concatenated EncodePart encodings, which
// must all belong to the same job and layer. Malformed input gives a clear
// error, never a panic, and no allocation larger than the input allows.
func DecodeParts(data []byte) (LayerParts, error) {
	var lp LayerParts
	r := &reader{buf: data}
	for i := 0; len(r.buf) > 0; i++ {
		if len(r.buf) < len(partsMagic)+1 || string(r.buf[:len(partsMagic)]) != partsMagic {
			return LayerParts{}, fmt.Errorf("layer part %d: bad magic", i)
		}
		if v := r.buf[len(partsMagic)]; v != Version {
			return LayerParts{}, fmt.Errorf("layer part %d: version %d, this side speaks %d", i, v, Version)
		}
		r.buf = r.buf[len(partsMagic)+1:]
		id, layer := r.varint(), r.varint()
		lo, hi, units := r.varint(), r.varint(), r.varint()
		n := r.uvarint()
		if r.err != nil {
			return LayerParts{}, fmt.Errorf("layer part %d: %w", i, r.err)
		}
		switch {
		case i == 0:
			lp.ID, lp.Layer = id, int(layer)
		case id != lp.ID || int(layer) != lp.Layer:
			return LayerParts{}, fmt.Errorf("layer part %d is of job %d layer %d, not job %d layer %d", i, id, layer, lp.ID, lp.Layer)
		}
		for _, x := range []int64{layer, lo, hi} {
			if x < 0 || x > math.MaxInt32 {
				return LayerParts{}, fmt.Errorf("layer part %d: layer or range bound %d out of range", i, x)
			}
		}
		if n > uint64(len(r.buf)) { // every register takes at least one byte
			return LayerParts{}, fmt.Errorf("layer part %d: %d registers exceed the %d bytes left", i, n, len(r.buf))
		}
		p := machine.Part{Lo: int(lo), Hi: int(hi), Units: units, Regs: make([]int32, n)}
		for k := range p.Regs {
			x := r.varint()
			if x < math.MinInt32 || x > math.MaxInt32 {
				r.fail(fmt.Errorf("register %d is %d, beyond 32 bits", k, x))
			}
			p.Regs[k] = int32(x)
		}
		if r.err != nil {
			return LayerParts{}, fmt.Errorf("layer part %d: %w", i, r.err)
		}
		lp.Parts = append(lp.Parts, p)
	}
	if len(lp.Parts) == 0 {
		return LayerParts{}, errors.New("layer parts: empty payload")
	}
	return lp, nil
}
