package render

import "github.com/depthrace/depthrace/core/machine"

// Scene is everything one canvas frame shows: the puzzle, the shared serial
// clock and one LaneView per lane, in display order.
type Scene struct {
	Info     machine.Info
	Size     int
	Seed     uint64
	Input    []int // the puzzle's input cells
	Tick     int   // the shared serial clock
	Playing  bool
	Finished bool // every lane is done
	Speed    float64
	Lanes    []LaneView
	// Curves, when not nil, is a sweep's view, drawn instead of the lanes.
	Curves *Curves
}

// LaneView is one lane as the renderer sees it: its configuration, its
// latest frame and what the stage kept of its past.
type LaneView struct {
	Lane  machine.Lane
	Frame machine.Frame
	// Version changes whenever Frame does (it is unique across lanes and
	// races), so the renderer repaints a board only then.
	Version uint64
	// Units holds the units evaluated in each serial step of the current
	// net pass (wide) or denoiser pass (diffusion), so the architecture can
	// show what every layer used; nil for the loop.
	Units []int64
	// History holds the family-time rows seen so far, for boards that draw
	// a space-time diagram; nil when the board does not need it.
	History []Row
	Done    bool
	// Final is the scored answer once the lane is done, with undetermined
	// cells guessed; nil while it runs.
	Final        []int
	Wrong        []int // answer cells that differ from the reference, once done
	Exact        bool
	CellAccuracy float64
	WallMs       float64
	Counters     []machine.Counter
	// Error is why the lane stopped, when its worker failed it; "" otherwise.
	Error string
}

// Row is one recorded state of a family's own time: the registers State at
// family time Clock (an automaton row, for instance).
type Row struct {
	Clock int
	State []int
}

// Signature is everything a drawn scene depends on besides the screen: the
// clock, the play state and each lane's frame version (unique to its race).
// Two scenes with equal signatures draw the same picture, so the app can
// keep the last frame instead of drawing it again.
func (s *Scene) Signature() []uint64 {
	sig := []uint64{uint64(s.Tick), uint64(len(s.Lanes))}
	if s.Playing {
		sig = append(sig, 1)
	} else {
		sig = append(sig, 0)
	}
	if s.Finished {
		sig = append(sig, 1)
	} else {
		sig = append(sig, 0)
	}
	for _, l := range s.Lanes {
		sig = append(sig, l.Version, uint64(len(l.Error)))
	}
	if s.Curves != nil {
		sig = append(sig, s.Curves.Version)
	}
	return sig
}
