// Package machinetest records a run the way the animation steps it, for
// the tests across the project that compare frame streams: the wire
// format, the lane worker, the stage and the browser pool.
package machinetest

import "github.com/depthrace/depthrace/core/machine"

// Record runs lane on inst with seed to its end, one step at a time, and
// returns the frame before the first step and after every step, and the
// result.
func Record(inst machine.Instance, lane machine.Lane, seed uint64) ([]machine.Frame, machine.Result, error) {
	r, err := machine.NewRun(inst, lane, seed)
	if err != nil {
		return nil, machine.Result{}, err
	}
	frames := []machine.Frame{r.Frame()}
	for r.Step() {
		frames = append(frames, r.Frame())
	}
	return frames, r.Result(), nil
}
