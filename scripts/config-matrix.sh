#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build the objects the series touches under the configs 0-day would try,
# and under Debian's own amd64 config with kernel-config/series.config
# merged in. Results as TAP in RESULTS_DIR/series.matrix.{tap,rc}. Each
# passing (series, config) pair is remembered, so a warm run is instant.
#
#   matrix variants (each: tinyconfig + base.config + the override):
#     defer-n       # CONFIG_TCP_BPF_DEFER is not set
#     ipv6-m        CONFIG_IPV6=m (bpf_defer then cannot be selected)
#     ipv6-n        # CONFIG_IPV6 is not set
#     no-bpf        # CONFIG_BPF_SYSCALL is not set
#     no-cgroup-bpf # CONFIG_CGROUP_BPF is not set
#   (TCP_BPF_DEFER=y is the bisect build of series-check.sh.)
#
#   scripts/config-matrix.sh RESULTS_DIR
set -uo pipefail
. "$(dirname "$0")/lib.sh"
res=$1
mkdir -p "$res"
src=$("$KMESH_TOP/scripts/kernel-source.sh") || die "kernel source not ready"
mapfile -t patches < <(kmesh_series)
tree=$(kmesh_series_tree "${patches[@]}")
stamps=$KMESH_CACHE/matrix-ok
mkdir -p "$stamps"

