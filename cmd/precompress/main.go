// Command precompress writes .br and .gz twins next to the compressible files
// of a folder, so that `depthrace serve` (or any static host that knows the
// convention) can send app.wasm as brotli or gzip without compressing on
// every request.
//
//	precompress DIR
//
// A twin is written only when it is smaller than the original. Twins that
// already decode to the file's current contents are kept, so rebuilding the
// site recompresses only what changed (brotli at its best quality takes tens
// of seconds on app.wasm). The output is deterministic (no timestamps or
// names in the gzip header), and one line per file reports the sizes.
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
		rel, _ := filepath.Rel(dir, p)
		if brSize, gzSize, ok := current(p, data); ok {
			fmt.Fprintf(out, "%-16s %9d bytes  br %9d  gz %9d  (up to date)\n", filepath.ToSlash(rel), len(data), brSize, gzSize)
			return nil
		}
		br, err := brotliBytes(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		gz, err := gzipBytes(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		fmt.Fprintf(out, "%-16s %9d bytes  br %9d  gz %9d\n", filepath.ToSlash(rel), len(data), len(br), len(gz))
		// .gz goes last: current trusts a pair whose .gz is fresh.
		if err := writeTwin(p+".br", br, len(data)); err != nil {
			return err
		}
		return writeTwin(p+".gz", gz, len(data))
	})
}

// current reports whether both twins of a file exist and decode to data,
// with their sizes.
func current(name string, data []byte) (brSize, gzSize int, ok bool) {
	br, err := os.ReadFile(name + ".br")
	if err != nil {
		return 0, 0, false
	}
	gz, err := os.ReadFile(name + ".gz")
	if err != nil {
		return 0, 0, false
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return 0, 0, false
	}
	fromGz, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(fromGz, data) {
		return 0, 0, false
	}
	fromBr, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(fromBr, data) {
		return 0, 0, false
	}
	return len(br), len(gz), true
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
