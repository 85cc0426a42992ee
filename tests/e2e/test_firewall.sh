#!/bin/bash
# mguard-firewall: a connection's incoming and outgoing firewall on real
# tunnel traffic (kernel-libipsec data path), switched by model reloads.
#
#   alice ------- moon =========== WAN =========== sun ------- bob
#   10.1.0.10  10.1.0.1  192.0.2.1    (bridge)   192.0.2.2  10.2.0.1  10.2.0.10
#
#   moon: mguard-firewall, model connection "gw" (tunnel t1: 10.1.0.0/24 ===
#         10.2.0.0/24), swanctl gw { gw-t1 }, logs to nflog group 5
#   sun:  plain charon, gw { gw-t1: 10.2.0.0/24 === 10.1.0.0/24 }
#   alice, bob: TCP echo on 80 and 502, UDP echo on 9; moon: TCP on
#         10.1.0.1:80 (the gateway itself)
#
# Must hold (incoming = bob -> alice and bob -> moon, outgoing = alice -> bob):
#   - tunnel up: moon's table has the CHILD_SA's remote selector in the sets
#     that dispatch to connection gw's chains in-gw/out-gw
#   - accept/accept: ping, TCP, UDP pass both ways
#   - drop/drop: nothing passes either way, the gateway is not reachable
#     from the tunnel; the drop counter of in-gw grows; log_unknown logs
#   - ping/ping: pings pass both ways, TCP and UDP do not
#   - rules: incoming only TCP 502 to alice (logged), everything else
#     rejected; outgoing accept: bob:502 open, bob:80 refused (RST), UDP
#     refused (ICMP), ping blocked; alice -> bob everything (and its replies)
#     passes; counters of the rules grow; nflog carries "mguard gw in r1"
#     lines; each switch applies on `swanctl --reload-settings` without the
#     tunnel going down
#   - IP group host names: localhost resolves (a rule for 127.0.0.1), a
#     name that does not resolve is logged and matches nothing
#   - rekeying changes nothing visible (same chains, traffic still filtered)
#   - an invalid model on reload keeps the rules
#   - tunnel down: no set element of the CHILD_SA left
#   - charon SIGKILLed: after restart no stale rules, nothing passes until
#     the tunnel is back, then the rules apply again
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=fw_lib.sh
. "$(dirname "$0")/fw_lib.sh"

PSK=0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL
MODEL=$E2E_DIR/moon-vpn.conf

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
host_create alice moon 10.1.0.10/24
host_create bob sun 10.2.0.10/24

secrets() {
	cat <<-EOF
	secrets {
	  ike-gw {
	    id-1 = moon.example.org
	    id-2 = sun.example.org
	    secret = $PSK
	  }
	}
	EOF
}
{
	echo "connections {"
	fw_swanctl_conn gw 192.0.2.1 192.0.2.2 moon.example.org sun.example.org \
		10.1.0.0/24 10.2.0.0/24
	echo "}"
	secrets
} > "$(swanctl_conf moon)"
{
	echo "connections {"
	fw_swanctl_conn gw 192.0.2.2 192.0.2.1 sun.example.org moon.example.org \
		10.2.0.0/24 10.1.0.0/24
	echo "}"
	secrets
} > "$(swanctl_conf sun)"

# model IN OUT [IN_RULES] [OUT_RULES] (groups: $MODEL_GROUPS)
MODEL_GROUPS=
model() {
	{
		printf '%s\n' "$MODEL_GROUPS"
		echo "connections {"
		fw_model_conn gw 192.0.2.2 10.1.0.0/24 10.2.0.0/24 "$@"
		echo "}"
	} > "$MODEL.new"
	mv "$MODEL.new" "$MODEL"
}

RULES_IN='
                    r1 {
                        protocol = tcp
                        to = 10.1.0.10
                        to_port = 502
                        action = accept
                        log = yes
                    }
                    r2 {
                        action = reject
                    }'

model accept accept
fw_listen alice alice 10.1.0.10
fw_listen bob bob 10.2.0.10
bg_start moon moon-tcp80 socat TCP4-LISTEN:80,bind=10.1.0.1,reuseaddr,fork PIPE
fw_charon_start moon "$MODEL"
charon_start sun
fw_nflog_start moon 5
swanctl_load moon
swanctl_load sun

