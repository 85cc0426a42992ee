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

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

tcp_sites
gw_create rogue 192.0.2.5/24 10.5.0.1/24
tcp_pki center machine rogue
OTHER=$E2E_DIR/other
pki_ca "$OTHER"
tcp_center center 10.1.0.0/24 10.0.0.0/8 "path_finder {" "    listen = yes" \
	"    certificate = $TCP_PKI/center.crt" "    key = $TCP_PKI/center.key" "}"
tcp_initiator machine center center 192.0.2.1 path_finder 10.2.0.0/24 \
	10.1.0.0/24 "encapsulation_port = 443"
tcp_initiator rogue center center 192.0.2.1 path_finder 10.5.0.0/24 \
	10.1.0.0/24 "encapsulation_port = 443" "remote_ca=$OTHER/ca.crt"
tcp_translate center machine rogue

cap=$TCP_CAPTURE
tcp_capture
for gw in center machine rogue; do tcp_charon $gw; done
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

tcp_capture_stop
check "the WAN shows a TLS handshake on 443" \
	eval '[ "$(tshark -r "$cap" -Y "tcp.port == 443 && tls.handshake.type == 1" 2>/dev/null | wc -l)" -ge 1 ]'
check "the IKETCP prefix never crosses the WAN in the clear" \
	eval '! grep -qa IKETCP "$cap"'
check "no IKE header is seen on the WAN (isakmp)" \
	eval '[ "$(tshark -r "$cap" -Y isakmp 2>/dev/null | wc -l)" = 0 ]'
check "nothing but TCP crossed the WAN" \
	eval '[ -z "$(tshark -r "$cap" -Y "ip and not tcp and not igmp" 2>/dev/null)" ]'

finish
