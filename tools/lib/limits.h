/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Every limit of the configuration, in one place. A config that exceeds
 * one is rejected by validation with the path and the limit, never
 * truncated. The BPF side sizes its maps from these.
 *
 * Include it as "limits.h" from tools/ (quoted, so the directory of the
 * including file is searched first); tools/ is never on the -I path, so
 * <limits.h> still means the C library's.
 */
#ifndef KMESH_TOOLS_LIMITS_H
#define KMESH_TOOLS_LIMITS_H

/* Names (listeners, route configs, clusters, virtual hosts, ...), references
 * to names, and domains: a DNS name's maximum length. */
#define KM_MAX_NAME_LEN			253

#define KM_MAX_LISTENERS		10000
#define KM_MAX_FILTER_CHAINS		8	/* per listener */
#define KM_MAX_FILTERS			8	/* per filter chain */
#define KM_MAX_PREFIX_RANGES		16	/* per filter_chain_match */

#define KM_MAX_ROUTE_CONFIGS		10000
#define KM_MAX_VIRTUAL_HOSTS		256	/* per route config */
#define KM_MAX_ROUTES			1024	/* per route config, all virtual hosts */
#define KM_MAX_DOMAINS			64	/* per virtual host */
#define KM_MAX_HEADERS			16	/* header matchers per route */
#define KM_MAX_WEIGHTED_CLUSTERS	64	/* per route */
/* Path prefix/path and header match values; BPF sees at most the first
 * 4096 bytes of a request. */
#define KM_MAX_MATCH_LEN		1024

#define KM_MAX_CLUSTERS			10000
#define KM_MAX_ENDPOINTS		1024	/* per cluster */
#define KM_MIN_ENDPOINT_WEIGHT		1	/* an endpoint weight of 0 means this */
#define KM_MAX_ENDPOINT_WEIGHT		128

/* Input handling, not data-plane limits. */
#define KM_MAX_CONFIG_BYTES		(64u << 20)	/* input file size */
#define KM_MAX_ERRORS			100	/* errors printed; the rest are counted */

#endif
