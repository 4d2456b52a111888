#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Write the commits on top of `base` in the cached kernel tree back to
# patches/ as `git format-patch` output: the workflow for changing the
# series is to edit and commit (or rebase) in $KMESH_CACHE/linux, then
# run this. The cover letter keeps its subject and text; its shortlog and
# diffstat are regenerated.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=${KMESH_SERIES_TREE:-$KMESH_CACHE/linux}
pd=$KMESH_TOP/patches
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git -C "$src" -c diff.suppressBlankEmpty=true -c user.name="kmesh-native developers" \
	-c user.email=dev@kmesh-native.invalid \
	format-patch -q --zero-commit --no-signature --cover-letter --subject-prefix="PATCH bpf-next v$KMESH_SERIES_VERSION" -o "$tmp" base..HEAD

cover=$(ls "$pd"/0000-*.patch 2>/dev/null | head -n1 || true)
if [ -n "$cover" ]; then
	python3 - "$cover" "$tmp"/0000-cover-letter.patch <<'PY'
import re, sys
old, new = (open(p).read() for p in sys.argv[1:3])
subj = re.search(r'^Subject: (.*(?:\n .*)*)$', old, re.M).group(1)
body = old.split('\n\n', 1)[1]
blurb = re.split(r'^kmesh-native developers \(\d+\):$', body, flags=re.M)[0].rstrip('\n')
new = new.replace('*** SUBJECT HERE ***', re.sub(r'^\[PATCH [^]]*\] ', '', subj))
new = new.replace('*** BLURB HERE ***', blurb)
open(sys.argv[2], 'w').write(new)
PY
fi
rm -f "$pd"/0*.patch
cp "$tmp"/*.patch "$pd"/
ls "$tmp" | grep -v '^0000-' | grep '\.patch$' >"$pd/series"
msg "exported $(wc -l <"$pd/series") patch(es) and the cover letter to patches/"
