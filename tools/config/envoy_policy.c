// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Ignored and refused Envoy fields, see envoy_policy.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_policy.h"
#include "google/protobuf/any.pb-c.h"
#include "pbyaml/envoy.h"
#include "pbyaml/pbfield.h"
#include "pbyaml/pbcheck.h"
#include "pbyaml/pbwkt.h"

/* ACT_FILTERS: an HCM's http_filters: ignored (a note) when none is a
 * local rate limit, whose configs are then walked like any field. */
enum act { ACT_IGNORE = 1, ACT_REFUSE, ACT_FILTERS };

#define L "envoy.config.listener.v3."
#define C "envoy.config.core.v3."
#define R "envoy.config.route.v3."
#define K "envoy.config.cluster.v3."
#define E "envoy.config.endpoint.v3."
#define B "envoy.config.bootstrap.v3."
#define H "envoy.extensions.filters.network.http_connection_manager.v3."
#define T "envoy.extensions.filters.network.tcp_proxy.v3."
#define M "envoy.type.matcher.v3."
#define NRL "envoy.extensions.filters.network.local_ratelimit.v3."
#define HRL "envoy.extensions.filters.http.local_ratelimit.v3."

/* Message type, field, what to do when the field is set. Set means: a
 * message present, a repeated field not empty, a scalar not its zero
 * value (so `codec_type: AUTO` or `ipv4_compat: false` is nothing). */
