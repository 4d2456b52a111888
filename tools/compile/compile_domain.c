// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Compiling the domains of a route config into match order (see struct
 * km_domain in maps.h): EXACT, SUFFIX longest first, PREFIX longest
 * first, ANY; equal kind and length by name, so domains that are equal
 * once lowercased end up side by side and are refused. The route config
 * counts its EXACT ones (n_exact): the loader also writes them into
 * km_exact_domains, where BPF looks the Host up.
 */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

struct dom {
	struct km_domain d;
	size_t vhost, index;	/* position in the config */
};

static int dom_cmp(const void *a, const void *b)
{
	const struct dom *x = a, *y = b;
	int r;

	if (x->d.kind != y->d.kind)
		return x->d.kind < y->d.kind ? -1 : 1;
	if (x->d.len != y->d.len)
		return x->d.len > y->d.len ? -1 : 1;
	r = memcmp(x->d.name, y->d.name, x->d.len);
	if (r)
		return r;
	if (x->vhost != y->vhost)
		return x->vhost < y->vhost ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static bool same(const struct km_domain *a, const struct km_domain *b)
{
	return a->kind == b->kind && a->len == b->len &&
	       !memcmp(a->name, b->name, a->len);
}

/* A validated domain: its kind, and the rest lowercased (Envoy's forms:
 * a leading '*' makes a suffix wildcard, else a trailing one a prefix
 * wildcard; any other '*' is literal). */
static void parse(struct km_domain *d, const char *s)
{
	size_t n = strlen(s);

	if (!strcmp(s, "*")) {
		d->kind = KM_DOMAIN_ANY;
		return;
	}
	if (s[0] == '*') {
		d->kind = KM_DOMAIN_SUFFIX;	/* "*-bar.x" -> "-bar.x" */
		s++;
		n--;
	} else if (s[n - 1] == '*') {
		d->kind = KM_DOMAIN_PREFIX;	/* "foo-*" -> "foo-" */
		n--;
	} else {
		d->kind = KM_DOMAIN_EXACT;
	}
	d->len = (__u16)n;
	for (size_t i = 0; i < n; i++)
		d->name[i] = (__u8)(s[i] >= 'A' && s[i] <= 'Z' ?
				    s[i] - 'A' + 'a' : s[i]);
}

void compile_domains(struct cctx *x, const Kmesh__RouteConfiguration *rc,
		     struct km_route_config *rcv)
{
	struct kmesh_compiled *c = x->c;
	size_t n = 0, first = 0, i, j, k, mark;
	struct dom *doms;

	for (j = 0; j < rc->n_virtual_hosts; j++)
		n += rc->virtual_hosts[j]->n_domains;
	doms = calloc(n + 1, sizeof(*doms));
	if (!doms) {
		x->oom = true;
		return;
	}
	n = 0;
	for (j = 0; j < rc->n_virtual_hosts; j++) {
		for (k = 0; k < rc->virtual_hosts[j]->n_domains; k++) {
			doms[n].vhost = j;
			doms[n].index = k;
			doms[n].d.vhost_id = rcv->first_vhost + (__u32)j;
			parse(&doms[n++].d, rc->virtual_hosts[j]->domains[k]);
		}
	}
	qsort(doms, n, sizeof(*doms), dom_cmp);
	rcv->first_domain = (__u32)c->n_domains;
	rcv->n_exact = 0;	/* the EXACT ones come first: BPF looks them up */
	for (i = 0; i < n; i++) {
		mark = path_field(&x->path, "virtual_hosts");
		path_index(&x->path, doms[i].vhost);
		path_field(&x->path, "domains");
		path_index(&x->path, doms[i].index);
		if (i && same(&doms[first].d, &doms[i].d)) {
			cerr(x, NULL, "same domain as virtual_hosts[%zu].domains[%zu] once lowercased",
			     doms[first].vhost, doms[first].index);
		} else {
			first = i;
			if (ctable_room(x, CT_DOMAINS, c->n_domains)) {
				c->domains[c->n_domains++] = doms[i].d;
				rcv->n_exact += doms[i].d.kind == KM_DOMAIN_EXACT;
			}
		}
		path_pop(&x->path, mark);
	}
	rcv->n_domains = (__u32)c->n_domains - rcv->first_domain;
	free(doms);
}
