#!/bin/bash
# mGuard control semantics over TCP encapsulation: mguard-control and
# mguard-tcp in one charon, the status words, startup = on_traffic with its
# deactivation timeout, and up/down, as over UDP.
#
#   alice ---- center ===== WAN (nftables: udp drop) ===== machine ---- bob
#   10.1.0.10  192.0.2.1                                 192.0.2.2   10.2.0.10
#
#   machine: "Center" (on_traffic, deactivation timeout 4 s) and "Backup"
#            (initiate, stopped), both over TCP to center
#
# Must hold:
#   - Center is ready before traffic and no stream is open yet
#   - a ping from bob opens the stream and brings the tunnel up: active
#   - 4 s without traffic: the SA is released, Center stays Started (ready)
#   - traffic brings it back over a new IKE_SA
#   - Backup (stopped) is void; mguard-vpn up makes it active over TCP,
#     mguard-vpn down makes it void again
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

tcp_sites
addr_add center lan 10.1.1.1/24
addr_add machine lan 10.2.1.1/24
tcp_pki center machine
tcp_center center 10.1.0.0/16 10.2.0.0/16
{
	echo "connections {"
	tcp_connection center machine center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24 \
		"name = Center" "initial_mode = started" "startup = on_traffic" \
		"deactivation_timeout = 4"
	tcp_connection backup machine center 192.0.2.1 tcp 10.2.1.0/24 10.1.1.0/24 \
		"name = Backup" "initial_mode = stopped" "startup = initiate"
	echo "}"
} > "$(gw_dir machine)/vpn.conf"
tcp_translate center machine

tcp_charon center
tcp_charon machine --plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$(gw_dir machine)/vpn.conf" \
	--set charon.plugins.mguard-control.retry_interval=2
swanctl_load center || die "loading center failed"
swanctl_load machine || die "loading machine failed"

vpn() { gw_exec machine mguard-vpn "$@"; }
is_status() { [ "$(vpn status "$1" | head -1)" = "$2" ]; }
streams() { in_ns machine ss -Htn state established "dport = :8080" | wc -l; }

check "Center (on_traffic) is ready before any traffic" \
	wait_until is_status Center ready
check "no TCP stream is open before traffic" eval '[ "$(streams)" = 0 ]'
check "Backup (stopped) is void" is_status Backup void

in_ns bob ping -n -q -c 3 -W 1 10.1.0.10 > /dev/null 2>&1 || true
check "traffic from bob brings Center up over TCP: active" \
	wait_until -t 15 is_status Center active
check "over the TCP stream (4501 -> 8080)" \
	eval '[ "$(sa_get machine center remote-port)" = 8080 ] && [ "$(streams)" = 1 ]'
check "bob reaches alice through it" host_ping bob 10.1.0.10 3
check "4 s without traffic release it; Center stays Started (ready)" \
	wait_until -t 20 is_status Center ready
check "and mguard-vpn list says started" \
	eval 'vpn list | grep "^Center: started, ready" >/dev/null'
in_ns bob ping -n -q -c 3 -W 1 10.1.0.10 > /dev/null 2>&1 || true
check "traffic brings Center back" wait_until -t 15 is_status Center active

check "mguard-vpn up Backup answers ok" eval '[ "$(vpn up Backup)" = ok ]'
check "Backup comes up over TCP: active" wait_until -t 15 is_status Backup active
check "center sees both tunnels" \
	eval '[ "$(swanctl_cmd center --list-sas | grep -c "INSTALLED, TUNNEL")" -ge 2 ]'
check "mguard-vpn down Backup answers ok" eval '[ "$(vpn down Backup)" = ok ]'
check "Backup is void again" wait_until -t 15 is_status Backup void

finish
