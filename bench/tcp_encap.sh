#!/bin/bash
# Throughput of TCP encapsulation (mguard-tcp) against UDP encapsulation and
# the raw veth path, in one run, and the memory a responder spends per idle
# TCP client.
#
#   alice ---- center ======== WAN ======== machine ---- bob
#   10.1.0.10  192.0.2.1                    192.0.2.2    10.2.0.10
#
# iperf3 from bob to alice (TCP, 5 s, best of 2) through:
#   raw   machine -> center directly on the WAN (no tunnel)
#   udp   the tunnel with ESP in UDP (kernel-libipsec)
#   tcp   the tunnel with IKE and ESP in one TCP stream (UDP dropped)
#   pf    the same inside TLS (Path Finder, port 443)
# Targets: tcp >= 0.9 x udp (the mGuard manual says TCP encapsulation slows
# connections significantly), pf >= 0.8 x udp.
# Then N idle clients (default 10,000) connect to center and send the
# IKETCP prefix: center's charon RSS before and after, per stream.
#
# usage: bench/tcp_encap.sh [N]     (as root, after scripts/install)
set -euo pipefail
idle=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
export E2E_TEST=bench-tcp-encap E2E_TIMEOUT=${E2E_TIMEOUT:-60}
# shellcheck source-path=SCRIPTDIR source=../tests/e2e/lib.sh
. "$here/../tests/e2e/lib.sh"
command -v iperf3 > /dev/null || die "iperf3 is not installed (scripts/install)"

# shellcheck source-path=SCRIPTDIR source=../tests/e2e/tcp_lib.sh
. "$here/../tests/e2e/tcp_lib.sh"
tcp_sites
in_ns wan nft delete table bridge mguard_e2e_block
tcp_pki center machine
tcp_center center 10.1.0.0/24 10.2.0.0/24 "path_finder {" "    listen = yes" \
	"    certificate = $TCP_PKI/center.crt" "    key = $TCP_PKI/center.key" "}"

# models ENCAPSULATION [PORT]: machine's connection, translated for both
models() {
	tcp_initiator machine center center 192.0.2.1 "$1" 10.2.0.0/24 10.1.0.0/24 \
		"encapsulation_port = ${2:-8080}"
	rm -f "$(swanctl_dir center)"/conf.d/* "$(swanctl_dir machine)"/conf.d/*
	tcp_translate center machine
}

# iperf FROM TO ADDR: receiver throughput in Mbit/s, best of 2 runs of 5 s
iperf() {
	local best=0 r
	bg_start "$2" iperf3-server iperf3 -s -B "$3"
	wait_until _e2e_listening "$2" 5201 || die "iperf3 server did not start"
	for r in 1 2; do
		r=$(in_ns "$1" iperf3 -c "$3" -t 5 -f m 2>&1 |
			awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }')
		[ -n "$r" ] || die "iperf3 from $1 to $3 failed"
		best=$(echo "$r $best" | awk '{ print ($1 > $2) ? $1 : $2 }')
	done
	bg_stop iperf3-server
	echo "$best"
}

# tunnel ENCAPSULATION [PORT]: bring the tunnel up
tunnel() {
	models "$1" "${2:-}"
	for gw in center machine; do
		tcp_charon "$gw" --loglevel 0 \
			--set charon.plugins.mguard-tcp.max_unauthenticated=$((idle + 100)) \
			--set charon.plugins.mguard-tcp.max_unauthenticated_per_source=$((idle + 100)) \
			--set charon.plugins.mguard-tcp.handshake_timeout=600 \
			--set charon.plugins.mguard-tcp.auth_timeout=600
		swanctl_load "$gw" || die "loading $gw failed"
	done
	sa_wait machine center center-t || die "the $1 tunnel did not come up"
	sa_wait center machines machines-t || die "the $1 tunnel did not come up"
}
untunnel() { charon_stop machine; charon_stop center; }

raw=$(iperf machine center 192.0.2.1)
tunnel none
udp=$(iperf bob alice 10.1.0.10)
untunnel
tcp_udp_drop
tunnel tcp
tcp=$(iperf bob alice 10.1.0.10)
untunnel
tunnel path_finder 443
pf=$(iperf bob alice 10.1.0.10)

printf '%-24s %12s %10s\n' path "Mbit/s" "x udp"
for row in "raw veth:$raw" "UDP encapsulation:$udp" "TCP encapsulation:$tcp" \
		"Path Finder (TLS):$pf"; do
	printf '%-24s %12s %10s\n' "${row%%:*}" "${row#*:}" \
		"$(echo "${row#*:} $udp" | awk '{ printf "%.2f", $1 / $2 }')"
done
ratio=$(echo "$tcp $udp" | awk '{ printf "%.2f", $1 / $2 }')
if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.9) }'; then
	echo "target: TCP >= 0.9 x UDP: met ($ratio)"
else
	echo "target: TCP >= 0.9 x UDP: NOT met ($ratio)"
fi
ratio=$(echo "$pf $udp" | awk '{ printf "%.2f", $1 / $2 }')
if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.8) }'; then
	echo "target: Path Finder >= 0.8 x UDP: met ($ratio)"
else
	echo "target: Path Finder >= 0.8 x UDP: NOT met ($ratio)"
fi

# --- idle clients -------------------------------------------------------------
pid=$(charon_pid center)
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
before=$(rss)
bg_start machine idle perl -MIO::Socket::INET -e '
	$| = 1;
	my ($n, @s) = (shift);
	for (1 .. $n) {
		my $c = IO::Socket::INET->new(PeerAddr => "192.0.2.1:8080",
			Timeout => 5) or last;
		print $c "IKETCP";
		push @s, $c;
	}
	print scalar(@s), " connected\n";
	sleep 600;' "$idle"
wait_until -t 300 grep -q connected "$E2E_DIR/idle.log" || die "the idle clients did not connect"
held() { in_ns center ss -Htn state established "sport = :8080" | wc -l; }
wait_until -t 60 eval '[ "$(held)" -ge "$(cut -d" " -f1 "$E2E_DIR/idle.log")" ]' || true
after=$(rss)
n=$(held)
check_ping=$(in_ns bob ping -n -q -c 3 -W 2 10.1.0.10 > /dev/null 2>&1 && echo yes || echo no)
echo "idle TCP clients held by center: $n of $idle asked ($(cat "$E2E_DIR/idle.log"))"
echo "center's charon RSS: $before kB before, $after kB with them:" \
	"$(echo "$before $after $n" | awk '{ printf "%.1f", ($2 - $1) * 1024 / ($3 ? $3 : 1) }') bytes per stream"
echo "the tunnel still carries pings with them: $check_ping"
echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
bg_stop idle
E2E_PASSED=1
finish
