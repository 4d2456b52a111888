#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Unpack Debian's linux-source-6.12 into the cache as a git repository
# whose first commit is the pristine source, then apply patches/ with
# `git am` so a failure names the patch. Prints the tree's path.
#
#   scripts/kernel-source.sh [N]   apply only the first N patches
set -euo pipefail
. "$(dirname "$0")/lib.sh"

upto=${1:-}
pkgver=$(kmesh_source_pkgver)
src=$KMESH_CACHE/linux
mapfile -t patches < <(kmesh_series)
[ -n "$upto" ] && patches=("${patches[@]:0:$upto}")

git_k() {
	git -C "$src" -c user.name="kmesh-native" -c user.email="build@kmesh-native.invalid" \
		-c advice.detachedHead=false "$@"
}

if [ "$(git -C "$src" config kmesh.pkgver 2>/dev/null || true)" != "$pkgver" ]; then
	msg "unpacking $KMESH_TARBALL ($pkgver) into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$KMESH_TARBALL" -C "$src.tmp" --strip-components=1
	git -C "$src.tmp" init -q
	git -C "$src.tmp" config core.autocrlf false
	git -C "$src.tmp" config gc.auto 0
	git -C "$src.tmp" add -A -f .
	git -C "$src.tmp" -c user.name=kmesh-native -c user.email=build@kmesh-native.invalid \
		commit -q -m "linux-source-6.12 $pkgver"
	git -C "$src.tmp" tag base
	git -C "$src.tmp" config kmesh.pkgver "$pkgver"
	mv "$src.tmp" "$src"
fi

want=$(kmesh_series_tree "${patches[@]}")
if [ "$(git -C "$src" rev-parse -q --verify 'HEAD^{tree}')" != "$want" ] ||
   [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
	# Files whose content ends up unchanged keep their mtime, so kbuild
	# rebuilds only what the new series really changes.
	old=$(git -C "$src" rev-parse HEAD)
	stamps=$(mktemp)
	git -C "$src" diff --name-only base "$old" | (cd "$src" &&
		while read -r f; do [ -f "$f" ] && stat -c '%Y %n' "$f"; done) >"$stamps"
	git_k am --abort >/dev/null 2>&1 || true
	git_k checkout -q --detach base
	git_k reset -q --hard base
	for p in "${patches[@]}"; do
		if ! git_k am -q --keep-cr "$p" >&2; then
			git_k am --abort >/dev/null 2>&1 || true
			rm -f "$stamps"
			die "patch does not apply: $(basename "$p")"
		fi
	done
	changed=" $(git -C "$src" diff --name-only "$old" HEAD | tr '\n' ' ') "
	while read -r t f; do
		[[ $changed == *" $f "* ]] || touch -d "@$t" "$src/$f"
	done <"$stamps"
	rm -f "$stamps"
	msg "applied ${#patches[@]} patch(es) to linux $(make -s -C "$src" kernelversion) ($pkgver)"
fi
echo "$src"