static const struct rule {
	const char *msg, *field;
	enum act act;
} rules[] = {
	/* Bootstrap: the process around the data plane. */
	{ B "Bootstrap", "node", ACT_IGNORE },
	{ B "Bootstrap", "dynamic_resources", ACT_REFUSE },
	{ B "Bootstrap", "cluster_manager", ACT_IGNORE },
	{ B "Bootstrap", "flags_path", ACT_IGNORE },
	{ B "Bootstrap", "stats_sinks", ACT_IGNORE },
	{ B "Bootstrap", "stats_flush_interval", ACT_IGNORE },
	{ B "Bootstrap", "watchdog", ACT_IGNORE },
	{ B "Bootstrap", "tracing", ACT_IGNORE },
	{ B "Bootstrap", "admin", ACT_IGNORE },
	{ B "Bootstrap", "stats_config", ACT_IGNORE },
	{ B "Bootstrap", "hds_config", ACT_IGNORE },
	{ B "Bootstrap", "overload_manager", ACT_IGNORE },
	{ B "Bootstrap", "enable_dispatcher_stats", ACT_IGNORE },
	{ B "Bootstrap", "layered_runtime", ACT_IGNORE },
	{ B "Bootstrap", "header_prefix", ACT_IGNORE },
	{ B "Bootstrap", "stats_server_version_override", ACT_IGNORE },
	{ B "Bootstrap", "use_tcp_for_dns_lookups", ACT_IGNORE },
	{ B "Bootstrap", "bootstrap_extensions", ACT_IGNORE },
	{ B "Bootstrap", "config_sources", ACT_IGNORE },
	{ B "Bootstrap", "default_config_source", ACT_IGNORE },
	{ B "Bootstrap", "default_socket_interface", ACT_IGNORE },
	{ B "Bootstrap", "certificate_provider_instances", ACT_IGNORE },
	{ B "Bootstrap", "node_context_params", ACT_IGNORE },
	{ B "Bootstrap", "watchdogs", ACT_IGNORE },
	{ B "Bootstrap", "fatal_actions", ACT_IGNORE },
	{ B "Bootstrap", "dns_resolution_config", ACT_IGNORE },
	{ B "Bootstrap", "typed_dns_resolver_config", ACT_IGNORE },
	{ B "Bootstrap", "inline_headers", ACT_IGNORE },
	{ B "Bootstrap", "perf_tracing_file_path", ACT_IGNORE },
	{ B "Bootstrap", "default_regex_engine", ACT_IGNORE },
	{ B "Bootstrap", "application_log_config", ACT_IGNORE },
	{ B "Bootstrap.StaticResources", "secrets", ACT_IGNORE },

	/* Addresses */
	{ C "SocketAddress", "protocol", ACT_REFUSE },	/* UDP */
	{ C "SocketAddress", "named_port", ACT_REFUSE },
	{ C "SocketAddress", "resolver_name", ACT_REFUSE },
	{ C "SocketAddress", "ipv4_compat", ACT_REFUSE },
	{ C "SocketAddress", "network_namespace_filepath", ACT_REFUSE },
	{ C "Address", "pipe", ACT_REFUSE },
	{ C "Address", "envoy_internal_address", ACT_REFUSE },

	/* Listener */
	{ L "Listener", "use_original_dst", ACT_REFUSE },
	{ L "Listener", "per_connection_buffer_limit_bytes", ACT_IGNORE },
	{ L "Listener", "metadata", ACT_IGNORE },
	{ L "Listener", "deprecated_v1", ACT_IGNORE },
	{ L "Listener", "drain_type", ACT_IGNORE },
	{ L "Listener", "listener_filters", ACT_REFUSE },
	{ L "Listener", "transparent", ACT_REFUSE },
	{ L "Listener", "freebind", ACT_IGNORE },
	{ L "Listener", "tcp_fast_open_queue_length", ACT_IGNORE },
	{ L "Listener", "socket_options", ACT_IGNORE },
	{ L "Listener", "listener_filters_timeout", ACT_IGNORE },
	{ L "Listener", "traffic_direction", ACT_IGNORE },
	{ L "Listener", "continue_on_listener_filters_timeout", ACT_IGNORE },
	{ L "Listener", "udp_listener_config", ACT_REFUSE },
	{ L "Listener", "api_listener", ACT_REFUSE },
	{ L "Listener", "connection_balance_config", ACT_IGNORE },
	{ L "Listener", "reuse_port", ACT_IGNORE },
	{ L "Listener", "access_log", ACT_IGNORE },
	{ L "Listener", "tcp_backlog_size", ACT_IGNORE },
	{ L "Listener", "default_filter_chain", ACT_REFUSE },
	{ L "Listener", "bind_to_port", ACT_IGNORE },
	{ L "Listener", "internal_listener", ACT_REFUSE },
	{ L "Listener", "stat_prefix", ACT_IGNORE },
	{ L "Listener", "enable_reuse_port", ACT_IGNORE },
	{ L "Listener", "enable_mptcp", ACT_IGNORE },
	{ L "Listener", "ignore_global_conn_limit", ACT_IGNORE },
	{ L "Listener", "filter_chain_matcher", ACT_REFUSE },
	{ L "Listener", "additional_addresses", ACT_REFUSE },
	{ L "Listener", "max_connections_to_accept_per_socket_event", ACT_IGNORE },
	{ L "Listener", "bypass_overload_manager", ACT_IGNORE },
	{ L "Listener", "fcds_config", ACT_REFUSE },
	{ L "FilterChainMatch", "address_suffix", ACT_REFUSE },
	{ L "FilterChainMatch", "suffix_len", ACT_REFUSE },
	{ L "FilterChainMatch", "source_prefix_ranges", ACT_REFUSE },
	{ L "FilterChainMatch", "source_ports", ACT_REFUSE },
	{ L "FilterChainMatch", "transport_protocol", ACT_REFUSE },
	{ L "FilterChainMatch", "application_protocols", ACT_REFUSE },
	{ L "FilterChainMatch", "server_names", ACT_REFUSE },
	{ L "FilterChainMatch", "source_type", ACT_REFUSE },
	{ L "FilterChainMatch", "direct_source_prefix_ranges", ACT_REFUSE },
	{ L "FilterChain", "use_proxy_proto", ACT_REFUSE },
	{ L "FilterChain", "metadata", ACT_IGNORE },
	{ L "FilterChain", "transport_socket", ACT_REFUSE },
	{ L "FilterChain", "on_demand_configuration", ACT_REFUSE },
	{ L "FilterChain", "transport_socket_connect_timeout", ACT_IGNORE },
	{ L "Filter", "config_discovery", ACT_REFUSE },

	/* HTTP connection manager: only the router among HTTP filters
	 * (envoy_import.c checks which ones are listed). */
	{ H "HttpConnectionManager", "codec_type", ACT_IGNORE },
	{ H "HttpConnectionManager", "stat_prefix", ACT_IGNORE },
	{ H "HttpConnectionManager", "scoped_routes", ACT_REFUSE },
	{ H "HttpConnectionManager", "http_filters", ACT_FILTERS },
	{ H "HttpConnectionManager", "add_user_agent", ACT_IGNORE },
	{ H "HttpConnectionManager", "tracing", ACT_IGNORE },
	{ H "HttpConnectionManager", "http_protocol_options", ACT_IGNORE },
	{ H "HttpConnectionManager", "http2_protocol_options", ACT_IGNORE },
	{ H "HttpConnectionManager", "server_name", ACT_IGNORE },
	{ H "HttpConnectionManager", "drain_timeout", ACT_IGNORE },
	{ H "HttpConnectionManager", "access_log", ACT_IGNORE },
	{ H "HttpConnectionManager", "use_remote_address", ACT_IGNORE },
	{ H "HttpConnectionManager", "generate_request_id", ACT_IGNORE },
	{ H "HttpConnectionManager", "forward_client_cert_details", ACT_IGNORE },
	{ H "HttpConnectionManager", "set_current_client_cert_details", ACT_IGNORE },
	{ H "HttpConnectionManager", "proxy_100_continue", ACT_IGNORE },
	{ H "HttpConnectionManager", "xff_num_trusted_hops", ACT_IGNORE },
	{ H "HttpConnectionManager", "represent_ipv4_remote_address_as_ipv4_mapped_ipv6", ACT_IGNORE },
	{ H "HttpConnectionManager", "skip_xff_append", ACT_IGNORE },
	{ H "HttpConnectionManager", "via", ACT_IGNORE },
	{ H "HttpConnectionManager", "upgrade_configs", ACT_REFUSE },
	{ H "HttpConnectionManager", "stream_idle_timeout", ACT_IGNORE },
	{ H "HttpConnectionManager", "internal_address_config", ACT_IGNORE },
	{ H "HttpConnectionManager", "delayed_close_timeout", ACT_IGNORE },
	{ H "HttpConnectionManager", "request_timeout", ACT_IGNORE },
	{ H "HttpConnectionManager", "max_request_headers_kb", ACT_IGNORE },
	{ H "HttpConnectionManager", "normalize_path", ACT_REFUSE },
	{ H "HttpConnectionManager", "preserve_external_request_id", ACT_IGNORE },
	{ H "HttpConnectionManager", "merge_slashes", ACT_REFUSE },
	{ H "HttpConnectionManager", "server_header_transformation", ACT_IGNORE },
	{ H "HttpConnectionManager", "common_http_protocol_options", ACT_IGNORE },
	{ H "HttpConnectionManager", "request_id_extension", ACT_IGNORE },
	{ H "HttpConnectionManager", "always_set_request_id_in_response", ACT_IGNORE },
	{ H "HttpConnectionManager", "local_reply_config", ACT_IGNORE },
	{ H "HttpConnectionManager", "stream_error_on_invalid_http_message", ACT_IGNORE },
	{ H "HttpConnectionManager", "request_headers_timeout", ACT_IGNORE },
	{ H "HttpConnectionManager", "path_normalization_options", ACT_REFUSE },
	{ H "HttpConnectionManager", "http3_protocol_options", ACT_IGNORE },
	{ H "HttpConnectionManager", "path_with_escaped_slashes_action", ACT_REFUSE },
	{ H "HttpConnectionManager", "original_ip_detection_extensions", ACT_IGNORE },
	{ H "HttpConnectionManager", "strip_trailing_host_dot", ACT_REFUSE },
	{ H "HttpConnectionManager", "scheme_header_transformation", ACT_IGNORE },
	{ H "HttpConnectionManager", "proxy_status_config", ACT_IGNORE },
	{ H "HttpConnectionManager", "typed_header_validation_config", ACT_IGNORE },
	{ H "HttpConnectionManager", "append_x_forwarded_port", ACT_IGNORE },
	{ H "HttpConnectionManager", "early_header_mutation_extensions", ACT_REFUSE },
	{ H "HttpConnectionManager", "add_proxy_protocol_connection_state", ACT_IGNORE },
	{ H "Rds", "config_source", ACT_IGNORE },
	{ H "HttpFilter", "config_discovery", ACT_REFUSE },
	{ H "HttpFilter", "is_optional", ACT_IGNORE },
	{ H "HttpFilter", "disabled", ACT_REFUSE },

	/* Local rate limits: no descriptors, per connection or cluster-wide
	 * buckets; kmesh refuses connections, it answers no HTTP status or
	 * headers; no runtime (default values count). filter_enabled and
	 * filter_enforced: envoy_import_ratelimit.c. */
	{ NRL "LocalRateLimit", "stat_prefix", ACT_IGNORE },
	{ NRL "LocalRateLimit", "share_key", ACT_REFUSE },
	{ HRL "LocalRateLimit", "stat_prefix", ACT_IGNORE },
	{ HRL "LocalRateLimit", "status", ACT_IGNORE },
	{ HRL "LocalRateLimit", "response_headers_to_add", ACT_IGNORE },
	{ HRL "LocalRateLimit", "descriptors", ACT_REFUSE },
	{ HRL "LocalRateLimit", "stage", ACT_IGNORE },
	{ HRL "LocalRateLimit", "request_headers_to_add_when_not_enforced", ACT_IGNORE },
	{ HRL "LocalRateLimit", "local_rate_limit_per_downstream_connection", ACT_REFUSE },
	{ HRL "LocalRateLimit", "enable_x_ratelimit_headers", ACT_IGNORE },
	{ HRL "LocalRateLimit", "vh_rate_limits", ACT_IGNORE },
	{ HRL "LocalRateLimit", "always_consume_default_token_bucket", ACT_IGNORE },
	{ HRL "LocalRateLimit", "rate_limited_as_resource_exhausted", ACT_IGNORE },
	{ HRL "LocalRateLimit", "local_cluster_rate_limit", ACT_REFUSE },
	{ HRL "LocalRateLimit", "rate_limits", ACT_REFUSE },
	{ "envoy.type.v3.TokenBucket", "name", ACT_IGNORE },
	{ C "RuntimeFeatureFlag", "runtime_key", ACT_IGNORE },
	{ C "RuntimeFractionalPercent", "runtime_key", ACT_IGNORE },

	/* TCP proxy */
	{ T "TcpProxy", "stat_prefix", ACT_IGNORE },
	{ T "TcpProxy", "weighted_clusters", ACT_REFUSE },
	{ T "TcpProxy", "downstream_idle_timeout", ACT_IGNORE },
	{ T "TcpProxy", "upstream_idle_timeout", ACT_IGNORE },
	{ T "TcpProxy", "access_log", ACT_IGNORE },
	{ T "TcpProxy", "max_connect_attempts", ACT_IGNORE },
	{ T "TcpProxy", "idle_timeout", ACT_IGNORE },
	{ T "TcpProxy", "metadata_match", ACT_REFUSE },
	{ T "TcpProxy", "hash_policy", ACT_IGNORE },
	{ T "TcpProxy", "tunneling_config", ACT_REFUSE },
	{ T "TcpProxy", "max_downstream_connection_duration", ACT_IGNORE },
	{ T "TcpProxy", "on_demand", ACT_REFUSE },
	{ T "TcpProxy", "access_log_flush_interval", ACT_IGNORE },
	{ T "TcpProxy", "flush_access_log_on_connected", ACT_IGNORE },
	{ T "TcpProxy", "access_log_options", ACT_IGNORE },

	/* Routes */
	{ R "RouteConfiguration", "internal_only_headers", ACT_IGNORE },
	{ R "RouteConfiguration", "response_headers_to_add", ACT_IGNORE },
	{ R "RouteConfiguration", "response_headers_to_remove", ACT_IGNORE },
	{ R "RouteConfiguration", "request_headers_to_add", ACT_IGNORE },
	{ R "RouteConfiguration", "validate_clusters", ACT_IGNORE },
	{ R "RouteConfiguration", "request_headers_to_remove", ACT_IGNORE },
	{ R "RouteConfiguration", "vhds", ACT_REFUSE },
	{ R "RouteConfiguration", "most_specific_header_mutations_wins", ACT_IGNORE },
	{ R "RouteConfiguration", "max_direct_response_body_size_bytes", ACT_IGNORE },
	{ R "RouteConfiguration", "cluster_specifier_plugins", ACT_REFUSE },
	{ R "RouteConfiguration", "request_mirror_policies", ACT_REFUSE },
	{ R "RouteConfiguration", "ignore_path_parameters_in_path_matching", ACT_REFUSE },
	{ R "RouteConfiguration", "metadata", ACT_IGNORE },
	{ R "VirtualHost", "require_tls", ACT_REFUSE },
	{ R "VirtualHost", "virtual_clusters", ACT_IGNORE },
	{ R "VirtualHost", "rate_limits", ACT_REFUSE },
	{ R "VirtualHost", "request_headers_to_add", ACT_IGNORE },
	{ R "VirtualHost", "cors", ACT_IGNORE },
	{ R "VirtualHost", "response_headers_to_add", ACT_IGNORE },
	{ R "VirtualHost", "response_headers_to_remove", ACT_IGNORE },
	{ R "VirtualHost", "request_headers_to_remove", ACT_IGNORE },
	{ R "VirtualHost", "include_request_attempt_count", ACT_IGNORE },
	{ R "VirtualHost", "retry_policy", ACT_REFUSE },
	{ R "VirtualHost", "hedge_policy", ACT_REFUSE },
	{ R "VirtualHost", "per_request_buffer_limit_bytes", ACT_IGNORE },
	{ R "VirtualHost", "include_attempt_count_in_response", ACT_IGNORE },
	{ R "VirtualHost", "retry_policy_typed_config", ACT_REFUSE },
	{ R "VirtualHost", "matcher", ACT_REFUSE },
	{ R "VirtualHost", "request_mirror_policies", ACT_REFUSE },
	{ R "Route", "redirect", ACT_REFUSE },
	{ R "Route", "direct_response", ACT_REFUSE },
	{ R "Route", "filter_action", ACT_REFUSE },
	{ R "Route", "non_forwarding_action", ACT_REFUSE },
	{ R "Route", "metadata", ACT_IGNORE },
	{ R "Route", "decorator", ACT_IGNORE },
	{ R "Route", "request_headers_to_add", ACT_IGNORE },
	{ R "Route", "response_headers_to_add", ACT_IGNORE },
	{ R "Route", "response_headers_to_remove", ACT_IGNORE },
	{ R "Route", "request_headers_to_remove", ACT_IGNORE },
	{ R "Route", "tracing", ACT_IGNORE },
	{ R "Route", "per_request_buffer_limit_bytes", ACT_IGNORE },
	{ R "Route", "stat_prefix", ACT_IGNORE },
	{ R "RouteMatch", "safe_regex", ACT_REFUSE },
	{ R "RouteMatch", "connect_matcher", ACT_REFUSE },
	{ R "RouteMatch", "path_separated_prefix", ACT_REFUSE },
	{ R "RouteMatch", "path_match_policy", ACT_REFUSE },
	{ R "RouteMatch", "query_parameters", ACT_REFUSE },
	{ R "RouteMatch", "grpc", ACT_REFUSE },
	{ R "RouteMatch", "runtime_fraction", ACT_REFUSE },
	{ R "RouteMatch", "tls_context", ACT_REFUSE },
	{ R "RouteMatch", "dynamic_metadata", ACT_REFUSE },
	{ R "RouteMatch", "filter_state", ACT_REFUSE },
	{ R "HeaderMatcher", "safe_regex_match", ACT_REFUSE },
	{ R "HeaderMatcher", "range_match", ACT_REFUSE },
	{ M "StringMatcher", "safe_regex", ACT_REFUSE },
	{ M "StringMatcher", "custom", ACT_REFUSE },
	{ R "WeightedCluster", "runtime_key_prefix", ACT_IGNORE },
	{ R "WeightedCluster", "header_name", ACT_REFUSE },
	{ R "WeightedCluster.ClusterWeight", "metadata_match", ACT_REFUSE },
	{ R "WeightedCluster.ClusterWeight", "request_headers_to_add", ACT_IGNORE },
	{ R "WeightedCluster.ClusterWeight", "response_headers_to_add", ACT_IGNORE },
	{ R "WeightedCluster.ClusterWeight", "response_headers_to_remove", ACT_IGNORE },
	{ R "WeightedCluster.ClusterWeight", "request_headers_to_remove", ACT_IGNORE },
	/* a per-filter config there is the most specific one: kmesh has
	 * a route's, not a weighted cluster's */
	{ R "WeightedCluster.ClusterWeight", "typed_per_filter_config", ACT_REFUSE },
	{ R "WeightedCluster.ClusterWeight", "host_rewrite_literal", ACT_REFUSE },
	{ R "WeightedCluster.ClusterWeight", "cluster_header", ACT_REFUSE },
	{ R "RouteAction", "cluster_header", ACT_REFUSE },
	{ R "RouteAction", "cluster_specifier_plugin", ACT_REFUSE },
	{ R "RouteAction", "inline_cluster_specifier_plugin", ACT_REFUSE },
	{ R "RouteAction", "metadata_match", ACT_REFUSE },
	{ R "RouteAction", "prefix_rewrite", ACT_REFUSE },
	{ R "RouteAction", "host_rewrite_literal", ACT_REFUSE },
	{ R "RouteAction", "auto_host_rewrite", ACT_REFUSE },
	{ R "RouteAction", "host_rewrite_header", ACT_REFUSE },
	{ R "RouteAction", "host_rewrite_path_regex", ACT_REFUSE },
	{ R "RouteAction", "timeout", ACT_IGNORE },
	{ R "RouteAction", "retry_policy", ACT_REFUSE },
	{ R "RouteAction", "priority", ACT_REFUSE },
	{ R "RouteAction", "rate_limits", ACT_REFUSE },
	{ R "RouteAction", "include_vh_rate_limits", ACT_IGNORE },
	{ R "RouteAction", "hash_policy", ACT_IGNORE },
	{ R "RouteAction", "cors", ACT_IGNORE },
	{ R "RouteAction", "cluster_not_found_response_code", ACT_IGNORE },
	{ R "RouteAction", "max_grpc_timeout", ACT_IGNORE },
	{ R "RouteAction", "idle_timeout", ACT_IGNORE },
	{ R "RouteAction", "upgrade_configs", ACT_REFUSE },
	{ R "RouteAction", "internal_redirect_action", ACT_REFUSE },
	{ R "RouteAction", "hedge_policy", ACT_REFUSE },
	{ R "RouteAction", "grpc_timeout_offset", ACT_IGNORE },
	{ R "RouteAction", "request_mirror_policies", ACT_REFUSE },
	{ R "RouteAction", "max_internal_redirects", ACT_REFUSE },
	{ R "RouteAction", "regex_rewrite", ACT_REFUSE },
	{ R "RouteAction", "retry_policy_typed_config", ACT_REFUSE },
	{ R "RouteAction", "internal_redirect_policy", ACT_REFUSE },
	{ R "RouteAction", "max_stream_duration", ACT_IGNORE },
	{ R "RouteAction", "append_x_forwarded_host", ACT_IGNORE },
	{ R "RouteAction", "early_data_policy", ACT_IGNORE },
	{ R "RouteAction", "path_rewrite_policy", ACT_REFUSE },

	/* Clusters and endpoints */
	{ K "Cluster", "cluster_type", ACT_REFUSE },
	{ K "Cluster", "connect_timeout", ACT_IGNORE },
	{ K "Cluster", "per_connection_buffer_limit_bytes", ACT_IGNORE },
	{ K "Cluster", "health_checks", ACT_REFUSE },
	{ K "Cluster", "max_requests_per_connection", ACT_IGNORE },
	{ K "Cluster", "http_protocol_options", ACT_IGNORE },
	{ K "Cluster", "http2_protocol_options", ACT_IGNORE },
	{ K "Cluster", "dns_refresh_rate", ACT_IGNORE },
	{ K "Cluster", "dns_lookup_family", ACT_IGNORE },
	{ K "Cluster", "dns_resolvers", ACT_IGNORE },
	{ K "Cluster", "outlier_detection", ACT_REFUSE },
	{ K "Cluster", "cleanup_interval", ACT_IGNORE },
	{ K "Cluster", "upstream_bind_config", ACT_IGNORE },
	{ K "Cluster", "lb_subset_config", ACT_REFUSE },
	{ K "Cluster", "ring_hash_lb_config", ACT_IGNORE },
	{ K "Cluster", "transport_socket", ACT_REFUSE },
	{ K "Cluster", "metadata", ACT_IGNORE },
	{ K "Cluster", "protocol_selection", ACT_IGNORE },
	{ K "Cluster", "common_lb_config", ACT_REFUSE },
	{ K "Cluster", "alt_stat_name", ACT_IGNORE },
	{ K "Cluster", "common_http_protocol_options", ACT_IGNORE },
	{ K "Cluster", "upstream_connection_options", ACT_IGNORE },
	{ K "Cluster", "close_connections_on_host_health_failure", ACT_IGNORE },
	{ K "Cluster", "ignore_health_on_host_removal", ACT_IGNORE },
	{ K "Cluster", "original_dst_lb_config", ACT_REFUSE },
	{ K "Cluster", "typed_extension_protocol_options", ACT_IGNORE },
	{ K "Cluster", "least_request_lb_config", ACT_IGNORE },
	{ K "Cluster", "respect_dns_ttl", ACT_IGNORE },
	{ K "Cluster", "filters", ACT_REFUSE },
	{ K "Cluster", "load_balancing_policy", ACT_REFUSE },
	{ K "Cluster", "lrs_server", ACT_IGNORE },
	{ K "Cluster", "transport_socket_matches", ACT_REFUSE },
	{ K "Cluster", "dns_failure_refresh_rate", ACT_IGNORE },
	{ K "Cluster", "use_tcp_for_dns_lookups", ACT_IGNORE },
	{ K "Cluster", "upstream_http_protocol_options", ACT_IGNORE },
	{ K "Cluster", "track_timeout_budgets", ACT_IGNORE },
	{ K "Cluster", "upstream_config", ACT_REFUSE },
	{ K "Cluster", "track_cluster_stats", ACT_IGNORE },
	{ K "Cluster", "preconnect_policy", ACT_IGNORE },
	{ K "Cluster", "connection_pool_per_downstream_connection", ACT_IGNORE },
	{ K "Cluster", "maglev_lb_config", ACT_IGNORE },
	{ K "Cluster", "dns_resolution_config", ACT_IGNORE },
	{ K "Cluster", "wait_for_warm_on_init", ACT_IGNORE },
	{ K "Cluster", "typed_dns_resolver_config", ACT_IGNORE },
	{ K "Cluster", "round_robin_lb_config", ACT_IGNORE },
	{ K "Cluster.EdsClusterConfig", "eds_config", ACT_IGNORE },
	{ K "CircuitBreakers", "per_host_thresholds", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "priority", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "max_pending_requests", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "max_requests", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "max_retries", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "track_remaining", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "max_connection_pools", ACT_IGNORE },
	{ K "CircuitBreakers.Thresholds", "retry_budget", ACT_IGNORE },
	{ E "ClusterLoadAssignment", "policy", ACT_REFUSE },
	{ E "ClusterLoadAssignment", "named_endpoints", ACT_REFUSE },
	{ E "LocalityLbEndpoints", "locality", ACT_IGNORE },
	{ E "LocalityLbEndpoints", "load_balancing_weight", ACT_IGNORE },
	{ E "LocalityLbEndpoints", "priority", ACT_REFUSE },
	{ E "LocalityLbEndpoints", "proximity", ACT_IGNORE },
	{ E "LocalityLbEndpoints", "load_balancer_endpoints", ACT_REFUSE },
	{ E "LocalityLbEndpoints", "leds_cluster_locality_config", ACT_REFUSE },
	{ E "LocalityLbEndpoints", "metadata", ACT_IGNORE },
	{ E "LbEndpoint", "endpoint_name", ACT_REFUSE },
	{ E "LbEndpoint", "metadata", ACT_IGNORE },
	{ E "Endpoint", "health_check_config", ACT_IGNORE },
	{ E "Endpoint", "hostname", ACT_IGNORE },
	{ E "Endpoint", "additional_addresses", ACT_REFUSE },

	/* The router filter: every setting is about the request, not where
	 * it goes. */
	{ "envoy.extensions.filters.http.router.v3.Router", NULL, ACT_IGNORE },
};

