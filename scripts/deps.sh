#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Install the Debian packages kmesh-native needs. Idempotent: prints
# nothing when everything is present, and names what it installs.
#
#   scripts/deps.sh           what make check and make demo need
#   scripts/deps.sh --bench   and what make bench adds: the servers it
#                             compares the mesh with, wrk, gnuplot
set -euo pipefail

pkgs=(
	build-essential make gcc bc bison flex cpio kmod rsync xz-utils zstd
	libelf-dev libssl-dev dwarves python3 perl git
	clang llvm libbpf-dev bpftool clang-16 llvm-16 clang-19 llvm-19
	libclang-rt-14-dev python3-h11	# libFuzzer, h11: scripts/tests/parser.sh
	protobuf-c-compiler libprotobuf-c-dev libyaml-dev pkg-config
	qemu-system-x86 iproute2 procps liburing-dev
	linux-source-6.12 linux-config-6.12
)
# make bench: nginx (backend and L7 proxy), haproxy (L7 proxy), wrk
# (keep-alive load), gnuplot (the chart; -nox: no X11).
bench=(nginx haproxy wrk gnuplot-nox)
want_bench=0
[ "${1:-}" = --bench ] && { pkgs+=("${bench[@]}"); want_bench=1; }

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "==> installing Debian packages: ${missing[*]}" >&2
[ "$(id -u)" -eq 0 ] || { echo "error: need root to install: ${missing[*]}" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
# nginx and haproxy must not start as services on the host (the bench
# runs its own, in the guest): unless the machine has its own
# policy-rc.d, deny service starts for the time of the install.
policy=
if [ $want_bench = 1 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\n# scripts/deps.sh --bench, removed after the install\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "==> installed ${#missing[@]} package(s)" >&2
