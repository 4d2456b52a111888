// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Helpers of the BPF commands (load, apply, stats, unload), see bpfpin.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <kmesh/maps.h>

#include "bpfpin.h"
#include "lib/fault.h"
#include "lib/report.h"

int pin_path(char *buf, size_t len, const char *dir, const char *sub,
	     const char *name)
{
	int n = snprintf(buf, len, "%s/%s%s%s", dir, sub, name ? "/" : "",
			 name ? name : "");

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int pin_map_open(const char *dir, const char *name)
{
	char path[4096];
	int fd;

	if (pin_path(path, sizeof(path), dir, "maps", name)) {
		km_err("%s: %s", dir, strerror(errno));
		return -1;
	}
	fd = bpf_obj_get(path);
	if (fd < 0)
		km_err("%s: %s%s", path, strerror(errno),
			errno == ENOENT ? " (run 'kmeshctl load' first)" : "");
	return fd;
}

int pin_dir_remove(const char *dir, const char *sub)
{
	char path[4096], file[4096];
	struct dirent *e;
	int rc = 0;
	DIR *d;

	if (pin_path(path, sizeof(path), dir, sub, NULL))
		return -1;
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (pin_path(file, sizeof(file), path, e->d_name, NULL) ||
		    unlink(file))
			rc = -1;
	}
	closedir(d);
	if (rmdir(path))
		rc = -1;
	return rc;
}

int pin_map_update(int fd, const void *key, const void *value, __u64 flags)
{
	fault_write();
	return bpf_map_update_elem(fd, key, value, flags);
}

int bpf_grace_period(void)
{
	int inner, outer, rc;
	__u32 key = 0;
	LIBBPF_OPTS(bpf_map_create_opts, o);

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
	if (inner < 0)
		return -1;
	o.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, NULL, 4, 4, 1, &o);
	if (outer < 0) {
		close(inner);
		return -1;
	}
	/* the update returns after synchronize_rcu() */
	rc = bpf_map_update_elem(outer, &key, &inner, BPF_ANY);
	close(outer);
	close(inner);
	return rc;
}

int pin_active_gen(const char *dir, __u32 *gen)
{
	struct km_active act = {};
	__u32 key = KM_ACTIVE_KEY;
	int fd, rc;

	fd = pin_map_open(dir, "km_active");
	if (fd < 0)
		return -1;
	rc = bpf_map_lookup_elem(fd, &key, &act);
	close(fd);
	if (rc) {
		km_err("reading km_active: %s",
			strerror(errno));
		return -1;
	}
	*gen = act.gen;
	return 0;
}
