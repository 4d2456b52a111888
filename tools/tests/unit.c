// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the config library: scalar parsing, name sets, paths,
 * error collection, domain forms, and the generic YAML reader/writer on
 * test schemas (tests/proto) that use every protobuf scalar type, repeated
 * fields, oneofs and proto2 presence.
 *
 * Prints "ok NAME" / "not ok NAME" (tests/run.sh numbers them) with
 * "# ..." lines saying what failed. The decompiler's tests are in
 * unit_decompile.c; `unit decompile FILE` is its helper for tests/run.sh,
 * and so is `unit reencode MESSAGE FILE`: FILE, a binary MESSAGE (a full
 * name, e.g. envoy.config.listener.v3.Listener), decodes with kmeshctl's
 * schema and encodes back to the same bytes (every field known, numbers
 * and types right); and `unit route FILE` routes FILE's "# route:"
 * connections through the data plane's matchers (unit_route.c, GPL-2.0
 * as the bpf/lib/ it builds, so this test binary is GPL-2.0).
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/nameset.h"
#include "lib/strpool.h"
#include "lib/path.h"
#include "pbyaml/pbcheck.h"
#include "lib/fileio.h"
#include "pbyaml/pbtypes.h"
#include "pbyaml/pbyaml_read.h"
#include "pbyaml/pbyaml_write.h"
#include "lib/scalar.h"
#include "validate/validate_int.h"
#include "kmtest.pb-c.h"
#include "kmtest2.pb-c.h"
#include "unit.h"

bool failed;

void unit_expect(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printf("# %s:%d: expected %s\n",
		       strrchr(file, '/') ? strrchr(file, '/') + 1 : file, line,
		       what);
		failed = true;
	}
}

static void expect_str(const char *got, const char *want, int line)
{
	if (!got || strcmp(got, want)) {
		printf("# unit.c:%d: got:\n", line);
		printf("# %s\n# want:\n# %s\n", got ? got : "(null)", want);
		failed = true;
	}
}

#define EXPECT_STR(got, want) expect_str((got), (want), __LINE__)

/* Read YAML into a message of desc; the errors, one per line, into errs. */
static ProtobufCMessage *read_yaml(const ProtobufCMessageDescriptor *desc,
				   const char *yaml, char **errs)
{
	ProtobufCMessage *m;
	struct diag d;
	size_t len = 0;
	FILE *f;

	diag_init(&d, 100);
	m = pbyaml_read(desc, yaml, strlen(yaml), "t.yaml", &d);
	f = open_memstream(errs, &len);
	diag_print(&d, f);
	fclose(f);
	diag_free(&d);
	return m;
}

/* Only the errors of reading yaml (the message, if any, is freed). */
static char *read_errors(const ProtobufCMessageDescriptor *desc,
			 const char *yaml)
{
	char *errs;
	ProtobufCMessage *m = read_yaml(desc, yaml, &errs);

	if (m)
		protobuf_c_message_free_unpacked(m, NULL);
	return errs;
}

static char *write_yaml(const ProtobufCMessage *m)
{
	const char *err;
	size_t len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);

	if (pbyaml_write(m, f, &err)) {
		printf("# write: %s\n", err);
		failed = true;
	}
	fclose(f);
	return out;
}

static void expect_errors(const ProtobufCMessageDescriptor *desc,
			  const char *yaml, const char *want, int line)
{
	char *errs = read_errors(desc, yaml);

	expect_str(errs, want, line);
	free(errs);
}

#define EXPECT_ERRORS(yaml, want) \
	expect_errors(&kmtest__all__descriptor, (yaml), (want), __LINE__)

