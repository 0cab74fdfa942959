package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (name → contents) under a fresh folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// newServer serves a small dist folder over real HTTP.
func newServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	dir := writeTree(t, map[string]string{
		"index.html":     "<!doctype html><title>index</title>",
		"embed.html":     "<!doctype html><title>embed</title>",
		"app.wasm":       "\x00asm wasm body",
		"app.wasm.br":    "BROTLI-BYTES",
		"app.wasm.gz":    gz(t, "\x00asm wasm body"),
		"host.js":        "console.log(1)",
		"style.css":      "body{}",
		"poster.svg":     "<svg/>",
		"sub/index.html": "sub index",
		"sub/data.json":  "{}",
		"noindex/a.txt":  "a",
		".secret":        "hidden",
		"unknown.zzz":    "???",
		"only-gz.txt":    "plain",
		"only-gz.txt.gz": gz(t, "plain"),
	})
	h, err := Handler(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, dir
}

// get sends a request with no automatic decompression.
func get(t *testing.T, method, url, acceptEncoding string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", acceptEncoding)
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestContentTypes(t *testing.T) {
	srv, _ := newServer(t)
	for path, want := range map[string]string{
		"/":              "text/html; charset=utf-8",
		"/index.html":    "text/html; charset=utf-8",
		"/embed.html":    "text/html; charset=utf-8",
		"/app.wasm":      "application/wasm",
		"/host.js":       "text/javascript; charset=utf-8",
		"/style.css":     "text/css; charset=utf-8",
		"/poster.svg":    "image/svg+xml",
		"/sub/data.json": "application/json",
		"/unknown.zzz":   "application/octet-stream",
	} {
		resp, _ := get(t, "GET", srv.URL+path, "")
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/", "/app.wasm", "/missing", "/../etc/passwd"} {
		resp, _ := get(t, "GET", srv.URL+path, "")
		if got := resp.Header.Get("Content-Security-Policy"); got != ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", path, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := resp.Header.Get("Referrer-Policy"); got == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != "" {
			t.Errorf("%s: X-Frame-Options %q forbids embedding", path, got)
		}
	}
	if !strings.Contains(ContentSecurityPolicy, "frame-ancestors *") {
		t.Error("CSP must let other sites frame the pages")
	}
	if !strings.Contains(ContentSecurityPolicy, "'wasm-unsafe-eval'") {
		t.Error("CSP must allow compiling WebAssembly")
	}
}

func TestPrecompressedTwins(t *testing.T) {
	srv, _ := newServer(t)
	cases := []struct {
		path, accept, encoding, body string
	}{
		{"/app.wasm", "gzip, deflate, br", "br", "BROTLI-BYTES"},
		{"/app.wasm", "br;q=0.5, gzip;q=0.9", "br", "BROTLI-BYTES"}, // br is best when allowed at all
		{"/app.wasm", "gzip", "gzip", gz(t, "\x00asm wasm body")},
		{"/app.wasm", "br;q=0, gzip", "gzip", gz(t, "\x00asm wasm body")},
		{"/app.wasm", "*", "br", "BROTLI-BYTES"},
		{"/app.wasm", "*, br;q=0", "gzip", gz(t, "\x00asm wasm body")},
		{"/app.wasm", "", "", "\x00asm wasm body"},
		{"/app.wasm", "identity", "", "\x00asm wasm body"},
		{"/only-gz.txt", "br, gzip", "gzip", gz(t, "plain")},
		{"/only-gz.txt", "br", "", "plain"},
		{"/host.js", "br, gzip", "", "console.log(1)"},
	}
	for _, c := range cases {
		resp, body := get(t, "GET", srv.URL+c.path, c.accept)
		if got := resp.Header.Get("Content-Encoding"); got != c.encoding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", c.path, c.accept, got, c.encoding)
		}
		if body != c.body {
			t.Errorf("%s with %q: body %q, want %q", c.path, c.accept, body, c.body)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", c.path)
		}
		if c.path == "/app.wasm" && resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("%s with %q: Content-Type %q, want the original's", c.path, c.accept, resp.Header.Get("Content-Type"))
		}
	}
}

func TestGzipTwinDecodesToOriginal(t *testing.T) {
	srv, _ := newServer(t)
	// The default client asks for gzip and decodes it transparently.
	resp, err := http.Get(srv.URL + "/app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "\x00asm wasm body" || !resp.Uncompressed {
		t.Errorf("body %q uncompressed=%v", body, resp.Uncompressed)
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	srv, _ := newServer(t)
	resp, body := get(t, "HEAD", srv.URL+"/index.html", "")
	if resp.StatusCode != 200 || body != "" || resp.ContentLength != int64(len("<!doctype html><title>index</title>")) {
		t.Errorf("HEAD: status %d, body %q, length %d", resp.StatusCode, body, resp.ContentLength)
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		resp, _ := get(t, m, srv.URL+"/index.html", "")
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, resp.StatusCode)
		}
		if resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", m, resp.Header.Get("Allow"))
		}
	}
}

func TestNoListingsNoEscapeNoHidden(t *testing.T) {
	srv, dir := newServer(t)
	outside := filepath.Join(filepath.Dir(dir), "outside-secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	if err := os.Symlink(outside, filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/sub", // a folder without the slash: no listing
		"/missing.html",
		"/.secret",
		"/sub/../.secret",
		"/../outside-secret.txt",
		"/%2e%2e/outside-secret.txt",
		"/sub/..%2f..%2foutside-secret.txt",
		"/link.txt", // symlink out of the folder
		"/index.html%00.js",
	} {
		resp, body := get(t, "GET", srv.URL+path, "")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d body %q, want 404", path, resp.StatusCode, body)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "hidden") || strings.Contains(body, "<a href") {
			t.Errorf("%s: leaked %q", path, body)
		}
	}
	resp, body := get(t, "GET", srv.URL+"/sub/", "")
	if resp.StatusCode != 200 || body != "sub index" {
		t.Errorf("/sub/: status %d body %q, want its index.html", resp.StatusCode, body)
	}
}

// Raw paths that an http.Client would clean are checked on the handler itself.
func TestHandlerRejectsRawEscapes(t *testing.T) {
	_, dir := newServer(t)
	h, err := Handler(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"/../outside-secret.txt", "/sub/../../x", "/..", "relative.html", "/a\\..\\b"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = raw
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound {
			t.Errorf("%q: status %d, want 404", raw, rec.Code)
		}
	}
}

func TestHandlerNeedsAFolder(t *testing.T) {
	if _, err := Handler(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("a missing folder must be an error")
	}
}

func TestAccepts(t *testing.T) {
	for _, c := range []struct {
		header, coding string
		want           bool
	}{
		{"", "br", false},
		{"br", "br", true},
		{"BR", "br", true},
		{"gzip, br", "br", true},
		{"br;q=0", "br", false},
		{"br; q=0.0", "br", false},
		{"br;q=0.001", "br", true},
		{"br;q=bad", "br", false},
		{"*", "gzip", true},
		{"*;q=0", "gzip", false},
		{"*, gzip;q=0", "gzip", false},
		{"gzip;q=0, *", "gzip", false},
		{"brotli", "br", false},
	} {
		if got := accepts(c.header, c.coding); got != c.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", c.header, c.coding, got, c.want)
		}
	}
}
