// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Config file formats, see config_load.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_load.h"
#include "exitcode.h"
#include "fileio.h"
#include "limits.h"
#include "pbcheck.h"
#include "pbyaml_read.h"

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
	if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
		*fmt = CFG_FMT_YAML;
	else if (ends_with(path, ".pb"))
		*fmt = CFG_FMT_PB;
	else
		return -1;
	return 0;
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

int config_load(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		struct diag *d)
{
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
	if (fmt == CFG_FMT_PB)
		*cfg = load_pb(path, buf, len, d);
	else
		*cfg = (Kmesh__Config *)pbyaml_read(&kmesh__config__descriptor,
						    buf, len, path, d);
	free(buf);
	return *cfg ? KM_EXIT_OK : KM_EXIT_INVALID;
}

int config_save_pb(const Kmesh__Config *cfg, const char *path, struct diag *d)
{
	size_t len = kmesh__config__get_packed_size(cfg);
	uint8_t *buf = malloc(len ? len : 1);
	int rc = KM_EXIT_OK;

	if (!buf) {
		diag_add(d, "%s: out of memory", path);
		return KM_EXIT_IO;
	}
	kmesh__config__pack(cfg, buf);
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