static void test_scalar_ints(void)
{
	uint64_t u;
	int64_t s;

	EXPECT(!scalar_parse_u64("0", UINT32_MAX, &u) && u == 0);
	EXPECT(!scalar_parse_u64("4294967295", UINT32_MAX, &u) && u == UINT32_MAX);
	EXPECT(scalar_parse_u64("4294967296", UINT32_MAX, &u));
	EXPECT(!scalar_parse_u64("18446744073709551615", UINT64_MAX, &u) &&
	       u == UINT64_MAX);
	EXPECT(scalar_parse_u64("18446744073709551616", UINT64_MAX, &u));
	EXPECT(scalar_parse_u64("", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64("-1", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64("+1", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64("080", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64("0x10", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64(" 1", UINT32_MAX, &u));
	EXPECT(scalar_parse_u64("1 ", UINT32_MAX, &u));
	EXPECT(!scalar_parse_i64("-2147483648", INT32_MIN, INT32_MAX, &s) &&
	       s == INT32_MIN);
	EXPECT(scalar_parse_i64("-2147483649", INT32_MIN, INT32_MAX, &s));
	EXPECT(scalar_parse_i64("2147483648", INT32_MIN, INT32_MAX, &s));
	EXPECT(!scalar_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &s) &&
	       s == INT64_MIN);
	EXPECT(scalar_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &s));
	EXPECT(scalar_parse_i64("-0", INT64_MIN, INT64_MAX, &s));
	EXPECT(scalar_parse_i64("-", INT64_MIN, INT64_MAX, &s));
}

static void test_scalar_other(void)
{
	bool b;
	double d;

	EXPECT(!scalar_parse_bool("true", &b) && b);
	EXPECT(!scalar_parse_bool("FALSE", &b) && !b);
	EXPECT(scalar_parse_bool("yes", &b));
	EXPECT(scalar_parse_bool("1", &b));
	EXPECT(!scalar_parse_double("1.5e3", &d) && d == 1500);
	EXPECT(!scalar_parse_double("-0.25", &d) && d == -0.25);
	EXPECT(scalar_parse_double("inf", &d));
	EXPECT(scalar_parse_double("nan", &d));
	EXPECT(scalar_parse_double("1x", &d));
	EXPECT(scalar_parse_double("", &d));
	EXPECT(scalar_is_null("") && scalar_is_null("~") && scalar_is_null("null"));
	EXPECT(!scalar_is_null("nil"));
	EXPECT(scalar_needs_quotes("80") && scalar_needs_quotes("1") &&
	       scalar_needs_quotes("true") && scalar_needs_quotes("No") &&
	       scalar_needs_quotes("~") && scalar_needs_quotes("") &&
	       scalar_needs_quotes("1e3") && scalar_needs_quotes("0x1f") &&
	       scalar_needs_quotes("-5") && scalar_needs_quotes(".inf"));
	EXPECT(!scalar_needs_quotes("web") && !scalar_needs_quotes("v1") &&
	       !scalar_needs_quotes("/v2") && !scalar_needs_quotes("0.0.0.0") &&
	       !scalar_needs_quotes("*.example.com"));
}

static void test_nameset(void)
{
	struct nameset s;
	char names[5000][16];
	size_t i, idx;
	bool all = true;

	EXPECT(!nameset_init(&s, 5000));
	for (i = 0; i < 5000; i++) {
		snprintf(names[i], sizeof(names[i]), "n%zu", i % 4000);
		idx = nameset_add(&s, names[i], i);
		all = all && idx == (i < 4000 ? i : i - 4000);
	}
	EXPECT(all);
	EXPECT(s.n == 4000);
	EXPECT(nameset_find(&s, "n3999", &idx) && idx == 3999);
	EXPECT(!nameset_find(&s, "n4000", &idx));
	EXPECT(!nameset_find(&s, "", &idx));
	nameset_free(&s);

	EXPECT(!nameset_init(&s, 1));
	EXPECT(nameset_add(&s, "a", 0) == 0);
	EXPECT(nameset_add(&s, "a", 1) == 0);
	EXPECT(nameset_add(&s, "b", 2) == (size_t)-1);	/* full */
	/* grown: the names stay, with their indices; more fit */
	EXPECT(!nameset_reserve(&s, 3000));
	EXPECT(s.n == 1 && s.max == 3000);
	EXPECT(nameset_find(&s, "a", &idx) && idx == 0);
	for (i = 0; i < 2999; i++)
		all = all && nameset_add(&s, names[i], i + 1) == i + 1;
	EXPECT(all);
	EXPECT(nameset_add(&s, "b", 3000) == (size_t)-1);	/* full again */
	EXPECT(nameset_find(&s, "n2998", &idx) && idx == 2999);
	EXPECT(!nameset_reserve(&s, 10));	/* never shrinks */
	EXPECT(s.max == 3000 && s.n == 3000);
	/* the stored index can be changed in place */
	EXPECT(nameset_index(&s, "n7") && *nameset_index(&s, "n7") == 8);
	*nameset_index(&s, "n7") = 42;
	EXPECT(nameset_find(&s, "n7", &idx) && idx == 42);
	EXPECT(!nameset_index(&s, "n3999"));
	nameset_free(&s);
}

static void test_strpool(void)
{
	static char big[600 << 10];
	struct strpool p;
	char *v[20000], *a, *b, *large;
	char buf[32];
	size_t i;
	bool all = true;

	strpool_init(&p);
	for (i = 0; i < 20000; i++) {	/* several blocks */
		snprintf(buf, sizeof(buf), "s%zu", i);
		v[i] = strpool_add(&p, buf);
		all = all && v[i];
	}
	EXPECT(all);
	a = strpool_addn(&p, "x\0y", 3);	/* NULs kept, one added */
	EXPECT(a && a[0] == 'x' && a[1] == '\0' && a[2] == 'y' && a[3] == '\0');
	memset(big, 'z', sizeof(big) - 1);
	large = strpool_add(&p, big);	/* larger than a block */
	b = strpool_add(&p, "after");
	EXPECT(large && strlen(large) == sizeof(big) - 1 && large[0] == 'z');
	for (i = 0; i < 20000; i++) {	/* nothing moved or was overwritten */
		snprintf(buf, sizeof(buf), "s%zu", i);
		all = all && !strcmp(v[i], buf);
	}
	EXPECT(all);
	EXPECT(b && !strcmp(b, "after"));
	EXPECT(strpool_addn(&p, "", 0) && !*strpool_addn(&p, "", 0));
	strpool_free(&p);
	EXPECT(!p.head);
	strpool_free(&p);	/* empty again: freeing twice is fine */
}

static void test_path(void)
{
	struct kpath p;
	size_t m1, m2;
	int i;

	path_init(&p);
	EXPECT_STR(path_str(&p), "(top level)");
	m1 = path_field(&p, "listeners");
	path_index(&p, 3);
	m2 = path_field(&p, "filter_chains");
	path_index(&p, 12);
	path_field(&p, "name");
	EXPECT_STR(path_str(&p), "listeners[3].filter_chains[12].name");
	path_pop(&p, m2);
	EXPECT_STR(path_str(&p), "listeners[3]");
	path_pop(&p, m1);
	EXPECT_STR(path_str(&p), "(top level)");
	for (i = 0; i < 100; i++)
		path_field(&p, "abcdefghij");
	EXPECT(strlen(path_str(&p)) == KPATH_MAX - 1);
	EXPECT(!strcmp(path_str(&p) + KPATH_MAX - 4, "..."));
}

static void test_diag(void)
{
	struct diag d;
	char *out = NULL;
	char qb[DIAG_QUOTE_SIZE];
	size_t len;
	FILE *f;
	int i;

	diag_init(&d, 2);
	for (i = 0; i < 5; i++)
		diag_add(&d, "error %d", i);
	EXPECT(d.n == 2 && d.total == 5);
	f = open_memstream(&out, &len);
	diag_print(&d, f);
	fclose(f);
	EXPECT_STR(out, "error 0\nerror 1\n3 more errors not shown\n");
	free(out);
	diag_free(&d);
	EXPECT_STR(diag_quote(qb, sizeof(qb), "a\"b\\c\n\x7f", 7),
		   "\"a\\\"b\\\\c\\x0a\\x7f\"");
	EXPECT(strlen(diag_quote(qb, sizeof(qb),
				 "0123456789012345678901234567890123456789"
				 "0123456789012345678901234567890123456789", 80)) ==
	       64 + 5);
}

static void test_domains(void)
{
	static const char *const good[] = {
		"*", "example.com", "*.example.com", "www.*", "*.a", "a.*",
		"localhost", "example.com:8080", "*-bar.foo.com", "foo-*",
		"**", "*.", ".*", "a*b", "*.*", "[::1]:80", "caf\xc3\xa9",
	};
	static const char *const bad[] = {
		"a\x01b", "a\tb", "a\nb", "a\rb", "x\x7f", "\x1f",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!domain_form_ok(good[i])) {
			printf("# rejected %s\n", good[i]);
			failed = true;
		}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (domain_form_ok(bad[i])) {
			printf("# accepted %s\n", bad[i]);
			failed = true;
		}
}

/* Every field of kmtest.All, at extreme values, in canonical form. */
static const char all_yaml[] =
	"i32: -2147483648\n"
	"s32: 2147483647\n"
	"sf32: -1\n"
	"u32: 4294967295\n"
	"f32: 1\n"
	"i64: -9223372036854775808\n"
	"s64: 9223372036854775807\n"
	"sf64: -2\n"
	"u64: 18446744073709551615\n"
	"f64: 3\n"
	"fl: 0.5\n"
	"db: -1.25e+300\n"
	"b: true\n"
	"str: \"80\"\n"
	"color: BLUE\n"
	"inner:\n"
	"  s: outer\n"
	"  children:\n"
	"  - s: child\n"
	"    children:\n"
	"    - {}\n"
	"r_i32:\n"
	"- 1\n"
	"- -1\n"
	"r_u64:\n"
	"- 0\n"
	"- 18446744073709551615\n"
	"r_db:\n"
	"- 0.1\n"
	"r_b:\n"
	"- false\n"
	"- true\n"
	"r_str:\n"
	"- a\n"
	"- \"\"\n"
	"- 'x: y'\n"
	"r_color:\n"
	"- GREEN\n"
	"- RED\n"
	"r_inner:\n"
	"- {}\n"
	"- s: two\n"
	"c_b: false\n";

static void test_read_all_types(void)
{
	Kmtest__All *m;
	char *errs, *out;

	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor, all_yaml, &errs);
	EXPECT_STR(errs, "");
	free(errs);
	EXPECT(m != NULL);
	if (!m)
		return;
	EXPECT(m->i32 == INT32_MIN && m->s32 == INT32_MAX && m->sf32 == -1);
	EXPECT(m->u32 == UINT32_MAX && m->f32 == 1);
	EXPECT(m->i64 == INT64_MIN && m->s64 == INT64_MAX && m->sf64 == -2);
	EXPECT(m->u64 == UINT64_MAX && m->f64 == 3);
	EXPECT(m->fl == 0.5f && m->db == -1.25e300 && m->b);
	EXPECT(!strcmp(m->str, "80") && m->color == KMTEST__COLOR__BLUE);
	EXPECT(m->inner && !strcmp(m->inner->s, "outer") &&
	       m->inner->n_children == 1 &&
	       m->inner->children[0]->n_children == 1);
	EXPECT(m->n_r_i32 == 2 && m->r_i32[0] == 1 && m->r_i32[1] == -1);
	EXPECT(m->n_r_u64 == 2 && m->r_u64[1] == UINT64_MAX);
	EXPECT(m->n_r_db == 1 && m->r_db[0] == 0.1);
	EXPECT(m->n_r_b == 2 && !m->r_b[0] && m->r_b[1]);
	EXPECT(m->n_r_str == 3 && !strcmp(m->r_str[1], "") &&
	       !strcmp(m->r_str[2], "x: y"));
	EXPECT(m->n_r_color == 2 && m->r_color[0] == KMTEST__COLOR__GREEN);
	EXPECT(m->n_r_inner == 2 && !strcmp(m->r_inner[1]->s, "two"));
	EXPECT(m->choice_case == KMTEST__ALL__CHOICE_C_B && !m->c_b);
	out = write_yaml(&m->base);
	EXPECT_STR(out, all_yaml);
	free(out);
	kmtest__all__free_unpacked(m, NULL);
}

static void test_binary_round_trip(void)
{
	Kmtest__All *m, *back;
	uint8_t *buf;
	size_t len;
	char *errs, *out;

	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor, all_yaml, &errs);
	free(errs);
	EXPECT(m != NULL);
	if (!m)
		return;
	len = kmtest__all__get_packed_size(m);
	buf = malloc(len);
	kmtest__all__pack(m, buf);
	back = kmtest__all__unpack(NULL, len, buf);
	EXPECT(back != NULL);
	if (back) {
		out = write_yaml(&back->base);
		EXPECT_STR(out, all_yaml);	/* incl. oneof c_b: false */
		free(out);
		kmtest__all__free_unpacked(back, NULL);
	}
	free(buf);
	kmtest__all__free_unpacked(m, NULL);
}

static const char maps_yaml[] =
	"m_inner:\n"
	"  b:\n"
	"    s: bee\n"
	"  a: {}\n"
	"  'x: \"y\"':\n"
	"    children:\n"
	"    - s: deep\n"
	"m_u32:\n"
	"  \"80\": 80\n"
	"  zero: 0\n";

/* Maps (Envoy's typed_per_filter_config): a mapping of keys to values,
 * in document order, through YAML and binary; their errors. */
static void test_read_maps(void)
{
	Kmtest__All *m, *back;
	char *errs, *out;
	uint8_t *buf;
	size_t len;

	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor, maps_yaml, &errs);
	EXPECT_STR(errs, "");
	free(errs);
	EXPECT(m != NULL);
	if (!m)
		return;
	EXPECT(m->n_m_inner == 3 && !strcmp(m->m_inner[0]->key, "b") &&
	       !strcmp(m->m_inner[0]->value->s, "bee") &&
	       !strcmp(m->m_inner[2]->key, "x: \"y\"") &&
	       m->m_inner[2]->value->n_children == 1);
	EXPECT(m->n_m_u32 == 2 && !strcmp(m->m_u32[0]->key, "80") &&
	       m->m_u32[0]->value == 80 && m->m_u32[1]->value == 0);
	out = write_yaml(&m->base);
	EXPECT_STR(out, maps_yaml);
	free(out);
	len = kmtest__all__get_packed_size(m);
	buf = malloc(len);
	kmtest__all__pack(m, buf);
	back = kmtest__all__unpack(NULL, len, buf);
	out = back ? write_yaml(&back->base) : NULL;
	EXPECT_STR(out, maps_yaml);
	free(out);
	if (back)
		kmtest__all__free_unpacked(back, NULL);
	free(buf);
	kmtest__all__free_unpacked(m, NULL);
	errs = read_errors(&kmtest__all__descriptor,
			   "m_u32: [1]\n"
			   "m_inner:\n"
			   "  a: {s: x}\n"
			   "  a: {}\n"
			   "  b: ~\n"
			   "  ? [k]\n"
			   "  : {}\n"
			   "  c: {t: 1}\n");
	EXPECT_STR(errs,
		   "t.yaml:1:8: m_u32: expected a mapping, got a sequence\n"
		   "t.yaml:4:3: m_inner[\"a\"]: duplicate key\n"
		   "t.yaml:5:6: m_inner[\"b\"]: null is not allowed as a map value\n"
		   "t.yaml:6:5: m_inner: expected a key, got a sequence\n"
		   "t.yaml:8:7: m_inner[\"c\"].t: unknown key (expected s or children)\n");
	free(errs);
}

