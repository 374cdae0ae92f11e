#!/usr/bin/env bash
# Runs inside scripts/desktop-env.sh: launches two apps alternately and prints their median
# time to first paint, memory after settling (PSS, app + WebKit processes), sizes and ratios.
#
#   footprint.sh PAINTWATCH CLOSEOUT_BINARY BARE_BINARY
set -euo pipefail
paintwatch="$1" closeout="$2" bare="$3"
runs="${BENCH_RUNS:-5}"
settle="${BENCH_SETTLE_S:-5}"

# PIDs of a process and all its descendants.
tree() {
    local pid="$1" child
    echo "$pid"
    for child in $(pgrep -P "$pid" || true); do tree "$child"; done
}

# Sum of Pss over a process tree, in KiB.
pss_kib() {
    local total=0 pid kib
    for pid in $(tree "$1"); do
        kib="$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
        total=$((total + ${kib:-0}))
    done
    echo "$total"
}

# One launch: prints "PAINT_MS PSS_KIB".
measure() {
    local out pid ms kib
    out="$("$paintwatch" 60000 "$1" 2>/dev/null)" || { echo "no paint within 60 s: $1" >&2; exit 1; }
    read -r pid ms <<<"$out"
    sleep "$settle"
    kib="$(pss_kib "$pid")"
    kill -TERM $(tree "$pid") 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    sleep 1
    echo "$ms $kib"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

measure "$closeout" >/dev/null
measure "$bare" >/dev/null
c_paint=() c_pss=() b_paint=() b_pss=()
for i in $(seq "$runs"); do
    read -r ms kib < <(measure "$closeout")
    c_paint+=("$ms") c_pss+=("$kib")
    read -r ms kib < <(measure "$bare")
    b_paint+=("$ms") b_pss+=("$kib")
    echo "run $i: Closeout ${c_paint[-1]} ms ${c_pss[-1]} KiB, bare ${b_paint[-1]} ms ${b_pss[-1]} KiB" >&2
done

cp_ms="$(printf '%s\n' "${c_paint[@]}" | median)"
bp_ms="$(printf '%s\n' "${b_paint[@]}" | median)"
cm="$(printf '%s\n' "${c_pss[@]}" | median)"
bm="$(printf '%s\n' "${b_pss[@]}" | median)"
cs="$(stat -c %s "$closeout")"
bs="$(stat -c %s "$bare")"

awk -v runs="$runs" -v settle="$settle" -v cp="$cp_ms" -v bp="$bp_ms" -v cm="$cm" -v bm="$bm" -v cs="$cs" -v bs="$bs" 'BEGIN {
    printf "Footprint: median of %d launches each, release builds, Xvfb, PSS %d s after first paint\n", runs, settle
    printf "%-24s %10s %12s %7s  %s\n", "", "Closeout", "bare Tauri", "ratio", "target"
    printf "%-24s %10d %12d %7.2f  %s\n", "first paint (ms)", cp, bp, cp / bp, "ratio <= 1.2"
    printf "%-24s %10.0f %12.0f %7.2f  %s\n", "memory PSS (MiB)", cm / 1024, bm / 1024, cm / bm, "ratio <= 1.2"
    printf "%-24s %10.1f %12.1f %7.2f  %s\n", "binary (MB)", cs / 1e6, bs / 1e6, cs / bs, "Closeout <= 15 MB"
}'
