// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * State ids by identity, see state_ids.h. An identity is a string built
 * from length-prefixed parts ("7:cluster"), so that no two objects'
 * parts run together into the same string:
 *   cluster   "c" name
 *   endpoint  "e" cluster name, address, port, and the how-manieth
 *             endpoint of that address and port in its cluster it is
 *   rate limit "r" owner kind, what owns it (a listener's name, its
 *             chain's name or position, the filter's position; a route
 *             config's name, a virtual host's, a route's name or
 *             position), and its fill interval
 * Identities equal in one config (two chains of one name) are told apart
 * by their order ("@1", "@2", ...).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_ids.h"

struct ident {
	char *key;		/* NULL: no identity (an object without a name) */
	__u64 *sid;		/* the record's state_id */
};

struct idents {
	struct ident *v;
	size_t n;
	bool oom;
};

/* kind, then "len:part" for each part up to a NULL; NULL when out of
 * memory. */
static char *key_of(const char *kind, ...)
{
	size_t len = strlen(kind), n;
	char *key, *tmp;
	const char *part;
	va_list ap;

	key = strdup(kind);
	va_start(ap, kind);
	while (key && (part = va_arg(ap, const char *)) != NULL) {
		n = strlen(part);
		tmp = realloc(key, len + n + 24);
		if (!tmp) {
			free(key);
			key = NULL;
			break;
		}
		key = tmp;
		len += (size_t)sprintf(key + len, "%zu:%s", n, part);
	}
	va_end(ap);
	return key;
}

#define KEY(...) key_of(__VA_ARGS__, (const char *)NULL)

static void add(struct idents *s, char *key, __u64 *sid)
{
	struct ident *v = realloc(s->v, (s->n + 1) * sizeof(*v));

	if (!v) {
		free(key);
		s->oom = true;
		return;
	}
	s->v = v;
	v[s->n].key = key;
	v[s->n++].sid = sid;
}

static const char *name_of(char *const *names, size_t id)
{
	return names ? names[id] : NULL;
}

/* The endpoints of cluster ci, [first, end) of the endpoint table. */
static void endpoints(const struct kmesh_compiled *c, size_t ci,
		      struct idents *s)
{
	const struct km_cluster *cl = &c->clusters[ci];
	const char *name = name_of(c->clusters_names, ci);
	size_t first = cl->first_endpoint, end = first + cl->n_endpoints;
	char addr[40], port[8], nth[24];
	const struct km_endpoint *e;
	size_t i, j, k;

	if (!name || end > c->n_endpoints || end < first)
		return;
	for (i = first; i < end; i++) {
		e = &c->endpoints[i];
		for (j = 0; j < 16; j++)
			sprintf(addr + 2 * j, "%02x", e->addr[j]);
		snprintf(port, sizeof(port), "%u", e->port);
		for (j = first, k = 0; j < i; j++)
			k += c->endpoints[j].port == e->port &&
			     !memcmp(c->endpoints[j].addr, e->addr,
				     sizeof(e->addr));
		snprintf(nth, sizeof(nth), "%zu", k);
		add(s, KEY("e", name, addr, port, nth), &c->endpoints[i].state_id);
	}
}

static void clusters(const struct kmesh_compiled *c, struct idents *s)
{
	const char *name;
	size_t i;

	for (i = 0; i < c->n_clusters; i++) {
		name = name_of(c->clusters_names, i);
		if (name)
			add(s, KEY("c", name), &c->clusters[i].state_id);
		endpoints(c, i, s);
	}
}

/* A name, or "#" and the position when there is none. */
static const char *name_or_pos(char *buf, size_t size, char *const *names,
			       size_t id, size_t pos)
{
	const char *name = name_of(names, id);

	if (name && *name)
		return name;
	snprintf(buf, size, "#%zu", pos);
	return buf;
}

/* The owner of a filter's rate limit: listener, chain, filter. */
static char *filter_key(const struct kmesh_compiled *c, const char *kind,
			__u32 fid, const char *fill)
{
	const struct km_filter_chain *ch;
	const struct km_listener *l;
	char cpos[24], fpos[24];
	const char *lname;
	size_t li;

	if (fid >= c->n_filters || c->filters[fid].chain_id >= c->n_chains)
		return NULL;
	ch = &c->chains[c->filters[fid].chain_id];
	for (li = 0; li < c->n_listeners; li++)
		if (c->listeners[li].value.id == ch->listener_id)
			break;
	if (li == c->n_listeners)
		return NULL;
	l = &c->listeners[li].value;
	lname = name_of(c->listeners_names, li);
	snprintf(fpos, sizeof(fpos), "%u", fid - ch->first_filter);
	return KEY("r", kind, lname ? lname : "",
		   name_or_pos(cpos, sizeof(cpos), c->chains_names,
			       c->filters[fid].chain_id,
			       c->filters[fid].chain_id - l->first_chain),
		   fpos, fill);
}

