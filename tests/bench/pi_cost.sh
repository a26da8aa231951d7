#!/bin/sh
# What a frame of the kiosk's screens costs, counted in instructions, for the
# Raspberry Pi estimate in docs/BENCHMARKS.md ("The Pi's cost on paper").
#
#   sh tests/bench/pi_cost.sh [BUILD_DIR]     (default build/release)
#
# For each gallery page at 800x480 and 1280x800: the instructions of the
# first (uncached) frame and of a steady frame, counted by callgrind, which
# counts the same on every run; and the wall time of the same frames on this
# machine without valgrind (fastest of three runs under nice -n -10 when
# root), which with the count gives this machine's instructions per cycle;
# and how much of a steady frame is SDL's software rasteriser.
# Needs valgrind; SDL's offscreen driver, so no display.
set -eu

BUILD=${1:-build/release}
BENCH=$BUILD/tests/bench/bench_ui
STEADY=${STEADY_FRAMES:-20}
TIMED=${TIMED_FRAMES:-200}
PAGES=${PAGES:-"home list form survey text"}
SIZES=${SIZES:-"800x480 1280x800"}

if [ ! -x "$BENCH" ]; then
    echo "pi_cost: $BENCH is not built (cmake --build $BUILD --target bench_ui)" >&2
    exit 1
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "pi_cost: valgrind is not installed (apt-get install valgrind)" >&2
    exit 1
fi
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0
NICE=""
[ "$(id -u)" = 0 ] && NICE="nice -n -10"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Instructions collected inside the function named by $1.
count() {
    fn=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$work/cg" --toggle-collect="*$fn*" "$BENCH" "$@" \
        >/dev/null 2>"$work/log"
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log"
}

# Of the last count, the instructions inside SDL_RenderPresent: SDL's
# software renderer queues the frame's triangles and rasterises them there.
# The rest (the screen's code, ImGui, shaping and layout, queueing) is what
# the CPU pays whatever draws the pixels.
raster() {
    callgrind_annotate --inclusive=yes "$work/cg" 2>/dev/null |
        sed -n 's/^ *\([0-9,]*\) ([ 0-9.]*%) *[^ ]*:SDL_RenderPresent \[.*/\1/p' | head -n 1 | tr -d ,
}

MHZ=$(sed -n 's/^cpu MHz[^:]*: *\([0-9.]*\).*/\1/p' /proc/cpuinfo | head -n 1)
echo "machine: $(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1), ${MHZ} MHz, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| size | page | first frame, instructions | steady frame, instructions | of which rasterising (SDL_RenderPresent) | steady frame here, ms | instructions per cycle here |"
echo "|---|---|---|---|---|---|---|"
for size in $SIZES; do
    for page in $PAGES; do
        first=$(count countFirstFrame --count "$page" --size "$size" --frames 1)
        steady=$(count countSteadyFrames --count "$page" --size "$size" --frames "$STEADY")
        present=$(raster)
        best=""
        for run in 1 2 3; do
            ms=$($NICE "$BENCH" --count "$page" --size "$size" --frames "$TIMED" |
                sed -n 's/.*frames (\([0-9.]*\) ms each).*/\1/p')
            best=$(awk -v a="$ms" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
        done
        awk -v s="$size" -v p="$page" -v f="$first" -v st="$steady" -v r="$present" -v n="$STEADY" -v ms="$best" \
            -v mhz="$MHZ" 'BEGIN {
            per = st / n
            printf "| %s | %s | %.1f M | %.2f M | %.2f M (%.0f%%) | %.2f | %.2f |\n", s, p, f / 1e6, per / 1e6,
                r / n / 1e6, 100 * r / st, ms, per / (ms * mhz * 1e3)
        }'
    done
done