static void test_read_defaults(void)
{
	Kmtest__All *m;
	char *errs, *out;

	/* null leaves a field unset; an empty document is an empty message */
	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor,
				     "i32: ~\nstr:\ninner: null\nr_i32: ~\nc_str: ~\n",
				     &errs);
	EXPECT_STR(errs, "");
	free(errs);
	EXPECT(m && !m->inner && m->n_r_i32 == 0 && !m->choice_case);
	out = m ? write_yaml(&m->base) : NULL;
	EXPECT_STR(out, "{}\n");
	free(out);
	if (m)
		kmtest__all__free_unpacked(m, NULL);
	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor, "# nothing\n",
				     &errs);
	EXPECT_STR(errs, "");
	free(errs);
	EXPECT(m != NULL);
	if (m)
		kmtest__all__free_unpacked(m, NULL);
	/* a set oneof member is written even at its default */
	m = (Kmtest__All *)read_yaml(&kmtest__all__descriptor,
				     "c_u32: 0\n", &errs);
	free(errs);
	out = m ? write_yaml(&m->base) : NULL;
	EXPECT_STR(out, "c_u32: 0\n");
	free(out);
	if (m)
		kmtest__all__free_unpacked(m, NULL);
}

static void test_read_type_errors(void)
{
	EXPECT_ERRORS("i32: 2147483648\n",
		      "t.yaml:1:6: i32: expected a 32-bit integer, got \"2147483648\"\n");
	EXPECT_ERRORS("u32: -1\n",
		      "t.yaml:1:6: u32: expected an unsigned 32-bit integer, got \"-1\"\n");
	EXPECT_ERRORS("u64: 18446744073709551616\n",
		      "t.yaml:1:6: u64: expected an unsigned 64-bit integer, got \"18446744073709551616\"\n");
	EXPECT_ERRORS("i64: 1.0\n",
		      "t.yaml:1:6: i64: expected a 64-bit integer, got \"1.0\"\n");
	EXPECT_ERRORS("fl: 1e39\n",
		      "t.yaml:1:5: fl: expected a number, got \"1e39\"\n");
	EXPECT_ERRORS("b: yes\n", "t.yaml:1:4: b: expected true or false, got \"yes\"\n");
	EXPECT_ERRORS("color: PURPLE\n",
		      "t.yaml:1:8: color: unknown value \"PURPLE\" (expected RED, GREEN or BLUE)\n");
	EXPECT_ERRORS("color: 1\n",
		      "t.yaml:1:8: color: unknown value \"1\" (expected RED, GREEN or BLUE)\n");
	EXPECT_ERRORS("str: [a]\n", "t.yaml:1:6: str: expected a string, got a sequence\n");
	EXPECT_ERRORS("inner: x\n", "t.yaml:1:8: inner: expected a mapping, got a scalar\n");
	EXPECT_ERRORS("r_i32: 1\n", "t.yaml:1:8: r_i32: expected a sequence, got a scalar\n");
	EXPECT_ERRORS("r_i32: [1, x, ~]\n",
		      "t.yaml:1:12: r_i32[1]: expected a 32-bit integer, got \"x\"\n"
		      "t.yaml:1:15: r_i32[2]: null is not allowed in a sequence\n");
	EXPECT_ERRORS("r_inner: [{s: a}, {t: b}]\n",
		      "t.yaml:1:20: r_inner[1].t: unknown key (expected s or children)\n");
	EXPECT_ERRORS("raw: abc\n", "t.yaml:1:6: raw: bytes fields are not supported\n");
	EXPECT_ERRORS("str: \"a\\0b\"\n",
		      "t.yaml:1:6: str: expected a string, got \"a\\x00b\" (contains a NUL byte)\n");
	EXPECT_ERRORS("- 1\n", "t.yaml:1:1: (top level): expected a mapping, got a sequence\n");
}

