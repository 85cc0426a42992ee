#!/bin/bash
# mguard-firewall's NAT part with real charons, real tunnels and real
# traffic (kernel-libipsec): models in, mguard-swanctl, tunnels up on their
# own, nothing configured beyond the model.
#
#   1. local 1:1 NAT on both sides: two sites that both use 192.168.1.0/24
#      reach each other as 10.1.7.0/24 and 10.3.9.0/24
#
#   alice ------ moon ============ wan ============ sun ------ bob
#   192.168.1.10  192.168.1.1  192.0.2.1     192.0.2.2  192.168.1.1  192.168.1.10
#   (as 10.1.7.10)                                           (as 10.3.9.10)
#
#      moon: local = 10.1.7.0/24, remote = 10.3.9.0/24,
#            local_nat { 1to1, network = 192.168.1.0/24 }, initiates
#      sun:  local = 10.3.9.0/24, remote = 10.1.7.0/24,
#            local_nat { 1to1, network = 192.168.1.0/24 }, waits
#
#   2. local masquerade: a branch LAN appears as one /32 at the center
#
#   carol ------ branch ========== wan2 ========== center ------ dave
#   192.168.1.20  192.168.1.1  198.51.100.1   198.51.100.2  10.9.0.1  10.9.0.10
#
#      branch: local = 10.5.0.1/32, remote = 10.9.0.0/24,
#              local_nat { masquerade, network = 192.168.1.0/24 }, initiates
#      center: local = 10.9.0.0/24, remote = 10.5.0.1/32, waits
#
# Must hold:
#   - the CHILD_SAs negotiate the translated networks (10.1.7.0/24 ===
#     10.3.9.0/24; 10.5.0.1/32 === 10.9.0.0/24), which needs the address
#     the plugin puts on ipsec0 (10.1.7.1, 10.3.9.1, 10.5.0.1)
#   - ping and TCP both ways between alice and bob; each host keeps its real
#     address and sees the other under its virtual one (the TCP listener
#     reports peer and local address)
#   - carol reaches dave by ping and TCP; dave sees 10.5.0.1, not carol
#   - the NAT map elements exist in the plugin's table while the tunnel is up
#     (in the two table-wide nat base chains, none per CHILD_SA); after the
#     tunnel goes down the elements and the added addresses are gone
#     and traffic stops
#
#   3. moon3 alone, the tunnel of 1. started on traffic (trap policy): the
#      trap's route into ipsec0 is installed when the connection is loaded,
#      so 10.1.7.1 must be there before (else "installing trap failed"), and
#      the NAT is in place without a CHILD_SA
#
#   4. a Mode Config client (road, from the model) masquerades its LAN
#      192.168.1.0/24 to the address a stock strongSwan pool assigned it;
#      frank behind the server sees that address
#
#   5. overlapping NAT rules: road's Mode Config client without a fixed
#      remote (192.168.1.0/24 towards anything) and a second tunnel from
#      hq5 (gina, 10.8.0.0/24) masquerading the same LAN to 10.5.0.9/32 are
#      up at once; erin reaches gina as 10.5.0.9 and frank as the assigned
#      address (the more specific rule first; with one interval map per kind
#      the second CHILD_SA failed with "File exists")
#
# MGUARD_SWANCTL: the translator to test (default: mguard-swanctl in PATH).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SWANCTL_BIN=${MGUARD_SWANCTL:-$(command -v mguard-swanctl || true)}
[ -n "$SWANCTL_BIN" ] && [ -x "$SWANCTL_BIN" ] ||
	die "mguard-swanctl not found (install it or set MGUARD_SWANCTL)"
[ -e /usr/lib/ipsec/plugins/libstrongswan-mguard-firewall.so ] ||
	die "mguard-firewall plugin not installed"

TABLE=mguard

# model GW CONN GATEWAY STARTUP LOCAL REMOTE [LOCAL_NAT_BLOCK]
model() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-EOF
	connections {
	    $2 {
	        gateway = $3
	        startup = $4
	        tunnels {
	            lan {
	                local = $5
	                remote = $6
	                ${7:-}
	            }
	        }
	        authentication {
	            method = psk
	            psk = "a shared secret for the NAT test"
	        }
	    }
	}
	EOF
}

