#!/bin/bash
# mguard-license: a hub with a VPN license for one peer and two spokes; the
# hub's connection is a tunnel group (remote 10.0.0.0/8, gateway %any) that
# is narrowed to each spoke's own /24.
#
#                      172.16.1.1, .2.1, .3.1 (lan)
#   center ------------ hub (192.0.2.1)  license: peers = 1
#   172.16.1.10          |
#                  ===== WAN (bridge) =====
#                  |                      |
#        spokea (192.0.2.2)        spokeb (192.0.2.3)
#        10.1.0.1 (lan)            10.2.0.1 (lan)
#           |                         |
#        alice 10.1.0.10           bob 10.2.0.10
#
#   hub:    group { 172.16.0.0/16 === 10.0.0.0/8 }, remote %any, PSK per peer
#   spokea: a1 { t1: 10.1.0.0/24 === 172.16.1.0/24,
#                t2: 10.1.0.0/24 === 172.16.2.0/24 }
#           a2 { t3: 10.1.0.0/24 === 172.16.3.0/24 }  (a second IKE_SA)
#   spokeb: b1 { t1: 10.2.0.0/24 === 172.16.1.0/24 }
#
# Must hold:
#   - spoke A up with two tunnels, then a second connection: one peer counted
#   - the hub narrows 10.0.0.0/8 to spoke A's 10.1.0.0/24
#   - spoke B is refused during authentication, the refusal names the license
#   - IKE rekeying and make-before-break reauthentication of spoke A neither
#     count it twice nor drop it (spoke B is still refused afterwards)
#   - spoke A goes down: the count drops to 0 and spoke B comes up
#   - `swanctl --reload-settings`: an invalid model keeps the limit, a
#     model with peers = 2 lets spoke A in beside B
. "$(dirname "$0")/lib.sh"

wan_create
gw_create hub 192.0.2.1/24 172.16.1.1/24
addr_add hub lan 172.16.2.1/24
addr_add hub lan 172.16.3.1/24
gw_create spokea 192.0.2.2/24 10.1.0.1/24
gw_create spokeb 192.0.2.3/24 10.2.0.1/24
host_create center hub 172.16.1.10/24
host_create alice spokea 10.1.0.10/24
host_create bob spokeb 10.2.0.10/24

PSK_A=0sSpokeA1yY9LLZvwj4qCC2o/gGrWDF2d21jL
PSK_B=0sSpokeB2yY9LLZvwj4qCC2o/gGrWDF2d21jL

cat > "$(gw_dir hub)/vpn.conf" <<EOF
global {
    license {
        peers = 1
    }
}
EOF

