#!/bin/bash
# IKEv2 PSK net-to-net tunnel between two gateways, kernel-libipsec data path.
#
#   alice ------- moon =========== WAN =========== sun ------- bob
#   10.1.0.10  10.1.0.1  192.0.2.1    (bridge)   192.0.2.2  10.2.0.1  10.2.0.10
#   eth0        lan      wan                      wan        lan       eth0
#
#   moon: gw-gw { net: 10.1.0.0/24 === 10.2.0.0/24 }, PSK, initiates
#   sun:  gw-gw { net: 10.2.0.0/24 === 10.1.0.0/24 }, PSK, responds
#
# Must hold:
#   - before the tunnel: alice cannot reach bob (the gateways have no route)
#   - after `swanctl --initiate`: IKE_SA ESTABLISHED and CHILD_SA INSTALLED on
#     both gateways, shown by `swanctl --list-sas`
#   - ping alice <-> bob works and crosses the tunnel: ipsec0 and CHILD_SA
#     counters grow on both gateways, ESP-in-UDP crosses the WAN and no LAN
#     address appears in the clear on it
#   - a 1 MiB TCP transfer alice -> bob arrives intact (SHA-256) and through
#     the tunnel
#   - after `swanctl --terminate` the SAs are gone and traffic stops again
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# PSK_SUN=other gives sun a different key: the test must then fail
PSK=0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
host_create alice moon 10.1.0.10/24
host_create bob sun 10.2.0.10/24
wan_watch

# gw_conf GW LOCAL_ADDR REMOTE_ADDR LOCAL_ID REMOTE_ID LOCAL_NET REMOTE_NET PSK
gw_conf() {
	cat > "$(swanctl_conf "$1")" <<-EOF
	connections {
	  gw-gw {
	    version = 2
	    local_addrs = $2
	    remote_addrs = $3
	    proposals = aes256-sha256-x25519
	    local {
	      auth = psk
	      id = $4
	    }
	    remote {
	      auth = psk
	      id = $5
	    }
	    children {
	      net {
	        local_ts = $6
	        remote_ts = $7
	        esp_proposals = aes256gcm16-x25519
	        start_action = none
	      }
	    }
	  }
	}
	secrets {
	  ike-gw {
	    id-1 = moon.example.org
	    id-2 = sun.example.org
	    secret = $8
	  }
	}
	EOF
}

gw_conf moon 192.0.2.1 192.0.2.2 moon.example.org sun.example.org \
	10.1.0.0/24 10.2.0.0/24 "$PSK"
gw_conf sun 192.0.2.2 192.0.2.1 sun.example.org moon.example.org \
	10.2.0.0/24 10.1.0.0/24 "${PSK_SUN:-$PSK}"

charon_start moon
charon_start sun

check "alice cannot reach bob before the tunnel is up" \
	host_ping_fails alice 10.2.0.10
check "moon loads its swanctl configuration" swanctl_load moon
check "sun loads its swanctl configuration" swanctl_load sun

swanctl_cmd moon --initiate --child net --timeout 20 > "$(gw_dir moon)/initiate.log" 2>&1 || true
check "moon: IKE_SA gw-gw ESTABLISHED, CHILD_SA net INSTALLED" sa_wait moon gw-gw net
check "sun: IKE_SA gw-gw ESTABLISHED, CHILD_SA net INSTALLED" sa_wait sun gw-gw net

list_shows() {
	local out
	out=$(swanctl_cmd "$1" --list-sas)
	printf '%s\n' "$out"
	grep -qE '^gw-gw: #[0-9]+, ESTABLISHED, IKEv2' <<< "$out" &&
		grep -qE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL' <<< "$out" &&
		grep -qE "local  10\.$2\.0\.0/24" <<< "$out"
}
check "swanctl --list-sas on moon shows the tunnel" list_shows moon 1
check "swanctl --list-sas on sun shows the tunnel" list_shows sun 2

# counters before traffic
moon_tx=$(if_counter moon ipsec0 tx packets)
sun_rx=$(if_counter sun ipsec0 rx packets)
moon_out=$(sa_get moon gw-gw net packets-out)
moon_in=$(sa_get moon gw-gw net packets-in)
moon_bytes_out=$(sa_get moon gw-gw net bytes-out)
sun_bytes_in=$(sa_get sun gw-gw net bytes-in)
wan_clear=$(wan_count clear)
wan_esp=$(wan_count esp)

check "alice pings bob through the tunnel" host_ping alice 10.2.0.10 5
check "bob pings alice through the tunnel" host_ping bob 10.1.0.10 5

at_least() { # NAME OLD NEW DELTA
	echo "$1: $2 -> $3"
	[ -n "$2" ] && [ -n "$3" ] && [ "$3" -ge $(($2 + $4)) ]
}
check "moon's ipsec0 sent the pings (tx packets +10)" \
	at_least "moon ipsec0 tx" "$moon_tx" "$(if_counter moon ipsec0 tx packets)" 10
check "sun's ipsec0 received the pings (rx packets +10)" \
	at_least "sun ipsec0 rx" "$sun_rx" "$(if_counter sun ipsec0 rx packets)" 10
grew() { # GW FIELD OLD DELTA: a counter of GW's CHILD_SA net grew by DELTA
	at_least "$1 $2" "$3" "$(sa_get "$1" gw-gw net "$2")" "$4"
}
check "moon's CHILD_SA counted the pings out (packets-out +10)" \
	grew moon packets-out "$moon_out" 10
check "moon's CHILD_SA counted the replies in (packets-in +10)" \
	grew moon packets-in "$moon_in" 10
check "the WAN carried ESP in UDP (at least 20 packets)" \
	at_least "wan esp" "$wan_esp" "$(wan_count esp)" 20
check "no LAN address crossed the WAN in the clear" \
	test "$wan_clear" = 0 -a "$(wan_count clear)" = 0

check "1 MiB TCP transfer alice -> bob arrives intact" \
	tcp_transfer alice bob 10.2.0.10 1048576
check "the transfer left moon through the tunnel (bytes-out +1 MiB)" \
	grew moon bytes-out "$moon_bytes_out" 1048576
check "the transfer reached sun through the tunnel (bytes-in +1 MiB)" \
	grew sun bytes-in "$sun_bytes_in" 1048576
check "still no LAN address in the clear on the WAN" \
	test "$(wan_count clear)" = 0

swanctl_cmd moon --terminate --ike gw-gw --timeout 10 > /dev/null 2>&1 || true
check "moon: SAs gone after terminate" sa_wait_gone moon gw-gw
check "sun: SAs gone after terminate" sa_wait_gone sun gw-gw
check "alice cannot reach bob once the tunnel is down" \
	host_ping_fails alice 10.2.0.10

finish
