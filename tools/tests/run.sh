#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Host tests of kmeshctl and its config library; prints TAP, exits 1 on
# any failure. Run by `make -C tools test` (and test-asan, test-valgrind):
#
#   tests/run.sh KMESHCTL UNIT
#
# KM_WRAP, if set, prefixes every command run (e.g. valgrind ...). Every
# kmeshctl run must leave exactly the expected stderr, so a sanitizer or
# valgrind report fails the test that caused it.
set -u
km=$1 unit=$2
here=$(cd "$(dirname "$0")" && pwd)
tools=$(dirname "$here")
read -r -a wrap <<<"${KM_WRAP:-}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:exitcode=99}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

. "$tools/../scripts/tap.sh"

# kmc ARGS...: run kmeshctl; $rc, $t/out, $t/err
kmc() {
	"${wrap[@]}" "$km" "$@" >"$t/out" 2>"$t/err"
	rc=$?
}
# expect RC STDERR-TEXT: the last kmc exited RC with exactly that stderr
expect() {
	printf '%s' "$2" >"$t/want"
	if [ "$rc" = "$1" ] && cmp -s "$t/want" "$t/err"; then
		return 0
	fi
	{
		echo "exit $rc, want $1; stderr diff (-want +got):"
		diff "$t/want" "$t/err"
	} >"$t/why"
	return 1
}

echo "TAP version 13"

# --- C unit tests -------------------------------------------------------
"${wrap[@]}" "$unit" >"$t/unit" 2>&1
urc=$?
ufail=0
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }"; ufail=1 ;;
	*) echo "# $line" ;;
	esac
done <"$t/unit"
[ $urc = 0 ] || [ $ufail = 1 ] || not_ok "unit: exited with status $urc"

# --- batched map operations on the running kernel's maps --------------------
# Not under KM_WRAP: valgrind does not know bpf(2)'s batch commands (it
# takes what they write for uninitialised); ASan builds check it.
mb=$(dirname "$unit")/unit_mapbatch
if [ -x "$mb" ]; then
	"$mb" >"$t/mb" 2>&1
	mrc=$?
	mfail=0
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*) d=${line#ok [0-9]* }; n=$((n + 1)); echo "ok $n $d" ;;
		"ok "*) d=${line#ok }; ok "${d#* }" ;;
		"not ok "*) d=${line#not ok }; not_ok "${d#* }"; mfail=1 ;;
		*) echo "# $line" ;;
		esac
	done <"$t/mb"
	[ $mrc = 0 ] || [ $mfail = 1 ] || not_ok "mapbatch: exited with status $mrc"
else
	n=$((n + 1)); echo "ok $n mapbatch # SKIP no $mb (libbpf not installed)"
fi

# --- routing decisions: tests/route/*.yaml ---------------------------------
# Each config lists connections ("# route:" lines) and where they must go,
# decided by the data plane's matchers (bpf/lib/) on the compiled tables.
for f in "$here"/route/*.yaml; do
	"${wrap[@]}" "$unit" route "$f" >"$t/route" 2>&1
	rrc=$?
	rfail=0
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "route ${f##*/}: ${line#ok route: }" ;;
		"not ok "*) not_ok "route ${f##*/}: ${line#not ok route: }"; rfail=1 ;;
		*) echo "# $line" ;;
		esac
	done <"$t/route"
	[ $rrc = 0 ] || [ $rfail = 1 ] || not_ok "route ${f##*/}: exited with status $rrc"
done

# --- the sample config ----------------------------------------------------
cd "$tools/examples" || exit 1
demo_notes='note: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.stat_prefix: ignored: kmesh does not implement it, and it does not change where connections go
note: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters: ignored: kmesh does not implement it, and it does not change where connections go
note: static_resources.listeners[1].filter_chains[0].filters[0].typed_config.stat_prefix: ignored: kmesh does not implement it, and it does not change where connections go
'
kmc validate demo.yaml
expect 0 "$demo_notes" && grep -qx 'demo.yaml: valid (2 listeners, 1 route config, 3 clusters)' "$t/out"
check $? "examples/demo.yaml is valid (with a note per ignored field)" "$t/why"

