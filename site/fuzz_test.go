package site

import (
	"path"
	"strings"
	"testing"
)

// FuzzFileName checks that no URL path maps to a name outside the folder or
// to a hidden file, whatever its dots, slashes and escapes.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"/", "/index.html", "/sub/", "/../x", "/a/../../b", "/.git/config", "/a//b", "/a/./b", "/%2e%2e/x", "/a\\..\\b", "relative", "/a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, urlPath string) {
		name, ok := fileName(urlPath)
		if !ok {
			return
		}
		if name == "" || strings.HasPrefix(name, "/") || path.Clean(name) != name {
			t.Fatalf("fileName(%q) = %q: not a clean relative name", urlPath, name)
		}
		for _, part := range strings.Split(name, "/") {
			if part == ".." || strings.HasPrefix(part, ".") {
				t.Fatalf("fileName(%q) = %q: climbs out or names a hidden file", urlPath, name)
			}
		}
		if strings.ContainsAny(name, "\x00\\") {
			t.Fatalf("fileName(%q) = %q: holds a NUL or a backslash", urlPath, name)
		}
	})
}

// FuzzAccepts checks that a coding refused with q=0 is never accepted, and
// that parsing any header never panics.
func FuzzAccepts(f *testing.F) {
	for _, s := range []string{"", "br", "gzip, br", "br;q=0", "*;q=0.5", "gzip;q=0, *", "br;q=bad", ";;,,", "BR; Q=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		for _, coding := range []string{"br", "gzip"} {
			accepts(header, coding) // must not panic
			if strings.Contains(strings.ToLower(header), coding) {
				continue // the header's own entry for the coding comes first
			}
			if accepts(header+", "+coding+";q=0", coding) {
				t.Fatalf("accepts(%q + \", %s;q=0\") = true: an explicit refusal was ignored", header, coding)
			}
		}
	})
}