# start GW [--wait-addr ADDR]: translate GW's model and run its charon with
# mguard-firewall (waiting until the plugin put ADDR on ipsec0, as a system
# would wait for charon to be up before loading connections)
start() {
	"$SWANCTL_BIN" --model "$(gw_dir "$1")/vpn.conf" \
		--swanctl-dir "$(swanctl_dir "$1")" > "$(gw_dir "$1")/translate.log" 2>&1 ||
		die "mguard-swanctl failed for $1: $(cat "$(gw_dir "$1")/translate.log")"
	charon_start "$1" --plugins "mguard-firewall" \
		--set "charon.plugins.mguard-firewall.model=$(gw_dir "$1")/vpn.conf" \
		--set "charon.plugins.mguard-firewall.table=$TABLE"
	if [ "${2:-}" = --wait-addr ]; then
		wait_until has_addr "$1" "$3" || die "$3 not on $1's ipsec0"
	fi
	swanctl_load "$1" || die "loading $1's connections failed"
}

# listen HOST NAME PORT: a TCP service on HOST that answers each connection
# with "PEER LOCAL" (the addresses it sees)
listen() {
	# shellcheck disable=SC2016 # socat's environment, expanded by its shell
	bg_start "$1" "$2" socat "TCP-LISTEN:$3,reuseaddr,fork" \
		SYSTEM:'echo $SOCAT_PEERADDR $SOCAT_SOCKADDR'
	wait_until _e2e_listening "$1" "$3" || die "no listener on $1:$3"
}

# sees FROM ADDR PORT EXPECTED: connect from FROM to ADDR:PORT; the listener
# must report EXPECTED ("PEER LOCAL")
sees() {
	local got
	got=$(in_ns "$1" timeout 10 socat -T 5 - "TCP:$2:$3,connect-timeout=5" \
		< /dev/null 2>&1) || true
	echo "connected from $1 to $2:$3, the listener saw: $got"
	[ "$got" = "$4" ]
}

# local_ts GW IKE CHILD: negotiated local selector(s)
ts_is() { [ "$(sa_get "$1" "$2" "$3" "$4")" = "$5" ]; }

# has_addr GW ADDR: ADDR/32 is on GW's ipsec0
has_addr() { in_ns "$1" ip -4 -o addr show dev ipsec0 | grep " $2/32 " >/dev/null; }
no_addr() { ! in_ns "$1" ip -4 -o addr show dev ipsec0 | grep " $2/32 " >/dev/null; }

# nat_rules GW: the elements of the NAT maps of GW's table (nothing if
# there are none), "SOURCE . DESTINATION : TRANSLATED"
nat_rules() {
	in_ns "$1" nft list table inet "$TABLE" 2>/dev/null |
		sed -n '/map nat_/,/^\t}/p' | sed -n '/elements = /,/}/p'
}
# nat_chains GW: GW's chains of type nat (the two table-wide base chains,
# whatever the number of CHILD_SAs)
nat_chains() {
	in_ns "$1" nft list table inet "$TABLE" 2>/dev/null | grep -c 'type nat'
}
nat_chains_are() { [ "$(nat_chains "$1")" = "$2" ]; }
# nat_maps_of GW CHAIN: the maps the rules of one of GW's NAT chains look up,
# in rule order (one map per pair of prefix lengths in use)
nat_maps_of() {
	in_ns "$1" nft list chain inet "$TABLE" "$2" 2>/dev/null |
		grep -o 'map @[^ ]*' | sed 's/^map @//' | tr '\n' ' '
}
nat_maps_are() { [ "$(nat_maps_of "$1" "$2")" = "$3" ]; }
has_nat() { nat_rules "$1" | tee "$(gw_dir "$1")/nat.txt" | grep -F "$2" >/dev/null; }
no_nat() { [ -z "$(nat_rules "$1")" ]; }