# --- validation and YAML errors: tests/cases/*.yaml -----------------------
# Each case lists its exact stderr in "# expect:" lines (none: valid).
cd "$here/cases" || exit 1
for f in *.yaml; do
	want=$(sed -n 's/^# expect: //p' "$f")
	[ -n "$want" ] && want+=$'\n'
	code=1
	[ -z "$want" ] && code=0
	kmc validate "$f"
	expect $code "$want"
	check $? "case ${f%.yaml}: $(sed -n '2s/^# //p' "$f")" "$t/why"
done

# --- Envoy's form: tests/envoy/*.yaml ---------------------------------------
# Configs in the shapes Envoy's docs use. Each lists its exact stderr in
# "# stderr:" lines: notes for ignored fields, then errors (any error:
# exit 1). A valid one must also compile, and dump to a canonical form.
cd "$here/envoy" || exit 1
for f in *.yaml; do
	want=$(sed -n 's/^# stderr: //p' "$f")
	[ -n "$want" ] && want+=$'\n'
	code=0
	grep -q '^# stderr: [^n]' "$f" && code=1
	kmc validate "$f"
	expect $code "$want"
	st=$?
	if [ $st = 0 ] && [ $code = 0 ]; then
		kmc compile "$f" && expect 0 '' && kmc dump "$f" && expect 0 '' &&
			cp "$t/out" "$t/e.yaml" && kmc dump "$t/e.yaml" && expect 0 '' &&
			diff "$t/e.yaml" "$t/out" >>"$t/why" 2>&1
		st=$?
	fi
	check $st "envoy ${f%.yaml}: $(sed -n '2s/^# //p' "$f")" "$t/why"
done

