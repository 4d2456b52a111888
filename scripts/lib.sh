# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Shared settings for kmesh-native scripts. Source it; do not run it.

KMESH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KMESH_CACHE=${KMESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmesh-native}
KMESH_TARBALL=${KMESH_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
KMESH_JOBS=${KMESH_JOBS:-$(nproc)}
# Revision of the series, in the subject prefix export-series.sh writes.
KMESH_SERIES_VERSION=${KMESH_SERIES_VERSION:-2}
# kselftest directories the series adds, run by `make check`.
KMESH_KSELFTESTS=${KMESH_KSELFTESTS:-net/tcp_bpf_defer}
export KMESH_TOP KMESH_CACHE KMESH_TARBALL KMESH_JOBS KMESH_KSELFTESTS KMESH_SERIES_VERSION

# What in a guest's dmesg is a splat (tap-summary.sh fails a run on it).
KMESH_SPLAT='BUG:|WARNING:|KASAN:|UBSAN:|Oops|Kernel panic|general protection fault|sleeping function called from invalid context|possible (recursive|circular) locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|rcu_sched self-detected stall|suspected memory leak'

msg() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# kmesh_record RESULTS NAME CMD...: CMD's output (TAP) and exit status as
# RESULTS/NAME.{tap,rc}, for tap-summary.sh. A failing CMD fails the
# summary under NAME; it does not end the caller, even under `set -e`.
kmesh_record() {
	local res=$1 name=$2 rc=0
	shift 2
	"$@" >"$res/$name.tap" 2>&1 || rc=$?
	echo $rc >"$res/$name.rc"
}

# kmesh_host_tests RESULTS DIR: every DIR/*.sh, each recorded as
# host.<name> whatever the others do.
kmesh_host_tests() {
	local t
	for t in "$2"/*.sh; do
		[ -e "$t" ] || continue
		kmesh_record "$1" "host.$(basename "$t" .sh)" bash "$t"
	done
}

# Debian package version of the kernel source, e.g. 6.12.117-1~deb12u1.
kmesh_source_pkgver() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
		die "linux-source-6.12 is not installed (run scripts/deps.sh)"
}

# Patches of the series, in order, from patches/series.
kmesh_series() {
	local p
	[ -f "$KMESH_TOP/patches/series" ] || return 0
	while read -r p _; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -f "$KMESH_TOP/patches/$p" ] || die "patches/series names missing $p"
		echo "$KMESH_TOP/patches/$p"
	done <"$KMESH_TOP/patches/series"
}

# Git tree id of `base` with PATCH... applied, computed in a scratch index
# of the cached kernel repository without touching its work tree. It names
# the patched source by content, so a patch whose text changes but whose
# result does not (a reworded message, a re-export) rebuilds nothing.
kmesh_series_tree() {
	local src=$KMESH_CACHE/linux idx p
	idx=$(mktemp "${TMPDIR:-/tmp}/kmesh-index.XXXXXX")
	GIT_INDEX_FILE=$idx git -C "$src" read-tree base || { rm -f "$idx"; return 1; }
	for p in "$@"; do
		GIT_INDEX_FILE=$idx git -C "$src" apply --cached "$p" ||
			{ rm -f "$idx"; die "patch does not apply: $(basename "$p")"; }
	done
	GIT_INDEX_FILE=$idx git -C "$src" write-tree
	rm -f "$idx"
}

# Hash of a list of files' contents (names included, order matters).
kmesh_hash_files() {
	local f
	for f in "$@"; do
		printf '%s\n' "$(basename "$f")"
		cat "$f"
	done | sha256sum | cut -c1-16
}
