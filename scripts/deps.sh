#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Install the Debian packages kmesh-native needs. Idempotent: prints
# nothing when everything is present, and names what it installs.
set -euo pipefail

pkgs=(
	build-essential make gcc bc bison flex cpio kmod rsync xz-utils zstd
	libelf-dev libssl-dev dwarves python3 perl git
	clang llvm libbpf-dev bpftool clang-16 llvm-16 clang-19 llvm-19
	protobuf-c-compiler libprotobuf-c-dev libyaml-dev pkg-config
	qemu-system-x86 iproute2 procps liburing-dev
	linux-source-6.12 linux-config-6.12
)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "==> installing Debian packages: ${missing[*]}" >&2
[ "$(id -u)" -eq 0 ] || { echo "error: need root to install: ${missing[*]}" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "==> installed ${#missing[@]} package(s)" >&2