# --- Envoy's own binary messages (/work/shared/fixtures/envoy) -------------
# Encoded with Envoy's real protos; each NAME.pb has its YAML twin
# NAME.yaml. Both decode to the same config (dump prints the same), and
# the binary encodes back to the same bytes with kmeshctl's schema.
fx=${KM_ENVOY_FIXTURES:-$tools/../../shared/fixtures/envoy}
fixtures="bootstrap_static:bootstrap listener_http:listener listener_http_inline:listener
listener_tcp:listener route_local:route cluster_eds:cluster cluster_static:cluster cla_a:endpoints"
for p in $fixtures; do
	f=${p%%:*} type=${p##*:}
	if [ ! -d "$fx" ]; then
		n=$((n + 1))
		echo "ok $n envoy fixture $f # SKIP no fixtures at $fx"
		continue
	fi
	: >"$t/why"
	{
		kmc dump --no-validate --type "$type" "$fx/$f.pb" && expect 0 '' &&
		cp "$t/out" "$t/a.yaml" && [ -s "$t/a.yaml" ] &&
		kmc dump --no-validate --type "$type" "$fx/$f.yaml" && expect 0 '' &&
		diff "$t/a.yaml" "$t/out" &&
		"${wrap[@]}" "$unit" reencode "$(sed -n '1s/^# //p' "$fx/$f.yaml")" "$fx/$f.pb"
	} >>"$t/why" 2>&1
	check $? "envoy fixture $f: binary and YAML decode the same; binary re-encodes exactly" "$t/why"
done
if [ -d "$fx" ]; then
	kmc dump --no-validate "$fx/bootstrap_static.pb"
	expect 0 '' && grep -qx '                      exact: "1"' "$t/out" &&
		grep -qx '          load_balancing_weight: 3' "$t/out" &&
		grep -qx '    lb_policy: RANDOM' "$t/out"
	check $? "envoy fixture bootstrap_static: values as in its .txt" "$t/why"
	kmc validate --type listener "$fx/listener_tcp.pb"
	expect 1 $'note: filter_chains[0].filters[0].typed_config.stat_prefix: ignored: kmesh does not implement it, and it does not change where connections go\nfilter_chains[0].filters[0].typed_config.cluster: no cluster "db"\n'
	check $? "envoy fixture listener_tcp: a lone resource's errors name its own paths" "$t/why"
	kmc validate --type cluster "$fx/cluster_eds.pb"
	expect 1 $'note: eds_cluster_config.eds_config: ignored: kmesh does not implement it, and it does not change where connections go\nnote: connect_timeout: ignored: kmesh does not implement it, and it does not change where connections go\n(top level): EDS cluster: no cluster_load_assignments entry with cluster_name "a" (what EDS would deliver)\n'
	check $? "envoy fixture cluster_eds: EDS needs what EDS would deliver" "$t/why"
else
	n=$((n + 1)); echo "ok $n envoy fixture values # SKIP no fixtures at $fx"
	n=$((n + 1)); echo "ok $n envoy fixture lone listener # SKIP no fixtures at $fx"
	n=$((n + 1)); echo "ok $n envoy fixture EDS # SKIP no fixtures at $fx"
fi

# Unknown fields in binary Envoy input are skipped, as protobuf does:
# Bootstrap { static_resources { clusters { name: "x" field 1000: 1 } } field 999: 2 }
printf '\x12\x08\x12\x06\x0a\x01x\xc0\x3e\x01\xb8\x3e\x02' >"$t/unknown-envoy.pb"
kmc dump "$t/unknown-envoy.pb"
expect 0 '' && grep -qx '  - name: x' "$t/out"
check $? "binary Envoy input: unknown fields are skipped" "$t/why"

# --- round trips ----------------------------------------------------------
# YAML -> dump == YAML -> binary -> dump == dump -> dump; binaries equal.
round_trip() {
	local src=$1 name=$2
	: >"$t/why"
	{
		kmc dump "$src" && expect 0 '' && cp "$t/out" "$t/a.yaml" &&
		kmc convert "$src" "$t/a.pb" && expect 0 '' &&
		kmc dump "$t/a.pb" && expect 0 '' && cp "$t/out" "$t/b.yaml" &&
		kmc dump "$t/a.yaml" && expect 0 '' && cp "$t/out" "$t/c.yaml" &&
		kmc convert "$t/a.yaml" "$t/c.pb" && expect 0 '' &&
		diff "$t/a.yaml" "$t/b.yaml" && diff "$t/a.yaml" "$t/c.yaml" &&
		cmp "$t/a.pb" "$t/c.pb"
	} >>"$t/why" 2>&1
	check $? "round trip: $name" "$t/why"
}
round_trip "$tools/examples/demo.yaml" "examples/demo.yaml"
round_trip "$here/full.yaml" "tests/full.yaml (every field)"

round_trip "$here/full-envoy.yaml" "tests/full-envoy.yaml (every field, Envoy form)"

kmc dump "$here/full.yaml"
expect 0 '' && grep -v '^#' "$here/full-envoy.yaml" | diff - "$t/out" >"$t/why"
check $? "dump of tests/full.yaml (compatibility form) is tests/full-envoy.yaml" "$t/why"

kmc dump "$here/full-envoy.yaml"
expect 0 '' && grep -v '^#' "$here/full-envoy.yaml" | diff - "$t/out" >"$t/why"
check $? "dump of tests/full-envoy.yaml is exactly the file (canonical form)" "$t/why"

kmc dump "$tools/examples/demo.yaml"
expect 0 '' && grep -qx "              - '\*'" "$t/out" && grep -qx '                      exact: "1"' "$t/out" &&
	! grep -q lb_policy "$t/out"
check $? "dump quotes strings YAML would misread and leaves defaults out" "$t/why"

# --- compile: tables for the BPF maps (tests/compile) ------------------------
# NAME.yaml with NAME.out: the exact listing; err-*.yaml: "# expect:" lines.
cd "$here/compile" || exit 1
kmc compile "$tools/examples/demo.yaml"
expect 0 '' && diff demo.out "$t/out" >"$t/why"
check $? "compile: examples/demo.yaml (golden tests/compile/demo.out)" "$t/why"
for f in *.yaml; do
	case $f in err-*) continue ;; esac
	kmc compile "$f"
	expect 0 '' && diff "${f%.yaml}.out" "$t/out" >"$t/why"
	check $? "compile: ${f%.yaml} ($(sed -n '2s/^# //p' "$f"))" "$t/why"
done
for f in err-*.yaml; do
	want=$(sed -n 's/^# expect: //p' "$f")$'\n'
	kmc compile "$f"
	expect 1 "$want" && [ ! -s "$t/out" ]
	check $? "compile: ${f%.yaml}: $(sed -n '2s/^# //p' "$f")" "$t/why"
	kmc validate "$f"
	expect 1 "$want" && [ ! -s "$t/out" ]
	check $? "validate refuses what compile (and apply) refuse: ${f%.yaml}" "$t/why"
done

