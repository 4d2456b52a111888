/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The generated C of kmeshctl's Envoy v3 subset (proto/envoy/...), with
 * short names for the messages the Envoy front end (envoy_*.c) handles.
 */
#ifndef KMESH_TOOLS_ENVOY_H
#define KMESH_TOOLS_ENVOY_H

#include "envoy/config/bootstrap/v3/bootstrap.pb-c.h"
#include "envoy/config/cluster/v3/cluster.pb-c.h"
#include "envoy/config/core/v3/address.pb-c.h"
#include "envoy/config/endpoint/v3/endpoint.pb-c.h"
#include "envoy/config/listener/v3/listener.pb-c.h"
#include "envoy/config/route/v3/route.pb-c.h"
#include "envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.pb-c.h"
#include "envoy/extensions/filters/http/router/v3/router.pb-c.h"
#include "envoy/extensions/filters/network/local_ratelimit/v3/local_rate_limit.pb-c.h"
#include "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.pb-c.h"
#include "envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.pb-c.h"
#include "envoy/type/matcher/v3/string.pb-c.h"
#include "google/protobuf/any.pb-c.h"
#include "google/protobuf/wrappers.pb-c.h"

/* The name of Envoy's HTTP local rate limit filter, under which routes'
 * typed_per_filter_config name its per-route configs. */
#define ENVOY_HTTP_RATE_LIMIT	"envoy.filters.http.local_ratelimit"

typedef Envoy__Config__Bootstrap__V3__Bootstrap EBootstrap;
typedef Envoy__Config__Bootstrap__V3__Bootstrap__StaticResources EStatic;
typedef Envoy__Config__Listener__V3__Listener EListener;
typedef Envoy__Config__Listener__V3__FilterChain EFilterChain;
typedef Envoy__Config__Listener__V3__FilterChainMatch EFilterChainMatch;
typedef Envoy__Config__Listener__V3__Filter EFilter;
typedef Envoy__Config__Core__V3__Address EAddress;
typedef Envoy__Config__Core__V3__SocketAddress ESocketAddress;
typedef Envoy__Config__Core__V3__CidrRange ECidrRange;
typedef Envoy__Extensions__Filters__Network__HttpConnectionManager__V3__HttpConnectionManager EHcm;
typedef Envoy__Extensions__Filters__Network__HttpConnectionManager__V3__Rds ERds;
typedef Envoy__Extensions__Filters__Network__HttpConnectionManager__V3__HttpFilter EHttpFilter;
typedef Envoy__Extensions__Filters__Network__TcpProxy__V3__TcpProxy ETcpProxy;
typedef Envoy__Extensions__Filters__Http__Router__V3__Router ERouter;
typedef Envoy__Config__Route__V3__RouteConfiguration ERouteConfig;
typedef Envoy__Config__Route__V3__VirtualHost EVirtualHost;
typedef Envoy__Config__Route__V3__Route ERoute;
typedef Envoy__Config__Route__V3__RouteMatch ERouteMatch;
typedef Envoy__Config__Route__V3__HeaderMatcher EHeaderMatcher;
typedef Envoy__Type__Matcher__V3__StringMatcher EStringMatcher;
typedef Envoy__Config__Route__V3__RouteAction ERouteAction;
typedef Envoy__Config__Route__V3__WeightedCluster EWeighted;
typedef Envoy__Config__Route__V3__WeightedCluster__ClusterWeight EClusterWeight;
typedef Envoy__Config__Cluster__V3__Cluster ECluster;
typedef Envoy__Config__Cluster__V3__CircuitBreakers ECircuitBreakers;
typedef Envoy__Config__Cluster__V3__CircuitBreakers__Thresholds EThresholds;
typedef Envoy__Config__Endpoint__V3__ClusterLoadAssignment ECla;
typedef Envoy__Config__Endpoint__V3__LocalityLbEndpoints ELocality;
typedef Envoy__Config__Endpoint__V3__LbEndpoint ELbEndpoint;
typedef Envoy__Config__Endpoint__V3__Endpoint EEndpoint;
typedef Envoy__Extensions__Filters__Network__LocalRatelimit__V3__LocalRateLimit ENetRateLimit;
typedef Envoy__Extensions__Filters__Http__LocalRatelimit__V3__LocalRateLimit EHttpRateLimit;
typedef Envoy__Type__V3__TokenBucket ETokenBucket;
typedef Envoy__Config__Core__V3__RuntimeFractionalPercent ERuntimePercent;
typedef Envoy__Type__V3__FractionalPercent EPercent;
typedef Google__Protobuf__Any EAny;
typedef Google__Protobuf__UInt32Value EU32;
typedef Google__Protobuf__BoolValue EBool;

#endif
