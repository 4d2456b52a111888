// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The compiled tables back into a kmesh.Config, see decompile.h: the
 * entry points, the names, and the helpers of decompile_int.h; the
 * objects are built by decompile_listener.c, decompile_route.c and
 * decompile_cluster.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_load.h"
#include "decompile_int.h"
#include "lib/limits.h"
#include "lib/nameset.h"
#include "pbyaml/pbyaml_write.h"

void *dalloc(struct dctx *x, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		x->oom = true;
	return p;
}

char *dstrndup(struct dctx *x, const void *s, size_t n)
{
	char *p = dalloc(x, n + 1, 1);

	if (p)
		memcpy(p, s, n);
	return p;
}

char *dstrdup(struct dctx *x, const char *s)
{
	return dstrndup(x, s, strlen(s));
}

void *dnew_msg(struct dctx *x, const ProtobufCMessageDescriptor *desc)
{
	void *m = dalloc(x, 1, desc->sizeof_message);

	if (m)
		protobuf_c_message_init(desc, m);
	return m;
}

/* See decompile_int.h. */
bool dis_v4(const __u8 a[16])
{
	static const __u8 mapped[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, mapped, sizeof(mapped));
}

/* See decompile_int.h. */
char *daddr_text(struct dctx *x, const __u8 a[16], bool v4)
{
	char text[INET6_ADDRSTRLEN];

	if (v4)
		inet_ntop(AF_INET, a + 12, text, sizeof(text));
	else
		inet_ntop(AF_INET6, a, text, sizeof(text));
	return dstrdup(x, text);
}

Kmesh__Address *daddress(struct dctx *x, const __u8 a[16], __u16 port)
{
	Kmesh__Address *m = dnew_msg(x, &kmesh__address__descriptor);

	if (m) {
		m->address = daddr_text(x, a, dis_v4(a));
		m->port_value = port;
	}
	return m;
}

/* See decompile_int.h. */
const char *dgiven(char *const *names, size_t i)
{
	return names && names[i] && *names[i] ? names[i] : NULL;
}

/*
 * The names of n objects of one kind: names[i] when given (non-empty),
 * else "<prefix>_<i>", with '_' appended while it equals another name of
 * the kind. NULL when out of memory.
 */
static char **kind_names(struct dctx *x, char *const *names, size_t n,
			 const char *prefix)
{
	struct nameset set;
	char **out = dalloc(x, n, sizeof(*out));
	char buf[KM_MAX_NAME_LEN + 64];
	size_t i, len;

	if (!out || nameset_init(&set, n)) {
		free(out);
		x->oom = true;
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (names && names[i] && *names[i])
			nameset_add(&set, names[i], i);
	for (i = 0; i < n && !x->oom; i++) {
		if (names && names[i] && *names[i]) {
			out[i] = dstrdup(x, names[i]);
			continue;
		}
		len = (size_t)snprintf(buf, sizeof(buf), "%s_%zu", prefix, i);
		while (nameset_find(&set, buf, NULL) && len + 1 < sizeof(buf)) {
			buf[len++] = '_';
			buf[len] = 0;
		}
		out[i] = dstrdup(x, buf);
		if (out[i])
			nameset_add(&set, out[i], i);
	}
	nameset_free(&set);
	return out;
}

/* --- the whole config ------------------------------------------------- */

#define ALL(x, cfg, field, n, fn) do {					\
	if (REPEATED(x, cfg, field, n))				\
		for (size_t i_ = 0; i_ < (n) && !(x)->oom; i_++)	\
			if (((cfg)->field[i_] = fn(x, i_)))		\
				(cfg)->n_##field++;			\
} while (0)

size_t kmesh_decompile(const struct kmesh_compiled *c, Kmesh__Config **out,
		       struct diag *d)
{
	struct dctx x = { .c = c };
	Kmesh__Config *cfg;
	size_t problems;

	*out = NULL;
	problems = kmesh_decompile_check(c, d);
	if (problems)
		return problems;
	x.listeners = kind_names(&x, c->listeners_names, c->n_listeners,
				 "listener");
	x.route_configs = kind_names(&x, c->route_configs_names,
				     c->n_route_configs, "route_config");
	x.vhosts = kind_names(&x, c->vhosts_names, c->n_vhosts, "virtual_host");
	x.clusters = kind_names(&x, c->clusters_names, c->n_clusters, "cluster");
	drate_limits_index(&x);
	cfg = dnew_msg(&x, &kmesh__config__descriptor);
	if (cfg && !x.oom) {
		ALL(&x, cfg, listeners, c->n_listeners, decompile_listener);
		ALL(&x, cfg, route_configs, c->n_route_configs,
		    decompile_route_config);
		ALL(&x, cfg, clusters, c->n_clusters, decompile_cluster);
	}
	kmesh_names_free(x.listeners, c->n_listeners);
	kmesh_names_free(x.route_configs, c->n_route_configs);
	kmesh_names_free(x.vhosts, c->n_vhosts);
	kmesh_names_free(x.clusters, c->n_clusters);
	drate_limits_free(&x);
	if (x.oom) {
		if (cfg)
			config_free(cfg);
		diag_add(d, "out of memory decompiling the tables");
		return 1;
	}
	*out = cfg;
	return 0;
}

int kmesh_decompile_print(const struct kmesh_compiled *c, FILE *out,
			  const char **err)
{
	Kmesh__Config *cfg;
	struct diag d;
	int rc = 0;

	diag_init(&d, KM_MAX_ERRORS);
	if (kmesh_decompile(c, &cfg, &d)) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -EINVAL;
	}
	diag_free(&d);
	errno = 0;
	if (pbyaml_write(&cfg->base, out, err) || fflush(out)) {
		rc = errno ? -errno : -EIO;
		if (errno)
			*err = strerror(errno);
	}
	config_free(cfg);
	return rc;
}