static enum act rule_scan(const char *msg, const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].msg, msg) &&
		    (!rules[i].field || !strcmp(rules[i].field, field)))
			return rules[i].act;
	return 0;
}

/*
 * The rule of field f of desc. Every set field of every message asks, so
 * the answer is kept by field descriptor (static, one per field of each
 * type): rules[] is scanned once per field kmeshctl meets, not once per
 * time it is set. A fixed table; when it is full, fields not in it are
 * scanned each time.
 */
#define RULE_CACHE_BITS	10
#define RULE_CACHE	(1u << RULE_CACHE_BITS)	/* fields of all types: ~800 */

static enum act rule_for(const ProtobufCMessageDescriptor *desc,
			 const ProtobufCFieldDescriptor *f)
{
	static struct {
		const ProtobufCFieldDescriptor *f;
		unsigned char act;
	} cache[RULE_CACHE];
	uint64_t x = (uint64_t)(uintptr_t)f * 0x9e3779b97f4a7c15ull;
	size_t h = (size_t)(x >> (64 - RULE_CACHE_BITS)), k;

	for (k = 0; k < RULE_CACHE / 2; k++, h = (h + 1) & (RULE_CACHE - 1)) {
		if (cache[h].f == f)
			return (enum act)cache[h].act;
		if (!cache[h].f) {
			cache[h].act = (unsigned char)rule_scan(desc->name,
								 f->name);
			cache[h].f = f;
			return (enum act)cache[h].act;
		}
	}
	return rule_scan(desc->name, f->name);
}