# --- 1. local 1:1 NAT on both sides -----------------------------------------
wan_create
gw_create moon 192.0.2.1/24 192.168.1.1/24
gw_create sun 192.0.2.2/24 192.168.1.1/24
host_create alice moon 192.168.1.10/24
host_create bob sun 192.168.1.10/24

model moon site 192.0.2.2 initiate 10.1.7.0/24 10.3.9.0/24 \
	'local_nat { mode = 1to1
	network = 192.168.1.0/24 }'
model sun site 192.0.2.1 wait 10.3.9.0/24 10.1.7.0/24 \
	'local_nat { mode = 1to1
	network = 192.168.1.0/24 }'

check "alice cannot reach bob's virtual address before the tunnel" \
	host_ping_fails alice 10.3.9.10
start sun
start moon
check "moon brings up site-lan on its own" sa_wait moon site site-lan
check "sun: CHILD_SA site-lan INSTALLED" sa_wait sun site site-lan
check "moon negotiated the virtual local network 10.1.7.0/24" \
	ts_is moon site site-lan local-ts 10.1.7.0/24
check "moon negotiated the remote virtual network 10.3.9.0/24" \
	ts_is moon site site-lan remote-ts 10.3.9.0/24
check "moon holds 10.1.7.1 on ipsec0 for the tunnel's route" \
	has_addr moon 10.1.7.1
check "sun holds 10.3.9.1 on ipsec0 for the tunnel's route" \
	has_addr sun 10.3.9.1
check "moon's NAT maps translate from the tunnel to the real network" \
	has_nat moon "10.3.9.0 . 10.1.7.0 : 192.168.1.0/24"
check "moon's NAT maps translate into the tunnel to the virtual network" \
	has_nat moon "192.168.1.0 . 10.3.9.0 : 10.1.7.0/24"
check "moon: nat_pre_in looks up the map of the prefix pair /24 . /24" \
	nat_maps_are moon nat_pre_in "nat_pre_in-24-24 "
check "moon: nat_post_out looks up the map of the prefix pair /24 . /24" \
	nat_maps_are moon nat_post_out "nat_post_out-24-24 "
check "moon: NAT uses the table's two nat base chains, none per CHILD_SA" \
	nat_chains_are moon 2
check "sun: NAT uses the table's two nat base chains, none per CHILD_SA" \
	nat_chains_are sun 2

check "alice pings bob as 10.3.9.10" host_ping alice 10.3.9.10 3
check "bob pings alice as 10.1.7.10" host_ping bob 10.1.7.10 3
listen bob bob-tcp 7000
listen alice alice-tcp 7000
check "TCP alice -> bob: bob sees alice as 10.1.7.10 on its real 192.168.1.10" \
	sees alice 10.3.9.10 7000 "10.1.7.10 192.168.1.10"
check "TCP bob -> alice: alice sees bob as 10.3.9.10 on its real 192.168.1.10" \
	sees bob 10.1.7.10 7000 "10.3.9.10 192.168.1.10"
check "1 MiB TCP transfer alice -> bob through the NAT arrives intact" \
	tcp_transfer alice bob 10.3.9.10 1048576 5001 192.168.1.10

swanctl_cmd moon --terminate --ike site --timeout 10 > /dev/null 2>&1 || true
check "moon: SAs gone after terminate" sa_wait_gone moon site
check "sun: SAs gone after terminate" sa_wait_gone sun site
check "moon: the NAT map elements are gone with the tunnel" wait_until no_nat moon
check "sun: the NAT map elements are gone with the tunnel" wait_until no_nat sun
check "moon: 10.1.7.1 is gone from ipsec0 with the tunnel" \
	wait_until no_addr moon 10.1.7.1
check "sun: 10.3.9.1 is gone from ipsec0 with the tunnel" \
	wait_until no_addr sun 10.3.9.1
check "alice cannot reach bob once the tunnel is down" \
	host_ping_fails alice 10.3.9.10
# the address goes after the route: charon removes the route it installed
route_clean() { ! log_has "$1" 'error uninstalling route'; }
check "moon uninstalled the tunnel's route itself (address removed after it)" \
	route_clean moon
check "sun uninstalled the tunnel's route itself" route_clean sun