kmc convert "$tools/examples/demo.yaml" "$t/demo.pb" && kmc compile "$t/demo.pb"
expect 0 '' && diff demo.out "$t/out" >"$t/why"
check $? "compile: binary input gives the same tables" "$t/why"

kmc compile "$here/compat-demo.yaml"
expect 0 '' && diff demo.out "$t/out" >"$t/why"
check $? "compile: the demo in the compatibility form gives the same tables" "$t/why"

cp "$here/cases/ref-tcp-cluster.yaml" "$t/bad.yaml"
kmc compile "$t/bad.yaml"
expect 1 $'listeners[0].filter_chains[0].filters[0].tcp_proxy.cluster: no cluster "db"\n' && [ ! -s "$t/out" ]
check $? "compile: an invalid config is refused by validation" "$t/why"

# String fields: path 256, header name 64, header value 256 bytes fit;
# one more byte is refused with the path, never truncated.
gen_strings() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n  - name: v\n    domains: ["*"]\n    routes:\n'
	printf '    - match:\n        prefix: /%s\n        headers:\n' "$(printf 'p%.0s' $(seq $(($1 + 255))))"
	printf '        - {name: %s, exact_match: %s}\n' "$(printf 'h%.0s' $(seq $(($1 + 64))))" \
		"$(printf 'v%.0s' $(seq $(($1 + 256))))"
	printf '        - {name: x, suffix_match: %s}\n' "$(printf 's%.0s' $(seq $(($1 + 256))))"
	printf '      route: {cluster: c}\nclusters: [{name: c}]\n'
}
gen_strings 0 >"$t/str.yaml"
kmc compile "$t/str.yaml"
expect 0 '' && grep -q '^  \[0\] - vhost=0 prefix "/p\{255\}" ' "$t/out" &&
	grep -q '^  \[0\] route=0 "h\{64\}" exact "v\{256\}"$' "$t/out"
check $? "compile: strings as long as their table fields are kept whole" "$t/why"
gen_strings 1 >"$t/str.yaml"
kmc compile "$t/str.yaml"
expect 1 'route_configs[0].virtual_hosts[0].routes[0].match.prefix: 257 bytes long, compiled table limit is 256
route_configs[0].virtual_hosts[0].routes[0].match.headers[0].name: 65 bytes long, compiled table limit is 64
route_configs[0].virtual_hosts[0].routes[0].match.headers[0].exact_match: 257 bytes long, compiled table limit is 256
route_configs[0].virtual_hosts[0].routes[0].match.headers[1].suffix_match: 257 bytes long, compiled table limit is 256
' && [ ! -s "$t/out" ]
check $? "compile: a string longer than its table field is refused with its path" "$t/why"

# Whole tables: 2048 listeners x 8 filter chains fill the 16384 chains.
gen_full() {
	echo "listeners:"
	for ((i = 0; i < $1; i++)); do
		printf -- '- {name: l%d, address: {address: 0.0.0.0, port_value: %d}, filter_chains: [' $i $((i + 1))
		for ((j = 1; j <= 8; j++)); do
			printf '{filter_chain_match: {destination_port: %d}, filters: [{tcp_proxy: {cluster: c}}]}, ' $j
		done
		echo ']}'
	done
	echo "clusters: [{name: c}]"
}
gen_full 2048 >"$t/full.yaml"
kmc compile "$t/full.yaml"
expect 0 '' && grep -qx 'filter_chains: 16384' "$t/out"
check $? "compile: 16384 filter chains fit" "$t/why"
gen_full 2049 >"$t/full.yaml"
kmc compile "$t/full.yaml"
expect 1 $'listeners[2048].filter_chains[0]: does not fit: the compiled tables hold 16384 filter chains\n'
check $? "compile: a full table is refused at the first path that does not fit" "$t/why"
kmc validate "$t/full.yaml"
expect 1 $'listeners[2048].filter_chains[0]: does not fit: the compiled tables hold 16384 filter chains\n'
check $? "validate: a full table is refused as apply refuses it" "$t/why"

