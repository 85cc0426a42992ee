#!/bin/bash
# IKE and ESP in one TCP stream (RFC 9329, mguard-tcp) across a WAN that
# drops every UDP packet.
#
#   alice ------ center ===== WAN (nftables: udp drop) ===== machine ------ bob
#   10.1.0.10  10.1.0.1  192.0.2.1                     192.0.2.2  10.2.0.1  10.2.0.10
#
#   center: global.tcp_encapsulation.listen = yes (port 8080), a connection
#           with gateway %any on its external interface ("wan"), X.509
#   machine: encapsulation = tcp to 192.0.2.1:8080, startup = initiate
#
# Must hold:
#   - center listens on TCP 8080; UDP cannot cross the WAN
#   - the tunnel comes up over TCP; alice and bob ping each other and 10 MB
#     cross intact
#   - the stream killed mid-transfer (ss -K): machine reconnects, the
#     transfer completes, the IKE_SA is the same one (unique ID and SPI;
#     center rekeys the CHILD_SA as it follows machine to the new stream)
#   - the WAN carried TCP only; the test's own RFC 9329 deframer
#     (rfc9329_deframe.pl, nothing of the plugin's code) finds the IKETCP
#     prefix, IKE_SA_INIT and IKE_AUTH frames both ways, and ESP frames
#     whose SPIs are exactly those of the first CHILD_SA
#   - once the IKE_SA is terminated, the stream is closed
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

tcp_sites
tcp_pki center machine
tcp_center center 10.1.0.0/24 10.2.0.0/24
tcp_initiator machine center center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24
tcp_translate center machine

tcp_check_udp_blocked machine

# capture the WAN from before the first packet
cap=$TCP_CAPTURE
tcp_capture
tcp_charon center
tcp_charon machine
check "center listens on TCP 8080 (mguard-tcp)" _e2e_listening center 8080

swanctl_load center || die "loading center's connections failed"
swanctl_load machine || die "loading machine's connections failed"
check "machine: IKE_SA and CHILD_SA up over TCP" sa_wait machine center center-t
check "center: IKE_SA and CHILD_SA up over TCP" sa_wait center machines machines-t
check "machine's IKE_SA uses the TCP ports (4501 -> 8080)" \
	eval '[ "$(sa_get machine center local-port)" = 4501 ] &&
		[ "$(sa_get machine center remote-port)" = 8080 ]'

check "alice pings bob through the tunnel" host_ping alice 10.2.0.10 5
check "bob pings alice through the tunnel" host_ping bob 10.1.0.10 5
check "10 MB from bob to alice arrive intact" \
	tcp_transfer bob alice 10.1.0.10 10485760

ike_id=$(sa_get machine center uniqueid)
spi_i=$(sa_get machine center initiator-spi)
# the first stream carries the first CHILD_SA (the responder rekeys it when
# it follows the reconnect: kernel-libipsec cannot move an SA's ports)
spis=$(printf '%s\n' "$(sa_get machine center center-t spi-in)" \
	"$(sa_get machine center center-t spi-out)" | sort -u | tr '\n' ' ')

# --- reconnect: the stream killed mid-transfer ------------------------------
big=$E2E_DIR/big
head -c 20971520 /dev/urandom > "$big"
bg_start alice sink socat -u TCP-LISTEN:5002,reuseaddr,bind=10.1.0.10 \
	"CREATE:$E2E_DIR/big.received"
wait_until _e2e_listening alice 5002 || die "no listener on alice"
bg_start bob source socat -u "OPEN:$big" TCP:10.1.0.10:5002,connect-timeout=5
received() { stat -c %s "$E2E_DIR/big.received" 2>/dev/null || echo 0; }
wait_until eval '[ "$(received)" -gt 2000000 ]' || die "the transfer did not start"
check "ss -K kills machine's TCP stream mid-transfer ($(received) bytes in)" \
	eval 'in_ns machine ss -K dst 192.0.2.1 dport = 8080 | grep ESTAB >/dev/null'
check "machine logs the broken stream" \
	log_wait machine 'mguard-tcp: closing TCP stream to 192.0.2.1\[8080\]'
check "machine reconnects" \
	wait_until eval '[ "$(log_count machine "TCP stream to 192.0.2.1\[8080\] established")" -ge 2 ]'
check "the transfer completes after the reconnect" \
	eval 'wait_until -t 60 _e2e_gone "$(cat "$E2E_DIR/source.pid")" &&
		wait_until -t 10 _e2e_gone "$(cat "$E2E_DIR/sink.pid")" &&
		cmp -s "$big" "$E2E_DIR/big.received"'
check "the IKE_SA is the same one (unique ID $ike_id, SPI $spi_i)" \
	eval '[ "$(sa_get machine center uniqueid)" = "$ike_id" ] &&
		[ "$(sa_get machine center initiator-spi)" = "$spi_i" ]'
check "alice pings bob after the reconnect" host_ping alice 10.2.0.10 3

# --- the capture: TCP only, RFC 9329 frames ---------------------------------
tcp_capture_stop
only_tcp() {
	local other
	other=$(tshark -r "$cap" -Y "ip and not tcp and not igmp" 2>/dev/null)
	[ -z "$other" ] || { echo "not TCP:"; head -5 <<< "$other"; return 1; }
	[ "$(tshark -r "$cap" -Y tcp 2>/dev/null | wc -l)" -gt 100 ]
}
check "the WAN carried nothing but TCP (and ARP, and the bridge's own IGMP)" only_tcp
tshark -r "$cap" -q -z follow,tcp,raw,0 > "$E2E_DIR/stream0.hex" 2>/dev/null
frames=$E2E_DIR/frames
check "the test's RFC 9329 deframer reads the first stream without error" \
	eval '"$E2E_LIBDIR/rfc9329_deframe.pl" < "$E2E_DIR/stream0.hex" > "$frames"'
note "frames: $(grep -c ' ike ' "$frames") IKE, $(grep -c ' esp ' "$frames") ESP"
check "the stream opens with the IKETCP prefix" grep -q '^dir 0 prefix$' "$frames"
check "its first IKE frame is an IKE_SA_INIT request" \
	eval '[ "$(grep -m1 "^dir 0 ike" "$frames" | cut -d" " -f4)" = 34 ]'
check "IKE frames both ways: IKE_SA_INIT and IKE_AUTH" \
	eval 'grep -q "^dir 1 ike 34" "$frames" && grep -q "^dir 0 ike 35" "$frames" &&
		grep -q "^dir 1 ike 35" "$frames"'
esp_spis=$(awk '$3 == "esp" { print $4 }' "$frames" | sort -u | tr '\n' ' ')
note "CHILD_SA SPIs: $spis; ESP SPIs in the stream: $esp_spis"
check "ESP frames both ways carry exactly the first CHILD_SA's SPIs" \
	eval '[ -n "$esp_spis" ] && [ "$esp_spis" = "$spis" ] &&
		grep -q "^dir 0 esp" "$frames" && grep -q "^dir 1 esp" "$frames"'

# --- the IKE_SA gone: its stream goes too -----------------------------------
swanctl_cmd machine --terminate --ike center --timeout 10 > /dev/null 2>&1 || true
check "center closes the stream once its IKE_SA is gone" \
	log_wait center 'closing TCP stream from 192\.0\.2\.2\[[0-9]+\]: its last IKE_SA is gone'
check "machine holds no TCP stream afterwards" \
	wait_until eval '[ -z "$(in_ns machine ss -Htn state established "dport = :8080")" ]'

finish
