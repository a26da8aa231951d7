#!/bin/sh
# The hub's memory with the dashboard in use, and the officers' routes timed
# over real HTTP, on an office of N generated complaints:
#   sh tests/bench/hub_memory.sh BUILD [N] [REQUESTS]
# makes the office with bench_cases, starts `fangsiang-hub serve` on it,
# signs a supervisor in with curl and asks the dashboard's questions
# REQUESTS times each (inbox, filtered lists, a Thai search, a case page),
# then prints each route's p50/p95 (curl's total time) and the hub's peak
# and current RSS.
set -eu
BUILD=${1:-build/release}
N=${2:-100000}
REQUESTS=${3:-200}
HUB=$BUILD/apps/fangsiang-hub
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT INT TERM
PID=
"$BUILD/tests/bench/bench_cases" "$N" 1 "$WORK/hub" | sed -n 1p
echo "a-passphrase-for-the-bench" | "$HUB" --dir "$WORK/hub" user add chief --name "หัวหน้า" --role supervisor \
    --office 6340105 --password-stdin >/dev/null 2>&1
"$HUB" --dir "$WORK/hub" serve --port 0 --port-file "$WORK/port" >"$WORK/hub.log" 2>&1 &
PID=$!
while [ ! -s "$WORK/port" ]; do sleep 0.1; done
URL="http://127.0.0.1:$(cat "$WORK/port")"
curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"chief","password":"a-passphrase-for-the-bench"}' "$URL/api/v1/session" >"$WORK/session.json"
TICKET=$(curl -s -b "$WORK/cookies" "$URL/api/v1/cases?limit=1" | sed -n 's/.*"ticket":"\([^"]*\)".*/\1/p')
Q=$(printf 'ท่วมขัง' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
for route in "/api/v1/inbox" "/api/v1/cases" "/api/v1/cases?state=accepted,in_progress&unit=works" \
             "/api/v1/cases?category=water&village=5" "/api/v1/cases?q=$Q" "/api/v1/cases/$TICKET"; do
    i=0
    : >"$WORK/times"
    while [ $i -lt "$REQUESTS" ]; do
        curl -s -o /dev/null -w '%{time_total}\n' -b "$WORK/cookies" "$URL$route" >>"$WORK/times"
        i=$((i + 1))
    done
    sort -n "$WORK/times" | awk -v route="$route" '{ t[NR] = $1 } END {
        printf "  %-58s p50 %6.1f ms  p95 %6.1f ms\n", route, t[int(NR * 0.5)] * 1000, t[int(NR * 0.95)] * 1000 }'
done
grep -E 'VmHWM|VmRSS' "/proc/$PID/status" | sed 's/^/  hub /'
