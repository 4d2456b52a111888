// SPDX-License-Identifier: GPL-2.0
/*
 * `unit route FILE`: the data plane's decisions on a config, on the host.
 * FILE is read, validated and compiled as apply does; each of its
 *
 *   # route: ADDRESS PORT [rnd=N] ["REQUEST"] => CLUSTER | refused
 *
 * lines is a connection routed through the matchers of bpf/lib/ (the
 * source the BPF stages are built from) the way the stages chain them:
 * the listener (the exact address, then its family's wildcard), the
 * filter chain, the terminal filter, then for an HTTP connection manager
 * the request head (a C string: \r \n \t \\ \" \xHH), the virtual host,
 * the route and its cluster (rnd: the random number of a weighted
 * pick), then the circuit breaker (max_connections 0 refuses) and the
 * endpoints (none refuses). Prints "ok route: ..." or "not ok route:
 * ..." per line (tests/run.sh numbers them); exit status 1 on a failed
 * line or a config that does not compile.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_load.h"
#include "compile/compile.h"
#include "lib/diag.h"
#include "lib/fileio.h"
#include "lib/limits.h"
#include "validate/validate.h"
#include "unit.h"

#include "lib/chain_match.h"
#include "tests/host_tables.h"

static struct km_http req_head;
static struct km_src req_src;

/* The listener of (addr, port): the exact address, else the wildcard of
 * its family, as km_listener_find() looks them up. */
static const struct km_listener *listener(const struct kmesh_compiled *c,
					  const __u8 addr[16], __u16 port)
{
	static const __u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	__u8 any[16] = { 0 };
	size_t i;

	for (i = 0; i < c->n_listeners; i++)
		if (c->listeners[i].key.port == port &&
		    !memcmp(c->listeners[i].key.addr, addr, 16))
			return &c->listeners[i].value;
	if (!memcmp(addr, mapped, 12))
		memcpy(any, mapped, 12);
	for (i = 0; i < c->n_listeners; i++)
		if (c->listeners[i].key.port == port &&
		    !memcmp(c->listeners[i].key.addr, any, 16))
			return &c->listeners[i].value;
	return NULL;
}

/* The cluster stage's refusals; the cluster's name when it routes. */
static const char *cluster(const struct kmesh_compiled *c, __u32 id)
{
	if (id >= c->n_clusters)
		return "refused (no cluster)";
	if (!c->clusters[id].max_connections)
		return "refused (max_connections)";
	if (!c->clusters[id].n_endpoints)
		return "refused (no endpoint)";
	return c->clusters_names[id] ? c->clusters_names[id] : "?";
}

static const char *http(const struct kmesh_compiled *c,
			const struct km_filter *f, __u16 port, __u32 rnd,
			const char *req, size_t len)
{
	const struct km_route_config *rc = &c->route_configs[f->target];
	struct km_tables t = {
		c->domains, (__u32)c->n_domains, c->vhosts, (__u32)c->n_vhosts,
		c->routes, (__u32)c->n_routes, c->headers, (__u32)c->n_headers,
		c->route_configs, (__u32)c->n_route_configs,
	};
	__u32 id;

	if (!req)
		return "refused (no request)";
	req_src.p = (const __u8 *)req;
	req_src.len = (__u32)(len < KM_HTTP_WINDOW ? len : KM_HTTP_WINDOW);
	km_http_init(&req_head, req_src.len);
	if (km_http_parse(&req_head, &req_src) != KM_HTTP_OK)
		return "refused (request head)";
	km_tables = &t;
	id = km_route_select(&req_head, &req_src, 0, rc, f->target, f->flags,
			     port);
	if (id == KM_NONE)
		return "refused (no route)";
	return cluster(c, km_route_cluster(&c->routes[id], rnd));
}

