// Package site serves the playground's static folder (dist/) and holds the
// host pages, the page hook and the browser tests that drive them.
//
// The server is what `depthrace serve` runs: any static host can serve dist/,
// but this one also picks the precompressed .br/.gz twins that `make site`
// writes, sends the security headers and keeps every request inside the folder.
package site

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// ContentSecurityPolicy is sent with every response. Scripts come only from
// the site itself ('wasm-unsafe-eval' lets them compile app.wasm); nothing is
// fetched from other hosts; any site may frame the pages (frame-ancestors *),
// because embedding in blog posts is a feature.
const ContentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"worker-src 'self'; " +
	"frame-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"frame-ancestors *"

// contentTypes pins the types the site relies on, so they do not depend on
// the host's mime tables (application/wasm is what instantiateStreaming needs).
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".wasm":  "application/wasm",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".json":  "application/json",
	".txt":   "text/plain; charset=utf-8",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".ttf":   "font/ttf",
}

// encodings are the precompressed twins the server looks for, best first:
// a request for app.wasm may be answered with app.wasm.br.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Handler serves the static files of dir. It answers only GET and HEAD,
// maps "/" and "/x/" to their index.html, never lists a directory, never
// leaves dir (os.Root also refuses symlinks that point outside), and serves a
// .br or .gz twin when the client accepts that encoding.
func Handler(dir string) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &handler{root: root}, nil
}

type handler struct {
	root *os.Root
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", ContentSecurityPolicy)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, info, err := h.open(name)
	if err != nil {
		// Missing, a folder, unreadable or escaping the root (a symlink out
		// of it): all look the same from outside.
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", "no-cache")
	hdr.Add("Vary", "Accept-Encoding")
	for _, enc := range encodings {
		if !accepts(r.Header.Get("Accept-Encoding"), enc.name) {
			continue
		}
		zf, zinfo, err := h.open(name + enc.suffix)
		if err != nil {
			continue
		}
		defer zf.Close()
		f, info = zf, zinfo
		hdr.Set("Content-Encoding", enc.name)
		break
	}
	http.ServeContent(w, r, "", info.ModTime(), f)
}

// errNotFile marks a path that exists but is a directory or a special file.
var errNotFile = errors.New("not a regular file")

// open opens a regular file under the root.
func (h *handler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := h.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, errNotFile
	}
	return f, info, nil
}

// fileName maps a URL path to a file name relative to the root. Paths ending
// in "/" mean that folder's index.html. Hidden names (".git", ".env") and
// anything that would climb out of the folder are refused.
func fileName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsRune(urlPath, 0) || strings.Contains(urlPath, "\\") {
		return "", false
	}
	for _, part := range strings.Split(urlPath[1:], "/") {
		if part == ".." || strings.HasPrefix(part, ".") && part != "" {
			return "", false
		}
	}
	name := path.Clean(urlPath)[1:]
	if strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	if name == "" || name == "." {
		return "", false
	}
	return name, true
}

// contentType names the media type of a file from its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// accepts reports whether an Accept-Encoding header allows the coding: listed
// by name (or "*") with a q-value above zero.
func accepts(header, coding string) bool {
	allowed := false
	for _, item := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(item), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		if name == coding {
			return q > 0 // an explicit entry wins over "*"
		}
		allowed = q > 0
	}
	return allowed
}
