#!/bin/bash
# Overhead of the project's plugins on IKE_SA + CHILD_SA setup: two real
# charons in network namespaces (tests/e2e/lib.sh), N connections (default
# 500, each its own IKE_SA with its own identities and one CHILD_SA),
# initiated all at once from moon. Measured twice each, alternating:
#   baseline  the charons without any mguard plugin
#   plugins   the same charons with every plugin the project ships loaded
#             (mguard-license counting peers, mguard-control with the model)
# Both load the same swanctl configuration, translated by mguard-swanctl
# from one model. Prints the setup rate of each run and the ratio of the
# best plugin run to the best baseline run; target: >= 0.95.
#
#   moon 192.0.2.1 ======= WAN ======= 192.0.2.2 sun
#
# usage: bench/overhead.sh [N]     (as root, after scripts/install)
set -euo pipefail
n=${1:-500}
here=$(cd "$(dirname "$0")" && pwd)
export E2E_TEST=bench-overhead E2E_TIMEOUT=${E2E_TIMEOUT:-300}
# shellcheck source-path=SCRIPTDIR source=../tests/e2e/lib.sh
. "$here/../tests/e2e/lib.sh"

plugins=$(for p in /usr/lib/ipsec/plugins/libstrongswan-mguard-*.so; do
	[ -f "$p" ] || continue
	p=${p##*/libstrongswan-}
	printf '%s ' "${p%.so}"
done)
[ -n "$plugins" ] || die "no mguard plugin installed (scripts/install)"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24

# model GW PEER LOCAL_PREFIX REMOTE_PREFIX: N connections to PEER, each with
# its own identities, PSK and a /32 tunnel; started, waiting (the benchmark
# initiates them), licensed without limit
model() {
	awk -v n="$n" -v peer="$2" -v me="$1" -v lp="$3" -v rp="$4" 'BEGIN {
		other = (me == "moon") ? "sun" : "moon"
		print "global {\n    license {\n        peers = 0\n    }\n}"
		print "connections {"
		for (i = 0; i < n; i++) {
			printf "    c%d {\n        gateway = %s\n", i, peer
			print "        startup = wait"
			printf "        tunnels {\n            t {\n"
			printf "                local = %s.%d.%d/32\n", lp, int(i / 250), i % 250 + 1
			printf "                remote = %s.%d.%d/32\n", rp, int(i / 250), i % 250 + 1
			print "            }\n        }"
			print "        authentication {\n            method = psk"
			printf "            psk = \"overhead-bench-%d-0123456789abcdef\"\n", i
			printf "            local_id = @%s-%d\n            remote_id = @%s-%d\n", me, i, other, i
			print "        }\n    }"
		}
		print "}"
	}' > "$(gw_dir "$1")/vpn.conf"
	mguard-swanctl --model "$(gw_dir "$1")/vpn.conf" \
		--swanctl-dir "$(swanctl_dir "$1")" 2> "$(gw_dir "$1")/translate.log" ||
		die "mguard-swanctl: $(cat "$(gw_dir "$1")/translate.log")"
}
model moon 192.0.2.2 10.1 10.2
model sun 192.0.2.1 10.2 10.1

# kernel-libipsec routes a CHILD_SA only when the gateway has an address in
# its local selector: give each gateway the N /32s of its side
lan_addrs() {
	seq 0 $((n - 1)) | awk -v p="$2" '{ printf "address add %s.%d.%d/32 dev lan\n", p, int($1 / 250), $1 % 250 + 1 }' |
		ip -n "$(ns "$1")" -force -batch - 2>/dev/null || true
}
lan_addrs moon 10.1
lan_addrs sun 10.2

# the same charon settings for both kinds of run: no per-IP throttling of
# half-open SAs (all come from one address), quick retransmits
common=(--set charon.block_threshold=100000 --set charon.cookie_threshold=100000
	--set charon.retransmit_timeout=2
	--set charon.retransmit_base=1.4 --loglevel 0)

