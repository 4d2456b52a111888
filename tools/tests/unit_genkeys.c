// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * dataplane/genkeys.c: the records of a generation, as the loader writes
 * them and later deletes them by key. Each map's records are those of
 * its table (the keys carry the generation); exact domains are the first
 * n_exact domains of each route config under the loader's key; names
 * follow the rule of km_names (every counted object, the other kinds
 * only when named).
 */
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "dataplane/genkeys.h"
#include "unit.h"

static const char cfg[] =
	"listeners:\n"
	"- name: web\n"
	"  address: {address: 10.0.0.1, port_value: 80}\n"
	"  filter_chains: [{filters: [{name: h, http_connection_manager: {route_config_name: rc}}]}]\n"
	"- name: db\n"
	"  address: {address: 10.0.0.2, port_value: 5432}\n"
	"  filter_chains: [{name: fc, filters: [{tcp_proxy: {cluster: c}}]}]\n"
	"route_configs:\n"
	"- name: rc\n"
	"  virtual_hosts:\n"
	"  - {name: a, domains: [A.example, '*.example', b.example], routes: [{match: {prefix: /}, route: {cluster: c}}]}\n"
	"  - {name: b, domains: ['*', c.example], routes: [{name: r, match: {prefix: /}, route: {cluster: c}}]}\n"
	"clusters:\n"
	"- {name: c, endpoints: [{address: {address: 10.1.0.1, port_value: 80}}]}\n";

struct seen {
	size_t n, key_size;
	char keys[64][sizeof(struct km_domain_key)];
	__u32 values[64];
	int stop_at;
};

static int note(const void *key, const void *value, void *arg)
{
	struct seen *s = arg;

	if (s->n < 64) {
		memcpy(s->keys[s->n], key, s->key_size);
		memcpy(&s->values[s->n], value, sizeof(__u32));
	}
	s->n++;
	return s->stop_at && (int)s->n == s->stop_at ? 7 : 0;
}

static struct seen *walk(const struct kmesh_compiled *c, enum gk_map m)
{
	static struct seen s;

	memset(&s, 0, sizeof(s));
	s.key_size = gk_map_info(m)->key_size;
	gk_each(c, 42, m, note, &s);
	return &s;
}

void test_genkeys(void)
{
	struct kmesh_compiled c;
	struct km_domain_key want;
	struct km_name_key nk;
	struct km_key k;
	struct seen *s;
	size_t i;
	bool all = true;

	memset(&c, 0, sizeof(c));
	if (!unit_compile_yaml(cfg, &c)) {
		EXPECT(!"compiles");
		return;
	}
	/* the tables: (gen, id) for each record */
	EXPECT(gk_count(&c, GK_CHAINS) == 2 && gk_count(&c, GK_ROUTES) == 2 &&
	       gk_count(&c, GK_DOMAINS) == 5 && gk_count(&c, GK_CLUSTERS) == 1 &&
	       gk_count(&c, GK_HEADERS) == 0 && gk_count(&c, GK_LISTENERS) == 2);
	s = walk(&c, GK_DOMAINS);
	for (i = 0; i < s->n; i++) {
		memcpy(&k, s->keys[i], sizeof(k));
		all = all && k.gen == 42 && k.id == i;
	}
	EXPECT(all && s->n == 5);
	s = walk(&c, GK_LISTENERS);
	EXPECT(s->n == 2 && ((struct km_listener_key *)s->keys[1])->gen == 42 &&
	       ((struct km_listener_key *)s->keys[1])->port == 5432);
	/* exact domains: the route config's first n_exact, by the key BPF
	 * builds from the Host; the value is the virtual host */
	EXPECT(c.route_configs[0].n_exact == 3);
	s = walk(&c, GK_EXACT_DOMAINS);
	EXPECT(s->n == 3 && gk_count(&c, GK_EXACT_DOMAINS) == 3);
	for (i = 0; i < s->n && i < 3; i++) {
		km_domain_key_of(&want, 42, 0, &c.domains[i]);
		all = all && !memcmp(s->keys[i], &want, sizeof(want)) &&
		      s->values[i] == c.domains[i].vhost_id;
	}
	EXPECT(all);
	memcpy(&want, s->keys[0], sizeof(want));
	EXPECT(want.len == 9 && !memcmp(want.name, "a.example", 10) &&
	       s->values[0] == 0);	/* lowercased, zero-filled */
	/* names: every listener, route (the first has none) and cluster;
	 * of the other kinds only the named: the route config, the two
	 * vhosts, the chain "fc" (not the other), the filter "h" (not the
	 * TCP proxy) */
	s = walk(&c, GK_NAMES);
	EXPECT(s->n == 2 + 2 + 1 + 1 + 2 + 1 + 1);
	EXPECT(gk_count(&c, GK_NAMES) == s->n);
	memcpy(&nk, s->keys[2], sizeof(nk));
	EXPECT(nk.gen == 42 && nk.kind == KM_KIND_ROUTE && nk.id == 0);
	memcpy(&nk, s->keys[8], sizeof(nk));
	EXPECT(nk.kind == KM_KIND_CHAIN && nk.id == 1);
	memcpy(&nk, s->keys[9], sizeof(nk));
	EXPECT(nk.kind == KM_KIND_FILTER && nk.id == 0);
	/* a non-zero return stops the walk and is returned */
	memset(s, 0, sizeof(*s));
	s->key_size = sizeof(struct km_key);
	s->stop_at = 2;
	EXPECT(gk_each(&c, 1, GK_DOMAINS, note, s) == 7 && s->n == 2);
	EXPECT(!gk_map_info(GK_MAPS) &&
	       !strcmp(gk_map_info(GK_EXACT_DOMAINS)->name, "km_exact_domains") &&
	       gk_map_info(GK_EXACT_DOMAINS)->key_size == 264);
	kmesh_compiled_free(&c);
}