/* Set, as the rules above mean it. */
static bool is_set(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
	const char *member = (const char *)msg + f->offset;
	const void *quant = (const char *)msg + f->quantifier_offset;

	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return *(const size_t *)quant > 0;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *)quant == f->id;
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(const void *const *)member != NULL;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(const char *const *)member;

		return s && *s;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)member)->len > 0;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return *(const uint64_t *)member != 0;
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)member != 0;
	default:
		return *(const uint32_t *)member != 0;
	}
}

static void walk_any(const ProtobufCMessage *any, struct kpath *p,
		     struct diag *d, struct envoy_notes *notes)
{
	const ProtobufCMessageDescriptor *td;
	const char *url = ((const Google__Protobuf__Any *)any)->type_url;
	ProtobufCMessage *inner = pbwkt_unpack(any, &td);
	char qb[DIAG_QUOTE_SIZE];

	if (!td) {
		const char *name = url && strrchr(url, '/') ?
				   strrchr(url, '/') + 1 : url ? url : "";

		diag_add(d, "%s: unsupported type %s (kmesh implements HttpConnectionManager, TcpProxy, LocalRateLimit and the router)",
			 path_str(p), diag_quote(qb, sizeof(qb), name, strlen(name)));
		return;
	}
	if (!inner) {
		diag_add(d, "%s: not a valid %s protobuf", path_str(p), td->name);
		return;
	}
	pbcheck_at(inner, p, true, d);
	envoy_policy_walk(inner, p, d, notes);
	protobuf_c_message_free_unpacked(inner, NULL);
}

