#!/usr/bin/env bash
# Footprint benchmark (not a test): Closeout against a bare Tauri window built the same way.
#
# Builds both in release with the same profile and crate versions, launches each RUNS times
# (alternating, after one warm-up each) in a throwaway desktop (scripts/desktop-env.sh), and
# prints side by side: time from launch to the first painted page, memory after settling (PSS
# of the app plus its WebKit processes), release binary size, and the ratios. Figures also go
# to target/bench/footprint.txt.
#
#   scripts/bench.sh            RUNS=5 SETTLE_S=5 by default (env BENCH_RUNS, BENCH_SETTLE_S)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target_dir="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
bench_dir="$target_dir/bench"
bare_dir="$bench_dir/bare-window"
mkdir -p "$bench_dir"

echo "==> building Closeout (release)"
cargo build --release -p closeout --bin closeout

echo "==> building a bare Tauri window (release, same profile and crate versions)"
scripts/bench/make-bare-window.sh "$bare_dir"
CARGO_TARGET_DIR="$bench_dir/bare-target" cargo build --release --manifest-path "$bare_dir/Cargo.toml"

cc -O2 -o "$bench_dir/paintwatch" scripts/bench/paintwatch.c -lX11

scripts/desktop-env.sh scripts/bench/footprint.sh "$bench_dir/paintwatch" \
    "$target_dir/release/closeout" "$bench_dir/bare-target/release/bare-window" |
    tee "$bench_dir/footprint.txt"
