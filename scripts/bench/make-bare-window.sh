#!/usr/bin/env bash
# Writes a bare Tauri 2 app into DIR: one window the size of Closeout's, one static page,
# no plugins, Closeout's release profile and Cargo.lock (so the crate versions match).
#
#   scripts/bench/make-bare-window.sh DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$1"
mkdir -p "$dir/src" "$dir/ui" "$dir/icons"

cat >"$dir/Cargo.toml" <<'TOML'
[package]
name = "bare-window"
version = "0.1.0"
edition = "2021"
publish = false

# Its own workspace: it lives under Closeout's target/ but is not part of Closeout.
[workspace]

[build-dependencies]
tauri-build = { version = "2", features = [] }

[dependencies]
tauri = { version = "2", features = [] }
TOML
# The same release profile as Closeout's.
sed -n '/^\[profile.release\]/,/^$/p' "$root/Cargo.toml" >>"$dir/Cargo.toml"
[[ -f "$dir/Cargo.lock" ]] || cp "$root/Cargo.lock" "$dir/Cargo.lock"
cp "$root/icons/icon.png" "$dir/icons/icon.png"

cat >"$dir/build.rs" <<'RS'
fn main() {
    tauri_build::build()
}
RS
cat >"$dir/src/main.rs" <<'RS'
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the bare window");
}
RS
cat >"$dir/tauri.conf.json" <<'JSON'
{
  "productName": "Bare",
  "version": "0.1.0",
  "identifier": "bench.bare.window",
  "build": { "frontendDist": "ui" },
  "app": {
    "windows": [{ "title": "Bare", "width": 1100, "height": 760 }],
    "security": { "csp": "default-src 'self'" }
  },
  "bundle": { "active": false, "icon": ["icons/icon.png"] }
}
JSON
cat >"$dir/ui/index.html" <<'HTML'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bare</title></head>
<body><h1>A bare Tauri window</h1><p>One static page, no scripts, no plugins.</p></body>
</html>
HTML