/* Whether an HCM's http_filters have a local rate limit (by the type of
 * its typed_config: only that says what a filter is). */
static bool has_rate_limit(ProtobufCMessage *const *v, size_t n)
{
	const EHttpFilter *f;
	size_t i;

	for (i = 0; i < n; i++) {
		f = (const EHttpFilter *)v[i];
		if (f->config_type_case ==
		    ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_FILTER__CONFIG_TYPE_TYPED_CONFIG &&
		    pbwkt_find_type(f->typed_config->type_url) ==
		    &envoy__extensions__filters__http__local_ratelimit__v3__local_rate_limit__descriptor)
			return true;
	}
	return false;
}

/* The elements of repeated message field f of msg; a map's entries are
 * named by their key, and their value walked (a map of messages). */
static void walk_each(const ProtobufCMessage *msg,
		      const ProtobufCFieldDescriptor *f, struct kpath *p,
		      struct diag *d, struct envoy_notes *notes)
{
	ProtobufCMessage *const *v = *(ProtobufCMessage *const *const *)
		((const char *)msg + f->offset);
	size_t n = *(const size_t *)((const char *)msg + f->quantifier_offset);
	const ProtobufCMessageDescriptor *md = f->descriptor;
	bool map = pbfield_is_map(f);
	size_t j, m2;

