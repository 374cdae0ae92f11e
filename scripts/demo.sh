#!/usr/bin/env bash
# Installs whatever is missing (scripts/setup.sh), builds Closeout (debug) and opens it on the
# practice company, so nothing real is touched.
#
#   scripts/demo.sh [SCENARIO]     default: bakery
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scenario="${1:-bakery}"
app="${CARGO_TARGET_DIR:-target}/debug/closeout"

scripts/setup.sh
cargo build -p closeout --bin closeout
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "demo: no desktop session here (DISPLAY and WAYLAND_DISPLAY are empty)." >&2
    echo "      Run scripts/demo.sh from a desktop terminal, or headless:" >&2
    echo "      scripts/desktop-env.sh $app --practice $scenario" >&2
    exit 1
fi
exec "$app" --practice "$scenario"