# established GW: all N IKE_SAs up, none half-open
established() {
	swanctl_cmd "$1" --stats | grep -E "^IKE_SAs: $n total, 0 half-open" >/dev/null
}

base_plugins=$E2E_PLUGINS

# run KIND: one measurement; prints the setup rate (SAs per second)
run() {
	local kind=$1 gw extra=() t0 t1 children
	E2E_PLUGINS=$base_plugins
	for gw in moon sun; do
		extra=()
		if [ "$kind" = plugins ]; then
			# mguard-tcp's socket (which also carries UDP) must come
			# before socket-default's
			case " $plugins " in
			*" mguard-tcp "*)
				E2E_PLUGINS=${base_plugins/socket-default/mguard-tcp socket-default} ;;
			esac
			extra=(--plugins "${plugins/mguard-tcp /}"
				--set "charon.plugins.mguard-license.model=$(gw_dir $gw)/vpn.conf"
				--set "charon.plugins.mguard-control.model=$(gw_dir $gw)/vpn.conf"
				--set "charon.plugins.mguard-tcp.model=$(gw_dir $gw)/vpn.conf")
		fi
		charon_start "$gw" "${common[@]}" "${extra[@]}"
		if [ "$kind" = plugins ]; then
			for p in $plugins; do
				swanctl_cmd "$gw" --stats | grep -E "^loaded plugins:.* $p( |\$)" >/dev/null ||
					die "$gw: charon did not load $p"
			done
		fi
		swanctl_load "$gw" || die "loading $gw's connections failed"
	done
	t0=$(date +%s%N)
	# --timeout -1: vici answers at once, charon initiates in the background
	seq 0 $((n - 1)) | xargs -P 8 -I{} \
		env STRONGSWAN_CONF="$(gw_dir moon)/strongswan.conf" \
		ip netns exec "$(ns moon)" swanctl --initiate --child c{}-t \
		--timeout -1 --uri "$(vici_uri moon)" > /dev/null 2>&1
	# poll finely: wait_until's 0.5 s steps would dominate short runs
	while ! established moon; do
		[ $(($(date +%s%N) - t0)) -lt $((E2E_TIMEOUT * 1000000000)) ] ||
			die "$kind: not all $n IKE_SAs came up"
		sleep 0.05
	done
	t1=$(date +%s%N)
	children=$(swanctl_cmd moon --list-sas | grep -c 'INSTALLED, TUNNEL' || true)
	[ "$children" = "$n" ] || die "$kind: $children of $n CHILD_SAs installed"
	charon_stop moon
	charon_stop sun
	echo "$n $t0 $t1" | awk '{ printf "%.1f\n", $1 / (($3 - $2) / 1e9) }'
}

printf '%-9s %6s %14s\n' run SAs "setups/s"
best_base=0
best_plug=0
for round in 1 2; do
	for kind in baseline plugins; do
		rate=$(run "$kind")
		printf '%-9s %6d %14s\n' "$kind" "$n" "$rate"
		if [ "$kind" = baseline ]; then
			best_base=$(echo "$rate $best_base" | awk '{ print ($1 > $2) ? $1 : $2 }')
		else
			best_plug=$(echo "$rate $best_plug" | awk '{ print ($1 > $2) ? $1 : $2 }')
		fi
	done
done
ratio=$(echo "$best_plug $best_base" | awk '{ printf "%.2f", $1 / $2 }')
echo "plugins loaded: $plugins"
echo "best of 2 each: baseline $best_base/s, plugins $best_plug/s, ratio $ratio"
echo "(IKE_SA + CHILD_SA, IKEv2 PSK, x25519 defaults of mguard-swanctl; load average $(cut -d' ' -f1-3 /proc/loadavg))"
if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.95) }'; then
	echo "target: plugins/baseline >= 0.95: met"
else
	echo "target: plugins/baseline >= 0.95: NOT met"
fi
e2e_after_cleanup() { :; }
E2E_PASSED=1
finish