#define ALL_FIELDS "i32, s32, sf32, u32, f32, i64, s64, sf64, u64, f64, fl, " \
	"db, b, str, color, inner, r_i32, r_u64, r_db, r_b, r_str, r_color, " \
	"r_inner, c_str, c_u32, c_inner, c_b, raw, m_inner or m_u32"

static void test_read_structure_errors(void)
{
	EXPECT_ERRORS("i32: 1\ni32: 2\n", "t.yaml:2:1: i32: duplicate key\n");
	EXPECT_ERRORS("c_str: a\nc_u32: 1\n",
		      "t.yaml:2:8: c_u32: only one of \"c_str\" and \"c_u32\" may be set\n");
	EXPECT_ERRORS("c_inner: {s: a}\nc_b: true\n",
		      "t.yaml:2:6: c_b: only one of \"c_inner\" and \"c_b\" may be set\n");
	EXPECT_ERRORS("? [a]\n: 1\n", "t.yaml:1:3: (top level): expected a key, got a sequence\n");
	EXPECT_ERRORS("\"we\\tird\": 1\n",
		      "t.yaml:1:1: \"we\\x09ird\": unknown key (expected " ALL_FIELDS ")\n");
	EXPECT_ERRORS("inner: &a {s: x}\nc_inner: *a\n",
		      "t.yaml:1:8: c_inner: YAML anchors and aliases are not supported\n");
	EXPECT_ERRORS("r_inner: &a [*a]\n",
		      "t.yaml:1:10: r_inner[0]: YAML anchors and aliases are not supported\n");
	EXPECT_ERRORS("i32: &a 1\nu32: &a 2\n",
		      "t.yaml:2:6: YAML: second occurrence (found duplicate anchor; first occurrence at line 1)\n");
	EXPECT_ERRORS("inner: &a {s: x}\n",	/* an anchor alone is nothing */
		      "");
	EXPECT_ERRORS("i32: 1\n--- \n# only a comment\n",
		      "t.yaml:2:1: YAML: only one document is allowed\n");
	EXPECT_ERRORS("i32: 1\n---\ni32: 2\n",
		      "t.yaml:2:1: YAML: only one document is allowed\n");
	EXPECT_ERRORS("i32: [1\n",
		      "t.yaml:2:1: YAML: did not find expected ',' or ']' "
		      "(while parsing a flow sequence at line 1)\n");
	EXPECT_ERRORS("a: b: c\n", "t.yaml:1:5: YAML: mapping values are not allowed in this context\n");
	EXPECT_ERRORS("i32: *nope\n", "t.yaml:1:6: YAML: found undefined alias\n");
	EXPECT_ERRORS("s: \xff\n", "t.yaml: YAML: invalid leading UTF-8 octet at byte 3\n");
	/* errors are collected, not only the first */
	EXPECT_ERRORS("i32: x\nbogus: 1\nb: 2\n",
		      "t.yaml:1:6: i32: expected a 32-bit integer, got \"x\"\n"
		      "t.yaml:2:1: bogus: unknown key (expected " ALL_FIELDS ")\n"
		      "t.yaml:3:4: b: expected true or false, got \"2\"\n");
}

