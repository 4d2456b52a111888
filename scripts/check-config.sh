#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Check that every option a config fragment asks for is set that way in
# the final .config. merge_config.sh silently drops options whose
# dependencies are unmet; this names each one and fails.
#
#   scripts/check-config.sh FINAL_CONFIG FRAGMENT...
set -euo pipefail

final=$1
shift
[ -f "$final" ] || { echo "error: no such config: $final" >&2; exit 2; }

bad=0
for frag in "$@"; do
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			opt=${BASH_REMATCH[1]} want=${BASH_REMATCH[2]}
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			opt=${BASH_REMATCH[1]} want=n
		else
			continue
		fi
		got=$(grep -E "^$opt=" "$final" | tail -n1 | cut -d= -f2- || true)
		[ -n "$got" ] || got=n
		if [ "$got" != "$want" ]; then
			echo "config: $opt=$want requested by $(basename "$frag") but final .config has $opt=$got (unmet dependency?)" >&2
			bad=$((bad + 1))
		fi
	done <"$frag"
done
[ $bad -eq 0 ] || { echo "error: $bad requested option(s) missing from $final" >&2; exit 1; }
