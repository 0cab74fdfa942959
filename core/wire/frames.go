package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/depthrace/depthrace/core/machine"
)

// framesMagic opens every frame batch, so a stray buffer is refused at once.
const framesMagic = "DRF"

// FrameBatch is a run of consecutive frames of one lane job: the binary
// payload of a "frames" reply, posted as a transferable ArrayBuffer.
type FrameBatch struct {
	// ID is the job the frames belong to: the page drops batches of jobs it
	// has cancelled, so no stale frame is drawn.
	ID int64
	// Seq is the index of the first frame in the job's stream (0-based), so
	// the page can tell a gap or a repeat.
	Seq    int
	Frames []machine.Frame
}

// Confidence encodings: most families only ever report 0 or 1, which packs
// into bits; anything else travels as exact float64s.
const (
	confNil  = 0
	confBits = 1
	confRaw  = 2
)

// EncodeFrames writes a batch as one compact byte slice: varints for the
// integers, packed bits for 0/1 confidences, raw IEEE-754 bits otherwise.
// DecodeFrames gives back exactly the same frames, nil slices included.
func EncodeFrames(b FrameBatch) []byte {
	out := append([]byte(framesMagic), Version)
	out = binary.AppendVarint(out, b.ID)
	out = binary.AppendVarint(out, int64(b.Seq))
	out = binary.AppendUvarint(out, uint64(len(b.Frames)))
	for i := range b.Frames {
		out = appendFrame(out, &b.Frames[i])
	}
	return out
}

func appendFrame(out []byte, f *machine.Frame) []byte {
	for _, x := range []int64{int64(f.Serial), f.Work, f.Units, int64(f.Layer), int64(f.Pass), int64(f.Clock)} {
		out = binary.AppendVarint(out, x)
	}
	out = binary.LittleEndian.AppendUint64(out, math.Float64bits(f.Noise))
	var done byte
	if f.Done {
		done = 1
	}
	out = append(out, done)
	out = appendInts(out, f.Answer)
	out = appendInts(out, f.State)
	out = appendInts(out, f.Changed)
	return appendConf(out, f.Conf)
}

// appendInts writes len+1 (0 means nil) and then each value as a varint.
func appendInts(out []byte, xs []int) []byte {
	if xs == nil {
		return append(out, 0)
	}
	out = binary.AppendUvarint(out, uint64(len(xs))+1)
	for _, x := range xs {
		out = binary.AppendVarint(out, int64(x))
	}
	return out
}

func appendConf(out []byte, c []float64) []byte {
	if c == nil {
		return append(out, confNil)
	}
	bits := true
	for _, x := range c {
		if math.Float64bits(x) != 0 && x != 1 { // -0 is not 0 here: it must survive exactly
			bits = false
			break
		}
	}
	if !bits {
		out = append(out, confRaw)
		out = binary.AppendUvarint(out, uint64(len(c)))
		for _, x := range c {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(x))
		}
		return out
	}
	out = append(out, confBits)
	out = binary.AppendUvarint(out, uint64(len(c)))
	packed := make([]byte, (len(c)+7)/8)
	for i, x := range c {
		if x == 1 {
			packed[i/8] |= 1 << (i % 8)
		}
	}
	return append(out, packed...)
}

// errShort is the error for a batch that ends in the middle of a value.
var errShort = errors.New("frame batch is truncated")

// reader walks a batch, keeping the first error so that decoding code reads
// straight through and checks once per frame.
type reader struct {
	buf []byte
	err error
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.buf)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.buf = r.buf[n:]
	return x
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.buf = r.buf[n:]
	return x
}

// int reads a varint that must fit a Go int on every platform (32-bit wasm
// ints included), naming the field when it does not.
func (r *reader) int(what string) int {
	x := r.varint()
	if x < math.MinInt32 || x > math.MaxInt32 {
		r.fail(fmt.Errorf("frame batch: %s %d out of range", what, x))
		return 0
	}
	return int(x)
}

