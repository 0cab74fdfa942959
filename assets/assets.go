// Package assets embeds the files that ship inside the binaries: the bundled
// Sudoku sets with their credits. go:embed cannot reach parent directories,
// so the data lives here and core packages read it through this package.
package assets

import "embed"

// Sudoku holds the bundled puzzle sets (sudoku/*.txt, one 81-character puzzle
// a line) and their credits (sudoku/SOURCES.md), which must ship with them.
//
//go:embed sudoku/*.txt sudoku/SOURCES.md
var Sudoku embed.FS