	for (j = 0; j < n; j++) {
		const char *e = (const char *)v[j];

		if (!map) {
			m2 = path_index(p, j);
			envoy_policy_walk(v[j], p, d, notes);
		} else {
			m2 = path_key(p, md->fields[0].type ==
					 PROTOBUF_C_TYPE_STRING ?
				      *(char *const *)(e + md->fields[0].offset) :
				      "");
			if (md->fields[1].type == PROTOBUF_C_TYPE_MESSAGE &&
			    *(ProtobufCMessage *const *)(e + md->fields[1].offset))
				envoy_policy_walk(*(ProtobufCMessage *const *)
						  (e + md->fields[1].offset),
						  p, d, notes);
		}
		path_pop(p, m2);
	}
}

void envoy_policy_walk(const ProtobufCMessage *msg, struct kpath *p,
		       struct diag *d, struct envoy_notes *notes)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;
	unsigned i;

	if (pbwkt_kind(desc) == PBWKT_ANY) {
		walk_any(msg, p, d, notes);
		return;
	}
	for (i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		const char *member = (const char *)msg + f->offset;
		size_t mark;

		if (!is_set(msg, f))
			continue;
		mark = path_field(p, f->name);
		switch (rule_for(desc, f)) {
		case ACT_REFUSE:
			diag_add(d, "%s: not supported: kmesh does not implement it, and it changes where connections go",
				 path_str(p));
			break;
		case ACT_FILTERS:
			if (has_rate_limit(*(ProtobufCMessage *const *const *)member,
					   *(const size_t *)((const char *)msg +
							     f->quantifier_offset))) {
				walk_each(msg, f, p, d, notes);
				break;
			}
			/* fall through */
		case ACT_IGNORE:
			envoy_note(notes, desc->name, f->name, path_str(p));
			break;
		default:
			if (f->type != PROTOBUF_C_TYPE_MESSAGE)
				break;
			if (f->label == PROTOBUF_C_LABEL_REPEATED)
				walk_each(msg, f, p, d, notes);
			else
				envoy_policy_walk(*(ProtobufCMessage *const *)member,
						  p, d, notes);
		}
		path_pop(p, mark);
	}
}

