// Package render draws the race on the stage canvas.
//
// The package splits in two. The pure half (no ebiten, built and tested
// natively) holds the scene a frame shows, the layout math, the colours and
// the family boards, which paint cells into a software Canvas at device
// pixels. The ebiten half (files built only for GOOS=js) uploads those
// canvases, draws the lanes' architectures, counters and verdicts with
// vector shapes and text/v2, and composes the screen.
//
// Text is set in Go Regular, by Bigelow & Holmes for the Go project
// (golang.org/x/image/font/gofont, BSD-style licence, © The Go Authors),
// compiled into the binary: no font file is fetched.
//
// Boards draw only what frames say: a board never recomputes a family's
// logic. Every family has a board chosen by name, and any family without
// one gets the generic board, so a family added later still draws.
package render