# --- decompile: tables -> YAML -> the same tables (decompile.c) --------------
# For each config: the YAML decompiled from its tables (what `kmeshctl
# export` prints from the maps) is valid, compiles to the same tables,
# is canonical (dump prints it back unchanged) and decompiles to itself.
decompile_round_trip() {
	local src=$1 name=$2
	: >"$t/why"
	{
		"${wrap[@]}" "$unit" decompile "$src" >"$t/d1.yaml" 2>"$t/uerr" &&
		[ ! -s "$t/uerr" ] &&
		kmc validate "$t/d1.yaml" && expect 0 '' &&
		kmc compile "$src" && expect 0 '' && cp "$t/out" "$t/tables" &&
		kmc compile "$t/d1.yaml" && expect 0 '' &&
		diff "$t/tables" "$t/out" &&
		kmc dump "$t/d1.yaml" && expect 0 '' && cp "$t/out" "$t/e1.yaml" &&
		kmc dump "$t/e1.yaml" && expect 0 '' && diff "$t/e1.yaml" "$t/out" &&
		kmc compile "$t/e1.yaml" && expect 0 '' && diff "$t/tables" "$t/out" &&
		"${wrap[@]}" "$unit" decompile "$t/d1.yaml" >"$t/d2.yaml" &&
		diff "$t/d1.yaml" "$t/d2.yaml"
	} >>"$t/why" 2>&1
	local st=$?
	cat "$t/uerr" >>"$t/why"
	check $st "decompile round trip: $name" "$t/why"
}
decompile_round_trip "$tools/examples/demo.yaml" "examples/demo.yaml"
decompile_round_trip "$here/full.yaml" "tests/full.yaml (every field)"
for f in "$here"/compile/*.yaml "$here"/decompile/*.yaml; do
	case ${f##*/} in err-*) continue ;; esac
	decompile_round_trip "$f" "${f#"$here"/} ($(sed -n '2s/^# //p' "$f"))"
done

# --- binary input -----------------------------------------------------------
cd "$t" || exit 1
# clusters { name: "x" lb_policy: 7 }
printf '\x1a\x05\x0a\x01x\x10\x07' >bad-enum.pb
kmc validate --type kmesh bad-enum.pb
expect 1 $'clusters[0].lb_policy: unknown value 7\n'
check $? "binary: an unknown enum value is named" "$t/why"

# clusters { name: "x" endpoints { address { address: "1.2.3" port_value: 0 } } }
printf '\x1a\x10\x0a\x01x\x22\x0b\x0a\x09\x0a\x051.2.3\x10\x00' >bad-addr.pb
kmc validate --type kmesh bad-addr.pb
expect 1 'clusters[0].endpoints[0].address.address: "1.2.3" is not an IPv4 or IPv6 address
clusters[0].endpoints[0].address.port_value: 0 is out of range 1..65535
'
check $? "binary: the same validation as YAML" "$t/why"

# clusters { name: "x", field 15: 1 }; listeners { name: "\xff" }
printf '\x1a\x05\x0a\x01x\x78\x01\x0a\x03\x0a\x01\xff' >unknown.pb
kmc validate --type kmesh unknown.pb
expect 1 $'listeners[0].name: not valid UTF-8\nclusters[0]: unknown field number 15\n'
check $? "binary kmesh.Config: unknown fields and invalid UTF-8 are rejected" "$t/why"

printf 'not a protobuf' >garbage.pb
kmc validate garbage.pb
expect 1 $'garbage.pb: not a valid envoy.config.bootstrap.v3.Bootstrap protobuf\n'
check $? "binary: garbage is rejected" "$t/why"
kmc validate --type kmesh garbage.pb
expect 1 $'garbage.pb: not a valid kmesh.Config protobuf\n'
check $? "binary kmesh.Config: garbage is rejected" "$t/why"

: >empty.pb
kmc dump empty.pb
expect 0 '' && [ "$(cat out)" = "{}" ]
check $? "binary: an empty file is an empty config" "$t/why"

