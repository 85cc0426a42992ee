#!/bin/bash
# nph-vpn.cgi round trip with 1,000 connections loaded: `status` through
# lighttpd (HTTPS, Basic auth), the CGI and mguard-control's control socket.
# Baselines in the same run: the same request over the control socket with
# mguard-vpn (no web server), and a static file through the same lighttpd
# (web server and TLS without the CGI). Medians of N requests on one
# keep-alive connection; then requests per second with P curl clients in
# parallel. Target: status under 20 ms per request.
#
# Usage (as root, after make install): bench/control_status.sh [N] [P]
# Uses tests/e2e/lib.sh for the namespace, charon and the teardown.
E2E_TEST=bench_control_status
. "$(dirname "$0")/../tests/e2e/lib.sh"
. "$(dirname "$0")/web_lib.sh"

N=${1:-200}
P=${2:-8}
CONNS=1000
PASSWORD=bench
CGI=${MGUARD_CGI:-/usr/lib/cgi-bin/nph-vpn.cgi}
SNIPPET=${MGUARD_LIGHTTPD_SNIPPET:-/etc/lighttpd/conf-available/50-mguard-nph-vpn.conf}

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
dir=$(gw_dir moon)
awk -v n=$CONNS 'BEGIN {
	print "connections {"
	for (i = 0; i < n; i++) {
		# one name needs %-escapes (the protocol decoder), the others none
		printf "    site%04d {\n        name = Site%s%d\n", i, i == 500 ? " " : "-", i
		printf "        initial_mode = stopped\n        startup = wait\n"
		printf "        gateway = 198.51.100.%d\n", i % 250 + 1
		printf "        tunnels {\n            t1 {\n"
		printf "                local = 10.1.0.0/24\n"
		printf "                remote = 10.%d.%d.0/24\n", 100 + int(i / 250), i % 250
		printf "            }\n        }\n"
		printf "        authentication {\n            method = psk\n"
		printf "            psk = bench-secret-%04d-0123456789\n", i
		printf "            local_id = @moon\n            remote_id = @site%04d\n", i
		printf "        }\n    }\n"
	}
	print "}"
}' > "$dir/vpn.conf"
mguard-swanctl --model "$dir/vpn.conf" \
	--output "$(swanctl_dir moon)/conf.d/mguard.conf" || die "mguard-swanctl failed"
charon_start moon --plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$dir/vpn.conf"
swanctl_load moon || die "loading $CONNS connections failed"

# the floor of any CGI here: a minimal nph- script, no libraries
web_start moon 192.0.2.1 "$PASSWORD" "$CGI" "$SNIPPET" \
	'$HTTP["url"] =~ "^/cgi/" { cgi.assign = ( ".cgi" => "" ) }'
web=$(gw_dir moon)/web
echo static > "$web/root/static.txt"
mkdir -p "$web/root/cgi"
printf '#!/bin/sh\nprintf "HTTP/1.0 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nvoid\\n"\n' \
	> "$web/root/cgi/nph-min.cgi"
chmod +x "$web/root/cgi/nph-min.cgi"

URL="https://admin:$PASSWORD@192.0.2.1/nph-vpn.cgi?name=Site-499&cmd=status"
ESC="https://admin:$PASSWORD@192.0.2.1/nph-vpn.cgi?name=Site%20500&cmd=status"
STATIC="https://admin:$PASSWORD@192.0.2.1/static.txt"
MIN="https://admin:$PASSWORD@192.0.2.1/cgi/nph-min.cgi"
[ "$(in_ns moon curl -s --insecure "$MIN")" = void ] || die "the minimal CGI does not run"
[ "$(in_ns moon curl -s --insecure "$URL")" = void ] || die "status of Site-499 is not void"
[ "$(in_ns moon curl -s --insecure "$ESC")" = void ] || die "status of Site 500 is not void"

# socket_ms: N mguard-vpn status runs (process start included)
socket_ms() {
	local i s e
	for ((i = 0; i < N; i++)); do
		s=$(date +%s%N)
		gw_exec moon mguard-vpn status "Site-499" >/dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }'
}
# rps URL: P clients, each N requests on its own connection
rps() {
	local url=$1 s e i
	s=$(date +%s%N)
	for ((i = 0; i < P; i++)); do
		( args=(); for ((j = 0; j < N; j++)); do args+=(-o /dev/null "$url"); done
		  in_ns moon curl -s --insecure "${args[@]}" ) &
	done
	wait
	e=$(date +%s%N)
	awk -v n=$((N * P)) -v ns=$((e - s)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }'
}

cgi_ms=$(median_ms "$URL")
esc_ms=$(median_ms "$ESC")
static_ms=$(median_ms "$STATIC")
min_ms=$(median_ms "$MIN")
sock_ms=$(socket_ms)
cgi_rps=$(rps "$URL")
esc_rps=$(rps "$ESC")
static_rps=$(rps "$STATIC")
min_rps=$(rps "$MIN")

printf '# %-44s %10s %10s\n' "with $CONNS connections loaded" "median ms" "req/s (P=$P)"
printf '# %-44s %10s %10s\n' "status via HTTPS + nph-vpn.cgi" "$cgi_ms" "$cgi_rps"
printf '# %-44s %10s %10s\n' "same, name with %20 (escaped)" "$esc_ms" "$esc_rps"
printf '# %-44s %10s %10s\n' "baseline: static file via the same lighttpd" "$static_ms" "$static_rps"
printf '# %-44s %10s %10s\n' "baseline: minimal nph- CGI (/bin/sh printf)" "$min_ms" "$min_rps"
printf '# %-44s %10s %10s\n' "mguard-vpn status (ip netns exec + start)" "$sock_ms" "-"
note "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
check "status through the web server under 20 ms (median $cgi_ms ms)" \
	awk -v m="$cgi_ms" 'BEGIN { exit !(m < 20) }'
finish
