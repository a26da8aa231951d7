#!/bin/sh
# The sync demo: a local hub and a kiosk on this machine, over loopback.
# Starts fangsiang-hub in the build folder, publishes the demo office's
# content, enrols the kiosk with a one-time code, writes records and pushes
# them, shows them arriving at the hub, sends a ticket's status back down,
# carries records over "USB", and stops the hub.
#
#   sh apps/demo-sync.sh [BUILD]      (BUILD defaults to build/release)
set -eu

BUILD=${1:-build/release}
HUB=$BUILD/apps/fangsiang-hub
KIOSK=$BUILD/apps/fangsiang-kiosk
WORK=$BUILD/demo-sync
OFFICE=6340105
OFFICE_NAME="เทศบาลตำบลบ้านสวนดอกไม้"

for exe in "$HUB" "$KIOSK"; do
    [ -x "$exe" ] || { echo "demo-sync: $exe is missing; build first (make build)" >&2; exit 1; }
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$WORK"
mkdir -p "$WORK"

step "A new hub: keys (mode 0600) and an empty store"
"$HUB" --dir "$WORK/hub" init

"$HUB" --dir "$WORK/hub" serve --listen 127.0.0.1 --port 0 --port-file "$WORK/hub.port" >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
trap 'kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$WORK/hub.port" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$HUB_PID" 2>/dev/null; then
        echo "demo-sync: the hub did not start:" >&2
        cat "$WORK/hub.log" >&2
        exit 1
    fi
    sleep 0.1
done
URL="http://127.0.0.1:$(cat "$WORK/hub.port")"
echo "hub serving on $URL (log: $WORK/hub.log)"

step "The office publishes its content (catalogue and surveys), signed"
"$HUB" --dir "$WORK/hub" publish assets/content

step "An officer makes a one-time enrolment code"
"$HUB" --dir "$WORK/hub" enroll --office "$OFFICE" --name "$OFFICE_NAME" --url "$URL" --ttl 10 \
    2>/dev/null | tee "$WORK/enrol.txt"
CODE=$(sed -n 3p "$WORK/enrol.txt" | tr -d ' ')
FINGERPRINT=$(sed -n 's/^hub fingerprint //p' "$WORK/enrol.txt")

step "The kiosk enrols with the code and pins the hub's keys"
"$KIOSK" enroll "$URL" "$CODE" --fingerprint "$FINGERPRINT" --label "counter 1" --data "$WORK/kiosk"

step "Citizens use the kiosk: three signed records in its store"
"$KIOSK" store-demo --data "$WORK/kiosk"

step "Sync: push the outbox, pull content and ticket status"
"$KIOSK" sync --data "$WORK/kiosk"

step "At the hub: the records arrived, once each"
"$HUB" --dir "$WORK/hub" stats 2>/dev/null
"$HUB" --dir "$WORK/hub" device list 2>/dev/null

step "The office takes the complaint: its unit and officer, then the reply; each step comes down signed"
"$HUB" --dir "$WORK/hub" unit add --office "$OFFICE" --code public-works --name-th "กองช่าง" --name-en "Public works" \
    2>/dev/null
"$HUB" --dir "$WORK/hub" user add somchai --name "สมชาย ใจดี" --role officer --office "$OFFICE" --unit public-works \
    2>/dev/null >/dev/null
TICKET=$("$HUB" --dir "$WORK/hub" tickets 2>/dev/null | awk 'NR == 1 { print $1 }')
"$HUB" --dir "$WORK/hub" ticket "$TICKET" --status accepted --unit public-works --officer somchai 2>/dev/null
"$HUB" --dir "$WORK/hub" ticket "$TICKET" --status in_progress 2>/dev/null
"$HUB" --dir "$WORK/hub" ticket "$TICKET" --status resolved --reply "เปลี่ยนหลอดไฟหน้าวัดแล้ว ขอบคุณที่แจ้ง" 2>/dev/null
"$KIOSK" sync --data "$WORK/kiosk"
"$KIOSK" ticket "$TICKET" --data "$WORK/kiosk"

step "No network: three more records go by USB stick"
"$KIOSK" store-demo --data "$WORK/kiosk" >/dev/null
"$KIOSK" export --to "$WORK/usb" --data "$WORK/kiosk"
"$HUB" --dir "$WORK/hub" import "$WORK"/usb/*.fsx 2>/dev/null

step "Back online: the hub holds them already; the kiosk learns so, nothing is stored twice"
"$KIOSK" sync --data "$WORK/kiosk"
"$HUB" --dir "$WORK/hub" stats 2>/dev/null

step "Stopping the hub; what it logged"
kill "$HUB_PID"
wait "$HUB_PID" 2>/dev/null || true
trap - EXIT INT TERM
cat "$WORK/hub.log"
