#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Host tests of tools/ (kmeshctl and its config library): builds them and
# runs tools/tests/run.sh, which prints TAP. Exits with make's status.
make -s --no-print-directory -C "$(dirname "$0")/../../tools" test
exit $?
