# shellcheck shell=bash
# What the TCP encapsulation tests (test_tcp_*.sh, bench/tcp_encap.sh) share,
# on top of lib.sh: mguard-tcp in the load list, a WAN that drops UDP, test
# certificates, and the models of a listening center and of initiators.
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/tcp_lib.sh"
#	tcp_sites          # center + alice, machine + bob, UDP dropped
#	tcp_pki center machine
#	tcp_center center 10.1.0.0/24 10.2.0.0/24
#	tcp_initiator machine center 192.0.2.1 tcp 10.2.0.0/24 10.1.0.0/24
#	tcp_translate center machine
#	tcp_charon center; tcp_charon machine

# mguard-tcp's socket must be registered before socket-default's
E2E_PLUGINS=${E2E_PLUGINS/socket-default/mguard-tcp socket-default}
TCP_PKI=$E2E_DIR/pki

# tcp_udp_drop [SEG]: the WAN's bridge drops every UDP packet (nftables);
# tcp_udp_dropped [SEG]: how many it dropped
tcp_udp_drop() {
	printf '%s\n' 'table bridge mguard_e2e_block {' \
		'  chain forward {' \
		'    type filter hook forward priority -10; policy accept;' \
		'    meta l4proto udp counter drop' \
		'  }' '}' | in_ns "${1:-wan}" nft -f -
}
tcp_udp_dropped() {
	in_ns "${1:-wan}" nft list chain bridge mguard_e2e_block forward |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

# tcp_sites: center (192.0.2.1, LAN 10.1.0.0/24 with alice 10.1.0.10) and
# machine (192.0.2.2, LAN 10.2.0.0/24 with bob 10.2.0.10) on a WAN that
# drops UDP
tcp_sites() {
	wan_create
	gw_create center 192.0.2.1/24 10.1.0.1/24
	gw_create machine 192.0.2.2/24 10.2.0.1/24
	host_create alice center 10.1.0.10/24
	host_create bob machine 10.2.0.10/24
	tcp_udp_drop
}

# tcp_pki NAME...: a CA in $TCP_PKI and a certificate for each NAME
tcp_pki() {
	local n
	[ -f "$TCP_PKI/ca.crt" ] || pki_ca "$TCP_PKI"
	for n in "$@"; do pki_cert "$TCP_PKI" "$n"; done
}

# tcp_center GW LOCAL REMOTE [GLOBAL...]: GW's model: listens for TCP
# encapsulation on its "wan" (default port 8080; server ID $TCP_SERVER_ID,
# default 0) and accepts any peer of the test CA for LOCAL === REMOTE;
# GLOBAL lines go into global {}
tcp_center() {
	local gw=$1 local=$2 remote=$3 line
	shift 3
	{
		echo "global {"
		echo "    tcp_encapsulation {"
		echo "        listen = yes"
		echo "        server_id = ${TCP_SERVER_ID:-0}"
		echo "    }"
		echo "    interfaces {"
		echo "        external = wan"
		echo "    }"
		for line in "$@"; do echo "    $line"; done
		echo "}"
		echo "connections {"
		echo "    machines {"
		echo "        gateway = %any"
		echo "        startup = wait"
		echo "        tunnels {"
		echo "            t {"
		echo "                local = $local"
		echo "                remote = $remote"
		echo "            }"
		echo "        }"
		echo "        authentication {"
		echo "            method = x509"
		echo "            local_certificate = $TCP_PKI/$gw.crt"
		echo "            local_key = $TCP_PKI/$gw.key"
		echo "            remote_ca = $TCP_PKI/ca.crt"
		echo "        }"
		echo "    }"
		echo "}"
	} > "$(gw_dir "$gw")/vpn.conf"
}

# tcp_connection KEY CERT CENTER GATEWAY ENCAP LOCAL REMOTE [OPTION...]:
# one connection section (for tcp_initiator), X.509 with CERT's
# certificate, to CENTER's certificate; OPTIONs are further lines
# ("encapsulation_port = 443", "startup = on_traffic", ...)
tcp_connection() {
	local key=$1 cert=$2 center=$3 gateway=$4 encap=$5 local=$6 remote=$7
	local line ca=$TCP_PKI/ca.crt
	shift 7
	echo "    $key {"
	echo "        gateway = $gateway"
	echo "        encapsulation = $encap"
	for line in "$@"; do
		case $line in
			remote_ca=*) ca=${line#remote_ca=} ;;
			*) echo "        $line" ;;
		esac
	done
	echo "        tunnels {"
	echo "            t {"
	echo "                local = $local"
	echo "                remote = $remote"
	echo "            }"
	echo "        }"
	echo "        authentication {"
	echo "            method = x509"
	echo "            local_certificate = $TCP_PKI/$cert.crt"
	echo "            local_key = $TCP_PKI/$cert.key"
	echo "            remote_ca = $ca"
	echo "            remote_id = \"CN=$center.example.com, O=Smith and Co., C=US\""
	echo "        }"
	echo "    }"
}

