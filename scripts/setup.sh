#!/usr/bin/env bash
# Installs whatever Closeout's build, demo and tests need and is missing, on Debian/Ubuntu with
# Rust (rustup) and Node 20+ already there. Idempotent and fast when nothing is missing: every
# step checks first, so apt and npm run only when something is actually absent or out of date.
#
#   scripts/setup.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The system libraries Tauri builds against, Xvfb + D-Bus + gnome-keyring for the headless
# desktop the tests run in, WebKitWebDriver for end-to-end tests, ImageMagick for icons and
# x11-utils (xwininfo) to read native window titles; the X headers for the footprint benchmark's
# paint watcher (scripts/bench/paintwatch.c).
APT_PACKAGES=(
    build-essential pkg-config libssl-dev
    libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
    libsecret-1-dev
    xvfb x11-utils webkit2gtk-driver dbus dbus-x11 gnome-keyring imagemagick
    libx11-dev libxext-dev libxdamage-dev
    # The mail handover's tests run BIND's named on loopback as the real DNS server (issue 12).
    bind9
)
TAURI_DRIVER_VERSION=2.1.0

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "Rust is missing: install it from https://rustup.rs first"
command -v node >/dev/null || die "Node.js 20 or newer is missing: install it first"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js $(node --version) is too old: 20 or newer is needed"

as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root for: $*  (run as root or install sudo)"
    fi
}

# 1. System packages.
missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$package")
done
if ((${#missing[@]})); then
    command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
    say "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. Rust components for the checks.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    command -v rustup >/dev/null || die "cargo fmt/clippy are missing and there is no rustup to add them"
    say "adding rustfmt and clippy"
    rustup component add rustfmt clippy
fi

# 3. tauri-driver (the WebDriver proxy in front of WebKitWebDriver).
if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
fi

# 4. npm packages, exactly as locked; skipped while the lock file is unchanged since the last install.
stamp=node_modules/.closeout-setup-stamp
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    printf '%s\n' "$want" >"$stamp"
fi

say "everything is installed"
