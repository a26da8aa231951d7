#!/bin/sh
# The kiosk under cage, as on a Raspberry Pi without X, measured headless:
# cage with wlroots' headless backend and pixman renderer, the kiosk a
# native Wayland client (SDL_VIDEODRIVER=wayland). docs/BENCHMARKS.md
# ("Idle CPU under cage") and docs/PACKAGING.md give the figures.
#
#   sh tests/bench/cage_session.sh [BUILD_DIR] [OUT_DIR]
#       (defaults build/release and build/cage-session)
#
#   1. bench_ui --session: the gallery's home screen full screen; a frame
#      of the settled window saved as OUT_DIR/session-wayland.png; CPU,
#      frames drawn and the times the frame loop's thread slept, at rest
#      for $IDLE_SECONDS (30).
#   2. fangsiang-kiosk demo (the interactive kiosk, Welcome screen): after
#      $SETTLE_SECONDS (60), its RSS, PSS and private memory from
#      /proc/PID/smaps_rollup, then its CPU over $IDLE_SECONDS from
#      /proc/PID/stat (utime + stime) and its voluntary context switches.
#   2b. What cage shows: the same kiosk under cage with wlroots' X11
#      backend, its output a window on Xvfb; after $SHOW_SECONDS (10) the X
#      screen saved (xwd) as OUT_DIR/kiosk-cage.png. (A grim screenshot of
#      the headless output at rest gives back the first frame ever drawn,
#      not the current one: docs/PACKAGING.md.)
#   3. fangsiang-kiosk demo --script: the demo's scripted citizen walks the
#      real screens under cage (touches through the kiosk's scripted
#      pointer) and saves each screen as PNG in OUT_DIR/demo/.
#
# A kiosk runs as its own user, not root: run as root, the script starts
# cage as $CAGE_USER (default kioskuser), which must exist. As root it also
# installs tests/bench/cage-packages.txt when cage is missing; `make test`
# does not install them.
set -eu

