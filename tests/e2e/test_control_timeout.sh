#!/bin/bash
# mguard-control: the deactivation timeout, on_traffic connections released after
# idle and re-established by traffic
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- deactivation timeout ---------------------------------------------------
check "a name with a space, sent as %20, works" is_status New%20York void
check "New York started through the CGI" expect "name=New%20York&cmd=up" 200 ok
check "New York becomes active" wait_until -t 5 is_status New%20York active
check "after its deactivation timeout New York is void" \
	wait_until -t 10 is_status New%20York void
check "and Stopped" eval 'vpn moon list | grep "^New York: stopped, void" >/dev/null'
check "the timeout is logged" log_has moon "deactivation timeout of 'New York' elapsed"


# --- on_traffic: released after idle, re-established by traffic -------------
check "Oslo (on_traffic) is ready" is_status Oslo ready
in_ns moon ping -c 3 -W 1 -I 10.1.2.1 10.2.2.1 >/dev/null 2>&1 || true
check "traffic establishes Oslo" wait_until -t 10 is_status Oslo active
check "Oslo is released after 4 s without traffic" \
	wait_until -t 15 is_status Oslo ready
check "and stays Started" eval 'vpn moon list | grep "^Oslo: started, ready" >/dev/null'
in_ns moon ping -c 3 -W 1 -I 10.1.2.1 10.2.2.1 >/dev/null 2>&1 || true
check "traffic brings Oslo back" wait_until -t 10 is_status Oslo active

finish
