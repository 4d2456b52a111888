# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Shared settings for kmesh-native scripts. Source it; do not run it.

KMESH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KMESH_CACHE=${KMESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmesh-native}
KMESH_TARBALL=${KMESH_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
KMESH_JOBS=${KMESH_JOBS:-$(nproc)}
export KMESH_TOP KMESH_CACHE KMESH_TARBALL KMESH_JOBS

msg() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

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

# Hash of a list of files' contents (names included, order matters).
kmesh_hash_files() {
	local f
	for f in "$@"; do
		printf '%s\n' "$(basename "$f")"
		cat "$f"
	done | sha256sum | cut -c1-16
}
