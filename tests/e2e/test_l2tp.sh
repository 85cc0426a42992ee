#!/bin/bash
# L2TP over IPsec (IPsec VPN >> L2TP via IPsec), as far as this machine
# allows.
#
#   lns 198.51.100.1 ========= wan ========= lac 198.51.100.2
#   (mguard-l2tp + xl2tpd, charon)           (xl2tpd as L2TP client, charon)
#
# 1. The IPsec part: the seed's transport connection for L2TP (type
#    transport, protocol udp, %all/%all, PFS no) translates to a transport
#    CHILD_SA for UDP; kernel-libipsec (the only ESP data path on this
#    kernel, which lacks CONFIG_INET_ESP) supports tunnel mode only
#    (libipsec/ipsec_sa.c: "IPsec SA: unsupported mode"). The check below
#    pins that fact: when it starts failing, the data path carries
#    transport mode and this test should carry L2TP through it.
# 2. The L2TP part over plain UDP: mguard-l2tp writes xl2tpd's
#    configuration from the model (local ip, remote range), xl2tpd runs with
#    the command line of mguard-l2tp.service, and an xl2tpd in another
#    namespace establishes an L2TP tunnel with it. The PPP session inside
#    needs /dev/ppp, which this kernel does not have.
# 3. global.l2tp.enabled = no removes the configuration and the unit's
#    condition (mguard-l2tp --enabled) says no.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

for t in mguard-swanctl mguard-l2tp xl2tpd; do
	command -v $t >/dev/null || die "$t not installed"
done

wan_create wan
gw_create lns 198.51.100.1/24 10.1.0.1/24
gw_create lac 198.51.100.2/24 10.2.0.1/24

# model GW PEER L2TP_ENABLED
model() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-EOF
	global {
	    l2tp {
	        enabled = $3
	        local_ip = 10.106.106.1
	        remote_start = 10.106.106.10
	        remote_end = 10.106.106.20
	    }
	}
	connections {
	    l2tp {
	        name = L2TP clients
	        gateway = $2
	        startup = wait
	        version = ikev1
	        tunnels {
	            t1 {
	                type = transport
	                protocol = udp
	            }
	        }
	        authentication {
	            method = psk
	            psk = "an L2TP group secret"
	        }
	        ike {
	            pfs = no
	        }
	    }
	}
	EOF
}
model lns 198.51.100.2 yes
model lac 198.51.100.1 no
for gw in lns lac; do
	check "mguard-swanctl translates $gw's L2TP model" \
		mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)"
done
transport_child() {
	grep -qE '^				mode = transport$' "$(swanctl_dir lns)/conf.d/mguard.conf" &&
		grep -qE '^				local_ts = dynamic\[udp\]$' \
			"$(swanctl_dir lns)/conf.d/mguard.conf"
}
check "the L2TP connection is a transport CHILD_SA for UDP" transport_child

# --- 1. kernel-libipsec and transport mode --------------------------------
charon_start lns
charon_start lac
check "lns loads it" swanctl_load lns
check "lac loads it" swanctl_load lac
swanctl_cmd lac --initiate --child l2tp-t1 --timeout 15 \
	> "$(gw_dir lac)/initiate.log" 2>&1 || true
check "the IKE_SA comes up" sa_wait lac l2tp
check "kernel-libipsec refuses the transport SA ('IPsec SA: unsupported mode')" \
	log_wait lac 'IPsec SA: unsupported mode'
check_fails "so no transport CHILD_SA is installed here" \
	sa_is lac l2tp l2tp-t1 INSTALLED
charon_stop lac
charon_stop lns

# --- 2. xl2tpd with mguard-l2tp's configuration, over plain UDP ------------
run=$(gw_dir lns)/run
check "mguard-l2tp writes xl2tpd's configuration" \
	mguard-l2tp --model "$(gw_dir lns)/vpn.conf" --dir "$run"
conf_has() { grep -qxF "$1" "$run/xl2tpd.conf"; }
check "local ip from global.l2tp.local_ip" conf_has "local ip = 10.106.106.1"
check "the remote range from remote_start/remote_end" \
	conf_has "ip range = 10.106.106.10-10.106.106.20"
check "the unit's condition says enabled" \
	mguard-l2tp --model "$(gw_dir lns)/vpn.conf" --enabled
# the command line of mguard-l2tp.service
bg_start lns xl2tpd-lns xl2tpd -D -c "$run/xl2tpd.conf" \
	-p "$run/xl2tpd.pid" -C "$run/l2tp-control"
listening() { in_ns lns ss -uln | grep ':1701 ' >/dev/null; }
check "xl2tpd listens on UDP 1701" wait_until listening

lacdir=$(gw_dir lac)/l2tp
mkdir -p "$lacdir"
cat > "$lacdir/xl2tpd.conf" <<EOF
[global]
port = 1701
[lac mguard]
lns = 198.51.100.1
require authentication = no
autodial = yes
redial = no
pppoptfile = $lacdir/options
EOF
printf 'noauth\nnoccp\n' > "$lacdir/options"
bg_start lac xl2tpd-lac xl2tpd -D -c "$lacdir/xl2tpd.conf" \
	-p "$lacdir/xl2tpd.pid" -C "$lacdir/l2tp-control"
established() { grep -q "Connection established to $2" "$E2E_DIR/$1.log"; }
check "the L2TP client establishes a tunnel with the server" \
	wait_until established xl2tpd-lac 198.51.100.1
check "the server answered it (tunnel established on its side)" \
	wait_until established xl2tpd-lns 198.51.100.2
ppp_missing() { [ ! -e /dev/ppp ]; }
if ppp_missing; then
	note "no /dev/ppp in this kernel: the PPP session inside the tunnel cannot start"
fi
bg_stop xl2tpd-lac
bg_stop xl2tpd-lns

# --- 3. disabled ---------------------------------------------------------
model lns 198.51.100.2 no
check "mguard-l2tp with L2TP disabled succeeds" \
	mguard-l2tp --model "$(gw_dir lns)/vpn.conf" --dir "$run"
check_fails "and removes xl2tpd's configuration" test -e "$run/xl2tpd.conf"
check_fails "the unit's condition says disabled" \
	mguard-l2tp --model "$(gw_dir lns)/vpn.conf" --enabled

# an invalid model: exit 1 and nothing written; the unit's condition fails
# (255) instead of skipping the unit
printf 'global {\n    l2tp {\n        enabled = maybe\n    }\n}\n' \
	> "$(gw_dir lns)/bad.conf"
invalid() {
	local rc=0
	mguard-l2tp --model "$(gw_dir lns)/bad.conf" --dir "$run" \
		2> "$(gw_dir lns)/bad.err" || rc=$?
	[ $rc = 1 ] && [ ! -e "$run/xl2tpd.conf" ] &&
		grep -q 'bad.conf: global.l2tp.enabled: ' "$(gw_dir lns)/bad.err"
}
check "an invalid model: exit 1 naming the key, nothing written" invalid
condition_fails() {
	local rc=0
	mguard-l2tp --model "$(gw_dir lns)/bad.conf" --enabled 2>/dev/null || rc=$?
	[ $rc = 255 ]
}
check "an invalid model fails the unit's condition (255)" condition_fails

finish
