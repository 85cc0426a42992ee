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

E2E_PLUGINS=${E2E_PLUGINS/socket-default/mguard-tcp socket-default}

wan_create
gw_create center 192.0.2.1/24 10.1.0.1/24
gw_create machine 192.0.2.2/24 10.2.0.1/24
host_create alice center 10.1.0.10/24
host_create bob machine 10.2.0.10/24
addr_add center lan 10.1.1.1/24
addr_add machine lan 10.2.1.1/24
printf '%s\n' 'table bridge mguard_e2e_block {' \
	'  chain forward {' \
	'    type filter hook forward priority -10; policy accept;' \
	'    meta l4proto udp drop' \
	'  }' '}' | in_ns wan nft -f -

PKI=$E2E_DIR/pki
pki_ca "$PKI"
pki_cert "$PKI" center
pki_cert "$PKI" machine

cat > "$(gw_dir center)/vpn.conf" <<-MODEL
global {
    tcp_encapsulation {
        listen = yes
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
            lan {
                local = 10.1.0.0/16
                remote = 10.2.0.0/16
            }
        }
        authentication {
            method = x509
            local_certificate = $PKI/center.crt
            local_key = $PKI/center.key
            remote_ca = $PKI/ca.crt
        }
    }
}
MODEL
# machine_conn KEY NAME MODE STARTUP TIMEOUT LOCAL REMOTE
machine_conn() {
	cat <<-MODEL
	    $1 {
	        name = $2
	        initial_mode = $3
	        startup = $4
	        deactivation_timeout = $5
	        gateway = 192.0.2.1
	        encapsulation = tcp
	        tunnels {
	            t {
	                local = $6
	                remote = $7
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/machine.crt
	            local_key = $PKI/machine.key
	            remote_ca = $PKI/ca.crt
	            remote_id = "CN=center.example.com, O=Smith and Co., C=US"
	        }
	    }
	MODEL
}
{
	echo "connections {"
	machine_conn center Center started on_traffic 4 10.2.0.0/24 10.1.0.0/24
	machine_conn backup Backup stopped initiate 0 10.2.1.0/24 10.1.1.0/24
	echo "}"
} > "$(gw_dir machine)/vpn.conf"

for gw in center machine; do
	mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)" 2> "$(gw_dir $gw)/translate.log" ||
		die "mguard-swanctl for $gw: $(cat "$(gw_dir $gw)/translate.log")"
done
charon_start center --set "charon.plugins.mguard-tcp.model=$(gw_dir center)/vpn.conf"
charon_start machine --plugins mguard-control \
	--set "charon.plugins.mguard-tcp.model=$(gw_dir machine)/vpn.conf" \
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
	eval 'vpn list | grep -q "^Center: started, ready"'
in_ns bob ping -n -q -c 3 -W 1 10.1.0.10 > /dev/null 2>&1 || true
check "traffic brings Center back" wait_until -t 15 is_status Center active

check "mguard-vpn up Backup answers ok" eval '[ "$(vpn up Backup)" = ok ]'
check "Backup comes up over TCP: active" wait_until -t 15 is_status Backup active
check "center sees both tunnels" \
	eval '[ "$(swanctl_cmd center --list-sas | grep -c "INSTALLED, TUNNEL")" -ge 2 ]'
check "mguard-vpn down Backup answers ok" eval '[ "$(vpn down Backup)" = ok ]'
check "Backup is void again" wait_until -t 15 is_status Backup void

finish
