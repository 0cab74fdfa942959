// Command precompress writes .br and .gz twins next to the compressible files
// of a folder, so that `depthrace serve` (or any static host that knows the
// convention) can send app.wasm as brotli or gzip without compressing on
// every request.
//
//	precompress DIR
//
// A twin is written only when it is smaller than the original. The output is
// deterministic (no timestamps or names in the gzip header), and one line per
// file reports the three sizes.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions worth compressing; images such as PNG are
// compressed already.
var compressible = map[string]bool{
	".html": true, ".js": true, ".css": true, ".wasm": true,
	".svg": true, ".json": true, ".txt": true,
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

// run compresses every compressible file under dir.
func run(dir string, out io.Writer) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !compressible[strings.ToLower(filepath.Ext(p))] {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		br, err := brotliBytes(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		gz, err := gzipBytes(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(out, "%-16s %9d bytes  br %9d  gz %9d\n", filepath.ToSlash(rel), len(data), len(br), len(gz))
		for suffix, twin := range map[string][]byte{".br": br, ".gz": gz} {
			if err := writeTwin(p+suffix, twin, len(data)); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeTwin writes a compressed twin, or removes a stale one when compressing
// did not pay.
func writeTwin(name string, data []byte, original int) error {
	if len(data) >= original {
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	return os.WriteFile(name, data, 0o644)
}

// brotliBytes compresses at the best quality with a large window: slower to
// build, smaller to download.
func brotliBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// gzipBytes compresses at the best level with an empty header.
func gzipBytes(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
