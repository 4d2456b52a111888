// SPDX-License-Identifier: GPL-2.0
/*
 * The differential test's view of the parser (lib/http_parse.h): reads
 * requests from stdin, each as a 4-byte little-endian length and its
 * bytes, parses the first KM_HTTP_BUF bytes of each as the HTTP stage
 * does and prints one line per request:
 *
 *   OK METHOD TARGET 1.MINOR HOST N NAME:VALUE...   (fields hex-encoded,
 *                                                  HOST "-" if none)
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

static void hex(const __u8 *p, __u32 n)
{
	__u32 i;

	if (!n)
		putchar('=');	/* an empty string */
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static void dump(void)
{
	__u32 i;

	if (km_http_parse(&h) != KM_HTTP_OK) {
		printf("REFUSED %u\n", h.status);
		return;
	}
	fputs("OK ", stdout);
	hex(h.buf, h.method_len);
	putchar(' ');
	hex(h.buf + h.path_off, h.target_len);
	printf(" 1.%u ", h.minor);
	if (h.host_hdr)
		hex(h.buf + h.host_off, h.host_len);
	else
		putchar('-');
	printf(" %u", h.n_hdrs);
	for (i = 0; i < h.n_hdrs; i++) {
		putchar(' ');
		hex(h.buf + h.hdrs[i].name_off, h.hdrs[i].name_len);
		putchar(':');
		hex(h.buf + h.hdrs[i].val_off, h.hdrs[i].val_len);
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
		memset(&h, 0, KM_HTTP_STATE_SIZE);
		h.len = len < KM_HTTP_BUF ? len : KM_HTTP_BUF;
		memcpy(h.buf, req, h.len);
		dump();
	}
	return fflush(stdout) ? 1 : 0;
}
