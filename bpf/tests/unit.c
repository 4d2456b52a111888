// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the data plane's pure parts (bpf/lib/): the HTTP
 * request-head parser, the route matcher and the filter chain matcher,
 * from the same source the BPF stages are built from. Prints TAP; exits
 * 1 if any test failed.
 */
#include <stdio.h>

#include "tap.h"
#include "unit.h"

int main(void)
{
	printf("TAP version 13\n");
	test_parse();
	test_match();
	test_chain();
	return tap_done();
}
