#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build the patched kernel for a flavour and print the directory of its
# artifacts (bzImage, vmlinux.h, headers, config, version, and mod/ with
# the installed modules when the config has any).
#
#   scripts/kernel-build.sh debug   tinyconfig + base.config + debug.config
#   scripts/kernel-build.sh base    tinyconfig + base.config
#   scripts/kernel-build.sh bench   tinyconfig + base.config + bench.config
#
# Artifacts are cached in $KMESH_CACHE/kernels/<key>, the key hashing the
# kernel source package version, the series, the fragments and the
# compiler, so an unchanged tree is never rebuilt. The object tree of
# each flavour is kept, so a changed patch rebuilds incrementally.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-debug}
case "$flavour" in
base) frags=("$KMESH_TOP/kernel-config/base.config") ;;
debug) frags=("$KMESH_TOP/kernel-config/base.config" "$KMESH_TOP/kernel-config/debug.config") ;;
bench) frags=("$KMESH_TOP/kernel-config/base.config" "$KMESH_TOP/kernel-config/bench.config") ;;
*) die "unknown flavour '$flavour' (base, debug or bench)" ;;
esac

pkgver=$(kmesh_source_pkgver)
mapfile -t patches < <(kmesh_series)
[ -d "$KMESH_CACHE/linux/.git" ] || "$KMESH_TOP/scripts/kernel-source.sh" >/dev/null
tree=$(kmesh_series_tree "${patches[@]}")
key=$( { echo "$pkgver $tree"; gcc --version | head -1; pahole --version;
	 kmesh_hash_files "${frags[@]}"; } | sha256sum | cut -c1-16)
out=$KMESH_CACHE/kernels/$flavour-$key

if [ -f "$out/done" ]; then
	msg "kernel: using cached $flavour build $(cat "$out/version") ($out)"
	echo "$out"
	exit 0
fi

src=$("$KMESH_TOP/scripts/kernel-source.sh")
obj=$KMESH_CACHE/build/$flavour
cfg=$KMESH_CACHE/build/$flavour-config
mkdir -p "$obj" "$cfg"

# Generate the config in a scratch object dir and only copy it over when
# it changed, so kbuild sees no config change on a rebuild.
make -s -C "$src" O="$cfg" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" "${frags[@]}" >/dev/null
make -s -C "$src" O="$cfg" olddefconfig >/dev/null
"$KMESH_TOP/scripts/check-config.sh" "$cfg/.config" "${frags[@]}"
cmp -s "$cfg/.config" "$obj/.config" || cp "$cfg/.config" "$obj/.config"

kver=$(make -s -C "$src" kernelversion)
msg "kernel: building linux $kver ($pkgver) + ${#patches[@]} patch(es), $flavour config, -j$KMESH_JOBS"
start=$(date +%s)
log=$obj/build.log
if ! make -C "$src" O="$obj" -j"$KMESH_JOBS" bzImage >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -40 >&2
	die "kernel build failed, full log: $log"
fi
if grep -q '^CONFIG_MODULES=y' "$obj/.config" &&
   ! make -C "$src" O="$obj" -j"$KMESH_JOBS" modules >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -40 >&2
	die "module build failed, full log: $log"
fi
grep -E '^[^ ]+:[0-9]+:[0-9]+: warning:' "$log" >&2 || true

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$obj/arch/x86/boot/bzImage" "$obj/.config" "$out.tmp/"
bpftool btf dump file "$obj/vmlinux" format c >"$out.tmp/vmlinux.h"
if grep -q '^CONFIG_MODULES=y' "$obj/.config"; then
	make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$out.tmp/mod" INSTALL_MOD_STRIP=1 \
		modules_install >/dev/null
fi
make -s -C "$src" O="$obj" INSTALL_HDR_PATH="$out.tmp/usr" headers_install >/dev/null
echo "$kver" >"$out.tmp/version"
echo "$pkgver" >"$out.tmp/pkgver"
touch "$out.tmp/done"
rm -rf "$out"
mv "$out.tmp" "$out"
msg "kernel: built $kver in $(( $(date +%s) - start ))s"
echo "$out"
