# The README's two commands. Everything else is CMake; this file only strings
# the steps together so a newcomer types one word.
#
#   make demo   install what is missing, build, run the main job
#   make test   install what is missing, build with sanitizers, run every test
#   make package          the Debian packages, checked by lintian (docs/PACKAGING.md)
#   make test-install     those packages installed, used and purged in a clean Debian 12 root
#   make test-arm64       cross-built for arm64, tested under qemu-user, the arm64 packages

JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
TEST_BUILD ?= build/asan
FUZZ_BUILD ?= build/fuzz
# Seconds each fuzz target runs: briefly in `make test`, longer by hand
# (make fuzz FUZZ_SECONDS=3600).
FUZZ_SECONDS ?= 60
# Executions per target, when set (make fuzz FUZZ_RUNS=10000000 FUZZ_SECONDS=36000).
FUZZ_RUNS ?=
TEST_FUZZ_SECONDS ?= 30
DATA  ?= build/demo-data
PACKAGE_BUILD ?= build/package

.PHONY: all deps build bench-build demo test fuzz fuzz-build bench bench-chromium package test-install test-arm64 clean

all: build

deps:
	@sh platform/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(BUILD) -j $(JOBS)

bench-build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=ON
	cmake --build $(BUILD) -j $(JOBS)

# The demo office's kiosk: in a window where a display exists; without one a
# scripted citizen files a complaint and answers the survey on the real
# screens, and every screen is saved under build/demo/. Then a local hub:
# the kiosk enrols, its records arrive, a ticket's answer comes back. Then
# that hub with the officers' web dashboard: its URL and a demo login; with
# no display, every page saved as build/demo/hub-*.png.
demo: build
	$(BUILD)/apps/fangsiang-kiosk demo --content assets/content --data $(DATA) --out build/demo
	sh apps/demo-sync.sh $(BUILD)
	sh apps/demo-dashboard.sh $(BUILD)

test: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFANGSIANG_SANITIZE=ON -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure --timeout 900 -j $(JOBS)
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# libFuzzer targets of every parser of outside input (clang, ASan+UBSan).
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DFANGSIANG_FUZZ=ON -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_RUNS)

# The figures of docs/BENCHMARKS.md (each section there names its command).
bench: bench-build
	$(BUILD)/tests/bench/bench_store
	SDL_VIDEODRIVER=offscreen $(BUILD)/tests/bench/bench_kiosk --content assets/content
	SDL_VIDEODRIVER=offscreen $(BUILD)/tests/bench/bench_field --assets assets

# The kiosk beside Chromium in kiosk mode (installs chromium and xvfb).
bench-chromium: bench-build
	python3 tests/bench/kiosk_vs_chromium.py $(BUILD)/tests/bench/bench_kiosk

# The Debian packages, from a build of their own with Debian's hardening
# flags, stripped; lintian fails the target on any error.
package: deps
	@sh platform/install-deps.sh platform/packaging-packages.txt
	DEB_BUILD_MAINT_OPTIONS=hardening=+all; export DEB_BUILD_MAINT_OPTIONS; \
	cmake -S . -B $(PACKAGE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
	  -DFANGSIANG_PACKAGE=ON -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=OFF \
	  "-DCMAKE_C_FLAGS=$$(dpkg-buildflags --get CFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	  "-DCMAKE_CXX_FLAGS=$$(dpkg-buildflags --get CXXFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	  "-DCMAKE_EXE_LINKER_FLAGS=$$(dpkg-buildflags --get LDFLAGS)"
	cmake --build $(PACKAGE_BUILD) -j $(JOBS)
	rm -f $(PACKAGE_BUILD)/*.deb
	cd $(PACKAGE_BUILD) && cpack -G DEB
	lintian --fail-on error $(PACKAGE_BUILD)/*.deb

# The packages installed, used and purged in a clean Debian 12 root, as an
# IT person would (root and the network; a few minutes; not part of make test).
test-install: package
	sh packaging/test-install.sh $(PACKAGE_BUILD)

# arm64 (Raspberry Pi 4/5): cross-built against an arm64 sysroot of Debian's
# -dev packages, every test program run under qemu-user, the arm64 .debs
# (root and the network; hours on 2 cores; not part of make test or CI).
# docs/PACKAGING.md, "arm64": ARM64_CTEST_ARGS='-R ^core\.' runs a part.
test-arm64:
	sh platform/test-arm64.sh

clean:
	rm -rf build