static void test_proto2_presence(void)
{
	Kmtest2__P2 *m;
	char *errs, *out;

	m = (Kmtest2__P2 *)read_yaml(&kmtest2__p2__descriptor,
				     "id: x\nflag: false\n", &errs);
	EXPECT_STR(errs, "");
	free(errs);
	EXPECT(m && m->has_flag && !m->flag && !m->has_count && m->count == 7 &&
	       !m->note);
	out = m ? write_yaml(&m->base) : NULL;
	EXPECT_STR(out, "id: x\nflag: false\n");
	free(out);
	if (m)
		kmtest2__p2__free_unpacked(m, NULL);
	expect_errors(&kmtest2__p2__descriptor, "count: 1\n",
		      "t.yaml:1:1: id: required field is missing\n", __LINE__);
}

static void test_pbcheck(void)
{
	Kmtest__All m = KMTEST__ALL__INIT;
	Kmtest__Inner in = KMTEST__INNER__INIT;
	Kmtest__Inner *arr[1] = { &in };
	Kmtest__All *back;
	uint8_t buf[64];
	size_t len;
	struct diag d;
	char bad[] = "ok\xc3\x28";

	in.s = bad;
	m.n_r_inner = 1;
	m.r_inner = arr;
	len = kmtest__all__pack(&m, buf);
	buf[len++] = 0x98;	/* field 99, varint */
	buf[len++] = 0x06;
	buf[len++] = 0x01;
	back = kmtest__all__unpack(NULL, len, buf);
	EXPECT(back != NULL);
	if (!back)
		return;
	diag_init(&d, 10);
	pbcheck(&back->base, &d);
	EXPECT(d.n == 2);
	if (d.n == 2) {
		EXPECT_STR(d.msgs[0], "(top level): unknown field number 99");
		EXPECT_STR(d.msgs[1], "r_inner[0].s: not valid UTF-8");
	}
	diag_free(&d);
	kmtest__all__free_unpacked(back, NULL);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "unit: integer scalars are parsed strictly", test_scalar_ints },
	{ "unit: bool, float and null scalars; writer quoting", test_scalar_other },
	{ "unit: name set finds duplicates and first indices; grows", test_nameset },
	{ "unit: string pool: copies that stay, in blocks", test_strpool },
	{ "unit: config paths push, pop and truncate", test_path },
	{ "unit: errors are capped and counted; quoting escapes", test_diag },
	{ "unit: domain forms", test_domains },
	{ "unit: YAML reader reads every field type; writer is canonical", test_read_all_types },
	{ "unit: binary protobuf round trip of every field type", test_binary_round_trip },
	{ "unit: maps read, write and round-trip as mappings; their errors", test_read_maps },
	{ "unit: null and empty input leave fields unset", test_read_defaults },
	{ "unit: wrong types and values are rejected with paths", test_read_type_errors },
	{ "unit: duplicate keys, oneofs, aliases, documents, syntax", test_read_structure_errors },
	{ "unit: proto2 presence and required fields", test_proto2_presence },
	{ "unit: binary input: unknown fields and bad UTF-8", test_pbcheck },
	{ "unit: decompile: missing names are synthesized, unique", test_decompile_names },
	{ "unit: decompile: tables that do not hang together are refused", test_decompile_bad },
	{ "unit: decompile: empty tables are an empty config", test_decompile_empty },
	{ "unit: stats: names with quotes, backslashes, ... read back as themselves", test_stats_names },
	{ "unit: stats: no counters, only the generation", test_stats_empty },
	{ "unit: state ids: a kept cluster and endpoint keep theirs, new ones get fresh", test_state_ids },
	{ "unit: state ids: never reused; stable for the same config; duplicates apart", test_state_ids_fresh },
	{ "unit: journal: a killed update is undone before the switch, finished after", test_journal_plan },
	{ "unit: generation records: keys of every table, exact domains, names", test_genkeys },
	{ "unit: lock: exclusive, waits, timed out, freed by a killed holder", test_dirlock },
	{ "unit: lock: eight processes at once lose no update", test_dirlock_serializes },
	{ "unit: fault points: killed after exactly N writes, or at a named point", test_fault },
	{ "unit: token bucket: bursts, refills per interval, caps, stale clocks, wrap", test_bucket },
	{ "unit: state ids: rate limits by owner; a new fill interval is a new bucket", test_state_ids_ratelimits },
};

