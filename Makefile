# The README's two commands. Everything else is CMake; this file only strings
# the steps together so a newcomer types one word.
#
#   make demo   install what is missing, build, run the main job
#   make test   install what is missing, build with sanitizers, run every test

JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
TEST_BUILD ?= build/asan
FUZZ_BUILD ?= build/fuzz
# Seconds each fuzz target runs: briefly in `make test`, longer by hand
# (make fuzz FUZZ_SECONDS=3600).
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 45
DATA  ?= build/demo-data

.PHONY: all deps build bench-build demo test fuzz fuzz-build bench bench-chromium clean

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
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# libFuzzer targets of every parser of outside input (clang, ASan+UBSan).
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DFANGSIANG_FUZZ=ON -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The figures of docs/BENCHMARKS.md (each section there names its command).
bench: bench-build
	$(BUILD)/tests/bench/bench_store
	SDL_VIDEODRIVER=offscreen $(BUILD)/tests/bench/bench_kiosk --content assets/content

# The kiosk beside Chromium in kiosk mode (installs chromium and xvfb).
bench-chromium: bench-build
	python3 tests/bench/kiosk_vs_chromium.py $(BUILD)/tests/bench/bench_kiosk

clean:
	rm -rf build