# .c files of the kernel the series touches, as objects.
mapfile -t objs < <(for p in "${patches[@]}"; do
	sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' "$p"; done | grep -v '^tools/' | sort -u)

# want OPTION VALUE CONFIG: the final config has OPTION=VALUE (n: unset).
want() {
	local got
	got=$(grep -E "^$1=" "$3" | cut -d= -f2-)
	[ "${got:-n}" = "$2" ]
}

# build NAME CONFIG_FILE: the touched objects that this config builds.
build() {
	local name=$1 cfg=$2 obj=$KMESH_CACHE/build/matrix-$1 o list=() ymods
	mkdir -p "$obj"
	cmp -s "$cfg" "$obj/.config" || cp "$cfg" "$obj/.config"
	make -s -C "$src" O="$obj" olddefconfig >/dev/null 2>&1 || return 1
	ymods=$(grep -E '^CONFIG_(IPV6|TCP_BPF_DEFER)=' "$obj/.config" | tr '\n' ' ')
	for o in "${objs[@]}"; do
		case "$o" in
		net/ipv6/*) grep -q '^CONFIG_IPV6=[ym]' "$obj/.config" || continue ;;
		net/ipv4/tcp_bpf_defer.o) grep -q '^CONFIG_TCP_BPF_DEFER=y' "$obj/.config" || continue ;;
		# obj-$(CONFIG_BPF_SYSCALL) there: not built without it
		kernel/bpf/*) grep -q '^CONFIG_BPF_SYSCALL=y' "$obj/.config" || continue ;;
		esac
		list+=("$o")
	done
	echo "# $name: ${ymods:-IPV6 and TCP_BPF_DEFER off}; ${list[*]}"
	make -C "$src" O="$obj" -j"$KMESH_JOBS" "${list[@]}" >"$obj/build.log" 2>&1 || {
		grep -E 'error|warning' "$obj/build.log" | head -20 | sed 's/^/# /'
		return 1
	}
	if grep -qE '^[^ ]+:[0-9]+:[0-9]+: warning:' "$obj/build.log"; then
		grep -E ': warning:' "$obj/build.log" | head -20 | sed 's/^/# /'
		return 1
	fi
}

# tiny NAME OVERRIDE...: tinyconfig + base.config + these lines.
tiny() {
	local name=$1 t
	shift
	t=$KMESH_CACHE/build/matrix-$name-config
	mkdir -p "$t"
	printf '%s\n' "$@" >"$t/override"
	make -s -C "$src" O="$t" tinyconfig >/dev/null 2>&1 &&
	"$src/scripts/kconfig/merge_config.sh" -m -O "$t" "$t/.config" \
		"$KMESH_TOP/kernel-config/base.config" "$t/override" >/dev/null 2>&1 &&
	make -s -C "$src" O="$t" olddefconfig >/dev/null 2>&1 && echo "$t/.config"
}

variants=(
	"defer-n|# CONFIG_TCP_BPF_DEFER is not set|CONFIG_TCP_BPF_DEFER|n"
	"ipv6-m|CONFIG_IPV6=m|CONFIG_TCP_BPF_DEFER|n"
	"ipv6-n|# CONFIG_IPV6 is not set|CONFIG_TCP_BPF_DEFER|y"
	"no-bpf|# CONFIG_BPF_SYSCALL is not set|CONFIG_TCP_BPF_DEFER|n"
	"no-cgroup-bpf|# CONFIG_CGROUP_BPF is not set|CONFIG_TCP_BPF_DEFER|n"
)

(
	echo "TAP version 13"
	n=0 bad=0
	for v in "${variants[@]}"; do
		IFS='|' read -r name line opt val <<<"$v"
		n=$((n + 1))
		key=$( { echo "$tree $name"; kmesh_hash_files "$KMESH_TOP/kernel-config/base.config"; } |
			sha256sum | cut -c1-16)
		if [ -f "$stamps/$key" ]; then
			echo "ok $n $name: touched objects build # cached"
			continue
		fi
		cfg=$(tiny "$name" "$line") || { echo "not ok $n $name: no config"; bad=1; continue; }
		if ! want "$opt" "$val" "$cfg"; then
			echo "not ok $n $name: expected $opt=$val"; bad=1; continue
		fi
		if build "$name" "$cfg"; then
			echo "ok $n $name: touched objects build, no warning"
			touch "$stamps/$key"
		else
			echo "not ok $n $name: build failed"; bad=1
		fi
	done

	# Debian's own config (package linux-config-6.12) + series.config
	n=$((n + 1))
	deb=$(ls /usr/src/linux-config-6.12/config.amd64_none_amd64.xz 2>/dev/null)
	key=$( { echo "$tree debian"; kmesh_hash_files "$KMESH_TOP/kernel-config/series.config" "$deb"; } |
		sha256sum | cut -c1-16)
	if [ -z "$deb" ]; then
		echo "not ok $n debian: /usr/src/linux-config-6.12/config.amd64_none_amd64.xz missing"; bad=1
	elif [ -f "$stamps/$key" ]; then
		echo "ok $n debian amd64 config + series.config: nothing dropped, objects build # cached"
	else
		t=$KMESH_CACHE/build/matrix-debian-config
		mkdir -p "$t"
		xz -dc "$deb" >"$t/.config"
		# Debian signs modules with its own key, which is not here
		sed -i 's/^CONFIG_MODULE_SIG_KEY=.*/CONFIG_MODULE_SIG_KEY=""/; s/^CONFIG_SYSTEM_TRUSTED_KEYS=.*/CONFIG_SYSTEM_TRUSTED_KEYS=""/' "$t/.config"
		if "$src/scripts/kconfig/merge_config.sh" -m -O "$t" "$t/.config" \
			"$KMESH_TOP/kernel-config/series.config" >/dev/null 2>&1 &&
		   make -s -C "$src" O="$t" olddefconfig >/dev/null 2>&1 &&
		   out=$("$KMESH_TOP/scripts/check-config.sh" "$t/.config" \
			"$KMESH_TOP/kernel-config/series.config" 2>&1); then
			if build debian "$t/.config"; then
				echo "ok $n debian amd64 config + series.config: nothing dropped, objects build"
				touch "$stamps/$key"
			else
				echo "not ok $n debian: build failed"; bad=1
			fi
		else
			echo "not ok $n debian: series.config does not merge"
			sed 's/^/# /' <<<"${out:-merge failed}"
			bad=1
		fi
	fi
	echo "1..$n"
	exit $bad
) >"$res/series.matrix.tap" 2>&1
echo $? >"$res/series.matrix.rc"
exit 0
