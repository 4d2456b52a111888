/* SPDX-License-Identifier: GPL-2.0 */
/* What the unit test files of bpf/tests share. */
#ifndef KMESH_BPF_TESTS_UNIT_H
#define KMESH_BPF_TESTS_UNIT_H

#include <stddef.h>

#include "lib/http_parse.h"

/*
 * Parse the first len bytes of req (at most KM_HTTP_WINDOW, as the
 * kernel shows them) into *h, through the source *s, which then holds
 * them for the matchers: req must outlive the matching.
 */
__u32 unit_parse(struct km_http *h, struct km_src *s, const void *req,
		 size_t len);
/* The same for a C string. */
__u32 unit_parse_str(struct km_http *h, struct km_src *s, const char *req);

void test_parse(void);		/* unit_parse.c */
void test_match(void);		/* unit_match.c */
void test_chain(void);		/* unit_chain.c */

#endif