static int reencode(const char *type, const char *path)
{
	const ProtobufCMessageDescriptor *desc = pbtypes_find(type);
	ProtobufCMessage *m = NULL;
	uint8_t *out = NULL;
	char *buf = NULL;
	size_t len, n = 0;
	int rc = 1;

	if (!desc || file_read(path, 1 << 20, &buf, &len)) {
		fprintf(stderr, "%s: cannot read, or unknown type %s\n", path, type);
		return 1;
	}
	m = protobuf_c_message_unpack(desc, NULL, len, (const uint8_t *)buf);
	if (m && !m->n_unknown_fields) {
		n = protobuf_c_message_get_packed_size(m);
		out = malloc(n ? n : 1);
		if (out && protobuf_c_message_pack(m, out) == n && n == len &&
		    !memcmp(out, buf, len))
			rc = 0;
	}
	if (rc)
		fprintf(stderr, "%s: %s, %zu bytes back for %zu\n", path,
			!m ? "does not decode" : m->n_unknown_fields ?
			"has unknown fields" : "encodes differently", n, len);
	if (m)
		protobuf_c_message_free_unpacked(m, NULL);
	free(out);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	size_t i;
	int bad = 0;

	if (argc == 3 && !strcmp(argv[1], "decompile"))
		return unit_decompile_file(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "reencode"))
		return reencode(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "route"))
		return unit_route_file(argv[2]);

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		failed = false;
		tests[i].fn();
		printf("%s %s\n", failed ? "not ok" : "ok", tests[i].name);
		bad |= failed;
	}
	return bad;
}
