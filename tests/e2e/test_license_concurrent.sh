#!/bin/bash
# mguard-license under concurrency: five spokes initiate at the same moment
# against a hub licensed for two peers, twice, with everything torn down in
# parallel in between.
#
#                 hub 192.0.2.1 (lan 172.16.1.1)   license: peers = 2
#                  |
#   ============== WAN (bridge) ===================================
#     |            |            |            |            |
#   s1 .11       s2 .12       s3 .13       s4 .14       s5 .15
#   10.1.1.1     10.1.2.1     10.1.3.1     10.1.4.1     10.1.5.1 (lan)
#
#   hub: group { 172.16.1.0/24 === 10.0.0.0/8 }, remote %any, one PSK
#   sN:  sN { 10.1.N.0/24 === 172.16.1.0/24 }, identity sN.example.org
#
# Must hold, in both rounds: exactly two spokes get an IKE_SA, the three
# others are refused with a line naming the license, and the hub's count
# returns to 0 once every spoke is gone.
. "$(dirname "$0")/lib.sh"

SPOKES="s1 s2 s3 s4 s5"
PSK=0sConcurrentyY9LLZvwj4qCC2o/gGrWDF2d21jL

wan_create
gw_create hub 192.0.2.1/24 172.16.1.1/24
for s in $SPOKES; do
	n=${s#s}
	gw_create "$s" "192.0.2.1$n/24" "10.1.$n.1/24"
done

printf 'global {\n  license {\n    peers = 2\n  }\n}\n' > "$(gw_dir hub)/vpn.conf"
cat > "$(swanctl_conf hub)" <<EOF
connections {
  group {
    version = 2
    local_addrs = 192.0.2.1
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
        local_ts = 172.16.1.0/24
        remote_ts = 10.0.0.0/8
        esp_proposals = aes256gcm16-x25519
      }
    }
  }
}
secrets {
  ike {
    secret = $PSK
  }
}
EOF
for s in $SPOKES; do
	n=${s#s}
	cat > "$(swanctl_conf "$s")" <<-EOF
	connections {
	  $s {
	    version = 2
	    local_addrs = 192.0.2.1$n
	    remote_addrs = 192.0.2.1
	    proposals = aes256-sha256-x25519
	    local {
	      auth = psk
	      id = $s.example.org
	    }
	    remote {
	      auth = psk
	      id = hub.example.org
	    }
	    children {
	      t {
	        local_ts = 10.1.$n.0/24
	        remote_ts = 172.16.1.0/24
	        esp_proposals = aes256gcm16-x25519
	      }
	    }
	  }
	}
	secrets {
	  ike {
	    secret = $PSK
	  }
	}
	EOF
done

charon_start hub --plugins mguard-license \
	--set "charon.plugins.mguard-license.model=$(gw_dir hub)/vpn.conf"
for s in $SPOKES; do
	charon_start "$s"
done
for gw in hub $SPOKES; do
	swanctl_load "$gw" || die "$gw could not load its configuration"
done

established_spokes() {
	local s n=0
	for s in $SPOKES; do
		sa_is "$s" "$s" ESTABLISHED && n=$((n + 1))
	done
	echo "$n"
}
hub_sa_count() {
	swanctl_cmd hub --list-sas 2>/dev/null |
		grep -cE '^group: #[0-9]+, ESTABLISHED' || true
}
# new_log_count REGEX / new_log_has REGEX: lines matching REGEX the hub
# logged in this round
new_log_count() {
	tail -n +"$((round_start + 1))" "$(gw_dir hub)/charon.log" | grep -cE "$1" || true
}
new_log_has() { [ "$(new_log_count "$1")" -gt 0 ]; }
refused='mguard-license: refusing peer .s[1-5]\.example\.org.: the VPN license allows 2'

for round in 1 2; do
	round_start=$(wc -l < "$(gw_dir hub)/charon.log")
	pids=()
	for s in $SPOKES; do
		swanctl_cmd "$s" --initiate --child t --timeout 20 \
			>> "$(gw_dir "$s")/initiate.log" 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	check "round $round: exactly 2 of 5 spokes established" \
		eval '[ "$(established_spokes)" = 2 ]'
	check "round $round: the hub holds exactly 2 IKE_SAs" \
		eval '[ "$(hub_sa_count)" = 2 ]'
	check "round $round: the hub refused the other 3, naming the license" \
		wait_until eval '[ "$(new_log_count "$refused")" = 3 ]'
	check "round $round: the hub logged the count 2 of 2" \
		new_log_has 'connected, 2 of 2 licensed peers connected'

	pids=()
	for s in $SPOKES; do
		swanctl_cmd "$s" --terminate --ike "$s" --timeout 10 \
			> /dev/null 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	check "round $round: every SA is gone on the hub" \
		wait_until eval '[ "$(hub_sa_count)" = 0 ]'
	check "round $round: the hub's count is back to 0" \
		wait_until new_log_has 'disconnected, 0 of 2 licensed peers connected'
	last=$(grep -E 'licensed peers connected' "$(gw_dir hub)/charon.log" | tail -n 1)
	check "round $round: the last count logged is 0 of 2" \
		eval 'grep -q "0 of 2 licensed peers connected" <<< "$last"'
done

finish
