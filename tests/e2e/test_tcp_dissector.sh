#!/bin/bash
# The RFC 9329 dissector for Wireshark/tshark (contrib/wireshark/rfc9329.lua)
# on a real capture of mguard-tcp: the topology of test_tcp_encap.sh, with
# server ID 7 on both sides.
#
#   alice ------ center ===== WAN (nftables: udp drop) ===== machine ------ bob
#   10.1.0.10  10.1.0.1  192.0.2.1                     192.0.2.2  10.2.0.1  10.2.0.10
#
#   center: tcp_encapsulation listen on 8080, server_id = 7
#   machine: encapsulation = tcp to 192.0.2.1:8080, encapsulation_server_id = 7
#   machine's WAN link has an MTU of 576 (TCP MSS 536 both ways), so that
#   ESP and IKE_AUTH frames are split over segments and the dissector must
#   reassemble them
#
# Must hold (tshark -X lua_script:rfc9329.lua on the WAN capture):
#   - the stream's IKETCP prefix is found, once, from the machine
#   - IKE_SA_INIT and IKE_AUTH both ways are decoded by Wireshark's ISAKMP
#   - ESP frames both ways, decoded by Wireshark's ESP, with exactly the
#     CHILD_SA's SPIs (swanctl --list-sas spi-in/spi-out)
#   - rfc9329.server_id is 7 in the IKE_SA_INIT request and nowhere else
#   - per direction, the frames (type and length, in order) are exactly
#     those the test's own deframer (rfc9329_deframe.pl) finds: nothing
#     lost or invented across segments; frames split over segments and
#     several frames in one segment both occur
#   - the tunnel's stream: no malformed packet, no expert error, nothing of
#     rfc9329's expert infos; three broken streams the machine opens (no
#     prefix; frame length 3; server ID 99) get exactly theirs
#   - copies of the capture with corrupted TCP payload: no Lua error
#   - the packet list (dissected without a tree) shows the same packets as
#     RFC 9329 as the tree does
#   - negative: tshark without the script knows no rfc9329; with the port
#     preference moved elsewhere nothing is dissected, and "Decode As"
#     brings it back
#
# The dissector is the installed one (make install, scripts/install), and
# must be this tree's; E2E_DISSECTOR=FILE tests another one.
# E2E_KEEP_CAPTURE=DIR keeps the capture (wan.pcap) in DIR.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

tcp_sites
# real segments on the WAN, not the veth's 64 KiB GSO packets; the
# machine's uplink at 20 Mbit/s, so that its stream backs up and segments
# carry the end of one frame and the start of the next
in_ns machine ip link set wan mtu 576 gso_max_segs 1
in_ns center ip link set wan gso_max_segs 1
in_ns machine tc qdisc add dev wan root tbf rate 20mbit burst 16k limit 4m
tcp_pki center machine
TCP_SERVER_ID=7 tcp_center center 10.1.0.0/24 10.2.0.0/24
tcp_initiator machine center center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24 \
	"encapsulation_server_id = 7"
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

# three broken streams from the machine, each closed by the center, for the
# dissector's expert infos: no prefix; a frame length of 3; a server ID
# notify with 99 in an IKE_SA_INIT request (28-byte header, 9-byte notify)
raw() { tcp_raw machine "$@"; }
check "center closes a stream without prefix (tcp.stream 1)" \
	raw 'n N N' 10 305419896 1
check "center closes a stream with a frame length of 3 (tcp.stream 2)" \
	raw 'A6 n C' IKETCP 3 0
check "center closes a stream asking for server ID 99 (tcp.stream 3)" \
	raw 'A6 n N A8 x8 C4 N N C2 n C2 n C' IKETCP 43 0 XXXXXXXX \
		41 32 34 8 0 37 0 0 9 0 0 41000 99

check "alice pings bob through the tunnel" host_ping alice 10.2.0.10 5
check "bob pings alice through the tunnel" host_ping bob 10.1.0.10 5
check "1 MB from bob to alice arrive intact" \
	tcp_transfer bob alice 10.1.0.10 1048576


spis=$(printf '%s\n' "$(sa_get machine center center-t spi-in)" \
	"$(sa_get machine center center-t spi-out)" | sort -u | tr '\n' ' ')

# --- the capture through the dissector --------------------------------------
tcp_capture_stop
[ -z "${E2E_KEEP_CAPTURE:-}" ] || cp "$cap" "$E2E_KEEP_CAPTURE/wan.pcap"
# the dissector as make install puts it (E2E_DISSECTOR: another one)
lua=${E2E_DISSECTOR:-/usr/share/strongswan-mguard/wireshark/rfc9329.lua}
[ -r "$lua" ] || die "no dissector at $lua (scripts/install installs it)"
[ -n "${E2E_DISSECTOR:-}" ] ||
	check "the installed dissector is this tree's ($lua)" \
		cmp "$lua" "$E2E_LIBDIR/../../contrib/wireshark/rfc9329.lua"
