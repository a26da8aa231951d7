# The README's two commands. Everything else is CMake; this file only strings
# the steps together so a newcomer types one word.
#
#   make demo   install what is missing, build, run the main job
#   make test   install what is missing, build with sanitizers, run every test

JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
TEST_BUILD ?= build/asan
DATA  ?= build/demo-data

.PHONY: all deps build bench-build demo test bench bench-chromium clean

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
# the kiosk enrols, its records arrive, a ticket's answer comes back.
demo: build
	$(BUILD)/apps/fangsiang-kiosk demo --content assets/content --data $(DATA) --out build/demo
	sh apps/demo-sync.sh $(BUILD)

test: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFANGSIANG_SANITIZE=ON -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure --timeout 900 -j $(JOBS)

# The figures of docs/BENCHMARKS.md (each section there names its command).
bench: bench-build
	$(BUILD)/tests/bench/bench_store
	SDL_VIDEODRIVER=offscreen $(BUILD)/tests/bench/bench_kiosk --content assets/content

# The kiosk beside Chromium in kiosk mode (installs chromium and xvfb).
bench-chromium: bench-build
	python3 tests/bench/kiosk_vs_chromium.py $(BUILD)/tests/bench/bench_kiosk

clean:
	rm -rf build
