# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# TAP for the host test scripts, sourced: ok NAME, not_ok NAME, and
# check STATUS NAME [DIAGNOSTIC-FILE] (ok if STATUS is 0, else not ok
# with the file as "# " lines: its last TAP_DIAG_LINES lines, or all).
# $n counts the tests, $bad is 1 once one failed.
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n $1"; bad=1; }
check() {
	if [ "$1" = 0 ]; then
		ok "$2"
	else
		not_ok "$2"
		if [ -n "${3:-}" ] && [ -s "$3" ]; then
			if [ -n "${TAP_DIAG_LINES:-}" ]; then
				tail -n "$TAP_DIAG_LINES" "$3"
			else
				cat "$3"
			fi | sed 's/^/# /'
		fi
	fi
	return 0
}