# dissect [TSHARK OPTIONS...]: the capture through the dissector, in two
# passes (as Wireshark dissects packets again when they are clicked; and
# tcp.reassembled_in is known only then)
dissect() {
	tshark -2 -X "lua_script:$lua" -r "$cap" "$@" 2> "$E2E_DIR/tshark.err"
}
fields=$E2E_DIR/fields
dissect -Y 'rfc9329 and tcp.stream == 0' -T fields -E separator=/t \
	-e frame.number -e tcp.dstport -e rfc9329.prefix -e rfc9329.type \
	-e rfc9329.length -e rfc9329.esp.spi -e rfc9329.server_id \
	-e isakmp.exchangetype -e esp.spi > "$fields" ||
	die "tshark with the dissector failed: $(cat "$E2E_DIR/tshark.err")"
note "$(wc -l < "$fields") packets with RFC 9329 frames"
# column N of the field table, one value a line
col() { cut -f "$1" "$fields" | tr ',' '\n' | sed '/^$/d'; }

check "the IKETCP prefix is found once, from the machine (to 8080)" \
	eval '[ "$(col 3)" = IKETCP ] &&
		[ "$(awk -F"\t" "\$3 == \"IKETCP\" { print \$2 }" "$fields")" = 8080 ]'
check "ISAKMP decodes IKE_SA_INIT both ways (isakmp.exchangetype 34)" \
	eval '[ "$(dissect -Y "rfc9329 and isakmp.exchangetype == 34" | wc -l)" -ge 2 ] &&
		[ "$(col 8 | grep -c "^34$")" -ge 2 ]'
check "ISAKMP decodes IKE_AUTH both ways (isakmp.exchangetype 35)" \
	eval '[ "$(col 8 | grep -c "^35$")" -ge 2 ] &&
		dissect -Y "rfc9329 and isakmp.exchangetype == 35 and tcp.srcport == 8080" |
			grep -q . &&
		dissect -Y "rfc9329 and isakmp.exchangetype == 35 and tcp.dstport == 8080" |
			grep -q .'
hex8() { sed 's/^0x//' | tr 'A-F' 'a-f' | sort -u | tr '\n' ' '; }
frame_spis=$(col 6 | hex8)
esp_spis=$(col 9 | hex8)
note "CHILD_SA SPIs: $spis; rfc9329.esp.spi: $frame_spis; esp.spi: $esp_spis"
check "ESP frames carry exactly the CHILD_SA's SPIs (rfc9329.esp.spi)" \
	eval '[ -n "$spis" ] && [ "$frame_spis" = "$spis" ]'
check "ESP decodes them (esp.spi the same)" eval '[ "$esp_spis" = "$spis" ]'
check "rfc9329.server_id is 7, in the IKE_SA_INIT request only" \
	eval '[ "$(col 7)" = 7 ] &&
		[ "$(dissect -Y "rfc9329.server_id == 7 and isakmp.exchangetype == 34 and isakmp.rspi == 00:00:00:00:00:00:00:00 and tcp.dstport == 8080" | wc -l)" = 1 ]'

# the frames per direction as the dissector and the test's deframer see them
tshark -r "$cap" -q -z follow,tcp,raw,0 2>/dev/null |
	"$E2E_LIBDIR/rfc9329_deframe.pl" > "$E2E_DIR/deframed" ||
	die "the test's deframer fails on the capture: $(tail -3 "$E2E_DIR/deframed")"
reference() {
	awk -v d="$1" '$1 == "dir" && $2 == d && $3 == "ike" { print "IKE", $5 + 6 }
		$1 == "dir" && $2 == d && $3 == "esp" { print "ESP", $5 + 2 }' \
		"$E2E_DIR/deframed"
}
dissected() {
	awk -F'\t' -v p="$1" '($2 == 8080) == (p == 0) {
		n = split($4, t, ","); split($5, l, ",")
		for (i = 1; i <= n; i++) print t[i], l[i]
	}' "$fields"
}
reference 0 > "$E2E_DIR/ref0"; dissected 0 > "$E2E_DIR/dis0"
reference 1 > "$E2E_DIR/ref1"; dissected 1 > "$E2E_DIR/dis1"
note "frames machine -> center: $(wc -l < "$E2E_DIR/ref0") (deframer), $(wc -l < "$E2E_DIR/dis0") (dissector)"
note "frames center -> machine: $(wc -l < "$E2E_DIR/ref1") (deframer), $(wc -l < "$E2E_DIR/dis1") (dissector)"
check "machine -> center: the dissector's frames are the deframer's, in order" \
	eval '[ -s "$E2E_DIR/ref0" ] && diff "$E2E_DIR/ref0" "$E2E_DIR/dis0"'
check "center -> machine: the dissector's frames are the deframer's, in order" \
	eval '[ -s "$E2E_DIR/ref1" ] && diff "$E2E_DIR/ref1" "$E2E_DIR/dis1"'
