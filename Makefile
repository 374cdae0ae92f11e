# Shortcuts for the scripts (which need no make: the README's quick start calls them directly;
# each installs what is missing first, with scripts/setup.sh).
#
#   make demo    scripts/demo.sh: build and open the app on the practice company (a sample bakery)
#   make test    scripts/test.sh: every check and test: fmt, clippy, build, Rust, front end, end-to-end
#   make bench   release benchmarks (footprint against a bare Tauri window, closure engine,
#                practice tenant throughput); not tests
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test bench setup build

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

setup:
	@scripts/setup.sh

build: setup
	cargo build