static const char *decide(const struct kmesh_compiled *c, const __u8 addr[16],
			  __u16 port, __u32 rnd, const char *req, size_t len)
{
	struct km_chain_pick p = KM_CHAIN_PICK;
	const struct km_filter_chain *fc;
	const struct km_listener *l;
	const struct km_filter *f;
	struct km_addr dst;
	__u32 i, id;

	l = listener(c, addr, port);
	if (!l)
		return "untouched (no listener)";
	memcpy(dst.b, addr, 16);
	for (i = 0; i < l->n_chains; i++)
		km_chain_consider(&p, &c->chains[l->first_chain + i],
				  l->first_chain + i, &dst, port);
	id = km_chain_picked(&p);
	if (id == (__u32)-1)
		return "refused (no filter chain)";
	fc = &c->chains[id];
	f = &c->filters[fc->first_filter + fc->n_filters - 1];
	if (f->type == KM_FILTER_TCP_PROXY)
		return cluster(c, f->target);
	return http(c, f, port, rnd, req, len);
}

/* The C string at *s (after its opening quote) into out; its length. */
static size_t unquote(const char **s, char *out, size_t cap)
{
	const char *p = *s;
	size_t n = 0;
	unsigned int x;

	while (*p && *p != '"' && n + 1 < cap) {
		if (*p != '\\') {
			out[n++] = *p++;
			continue;
		}
		p++;
		if (*p == 'x' && sscanf(p + 1, "%2x", &x) == 1) {
			out[n++] = (char)x;
			p += 3;
			continue;
		}
		out[n++] = *p == 'r' ? '\r' : *p == 'n' ? '\n' :
			   *p == 't' ? '\t' : *p;
		if (*p)
			p++;
	}
	*s = *p == '"' ? p + 1 : p;
	return n;
}

/* One "# route:" line: 0 when the decision is the expected one. */
static int route_line(const struct kmesh_compiled *c, const char *line)
{
	static char req[2 * KM_HTTP_WINDOW];
	char ip[64], want[256];
	const char *p = line, *got, *arrow;
	unsigned int port, rnd = 0;
	__u8 addr[16] = { 0 };
	size_t len = 0;
	int n, have_req = 0;

	if (sscanf(p, "%63s %u%n", ip, &port, &n) != 2)
		goto bad;
	p += n;
	if (sscanf(p, " rnd=%u%n", &rnd, &n) == 1)
		p += n;
	while (*p == ' ')
		p++;
	if (*p == '"') {
		p++;
		len = unquote(&p, req, sizeof(req));
		have_req = 1;
	}
	arrow = strstr(p, "=>");
	if (!arrow || sscanf(arrow + 2, " %255[^\n]", want) != 1)
		goto bad;
	if (inet_pton(AF_INET, ip, addr + 12) == 1)
		addr[10] = addr[11] = 0xff;
	else if (inet_pton(AF_INET6, ip, addr) != 1)
		goto bad;
	got = decide(c, addr, (__u16)port, rnd, have_req ? req : NULL, len);
	n = strncmp(got, want, strlen(want)) ||
	    (got[strlen(want)] && got[strlen(want)] != ' ');
	printf("%s route: %.*s\n", n ? "not ok" : "ok",
	       (int)strcspn(line, "\n"), line);
	if (n)
		printf("# got %s\n", got);
	return n;
bad:
	printf("not ok route: cannot read \"%.*s\"\n", (int)strcspn(line, "\n"),
	       line);
	return 1;
}

int unit_route_file(const char *path)
{
	static const char tag[] = "# route: ";
	struct kmesh_compiled c;
	enum cfg_format fmt = CFG_FMT_AUTO;
	Kmesh__Config *cfg = NULL;
	char *text = NULL, *line;
	struct diag d;
	size_t size;
	int rc = 1;

	diag_init(&d, 100);
	if (cfg_format_from_path(path, &fmt) ||
	    config_load(path, fmt, &cfg, &d) || config_validate(cfg, &d) ||
	    kmesh_compile(cfg, &c, &d)) {
		printf("not ok route: %s does not compile\n", path);
		diag_print(&d, stdout);
		goto out;
	}
	if (file_read(path, KM_MAX_CONFIG_BYTES, &text, &size)) {
		printf("not ok route: %s cannot be read\n", path);
		kmesh_compiled_free(&c);
		goto out;
	}
	rc = 0;
	for (line = strstr(text, tag); line; line = strstr(line, tag)) {
		line += strlen(tag);
		rc |= route_line(&c, line);
	}
	kmesh_compiled_free(&c);
out:
	free(text);
	diag_free(&d);
	if (cfg)
		config_free(cfg);
	return rc;
}
