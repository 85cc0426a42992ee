#!/bin/bash
# mguard-firewall: hub and spoke. Spoke-to-spoke traffic through the hub is
# dropped unless global.hub_and_spoke = yes; then it passes the incoming
# rules of the connection it comes from and the outgoing rules of the one it
# leaves through.
#
#                      center 10.3.0.10
#                        |
#                      hub (192.0.2.1, LAN 10.3.0.1)  mguard-firewall
#                        |
#                  ===== WAN (bridge) =====
#                  |                      |
#        spokea (192.0.2.2)        spokeb (192.0.2.3)
#        10.1.0.1 (lan)            10.2.0.1 (lan)
#           |                         |
#        alice 10.1.0.10           bob 10.2.0.10
#
#   hub:    a { a-t1: 10.0.0.0/8 === 10.1.0.0/24 }, b { b-t1: 10.0.0.0/8 ===
#           10.2.0.0/24 } (model connections a and b, tunnels t1)
#   spokes: s { s-t1: LAN === 10.0.0.0/8 }, plain charons
#
# Must hold:
#   - hub_and_spoke = no: alice cannot reach bob (ping, TCP) and the hub's
#     tunnel-to-tunnel drop counter grows; center still reaches both spokes
#   - hub_and_spoke = yes, everything accepted: alice <-> bob ping and TCP
#   - yes, a incoming = only TCP 502 (rest dropped), b outgoing accept:
#     alice -> bob TCP 502 passes, TCP 80 and ping do not; bob -> alice
#     (b incoming accept, a outgoing accept) passes
#   - yes, a incoming accept, b outgoing = ping: alice pings bob, TCP to bob
#     does not pass
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=fw_lib.sh
. "$(dirname "$0")/fw_lib.sh"

PSK_A=0sSpokeA1yY9LLZvwj4qCC2o/gGrWDF2d21jL
PSK_B=0sSpokeB2yY9LLZvwj4qCC2o/gGrWDF2d21jL
MODEL=$E2E_DIR/hub-vpn.conf

wan_create
gw_create hub 192.0.2.1/24 10.3.0.1/24
gw_create spokea 192.0.2.2/24 10.1.0.1/24
gw_create spokeb 192.0.2.3/24 10.2.0.1/24
host_create center hub 10.3.0.10/24
host_create alice spokea 10.1.0.10/24
host_create bob spokeb 10.2.0.10/24

{
	echo "connections {"
	fw_swanctl_conn a 192.0.2.1 192.0.2.2 hub.example.org spokea.example.org \
		10.0.0.0/8 10.1.0.0/24
	fw_swanctl_conn b 192.0.2.1 192.0.2.3 hub.example.org spokeb.example.org \
		10.0.0.0/8 10.2.0.0/24
	cat <<-EOF
	}
	secrets {
	  ike-a {
	    id-hub = hub.example.org
	    id-a = spokea.example.org
	    secret = $PSK_A
	  }
	  ike-b {
	    id-hub = hub.example.org
	    id-b = spokeb.example.org
	    secret = $PSK_B
	  }
	}
	EOF
} > "$(swanctl_conf hub)"
spoke_conf() { # GW ADDR ID LAN PSK
	{
		echo "connections {"
		fw_swanctl_conn s "$2" 192.0.2.1 "$3" hub.example.org "$4" 10.0.0.0/8
		cat <<-EOF
		}
		secrets {
		  ike {
		    id-hub = hub.example.org
		    id-s = $3
		    secret = $5
		  }
		}
		EOF
	} > "$(swanctl_conf "$1")"
}
spoke_conf spokea 192.0.2.2 spokea.example.org 10.1.0.0/24 "$PSK_A"
spoke_conf spokeb 192.0.2.3 spokeb.example.org 10.2.0.0/24 "$PSK_B"

# model HUB A_IN A_OUT B_IN B_OUT [A_IN_RULES]
model() {
	{
		printf 'global {\n    hub_and_spoke = %s\n}\n' "$1"
		echo "connections {"
		fw_model_conn a 192.0.2.2 10.0.0.0/8 10.1.0.0/24 "$2" "$3" "${6:-}"
		fw_model_conn b 192.0.2.3 10.0.0.0/8 10.2.0.0/24 "$4" "$5"
		echo "}"
	} > "$MODEL.new"
	mv "$MODEL.new" "$MODEL"
}

