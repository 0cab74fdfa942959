package machine

import (
	"math/rand/v2"
	"slices"
)

// diffusion is Diff(D, W, K, mode): K passes of a depth-D denoiser, each a
// fresh Net(D, W), with the sample re-noised between passes. It is a Process
// whose serial steps are the denoiser's layers, so it shares the clock with
// the other lanes.
//
// In score mode the denoiser reads the instance's input through the net and
// the sample only cell by cell, as noisy evidence; nothing but the sample and
// the noise level passes between passes. In commit mode confident cells are
// frozen for good and fed back to the net as inputs it may derive from.
type diffusion struct {
	inst      Instance
	depth     int
	width     int
	steps     int
	mode      Mode
	alphabet  int
	rng       *rand.Rand
	net       Process // the denoiser pass under way, or nil between passes
	layer     int     // layers done in the current pass
	pass      int     // passes finished
	sample    []int   // the noisy sample x_t
	pred      []int   // the last prediction of the clean answer (-1 before the first)
	conf      []float64
	committed []int // commit mode: frozen cells, -1 where open
}

func newDiffusion(inst Instance, lane Lane, seed uint64) *diffusion {
	n := len(inst.Reference())
	d := &diffusion{
		inst: inst, depth: lane.Depth, width: lane.Width, steps: lane.Steps, mode: lane.Mode,
		alphabet: inst.Alphabet(), rng: rand.New(rand.NewPCG(seed, 0xd1ff0510)),
		sample: make([]int, n), pred: make([]int, n), conf: make([]float64, n),
	}
	for i := range d.sample {
		d.sample[i] = d.rng.IntN(d.alphabet) // pure noise: sigma = 1
		d.pred[i] = -1
	}
	if d.mode == Commit {
		d.committed = slices.Repeat([]int{-1}, n)
	}
	return d
}

// noise is the noise level sigma of the current sample: 1 before the first
// pass, falling linearly to 0 after the last.
func (d *diffusion) noise() float64 { return 1 - float64(d.pass)/float64(d.steps) }

// Step runs one layer of the current denoiser pass; the last layer of a pass
// also predicts the clean answer and re-noises the sample.
func (d *diffusion) Step() int64 {
	if d.pass >= d.steps {
		return 0
	}
	if d.net == nil {
		d.net = d.inst.NewWide(d.depth, d.width, d.committed)
		d.layer = 0
	}
	units := d.net.Step()
	d.layer++
	if d.layer == d.depth {
		units += d.finishPass(d.net.View())
		d.net, d.layer = nil, 0
	}
	return units
}

// finishPass turns the net's view into a prediction, commits cells in commit
// mode and re-noises the sample to the next level. It returns the units
// spent: one per cell for reading its evidence.
func (d *diffusion) finishPass(v View) int64 {
	sigma := d.noise()
	chance := 1 / float64(d.alphabet)
	// How far the sample's own value can be trusted at this noise level, as
	// the forward process defines it: kept with probability 1-sigma, else uniform.
	evidence := (1 - sigma) + sigma*chance
	derivedNew := false
	for c := range d.pred {
		value, conf := v.Answer[c], 1.0
		if v.Conf != nil {
			conf = v.Conf[c]
		}
		switch {
		case d.committed != nil && d.committed[c] >= 0:
			value, conf = d.committed[c], 1
		case value >= 0 && conf >= 1:
			derivedNew = derivedNew || d.committed != nil
		case sigma < 1 && evidence >= conf:
			value, conf = d.sample[c], evidence
		case value < 0:
			value, conf = Guess(uint64(d.pass)<<32|uint64(d.rng.Uint32()), c, d.alphabet), chance
		}
		d.pred[c], d.conf[c] = value, conf
	}
	if d.committed != nil {
		d.commit(v, derivedNew, chance)
	}
	d.pass++
	next := d.noise()
	for c := range d.sample {
		switch {
		case d.committed != nil && d.committed[c] >= 0:
			d.sample[c] = d.committed[c]
		case d.rng.Float64() < next:
			d.sample[c] = d.rng.IntN(d.alphabet)
		default:
			d.sample[c] = d.pred[c]
		}
	}
	return int64(len(d.pred))
}

// commit freezes every cell the net derived outright. When it derived
// nothing new, it freezes the single most confident cell, if any beats
// chance: confidence-ordered unmasking.
func (d *diffusion) commit(v View, derivedNew bool, chance float64) {
	best, bestConf := -1, chance
	for c, x := range v.Answer {
		if d.committed[c] >= 0 || x < 0 {
			continue
		}
		conf := 1.0
		if v.Conf != nil {
			conf = v.Conf[c]
		}
		if conf >= 1 {
			d.committed[c] = x
		} else if !derivedNew && conf > bestConf {
			best, bestConf = c, conf
		}
	}
	if !derivedNew && best >= 0 {
		d.committed[best] = v.Answer[best]
	}
}

// Halted reports that all K passes are done.
func (d *diffusion) Halted() bool { return d.pass >= d.steps }

// View shows the last prediction as the answer and the noisy sample as state.
func (d *diffusion) View() View {
	return View{Answer: d.pred, Conf: d.conf, State: d.sample, Clock: -1}
}
