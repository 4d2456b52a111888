// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * pin_maps OBJ DIR: create the maps of the BPF object OBJ (a stage of
 * bpf/, which defines every map of bpf/kmesh.h) without loading any of
 * its programs, and pin them in DIR/maps as `kmeshctl load` does: what
 * `apply`, `export` and `stats` need, on a kernel that cannot run the
 * data plane's programs (scripts/tests/apply-host.sh).
 */
#include <stdio.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_program *p;
	struct bpf_object *o;
	char path[4096];
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: pin_maps OBJ DIR\n");
		return 2;
	}
	o = bpf_object__open_file(argv[1], NULL);
	if (!o) {
		perror(argv[1]);
		return 1;
	}
	bpf_object__for_each_program(p, o)
		bpf_program__set_autoload(p, false);
	snprintf(path, sizeof(path), "%s/maps", argv[2]);
	if (bpf_object__load(o))
		fprintf(stderr, "%s: creating its maps failed\n", argv[1]);
	else if (bpf_object__pin_maps(o, path))
		fprintf(stderr, "%s: pinning failed\n", path);
	else
		rc = 0;
	bpf_object__close(o);
	return rc;
}