# --- limits (limits.h), each exceeded by one, and met ----------------------
# listener I on port I+1, each with one TCP proxy to cluster c
gen_listeners() {
	echo "listeners:"
	for ((i = 0; i < $1; i++)); do
		printf -- '- {name: l%d, address: {address: 0.0.0.0, port_value: %d}, filter_chains: [{filters: [{tcp_proxy: {cluster: c}}]}]}\n' $i $((i + 1))
	done
	echo "clusters: [{name: c}]"
}
gen_clusters() {
	echo "clusters:"
	for ((i = 0; i < $1; i++)); do echo "- {name: c$i}"; done
}
gen_route_configs() {
	echo "route_configs:"
	for ((i = 0; i < $1; i++)); do echo "- {name: r$i}"; done
}
gen_chains() {
	printf 'listeners:\n- name: l\n  address: {address: 0.0.0.0, port_value: 80}\n  filter_chains:\n'
	for ((i = 0; i < $1; i++)); do
		printf '  - {filter_chain_match: {destination_port: %d}, filters: [{tcp_proxy: {cluster: c}}]}\n' $((i + 1))
	done
	echo "clusters: [{name: c}]"
}
gen_filters() {
	printf 'listeners:\n- name: l\n  address: {address: 0.0.0.0, port_value: 80}\n  filter_chains:\n  - filters:\n'
	for ((i = 0; i < $1; i++)); do echo "    - {tcp_proxy: {cluster: c}}"; done
	echo "clusters: [{name: c}]"
}
gen_ranges() {
	printf 'listeners:\n- name: l\n  address: {address: 0.0.0.0, port_value: 80}\n  filter_chains:\n  - filter_chain_match:\n      prefix_ranges:\n'
	for ((i = 0; i < $1; i++)); do echo "      - {address_prefix: 10.$i.0.0, prefix_len: 16}"; done
	printf '    filters: [{tcp_proxy: {cluster: c}}]\nclusters: [{name: c}]\n'
}
gen_vhosts() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n'
	for ((i = 0; i < $1; i++)); do echo "  - {name: v$i, domains: [h$i.example.com]}"; done
}
# N routes in the first virtual host, as many in the second (the limit
# is per virtual host: a route config may have more)
gen_routes() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n'
	for v in 0 1; do
		printf '  - name: v%d\n    domains: [h%d]\n    routes:\n' $v $v
		for ((i = 0; i < $1; i++)); do
			[ $v = 1 ] && [ "$i" -ge 1024 ] && break
			echo "    - {match: {prefix: /$i}, route: {cluster: c}}"
		done
	done
	echo "clusters: [{name: c}]"
}
# N wildcard domains over virtual hosts of 64, and exact ones as many
gen_wildcards() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n'
	for ((i = 0; i < $1; i++)); do
		((i % 64)) || printf '  - name: v%d\n    domains:\n' $i
		echo "    - '*.w$i.example.com'"
	done
	for ((i = 0; i < $1; i++)); do
		((i % 64)) || printf '  - name: e%d\n    domains:\n' $i
		echo "    - e$i.example.com"
	done
}
gen_domains() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n  - name: v\n    domains:\n'
	for ((i = 0; i < $1; i++)); do echo "    - h$i.example.com"; done
}
gen_headers() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n  - name: v\n    domains: ["*"]\n    routes:\n    - route: {cluster: c}\n      match:\n        prefix: /\n        headers:\n'
	for ((i = 0; i < $1; i++)); do echo "        - {name: x-h$i, present_match: true}"; done
	echo "clusters: [{name: c}]"
}
gen_weighted() {
	printf 'route_configs:\n- name: web\n  virtual_hosts:\n  - name: v\n    domains: ["*"]\n    routes:\n    - match: {prefix: /}\n      route:\n        weighted_clusters:\n          clusters:\n'
	for ((i = 0; i < $1; i++)); do echo "          - {name: c, weight: 1}"; done
	echo "clusters: [{name: c}]"
}
gen_endpoints() {
	printf 'clusters:\n- name: c\n  endpoints:\n'
	for ((i = 0; i < $1; i++)); do
		echo "  - address: {address: 10.0.$((i / 256)).$((i % 256)), port_value: 80}"
	done
}

