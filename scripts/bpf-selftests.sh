#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build the series' tests in tools/testing/selftests/bpf (test_progs) for
# the guest and print the suite directory (.../bpf): test_progs, its BPF objects, a
# TESTS file, and one TAP wrapper per test (scripts/test-progs-tap.sh).
#
#   scripts/bpf-selftests.sh KDIR [SRC]   SRC: the patched tree, default
#                                        the cached one
#
# Upstream's test_progs target is built as it is, with clang-19, but with
# its runner directories (TRUNNER_TESTS_DIR, TRUNNER_BPF_PROGS_DIR) pointed
# at a directory holding links to only the tests in KMESH_BPF_TESTS and the
# BPF programs whose skeletons they include: all of selftests/bpf is some
# 900 BPF objects, 20 to 30 minutes on two cores, for tests the series does
# not touch. The BPF objects are also built with clang-16, the other
# compiler Debian 12 has, which must accept them too. The result is cached
# in $KMESH_CACHE/bpf-selftests/<key>, the key hashing the selftests/bpf,
# libbpf, bpftool and uapi sources of the patched tree, the kernel's BTF,
# the compilers and this script.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=${1:?usage: bpf-selftests.sh KDIR [SRC]}
src=${2:-$KMESH_CACHE/linux}
sdir=$src/tools/testing/selftests/bpf
tests=${KMESH_BPF_TESTS:-tcp_bpf_defer}
clangs=(clang-19 clang-16)
for c in "${clangs[@]}"; do
	command -v "$c" >/dev/null || die "$c is not installed (run scripts/deps.sh)"
done
[ -f "$kdir/vmlinux.h" ] || die "$kdir has no vmlinux.h"

# The tests, and the progs their skeletons come from (and btf_data.c,
# which test_progs links with).
progs=(btf_data)
for t in ${tests//,/ }; do
	[ -f "$sdir/prog_tests/$t.c" ] || die "no prog_tests/$t.c in the series"
	mapfile -t -O ${#progs[@]} progs < <(sed -n -E \
		's/^#include "([a-z0-9_]+)\.skel\.h"/\1/p' "$sdir/prog_tests/$t.c")
done
for p in "${progs[@]}"; do
	[ -f "$sdir/progs/$p.c" ] || die "prog_tests include $p.skel.h, but there is no progs/$p.c"
done

key=$( { for p in tools/testing/selftests/bpf tools/lib/bpf tools/bpf/bpftool \
		tools/include tools/scripts tools/build include/uapi; do
		git -C "$src" rev-parse "HEAD:$p"; done
	 git -C "$src" status --porcelain --untracked-files=no -- tools include/uapi
	 for t in ${tests//,/ }; do cat "$sdir/prog_tests/$t.c"; done
	 for p in "${progs[@]}"; do cat "$sdir/progs/$p.c"; done
	 cat "$sdir"/progs/*.h; sha256sum <"$kdir/vmlinux.h"
	 for c in "${clangs[@]}"; do "$c" --version | head -1; done
	 gcc --version | head -1; echo "$tests"
	 cat "$0" "$KMESH_TOP/scripts/test-progs-tap.sh"; } | sha256sum | cut -c1-16)
out=$KMESH_CACHE/bpf-selftests/$key
if [ -f "$out/bpf/done" ]; then
	msg "selftests/bpf: using cached build ($out)"
	echo "$out/bpf"
	exit 0
fi

# The runner directories: links to the tests, their progs and every header
# in progs/. The tests' directory is OUTPUT/prog_tests:
# test_progs.c includes "prog_tests/tests.h", which is generated there and
# found through -I$(OUTPUT).
work=$KMESH_CACHE/build/bpf-selftests
rm -rf "$work"
mkdir -p "$work/out/prog_tests" "$work/progs"
ln -s "$sdir"/progs/*.h "$work/progs/"
for t in ${tests//,/ }; do ln -s "$sdir/prog_tests/$t.c" "$work/out/prog_tests/"; done
for p in "${progs[@]}"; do ln -sf "$sdir/progs/$p.c" "$work/progs/"; done

# Relative to the selftests directory, as its rules expect them.
rel() { realpath --relative-to="$sdir" "$1"; }
runner=(TRUNNER_TESTS_DIR="$(rel "$work/out/prog_tests")"
	TRUNNER_BPF_PROGS_DIR="$(rel "$work/progs")"
	TRUNNER_EXTRA_FILES= LSKELS= LSKELS_EXTRA= LINKED_SKELS=
	VMLINUX_H="$kdir/vmlinux.h" VMLINUX_BTF="$kdir/vmlinux.h")
log=$work/build.log
build() {	# OUTPUT CLANG TARGET...
	local o=$1 c=$2 v=${2#clang-}
	shift 2
	make -C "$sdir" -j"$KMESH_JOBS" OUTPUT="$o" CLANG="$c" LLC="llc-$v" \
		LLVM_STRIP="llvm-strip-$v" "${runner[@]}" "$@" >>"$log" 2>&1 || {
		grep -E 'error|Error' "$log" | head -40 >&2
		die "selftests/bpf does not build with $c, full log: $log"
	}
}

msg "selftests/bpf: building test_progs -t ${tests//,/ -t } with clang-19"
t0=$(date +%s)
build "$work/out" clang-19 "$work/out/test_progs"
msg "selftests/bpf: the same BPF programs with clang-16"
objs=()
for p in "${progs[@]}"; do objs+=("$work/out16/$p.bpf.o"); done
mkdir -p "$work/out16"
build "$work/out16" clang-16 "${objs[@]}"

# The suite directory is called bpf, so results are bpf.<test>.
rm -rf "$out.tmp"
mkdir -p "$out.tmp/bpf"
cp "$work/out/test_progs" "$work/out/"*.bpf.o "$out.tmp/bpf/"
: >"$out.tmp/bpf/TESTS"
for t in ${tests//,/ }; do
	install -m 0755 "$KMESH_TOP/scripts/test-progs-tap.sh" "$out.tmp/bpf/$t"
	echo "$t" >>"$out.tmp/bpf/TESTS"
done
touch "$out.tmp/bpf/done"
rm -rf "$out"
mv "$out.tmp" "$out"
msg "selftests/bpf: built in $(( $(date +%s) - t0 ))s"
echo "$out/bpf"
