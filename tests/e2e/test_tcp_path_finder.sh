#!/bin/bash
# Path Finder (mguard-tcp): RFC 9329 framing inside TLS on port 443, the
# server's certificate checked by the initiator against the connection's CA.
#
#   alice ---- center ===== WAN (nftables: udp drop) ===== machine ---- bob
#   10.1.0.10  192.0.2.1                                 192.0.2.2   10.2.0.10
#                                   |
#                               rogue 192.0.2.5 (trusts another CA)
#
# Must hold:
#   - center listens for Path Finder on 443 and for TCP encapsulation on
#     8080 at once
#   - machine's path_finder connection comes up; bob and alice ping each
#     other; the WAN shows a TLS handshake on 443 and never the IKETCP
#     prefix or an IKE header in the clear
#   - rogue, whose connection trusts another CA, refuses center's
#     certificate: the TLS handshake fails with a log line, no IKE_SA
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

E2E_PLUGINS=${E2E_PLUGINS/socket-default/mguard-tcp socket-default}

wan_create
gw_create center 192.0.2.1/24 10.1.0.1/24
gw_create machine 192.0.2.2/24 10.2.0.1/24
gw_create rogue 192.0.2.5/24 10.5.0.1/24
host_create alice center 10.1.0.10/24
host_create bob machine 10.2.0.10/24
printf '%s\n' 'table bridge mguard_e2e_block {' \
	'  chain forward {' \
	'    type filter hook forward priority -10; policy accept;' \
	'    meta l4proto udp drop' \
	'  }' '}' | in_ns wan nft -f -

PKI=$E2E_DIR/pki
pki_ca "$PKI"
for n in center machine rogue; do pki_cert "$PKI" $n; done
OTHER=$E2E_DIR/other
pki_ca "$OTHER"

cat > "$(gw_dir center)/vpn.conf" <<-MODEL
global {
    tcp_encapsulation {
        listen = yes
    }
    path_finder {
        listen = yes
        certificate = $PKI/center.crt
        key = $PKI/center.key
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
                local = 10.1.0.0/24
                remote = 10.0.0.0/8
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
# initiator GW LAN CA
initiator() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-MODEL
	connections {
	    center {
	        gateway = 192.0.2.1
	        encapsulation = path_finder
	        encapsulation_port = 443
	        tunnels {
	            t {
	                local = $2
	                remote = 10.1.0.0/24
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/$1.crt
	            local_key = $PKI/$1.key
	            remote_ca = $3
	            remote_id = "CN=center.example.com, O=Smith and Co., C=US"
	        }
	    }
	}
	MODEL
}
initiator machine 10.2.0.0/24 "$PKI/ca.crt"
initiator rogue 10.5.0.0/24 "$OTHER/ca.crt"
for gw in center machine rogue; do
	mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)" 2> "$(gw_dir $gw)/translate.log" ||
		die "mguard-swanctl for $gw: $(cat "$(gw_dir $gw)/translate.log")"
done

cap=$E2E_DIR/wan.pcap
bg_start wan tshark-wan tshark -q -i br0 -w "$cap" -f ip
wait_until test -s "$cap" || die "tshark did not start"

for gw in center machine rogue; do
	charon_start "$gw" \
		--set "charon.plugins.mguard-tcp.model=$(gw_dir $gw)/vpn.conf"
done
check "center listens for Path Finder on 443" _e2e_listening center 443
check "and for TCP encapsulation on 8080" _e2e_listening center 8080
swanctl_load center || die "loading center failed"
swanctl_load machine || die "loading machine failed"

check "machine: IKE_SA and CHILD_SA up through Path Finder" \
	sa_wait machine center center-t
check "machine's IKE_SA uses the Path Finder ports (4502 -> 443)" \
	eval '[ "$(sa_get machine center local-port)" = 4502 ] &&
		[ "$(sa_get machine center remote-port)" = 443 ]'
check "machine logs the TLS session" \
	log_has machine 'mguard-tcp: TLS \(Path Finder\) with 192\.0\.2\.1\[443\] established'
check "bob pings alice through the tunnel" host_ping bob 10.1.0.10 5
check "alice pings bob through the tunnel" host_ping alice 10.2.0.10 5
check "1 MB from bob to alice arrive intact" tcp_transfer bob alice 10.1.0.10

swanctl_load rogue || die "loading rogue failed"
check "rogue refuses center's certificate (another CA)" \
	log_wait rogue 'mguard-tcp: TLS \(Path Finder\) with 192\.0\.2\.1\[443\] failed: .*certificate verify failed'
check "rogue gets no IKE_SA" eval '! sa_is rogue center ESTABLISHED'
check "center has no IKE_SA from rogue" \
	eval '[ "$(swanctl_cmd center --list-sas | grep -c 192.0.2.5)" = 0 ]'

bg_stop tshark-wan
check "the WAN shows a TLS handshake on 443" \
	eval '[ "$(tshark -r "$cap" -Y "tcp.port == 443 && tls.handshake.type == 1" 2>/dev/null | wc -l)" -ge 1 ]'
check "the IKETCP prefix never crosses the WAN in the clear" \
	eval '! grep -qa IKETCP "$cap"'
check "no IKE header is seen on the WAN (isakmp)" \
	eval '[ "$(tshark -r "$cap" -Y isakmp 2>/dev/null | wc -l)" = 0 ]'
check "nothing but TCP crossed the WAN" \
	eval '[ -z "$(tshark -r "$cap" -Y "ip and not tcp" 2>/dev/null)" ]'

finish
