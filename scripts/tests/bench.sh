#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Host tests of the benchmark harness (bench/): the load generator, the
# config generator, the report. Prints TAP; exits with make's status.
"$(dirname "$0")/../deps.sh" --bench
make -s --no-print-directory -C "$(dirname "$0")/../../bench" test
exit $?
