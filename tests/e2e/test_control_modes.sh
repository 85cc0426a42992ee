#!/bin/bash
# mguard-control: a Stopped wait connection refuses the peer, up makes it accept,
# Started + initiate keeps it up, down stops it
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- a Stopped wait connection refuses the peer; up makes it accept --------
check "up through the CGI answers ok" expect "name=Athen&cmd=up" 200 ok
check "sun refuses moon while its connection is stopped" \
	log_wait sun "mguard-control: refusing peer 'moon' \\(192.0.2.1\\): connection 'athen' is stopped"
check "moon's Athen is ready, not active, while refused" is_status Athen ready
check "mguard-vpn up on sun answers ok" eval '[ "$(vpn sun up Rom)" = ok ]'
check "Athen becomes active" wait_until is_status Athen active
check "sun's Rom is active" eval '[ "$(vpn sun status Rom)" = active ]'
check "traffic flows through Athen's tunnel" \
	in_ns moon ping -c 2 -W 2 -I 10.1.0.1 10.2.0.1
check "license counts the connected peer" eval \
	'vpn moon license | grep -x "peers connected: 1" >/dev/null &&
	 vpn moon license | grep -x "peers licensed: unlimited" >/dev/null'
# Started + initiate keeps the SAs up: the peer closes, moon comes back
old_id=$(sa_get moon athen uniqueid)
check "sun closes Athen's SA" eval 'swanctl_cmd sun --terminate --ike athen'
check "Started + initiate brings Athen back (a new IKE_SA)" wait_until -t 20 \
	eval '[ -n "$old_id" ] && id=$(sa_get moon athen uniqueid) &&
	      [ -n "$id" ] && [ "$id" != "$old_id" ] && is_status Athen active'
check "the first of two connections named Athen won" eval \
	'vpn moon list | grep -x "Athen: stopped, void, 0/1 tunnels up" >/dev/null'
check "down through the CGI answers ok" expect "name=Athen&cmd=down" 200 ok
check "Athen is void again" wait_until is_status Athen void
check "and its SA is gone" sa_wait_gone moon athen
check "Athen stays down (Stopped)" holds_for 3 is_status Athen void

finish
