package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestTwinsDecodeToTheOriginal(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("depthrace wide deep diffusion ", 200)
	files := map[string]string{
		"index.html":   big,
		"sub/app.wasm": "\x00asm" + big,
		"tiny.js":      "x",          // compressing does not pay: no twin
		"poster.png":   big,          // not a compressible type: no twin
		"tiny.js.br":   "stale twin", // removed, since a twin no longer pays
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := run(dir, &out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "sub/app.wasm"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		br, err := os.ReadFile(p + ".br")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err != nil || string(got) != files[name] {
			t.Errorf("%s.br does not decode to the original (err %v)", name, err)
		}
		gz, err := os.ReadFile(p + ".gz")
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		got, err = io.ReadAll(zr)
		if err != nil || string(got) != files[name] {
			t.Errorf("%s.gz does not decode to the original (err %v)", name, err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s.gz header has name %q time %v: builds would differ", name, zr.Name, zr.ModTime)
		}
		if len(br) >= len(files[name]) || len(gz) >= len(files[name]) {
			t.Errorf("%s: twins are not smaller", name)
		}
	}
	for _, name := range []string{"tiny.js.br", "tiny.js.gz", "poster.png.br", "poster.png.gz", "index.html.br.br"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s should not exist (err %v)", name, err)
		}
	}
	if !strings.Contains(out.String(), "sub/app.wasm") {
		t.Errorf("report lacks the file: %s", out.String())
	}
}

func TestRunReportsAMissingFolder(t *testing.T) {
	if err := run(filepath.Join(t.TempDir(), "nope"), io.Discard); err == nil {
		t.Error("a missing folder must be an error")
	}
}

func TestFreshTwinsAreKeptStaleOnesRewritten(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app.wasm")
	first := strings.Repeat("first version ", 100)
	if err := os.WriteFile(p, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(dir, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "up to date") {
		t.Errorf("second run recompressed unchanged twins: %s", out.String())
	}
	second := strings.Repeat("second version ", 100)
	if err := os.WriteFile(p, []byte(second), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(dir, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "up to date") {
		t.Errorf("changed file kept its stale twins: %s", out.String())
	}
	br, _ := os.ReadFile(p + ".br")
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || string(got) != second {
		t.Errorf("app.wasm.br holds %q after the change (err %v)", got, err)
	}
}