# --- 2. masquerade: the branch LAN as one /32 -------------------------------
wan_create wan2
gw_create branch 198.51.100.1/24 192.168.1.1/24 wan2
gw_create center 198.51.100.2/24 10.9.0.1/24 wan2
host_create carol branch 192.168.1.20/24
host_create dave center 10.9.0.10/24

model branch hq 198.51.100.2 initiate 10.5.0.1/32 10.9.0.0/24 \
	'local_nat { mode = masquerade
	network = 192.168.1.0/24 }'
model center branch 198.51.100.1 wait 10.9.0.0/24 10.5.0.1/32

start center
start branch
check "branch brings up hq-lan on its own" sa_wait branch hq hq-lan
check "center: CHILD_SA branch-lan INSTALLED" sa_wait center branch branch-lan
check "branch negotiated 10.5.0.1/32 as its local network" \
	ts_is branch hq hq-lan local-ts 10.5.0.1/32
check "branch holds 10.5.0.1 on ipsec0" has_addr branch 10.5.0.1
check "carol pings dave through the masquerade" host_ping carol 10.9.0.10 3
listen dave dave-tcp 7001
check "TCP carol -> dave: dave sees the branch as 10.5.0.1" \
	sees carol 10.9.0.10 7001 "10.5.0.1 10.9.0.10"

swanctl_cmd branch --terminate --ike hq --timeout 10 > /dev/null 2>&1 || true
check "branch: SAs gone after terminate" sa_wait_gone branch hq
check "branch: the NAT map elements are gone" wait_until no_nat branch
check "branch: 10.5.0.1 is gone from ipsec0" wait_until no_addr branch 10.5.0.1

# --- 3. on traffic: the trap policy's route needs the address at load ----
# (kernel-libipsec of 5.9.8 sends no acquires, "TODO-IPSEC" in
# ipsec_processor.c: traffic cannot start such a tunnel on this data path;
# what can be checked is that the trap installs, with its NAT in place for
# the kernel XFRM data path, where traffic does start it)
wan_create wan3
gw_create moon3 203.0.113.1/24 192.168.1.1/24 wan3
model moon3 site 203.0.113.2 on_traffic 10.1.7.0/24 10.3.9.0/24 \
	'local_nat { mode = 1to1
	network = 192.168.1.0/24 }'
start moon3 --wait-addr 10.1.7.1
trap_ok() { ! log_has moon3 'installing trap failed'; }
check "moon3 installed the trap of site-lan (its route needs 10.1.7.1)" \
	trap_ok
pols() { swanctl_cmd moon3 --list-pols | grep -E '^site/site-lan, TUNNEL' >/dev/null; }
check "moon3 lists site-lan as a trap policy" pols
routed() { log_has moon3 'CHILD_SA site-lan\{[0-9]+\} state change: CREATED => ROUTED'; }
check "moon3's site-lan is ROUTED" routed
check "moon3's NAT of the trap is in place before any CHILD_SA" \
	has_nat moon3 "192.168.1.0 . 10.3.9.0 : 10.1.7.0/24"
check "no SA on moon3" test -z "$(sa_state moon3 site)"

# --- 4. Mode Config client: the LAN masqueraded to the assigned address ----
# the server is a stock strongSwan pool (swanctl, no model): it hands out
# single addresses from 10.200.0.16/28
wan_create wan4
gw_create road 192.0.2.65/26 192.168.1.1/24 wan4
gw_create conc 192.0.2.66/26 10.9.0.1/24 wan4
host_create erin road 192.168.1.30/24
host_create frank conc 10.9.0.10/24
cat > "$(gw_dir road)/vpn.conf" <<-EOF
connections {
    road {
        gateway = 192.0.2.66
        startup = initiate
        mode_config {
            mode = client
            local_nat = masquerade
            local_nat_network = 192.168.1.0/24
            remote_mode = fixed
            remote_network = 10.9.0.0/24
        }
        authentication {
            method = psk
            psk = "a shared secret for the NAT test"
        }
    }
}
EOF
cat > "$(swanctl_conf conc)" <<-EOF
connections {
  road {
    version = 2
    local_addrs = 192.0.2.66
    pools = roads
    local {
      auth = psk
      id = 192.0.2.66
    }
    remote {
      auth = psk
    }
    children {
      road {
        local_ts = 10.9.0.0/24
        remote_ts = dynamic
      }
    }
  }
}
pools {
  roads {
    addrs = 10.200.0.16/28
  }
}
secrets {
  ike-road {
    secret = "a shared secret for the NAT test"
  }
}
EOF
charon_start conc
swanctl_load conc || die "loading conc's connections failed"
start road
check "road brings up road-modecfg on its own" sa_wait road road road-modecfg
vip=$(sa_get road road local-vips)
note "road was assigned $vip"
in_pool() { [[ $vip == 10.200.0.* ]]; }
check "road got an address of the server's pool" in_pool
check "road's NAT masquerades its LAN to the assigned address" \
	has_nat road "192.168.1.0 . 10.9.0.0 : $vip"