cat > "$(swanctl_conf hub)" <<EOF
connections {
  group {
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = %any
    proposals = aes256-sha256-x25519
    local {
      auth = psk
      id = hub.example.org
    }
    remote {
      auth = psk
    }
    children {
      lan {
        local_ts = 172.16.0.0/16
        remote_ts = 10.0.0.0/8
        esp_proposals = aes256gcm16-x25519
      }
    }
  }
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

# spoke_child NAME REMOTE_TS LOCAL_TS
spoke_child() {
	cat <<-EOF
	      $1 {
	        local_ts = $3
	        remote_ts = $2
	        esp_proposals = aes256gcm16-x25519
	        start_action = none
	      }
	EOF
}

# spoke_conn NAME LOCAL_ADDR ID LOCAL_TS REKEY_TIME CHILD:REMOTE_TS...
# (connections that differ in nothing share an IKE_SA; REKEY_TIME tells
# them apart)
spoke_conn() {
	local name=$1 addr=$2 id=$3 lts=$4 rekey=$5 c
	shift 5
	cat <<-EOF
	  $name {
	    version = 2
	    rekey_time = $rekey
	    local_addrs = $addr
	    remote_addrs = 192.0.2.1
	    proposals = aes256-sha256-x25519
	    local {
	      auth = psk
	      id = $id
	    }
	    remote {
	      auth = psk
	      id = hub.example.org
	    }
	    children {
	EOF
	for c in "$@"; do
		spoke_child "${c%%:*}" "${c#*:}" "$lts"
	done
	printf '    }\n  }\n'
}

# spoke_secret ID PSK
spoke_secret() {
	printf 'secrets {\n  ike {\n    id-hub = hub.example.org\n'
	printf '    id-spoke = %s\n    secret = %s\n  }\n}\n' "$1" "$2"
}

{
	echo "connections {"
	spoke_conn a1 192.0.2.2 spokea.example.org 10.1.0.0/24 4h \
		t1:172.16.1.0/24 t2:172.16.2.0/24
	spoke_conn a2 192.0.2.2 spokea.example.org 10.1.0.0/24 3h \
		t3:172.16.3.0/24
	echo "}"
	spoke_secret spokea.example.org "$PSK_A"
} > "$(swanctl_conf spokea)"

{
	echo "connections {"
	spoke_conn b1 192.0.2.3 spokeb.example.org 10.2.0.0/24 4h t1:172.16.1.0/24
	echo "}"
	spoke_secret spokeb.example.org "$PSK_B"
} > "$(swanctl_conf spokeb)"

charon_start hub --plugins "mguard-license mguard-control" \
	--set "charon.plugins.mguard-license.model=$(gw_dir hub)/vpn.conf" \
	--set "charon.plugins.mguard-control.model=$(gw_dir hub)/vpn.conf"
charon_start spokea --set charon.make_before_break=yes
charon_start spokeb

check "hub: mguard-license read the license (1 peer)" \
	log_wait hub "mguard-license: VPN license for 1 peers"
for gw in hub spokea spokeb; do
	check "$gw loads its swanctl configuration" swanctl_load "$gw"
done

initiate() { # GW CHILD
	swanctl_cmd "$1" --initiate --child "$2" --timeout 20 \
		>> "$(gw_dir "$1")/initiate.log" 2>&1
}
hub_sa_count() {
	swanctl_cmd hub --list-sas 2>/dev/null |
		grep -cE '^group: #[0-9]+, ESTABLISHED' || true
}
# vpn_license_is CONNECTED LICENSED: what `mguard-vpn license` tells on the hub
vpn_license_is() {
	local out
	out=$(gw_exec hub mguard-vpn license)
	echo "$out"
	grep -qx "peers connected: $1" <<< "$out" &&
		grep -qx "peers licensed: $2" <<< "$out"
}
connected_a='peer .spokea\.example\.org. connected, 1 of 1 licensed peers connected'
refused_b='refusing peer .spokeb\.example\.org.: the VPN license allows 1 connected peers and 1 are connected'

# spoke A: one IKE_SA with two tunnels, then a second IKE_SA
initiate spokea t1 || true
initiate spokea t2 || true
check "spoke A: a1 ESTABLISHED with t1 INSTALLED" sa_wait spokea a1 t1
check "spoke A: t2 INSTALLED in the same IKE_SA" sa_wait spokea a1 t2
check "hub counts spoke A: 1 of 1 licensed peers" log_wait hub "$connected_a"
check "alice reaches center through t1" host_ping alice 172.16.1.10
initiate spokea t3 || true
check "spoke A: second IKE_SA a2 with t3 INSTALLED" sa_wait spokea a2 t3
check "hub holds two IKE_SAs of spoke A" eval '[ "$(hub_sa_count)" = 2 ]'
check "hub counted spoke A once (one 'connected' line, no other peer)" \
	eval '[ "$(log_count hub "mguard-license: peer .* connected,")" = 1 ]'
check "mguard-vpn license on the hub: 1 peer connected, 1 licensed" \
	vpn_license_is 1 1
check "hub narrowed the tunnel group 10.0.0.0/8 to spoke A's 10.1.0.0/24" \
	eval 'swanctl_cmd hub --list-sas | grep -E "remote 10\.1\.0\.0/24" >/dev/null'
check "hub installed no SA for all of 10.0.0.0/8" \
	eval '! swanctl_cmd hub --list-sas | grep -E "remote 10\.0\.0\.0/8" >/dev/null'

# spoke B: refused while A is connected
check_fails "spoke B's initiation fails" initiate spokeb t1
check "hub refused spoke B, naming the license" log_wait hub "$refused_b"
check "spoke B has no IKE_SA" eval '[ -z "$(sa_state spokeb b1)" ]'
check "bob cannot reach center" host_ping_fails bob 172.16.1.10

# rekeying and reauthentication keep A counted exactly once
old_id=$(sa_get spokea a1 uniqueid)
swanctl_cmd spokea --rekey --ike a1 >/dev/null 2>&1 || true
rekeyed() {
	local id
	id=$(sa_get spokea a1 uniqueid)
	[ -n "$id" ] && [ "$id" != "$old_id" ] && sa_is spokea a1 ESTABLISHED
}
check "spoke A rekeyed its IKE_SA a1" wait_until rekeyed
old_id=$(sa_get spokea a2 uniqueid)
swanctl_cmd spokea --rekey --ike a2 --reauth >/dev/null 2>&1 || true
reauthed() {
	local id
	id=$(sa_get spokea a2 uniqueid)
	[ -n "$id" ] && [ "$id" != "$old_id" ] && sa_is spokea a2 t3 INSTALLED
}
check "spoke A reauthenticated a2 (make-before-break)" wait_until reauthed
check "hub: two IKE_SAs of spoke A again after rekeying" \
	wait_until eval '[ "$(hub_sa_count)" = 2 ]'
check "hub never released spoke A meanwhile" \
	eval '! log_has hub "peer .spokea\.example\.org. disconnected"'
check "alice still reaches center" host_ping alice 172.16.1.10
refusals=$(log_count hub "$refused_b")
check_fails "spoke B is still refused after A's rekeying" initiate spokeb t1
check "hub logged a second refusal of spoke B" \
	wait_until eval '[ "$(log_count hub "$refused_b")" -gt "$refusals" ]'

# A goes down, B comes up
swanctl_cmd spokea --terminate --ike a1 --timeout 10 >/dev/null 2>&1 || true
swanctl_cmd spokea --terminate --ike a2 --timeout 10 >/dev/null 2>&1 || true
check "hub released spoke A: 0 of 1 licensed peers" \
	log_wait hub "peer .spokea\.example\.org. disconnected, 0 of 1 licensed peers connected"
initiate spokeb t1 || true
check "spoke B: b1 ESTABLISHED with t1 INSTALLED" sa_wait spokeb b1 t1
check "hub counts spoke B: 1 of 1 licensed peers" \
	log_wait hub "peer .spokeb\.example\.org. connected, 1 of 1 licensed peers connected"
check "bob reaches center through the tunnel" host_ping bob 172.16.1.10
check "hub narrowed the tunnel group to spoke B's 10.2.0.0/24" \
	eval 'swanctl_cmd hub --list-sas | grep -E "remote 10\.2\.0\.0/24" >/dev/null'

# an invalid model on reload keeps the license in force
printf 'global {\n  license {\n    peers = many\n  }\n}\n' > "$(gw_dir hub)/vpn.conf"
swanctl_cmd hub --reload-settings >/dev/null
check "hub: reloading an invalid model names the key and keeps the limit" \
	log_wait hub "global\.license\.peers: 'many' is not a number"
refusals=$(log_count hub 'refusing peer .spokea\.example\.org.')
check_fails "spoke A is refused while B holds the only license" initiate spokea t1
check "hub refused spoke A" \
	wait_until eval '[ "$(log_count hub "refusing peer .spokea\.example\.org.")" -gt "$refusals" ]'

# a larger license after reload lets A in beside B
printf 'global {\n  license {\n    peers = 2\n  }\n}\n' > "$(gw_dir hub)/vpn.conf"
swanctl_cmd hub --reload-settings >/dev/null
check "hub: reloading the model raises the license to 2 peers" \
	log_wait hub "mguard-license: VPN license for 2 peers"
initiate spokea t1 || true
check "spoke A comes up beside B" sa_wait spokea a1 t1
check "hub counts 2 of 2 licensed peers" \
	log_wait hub "peer .spokea\.example\.org. connected, 2 of 2 licensed peers connected"
check "mguard-vpn license on the hub: 2 peers connected, 2 licensed" \
	vpn_license_is 2 2

finish
