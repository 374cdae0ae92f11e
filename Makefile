# Closeout: two commands do everything, each installing what is missing first (scripts/setup.sh).
#
#   make demo    build and open the app on the practice company (a sample bakery)
#   make test    every check and test: fmt, clippy, build, Rust, front end, end-to-end
#   make bench   release benchmarks (footprint against a bare Tauri window, closure engine,
#                practice tenant throughput); not tests
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test bench setup build

demo: setup
	@scripts/demo.sh

test: setup
	@scripts/test.sh

bench: setup
	@scripts/bench.sh

setup:
	@scripts/setup.sh

build: setup
	cargo build
