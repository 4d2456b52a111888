// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Compiling a header matcher into a struct km_header (maps.h): Envoy's
 * HeaderMatcher semantics in the record's kind, flags and source. See
 * compile_int.h.
 */
#include <string.h>

#include "compile_int.h"

#define HMS(x) KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define SMP(x) KMESH__STRING_MATCHER__MATCH_PATTERN_##x

/* What a matcher compares: the field that holds the value (for errors),
 * the value, the kind, and KM_HDR_F_IGNORE_CASE. */
struct hspec {
	const char *field, *value;
	__u8 kind, flags;
};

static void set(struct hspec *h, const char *field, const char *value,
		__u8 kind)
{
	h->field = field;
	h->value = value;
	h->kind = kind;
	h->flags = 0;
}

static void string_spec(const Kmesh__StringMatcher *s, struct hspec *h)
{
	switch (s->match_pattern_case) {
	case SMP(EXACT):	/* "" is the empty value only */
		set(h, "string_match.exact", s->exact, KM_HDR_EXACT);
		break;
	case SMP(PREFIX):
		set(h, "string_match.prefix", s->prefix, KM_HDR_PREFIX);
		break;
	case SMP(SUFFIX):
		set(h, "string_match.suffix", s->suffix, KM_HDR_SUFFIX);
		break;
	default:
		set(h, "string_match.contains", s->contains, KM_HDR_CONTAINS);
		break;
	}
	if (s->ignore_case)
		h->flags = KM_HDR_F_IGNORE_CASE;
}

static void spec(const Kmesh__HeaderMatcher *m, struct hspec *h)
{
	set(h, NULL, "", KM_HDR_PRESENT);
	switch (m->header_match_specifier_case) {
	case HMS(EXACT_MATCH):	/* "" is any value, as Envoy has it */
		if (*m->exact_match)
			set(h, "exact_match", m->exact_match, KM_HDR_EXACT);
		break;
	case HMS(PREFIX_MATCH):
		set(h, "prefix_match", m->prefix_match, KM_HDR_PREFIX);
		break;
	case HMS(SUFFIX_MATCH):
		set(h, "suffix_match", m->suffix_match, KM_HDR_SUFFIX);
		break;
	case HMS(CONTAINS_MATCH):
		set(h, "contains_match", m->contains_match, KM_HDR_CONTAINS);
		break;
	case HMS(STRING_MATCH):
		string_spec(m->string_match, h);
		break;
	default:		/* present_match, or only a name */
		break;
	}
}

/* Where the value comes from, by the (lowercased) name. */
static __u8 source(const __u8 *name, size_t n)
{
	static const struct { const char *name; __u8 src; } pseudo[] = {
		{ ":method", KM_HDR_SRC_METHOD },
		{ ":path", KM_HDR_SRC_PATH },
		{ ":authority", KM_HDR_SRC_AUTHORITY },
		{ "host", KM_HDR_SRC_AUTHORITY },
	};
	size_t i;

	for (i = 0; i < sizeof(pseudo) / sizeof(pseudo[0]); i++)
		if (n == strlen(pseudo[i].name) && !memcmp(name, pseudo[i].name, n))
			return pseudo[i].src;
	return KM_HDR_SRC_FIELD;
}

void compile_header(struct cctx *x, const Kmesh__HeaderMatcher *m, __u32 route)
{
	struct kmesh_compiled *c = x->c;
	struct km_header *v;
	struct hspec h;
	bool ok;

	spec(m, &h);
	ok = cfits(x, "name", m->name, KM_HDR_NAME_LEN);
	ok = (!h.field || cfits(x, h.field, h.value, KM_HDR_VALUE_LEN)) && ok;
	if (!ok || !ctable_room(x, CT_HEADERS, c->n_headers))
		return;
	v = &c->headers[c->n_headers++];
	v->route_id = route;
	v->kind = h.kind;
	v->flags = h.flags;
	v->invert = m->invert_match ? 1 : 0;
	if (m->header_match_specifier_case == HMS(PRESENT_MATCH))
		v->invert ^= m->present_match ? 0 : 1;	/* false: absent */
	if (m->treat_missing_header_as_empty)
		v->flags |= KM_HDR_F_MISSING_EMPTY;
	v->name_len = (__u8)cstore(v->name, m->name, true);
	v->source = source(v->name, v->name_len);
	v->value_len = (__u16)cstore(v->value, h.value,
				     h.flags & KM_HDR_F_IGNORE_CASE);
	km_header_kmp(v);
}
