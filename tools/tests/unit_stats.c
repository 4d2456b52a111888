// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the `kmeshctl stats` printer (decompile/stats.c), which
 * the host cannot run against real maps: names that validate but are
 * not plain YAML (quotes, backslashes, ': ', '#', newlines, numbers)
 * must print as YAML that libyaml reads back to the same names, in the
 * line form scripts match (`- name: "web"`, `  connections: N`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "decompile/stats.h"
#include "unit.h"

static const char *const names[] = {
	"web", "we\"b\\x", "a'b", "k: v", "#c", "- x", "123", "yes",
	"line\nbreak", "tab\there", "caf\xc3\xa9",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

/* The records: every name as a listener, one route without a name (id 7),
 * a cluster, and a kind without counters that must be left out. */
static size_t records(struct km_counted *v)
{
	size_t i, n = 0;

	for (i = 0; i < N_NAMES; i++, n++) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].kind = KM_KIND_LISTENER;
		v[n].id = (__u32)i;
		strcpy(v[n].name, names[i]);
		v[n].c.connections = i;
		v[n].c.refusals = 2 * i;
		v[n].c.rate_limited = i / 2;
	}
	memset(&v[n], 0, sizeof(v[n]));
	v[n].kind = KM_KIND_ROUTE;
	v[n++].id = 7;
	memset(&v[n], 0, sizeof(v[n]));
	v[n].kind = KM_KIND_CLUSTER;
	strcpy(v[n++].name, "backend");
	memset(&v[n], 0, sizeof(v[n]));
	v[n].kind = KM_KIND_VHOST;
	strcpy(v[n++].name, "not-counted");
	return n;
}

/* Every scalar that follows a "name" key, in order, read by libyaml. */
static size_t parse_names(const char *yaml, char **out, size_t max)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool after_key = false, done = false;
	size_t n = 0;

	if (!yaml_parser_initialize(&p))
		return 0;
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, strlen(yaml));
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			printf("# libyaml: %s\n", p.problem ? p.problem : "?");
			n = 0;
			break;
		}
		if (ev.type == YAML_SCALAR_EVENT) {
			const char *s = (const char *)ev.data.scalar.value;

			if (after_key && n < max)
				out[n++] = strdup(s);
			after_key = !after_key && !strcmp(s, "name");
		} else {
			after_key = false;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return n;
}

void test_stats_names(void)
{
	struct km_counted v[N_NAMES + 3];
	char *got[N_NAMES + 4] = { 0 }, *buf = NULL;
	size_t i, n = records(v), len = 0, m;
	const char *err;
	FILE *f = open_memstream(&buf, &len);

	EXPECT(f != NULL);
	if (!f)
		return;
	EXPECT(stats_print(v, n, 5, f, &err) == 0);
	fclose(f);
	m = parse_names(buf, got, N_NAMES + 4);
	EXPECT(m == N_NAMES + 1);
	for (i = 0; i < N_NAMES && i < m; i++) {
		EXPECT(got[i] && !strcmp(got[i], names[i]));
		if (got[i] && strcmp(got[i], names[i]))
			printf("# name %zu read back as \"%s\"\n", i, got[i]);
	}
	EXPECT(m > N_NAMES && got[N_NAMES] && !strcmp(got[N_NAMES], "backend"));
	EXPECT(!strncmp(buf, "generation: 5\nlisteners:\n- name: \"web\"\n"
			"  connections: 0\n  refusals: 0\n  rate_limited: 0\n", 70));
	EXPECT(strstr(buf, "- name: \"we\\\"b\\\\x\"\n  connections: 1\n  refusals: 2\n  rate_limited: 0\n") != NULL);
	EXPECT(strstr(buf, "- name: \"k: v\"\n  connections: 3\n  refusals: 6\n  rate_limited: 1\n") != NULL);
	EXPECT(strstr(buf, "routes:\n- id: 7\n  connections: 0\n  refusals: 0\n  rate_limited: 0\nclusters:\n- name: \"backend\"\n") != NULL);
	EXPECT(strstr(buf, "not-counted") == NULL);
	if (failed)
		printf("# output:\n%s", buf);
	for (i = 0; i < N_NAMES + 4; i++)
		free(got[i]);
	free(buf);
}

void test_stats_empty(void)
{
	char *buf = NULL;
	size_t len = 0;
	const char *err;
	FILE *f = open_memstream(&buf, &len);

	EXPECT(f != NULL);
	if (!f)
		return;
	EXPECT(stats_print(NULL, 0, 1, f, &err) == 0);
	fclose(f);
	EXPECT(buf && !strcmp(buf, "generation: 1\n"));
	free(buf);
}