# limit GEN N WHAT EXPECTED-LINE: GEN N is valid, GEN N+1 fails with the line
limit() {
	local gen=$1 max=$2 what=$3 line=$4
	"$gen" "$max" >"$t/lim.yaml"
	kmc validate "$t/lim.yaml"
	expect 0 ''
	check $? "limit: $max $what accepted" "$t/why"
	"$gen" $((max + 1)) >"$t/lim.yaml"
	kmc validate "$t/lim.yaml"
	expect 1 "$line"$'\n'
	check $? "limit: $((max + 1)) $what rejected" "$t/why"
}
limit gen_listeners 10000 listeners 'listeners: 10001 listeners, limit is 10000'
limit gen_clusters 10000 clusters 'clusters: 10001 clusters, limit is 10000'
limit gen_route_configs 10000 "route configs" 'route_configs: 10001 route configs, limit is 10000'
limit gen_chains 8 "filter chains per listener" 'listeners[0].filter_chains: 9 filter chains, limit is 8'
limit gen_ranges 16 "prefix ranges per match" 'listeners[0].filter_chains[0].filter_chain_match.prefix_ranges: 17 prefix ranges, limit is 16'
limit gen_vhosts 16384 "virtual hosts per route config" 'route_configs[0].virtual_hosts: 16385 virtual hosts, limit is 16384'
limit gen_routes 1024 "routes per virtual host" 'route_configs[0].virtual_hosts[0].routes: 1025 routes, limit is 1024'
limit gen_wildcards 16384 "wildcard domains per route config" 'route_configs[0]: 16385 wildcard domains, limit is 16384 (exact domains: any number)'
limit gen_domains 64 "domains per virtual host" 'route_configs[0].virtual_hosts[0].domains: 65 domains, limit is 64'
limit gen_headers 16 "header matchers per route" 'route_configs[0].virtual_hosts[0].routes[0].match.headers: 17 header matchers, limit is 16'
limit gen_weighted 64 "weighted clusters per route" 'route_configs[0].virtual_hosts[0].routes[0].route.weighted_clusters.clusters: 65 clusters, limit is 64'
limit gen_endpoints 1024 "endpoints per cluster" 'clusters[0].endpoints: 1025 endpoints, limit is 1024'

# Filters: every filter type is terminal, so only the count line is checked.
gen_filters 9 >"$t/lim.yaml"
kmc validate "$t/lim.yaml"
[ $rc = 1 ] && grep -qx 'listeners\[0\].filter_chains\[0\].filters: 9 filters, limit is 8' "$t/err"
check $? "limit: 9 filters per chain rejected" "$t/err"

n253=$(printf 'n%.0s' {1..253})
n1024=$(printf 'p%.0s' {1..1023})
printf 'clusters:\n- name: %s\n- name: %sx\n' "$n253" "$n253" >"$t/lim.yaml"
kmc validate "$t/lim.yaml"
expect 1 $'clusters[1].name: 254 bytes long, limit is 253\n'
check $? "limit: names of 253 bytes accepted, 254 rejected" "$t/why"

printf 'route_configs:\n- name: web\n  virtual_hosts:\n  - name: v\n    domains: ["*"]\n    routes:\n    - {match: {prefix: /%s}, route: {cluster: c}}\n    - {match: {prefix: /%sx}, route: {cluster: c}}\nclusters: [{name: c}]\n' "$n1024" "$n1024" >"$t/lim.yaml"
kmc validate "$t/lim.yaml"
expect 1 $'route_configs[0].virtual_hosts[0].routes[1].match.prefix: 1025 bytes long, limit is 1024\n'
check $? "limit: match strings of 1024 bytes accepted, 1025 rejected" "$t/why"

# 150 bad clusters: 100 errors printed, the rest counted
{ echo "clusters:"; for ((i = 0; i < 150; i++)); do echo "- {name: c$i, lb_policy: RANDOM, endpoints: [{weight: 1}]}"; done; } >"$t/lim.yaml"
kmc validate "$t/lim.yaml"
[ $rc = 1 ] && [ "$(wc -l <"$t/err")" = 101 ] &&
	[ "$(sed -n 100p "$t/err")" = 'clusters[99].endpoints[0].address: must be set' ] &&
	[ "$(tail -n 1 "$t/err")" = '50 more errors not shown' ]
check $? "errors are collected up to 100, the rest counted" "$t/err"

# --- the command line -------------------------------------------------------
kmc --help
expect 0 '' && grep -q '^Usage: kmeshctl' "$t/out" &&
	grep -qx '  0  success' "$t/out" && grep -qx '  1  invalid config' "$t/out" &&
	grep -qx '  2  usage error' "$t/out" &&
	grep -qx '  3  I/O error (a file could not be read or written)' "$t/out" &&
	grep -q '^  validate ' "$t/out" && grep -q '^  dump ' "$t/out" &&
	grep -q '^  convert ' "$t/out" && grep -q '^  compile ' "$t/out"
check $? "--help lists the commands and the exit codes" "$t/why"

