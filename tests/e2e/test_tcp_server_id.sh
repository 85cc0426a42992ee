#!/bin/bash
# Server IDs on TCP encapsulation (mguard-tcp): an initiator names the
# maintenance center it wants (encapsulation_server_id), a center with
# another server ID closes the stream.
#
#             c3 (server ID 3)        c5 (server ID 5)
#             192.0.2.1, LAN 10.1/24  192.0.2.3, LAN 10.3/24
#                   \\                   //
#                    ===== WAN (udp drop) =====
#                   //                   \\
#   m1 192.0.2.2, LAN 10.2/24            m2 192.0.2.4, LAN 10.4/24
#   asks c3 for 3 and c5 for 5           asks c3 for 5
#
# Must hold:
#   - m1's connections to both centers come up, each over its own stream
#     (m1 holds two TCP streams, one to each center)
#   - c3 refuses m2's stream with a log line naming both IDs; m2 never gets
#     an IKE_SA, m1's tunnel to c3 stays up meanwhile
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

wan_create
gw_create c3 192.0.2.1/24 10.1.0.1/24
gw_create m1 192.0.2.2/24 10.2.0.1/24
gw_create c5 192.0.2.3/24 10.3.0.1/24
gw_create m2 192.0.2.4/24 10.4.0.1/24
tcp_udp_drop
tcp_pki c3 c5 m1 m2
TCP_SERVER_ID=3 tcp_center c3 10.1.0.0/24 10.2.0.0/24
TCP_SERVER_ID=5 tcp_center c5 10.3.0.0/24 10.2.0.0/24
{
	echo "connections {"
	tcp_connection to-c3 m1 c3 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24 \
		"encapsulation_server_id = 3"
	tcp_connection to-c5 m1 c5 192.0.2.3 tcp 10.2.0.0/24 10.3.0.0/24 \
		"encapsulation_server_id = 5"
	echo "}"
} > "$(gw_dir m1)/vpn.conf"
tcp_initiator m2 wrong c3 192.0.2.1 tcp 10.4.0.0/24 10.1.0.0/24 \
	"encapsulation_server_id = 5"
tcp_translate c3 c5 m1 m2

for gw in c3 c5 m1 m2; do tcp_charon $gw; done
for gw in c3 c5; do swanctl_load $gw || die "loading $gw failed"; done
swanctl_load m1 || die "loading m1 failed"

check "m1 reaches c3 (server ID 3)" sa_wait m1 to-c3 to-c3-t
check "m1 reaches c5 (server ID 5)" sa_wait m1 to-c5 to-c5-t
check "c3 and c5 each have m1's tunnel" \
	eval 'sa_wait c3 machines machines-t && sa_wait c5 machines machines-t'
streams() { in_ns m1 ss -Htn state established "dport = :8080" | awk '{ print $4 }' | sort; }
check "m1 keeps one TCP stream to each center" \
	eval '[ "$(streams | cut -d: -f1 | tr "\n" " ")" = "192.0.2.1 192.0.2.3 " ]'
check "m1's LAN reaches both centers' gateways through the tunnels" \
	eval 'in_ns m1 ping -n -q -c 2 -W 2 -I 10.2.0.1 10.1.0.1 &&
		in_ns m1 ping -n -q -c 2 -W 2 -I 10.2.0.1 10.3.0.1'

swanctl_load m2 || die "loading m2 failed"
check "c3 closes m2's stream: it asks for server ID 5" \
	log_wait c3 'mguard-tcp: 192.0.2.4\[[0-9]+\] asks for server ID 5, this is server ID 3'
check "c3 logs the closed stream" \
	log_wait c3 'closing TCP stream from 192.0.2.4\[[0-9]+\]: wrong server ID'
check "m2 gets no IKE_SA" eval '! sa_is m2 wrong ESTABLISHED'
check "c3 has no IKE_SA with m2" \
	eval '[ "$(swanctl_cmd c3 --list-sas | grep -c "192.0.2.4")" = 0 ]'
check "m1's tunnel to c3 is still up" sa_is m1 to-c3 to-c3-t INSTALLED

finish