model no accept accept accept accept
fw_listen bob bob 10.2.0.10
fw_listen alice alice 10.1.0.10
fw_charon_start hub "$MODEL"
charon_start spokea
charon_start spokeb
for gw in hub spokea spokeb; do swanctl_load "$gw"; done

up() {
	swanctl_cmd "$1" --initiate --child s-t1 --timeout 20 >/dev/null 2>&1 || true
	sa_wait "$1" s s-t1 && sa_wait hub "$2" "$2-t1"
}
# the hub's firewall has the CHILD_SA of connection $1 with remote network
# $2/24 (in the connection's set of /24 networks)
hub_has() { fw_nft hub list set inet mguard "remote-$1-24" | grep "elements = { $2 }" >/dev/null; }
check "spoke A's tunnel comes up" up spokea a
check "spoke B's tunnel comes up" up spokeb b
check "the hub's firewall dispatches spoke A's CHILD_SA" wait_until hub_has a 10.1.0.0
check "the hub's firewall dispatches spoke B's CHILD_SA" wait_until hub_has b 10.2.0.0

# --- hub_and_spoke = no
nohub() { fw_counter hub forward 'iifname "ipsec0" oifname "ipsec0"'; }
before=$(nohub)
expect "no hub: center pings alice" open ping_probe center 10.1.0.10
expect "no hub: center pings bob" open ping_probe center 10.2.0.10
expect "no hub: alice pings bob" blocked ping_probe alice 10.2.0.10
expect "no hub: alice -> bob TCP 502" timeout tcp_probe alice 10.2.0.10 502
expect "no hub: bob -> alice TCP 80" timeout tcp_probe bob 10.1.0.10 80
grew() { local now; now=$($1); echo "$2 -> $now"; [ "$now" -gt "$2" ]; }
check "no hub: the hub's tunnel-to-tunnel drop counter grew" grew nohub "$before"

# --- hub_and_spoke = yes, all accepted
model yes accept accept accept accept
check "reload applies hub_and_spoke = yes" fw_reload hub
check "hub_and_spoke = yes: no tunnel-to-tunnel drop rule" \
	bash -c "! ip netns exec $(ns hub) nft list chain inet mguard forward | grep 'iifname \"ipsec0\" oifname \"ipsec0\"' >/dev/null"
expect "hub: alice pings bob" open ping_probe alice 10.2.0.10
expect "hub: bob pings alice" open ping_probe bob 10.1.0.10
expect "hub: alice -> bob TCP 80" open tcp_probe alice 10.2.0.10 80
expect "hub: bob -> alice TCP 502" open tcp_probe bob 10.1.0.10 502

# --- a's incoming rules apply to alice -> bob
model yes rules accept accept accept '
                    r1 {
                        protocol = tcp
                        to_port = 502
                        action = accept
                    }'
check "reload applies a's incoming rules" fw_reload hub
expect "a in = TCP 502 only: alice -> bob TCP 502" open tcp_probe alice 10.2.0.10 502
expect "a in = TCP 502 only: alice -> bob TCP 80" timeout tcp_probe alice 10.2.0.10 80
expect "a in = TCP 502 only: alice pings bob" blocked ping_probe alice 10.2.0.10
expect "a in = TCP 502 only: bob -> alice TCP 80 (b in, a out accept)" open tcp_probe bob 10.1.0.10 80

# --- b's outgoing rules apply to alice -> bob
model yes accept accept accept ping
check "reload applies b's outgoing ping policy" fw_reload hub
expect "b out = ping: alice pings bob" open ping_probe alice 10.2.0.10
expect "b out = ping: alice -> bob TCP 502" timeout tcp_probe alice 10.2.0.10 502
expect "b out = ping: bob -> alice TCP 502 (b in, a out accept)" open tcp_probe bob 10.1.0.10 502

finish
