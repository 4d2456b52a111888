// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The well-known types for the YAML reader and writer, see pbwkt.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "google/protobuf/any.pb-c.h"
#include "pbtypes.h"
#include "pbwkt.h"

#define MAX_SECONDS 315576000000LL	/* 10000 years, as protobuf's */

enum pbwkt pbwkt_kind(const ProtobufCMessageDescriptor *desc)
{
	const char *n = desc->name;

	if (!strcmp(n, "google.protobuf.Any"))
		return PBWKT_ANY;
	if (!strcmp(n, "google.protobuf.Duration"))
		return PBWKT_DURATION;
	if (!strcmp(n, "kmesh.Opaque"))
		return PBWKT_OPAQUE;
	if (!strncmp(n, "google.protobuf.", 16) && strstr(n, "Value") &&
	    desc->n_fields == 1 && !strcmp(desc->fields[0].name, "value"))
		return PBWKT_WRAPPER;
	return PBWKT_NONE;
}

int pbwkt_parse_duration(const char *s, int64_t *seconds, int32_t *nanos)
{
	bool neg = *s == '-';
	const char *p = s + neg;
	int64_t sec = 0;
	int32_t ns = 0;
	int digits = 0, frac = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		sec = sec * 10 + (*p - '0');
		if (sec > MAX_SECONDS)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac++) {
			if (frac >= 9)
				return -1;
			ns = ns * 10 + (*p - '0');
		}
		if (!frac)
			return -1;
		for (int i = frac; i < 9; i++)
			ns *= 10;
	}
	if (!digits && !frac)
		return -1;
	if (p[0] != 's' || p[1])
		return -1;
	*seconds = neg ? -sec : sec;
	*nanos = neg ? -ns : ns;
	return 0;
}

void pbwkt_format_duration(char *buf, size_t size, int64_t seconds,
			   int32_t nanos)
{
	bool neg = seconds < 0 || nanos < 0;
	uint64_t s = (uint64_t)(seconds < 0 ? -seconds : seconds);
	uint32_t n = (uint32_t)(nanos < 0 ? -nanos : nanos);
	char frac[16];
	int len;

	if (!n) {
		snprintf(buf, size, "%s%" PRIu64 "s", neg ? "-" : "", s);
		return;
	}
	snprintf(frac, sizeof(frac), "%09" PRIu32, n);
	for (len = 9; len > 1 && frac[len - 1] == '0'; len--)
		;
	frac[len] = '\0';
	snprintf(buf, size, "%s%" PRIu64 ".%ss", neg ? "-" : "", s, frac);
}

const ProtobufCMessageDescriptor *pbwkt_find_type(const char *type_url)
{
	const char *name = strrchr(type_url, '/');

	return pbtypes_find(name ? name + 1 : type_url);
}

ProtobufCMessage *pbwkt_unpack(const ProtobufCMessage *any,
			       const ProtobufCMessageDescriptor **desc)
{
	const Google__Protobuf__Any *a = (const Google__Protobuf__Any *)any;

	*desc = a->type_url ? pbwkt_find_type(a->type_url) : NULL;
	if (!*desc)
		return NULL;
	return protobuf_c_message_unpack(*desc, NULL, a->value.len,
					 a->value.data);
}

int pbwkt_pack(ProtobufCMessage *any, const ProtobufCMessage *msg)
{
	static const char prefix[] = "type.googleapis.com/";
	Google__Protobuf__Any *a = (Google__Protobuf__Any *)any;
	size_t len = protobuf_c_message_get_packed_size(msg);
	char *url = malloc(sizeof(prefix) + strlen(msg->descriptor->name));
	uint8_t *data = malloc(len ? len : 1);

	if (!url || !data) {
		free(url);
		free(data);
		return -1;
	}
	strcpy(url, prefix);
	strcat(url, msg->descriptor->name);
	protobuf_c_message_pack(msg, data);
	if (a->type_url != protobuf_c_empty_string)
		free(a->type_url);
	free(a->value.data);
	a->type_url = url;
	a->value.data = data;
	a->value.len = len;
	return 0;
}
