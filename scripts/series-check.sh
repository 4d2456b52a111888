#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Checks on the patch series itself, each result written as TAP into
# RESULTS_DIR/series.<check>.{tap,rc}:
#   layout      patches/series lists every patch, cover letter 0000 present
#   checkpatch  scripts/checkpatch.pl --strict is clean on every patch
#   bisect      the kernel builds after each patch in turn (incremental,
#               in its own worktree; a verified prefix is remembered), and
#               W=1 adds no warning to a .c file the series touches
#
#   scripts/series-check.sh RESULTS_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh"
res=$1
mkdir -p "$res"
mapfile -t patches < <(kmesh_series)
src=$("$KMESH_TOP/scripts/kernel-source.sh") || die "kernel source not ready"

# --- layout --------------------------------------------------------------
(
	echo "TAP version 13"
	n=0 bad=0
	for p in "$KMESH_TOP"/patches/0*.patch; do
		[ -e "$p" ] || continue
		b=$(basename "$p")
		case "$b" in 0000-*) continue ;; esac
		n=$((n + 1))
		if grep -qxF "$b" "$KMESH_TOP/patches/series"; then
			echo "ok $n $b is in patches/series"
		else
			echo "not ok $n $b is missing from patches/series"; bad=1
		fi
	done
	if [ ${#patches[@]} -gt 0 ]; then
		n=$((n + 1))
		if ls "$KMESH_TOP"/patches/0000-*.patch >/dev/null 2>&1; then
			echo "ok $n cover letter present"
		else
			echo "not ok $n no cover letter patches/0000-*.patch"; bad=1
		fi
	fi
	n=$((n + 1))
	echo "ok $n series has ${#patches[@]} patch(es) that apply to $(make -s -C "$src" kernelversion)"
	echo "1..$n"
	exit $bad
) >"$res/series.layout.tap" 2>&1
echo $? >"$res/series.layout.rc"

[ ${#patches[@]} -gt 0 ] || exit 0

# --- checkpatch ----------------------------------------------------------
(
	echo "TAP version 13"
	n=0 bad=0
	for p in "${patches[@]}"; do
		n=$((n + 1))
		if out=$("$src/scripts/checkpatch.pl" --strict --no-tree --quiet \
				--ignore FILE_PATH_CHANGES "$p" 2>&1); then
			echo "ok $n checkpatch --strict $(basename "$p")"
		else
			echo "not ok $n checkpatch --strict $(basename "$p")"
			sed 's/^/# /' <<<"$out"
			bad=1
		fi
	done
	echo "1..$n"
	exit $bad
) >"$res/series.checkpatch.tap" 2>&1
echo $? >"$res/series.checkpatch.rc"

# --- bisect + W=1 --------------------------------------------------------
wt=$KMESH_CACHE/linux-bisect
obj=$KMESH_CACHE/build/bisect
stamps=$KMESH_CACHE/bisect-ok
frag=$KMESH_TOP/kernel-config/bisect.config
mkdir -p "$stamps" "$obj"
cfgkey=$(kmesh_hash_files "$frag")
pkgver=$(kmesh_source_pkgver)

git_w() { git -C "$wt" -c user.name=kmesh-native -c user.email=build@kmesh-native.invalid "$@"; }

# .c files the whole series touches: W=1 is compared on them before/after.
mapfile -t cfiles < <(for p in "${patches[@]}"; do
	sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$p"; done | grep -v '^tools/' | sort -u)

# gen_config: tinyconfig + bisect.config for the worktree as it is now
# (a patch may add a Kconfig symbol the fragment asks for: before the
# patch that adds CONFIG_TCP_BPF_DEFER it is simply not set), copied into
# the object dir only when it changed.
gen_config() {
	local tmpo=$KMESH_CACHE/build/bisect-config
	mkdir -p "$tmpo"
	make -s -C "$wt" O="$tmpo" tinyconfig >/dev/null &&
	"$wt/scripts/kconfig/merge_config.sh" -m -O "$tmpo" "$tmpo/.config" "$frag" >/dev/null &&
	make -s -C "$wt" O="$tmpo" olddefconfig >/dev/null || return 1
	cmp -s "$tmpo/.config" "$obj/.config" || cp "$tmpo/.config" "$obj/.config"
}

# apply_prefix PATCH...: the worktree at base plus these patches.
apply_prefix() {
	local p
	git_w am --abort >/dev/null 2>&1
	git_w checkout -q --detach base && git_w reset -q --hard base || return 1
	for p in "$@"; do git_w am -q "$p" >&2 || return 1; done
	gen_config
}

# w1: W=1 warnings of the touched .c files, line numbers dropped, sorted.
w1() {
	local f objs=()
	for f in "${cfiles[@]}"; do
		[ -f "$wt/$f" ] && objs+=("${f%.c}.o")
	done
	[ ${#objs[@]} -gt 0 ] || return 0
	make -C "$wt" O="$obj" W=1 -j"$KMESH_JOBS" "${objs[@]}" 2>&1 |
		grep -E ': warning:' | sed -E 's/:[0-9]+:[0-9]+:/:/; s|^.*/linux-bisect/||' | sort -u
}

(
	echo "TAP version 13"
	bad=0 n=${#patches[@]}
	if [ ! -e "$wt/.git" ]; then
		git -C "$src" worktree prune
		git -C "$src" worktree add -q --detach "$wt" base >&2
	fi
	prefix=() at=-1
	for i in $(seq 0 "$n"); do
		[ "$i" -gt 0 ] && prefix+=("${patches[$((i - 1))]}")
		key=$( { echo "$pkgver $cfgkey"; kmesh_series_tree "${prefix[@]}"; } | sha256sum | cut -c1-16)
		name=$([ "$i" -eq 0 ] && echo "base" || basename "${patches[$((i - 1))]}")
		if [ -f "$stamps/$key" ]; then
			[ "$i" -gt 0 ] && echo "ok $i builds after $name # cached"
			continue
		fi
		if [ "$at" -eq $((i - 1)) ] && [ "$i" -gt 0 ]; then
			git_w am -q "${patches[$((i - 1))]}" >&2 && gen_config
		else
			apply_prefix "${prefix[@]}"
		fi || { echo "not ok $i $name does not apply"; bad=1; break; }
		at=$i
		if make -C "$wt" O="$obj" -j"$KMESH_JOBS" vmlinux \
			$(grep -q '^CONFIG_MODULES=y' "$obj/.config" && echo modules) \
			>"$obj/build-$i.log" 2>&1; then
			[ "$i" -gt 0 ] && echo "ok $i builds after $name"
			touch "$stamps/$key"
		else
			echo "not ok $i builds after $name"
			grep -E 'error' "$obj/build-$i.log" | head -20 | sed 's/^/# /'
			bad=1
			break
		fi
	done
	if [ $bad -eq 0 ]; then
		n=$((n + 1))
		wkey=$( { echo "$key"; printf '%s\n' "${cfiles[@]}"; } | sha256sum | cut -c1-16)
		if [ -f "$stamps/w1-$wkey" ]; then
			echo "ok $n W=1 adds no warning in ${#cfiles[@]} touched .c file(s) # cached"
		else
			apply_prefix && w1 >"$obj/w1-base.txt"
			apply_prefix "${patches[@]}" && w1 >"$obj/w1-series.txt"
			new=$(comm -13 "$obj/w1-base.txt" "$obj/w1-series.txt")
			if [ -z "$new" ]; then
				echo "ok $n W=1 adds no warning in ${#cfiles[@]} touched .c file(s)"
				touch "$stamps/w1-$wkey"
			else
				echo "not ok $n W=1 adds warnings"; sed 's/^/# /' <<<"$new"; bad=1
			fi
		fi
	fi
	echo "1..$n"
	exit $bad
) >"$res/series.bisect.tap" 2>&1
echo $? >"$res/series.bisect.rc"
exit 0
