# depthrace: `make run` serves the playground, `make test` checks everything.
# Needs only Go (and, for the browser tests, /usr/bin/chromium).

GO      ?= go
DIST    := dist
ADDR    ?= 127.0.0.1:8080
GOROOT  := $(shell $(GO) env GOROOT)
WASMENV := GOOS=js GOARCH=wasm
SITE_FILES := $(wildcard site/*.html site/*.js site/*.css site/*.svg site/*.png)

.PHONY: run site test fmt-check vet test-native test-wasm test-browser chromium bench bench-site clean

## run: build dist/ and serve it on http://$(ADDR)/
run: site
	$(GO) run ./cmd/depthrace serve --addr $(ADDR) --dir $(DIST)

## site: build the static folder dist/ (pages, app.wasm, lanes.wasm, wasm_exec.js, .br/.gz twins)
site:
	@mkdir -p $(DIST)
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -o $(DIST)/app.wasm ./wasm/app
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -o $(DIST)/lanes.wasm ./wasm/lanes
	cp -p $(SITE_FILES) $(DIST)/
	cp -p "$(GOROOT)/lib/wasm/wasm_exec.js" $(DIST)/
	$(GO) run ./cmd/precompress $(DIST)

## test: formatting, vet, native and wasm tests, then the browser tests on dist/
test: fmt-check vet test-native test-wasm test-browser

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l reports unformatted files:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./core/... ./wasm/...
	$(GO) vet -tags browser ./site/

test-native:
	$(GO) test ./...

# The core's tests under Node, then the digest of every family's frames and
# results, native against wasm: they must be identical.
test-wasm:
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASMENV) $(GO) test ./core/... ./wasm/lanes/...
	@tmp=$$(mktemp -d) && \
	DEPTHRACE_DIGEST=$$tmp/native $(GO) test -count=1 -run '^TestDigest$$' ./core/registry/ >/dev/null && \
	DEPTHRACE_DIGEST=$$tmp/wasm PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASMENV) $(GO) test -count=1 -run '^TestDigest$$' ./core/registry/ >/dev/null && \
	if cmp -s $$tmp/native $$tmp/wasm; then echo "wasm digest equals native: $$(cat $$tmp/native)"; rm -rf $$tmp; \
	else echo "wasm and native results differ: native $$(cat $$tmp/native) wasm $$(cat $$tmp/wasm)"; rm -rf $$tmp; exit 1; fi

test-browser: site chromium
	$(GO) test -tags browser -count=1 -timeout 5m ./site/ -dist "$(CURDIR)/$(DIST)"

## bench: the machines' benchmarks, native and wasm, as one short table
## (ns per unit of work, serial steps per second, and the wasm/native ratio)
BENCH := -run '^$$' -bench . -benchtime=300ms ./core/registry/ ./core/sudoku/ ./core/race/
bench:
	@tmp=$$(mktemp -d) && \
	$(GO) test $(BENCH) > $$tmp/native && \
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASMENV) $(GO) test $(BENCH) > $$tmp/wasm && \
	$(GO) run ./cmd/benchtable $$tmp/native $$tmp/wasm; rc=$$?; rm -rf $$tmp; exit $$rc

## bench-site: first-frame and frame-time figures in headless Chromium (app vs bare ebiten)
bench-site: site
	$(GO) test -tags browser -run '^$$' -bench 'FirstFrame|FrameTime' -benchtime 3x -timeout 10m ./site/ -dist "$(CURDIR)/$(DIST)"

## chromium: Debian's chromium for the browser tests, installed with apt-get
## when /usr/bin/chromium is missing, so that `make test` needs only Go
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@[ -x /usr/bin/chromium ] || { echo "make: installing Debian's chromium for the browser tests"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(DIST)
