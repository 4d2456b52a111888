# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# kmesh-native: the two commands are `make demo` and `make check`, and
# `make bench` measures. All install what they need (Debian packages,
# kernel source) first.

.PHONY: all help deps kernel selftests check demo bench bench-test clean

all: help

help:
	@echo 'make demo        boot the patched kernel and show it at work'
	@echo 'make check       run every test (T=name[,name] for some guest tests)'
	@echo 'make bench       the mesh against direct connections and proxies (BENCH_SMOKE=1: ~2 min)'
	@echo 'make bench-test  host tests of the benchmark harness (no guest)'
	@echo 'make kernel      build (or reuse) the patched debug kernel'
	@echo 'make deps        install the Debian packages needed'
	@echo 'make clean       remove build/ (the kernel cache stays)'

deps:
	@scripts/deps.sh

kernel: deps
	@scripts/kernel-build.sh debug

check:
	@scripts/check.sh $(if $(T),-t $(T))

demo:
	@scripts/demo.sh

bench:
	@scripts/bench.sh $(if $(filter 1,$(BENCH_SMOKE)),--smoke)

bench-test:
	@$(MAKE) --no-print-directory -C bench test

clean:
	rm -rf build
