#!/bin/sh
# The frame loop under a real Wayland compositor: cage with wlroots' headless
# backend runs wayland_probe (SDL_VIDEODRIVER=wayland), which must
#   - get a window and a renderer the size of cage's whole output, as SDL
#     reports them (what cage shows is not checked: with SDL 2.26 it still
#     shows only the first 800x480, docs/PACKAGING.md),
#   - sleep in SDL's blocking wait at rest (a few dozen sleeps in 3 s at
#     most; the 16 ms naps the loop takes where SDL cannot block make 180),
#   - wake for a wakeFrameLoop() from another thread (the event itself ends
#     the wait) and draw exactly the frames it asks for,
# with the renderer SDL picks and with SDL's software renderer (what tests,
# the scripted demo and receipt pages ask for).
# Exits 77 (ctest: skipped) when cage is not installed.
#
#   sh wayland_session_test.sh PATH/TO/wayland_probe
set -eu

probe=$1
if ! command -v cage >/dev/null 2>&1; then
    echo "skipped: cage is not installed (apt-get install cage; see tests/bench/cage-packages.txt)"
    exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 0700 "$work/xdg"
# As root, cage and the probe run as $FANGSIANG_CAGE_USER (default nobody).
. "$(dirname "$0")/../support/cage_user.sh"
if [ "$(id -u)" = 0 ]; then
    user=${FANGSIANG_CAGE_USER:-nobody}
    chmod 0755 "$work"
    chown "$user" "$work/xdg"
    touch "$work/out"
    chown "$user" "$work/out"
fi
fail=0
check() {
    if [ "$2" != ok ]; then
        echo "FAILED: $1"
        fail=1
    fi
}

# One run of the probe under a cage of its own; $1 is the probe's option.
session() {
    : >"$work/out"
    if ! cage_as_user "${user:-}" env XDG_RUNTIME_DIR="$work/xdg" WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
        SDL_VIDEODRIVER=wayland timeout 60 cage -- sh -c '"$0" $1 > "$2"' "$probe" "$1" "$work/out" 2>"$work/cage.log"; then
        echo "cage or the probe failed:"
        cat "$work/cage.log"
        exit 1
    fi
    line=$(cat "$work/out")
    if [ -z "$line" ]; then
        echo "the probe printed nothing; cage said:"
        cat "$work/cage.log"
        exit 1
    fi
    echo "$line"
}
value() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

for renderer in "" --software; do
    session "$renderer"
    check "the video driver is wayland" "$([ "$(value driver)" = wayland ] && echo ok)"
    check "SDL gives the window the output's size (window $(value window), frame $(value frame), output $(value display))" \
        "$([ "$(value window)" = "$(value display)" ] && [ "$(value frame)" = "$(value display)" ] &&
            [ "$(value display)" != 0x0 ] && echo ok)"
    check "the loop slept in SDL's wait (slept $(value sleeps) times in 3 s, at most 40)" \
        "$([ "$(value sleeps)" -le 40 ] && echo ok)"
    check "the wake drew the 2 frames it asks for (drew $(value after_wake))" \
        "$([ "$(value after_wake)" -eq 2 ] && echo ok)"
    # Woken by the event itself, not found at the wait's next one-second
    # timeout (about 2000 ms): the bound leaves room for a loaded machine.
    check "the wake at 1.5 s woke the wait (its frame at $(value woke_ms) ms, before 1900)" \
        "$([ "$(value woke_ms)" -ge 1500 ] && [ "$(value woke_ms)" -lt 1900 ] && echo ok)"
done
check "--software got SDL's software renderer (got $(value renderer))" \
    "$([ "$(value renderer)" = software ] && echo ok)"
[ "$fail" = 0 ] && echo "ok"
exit "$fail"
