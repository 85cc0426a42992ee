#!/bin/bash
# Hostile TCP peers against a center that listens for TCP encapsulation
# (mguard-tcp), while a good tunnel runs through it.
#
#   alice ---- center ====== WAN (udp drop) ====== machine ---- bob
#   10.1.0.10  192.0.2.1              |            192.0.2.2   10.2.0.10
#                               mallory 192.0.2.66
#
#   center: handshake_timeout = 3, frame_timeout = 3, auth_timeout = 20,
#           max_unauthenticated_per_source = 10
#
# Must hold (each stream is closed with a log line naming why):
#   - a garbage prefix, frame lengths 0, 1 and 65535 after a valid prefix
#   - a connect that sends nothing, and a frame dripped a byte a second
#   - a thousand idle connects from one address: at most 10 held, the rest
#     refused (and said so in the log, not a line each)
#   - throughout, alice and bob ping each other through the good tunnel;
#     afterwards center's charon is alive, holds no attacker stream, and its
#     open files are back near where they were
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR source=tcp_lib.sh
. "$(dirname "$0")/tcp_lib.sh"

tcp_sites
ns_create mallory
wan_attach wan mallory eth0 192.0.2.66/24
tcp_pki center machine
tcp_center center 10.1.0.0/24 10.2.0.0/24
tcp_initiator machine center center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24
tcp_translate center machine
tcp_charon center \
	--set charon.plugins.mguard-tcp.handshake_timeout=3 \
	--set charon.plugins.mguard-tcp.frame_timeout=3 \
	--set charon.plugins.mguard-tcp.auth_timeout=20 \
	--set charon.plugins.mguard-tcp.max_unauthenticated_per_source=10
tcp_charon machine
swanctl_load center || die "loading center failed"
swanctl_load machine || die "loading machine failed"
sa_wait machine center center-t || die "the good tunnel did not come up"
check "the good tunnel is up before the attacks" host_ping alice 10.2.0.10 3
fds_before=$(ls "/proc/$(charon_pid center)/fd" | wc -l)

# mallory PACK ARGS...: raw bytes from mallory to center:8080 (tcp_raw)
mallory() { tcp_raw mallory "$@"; }
closed() { log_wait center "closing TCP stream from 192\.0\.2\.66\[[0-9]+\]: $1"; }

mallory 'A8' 'GARBAGE!' &&
	check "a garbage prefix: stream closed" closed 'the stream does not start with "IKETCP"'
for len in 0 1; do
	mallory 'A6n' IKETCP $len &&
		check "frame length $len: stream closed" \
			eval '[ "$(log_count center "192\.0\.2\.66.*frame length below 6")" -ge $((len + 1)) ]'
done
mallory 'A6n' IKETCP 65535 &&
	check "frame length 65535: stream closed" closed 'frame longer than the maximum'
check "an idle connect: closed after the handshake timeout" \
	eval 'mallory "A0" && closed "no prefix in time"'
drip() {
	in_ns mallory perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(PeerAddr => "192.0.2.1:8080",
			Timeout => 5) or die "connect: $!";
		$s->autoflush(1);
		print $s "IKETCP", pack("n", 100);
		$SIG{PIPE} = sub { exit 0 };
		for (1 .. 20) { print $s "x" or exit 0; sleep 1 }
		exit 1;'
}
check "a frame dripped a byte a second: closed after the frame timeout" \
	eval 'drip && closed "a frame took too long"'
check "the good tunnel works after the malformed streams" host_ping alice 10.2.0.10 3

# a thousand connects that send nothing, held open by one process
bg_start mallory flood perl -MIO::Socket::INET -e '
	$| = 1;
	my @s;
	for (1 .. 1000) {
		my $c = IO::Socket::INET->new(PeerAddr => "192.0.2.1:8080",
			Timeout => 2);
		push @s, $c if $c;
	}
	print scalar(@s), " connected\n";
	sleep 60;'
wait_until -t 60 grep -q connected "$E2E_DIR/flood.log" || die "the flood did not run"
held() {
	in_ns center ss -Htn state established "( sport = :8080 and dst 192.0.2.66 )" | wc -l
}
check "of 1000 idle connects, center holds at most 10 ($(held))" \
	eval '[ "$(held)" -le 10 ]'
refusals() {
	sed -n 's/.*mguard-tcp: refused \([0-9]*\) \(more \)\{0,1\}TCP stream.*/\1/p' \
		"$(gw_dir center)/charon.log" | awk '{ n += $1 } END { print n + 0 }'
}
check "center logs the refused streams (all counted, in few lines)" \
	eval 'wait_until eval "[ \$(refusals) -ge 900 ]" &&
		[ "$(log_count center "mguard-tcp: refused")" -le 60 ]'
check "the good tunnel works during the flood" host_ping bob 10.1.0.10 3
bg_stop flood
check "center drops the flood's streams" wait_until eval '[ "$(held)" = 0 ]'
check "center's charon is alive and still serves the tunnel" \
	eval 'charon_running center && host_ping alice 10.2.0.10 3'
check "center's open files are back to about where they were ($fds_before)" \
	wait_until eval '[ "$(ls "/proc/$(charon_pid center)/fd" | wc -l)" -le $((fds_before + 2)) ]'

finish
