// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Scalar text conversion, see scalar.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scalar.h"

/* Digits only, no leading zero unless "0". */
static bool is_decimal(const char *s)
{
	const char *p = s;

	if (!*p)
		return false;
	if (*p == '0' && p[1])
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int scalar_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;

	if (!is_decimal(s))
		return -1;
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno || v > max)
		return -1;
	*out = v;
	return 0;
}

int scalar_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long long v;

	if (!is_decimal(*s == '-' ? s + 1 : s) || !strcmp(s, "-0"))
		return -1;
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int scalar_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		*out = true;
	else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		*out = false;
	else
		return -1;
	return 0;
}

int scalar_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || strchr(" \t\n", *s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

bool scalar_is_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

bool scalar_needs_quotes(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false",
		".nan", ".inf", "-.inf", "+.inf",
	};
	size_t i;
	char *end;

	if (scalar_is_null(s))
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return true;
	/* Anything strtod/strtol read whole: 80, -1, 0x1f, 1e3, 010. */
	(void)strtod(s, &end);
	if (!*end)
		return true;
	(void)strtol(s, &end, 0);
	return !*end;
}
