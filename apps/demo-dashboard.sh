#!/bin/sh
# The officers' dashboard demo, after the sync demo (apps/demo-sync.sh): the
# hub folder it left, with the office's units and a demo login, served with
# the web dashboard. With a display the hub keeps running until Ctrl-C;
# without one, Debian's chromium saves each page as PNG, Thai and English,
# 1366x768 and 390x844, under build/demo/hub-*.png, and the hub stops.
#
#   sh apps/demo-dashboard.sh [BUILD]      (BUILD defaults to build/release)
set -eu

BUILD=${1:-build/release}
HUB=$BUILD/apps/fangsiang-hub
WORK=$BUILD/demo-sync
OUT=build/demo
OFFICE=6340105
USER_NAME=demo
PASSWORD=fangsiang-demo-2026
PORT=${FANGSIANG_DEMO_PORT:-8090}

[ -d "$WORK/hub" ] || { echo "demo-dashboard: run apps/demo-sync.sh first (make demo does)" >&2; exit 1; }
[ -f "$BUILD/dashboard/index.html" ] || { echo "demo-dashboard: the dashboard is not built in $BUILD/dashboard" >&2; exit 1; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The office's names, units and officers at the demo hub"
"$HUB" --dir "$WORK/hub" office set "$OFFICE" --name-th "เทศบาลตำบลบ้านสวนดอกไม้" --name-en "Ban Suan Dok Mai" 2>/dev/null
for unit in "works กองช่าง Public-Works" "clerk สำนักปลัด Office-of-the-Clerk"; do
    set -- $unit
    "$HUB" --dir "$WORK/hub" unit add --office "$OFFICE" --code "$1" --name-th "$2" --name-en "$(echo "$3" | tr - ' ')" \
        2>/dev/null || true
done
add_user() {
    printf '%s\n' "$PASSWORD" | "$HUB" --dir "$WORK/hub" user add "$@" --office "$OFFICE" --password-stdin 2>/dev/null ||
        printf '%s\n' "$PASSWORD" | "$HUB" --dir "$WORK/hub" user reset "$1" --password-stdin >/dev/null
}
add_user "$USER_NAME" --name "ผู้ดูแลสาธิต" --role admin
add_user malee --name "มาลี ศรีสุข" --role officer --unit works
add_user wichai --name "วิชัย หัวหน้า" --role supervisor

step "The hub with its dashboard"
rm -f "$WORK/dashboard.port"
"$HUB" --dir "$WORK/hub" serve --listen 127.0.0.1 --port "$PORT" --port-file "$WORK/dashboard.port" \
    --dashboard "$BUILD/dashboard" >"$WORK/dashboard.log" 2>&1 &
HUB_PID=$!
trap 'kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$WORK/dashboard.port" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$HUB_PID" 2>/dev/null; then
        echo "demo-dashboard: the hub did not start (is port $PORT taken? set FANGSIANG_DEMO_PORT):" >&2
        cat "$WORK/dashboard.log" >&2
        exit 1
    fi
    sleep 0.1
done
URL="http://127.0.0.1:$(cat "$WORK/dashboard.port")"
echo "The officers' dashboard: $URL/"
echo "Demo login: $USER_NAME / $PASSWORD   (also malee, an officer, and wichai, a supervisor; same password)"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Open $URL/ in a browser. Ctrl-C stops the hub."
    wait "$HUB_PID"
else
    step "No display: each page saved as PNG under $OUT/"
    mkdir -p "$OUT"
    FANGSIANG_DASHBOARD_MODULES="$(pwd)/$BUILD/dashboard-npm/node_modules" \
        node apps/demo-dashboard.mjs "$URL" "$USER_NAME" "$PASSWORD" "$OUT"
fi
