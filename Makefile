# Candor's build. `make run` and `make test` install what a fresh
# Debian/Ubuntu machine is missing (through sudo when not root), then build
# and open the app, or run every check and test.

GO          ?= go
BIN         := bin/candor
TOOLS       := $(CURDIR)/.tools/bin
STATICCHECK_VERSION := v0.8.2
FYNE_TOOLS_VERSION  := v1.7.4

# Packages the build needs (cgo, OpenGL and X11 headers for Fyne) and the
# tests need (a virtual display, key presses, the clipboard, screenshots for
# the window tests; two local Syncthing instances for the sync tests).
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
              libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  := xvfb xauth xdotool xclip imagemagick x11-utils strace util-linux syncthing
# The Windows build from Linux: the mingw-w64 C cross-compiler for Fyne's
# OpenGL and GLFW code, and zip for the Windows package.
CROSS_PKGS := gcc-mingw-w64-x86-64 zip

# The Windows executable: built by `fyne package -os windows` with mingw-w64,
# which puts the icon, version and manifest resources in it.
WIN_CC  := x86_64-w64-mingw32-gcc
WIN_EXE := dist/windows/Candor.exe
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
# Packages that compile for macOS without its SDK: all but the two that
# import Fyne's widgets, which need cgo on darwin (ui, cmd/candor).
NOFYNE_PKGS = $(shell $(GO) list ./... | grep -v -e '^candor/ui$$' -e '^candor/cmd/candor$$')

# Fyne reads the locale from LANG.
export LANG := en_US.UTF-8

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run build test test-long bench deps deps-test deps-cross tools fyne-tool check-go fmt vet staticcheck unit smoke cross vet-cross windows clean package package-linux package-windows

all: build

## run: install what is missing, build and open the desktop app
run: deps build
	./$(BIN)

## build: compile bin/candor
build: check-go
	$(GO) build -o $(BIN) ./cmd/candor

## test: install what is missing, check formatting, vet, staticcheck, then
## every test with the race detector and the window smoke test, then the
## Windows and macOS checks of `make cross`
test: deps deps-test tools fmt vet staticcheck unit smoke cross