check "moon builds its table at start" log_has moon 'table mguard built \(start\)'
up() {
	swanctl_cmd moon --initiate --child gw-t1 --timeout 20 >/dev/null 2>&1 || true
	sa_wait moon gw gw-t1 && sa_wait sun gw gw-t1
}
check "the tunnel comes up" up
REQID=$(sa_get moon gw gw-t1 reqid)
note "moon's CHILD_SA has reqid $REQID"
# the CHILD_SA's remote selector 10.2.0.0/24 in the /24 sets of all and of
# connection gw (hash sets of network addresses, one per prefix length)
has_child_rules() {
	fw_nft moon list set inet mguard remotes-24 | grep "elements = { 10.2.0.0 }" >/dev/null &&
		fw_nft moon list set inet mguard remote-gw-24 | grep "elements = { 10.2.0.0 }" >/dev/null
}
check "moon's table has the CHILD_SA's set elements" wait_until has_child_rules

# --- accept / accept
expect "accept: bob pings alice" open ping_probe bob 10.1.0.10
expect "accept: alice pings bob" open ping_probe alice 10.2.0.10
expect "accept: bob -> alice TCP 80" open tcp_probe bob 10.1.0.10 80
expect "accept: alice -> bob TCP 502" open tcp_probe alice 10.2.0.10 502
expect "accept: bob -> alice UDP 9" open udp_probe bob 10.1.0.10 9
expect "accept: alice -> bob UDP 9" open udp_probe alice 10.2.0.10 9
expect "accept: bob -> moon itself TCP 80" open tcp_probe bob 10.1.0.1 80

# --- drop / drop
model drop drop
check "reload applies the drop model" fw_reload moon
drops=$(fw_counter moon in-gw 'drop$')
logs=$(fw_nflog_count moon "mguard gw in unknown")
expect "drop: bob pings alice" blocked ping_probe bob 10.1.0.10
expect "drop: alice pings bob" blocked ping_probe alice 10.2.0.10
expect "drop: bob -> alice TCP 502" timeout tcp_probe bob 10.1.0.10 502
expect "drop: alice -> bob TCP 502" timeout tcp_probe alice 10.2.0.10 502
expect "drop: bob -> alice UDP 9" timeout udp_probe bob 10.1.0.10 9
expect "drop: alice -> bob UDP 9" timeout udp_probe alice 10.2.0.10 9
expect "drop: bob -> moon itself TCP 80" timeout tcp_probe bob 10.1.0.1 80
grew() { local now; now=$($1); echo "$2 -> $now"; [ "$now" -gt "$2" ]; }
check "drop: the drop counter of in-gw grew" \
	grew "fw_counter moon in-gw drop\$" "$drops"
check "drop: log_unknown logged 'mguard gw in unknown' to nflog" \
	fw_nflog_wait moon "mguard gw in unknown: " "$logs"
check "the tunnel stayed up across the reloads" sa_is moon gw gw-t1 INSTALLED
check "same reqid after the reloads" test "$(sa_get moon gw gw-t1 reqid)" = "$REQID"

# --- ping / ping
model ping ping
check "reload applies the ping model" fw_reload moon
expect "ping: bob pings alice" open ping_probe bob 10.1.0.10
expect "ping: alice pings bob" open ping_probe alice 10.2.0.10
expect "ping: bob -> alice TCP 80" timeout tcp_probe bob 10.1.0.10 80
expect "ping: alice -> bob TCP 80" timeout tcp_probe alice 10.2.0.10 80
expect "ping: bob -> alice UDP 9" timeout udp_probe bob 10.1.0.10 9

# --- rules / accept
model rules accept "$RULES_IN"
check "reload applies the rules model" fw_reload moon
r1=$(fw_counter moon in-gw 'tcp dport 502 counter')
r2=$(fw_counter moon in-gw 'reject')
logs=$(fw_nflog_count moon "mguard gw in r1")
expect "rules: bob -> alice TCP 502 (r1)" open tcp_probe bob 10.1.0.10 502
expect "rules: bob -> alice TCP 80 (r2 reject)" refused tcp_probe bob 10.1.0.10 80
expect "rules: bob -> alice UDP 9 (r2 reject)" refused udp_probe bob 10.1.0.10 9
expect "rules: bob pings alice (r2 reject)" blocked ping_probe bob 10.1.0.10
expect "rules: bob -> moon itself TCP 80 (r2 reject)" refused tcp_probe bob 10.1.0.1 80
expect "rules: alice -> bob TCP 80 (outgoing accept)" open tcp_probe alice 10.2.0.10 80
expect "rules: alice -> bob UDP 9 (outgoing accept, reply passes)" open udp_probe alice 10.2.0.10 9
expect "rules: alice pings bob (outgoing accept, reply passes)" open ping_probe alice 10.2.0.10
check "rules: r1's counter grew" grew "fw_counter moon in-gw tcp.dport.502.counter" "$r1"
check "rules: r2's counter grew" grew "fw_counter moon in-gw reject" "$r2"
check "rules: r1 logged 'mguard gw in r1' to nflog" \
	fw_nflog_wait_probe moon "mguard gw in r1: " "$logs" tcp_probe bob 10.1.0.10 502

