//go:build js && wasm

// Command bare is the smallest ebiten program: a full-page canvas filled with
// the stage's background colour. The browser tests load it through the same
// stage.html as the app to measure what ebiten alone costs from navigation to
// the first frame, next to the real app.
package main

import (
	"image/color"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

// game counts the frames it draws and publishes the count as
// globalThis.bareFrames, so a test can see the first frame.
type game struct{ frames int }

func (g *game) Update() error { return nil }

func (g *game) Draw(screen *ebiten.Image) {
	screen.Fill(color.RGBA{0x14, 0x18, 0x22, 0xff})
	g.frames++
	js.Global().Set("bareFrames", g.frames)
}

func (g *game) Layout(w, h int) (int, int) { return w, h }

func main() {
	if err := ebiten.RunGame(&game{}); err != nil {
		panic(err)
	}
}
