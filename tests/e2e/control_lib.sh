# shellcheck shell=bash
# Shared setup of the test_control_*.sh tests: mguard-control, mguard-vpn and
# nph-vpn.cgi against real charons, the real web server (lighttpd, HTTPS,
# Basic auth) and real curl, as the seed's example:
# curl --insecure "https://admin:PASSWORD@<addr>/nph-vpn.cgi?..."
#
#   moon (mguard-control, lighttpd on 192.0.2.1:443)      sun (mguard-control)
#   lan 10.1.0.1/24 10.1.1.1/24 10.1.2.1/24               lan 10.2.0.1/24 ...
#        |                                                     |
#        +------------- wan 192.0.2.1 ---- 192.0.2.2 ----------+
#
# moon's model: Athen (stopped, initiate), New York (stopped, initiate,
# deactivation timeout 6 s), Oslo (started, on_traffic, timeout 4 s), Paris
# (disabled), a second "Athen" (stopped, wait: the first one must win), Rio
# (stopped, initiate, peer 192.0.2.77 unreachable).
# sun's model: the responders; Athen's is Stopped at first ("Rom").
#
# Each test sources this file and gets both gateways up with these models,
# moon's web server and the helpers below; each test is independent.
. "$(dirname "$0")/lib.sh"


PASSWORD=mGuard-e2e
for tool in lighttpd curl openssl mguard-vpn mguard-swanctl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
CGI=${MGUARD_CGI:-/usr/lib/cgi-bin/nph-vpn.cgi}
SNIPPET=${MGUARD_LIGHTTPD_SNIPPET:-/etc/lighttpd/conf-available/50-mguard-nph-vpn.conf}
[ -x "$CGI" ] || die "$CGI is not installed"
[ -r "$SNIPPET" ] || die "$SNIPPET is not installed"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
addr_add moon lan 10.1.1.1/24
addr_add moon lan 10.1.2.1/24
addr_add sun lan 10.2.1.1/24
addr_add sun lan 10.2.2.1/24

. "$(dirname "$0")/control_model.sh"

mkfifo "$(gw_dir moon)/cmd2"
{
	cat <<-EOF
	global {
	    service_inputs {
	        cmd1 = file:$(gw_dir moon)/cmd1
	        cmd2 = file:$(gw_dir moon)/cmd2
	        mode = switch
	    }
	}
	EOF
	echo "connections {"
	conn athen Athen stopped initiate 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon sun
	conn ny "New York" stopped initiate 192.0.2.2 10.1.1.0/24 10.2.1.0/24 moon-ny sun-ny 6 ny-token
	conn oslo Oslo started on_traffic 192.0.2.2 10.1.2.0/24 10.2.2.0/24 moon-oslo sun-oslo 4
	conn paris Paris disabled initiate 192.0.2.2 10.1.3.0/24 10.2.3.0/24 moon-paris sun-paris
	conn athen2 Athen stopped wait 192.0.2.2 10.1.4.0/24 10.2.4.0/24 moon-a2 sun-a2
	conn rio Rio stopped initiate 192.0.2.77 10.1.5.0/24 10.2.5.0/24 moon-rio rio
	conn lima Lima stopped initiate peer.invalid 10.1.6.0/24 10.2.6.0/24 moon-lima lima
	conn kiel Kiel stopped wait 192.0.2.2 10.1.7.0/24 10.2.7.0/24 moon-kiel kiel 0 "" cmd1
	conn bonn Bonn stopped wait 192.0.2.2 10.1.8.0/24 10.2.8.0/24 moon-bonn bonn 0 "" cmd2 yes
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
{
	echo "connections {"
	conn athen Rom stopped wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon
	conn ny NY started wait 192.0.2.1 10.2.1.0/24 10.1.1.0/24 sun-ny moon-ny
	conn oslo OsloR started wait 192.0.2.1 10.2.2.0/24 10.1.2.0/24 sun-oslo moon-oslo
	echo "}"
} > "$(gw_dir sun)/vpn.conf"

for gw in moon sun; do
	control_gw_start "$gw" \
		--set charon.plugins.mguard-control.retry_interval=2 \
		--set charon.plugins.mguard-control.sync_timeout=15 \
		--set charon.retransmit_tries=2 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.4
done

# --- lighttpd in moon's namespace, HTTPS on 192.0.2.1:443, Basic auth -----
web_start moon 192.0.2.1 "$PASSWORD" "$CGI" "$SNIPPET"
web=$(gw_dir moon)/web

# cgi [-p PASSWORD] QUERY: GET the CGI as the seed's example does; prints
# "STATUS" on the first line, then the body
cgi() {
	local pw=$PASSWORD
	if [ "$1" = -p ]; then pw=$2; shift 2; fi
	in_ns moon curl -s --insecure -w '%{http_code}\n' -o "$web/body" \
		"https://admin:$pw@192.0.2.1/nph-vpn.cgi?$1" > "$web/code" || return 1
	cat "$web/code" "$web/body"
}
# expect QUERY STATUS BODY: the CGI answers STATUS with BODY as first line
expect() {
	local out
	out=$(cgi "$1") || return 1
	[ "$(sed -n 1p <<< "$out")" = "$2" ] && [ "$(sed -n 2p <<< "$out")" = "$3" ] ||
		{ echo "got: $out"; return 1; }
}
is_status() { expect "name=$1&cmd=status" 200 "$2"; }
vpn() { gw_exec "$1" mguard-vpn "${@:2}"; }