# tcp_initiator GW KEY CENTER GATEWAY ENCAP LOCAL REMOTE [OPTION...]: GW's
# model with one connection (see tcp_connection; GW's own certificate)
tcp_initiator() {
	local gw=$1
	shift
	{
		echo "connections {"
		tcp_connection "$1" "$gw" "${@:2}"
		echo "}"
	} > "$(gw_dir "$gw")/vpn.conf"
}

# tcp_translate GW...: mguard-swanctl for each GW's model
tcp_translate() {
	local gw
	for gw in "$@"; do
		mguard-swanctl --model "$(gw_dir "$gw")/vpn.conf" \
			--swanctl-dir "$(swanctl_dir "$gw")" 2> "$(gw_dir "$gw")/translate.log" ||
			die "mguard-swanctl for $gw: $(cat "$(gw_dir "$gw")/translate.log")"
	done
}

# tcp_charon GW [charon_start options]: GW's charon with mguard-tcp reading
# GW's model
tcp_charon() {
	local gw=$1
	shift
	charon_start "$gw" \
		--set "charon.plugins.mguard-tcp.model=$(gw_dir "$gw")/vpn.conf" "$@"
}

# tcp_capture / tcp_capture_stop: tshark on the WAN bridge into $TCP_CAPTURE
TCP_CAPTURE=$E2E_DIR/wan.pcap
tcp_capture() {
	bg_start wan tshark-wan tshark -q -i br0 -w "$TCP_CAPTURE" -f ip
	wait_until test -s "$TCP_CAPTURE" || die "tshark did not start"
}
tcp_capture_stop() { bg_stop tshark-wan; }

# tcp_raw NS PACK ARGS...: from namespace NS, send perl pack(PACK, ARGS)
# bytes to center's 192.0.2.1:8080 and read until center closes the stream
# (at most 15 s; exit 2 then)
tcp_raw() {
	local ns=$1
	shift
	in_ns "$ns" perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(PeerAddr => "192.0.2.1:8080",
			Timeout => 5) or die "connect: $!";
		print $s pack(shift @ARGV, @ARGV);
		$s->flush;
		local $SIG{ALRM} = sub { exit 2 };
		alarm 15;
		1 while sysread($s, my $buf, 1024);
		exit 0;' "$@"
}

# tcp_check_udp_blocked FROM: a UDP probe from FROM to center's 4500 is
# dropped on the WAN (a check line)
tcp_check_udp_blocked() {
	local drops
	drops=$(tcp_udp_dropped)
	in_ns "$1" socat -u - UDP:192.0.2.1:4500 <<< probe > /dev/null 2>&1 || true
	check "UDP cannot cross the WAN (a probe to 4500 is dropped)" \
		wait_until eval '[ "$(tcp_udp_dropped)" -gt '"$drops"' ]'
}
