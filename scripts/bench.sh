#!/usr/bin/env bash
# Release benchmarks (not tests: they print figures and ratios, and never fail on them). Installs
# whatever is missing first (scripts/setup.sh).
#
#   footprint   Closeout against a bare Tauri window built the same way: both built in release
#               with the same profile and crate versions, launched BENCH_RUNS times each
#               (alternating, after one warm-up) in a throwaway desktop; prints time to first
#               painted page, memory after settling (PSS of the app plus its WebKit processes),
#               release binary size, and the ratios. Also saved to target/bench/footprint.txt.
#   closure     the closure engine against the practice tenant (src-tauri/cli/examples/closure_bench.rs)
#   backup      the backup engine: mail against Outlook's throttle-bound minimum, files against a
#               plain parallel download, peak memory (src-tauri/cli/examples/backup_bench.rs)
#   sim         the practice tenant's own throughput (src-tauri/sim/examples/throughput.rs)
#   soak        the fault soak of the tests (src-tauri/cli/tests/cli_fault_soak.rs) over
#               BENCH_SOAK_SEEDS (50) seeds instead of CI's 10: 300 people deleted through the
#               CLI with a quarter of Graph's answers faulted; prints its time
#
#   scripts/bench.sh [footprint] [closure] [backup] [sim] [soak]     default: footprint closure backup sim
#   env: BENCH_RUNS (5), BENCH_SETTLE_S (5), BENCH_SOAK_SEEDS (50), CARGO_TARGET_DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
target_dir="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
bench_dir="$target_dir/bench"
mkdir -p "$bench_dir"
benches=("$@")
((${#benches[@]})) || benches=(footprint closure backup sim)

footprint() {
    local bare_dir="$bench_dir/bare-window"
    echo "==> footprint: building Closeout (release)"
    cargo build --release -p closeout --bin closeout
    echo "==> footprint: building a bare Tauri window (release, same profile and crate versions)"
    scripts/bench/make-bare-window.sh "$bare_dir"
    CARGO_TARGET_DIR="$bench_dir/bare-target" cargo build --release --manifest-path "$bare_dir/Cargo.toml"
    cc -O2 -o "$bench_dir/paintwatch" scripts/bench/paintwatch.c -lX11 -lXext -lXdamage
    scripts/desktop-env.sh scripts/bench/footprint.sh "$bench_dir/paintwatch" \
        "$target_dir/release/closeout" "$bench_dir/bare-target/release/bare-window" |
        tee "$bench_dir/footprint.txt"
}

# example PACKAGE NAME: runs a benchmark example in release, if that example exists.
example() {
    local package="$1" name="$2" dir="$3"
    if [[ ! -f "$dir/examples/$name.rs" ]]; then
        echo "==> $name: not there ($dir/examples/$name.rs), skipped"
        return
    fi
    echo "==> $name (release)"
    cargo run --release -p "$package" --example "$name"
}

for bench in "${benches[@]}"; do
    case "$bench" in
    footprint) footprint ;;
    closure) example closeout-cli closure_bench src-tauri/cli ;;
    backup) example closeout-cli backup_bench src-tauri/cli ;;
    sim) example closeout-sim throughput src-tauri/sim ;;
    soak)
        echo "==> soak: ${BENCH_SOAK_SEEDS:-50} seeds (release)"
        CLOSEOUT_SOAK_SEEDS="${BENCH_SOAK_SEEDS:-50}" cargo test --release -p closeout-cli \
            --test cli_fault_soak -- --nocapture
        ;;
    *) echo "unknown benchmark: $bench (footprint closure backup sim soak)" >&2; exit 2 ;;
    esac
done