# --- IP groups with host names: resolved in a job, unresolvable ones logged
MODEL_GROUPS='groups {
    ip {
        named = localhost, nowhere.invalid
    }
}'
model rules accept '
                    r1 {
                        protocol = tcp
                        to = named
                        to_port = 502
                        action = accept
                    }
                    r2 {
                        action = reject
                    }'
n=$(log_count moon 'addresses of IP group hosts changed')
check "reload applies the model with host names" fw_reload moon
check "the host names are resolved off the event threads and applied" \
	wait_until _fw_more_lines moon "$n" 'addresses of IP group hosts changed'
check "localhost became a rule for 127.0.0.1" \
	bash -c "ip netns exec $(ns moon) nft list chain inet mguard in-gw | grep 'ip daddr 127.0.0.1 tcp dport 502' >/dev/null"
check "nowhere.invalid is logged as not resolving" \
	log_has moon 'IP group host nowhere.invalid does not resolve'
expect "host names: bob -> alice TCP 502 no longer matches r1" refused tcp_probe bob 10.1.0.10 502
MODEL_GROUPS=
model rules accept "$RULES_IN"
check "reload back to the rules model" fw_reload moon

# --- rekeying changes nothing visible
strip() { fw_table moon | sed 's/counter packets [0-9]* bytes [0-9]*/counter/'; }
before=$(strip)
n=$(log_count moon 'CHILD_SA gw-t1\{[0-9]+\} established')
swanctl_cmd moon --rekey --child gw-t1 >/dev/null 2>&1 || true
check "the CHILD_SA rekeys" wait_until _fw_more_lines moon "$n" 'CHILD_SA gw-t1\{[0-9]+\} established'
check "rekeying kept the reqid" test "$(sa_get moon gw gw-t1 reqid)" = "$REQID"
check "rekeying left the table as it was" test "$before" = "$(strip)"
expect "after rekeying: bob -> alice TCP 502" open tcp_probe bob 10.1.0.10 502
expect "after rekeying: bob -> alice TCP 80" refused tcp_probe bob 10.1.0.10 80

# --- an invalid model keeps the rules
echo "connections { gw { bogus = 1 } }" > "$MODEL"
n=$(log_count moon 'mguard-firewall: keeping the current rules')
swanctl_cmd moon --reload-settings >/dev/null
check "an invalid model is refused on reload" \
	wait_until _fw_more_lines moon "$n" 'mguard-firewall: keeping the current rules'
expect "invalid model: bob -> alice TCP 80 still rejected" refused tcp_probe bob 10.1.0.10 80
model rules accept "$RULES_IN"

# --- tunnel down: rules gone
swanctl_cmd moon --terminate --ike gw --timeout 10 >/dev/null 2>&1 || true
check "moon: SAs gone after terminate" sa_wait_gone moon gw
no_child_rules() {
	local t
	t=$(fw_table moon)
	echo "$t"
	! grep -q "elements" <<< "$t"
}
check "tunnel down: no CHILD_SA set element left" wait_until no_child_rules

# --- charon SIGKILLed and restarted
check "the tunnel comes up again" up
REQID=$(sa_get moon gw gw-t1 reqid)
check "the rules are back with the tunnel" wait_until has_child_rules
kill -9 "$(charon_pid moon)"
wait_until _e2e_gone "$(charon_pid moon)" || true
check "after SIGKILL the stale table is still there (nobody removed it)" has_child_rules
fw_charon_start moon "$MODEL"
check "restart: no stale CHILD_SA rules" no_child_rules
swanctl_load moon
expect "restart: bob -> alice TCP 502 blocked before the tunnel is back" timeout tcp_probe bob 10.1.0.10 502
# sun still has the old SAs: make it forget them so that moon's new IKE_SA
# is the only one
swanctl_cmd sun --terminate --ike gw --timeout 10 >/dev/null 2>&1 || true
sa_wait_gone sun gw || true
check "the tunnel comes up after the restart" up
REQID=$(sa_get moon gw gw-t1 reqid)
check "restart: the CHILD_SA's rules are installed" wait_until has_child_rules
expect "restart: bob -> alice TCP 502" open tcp_probe bob 10.1.0.10 502
expect "restart: bob -> alice TCP 80" refused tcp_probe bob 10.1.0.10 80

charon_stop moon
check "charon's shutdown deletes the table" bash -c "! ip netns exec $(ns moon) nft list table inet mguard"

finish
