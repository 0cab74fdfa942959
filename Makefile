# depthrace: `make run` serves the playground, `make test` checks everything.
# Needs only Go (and, for the browser tests, /usr/bin/chromium).

GO      ?= go
DIST    := dist
ADDR    ?= 127.0.0.1:8080
GOROOT  := $(shell $(GO) env GOROOT)
WASMENV := GOOS=js GOARCH=wasm
SITE_FILES := $(wildcard site/*.html site/*.js site/*.css site/*.svg site/*.png)

.PHONY: run site test fmt-check vet test-native test-wasm test-browser bench bench-site clean

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

test-wasm:
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASMENV) $(GO) test ./core/...

test-browser: site
	$(GO) test -tags browser -count=1 -timeout 5m ./site/ -dist "$(CURDIR)/$(DIST)"

## bench: benchmarks of the core (natively)
bench:
	$(GO) test -run '^$$' -bench . -benchtime=200ms ./core/...

## bench-site: first-frame and frame-time figures in headless Chromium (app vs bare ebiten)
bench-site: site
	$(GO) test -tags browser -run '^$$' -bench 'FirstFrame|FrameTime' -benchtime 3x -timeout 10m ./site/ -dist "$(CURDIR)/$(DIST)"

clean:
	rm -rf $(DIST)
