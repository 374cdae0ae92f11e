#!/usr/bin/env bash
# Runs every check and test of Closeout, in stages, and ends with one summary line:
#
#   fmt         cargo fmt --all -- --check
#   clippy      cargo clippy --locked --workspace --all-targets -- -D warnings
#   build       cargo build --locked --workspace --all-targets   (one debug build, reused below)
#   rust        cargo test --locked --workspace         (inside scripts/desktop-env.sh: keychain tests
#                                                        need the Secret Service, sign-in tests need node)
#   ui          node --test tests/ui/                   (front-end unit tests)
#   e2e         node --test tests/e2e/                  (the real app window, inside scripts/desktop-env.sh;
#                                                        one file at a time, 10 min per test at most)
#   workflows   node --test tests/workflows/            (actionlint and the release rules on .github/workflows)
#   package     npx tauri build --debug --bundles deb, then node --test tests/package/ inside
#                                                       scripts/desktop-env.sh (the .deb's metadata, and its
#                                                       binary, unpacked with dpkg -x, painting Welcome).
#                                                       CLOSEOUT_SKIP_PACKAGE=1 skips it (CI runs it)
#
# A failing stage does not stop the others. Each stage's output is shown and kept in
# target/test-logs/<stage>.log. The last line counts tests as "N passed, N failed": every test
# case cargo and node report, plus the fmt, clippy and build checks as one each. The exit status
# is non-zero when anything failed. It first installs whatever is missing (scripts/setup.sh,
# about a second when nothing is).
#
#   scripts/test.sh [STAGE...]     default: every stage
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

LOG_DIR=target/test-logs
# A hung test must not eat CI's 90 minutes: each stage that runs tests gets at most this long
# (TERM, so desktop-env still cleans up; KILL 30 s later).
STAGE_TIMEOUT="${CLOSEOUT_STAGE_TIMEOUT:-25m}"
mkdir -p "$LOG_DIR"
STAGES=("$@")
((${#STAGES[@]})) || STAGES=(fmt clippy build rust ui workflows e2e package)

passed=0
failed=0
build_ok=1
summary=()

# Sums the test counts a cargo test or node --test log reports: prints "PASSED FAILED".
count_tests() {
    awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i + 1) ~ /^passed/) p += $i
                if ($(i + 1) ~ /^failed/) f += $i
            }
        }
        /^# pass [0-9]+$/ { p += $3 }
        /^# (fail|cancelled) [0-9]+$/ { f += $3 }
        END { printf "%d %d\n", p, f }
    ' "$1"
}

# run_stage NAME KIND CMD...   KIND is "check" (counts as one test) or "tests" (counts its cases).
run_stage() {
    local name="$1" kind="$2"
    shift 2
    local log="$LOG_DIR/$name.log" start status p f detail
    printf '\n==> %s: %s\n' "$name" "$*"
    start=$SECONDS
    "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    if [[ "$kind" == check ]]; then
        if ((status == 0)); then p=1 f=0; else p=0 f=1; fi
        detail=""
    else
        read -r p f < <(count_tests "$log")
        # A runner that failed without reporting a failed case (crash, compile error) still failed.
        ((status != 0 && f == 0)) && f=1
        detail="$p passed, $f failed"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    summary+=("$(printf '%-9s %-6s %5ss  %s' "$name" "$( ((status == 0)) && echo ok || echo FAILED)" $((SECONDS - start)) "$detail")")
    return "$status"
}

skip_stage() {
    summary+=("$(printf '%-9s %-6s %5ss  %s' "$1" skipped 0 "$2")")
}

# Test files node --test would pick up in a directory (Node 20 naming rules).
has_node_tests() {
    [[ -d "$1" ]] && [[ -n "$(find "$1" -type f \( -name '*.test.*js' -o -name 'test-*.*js' -o -name '*[-_]test.*js' \) -print -quit)" ]]
}

# Builds the .deb the way a release does, but debug (the release build belongs to the release
# workflow) and offline: the deb bundler downloads nothing and every crate is in the build
# stage's cache. Like the release workflow it builds a client id in (a made-up one: the tests
# only read the authorize URL the installed app would open). Then checks the package and starts
# its binary in the throwaway desktop. `tauri build` leaves its binary (client id built in) at
# target/debug/closeout: the development one is put back, so e2e and demo runs that skip the
# build stage still meet a development build (cargo rebuilds either way when the id changes).
PACKAGE_CLIENT_ID=3f2a9c1e-5b7d-4e8f-a1c2-0d9e8f7a6b5c
package_stage() {
    local dev=target/debug/closeout status=0
    rm -rf target/debug/bundle/deb "$dev.dev"
    [[ -x "$dev" ]] && cp -p "$dev" "$dev.dev"
    CLOSEOUT_CLIENT_ID="$PACKAGE_CLIENT_ID" CARGO_NET_OFFLINE=true \
        npx --no-install tauri build --debug --bundles deb --ci -- --locked || status=1
    [[ -f "$dev.dev" ]] && mv -f "$dev.dev" "$dev"
    ((status == 0)) || return 1
    CLOSEOUT_BUILT_IN_CLIENT_ID="$PACKAGE_CLIENT_ID" \
        timeout --foreground --kill-after=30 "$STAGE_TIMEOUT" scripts/desktop-env.sh \
        node --test --test-concurrency=1 --test-timeout=600000 --test-force-exit tests/package/
}

# not_run STAGE REASON: a stage that could not start counts as one failure.
not_run() {
    failed=$((failed + 1))
    summary+=("$(printf '%-9s %-6s %5ss  %s' "$1" FAILED 0 "not run: $2")")
}

total_start=$SECONDS
for stage in "${STAGES[@]}"; do
    case "$stage" in
    fmt) run_stage fmt check cargo fmt --all -- --check --color never ;;
    clippy) run_stage clippy check cargo clippy --locked --workspace --all-targets -- -D warnings ;;
    build) run_stage build check cargo build --locked --workspace --all-targets || build_ok=0 ;;
    rust) run_stage rust tests timeout --foreground --kill-after=30 "$STAGE_TIMEOUT" scripts/desktop-env.sh cargo test --locked --workspace --no-fail-fast ;;
    ui)
        if has_node_tests tests/ui; then
            run_stage ui tests node --test tests/ui/
        else
            skip_stage ui "no tests in tests/ui/"
        fi
        ;;
    e2e)
        if ((build_ok == 0)); then
            not_run e2e 'the build failed'
        elif [[ ! -x target/debug/closeout ]]; then
            not_run e2e 'target/debug/closeout is missing (run the build stage)'
        else
            run_stage e2e tests timeout --foreground --kill-after=30 "$STAGE_TIMEOUT" scripts/desktop-env.sh \
                node --test --test-concurrency=1 --test-timeout=600000 --test-force-exit tests/e2e/
        fi
        ;;
    workflows) run_stage workflows tests node --test tests/workflows/ ;;
    package)
        if [[ "${CLOSEOUT_SKIP_PACKAGE:-}" == 1 ]]; then
            skip_stage package "CLOSEOUT_SKIP_PACKAGE=1"
        elif ((build_ok == 0)); then
            not_run package 'the build failed'
        else
            run_stage package tests package_stage
        fi
        ;;
    *)
        echo "unknown stage: $stage (fmt clippy build rust ui workflows e2e package)" >&2
        exit 2
        ;;
    esac
done

printf '\n==> summary (logs in %s/, screenshots in target/screenshots/)\n' "$LOG_DIR"
printf '%s\n' "${summary[@]}"
printf 'total     %ss\n' $((SECONDS - total_start))
echo "$passed passed, $failed failed"
((failed == 0))
