/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Every limit of the configuration, each defined once. A config that
 * exceeds one is rejected by validation with the path and the limit,
 * never truncated.
 *
 * What the data plane is sized by (per-parent loop bounds, table
 * capacities, string fields) is defined in include/kmesh/maps.h, which
 * bpf/ includes too; this header names those limits as validation
 * checks them and adds the ones only the loader has (match strings,
 * endpoint weights, input size).
 *
 * Include it as "lib/limits.h" (tools/ is on the quote path only, -iquote,
 * so <limits.h> still means the C library's).
 */
#ifndef KMESH_TOOLS_LIMITS_H
#define KMESH_TOOLS_LIMITS_H

#include <kmesh/maps.h>

/* Names (listeners, route configs, clusters, virtual hosts, ...), references
 * to names, and domains: a DNS name's maximum length, as km_names and the
 * domain table store them. */
#define KM_MAX_NAME_LEN			KM_DOMAIN_LEN

/* From maps.h as they are: KM_MAX_FILTER_CHAINS (per listener),
 * KM_MAX_FILTERS (per filter chain), KM_MAX_PREFIX_RANGES (per
 * filter_chain_match), KM_MAX_VIRTUAL_HOSTS (per route config),
 * KM_MAX_DOMAINS (per virtual host), KM_MAX_RC_WILDCARDS (domains other
 * than exact ones, per route config), KM_MAX_HEADERS (header matchers
 * per route), KM_MAX_ENDPOINTS (per cluster). Under other names: */
#define KM_MAX_LISTENERS		KM_CAP_LISTENERS
#define KM_MAX_ROUTE_CONFIGS		KM_CAP_ROUTE_CONFIGS
#define KM_MAX_CLUSTERS			KM_CAP_CLUSTERS
#define KM_MAX_ROUTES			KM_MAX_VHOST_ROUTES	/* per virtual host */
#define KM_MAX_WEIGHTED_CLUSTERS	KM_MAX_WEIGHTED		/* per route */

/* Path prefix/path and header match values; BPF sees at most the first
 * 16384 bytes of a request (the kernel's held window). Compile refuses
 * what exceeds the (smaller) table fields, KM_PATH_LEN, KM_HDR_NAME_LEN
 * and KM_HDR_VALUE_LEN. */
#define KM_MAX_MATCH_LEN		1024

#define KM_MIN_ENDPOINT_WEIGHT		1	/* an endpoint weight of 0 means this */
#define KM_MAX_ENDPOINT_WEIGHT		128

/* Input handling, not data-plane limits. */
#define KM_MAX_CONFIG_BYTES		(64u << 20)	/* input file size */
#define KM_MAX_ERRORS			100	/* errors printed; the rest are counted */

_Static_assert(KM_MAX_MATCH_LEN >= KM_PATH_LEN &&
	       KM_MAX_MATCH_LEN >= KM_HDR_VALUE_LEN &&
	       KM_MAX_MATCH_LEN >= KM_HDR_NAME_LEN,
	       "validation lets through what the tables can hold");
_Static_assert(KM_MAX_VIRTUAL_HOSTS <= KM_CAP_VIRTUAL_HOSTS &&
	       KM_MAX_RC_WILDCARDS <= KM_CAP_DOMAINS &&
	       KM_CAP_EXACT_DOMAINS >= KM_CAP_DOMAINS,
	       "what validation lets through can fit the tables");

#endif
