# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# kmesh-native: the two commands are `make demo` and `make check`.
# Both install what they need (Debian packages, kernel source) first.

.PHONY: all help deps kernel selftests check demo clean

all: help

help:
	@echo 'make demo        boot the patched kernel and show it at work'
	@echo 'make check       run every test (T=name[,name] for some guest tests)'
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

clean:
	rm -rf build