void envoy_note(struct envoy_notes *notes, const char *msg, const char *field,
		const char *path)
{
	struct envoy_note *v;
	size_t i;

	for (i = 0; i < notes->n; i++) {
		if (notes->v[i].msg == msg && notes->v[i].field == field) {
			notes->v[i].count++;
			return;
		}
	}
	v = realloc(notes->v, (notes->n + 1) * sizeof(*v));
	if (!v)
		return;		/* a note less */
	notes->v = v;
	v[notes->n].msg = msg;
	v[notes->n].field = field;
	v[notes->n].first = strdup(path);
	v[notes->n].count = 1;
	if (v[notes->n].first)
		notes->n++;
}

void envoy_notes_print(const struct envoy_notes *notes, FILE *out)
{
	size_t i;

	for (i = 0; i < notes->n; i++) {
		const struct envoy_note *v = &notes->v[i];

		fprintf(out, "note: %s: ignored: kmesh does not implement it, and it does not change where connections go",
			v->first);
		if (v->count > 1)
			fprintf(out, " (set %zu times, only the first is named)",
				v->count);
		fputc('\n', out);
	}
}

void envoy_notes_free(struct envoy_notes *notes)
{
	size_t i;

	for (i = 0; i < notes->n; i++)
		free(notes->v[i].first);
	free(notes->v);
	notes->v = NULL;
	notes->n = 0;
}
