package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestServeBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "-bogus"},
		{[]string{"--dir", dir + "/missing"}, "--dir"},
		{[]string{"--dir", dir, "--addr", "nohostport"}, "--addr \"nohostport\""},
		{[]string{"--dir", dir, "extra"}, "unexpected argument \"extra\""},
	} {
		var out, errb bytes.Buffer
		if code := runServe(c.args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		msg := errb.String()
		if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, c.want) {
			t.Errorf("%v: stderr %q, want one line naming %q", c.args, msg, c.want)
		}
	}
}

func TestServeAddressThatCannotListen(t *testing.T) {
	var out, errb bytes.Buffer
	// The address parses as HOST:PORT, but no port 99999 exists: Listen fails.
	if code := runServe([]string{"--dir", t.TempDir(), "--addr", "127.0.0.1:99999"}, &out, &errb); code != 1 {
		t.Errorf("exit %d, want 1 (stderr %q)", code, errb.String())
	}
}
