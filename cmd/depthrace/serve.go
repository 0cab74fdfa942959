package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/depthrace/depthrace/site"
)

// runServe implements `depthrace serve [--addr 127.0.0.1:8080] [--dir DIR]`:
// it serves the static folder that `make site` builds until interrupted.
// Bad flags exit with status 2 and one line; a folder or address that cannot
// be used exits with status 1.
func runServe(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fl.String("dir", "dist", "folder to serve (built by `make site`)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: depthrace serve [--addr 127.0.0.1:8080] [--dir DIR]")
			return 0
		}
		fmt.Fprintf(stderr, "depthrace serve: %v (usage: depthrace serve [--addr HOST:PORT] [--dir DIR])\n", err)
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "depthrace serve: unexpected argument %q (usage: depthrace serve [--addr HOST:PORT] [--dir DIR])\n", fl.Arg(0))
		return 2
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(stderr, "depthrace serve: --addr %q is not HOST:PORT (for example 127.0.0.1:8080)\n", *addr)
		return 2
	}
	if info, err := os.Stat(*dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "depthrace serve: --dir %q is not a folder (run `make site` to build dist/)\n", *dir)
		return 2
	}
	h, err := site.Handler(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "depthrace serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "depthrace serve: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "depthrace: serving %s on http://%s/\n", *dir, ln.Addr())

	select {
	case err := <-done:
		fmt.Fprintf(stderr, "depthrace serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "depthrace serve: %v\n", err)
		return 1
	}
	return 0
}
