#!/bin/bash
# mguard-control: synup and syndown through the CGI, with the attempt's log lines
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- synup / syndown --------------------------------------------------------
check "synup answers active with the attempt's log lines" eval \
	'out=$(cgi "name=New%20York&cmd=synup") && [ "$(sed -n 1,2p <<< "$out")" = "200
active" ] && grep -q "CHILD_SA ny-t1{[0-9]*} established" <<< "$out"'
check "syndown answers void" eval \
	'[ "$(cgi "name=New%20York&cmd=syndown" | sed -n 1,2p)" = "200
void" ]'
check "synup of an unreachable peer answers void and the reason" eval \
	'out=$(cgi "name=Rio&cmd=synup") && [ "$(sed -n 1,2p <<< "$out")" = "200
void" ] && grep -qE "giving up after [0-9]+ retransmits|establishing failed" <<< "$out"'
check "Rio's status is void" is_status Rio void
check "synup of a peer whose name does not resolve answers void and why" eval \
	'out=$(cgi "name=Lima&cmd=synup") && [ "$(sed -n 1,2p <<< "$out")" = "200
void" ] && grep -q "unable to resolve" <<< "$out"'
check "Lima's status is void" is_status Lima void

finish
