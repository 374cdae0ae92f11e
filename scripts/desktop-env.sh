#!/usr/bin/env bash
# Runs a command inside a throwaway Linux desktop, then removes every trace of it.
#
#   scripts/desktop-env.sh CMD [ARGS...]
#
# What CMD gets:
#   - DISPLAY                   an Xvfb server on a free display (found with -displayfd)
#   - DBUS_SESSION_BUS_ADDRESS  a private session bus (dbus-run-session), never the user's
#   - a Secret Service          gnome-keyring-daemon, its "login" keyring unlocked with a throwaway
#                               password (CLOSEOUT_TEST_KEYRING_PASSWORD, so tests can lock and
#                               unlock it again); we wait until org.freedesktop.secrets has an owner
#   - XDG_{CONFIG,DATA,CACHE,STATE,RUNTIME}_HOME in a temp folder, so WebKit, the keyring and the
#     app write nothing into the real $HOME
#   - CLOSEOUT_DESKTOP_DIR      that temp folder
#
# On exit (success, failure, Ctrl-C or TERM) every process started inside is stopped: each one
# carries CLOSEOUT_DESKTOP_ID in its environment, so even daemons that detached are found by it
# and ended by PID. The exit status is CMD's.
set -euo pipefail

if [[ "${1:-}" == "--inside-bus" ]]; then
    # Second stage, already inside the private bus: start the unlocked keyring, then run CMD.
    shift
    CLOSEOUT_TEST_KEYRING_PASSWORD="throwaway-$RANDOM$RANDOM"
    export CLOSEOUT_TEST_KEYRING_PASSWORD
    printf '%s' "$CLOSEOUT_TEST_KEYRING_PASSWORD" |
        gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    keyring_pid=$!
    # set +e: the daemon may be gone already (a test can stop it); CMD's status must stand.
    trap 'set +e; kill "$keyring_pid" 2>/dev/null; wait "$keyring_pid" 2>/dev/null' EXIT

    secrets_owned() {
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
            grep -q 'boolean true'
    }
    for _ in $(seq 100); do
        secrets_owned && break
        sleep 0.1
    done
    secrets_owned || { echo "desktop-env: gnome-keyring did not take org.freedesktop.secrets" >&2; exit 1; }

    status=0
    "$@" || status=$?
    exit "$status"
fi

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
for tool in Xvfb dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "desktop-env: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done

desktop_dir="$(mktemp -d "${TMPDIR:-/tmp}/closeout-desktop.XXXXXX")"
export CLOSEOUT_DESKTOP_DIR="$desktop_dir"
export CLOSEOUT_DESKTOP_ID="$desktop_dir"
for name in config data cache state runtime; do
    mkdir -p "$desktop_dir/$name"
done
chmod 700 "$desktop_dir/runtime"
export XDG_CONFIG_HOME="$desktop_dir/config" XDG_DATA_HOME="$desktop_dir/data"
export XDG_CACHE_HOME="$desktop_dir/cache" XDG_STATE_HOME="$desktop_dir/state"
export XDG_RUNTIME_DIR="$desktop_dir/runtime"
# No accessibility bus and no dconf writes: both would start daemons outside our bus.
export NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory
unset DBUS_SESSION_BUS_ADDRESS SESSION_MANAGER GNOME_KEYRING_CONTROL SSH_AUTH_SOCK WAYLAND_DISPLAY

# Prints the PIDs of processes started inside this desktop (they inherited CLOSEOUT_DESKTOP_ID).
desktop_pids() {
    local proc pid
    for proc in /proc/[0-9]*; do
        pid="${proc#/proc/}"
        [[ "$pid" == "$$" || "$pid" == "${BASHPID:-$$}" ]] && continue
        if grep -qzxF "CLOSEOUT_DESKTOP_ID=$desktop_dir" "$proc/environ" 2>/dev/null; then
            echo "$pid"
        fi
    done
}

xvfb_pid=""
child_pid=""
cleanup() {
    local pids
    trap - EXIT INT TERM HUP
    set +e # processes may be gone already; a failed kill must not cut the cleanup short
    [[ -n "$child_pid" ]] && kill -TERM "$child_pid" 2>/dev/null
    [[ -n "$xvfb_pid" ]] && kill -TERM "$xvfb_pid" 2>/dev/null
    pids="$(desktop_pids)"
    if [[ -n "$pids" ]]; then
        # shellcheck disable=SC2086
        kill -TERM $pids 2>/dev/null
        for _ in $(seq 30); do
            pids="$(desktop_pids)"
            [[ -z "$pids" ]] && break
            sleep 0.1
        done
        # shellcheck disable=SC2086
        [[ -n "$pids" ]] && kill -KILL $pids 2>/dev/null
    fi
    [[ -n "$xvfb_pid" ]] && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$desktop_dir"
    return 0
}
trap 'cleanup' EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM HUP

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
    3>"$desktop_dir/display" >"$desktop_dir/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
    [[ -s "$desktop_dir/display" ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ ! -s "$desktop_dir/display" ]]; then
    echo "desktop-env: Xvfb did not start:" >&2
    cat "$desktop_dir/xvfb.log" >&2
    exit 1
fi
export DISPLAY=":$(tr -d '[:space:]' <"$desktop_dir/display")"

status=0
dbus-run-session -- bash "${BASH_SOURCE[0]}" --inside-bus "$@" &
child_pid=$!
wait "$child_pid" || status=$?
child_pid=""
exit "$status"
