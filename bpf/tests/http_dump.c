// SPDX-License-Identifier: GPL-2.0
/*
 * The differential test's view of the parser (lib/http_parse.h): reads
 * requests from stdin, each as a 4-byte little-endian length and its
 * bytes, parses the first KM_HTTP_WINDOW bytes of each as the HTTP stage
 * does and prints one line per request:
 *
 *   OK METHOD TARGET 1.MINOR HOST N NAME:VALUE...   (fields hex-encoded,
 *                                                  names lowercased as
 *                                                  the matcher compares
 *                                                  them, HOST "-" if none)
 *   REFUSED STATUS                                 (STATUS a number)
 *
 * h11_diff.py compares these lines with what Python's h11 makes of the
 * same bytes. Exit status 0, or 1 on a malformed input stream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/http_parse.h"

static struct km_http h;
static struct km_src src;

static void hex_as(const __u8 *p, __u32 n, int lower)
{
	__u32 i;

	if (!n)
		putchar('=');	/* an empty string */
	for (i = 0; i < n; i++)
		printf("%02x", lower ? km_lower(p[i]) : p[i]);
}

static void hex(const __u8 *p, __u32 n)
{
	hex_as(p, n, 0);
}

static void dump(void)
{
	const __u8 *b = src.p;
	__u32 i;

	if (km_http_parse(&h, &src) != KM_HTTP_OK) {
		printf("REFUSED %u\n", h.status);
		return;
	}
	fputs("OK ", stdout);
	hex(b, h.method_len);
	putchar(' ');
	hex(b + h.path_off, h.target_len);
	printf(" 1.%u ", h.minor);
	if (h.host_hdr)
		hex(b + h.host_off, h.host_len);
	else
		putchar('-');
	printf(" %u", h.n_hdrs);
	for (i = 0; i < h.n_hdrs; i++) {
		putchar(' ');
		hex_as(b + h.hdrs[i].name_off, h.hdrs[i].name_len, 1);
		putchar(':');
		hex(b + h.hdrs[i].val_off, h.hdrs[i].val_len);
	}
	putchar('\n');
}

int main(void)
{
	static __u8 req[1 << 20];
	__u8 lenb[4];
	__u32 len;

	while (fread(lenb, 1, 4, stdin) == 4) {
		len = lenb[0] | lenb[1] << 8 | lenb[2] << 16 | (__u32)lenb[3] << 24;
		if (len > sizeof(req) || fread(req, 1, len, stdin) != len) {
			fprintf(stderr, "http_dump: truncated input\n");
			return 1;
		}
		src.p = req;
		src.len = len < KM_HTTP_WINDOW ? len : KM_HTTP_WINDOW;
		km_http_init(&h, src.len);
		dump();
	}
	return fflush(stdout) ? 1 : 0;
}
