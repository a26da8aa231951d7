# The README's two commands. Everything else is CMake; this file only strings
# the steps together so a newcomer types one word.
#
#   make demo   install what is missing, build, run the main job
#   make test   install what is missing, build with sanitizers, run every test

JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
TEST_BUILD ?= build/asan
DATA  ?= build/demo-data

.PHONY: all deps build demo test bench clean

all: build

deps:
	@sh platform/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGSIANG_BUILD_TESTS=OFF
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/platform/fangsiang-kiosk store-demo --data $(DATA)

test: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFANGSIANG_SANITIZE=ON -DFANGSIANG_BUILD_BENCHMARKS=OFF
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure --timeout 900 -j $(JOBS)

bench: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGSIANG_BUILD_TESTS=OFF -DFANGSIANG_BUILD_BENCHMARKS=ON
	cmake --build $(BUILD) -j $(JOBS)
	$(BUILD)/tests/bench/bench_store

clean:
	rm -rf build