for c in validate dump convert compile; do
	kmc "$c" --help
	expect 0 '' && grep -q "^Usage: kmeshctl $c " "$t/out" &&
		grep -q '^Exit status: 0 ok, 1 invalid config, 2 usage error, 3 I/O error.$' "$t/out"
	check $? "$c --help" "$t/why"
done

kmc help convert
expect 0 '' && grep -q '^Usage: kmeshctl convert \[--format yaml|pb\] \[--type TYPE\] FILE OUT.pb$' "$t/out"
check $? "help COMMAND" "$t/why"

kmc
expect 2 $'kmeshctl: missing command\nTry \'kmeshctl --help\'.\n'
check $? "usage: no command" "$t/why"

kmc frobnicate x
expect 2 $'kmeshctl: unknown command \'frobnicate\'\nTry \'kmeshctl --help\'.\n'
check $? "usage: unknown command" "$t/why"

kmc validate
expect 2 $'kmeshctl validate: expected FILE, got 0 arguments\nTry \'kmeshctl validate --help\'.\n'
check $? "usage: missing FILE" "$t/why"

kmc convert a.yaml
expect 2 $'kmeshctl convert: expected FILE OUT.pb, got 1 argument\nTry \'kmeshctl convert --help\'.\n'
check $? "usage: missing OUT.pb" "$t/why"

kmc validate --bogus a.yaml
expect 2 $'kmeshctl validate: unrecognized option \'--bogus\'\nTry \'kmeshctl validate --help\'.\n'
check $? "usage: unknown option" "$t/why"

kmc validate --no-validate a.yaml
expect 2 $'kmeshctl validate: unrecognized option \'--no-validate\'\nTry \'kmeshctl validate --help\'.\n'
check $? "usage: an option of another command" "$t/why"

kmc dump --format json a.yaml
expect 2 $'kmeshctl dump: unknown format \'json\' (use yaml or pb)\nTry \'kmeshctl dump --help\'.\n'
check $? "usage: unknown --format" "$t/why"

kmc dump config.txt
expect 2 $'kmeshctl dump: cannot tell the format of \'config.txt\' from its name; use --format yaml|pb\nTry \'kmeshctl dump --help\'.\n'
check $? "usage: format not given by the extension" "$t/why"

kmc validate nope.yaml
expect 3 $'nope.yaml: No such file or directory\n'
check $? "I/O: a missing file" "$t/why"

kmc convert "$tools/examples/demo.yaml" "$t/no/such/dir/out.pb"
expect 3 "$t/no/such/dir/out.pb: No such file or directory"$'\n'
check $? "I/O: an unwritable output" "$t/why"

cp "$here/cases/ref-tcp-cluster.yaml" bad.yaml
kmc convert bad.yaml bad.pb
expect 1 $'listeners[0].filter_chains[0].filters[0].tcp_proxy.cluster: no cluster "db"\n' && [ ! -e bad.pb ]
check $? "convert: an invalid config writes nothing" "$t/why"

kmc dump bad.yaml
expect 1 $'listeners[0].filter_chains[0].filters[0].tcp_proxy.cluster: no cluster "db"\n' && [ ! -s out ]
check $? "dump: an invalid config prints nothing" "$t/why"

kmc dump --no-validate bad.yaml
expect 0 '' && grep -qx '          cluster: db' out
check $? "dump --no-validate prints an invalid config" "$t/why"

kmc validate --format pb "$tools/examples/demo.yaml"
expect 1 "$tools/examples/demo.yaml: not a valid envoy.config.bootstrap.v3.Bootstrap protobuf"$'\n'
check $? "--format overrides the extension" "$t/why"

"${wrap[@]}" "$km" validate --format yaml - <"$tools/examples/demo.yaml" >out 2>err
rc=$?
expect 0 "$demo_notes" && grep -qx -- '-: valid (2 listeners, 1 route config, 3 clusters)' out
check $? "standard input with --format" "$t/why"

kmc convert "$tools/examples/demo.yaml" - && cp out stdout.pb
kmc convert "$tools/examples/demo.yaml" file.pb
expect 0 '' && cmp stdout.pb file.pb >"$t/why" 2>&1
check $? "convert to standard output" "$t/why"

truncate -s $((64 * 1024 * 1024 + 1)) big.yaml
kmc validate big.yaml
expect 1 $'big.yaml: larger than 67108864 bytes\n'
check $? "input larger than 64 MiB is rejected" "$t/why"

echo "1..$n"
exit $bad
