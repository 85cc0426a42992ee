#!/bin/bash
# Initiators behind an explicit HTTP proxy (global.proxy, mguard-tcp with
# libcurl's CONNECT): a real squid in its own namespace that allows CONNECT
# only to port 443 and asks for authentication.
#
#   alice ---- center ===== WAN (udp drop; machine -> center tcp drop) ===== machine ---- bob
#   10.1.0.10  192.0.2.1           |                                       192.0.2.2   10.2.0.10
#                                squid 192.0.2.8:3128
#
#   center: Path Finder on 443, TCP encapsulation on 8080
#   squid: Basic (ncsa, htpasswd-style file), Digest (file) and NTLM (squid's
#          ntlm_fake_auth: this machine has no NTLM domain) authentication
#
# Must hold:
#   - machine cannot reach center directly (nor UDP at all)
#   - Path Finder through squid comes up with Basic, Digest and NTLM proxy
#     authentication in turn; center sees the IKE_SA from squid's address;
#     bob reaches alice through the tunnel
#   - a wrong proxy password fails with a log line that says so (407)
#   - TCP encapsulation to 8080 through squid is refused by squid (CONNECT
#     to 443 only), said in the log
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

SQUID=$(command -v squid || echo /usr/sbin/squid)
[ -x "$SQUID" ] || die "squid is not installed (scripts/install)"

tcp_sites
ns_create squid
wan_attach wan squid eth0 192.0.2.8/24
# only the proxy may talk to center
in_ns wan nft add rule bridge mguard_e2e_block forward \
	ip saddr 192.0.2.2 ip daddr 192.0.2.1 counter drop
tcp_pki center machine
tcp_center center 10.1.0.0/24 10.2.0.0/24 "path_finder {" "    listen = yes" \
	"    certificate = $TCP_PKI/center.crt" "    key = $TCP_PKI/center.key" "}"
tcp_translate center

# --- squid --------------------------------------------------------------
sq=$E2E_DIR/squid
mkdir -p "$sq"
chmod 755 "$E2E_DIR" "$sq"
printf 'tech:%s\n' "$(openssl passwd -apr1 proxy-secret)" > "$sq/passwd"
printf 'tech:proxy-secret\n' > "$sq/digest"
cat > "$sq/squid.conf" <<-CONF
http_port 192.0.2.8:3128
pid_filename $sq/squid.pid
cache_log $sq/cache.log
access_log stdio:$sq/access.log
cache deny all
cache_mem 8 MB
coredump_dir $sq
shutdown_lifetime 1 seconds
auth_param basic program /usr/lib/squid/basic_ncsa_auth $sq/passwd
auth_param digest program /usr/lib/squid/digest_file_auth $sq/digest
auth_param digest realm mguard-test
auth_param ntlm program /usr/lib/squid/ntlm_fake_auth
auth_param ntlm children 2
acl SSL_ports port 443
acl CONNECT method CONNECT
acl authed proxy_auth REQUIRED
http_access deny CONNECT !SSL_ports
http_access allow authed
http_access deny all
CONF
chown -R proxy "$sq" 2>/dev/null || true
bg_start squid squid "$SQUID" -N -f "$sq/squid.conf"
wait_until _e2e_listening squid 3128 ||
	die "squid did not start: $(tail -3 "$sq/cache.log" 2>/dev/null)"

tcp_charon center
swanctl_load center || die "loading center failed"
check "machine cannot reach center directly" \
	eval '! in_ns machine socat -u /dev/null TCP:192.0.2.1:443,connect-timeout=2'

# machine_proxy ENCAP PORT AUTH PASSWORD: machine's model and charon
machine_proxy() {
	tcp_initiator machine center center 192.0.2.1 "$1" 10.2.0.0/24 10.1.0.0/24 \
		"encapsulation_port = $2"
	sed -i '1i global {\n    proxy {\n        host = 192.0.2.8\n        port = 3128\n        user = tech\n        password = '"$4"'\n        auth = '"$3"'\n    }\n}' \
		"$(gw_dir machine)/vpn.conf"
	rm -f "$(swanctl_dir machine)"/conf.d/*
	tcp_translate machine
	charon_stop machine
	tcp_charon machine
	swanctl_load machine
}
through_squid() {
	[ "$(sa_get center machines remote-host)" = 192.0.2.8 ]
}

tunnel_line='mguard-tcp: tunnel through the proxy 192\.0\.2\.8:3128 to 192\.0\.2\.1\[443\] established'
for auth in basic digest ntlm; do
	tunnels=$(log_count machine "$tunnel_line" 2>/dev/null)
	tunnels=${tunnels:-0}
	machine_proxy path_finder 443 $auth proxy-secret ||
		die "loading machine ($auth) failed"
	check "Path Finder through squid with $auth authentication" \
		sa_wait machine center center-t
	check "machine logs the tunnel through the proxy ($auth)" \
		eval '[ "$(log_count machine "$tunnel_line")" -gt "$tunnels" ]'
	check "center sees the IKE_SA from squid's address ($auth)" \
		wait_until through_squid
	check "bob reaches alice through it ($auth)" host_ping bob 10.1.0.10 3
	swanctl_cmd machine --terminate --ike center --timeout 10 > /dev/null 2>&1 || true
	wait_until -t 15 eval '[ -z "$(sa_state center machines)" ]' || true
done

machine_proxy path_finder 443 basic wrong-secret || die "loading machine failed"
check "a wrong proxy password fails, and the log says so" \
	log_wait machine 'no tunnel through the proxy 192\.0\.2\.8:3128 to 192\.0\.2\.1\[443\]: the proxy refused the credentials of user .tech. \(407\)'
check "no IKE_SA with a wrong proxy password" eval '! sa_is machine center ESTABLISHED'

machine_proxy tcp 8080 basic proxy-secret || die "loading machine failed"
check "squid refuses CONNECT to 8080, and the log says so" \
	log_wait machine 'no tunnel through the proxy 192\.0\.2\.8:3128 to 192\.0\.2\.1\[8080\]: the proxy answered CONNECT with 403'

finish
