// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the filter chain matcher (lib/chain_match.h). */
#include <arpa/inet.h>
#include <string.h>

#include "lib/chain_match.h"
#include "tap.h"
#include "unit.h"

/* addr (IPv4 or IPv6 text) in the 16-byte form, v4-mapped for IPv4. */
static struct km_addr addr(const char *s)
{
	struct km_addr a = { { 0 } };

	if (inet_pton(AF_INET, s, a.b + 12) == 1) {
		a.b[10] = a.b[11] = 0xff;
		return a;
	}
	inet_pton(AF_INET6, s, a.b);
	return a;
}

/* A prefix as compile stores it: an IPv4 /n is 96 + n of the 16 bytes;
 * an IPv6 literal (even v4-mapped) is IPv6. */
static struct km_cidr cidr(const char *s, __u8 len)
{
	struct km_cidr c = { .len = len };
	struct km_addr a = addr(s);
	__u32 i, l;

	c.family = strchr(s, ':') ? KM_AF_INET6 : KM_AF_INET;
	if (c.family == KM_AF_INET)
		c.len += 96;
	for (i = 0, l = c.len; i < 16; i++, l = l >= 8 ? l - 8 : 0)
		c.addr[i] = l >= 8 ? a.b[i] : a.b[i] & (__u8)(0xff00 >> l);
	return c;
}

struct chain {
	__u16 port;
	const char *prefix[2];
	__u8 len[2];
};

struct ccase {
	const char *what;
	struct chain chains[4];
	unsigned int n;
	const char *dst;
	__u16 port;
	__u32 want;	/* chain index, or (__u32)-1 */
};

#define ANY		{ .port = 0 }
#define PORT(p)		{ .port = (p) }
#define PFX(a, l)	{ .prefix = { (a) }, .len = { (l) } }
#define PORT_PFX(p, a, l) { .port = (p), .prefix = { (a) }, .len = { (l) } }
#define NONE		((__u32)-1)

static const struct ccase cases[] = {
	{ "one chain for everything", { ANY }, 1, "10.0.0.1", 80, 0 },
	{ "a port match over any port", { ANY, PORT(80) }, 2, "10.0.0.1", 80, 1 },
	{ "no port match: any port", { ANY, PORT(81) }, 2, "10.0.0.1", 80, 0 },
	{ "a chain of the port whose prefix does not match: no fall back to any port",
	  { ANY, PORT_PFX(80, "10.0.0.0", 8) }, 2, "11.0.0.1", 80, NONE },
	{ "the port before a longer prefix",
	  { PFX("10.1.0.0", 16), PORT(80) }, 2, "10.1.2.3", 80, 1 },
	{ "the longest prefix", { PFX("10.0.0.0", 8), PFX("10.1.0.0", 16) }, 2,
	  "10.1.2.3", 80, 1 },
	{ "the longest prefix of the port",
	  { PORT_PFX(80, "10.0.0.0", 8), PORT_PFX(80, "10.1.0.0", 16), ANY }, 3,
	  "10.1.2.3", 80, 1 },
	{ "a prefix over none", { ANY, PFX("10.0.0.0", 8) }, 2, "10.9.9.9", 80, 1 },
	{ "0.0.0.0/0 over none", { ANY, PFX("0.0.0.0", 0) }, 2, "10.9.9.9", 80, 1 },
	{ "no prefix matches", { PFX("10.0.0.0", 8) }, 1, "11.0.0.1", 80, NONE },
	{ "an IPv6 prefix", { PFX("2001:db8::", 32), ANY }, 2, "2001:db8::1",
	  80, 0 },
	{ "an IPv4 prefix does not match IPv6", { PFX("0.0.0.0", 0) }, 1,
	  "2001:db8::1", 80, NONE },
	{ "an IPv6 prefix does not match IPv4", { PFX("::", 0) }, 1,
	  "10.0.0.1", 80, NONE },
	{ "a v4-mapped IPv6 prefix does not match IPv4", { PFX("::ffff:0.0.0.0", 96) },
	  1, "10.0.0.1", 80, NONE },
	{ "no prefixes match both families", { PFX("::", 0), ANY }, 2,
	  "10.0.0.1", 80, 1 },
};

static void test_cases(void)
{
	struct km_filter_chain fc[4];
	struct km_chain_pick p;
	struct km_addr dst;
	unsigned int i, j, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ccase *c = &cases[i];

		memset(fc, 0, sizeof(fc));
		for (j = 0; j < c->n; j++) {
			fc[j].dst_port = c->chains[j].port;
			for (k = 0; k < 2 && c->chains[j].prefix[k]; k++)
				fc[j].prefixes[k] = cidr(c->chains[j].prefix[k],
							 c->chains[j].len[k]);
			fc[j].n_prefixes = (__u8)k;
		}
		dst = addr(c->dst);
		p = (struct km_chain_pick)KM_CHAIN_PICK;
		for (j = 0; j < c->n; j++)
			km_chain_consider(&p, &fc[j], j, &dst, c->port);
		tap(km_chain_picked(&p) == c->want, "chain: %s", c->what);
	}
}

void test_chain(void)
{
	test_cases();
}
