#!/bin/sh
# Runs every fuzz target for SECONDS each under ASan+UBSan, starting from the
# committed seeds (tests/fuzz/corpus/<target>) plus what earlier runs found
# (BUILD/corpus/<target>). A crash, leak or sanitizer report fails the run and
# leaves its input in BUILD/crashes/<target>/. RUNS, when given, also ends a
# target after that many executions. FUZZ_JOBS targets run at once (the
# number of cores unless set).
#   sh tests/fuzz/run.sh BUILD SECONDS [RUNS]
set -u
build=${1:-build/fuzz}
seconds=${2:-60}
max_runs=${3:-}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
here=$(cd "$(dirname "$0")" && pwd)

# fuzz_one NAME EXE: one target; its exit status goes to BUILD/fuzz-NAME.status.
fuzz_one() {
    name=$1
    exe=$2
    work="$build/corpus/$name"
    crashes="$build/crashes/$name"
    mkdir -p "$work" "$crashes"
    seeds="$here/corpus/$name"
    [ -d "$seeds" ] || seeds=""
    dict=""
    case $name in
        record|batch|export|xlsform) ;;
        xlsform_expression) dict="-dict=$here/xlsform.dict" ;;
        open311) dict="-dict=$here/open311.dict" ;;
        *) dict="-dict=$here/json.dict" ;;
    esac
    # -rss_limit_mb: every parser bounds its input, so a run near 2 GiB is a bug.
    # -detect_leaks=0: clang 14 does not destroy the members an aggregate had
    # already built when a TRY inside its initialiser returns early
    # (`T{std::move(a), TRY(f())}`); GCC, which builds the programs, does, and
    # the ASan test build checks leaks. Set FUZZ_LEAKS=1 to look for them.
    "$exe" -max_total_time="$seconds" ${max_runs:+-runs=$max_runs} -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        -detect_leaks="${FUZZ_LEAKS:-0}" \
        -artifact_prefix="$crashes/" $dict "$work" $seeds >"$build/fuzz-$name.log" 2>&1
    echo $? >"$build/fuzz-$name.status"
}

names=""
running=0
for exe in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$exe" ] || continue
    name=$(basename "$exe" | sed 's/^fuzz_//')
    names="$names $name"
    rm -f "$build/fuzz-$name.status"
    fuzz_one "$name" "$exe" &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

passed=0
failed=0
for name in $names; do
    log="$build/fuzz-$name.log"
    crashes="$build/crashes/$name"
    status=$(cat "$build/fuzz-$name.status" 2>/dev/null || echo "?")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$status" = 0 ]; then
        passed=$((passed + 1))
        echo "fuzz $name: ${runs:-?} runs, no crash"
    else
        failed=$((failed + 1))
        echo "fuzz $name: FAILED after ${runs:-?} runs (exit $status); see $log and $crashes"
        grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$log" | sed 's/^/    /'
    fi
done
[ -n "$names" ] || echo "fuzz: no target under $build/tests/fuzz"
echo "fuzz: $passed passed, $failed failed"
[ -n "$names" ] && [ $failed -eq 0 ]
