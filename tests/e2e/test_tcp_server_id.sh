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

E2E_PLUGINS=${E2E_PLUGINS/socket-default/mguard-tcp socket-default}

wan_create
gw_create c3 192.0.2.1/24 10.1.0.1/24
gw_create m1 192.0.2.2/24 10.2.0.1/24
gw_create c5 192.0.2.3/24 10.3.0.1/24
gw_create m2 192.0.2.4/24 10.4.0.1/24
printf '%s\n' 'table bridge mguard_e2e_block {' \
	'  chain forward {' \
	'    type filter hook forward priority -10; policy accept;' \
	'    meta l4proto udp drop' \
	'  }' '}' | in_ns wan nft -f -

PKI=$E2E_DIR/pki
pki_ca "$PKI"
for n in c3 c5 m1 m2; do pki_cert "$PKI" $n; done

# center GW ID LAN REMOTE_LAN
center() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-MODEL
	global {
	    tcp_encapsulation {
	        listen = yes
	        server_id = $2
	    }
	    interfaces {
	        external = wan
	    }
	}
	connections {
	    machines {
	        gateway = %any
	        startup = wait
	        tunnels {
	            t {
	                local = $3
	                remote = $4
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/$1.crt
	            local_key = $PKI/$1.key
	            remote_ca = $PKI/ca.crt
	        }
	    }
	}
	MODEL
}
# connection KEY GATEWAY ID LOCAL REMOTE CENTER
connection() {
	cat <<-MODEL
	    $1 {
	        gateway = $2
	        encapsulation = tcp
	        encapsulation_server_id = $3
	        tunnels {
	            t {
	                local = $4
	                remote = $5
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/$7.crt
	            local_key = $PKI/$7.key
	            remote_ca = $PKI/ca.crt
	            remote_id = "CN=$6.example.com, O=Smith and Co., C=US"
	        }
	    }
	MODEL
}
center c3 3 10.1.0.0/24 10.2.0.0/24
center c5 5 10.3.0.0/24 10.2.0.0/24
{
	echo "connections {"
	connection to-c3 192.0.2.1 3 10.2.0.0/24 10.1.0.0/24 c3 m1
	connection to-c5 192.0.2.3 5 10.2.0.0/24 10.3.0.0/24 c5 m1
	echo "}"
} > "$(gw_dir m1)/vpn.conf"
{
	echo "connections {"
	connection wrong 192.0.2.1 5 10.4.0.0/24 10.1.0.0/24 c3 m2
	echo "}"
} > "$(gw_dir m2)/vpn.conf"

for gw in c3 c5 m1 m2; do
	mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)" 2> "$(gw_dir $gw)/translate.log" ||
		die "mguard-swanctl for $gw: $(cat "$(gw_dir $gw)/translate.log")"
	charon_start "$gw" \
		--set "charon.plugins.mguard-tcp.model=$(gw_dir $gw)/vpn.conf"
done
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
