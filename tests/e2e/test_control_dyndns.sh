#!/bin/bash
# mguard-control: "Watch hostnames of remote VPN gateways" (global.dyndns)
#
#   moon (mguard-control, dyndns watch every 1 s)        sun (mguard-control)
#   lan 10.1.0.1/24 10.1.1.1/24                          lan 10.2.0.1/24 ...
#        |                                                     |
#        +------ wan 192.0.2.1 ---- 192.0.2.2, later 192.0.2.3 -+
#
# moon's charon resolves names through its own /etc/hosts (a file of the
# test bind-mounted in charon's mount namespace, rewritten in place):
#   sun.dyndns.test  192.0.2.2, then 192.0.2.3 (sun has both, later only .3)
#   hh.dyndns.test   nothing at first, then 192.0.2.3
# Athen (gateway sun.dyndns.test) and Hamburg (gateway hh.dyndns.test) are
# Started "initiate" connections. Must hold:
#   - Athen comes up to 192.0.2.2; when its name moves to 192.0.2.3 the
#     tunnel follows (without the watch it stays with the old address)
#   - Hamburg's name does not resolve: its status is void, and the watch
#     says so; once it resolves Hamburg comes up
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/control_model.sh"

for tool in mguard-vpn mguard-swanctl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
addr_add moon lan 10.1.1.1/24
addr_add sun lan 10.2.1.1/24

hosts=$(gw_dir moon)/hosts
# names LINES...: moon's /etc/hosts, rewritten in place (one write)
names() { printf '127.0.0.1 localhost\n%s\n' "$@" > "$hosts"; }
mkdir -p "$(gw_dir moon)"
names "192.0.2.2 sun.dyndns.test"

{
	cat <<-EOF
	global {
	    dyndns {
	        watch = yes
	        interval = 1
	    }
	}
	EOF
	echo "connections {"
	conn athen Athen started initiate sun.dyndns.test 10.1.0.0/24 10.2.0.0/24 moon sun
	conn hh Hamburg started initiate hh.dyndns.test 10.1.1.0/24 10.2.1.0/24 moon-hh sun-hh
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
{
	echo "connections {"
	conn athen Rom started wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon
	conn hh HH started wait 192.0.2.1 10.2.1.0/24 10.1.1.0/24 sun-hh moon-hh
	echo "}"
} > "$(gw_dir sun)/vpn.conf"

# retries every 2 s, IKE gives up after about 3 s
for gw in sun moon; do
	opts=()
	[ "$gw" = sun ] || opts=(--hosts "$hosts")
	control_gw_start "$gw" "${opts[@]}" \
		--set charon.plugins.mguard-control.retry_interval=2 \
		--set charon.retransmit_tries=2 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.4
done

status() { [ "$(gw_exec moon mguard-vpn status "$1")" = "$2" ]; }
remote_is() { [ "$(sa_get moon athen remote-host)" = "$1" ]; }

# --- the name resolves: up to its address; a name that does not: void --------
check "the watch runs" log_wait moon \
	"mguard-control: watching the host names of peers every 1s"
check "Athen comes up to sun.dyndns.test = 192.0.2.2" \
	wait_until eval 'sa_is moon athen ESTABLISHED && remote_is 192.0.2.2'
check "Athen is active" wait_until status Athen active
check "Hamburg's gateway does not resolve: said once" log_wait moon \
	"mguard-control: gateway hh.dyndns.test of 'hh' does not resolve, void until it does"
check "Hamburg is void" status Hamburg void
check "and stays void while the name does not resolve" \
	holds_for 3 status Hamburg void
check "the unresolvable name is logged once" \
	eval '[ "$(log_count moon "gateway hh.dyndns.test of .hh. does not resolve")" = 1 ]'

# --- both names move to 192.0.2.3 --------------------------------------------
# sun gets the new address first and keeps the old one until the tunnel
# moved: it does not notice anything (no MOBIKE update of its own), only
# the name changes, as when a DynDNS record is updated for a new address
in_ns sun sysctl -qw net.ipv4.conf.wan.promote_secondaries=1
addr_add sun wan 192.0.2.3/24
names "192.0.2.3 sun.dyndns.test" "192.0.2.3 hh.dyndns.test"
check "the change is noticed and Athen re-established" log_wait moon \
	"gateway sun.dyndns.test of 'athen' resolves to 192.0.2.3, IKE_SA #[0-9]+ is with 192.0.2.2: re-establishing"
check "Athen's tunnel follows to 192.0.2.3" \
	wait_until -t 20 eval 'sa_is moon athen ESTABLISHED && remote_is 192.0.2.3'
check "Athen is active again" wait_until status Athen active
ip -n "$(ns sun)" addr del 192.0.2.2/24 dev wan
check "sun's old address gone, Athen stays up with 192.0.2.3" \
	holds_for 3 eval 'remote_is 192.0.2.3 && status Athen active'
check "Hamburg's name resolves again: logged" log_wait moon \
	"gateway hh.dyndns.test of 'hh' resolves again \\(192.0.2.3\\)"
check "Hamburg comes up to 192.0.2.3" \
	wait_until eval '[ "$(sa_get moon hh remote-host)" = 192.0.2.3 ] && status Hamburg active'

finish