## test-long: the long crash runs (200 SIGKILL rounds each), then every fuzz
## target for FUZZTIME from its committed corpus
FUZZTIME ?= 30s
JOURNAL_FUZZ := FuzzParseKeyFile FuzzOpenSealed FuzzReadBackup FuzzDecodeEntry FuzzParseDate FuzzParseID
FEATURE_FUZZ := markdown:FuzzParse markdown:FuzzFrontMatter importers:FuzzParseJrnl importers:FuzzParsePlist importers:FuzzDayOneJSON
test-long: deps deps-test
	$(GO) test -race -count=1 -timeout 60m ./journal -run 'Crash|Killed' -crash.rounds=200 -v
	@for f in $(JOURNAL_FUZZ); do \
	  echo "fuzz $$f ($(FUZZTIME))"; \
	  $(GO) test ./journal -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s || exit 1; \
	done
	@for pf in $(FEATURE_FUZZ); do \
	  p=$${pf%%:*}; f=$${pf#*:}; echo "fuzz $$p $$f ($(FUZZTIME))"; \
	  $(GO) test ./journal/$$p -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s || exit 1; \
	done
	$(GO) test ./prompts -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

check-go:
	@command -v $(GO) >/dev/null 2>&1 || { \
	  echo "Go is not installed. Install Go 1.26 or newer (https://go.dev/doc/install), then run make again."; exit 1; }

# deps installs the Debian/Ubuntu packages that are missing; elsewhere it
# says what to install and stops.
deps: check-go
	@$(call install_pkgs,$(BUILD_PKGS))

deps-test:
	@$(call install_pkgs,$(TEST_PKGS))

deps-cross:
	@$(call install_pkgs,$(CROSS_PKGS))

define install_pkgs
	if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "This is not a Debian or Ubuntu system. Install the equivalents of: $(1)"; \
	  echo "(a C compiler, pkg-config, and the OpenGL and X11 development headers), then run make again."; \
	  exit 1; \
	fi; \
	missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

tools: check-go
	@[ -x $(TOOLS)/staticcheck ] && $(TOOLS)/staticcheck -version 2>/dev/null | grep -q "$(STATICCHECK_VERSION:v%=%)" || \
	  GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(TOOLS)/staticcheck ./...

unit:
	$(GO) test -race -count=1 ./...

smoke: build
	bash .ci/smoke.sh $(BIN)

## cross: code that breaks another system fails here. Vet and staticcheck
## every package for Windows (the app with -tags ci, Fyne's headless driver,
## which needs no cgo), vet and staticcheck every package that compiles for
## macOS without its SDK (all but ui and cmd/candor) for amd64 and arm64,
## then build the real Windows app with cgo and mingw-w64. The first build
## compiles Fyne's C code for Windows (about 7 minutes on two cores, more
## under load); later ones take seconds.
cross: deps-cross tools vet-cross windows

vet-cross: check-go
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet -tags ci ./...
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(TOOLS)/staticcheck -tags ci ./...
	GOOS=darwin GOARCH=amd64 CGO_ENABLED=0 $(GO) vet $(NOFYNE_PKGS)
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $(NOFYNE_PKGS)
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(TOOLS)/staticcheck $(NOFYNE_PKGS)

fyne-tool: check-go
	@[ -x $(TOOLS)/fyne ] || GOBIN=$(TOOLS) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

## windows: dist/windows/Candor.exe, the desktop app for Windows (amd64)
## with its icon and version resources, and dist/windows/candor.com, the
## same program built for the console: a windowed .exe started from a
## console gets no console to print to or to ask a passphrase on, and the
## shell does not wait for it. Typing `candor` runs candor.com, since
## Windows tries .COM before .EXE (PATHEXT); a .com file holding a normal
## PE program runs like an .exe. fyne package writes its resource file
## (fyne.syso) and a metadata file into cmd/candor for the build and
## removes them after. The console build uses fyne's C flags for a release
## (-O3 -pipe, no linker flags), so it reuses the compiled C code.
windows: deps-cross fyne-tool
	@mkdir -p dist/windows
	cd cmd/candor && CC=$(WIN_CC) GOOS=windows GOARCH=amd64 $(TOOLS)/fyne package -os windows --release \
	  --name Candor --app-id io.candor.journal --app-version $(APP_VERSION) --app-build $(APP_BUILD) \
	  --icon ../../assets/icon.png
	mv cmd/candor/Candor.exe $(WIN_EXE)
	CC=$(WIN_CC) CGO_ENABLED=1 CGO_CFLAGS="-O3 -pipe" CGO_LDFLAGS="" GOOS=windows GOARCH=amd64 \
	  $(GO) build -trimpath -ldflags "-s -w" -tags release -o dist/windows/candor.com ./cmd/candor
	@ls -l $(WIN_EXE) dist/windows/candor.com

## bench: run the benchmarks, then measure the real app's memory and idle
## CPU under Xvfb at 10,000 and 100,000 entries (.ci/bench_rss.sh; set
## RSS_SIZES to choose), typing, End and the calendar in the window
## (.ci/window_lag.sh, with ../shared/tools/settle), and print one table
bench: deps deps-test build
	$(GO) test -run '^$$' -bench . -count 1 ./... > bench.out 2>&1 || { cat bench.out; exit 1; }
	bash .ci/bench_rss.sh $(BIN) >> bench.out
	bash .ci/window_lag.sh $(BIN) >> bench.out
	@awk -f .ci/benchtable.awk bench.out

clean:
	rm -rf bin dist bench.out

## package: the Linux package and the Windows one (package-linux,
## package-windows). The macOS app is built on a Mac: docs/macos.md.
package: package-linux package-windows

## package-windows: dist/Candor-windows-amd64.zip, Candor.exe, candor.com
## and a short README (docs/windows-README.txt, with Windows line endings).
package-windows: windows
	rm -rf dist/zip && mkdir -p dist/zip/Candor
	cp $(WIN_EXE) dist/windows/candor.com dist/zip/Candor/
	sed 's/$$/\r/' docs/windows-README.txt > dist/zip/Candor/README.txt
	rm -f dist/Candor-windows-amd64.zip
	cd dist/zip && zip -q -9 -r ../Candor-windows-amd64.zip Candor
	rm -rf dist/zip
	@ls -l dist/Candor-windows-amd64.zip

## package-linux: build the Linux package (dist/Candor.tar.xz) with
## fyne.io/tools, with the icon and the desktop file. fyne rewrites
## FyneApp.toml (it counts builds), so the file is restored afterwards.
package-linux: deps build fyne-tool
	@mkdir -p dist
	cp FyneApp.toml dist/FyneApp.toml.orig
	$(TOOLS)/fyne package -os linux --exe $(BIN) --release || { mv dist/FyneApp.toml.orig FyneApp.toml; exit 1; }
	mv dist/FyneApp.toml.orig FyneApp.toml
	mv Candor.tar.xz dist/
	@echo "dist/Candor.tar.xz: unpack it and run 'sudo make install' inside to install Candor with its menu entry."