/* The owner of a route config's, virtual host's or route's. */
static char *route_key(const struct kmesh_compiled *c, __u8 owner, __u32 id,
		       const char *fill)
{
	const char *rc, *vh;
	char pos[24];
	__u32 v = id;

	if (owner == KM_RL_ROUTE_CONFIG)
		return id < c->n_route_configs ?
		       KEY("r", "rc", name_of(c->route_configs_names, id) ?: "",
			   fill) : NULL;
	if (owner == KM_RL_ROUTE) {
		if (id >= c->n_routes)
			return NULL;
		v = c->routes[id].vhost_id;
	}
	if (v >= c->n_vhosts || c->vhosts[v].route_config_id >= c->n_route_configs)
		return NULL;
	rc = name_of(c->route_configs_names, c->vhosts[v].route_config_id) ?: "";
	vh = name_of(c->vhosts_names, v) ?: "";
	if (owner == KM_RL_VHOST)
		return KEY("r", "vh", rc, vh, fill);
	return KEY("r", "rt", rc, vh,
		   name_or_pos(pos, sizeof(pos), c->routes_names, id,
			       id - c->vhosts[v].first_route), fill);
}

static void ratelimits(const struct kmesh_compiled *c, struct idents *s)
{
	const struct km_ratelimit *r;
	char fill[24];
	size_t i;

	for (i = 0; i < c->n_ratelimits; i++) {
		r = &c->ratelimits[i];
		snprintf(fill, sizeof(fill), "%llu", (unsigned long long)r->fill_ns);
		if (r->owner == KM_RL_FILTER || r->owner == KM_RL_HCM)
			add(s, filter_key(c, r->owner == KM_RL_HCM ? "h" : "n",
					  r->owner_id, fill),
			    &c->ratelimits[i].state_id);
		else
			add(s, route_key(c, r->owner, r->owner_id, fill),
			    &c->ratelimits[i].state_id);
	}
}

static int by_key_then_order(const void *a, const void *b)
{
	const struct ident *x = *(const struct ident *const *)a;
	const struct ident *y = *(const struct ident *const *)b;
	int r = strcmp(x->key, y->key);

	return r ? r : (x > y) - (x < y);
}

/* Equal keys get "@1", "@2", ... in config order. */
static void tell_apart(struct idents *s)
{
	struct ident **o = calloc(s->n + 1, sizeof(*o));
	size_t i, j, k;
	char *tmp;

	if (!o) {
		s->oom = true;
		return;
	}
	for (i = 0; i < s->n; i++)
		o[i] = &s->v[i];
	qsort(o, s->n, sizeof(*o), by_key_then_order);
	for (i = 0; i < s->n; i = j) {
		for (j = i + 1; j < s->n && !strcmp(o[i]->key, o[j]->key); j++)
			;
		for (k = i; j - i > 1 && k < j; k++) {
			if (asprintf(&tmp, "%s@%zu", o[k]->key, k - i + 1) < 0) {
				s->oom = true;
				break;
			}
			free(o[k]->key);
			o[k]->key = tmp;
		}
	}
	free(o);
}

static void collect(const struct kmesh_compiled *c, struct idents *s)
{
	size_t i;

	clusters(c, s);
	ratelimits(c, s);
	for (i = 0; i < s->n; i++)
		if (!s->v[i].key)
			s->oom = true;
	if (!s->oom)
		tell_apart(s);
}

static void idents_free(struct idents *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
}

static int by_key(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;

	if (!x->key || !y->key)
		return !x->key - !y->key;
	return strcmp(x->key, y->key);
}

int state_ids_assign(struct kmesh_compiled *c, const struct kmesh_compiled *old,
		     __u64 *next)
{
	struct idents nw = {}, was = {};
	struct ident *hit;
	size_t i;
	int rc = -1;

	collect(c, &nw);
	if (old)
		collect(old, &was);
	if (nw.oom || was.oom)
		goto out;
	if (was.n)
		qsort(was.v, was.n, sizeof(*was.v), by_key);
	if (!*next)
		*next = 1;
	for (i = 0; i < nw.n; i++) {
		hit = was.n ? bsearch(&nw.v[i], was.v, was.n, sizeof(*was.v),
				      by_key) : NULL;
		if (hit && *hit->sid)
			*nw.v[i].sid = *hit->sid;
		else
			*nw.v[i].sid = (*next)++;
	}
	rc = 0;
out:
	idents_free(&nw);
	idents_free(&was);
	return rc;
}

static int by_value(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return (x > y) - (x < y);
}

int state_ids_list(const struct kmesh_compiled *c, __u64 **ids, size_t *n)
{
	size_t i, k = 0;
	__u64 *v;

	v = calloc(c->n_clusters + c->n_endpoints + c->n_ratelimits + 1,
		   sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < c->n_clusters; i++)
		v[k++] = c->clusters[i].state_id;
	for (i = 0; i < c->n_endpoints; i++)
		v[k++] = c->endpoints[i].state_id;
	for (i = 0; i < c->n_ratelimits; i++)
		v[k++] = c->ratelimits[i].state_id;
	qsort(v, k, sizeof(*v), by_value);
	*ids = v;
	*n = k;
	return 0;
}

int state_ids_has(const __u64 *ids, size_t n, __u64 sid)
{
	return n && bsearch(&sid, ids, n, sizeof(*ids), by_value) != NULL;
}
