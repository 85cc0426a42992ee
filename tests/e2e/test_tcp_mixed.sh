#!/bin/bash
# UDP keeps working beside TCP encapsulation: charon has one socket, and
# mguard-tcp's carries both.
#
#   center 192.0.2.1 (TCP 8080; UDP to and from it dropped on the WAN)
#        \\
#         ===== WAN ===== machine 192.0.2.2 (LAN 10.2.0.0/24)
#        //
#   branch 192.0.2.3 (plain UDP 500/4500, no mguard-tcp)
#
# Must hold:
#   - machine's connection to center comes up over TCP and its connection to
#     branch over UDP, in the same charon, at the same time
#   - machine's gateway reaches both LANs through them
#   - the WAN carried ESP in UDP to branch and none to center
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

wan_create
gw_create center 192.0.2.1/24 10.1.0.1/24
gw_create machine 192.0.2.2/24 10.2.0.1/24
gw_create branch 192.0.2.3/24 10.3.0.1/24
printf '%s\n' 'table bridge mguard_e2e_block {' \
	'  counter center_udp { }' \
	'  counter branch_udp { }' \
	'  chain forward {' \
	'    type filter hook forward priority -10; policy accept;' \
	'    ip daddr 192.0.2.1 meta l4proto udp counter name center_udp drop' \
	'    ip saddr 192.0.2.1 meta l4proto udp counter name center_udp drop' \
	'    ip daddr 192.0.2.3 meta l4proto udp counter name branch_udp' \
	'  }' '}' | in_ns wan nft -f -
udp_to() {
	in_ns wan nft list counter bridge mguard_e2e_block "$1_udp" |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

tcp_pki center machine branch
tcp_center center 10.1.0.0/24 10.2.0.0/24
cat > "$(gw_dir branch)/vpn.conf" <<-MODEL
connections {
    machines {
        gateway = %any
        startup = wait
        tunnels {
            t {
                local = 10.3.0.0/24
                remote = 10.2.0.0/24
            }
        }
        authentication {
            method = x509
            local_certificate = $TCP_PKI/branch.crt
            local_key = $TCP_PKI/branch.key
            remote_ca = $TCP_PKI/ca.crt
        }
    }
}
global {
    interfaces {
        external = wan
    }
}
MODEL
{
	echo "connections {"
	tcp_connection center machine center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24
	tcp_connection branch machine branch 192.0.2.3 none 10.2.0.0/24 10.3.0.0/24
	echo "}"
} > "$(gw_dir machine)/vpn.conf"
tcp_translate center machine branch

tcp_charon center
tcp_charon machine
# branch: a stock charon, no mguard plugin
E2E_PLUGINS=${E2E_PLUGINS/mguard-tcp /} charon_start branch
for gw in center branch machine; do swanctl_load $gw || die "loading $gw failed"; done

check "machine reaches center over TCP" sa_wait machine center center-t
check "machine reaches branch over UDP" sa_wait machine branch branch-t
check "the TCP one uses the TCP ports, the UDP one 4500" \
	eval '[ "$(sa_get machine center local-port)" = 4501 ] &&
		[ "$(sa_get machine branch remote-port)" = 4500 ]'
center_udp=$(udp_to center)
branch_udp=$(udp_to branch)
check "machine reaches center's LAN" \
	eval 'in_ns machine ping -n -q -c 3 -W 2 -I 10.2.0.1 10.1.0.1'
check "and branch's LAN" \
	eval 'in_ns machine ping -n -q -c 3 -W 2 -I 10.2.0.1 10.3.0.1'
check "ESP in UDP went to branch, no UDP to or from center" \
	eval '[ "$(udp_to branch)" -ge $((branch_udp + 3)) ] &&
		[ "$(udp_to center)" = "$center_udp" ]'

finish
