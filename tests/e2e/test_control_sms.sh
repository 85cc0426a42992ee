#!/bin/bash
# mguard-control: text messages start and stop a connection by its token
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- text messages -------------------------------------------------------------
check "vpn/start with New York's token answers ok" eval \
	'[ "$(vpn moon sms "vpn/start ny-token")" = ok ]'
check "the text message started New York" wait_until -t 5 is_status New%20York active
check "vpn/stop with the token answers ok" eval \
	'[ "$(vpn moon sms "vpn/stop ny-token")" = ok ]'
check "the text message stopped New York" wait_until -t 10 is_status New%20York void

finish
