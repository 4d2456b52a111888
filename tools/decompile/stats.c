// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The YAML of `kmeshctl stats`, see stats.h. */
#include <stdlib.h>

#include "kmesh_stats.pb-c.h"
#include "pbyaml/pbyaml_write.h"
#include "stats.h"

/* The list of msg that kind goes to; NULL for the kinds not counted. */
static Kmesh__Counted ***list(Kmesh__Stats *msg, __u32 kind, size_t **n)
{
	switch (kind) {
	case KM_KIND_LISTENER:
		*n = &msg->n_listeners;
		return &msg->listeners;
	case KM_KIND_ROUTE:
		*n = &msg->n_routes;
		return &msg->routes;
	case KM_KIND_CLUSTER:
		*n = &msg->n_clusters;
		return &msg->clusters;
	default:
		return NULL;
	}
}

static void fill(Kmesh__Counted *m, const struct km_counted *v)
{
	kmesh__counted__init(m);
	if (v->name[0])
		m->name = (char *)v->name;
	else
		m->has_id = 1, m->id = v->id;
	m->has_connections = 1;
	m->connections = v->c.connections;
	m->has_refusals = 1;
	m->refusals = v->c.refusals;
	m->has_rate_limited = 1;
	m->rate_limited = v->c.rate_limited;
}

int stats_print(const struct km_counted *v, size_t n, __u32 gen, FILE *out,
		const char **err)
{
	Kmesh__Stats msg = KMESH__STATS__INIT;
	Kmesh__Counted *recs = calloc(n ? n : 1, sizeof(*recs));
	Kmesh__Counted **ptrs = calloc(n ? n : 1, sizeof(*ptrs));
	Kmesh__Counted ***l, **next;
	size_t i, *ln;
	int rc = -1;

	*err = "out of memory";
	if (!recs || !ptrs)
		goto out;
	msg.has_generation = 1;
	msg.generation = gen;
	/* count each list, give it its run of ptrs, then fill it in order */
	for (i = 0; i < n; i++)
		if (list(&msg, v[i].kind, &ln))
			(*ln)++;
	next = ptrs;
	msg.listeners = next, next += msg.n_listeners;
	msg.routes = next, next += msg.n_routes;
	msg.clusters = next;
	msg.n_listeners = msg.n_routes = msg.n_clusters = 0;
	for (i = 0; i < n; i++) {
		l = list(&msg, v[i].kind, &ln);
		if (!l)
			continue;
		fill(&recs[i], &v[i]);
		(*l)[(*ln)++] = &recs[i];
	}
	rc = pbyaml_write_flags(&msg.base, out, PBYAML_QUOTE_STRINGS, err);
out:
	free(ptrs);
	free(recs);
	return rc;
}