// count reads a length and checks that at least min bytes per element
// remain, so a forged length cannot make the decoder allocate wildly.
func (r *reader) count(what string, min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.buf)/min) {
		r.fail(fmt.Errorf("frame batch: %s length %d exceeds the %d bytes left", what, n, len(r.buf)))
		return 0
	}
	return int(n)
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.buf) < 1 {
		r.fail(errShort)
		return 0
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	return b
}

func (r *reader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.buf) < 8 {
		r.fail(errShort)
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.buf))
	r.buf = r.buf[8:]
	return x
}

func (r *reader) ints(what string) []int {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return nil
	}
	n--
	if n > uint64(len(r.buf)) {
		r.fail(fmt.Errorf("frame batch: %s length %d exceeds the %d bytes left", what, n, len(r.buf)))
		return nil
	}
	xs := make([]int, n)
	for i := range xs {
		xs[i] = r.int(what)
	}
	return xs
}

func (r *reader) conf() []float64 {
	switch mode := r.byte(); mode {
	case confNil:
		return nil
	case confBits:
		n := r.uvarint()
		if r.err == nil && n > uint64(len(r.buf))*8 {
			r.fail(fmt.Errorf("frame batch: confidence length %d exceeds the %d bytes left", n, len(r.buf)))
		}
		if r.err != nil {
			return nil
		}
		packed := r.buf[:(n+7)/8]
		r.buf = r.buf[(n+7)/8:]
		c := make([]float64, n)
		for i := range c {
			if packed[i/8]&(1<<(i%8)) != 0 {
				c[i] = 1
			}
		}
		if n%8 != 0 && packed[len(packed)-1]>>(n%8) != 0 {
			r.fail(errors.New("frame batch: confidence padding bits are set"))
		}
		return c
	case confRaw:
		n := r.count("confidence", 8)
		c := make([]float64, n)
		for i := range c {
			c[i] = r.float()
		}
		return c
	default:
		r.fail(fmt.Errorf("frame batch: unknown confidence encoding %d", mode))
		return nil
	}
}

// DecodeFrames reads a batch written by EncodeFrames. Malformed input gives a
// clear error, never a panic, and no allocation larger than the input allows.
func DecodeFrames(data []byte) (FrameBatch, error) {
	if len(data) < len(framesMagic)+1 || string(data[:len(framesMagic)]) != framesMagic {
		return FrameBatch{}, errors.New("not a frame batch (bad magic)")
	}
	if v := data[len(framesMagic)]; v != Version {
		return FrameBatch{}, fmt.Errorf("frame batch version %d, this side speaks %d", v, Version)
	}
	r := &reader{buf: data[len(framesMagic)+1:]}
	b := FrameBatch{ID: r.varint()}
	b.Seq = r.int("seq")
	const minFrame = 6 + 8 + 1 + 3 + 1 // six varints, noise, done, three slices, conf
	n := r.count("frames", minFrame)
	if r.err != nil {
		return FrameBatch{}, r.err
	}
	b.Frames = make([]machine.Frame, n)
	for i := range b.Frames {
		f := &b.Frames[i]
		f.Serial = r.int("serial")
		f.Work = r.varint()
		f.Units = r.varint()
		f.Layer = r.int("layer")
		f.Pass = r.int("pass")
		f.Clock = r.int("clock")
		f.Noise = r.float()
		switch d := r.byte(); d {
		case 0, 1:
			f.Done = d == 1
		default:
			r.fail(fmt.Errorf("frame batch: done flag %d is not 0 or 1", d))
		}
		f.Answer = r.ints("answer")
		f.State = r.ints("state")
		f.Changed = r.ints("changed")
		f.Conf = r.conf()
		if r.err != nil {
			return FrameBatch{}, fmt.Errorf("frame %d: %w", i, r.err)
		}
	}
	if len(r.buf) != 0 {
		return FrameBatch{}, fmt.Errorf("frame batch: %d trailing bytes", len(r.buf))
	}
	return b, nil
}
