#!/bin/bash
# mguard-control: status words, bad input and authentication through nph-vpn.cgi,
# mguard-vpn's exit codes
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# --- status words, bad input, authentication --------------------------------
check "status of a stopped connection is void" is_status Athen void
check "status of a missing name is unknown" is_status Nope unknown
check "a disabled connection answers error: disabled" \
	expect "name=Paris&cmd=up" 409 "error: disabled"
check "name=a;b gets a 400" expect "name=a;b&cmd=up" 400 \
	"error: invalid character in query (allowed: A-Z a-z 0-9 - . _ ~ and %XX)"
check "a repeated parameter gets a 400" \
	expect "name=Athen&cmd=up&cmd=down" 400 "error: repeated parameter cmd"
check "an unknown cmd gets a 400" expect "name=Athen&cmd=start" 400 \
	"error: unknown cmd (allowed: up, down, status, synup, syndown)"
# (lighttpd itself refuses %00 in a URL with its own 400 page; the CGI's
# own refusal of NUL bytes is covered by the unit tests)
check "a NUL byte gets a 400" eval \
	'[ "$(cgi "name=Ath%00en&cmd=up" | head -1)" = 400 ]'
check "a wrong password gets a 401" \
	eval '[ "$(cgi -p wrong "name=Athen&cmd=up" | head -1)" = 401 ]'
check "without credentials: 401" eval \
	'[ "$(in_ns moon curl -s --insecure -o /dev/null -w "%{http_code}" "https://192.0.2.1/nph-vpn.cgi?name=Athen&cmd=up")" = 401 ]'
check "plain HTTP is refused" eval \
	'[ "$(in_ns moon curl -s -o /dev/null -w "%{http_code}" "http://admin:$PASSWORD@127.0.0.1:8080/nph-vpn.cgi?name=Athen&cmd=status")" = 403 ]'
check "bad requests changed nothing" holds_for 3 eval \
	'is_status Athen void && [ -z "$(sa_state moon athen)" ]'


# --- mguard-vpn -------------------------------------------------------------
check "mguard-vpn status of an unknown name exits 4" eval \
	'vpn moon status Nope >/dev/null 2>&1; [ $? = 4 ]'
check "mguard-vpn up of a disabled connection exits 1" eval \
	'vpn moon up Paris >/dev/null 2>&1; [ $? = 1 ]'
check "mguard-vpn without charon exits 3" eval \
	'vpn moon --socket unix://$E2E_DIR/none.ctl list >/dev/null 2>&1; [ $? = 3 ]'
check "mguard-vpn sms with an unknown token answers unknown" eval \
	'[ "$(vpn moon sms "vpn/start nope")" = unknown ]'

finish
