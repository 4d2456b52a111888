#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Host tests of the HTTP request-head parser and the route and filter
# chain matchers (bpf/lib/), built from the source the BPF stages use:
#   - the unit tests (bpf/tests/unit), plain and under ASan + UBSan;
#   - the libFuzzer target (bpf/tests/fuzz.c) on arbitrary bytes for
#     KMESH_FUZZ_SECONDS (default 60), from the seeds in bpf/tests/corpus;
#     any crash or sanitizer report fails;
#   - the differential test against Python's h11 (bpf/tests/h11_diff.py,
#     KMESH_H11_CASES requests, default 20000).
# Prints TAP. KMESH_PYTHON: the Python with h11 (default /usr/bin/python3,
# Debian's, where python3-h11 installs).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bt=$top/bpf/tests
out=${KMESH_BPF_TESTS_OUT:-$top/build/bpf-tests}
secs=${KMESH_FUZZ_SECONDS:-60}
cases=${KMESH_H11_CASES:-20000}
py=${KMESH_PYTHON:-/usr/bin/python3}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

TAP_DIAG_LINES=40
. "$top/scripts/tap.sh"
# sub PREFIX CMD...: CMD's TAP lines, renumbered and prefixed; a non-zero
# exit without a failed line fails too.
sub() {
	local prefix=$1 rc fail=0 line
	shift
	"$@" >"$t/sub" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "$prefix${line#ok [0-9]* }" ;;
		"not ok "*) not_ok "$prefix${line#not ok [0-9]* }"; fail=1 ;;
		"1.."*|"TAP version"*) ;;
		*) echo "# $line" ;;
		esac
	done <"$t/sub"
	[ $rc = 0 ] || [ $fail = 1 ] || not_ok "$prefix$* exited with status $rc"
}

echo "TAP version 13"
make -s --no-print-directory -C "$bt" OUT="$out" all >"$t/build" 2>&1
check $? "parser: build the unit tests and http_dump (gcc -Werror)" "$t/build"
make -s --no-print-directory -C "$bt" OUT="$out/asan" SANITIZE=1 all >"$t/build" 2>&1
check $? "parser: build the unit tests with ASan + UBSan" "$t/build"
make -s --no-print-directory -C "$bt" OUT="$out" fuzz >"$t/build" 2>&1
check $? "parser: build the libFuzzer target (clang, ASan + UBSan)" "$t/build"

[ -x "$out/unit" ] && sub "" "$out/unit"
[ -x "$out/asan/unit" ] &&
	ASAN_OPTIONS=detect_leaks=1:exitcode=99 sub "asan: " "$out/asan/unit"

if [ -x "$out/fuzz" ]; then
	mkdir -p "$t/corpus" "$t/crash"
	cp "$bt"/corpus/* "$t/corpus/"
	"$out/fuzz" -max_total_time="$secs" -max_len=16500 -timeout=10 \
		-dict="$bt/http.dict" -artifact_prefix="$t/crash/" -print_final_stats=1 \
		"$t/corpus" >"$t/fuzz" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$t/fuzz")
	[ $rc = 0 ] && [ -z "$(ls "$t/crash")" ] && grep -q '^Done ' "$t/fuzz"
	check $? "parser: fuzz for ${secs}s: ${runs:-0} inputs, no crash or sanitizer report" "$t/fuzz"
	for f in "$t"/crash/*; do
		[ -e "$f" ] && echo "# crash input: $(od -An -c "$f" | head -c 600 | tr -s ' \n' ' ')"
	done
fi

if "$py" -c 'import h11' 2>/dev/null; then
	[ -x "$out/http_dump" ] &&
		sub "" "$py" "$bt/h11_diff.py" "$out/http_dump" --cases "$cases"
else
	not_ok "parser: h11 diff: $py cannot import h11 (scripts/deps.sh installs python3-h11)"
fi

echo "1..$n"
exit $bad