# a segment with a whole frame (or a frame's end) and the start of the next
multi=$(dissect -Y 'rfc9329 and tcp.reassembled_in' | wc -l)
split=$(dissect -Y 'rfc9329 and tcp.segments' | wc -l)
note "segments with a frame and the start of the next: $multi; frames reassembled from several segments: $split"
check "some segments carry more than one frame" eval '[ "$multi" -gt 0 ]'
check "some frames are reassembled from several segments" eval '[ "$split" -gt 0 ]'
note "expert warnings (TCP analysis included): $(dissect -Y "_ws.expert.severity == 0x00600000" | wc -l)"
check "the tunnel's stream: no malformed packet, no expert error, no rfc9329 expert" \
	eval '[ -z "$(dissect -Y "tcp.stream == 0 and (_ws.malformed or _ws.expert.severity >= 0x00800000 or rfc9329.length.short or rfc9329.prefix.missing or rfc9329.server_id.invalid or rfc9329.ike.truncated)")" ]'
# expert_streams FIELD: the TCP streams where the dissector reports FIELD
expert_streams() {
	dissect -Y "$1" -T fields -e tcp.stream | sort -u | tr '\n' ' '
}
check "the stream without prefix: rfc9329.prefix.missing, there only" \
	eval '[ "$(expert_streams rfc9329.prefix.missing)" = "1 " ]'
check "the frame length of 3: rfc9329.length.short, there only" \
	eval '[ "$(expert_streams rfc9329.length.short)" = "2 " ]'
check "server ID 99: rfc9329.server_id.invalid, there only" \
	eval '[ "$(expert_streams "rfc9329.server_id.invalid and rfc9329.server_id == 99")" = "3 " ]'

# Wireshark's packet list (and tshark without -V, -Y, -T fields) dissects
# without a protocol tree: the same packets must be RFC 9329 there
listed=$(dissect | awk '$6 == "RFC9329" { print $1 }' | tr '\n' ' ')
in_tree=$(dissect -Y rfc9329 -T fields -e frame.number | tr '\n' ' ')
check "without a tree the same packets are RFC 9329 ($(wc -w <<< "$listed"))" \
	eval '[ -n "$listed" ] && [ "$listed" = "$in_tree" ]'

# hostile streams: the capture with TCP payload bytes corrupted (fixed
# seeds, 1 byte in 2000 to 1 in 20); the dissector must not fail (ISAKMP and
# ESP may call the messages malformed, the dissector the frames)
# corrupt IN OUT SEED RATE: classic pcap IN (Ethernet, IPv4) to OUT
corrupt() {
	perl -e '
		my ($in, $out, $seed, $rate) = @ARGV;
		srand($seed);
		open(my $i, "<:raw", $in) or die "$in: $!";
		open(my $o, ">:raw", $out) or die "$out: $!";
		read($i, my $h, 24) == 24 or die "$in: no pcap header";
		print $o $h;
		while (read($i, my $r, 16) == 16) {
			my $len = (unpack("V4", $r))[2];
			read($i, my $p, $len) == $len or die "$in: truncated";
			if ($len > 54 && ord(substr($p, 23, 1)) == 6) {
				my $ip = (ord(substr($p, 14, 1)) & 15) * 4;
				my $tcp = (ord(substr($p, 14 + $ip + 12, 1)) >> 4) * 4;
				for my $k (14 + $ip + $tcp .. $len - 1) {
					substr($p, $k, 1) = chr(int(rand(256))) if rand() < $rate;
				}
			}
			print $o $r, $p;
		}' "$@"
}
lua_errors() {
	local seed rate n=0
	editcap -F pcap "$cap" "$E2E_DIR/plain.pcap" || return 1
	for seed in 1 2 3 4; do
		for rate in 0.0005 0.005 0.05; do
			corrupt "$E2E_DIR/plain.pcap" "$E2E_DIR/bad.pcap" "$seed" "$rate" ||
				return 1
			n=$(tshark -2 -X "lua_script:$lua" -r "$E2E_DIR/bad.pcap" -V \
				2>&1 | grep -c 'Lua Error') || true
			[ "$n" = 0 ] || { echo "seed $seed rate $rate: $n Lua errors"; return 1; }
		done
	done
}
check "12 corrupted copies of the capture: no Lua error" lua_errors

# --- the checks depend on the dissector -------------------------------------
check_fails "without the script tshark knows no rfc9329" \
	tshark -r "$cap" -Y rfc9329 -c 1
check "with the port preference at 9999 no rfc9329 frame is found" \
	eval '[ -z "$(dissect -o rfc9329.tcp_port:9999 -Y rfc9329)" ]'
check "Decode As tcp.port==8080 finds them again (port preference 9999)" \
	eval '[ "$(dissect -o rfc9329.tcp_port:9999 -d tcp.port==8080,rfc9329 \
		-Y "rfc9329.server_id == 7" | wc -l)" = 1 ]'

finish
