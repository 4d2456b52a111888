// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Config file formats, see config_load.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_load.h"
#include "envoy_export.h"
#include "envoy_import.h"
#include "lib/exitcode.h"
#include "lib/fileio.h"
#include "lib/limits.h"
#include "pbyaml/pbcheck.h"
#include "pbyaml/pbtypes.h"
#include "pbyaml/pbyaml_read.h"

int cfg_format_from_name(const char *name, enum cfg_format *fmt)
{
	if (!strcmp(name, "yaml"))
		*fmt = CFG_FMT_YAML;
	else if (!strcmp(name, "pb"))
		*fmt = CFG_FMT_PB;
	else
		return -1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

int cfg_format_from_path(const char *path, enum cfg_format *fmt)
{
	enum cfg_type type = CFG_TYPE(*fmt);

	if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
		*fmt = CFG_FORMAT(CFG_FMT_YAML, type);
	else if (ends_with(path, ".pb"))
		*fmt = CFG_FORMAT(CFG_FMT_PB, type);
	else
		return -1;
	return 0;
}

static const char *const type_names[] = {
	[CFG_TYPE_BOOTSTRAP] = "bootstrap",
	[CFG_TYPE_LISTENER] = "listener",
	[CFG_TYPE_ROUTE] = "route",
	[CFG_TYPE_CLUSTER] = "cluster",
	[CFG_TYPE_ENDPOINTS] = "endpoints",
	[CFG_TYPE_KMESH] = "kmesh",
};

static const char *const type_messages[] = {
	[CFG_TYPE_BOOTSTRAP] = "envoy.config.bootstrap.v3.Bootstrap",
	[CFG_TYPE_LISTENER] = "envoy.config.listener.v3.Listener",
	[CFG_TYPE_ROUTE] = "envoy.config.route.v3.RouteConfiguration",
	[CFG_TYPE_CLUSTER] = "envoy.config.cluster.v3.Cluster",
	[CFG_TYPE_ENDPOINTS] = "envoy.config.endpoint.v3.ClusterLoadAssignment",
	[CFG_TYPE_KMESH] = "kmesh.Config",
};

int cfg_type_from_name(const char *name, enum cfg_type *type)
{
	unsigned i;

	for (i = CFG_TYPE_BOOTSTRAP; i <= CFG_TYPE_KMESH; i++) {
		if (!strcmp(name, type_names[i])) {
			*type = (enum cfg_type)i;
			return 0;
		}
	}
	return -1;
}

void cfg_extra_init(struct cfg_extra *x, bool resolve)
{
	memset(x, 0, sizeof(*x));
	x->resolve = resolve;
	pathmap_init(&x->map);
}

void cfg_extra_free(struct cfg_extra *x)
{
	pathmap_free(&x->map);
	envoy_notes_free(&x->notes);
}

static Kmesh__Config *load_pb(const char *path, const char *buf, size_t len,
			      struct diag *d)
{
	Kmesh__Config *cfg;
	size_t errors = d->total;

	cfg = kmesh__config__unpack(NULL, len, (const uint8_t *)buf);
	if (!cfg) {
		diag_add(d, "%s: not a valid kmesh.Config protobuf", path);
		return NULL;
	}
	pbcheck(&cfg->base, d);
	if (d->total != errors) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* The Envoy message msg translated (errors: the problems d had before). */
static Kmesh__Config *import_envoy(const char *path, ProtobufCMessage *msg,
				   struct cfg_extra *x, struct diag *d,
				   size_t errors)
{
	Kmesh__Config *cfg;

	x->envoy = true;
	cfg = envoy_import(msg, x->resolve, &x->map, &x->notes, d);
	protobuf_c_message_free_unpacked(msg, NULL);
	if (!cfg)
		diag_add(d, "%s: out of memory", path);
	if (cfg && d->total != errors) {
		config_free(cfg);
		cfg = NULL;
	}
	return cfg;
}

/* An Envoy message of type desc from YAML or binary, then translated. */
static Kmesh__Config *load_envoy(const char *path, const char *buf, size_t len,
				 enum cfg_format syntax,
				 const ProtobufCMessageDescriptor *desc,
				 struct cfg_extra *x, struct diag *d)
{
	ProtobufCMessage *msg;
	size_t errors = d->total;

	if (syntax == CFG_FMT_YAML) {
		msg = pbyaml_read_partial(desc, buf, len, path, d);
	} else {
		struct kpath p;

		msg = protobuf_c_message_unpack(desc, NULL, len,
						(const uint8_t *)buf);
		if (!msg) {
			diag_add(d, "%s: not a valid %s protobuf", path, desc->name);
			return NULL;
		}
		path_init(&p);
		pbcheck_at(msg, &p, true, d);
	}
	if (!msg)
		return NULL;
	return import_envoy(path, msg, x, d, errors);
}

/* YAML of no stated type: the compatibility form when it has one of its
 * top-level keys, else a Bootstrap; the text is parsed once. */
static Kmesh__Config *load_yaml_auto(const char *path, const char *buf,
				     size_t len, struct cfg_extra *x,
				     struct diag *d)
{
	static const char *const kmesh_keys[] = {
		"listeners", "route_configs", "clusters", NULL
	};
	const ProtobufCMessageDescriptor *picked;
	ProtobufCMessage *msg;
	size_t errors = d->total;

	msg = pbyaml_read_pick(pbtypes_find(type_messages[CFG_TYPE_BOOTSTRAP]),
			       &kmesh__config__descriptor, kmesh_keys, buf, len,
			       path, d, &picked);
	if (!msg)
		return NULL;
	if (picked != &kmesh__config__descriptor)
		return import_envoy(path, msg, x, d, errors);
	if (d->total != errors) {	/* as pbyaml_read(): all or nothing */
		protobuf_c_message_free_unpacked(msg, NULL);
		return NULL;
	}
	return (Kmesh__Config *)msg;
}

int config_load_ex(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		   struct cfg_extra *x, struct diag *d)
{
	enum cfg_format syntax = CFG_SYNTAX(fmt);
	enum cfg_type type = CFG_TYPE(fmt);
	char *buf;
	size_t len;

	*cfg = NULL;
	if (file_read(path, KM_MAX_CONFIG_BYTES, &buf, &len)) {
		if (errno == EFBIG) {
			diag_add(d, "%s: larger than %u bytes", path,
				 KM_MAX_CONFIG_BYTES);
			return KM_EXIT_INVALID;
		}
		diag_add(d, "%s: %s", path, strerror(errno));
		return KM_EXIT_IO;
	}
	if (type == CFG_TYPE_AUTO && syntax == CFG_FMT_PB)
		type = CFG_TYPE_BOOTSTRAP;
	if (type == CFG_TYPE_AUTO)
		*cfg = load_yaml_auto(path, buf, len, x, d);
	else if (type == CFG_TYPE_KMESH && syntax == CFG_FMT_PB)
		*cfg = load_pb(path, buf, len, d);
	else if (type == CFG_TYPE_KMESH)
		*cfg = (Kmesh__Config *)pbyaml_read(&kmesh__config__descriptor,
						    buf, len, path, d);
	else
		*cfg = load_envoy(path, buf, len, syntax,
				  pbtypes_find(type_messages[type]), x, d);
	free(buf);
	return *cfg ? KM_EXIT_OK : KM_EXIT_INVALID;
}

int config_load(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		struct diag *d)
{
	struct cfg_extra x;
	int rc;

	cfg_extra_init(&x, true);
	rc = config_load_ex(path, fmt, cfg, &x, d);
	pathmap_rewrite(&x.map, d);
	cfg_extra_free(&x);
	return rc;
}

int config_save_pb(const Kmesh__Config *cfg, const char *path, struct diag *d)
{
	EBootstrap *b = envoy_export(cfg);
	size_t len = b ? protobuf_c_message_get_packed_size(&b->base) : 0;
	uint8_t *buf = b ? malloc(len ? len : 1) : NULL;
	int rc = KM_EXIT_OK;

	if (!buf) {
		diag_add(d, "%s: out of memory", path);
		if (b)
			protobuf_c_message_free_unpacked(&b->base, NULL);
		return KM_EXIT_IO;
	}
	protobuf_c_message_pack(&b->base, buf);
	protobuf_c_message_free_unpacked(&b->base, NULL);
	if (file_write_atomic(path, buf, len)) {
		diag_add(d, "%s: %s", path, strerror(errno));
		rc = KM_EXIT_IO;
	}
	free(buf);
	return rc;
}

void config_free(Kmesh__Config *cfg)
{
	if (cfg)
		kmesh__config__free_unpacked(cfg, NULL);
}
