#!/bin/bash
# vpn-status.cgi with 1,000 connections loaded into charon, 20 of them
# established (real IKE_SAs and CHILD_SAs with a second charon), through
# lighttpd (HTTPS, Basic auth) as a browser or Prometheus fetches it.
# Baselines in the same run: the same CGI run directly (no web server),
# `swanctl --list-conns` and `--list-sas` over the same vici socket (what
# the CGI asks charon for, by strongSwan's own client), and a minimal CGI
# through the same lighttpd (the floor of any CGI). Medians of N requests
# (keep-alive; the first request with the TLS handshake is not counted).
# Target: the HTML page under 50 ms.
#
#   moon (1,000 connections, lighttpd, vpn-status.cgi) --- sun (20 responders)
#
# Usage (as root, after make install): bench/status_cgi.sh [N]
# Uses tests/e2e/lib.sh for the namespaces, charons and the teardown.
E2E_TEST=bench_status_cgi
. "$(dirname "$0")/../tests/e2e/lib.sh"
. "$(dirname "$0")/web_lib.sh"
. "$(dirname "$0")/../tests/e2e/control_model.sh"

N=${1:-50}
CONNS=1000
UP=20
PASSWORD=bench
CGI=${MGUARD_STATUS_CGI:-/usr/lib/cgi-bin/vpn-status.cgi}
NPH=${MGUARD_CGI:-/usr/lib/cgi-bin/nph-vpn.cgi}
SNIPPET=${MGUARD_LIGHTTPD_SNIPPET:-/etc/lighttpd/conf-available/50-mguard-nph-vpn.conf}

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.200.0.1/24
# each established tunnel has its own networks on both sides (libipsec
# installs a route only with an address of the gateway inside them)
for ((i = 0; i < UP; i++)); do
	addr_add moon lan "10.1.$((i + 1)).1/24"
	addr_add sun lan "10.100.$i.1/24"
done

# model NAME: moon's 1,000 connections, or sun's 20 responders
model() {
	awk -v n=$CONNS -v up=$UP -v side="$1" 'BEGIN {
		print "connections {"
		for (i = 0; i < (side == "sun" ? up : n); i++) {
			printf "    site%04d {\n        name = Site %d\n", i, i
			if (side == "sun") {
				printf "        initial_mode = started\n        startup = wait\n"
				printf "        gateway = 192.0.2.1\n"
				local = sprintf("10.100.%d.0/24", i)
				remote = sprintf("10.1.%d.0/24", i + 1)
			} else {
				printf "        initial_mode = %s\n", i < up ? "started" : "stopped"
				printf "        startup = %s\n", i < up ? "initiate" : "wait"
				printf "        gateway = %s\n", i < up ? "192.0.2.2" : sprintf("198.51.100.%d", i % 250 + 1)
				local = i < up ? sprintf("10.1.%d.0/24", i + 1) : "10.1.0.0/24"
				remote = sprintf("10.%d.%d.0/24", 100 + int(i / 250), i % 250)
			}
			printf "        tunnels {\n            t1 {\n"
			printf "                local = %s\n                remote = %s\n", local, remote
			printf "            }\n        }\n"
			printf "        authentication {\n            method = psk\n"
			printf "            psk = bench-secret-%04d-0123456789\n", i
			if (side == "sun")
				printf "            local_id = @site%04d\n            remote_id = @moon\n", i
			else
				printf "            local_id = @moon\n            remote_id = @site%04d\n", i
			printf "        }\n    }\n"
		}
		print "}"
	}'
}
for gw in sun moon; do
	model $gw > "$(gw_dir $gw)/vpn.conf"
	control_gw_start $gw --set "mguard-status.secret=$(gw_dir $gw)/csrf.key"
done
count_up() { [ "$(swanctl_cmd moon --list-sas --raw | grep -c 'state=INSTALLED')" -ge "$UP" ]; }
E2E_TIMEOUT=120 wait_until count_up || die "not all $UP tunnels came up"

web_start moon 192.0.2.1 "$PASSWORD" "$NPH" "$SNIPPET" \
	'$HTTP["url"] =~ "^/cgi/" { cgi.assign = ( ".cgi" => "" ) }'
web=$(gw_dir moon)/web
mkdir -p "$web/root/cgi"
printf '#!/bin/sh\nprintf "Status: 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nok\\n"\n' \
	> "$web/root/cgi/min.cgi"
chmod +x "$web/root/cgi/min.cgi"

BASE="https://admin:$PASSWORD@192.0.2.1"
HTML="$BASE/vpn-status.cgi"
in_ns moon curl -s --insecure -o "$web/page.html" "$HTML"
grep -q "Established <span class=\"count\">$UP</span>" "$web/page.html" ||
	die "the page does not show $UP established connections: $(grep -o '<h2>[A-Za-z]* <span class="count">[0-9]*' "$web/page.html" | tr '\n' ' ') $(head -c 200 "$web/page.html")"
[ "$(grep -c '<tr data-key=' "$web/page.html")" = $CONNS ] ||
	die "the page does not list $CONNS connections"
note "page: $(stat -c %s "$web/page.html") bytes"

# run_ms CMD...: median of N runs of CMD in moon's namespace, process start
# included
run_ms() {
	local i s e
	for ((i = 0; i < N; i++)); do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s%N)
		echo $(((e - s) / 1000))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }'
}
cgi_direct() {
	REQUEST_METHOD=GET REMOTE_USER=admin QUERY_STRING=$1 \
		gw_exec moon "$CGI"
}

html_ms=$(median_ms "$HTML")
json_ms=$(median_ms "$HTML?format=json")
prom_ms=$(median_ms "$HTML?format=prometheus")
min_ms=$(median_ms "$BASE/cgi/min.cgi")
direct_ms=$(run_ms cgi_direct "")
conns_ms=$(run_ms swanctl_cmd moon --list-conns --raw)
sas_ms=$(run_ms swanctl_cmd moon --list-sas --raw)

printf '# %-52s %10s\n' "$CONNS connections, $UP established" "median ms"
printf '# %-52s %10s\n' "HTML page via HTTPS + vpn-status.cgi" "$html_ms"
printf '# %-52s %10s\n' "?format=json via HTTPS" "$json_ms"
printf '# %-52s %10s\n' "?format=prometheus via HTTPS" "$prom_ms"
printf '# %-52s %10s\n' "vpn-status.cgi run directly (HTML, process start)" "$direct_ms"
printf '# %-52s %10s\n' "baseline: swanctl --list-conns (vici, process start)" "$conns_ms"
printf '# %-52s %10s\n' "baseline: swanctl --list-sas (vici, process start)" "$sas_ms"
printf '# %-52s %10s\n' "baseline: minimal CGI (/bin/sh) via the same lighttpd" "$min_ms"
printf '# %-52s %10s\n' "target: HTML page" "< 50"
note "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
check "the HTML page through the web server under 50 ms (median $html_ms ms)" \
	awk -v m="$html_ms" 'BEGIN { exit !(m < 50) }'
finish