check "erin pings frank through the Mode Config tunnel" \
	host_ping erin 10.9.0.10 3
listen frank frank-tcp 7003
check "TCP erin -> frank: frank sees the assigned address" \
	sees erin 10.9.0.10 7003 "$vip 10.9.0.10"
swanctl_cmd road --terminate --ike road --timeout 10 > /dev/null 2>&1 || true
check "road: SAs gone after terminate" sa_wait_gone road road
check "road: the NAT map elements are gone with the tunnel" wait_until no_nat road


# --- 5. overlapping NAT rules: the more specific one wins --------------------
# road's Mode Config client without a fixed remote network masquerades its
# LAN towards anything (key 192.168.1.0 . 0.0.0.0, /24 . /0); a second
# connection masquerades the same LAN to 10.5.0.9 towards hq5's 10.8.0.0/24
# (/24 . /24). Both CHILD_SAs are up at once and each host sees the address
# of its own tunnel: the /24 . /24 rule comes first in nat_post_out.
gw_create hq5 192.0.2.67/26 10.8.0.1/24 wan4
host_create gina hq5 10.8.0.10/24
charon_stop road
cat > "$(gw_dir road)/vpn.conf" <<-EOF
connections {
    road {
        gateway = 192.0.2.66
        startup = initiate
        mode_config {
            mode = client
            local_nat = masquerade
            local_nat_network = 192.168.1.0/24
        }
        authentication {
            method = psk
            psk = "a shared secret for the NAT test"
        }
    }
    site {
        gateway = 192.0.2.67
        startup = wait
        tunnels {
            lan {
                local = 10.5.0.9/32
                remote = 10.8.0.0/24
                local_nat {
                    mode = masquerade
                    network = 192.168.1.0/24
                }
            }
        }
        authentication {
            method = psk
            psk = "a shared secret for the NAT test"
        }
    }
}
EOF
model hq5 road 192.0.2.65 initiate 10.8.0.0/24 10.5.0.9/32
start road
check "road brings up road-modecfg again, now without a fixed remote" \
	sa_wait road road road-modecfg
vip=$(sa_get road road local-vips)
note "road was assigned $vip"
check "road masquerades its LAN towards anything to the assigned address" \
	has_nat road "192.168.1.0 . 0.0.0.0 : $vip"
start hq5
check "hq5 brings up the tunnel to road's masqueraded LAN" \
	sa_wait hq5 road road-lan
check "road: CHILD_SA site-lan INSTALLED next to road-modecfg" \
	sa_wait road site site-lan
check "road masquerades its LAN towards hq5 to 10.5.0.9" \
	has_nat road "192.168.1.0 . 10.8.0.0 : 10.5.0.9"
check "road: nat_post_out looks up /24 . /24 before /24 . /0" \
	nat_maps_are road nat_post_out "nat_post_out-24-24 nat_post_out-24-0 "
listen gina gina-tcp 7005
check "TCP erin -> gina: gina sees the tunnel's 10.5.0.9" \
	sees erin 10.8.0.10 7005 "10.5.0.9 10.8.0.10"
check "TCP erin -> frank at the same time: frank sees the assigned address" \
	sees erin 10.9.0.10 7003 "$vip 10.9.0.10"

finish