BUILD=${1:-build/release}
OUT=${2:-build/cage-session}
IDLE=${IDLE_SECONDS:-30}
SETTLE=${SETTLE_SECONDS:-60}
SHOW=${SHOW_SECONDS:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BENCH=$(cd "$BUILD" && pwd)/tests/bench/bench_ui
KIOSK=$(cd "$BUILD" && pwd)/apps/fangsiang-kiosk
CONTENT=$ROOT/assets/content

for p in "$BENCH" "$KIOSK"; do
    if [ ! -x "$p" ]; then
        echo "cage_session: $p is not built (cmake --build $BUILD --target bench_ui fangsiang-kiosk)" >&2
        exit 1
    fi
done
missing=""
for tool in cage Xwayland Xvfb xwd xwdtopnm pamcut pnmtopng; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y --no-install-recommends $(grep -v '^#' "$HERE/cage-packages.txt")
    else
        echo "cage_session:$missing not installed (as root: apt-get install $(grep -v '^#' "$HERE/cage-packages.txt" | tr '\n' ' '))" >&2
        exit 1
    fi
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
work=$(mktemp -d)
chmod 0755 "$work"
if [ "$(id -u)" = 0 ]; then
    user=${CAGE_USER:-kioskuser}
    if ! id "$user" >/dev/null 2>&1; then
        echo "cage_session: run as root, cage runs as \$CAGE_USER ($user), which does not exist" >&2
        exit 1
    fi
    chown "$user" "$work" "$OUT"
fi
. "$ROOT/tests/support/cage_user.sh"
mkdir -p "$work/xdg" "$work/data"
[ "$(id -u)" = 0 ] && chown "$user" "$work/xdg" "$work/data"
chmod 0700 "$work/xdg"
cage_pid=""
xvfb_pid=""
cleanup() {
    [ -n "$cage_pid" ] && kill "$cage_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Starts `cage -- "$@"` in the background as the kiosk user, on wlroots'
# backend $backend (headless unless set); sets cage_pid.
backend=WLR_BACKENDS=headless
start_cage() {
    log=$1
    shift
    cage_as_user "${user:-}" env XDG_RUNTIME_DIR="$work/xdg" $backend WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
        SDL_VIDEODRIVER=wayland sh -c 'echo $$ > "$0"; exec cage -- "$@"' "$work/cage.pid" "$@" >"$log" 2>&1 &
    sleep 1
    cage_pid=$(cat "$work/cage.pid")
}

stop_cage() {
    kill "$cage_pid" 2>/dev/null || true
    while kill -0 "$cage_pid" 2>/dev/null; do sleep 0.2; done
    cage_pid=""
}

# The pid of cage's child (the program it runs), once it has started.
child_of_cage() {
    for _ in $(seq 1 50); do
        c=$(ps -o pid= --ppid "$cage_pid" | head -n 1 | tr -d ' ')
        [ -n "$c" ] && { echo "$c"; return; }
        sleep 0.1
    done
    echo "cage_session: cage started no program" >&2
    exit 1
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
smaps_kb() { awk -v k="$2:" '$1 == k { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup"; }
switches() { awk '$1 == "voluntary_ctxt_switches:" { print $2 }' "/proc/$1/status"; }

echo "== 1. bench_ui --session $IDLE under cage (SDL_VIDEODRIVER=wayland)"
start_cage "$work/bench.log" "$BENCH" --session "$IDLE" --capture "$OUT/session-wayland.png"
while kill -0 "$cage_pid" 2>/dev/null; do sleep 1; done
cage_pid=""
grep -E '^(session|idle CPU)' "$work/bench.log" || { cat "$work/bench.log"; exit 1; }

echo "== 2. fangsiang-kiosk demo under cage: Welcome screen, ${SETTLE} s to settle, then ${IDLE} s measured"
start_cage "$work/kiosk.log" "$KIOSK" demo --content "$CONTENT" --data "$work/data"
kiosk=$(child_of_cage)
sleep "$SETTLE"
hz=$(getconf CLK_TCK)
t0=$(ticks "$kiosk")
v0=$(switches "$kiosk")
echo "memory at rest after ${SETTLE} s: RSS $(smaps_kb "$kiosk" Rss) kB, PSS $(smaps_kb "$kiosk" Pss) kB," \
     "private $(( $(smaps_kb "$kiosk" Private_Clean) + $(smaps_kb "$kiosk" Private_Dirty) )) kB"
sleep "$IDLE"
t1=$(ticks "$kiosk")
v1=$(switches "$kiosk")
awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$IDLE" -v v="$((v1 - v0))" 'BEGIN {
    printf "CPU at rest: %.3f%% of a core over %d s (%d ticks of 1/%d s); main thread slept %d times (%.1f a second)\n",
        100 * t / hz / s, s, t, hz, v, v / s }'
grep -v 'Basic output test failed' "$work/kiosk.log" | head -n 5
stop_cage

echo "== 2b. What cage shows: the kiosk under cage on Xvfb (wlroots' X11 backend), after ${SHOW} s"
start_xvfb "$work/xvfb.log"
backend="WLR_BACKENDS=x11 DISPLAY=$xvfb_display"
start_cage "$work/shown.log" "$KIOSK" demo --content "$CONTENT" --data "$work/data"
backend=WLR_BACKENDS=headless
sleep "$SHOW"
# wlroots' X11 backend opens its output as a 1024x768 window at the top left.
xwd -root -display "$xvfb_display" -silent | xwdtopnm 2>/dev/null | pamcut -width 1024 -height 768 | pnmtopng >"$OUT/kiosk-cage.png"
echo "what cage shows (its whole 1024x768 output): $OUT/kiosk-cage.png"
stop_cage
kill "$xvfb_pid"
xvfb_pid=""

echo "== 3. fangsiang-kiosk demo --script under cage: scripted touches on the real screens"
size=$(sed -n 's/^session: .*display \([0-9]*x[0-9]*\).*/\1/p' "$work/bench.log")
# The demo sets SDL_FRAMEBUFFER_ACCELERATION=0 for its offscreen runs unless
# it is set; SDL's Wayland driver has no framebuffer without it.
start_cage "$work/demo.log" env SDL_FRAMEBUFFER_ACCELERATION=1 "$KIOSK" demo --script --content "$CONTENT" --data "$work/data" \
    --out "$OUT/demo" --sizes "${size:-1280x720}"
while kill -0 "$cage_pid" 2>/dev/null; do sleep 1; done
cage_pid=""
grep -v 'Basic output test failed' "$work/demo.log" | tail -n 8
echo "saved: $(ls "$OUT/demo" 2>/dev/null | wc -l) PNGs in $OUT/demo, the session frame in $OUT/session-wayland.png"
