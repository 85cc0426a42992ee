#!/bin/bash
# mguard-control, mguard-vpn and nph-vpn.cgi against real charons, the real
# web server (lighttpd, HTTPS, Basic auth) and real curl, as the seed's
# example: curl --insecure "https://admin:PASSWORD@<addr>/nph-vpn.cgi?..."
#
#   moon (mguard-control, lighttpd on 192.0.2.1:443)      sun (mguard-control)
#   lan 10.1.0.1/24 10.1.1.1/24 10.1.2.1/24               lan 10.2.0.1/24 ...
#        |                                                     |
#        +------------- wan 192.0.2.1 ---- 192.0.2.2 ----------+
#
# moon's model: Athen (stopped, initiate), New York (stopped, initiate,
# deactivation timeout 6 s), Oslo (started, on_traffic, timeout 4 s), Paris
# (disabled), a second "Athen" (stopped, wait: the first one must win), Rio
# (stopped, initiate, peer 192.0.2.77 unreachable).
# sun's model: the responders; Athen's is Stopped at first ("Rom").
. "$(dirname "$0")/lib.sh"

PASSWORD=mGuard-e2e
for tool in lighttpd curl openssl mguard-vpn mguard-swanctl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
CGI=${MGUARD_CGI:-/usr/lib/cgi-bin/nph-vpn.cgi}
SNIPPET=${MGUARD_LIGHTTPD_SNIPPET:-/etc/lighttpd/conf-available/50-mguard-nph-vpn.conf}
[ -x "$CGI" ] || die "$CGI is not installed"
[ -r "$SNIPPET" ] || die "$SNIPPET is not installed"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
addr_add moon lan 10.1.1.1/24
addr_add moon lan 10.1.2.1/24
addr_add sun lan 10.2.1.1/24
addr_add sun lan 10.2.2.1/24

# conn KEY NAME MODE STARTUP GATEWAY LOCALNET REMOTENET LID RID [TIMEOUT]
conn() {
	cat <<-EOF
	    $1 {
	        name = $2
	        initial_mode = $3
	        startup = $4
	        gateway = $5
	        deactivation_timeout = ${10:-0}
	        sms_token = ${11:-}
	        service_input = ${12:-none}
	        service_input_inverted = ${13:-no}
	        tunnels {
	            t1 {
	                local = $6
	                remote = $7
	            }
	        }
	        authentication {
	            method = psk
	            psk = secret-of-$1-0123456789
	            local_id = @$8
	            remote_id = @$9
	        }
	    }
	EOF
}

mkfifo "$(gw_dir moon)/cmd2"
{
	cat <<-EOF
	global {
	    service_inputs {
	        cmd1 = file:$(gw_dir moon)/cmd1
	        cmd2 = file:$(gw_dir moon)/cmd2
	        mode = switch
	    }
	}
	EOF
	echo "connections {"
	conn athen Athen stopped initiate 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon sun
	conn ny "New York" stopped initiate 192.0.2.2 10.1.1.0/24 10.2.1.0/24 moon-ny sun-ny 6 ny-token
	conn oslo Oslo started on_traffic 192.0.2.2 10.1.2.0/24 10.2.2.0/24 moon-oslo sun-oslo 4
	conn paris Paris disabled initiate 192.0.2.2 10.1.3.0/24 10.2.3.0/24 moon-paris sun-paris
	conn athen2 Athen stopped wait 192.0.2.2 10.1.4.0/24 10.2.4.0/24 moon-a2 sun-a2
	conn rio Rio stopped initiate 192.0.2.77 10.1.5.0/24 10.2.5.0/24 moon-rio rio
	conn lima Lima stopped initiate peer.invalid 10.1.6.0/24 10.2.6.0/24 moon-lima lima
	conn kiel Kiel stopped wait 192.0.2.2 10.1.7.0/24 10.2.7.0/24 moon-kiel kiel 0 "" cmd1
	conn bonn Bonn stopped wait 192.0.2.2 10.1.8.0/24 10.2.8.0/24 moon-bonn bonn 0 "" cmd2 yes
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
{
	echo "connections {"
	conn athen Rom stopped wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon
	conn ny NY started wait 192.0.2.1 10.2.1.0/24 10.1.1.0/24 sun-ny moon-ny
	conn oslo OsloR started wait 192.0.2.1 10.2.2.0/24 10.1.2.0/24 sun-oslo moon-oslo
	echo "}"
} > "$(gw_dir sun)/vpn.conf"

for gw in moon sun; do
	mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)" 2>"$(gw_dir $gw)/translate.log" ||
		die "mguard-swanctl failed for $gw: $(cat "$(gw_dir $gw)/translate.log")"
	charon_start "$gw" --plugins "mguard-license mguard-control" \
		--set "charon.plugins.mguard-license.model=$(gw_dir $gw)/vpn.conf" \
		--set "charon.plugins.mguard-control.model=$(gw_dir $gw)/vpn.conf" \
		--set charon.plugins.mguard-control.retry_interval=2 \
		--set charon.plugins.mguard-control.sync_timeout=15 \
		--set charon.retransmit_tries=2 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.4
	swanctl_load "$gw" || die "loading $gw's connections failed"
done

# --- lighttpd in moon's namespace, HTTPS on 192.0.2.1:443, Basic auth -----
web_start moon 192.0.2.1 "$PASSWORD" "$CGI" "$SNIPPET"
web=$(gw_dir moon)/web

# cgi [-p PASSWORD] QUERY: GET the CGI as the seed's example does; prints
# "STATUS" on the first line, then the body
cgi() {
	local pw=$PASSWORD
	if [ "$1" = -p ]; then pw=$2; shift 2; fi
	in_ns moon curl -s --insecure -w '%{http_code}\n' -o "$web/body" \
		"https://admin:$pw@192.0.2.1/nph-vpn.cgi?$1" > "$web/code" || return 1
	cat "$web/code" "$web/body"
}
# expect QUERY STATUS BODY: the CGI answers STATUS with BODY as first line
expect() {
	local out
	out=$(cgi "$1") || return 1
	[ "$(sed -n 1p <<< "$out")" = "$2" ] && [ "$(sed -n 2p <<< "$out")" = "$3" ] ||
		{ echo "got: $out"; return 1; }
}
is_status() { expect "name=$1&cmd=status" 200 "$2"; }
vpn() { gw_exec "$1" mguard-vpn "${@:2}"; }

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
sleep 3
check "bad requests changed nothing" eval \
	'is_status Athen void && [ -z "$(sa_state moon athen)" ]'

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
	'vpn moon license | grep -qx "peers connected: 1" &&
	 vpn moon license | grep -qx "peers licensed: unlimited"'
# Started + initiate keeps the SAs up: the peer closes, moon comes back
old_id=$(sa_get moon athen uniqueid)
check "sun closes Athen's SA" eval 'swanctl_cmd sun --terminate --ike athen'
check "Started + initiate brings Athen back (a new IKE_SA)" wait_until -t 20 \
	eval '[ -n "$old_id" ] && id=$(sa_get moon athen uniqueid) &&
	      [ -n "$id" ] && [ "$id" != "$old_id" ] && is_status Athen active'
check "the first of two connections named Athen won" eval \
	'vpn moon list | grep -qx "Athen: stopped, void, 0/1 tunnels up"'
check "down through the CGI answers ok" expect "name=Athen&cmd=down" 200 ok
check "Athen is void again" wait_until is_status Athen void
check "and its SA is gone" sa_wait_gone moon athen
check "Athen stays down (Stopped)" eval 'sleep 3; is_status Athen void'

# --- deactivation timeout ---------------------------------------------------
check "a name with a space, sent as %20, works" is_status New%20York void
check "New York started through the CGI" expect "name=New%20York&cmd=up" 200 ok
check "New York becomes active" wait_until -t 5 is_status New%20York active
check "after its deactivation timeout New York is void" \
	wait_until -t 10 is_status New%20York void
check "and Stopped" eval 'vpn moon list | grep -q "^New York: stopped, void"'
check "the timeout is logged" log_has moon "deactivation timeout of 'New York' elapsed"

# --- text messages -------------------------------------------------------------
check "vpn/start with New York's token answers ok" eval \
	'[ "$(vpn moon sms "vpn/start ny-token")" = ok ]'
check "the text message started New York" wait_until -t 5 is_status New%20York active
check "vpn/stop with the token answers ok" eval \
	'[ "$(vpn moon sms "vpn/stop ny-token")" = ok ]'
check "the text message stopped New York" wait_until -t 10 is_status New%20York void

# --- CMD contacts: a file and a FIFO as switches -----------------------------
check "Kiel (CMD 1, no level yet) is void" is_status Kiel void
echo 1 > "$(gw_dir moon)/cmd1"
check "CMD 1 on starts Kiel" wait_until -t 5 is_status Kiel ready
echo 0 > "$(gw_dir moon)/cmd1"
check "CMD 1 off stops Kiel" wait_until -t 5 is_status Kiel void
check "the switch is logged" log_has moon "'Kiel' stopped by CMD 1"
check "Bonn (CMD 2, inverted) is void" is_status Bonn void
timeout 5 sh -c "echo 0 > '$(gw_dir moon)/cmd2'" || true
check "CMD 2 off starts the inverted Bonn" wait_until -t 5 is_status Bonn ready
timeout 5 sh -c "echo 1 > '$(gw_dir moon)/cmd2'" || true
check "CMD 2 on stops the inverted Bonn" wait_until -t 5 is_status Bonn void

# --- on_traffic: released after idle, re-established by traffic -------------
check "Oslo (on_traffic) is ready" is_status Oslo ready
in_ns moon ping -c 3 -W 1 -I 10.1.2.1 10.2.2.1 >/dev/null 2>&1 || true
check "traffic establishes Oslo" wait_until -t 10 is_status Oslo active
check "Oslo is released after 4 s without traffic" \
	wait_until -t 15 is_status Oslo ready
check "and stays Started" eval 'vpn moon list | grep -q "^Oslo: started, ready"'
in_ns moon ping -c 3 -W 1 -I 10.1.2.1 10.2.2.1 >/dev/null 2>&1 || true
check "traffic brings Oslo back" wait_until -t 10 is_status Oslo active

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

# --- mguard-vpn -------------------------------------------------------------
check "mguard-vpn status of an unknown name exits 4" eval \
	'vpn moon status Nope >/dev/null 2>&1; [ $? = 4 ]'
check "mguard-vpn up of a disabled connection exits 1" eval \
	'vpn moon up Paris >/dev/null 2>&1; [ $? = 1 ]'
check "mguard-vpn without charon exits 3" eval \
	'vpn moon --socket unix://$E2E_DIR/none.ctl list >/dev/null 2>&1; [ $? = 3 ]'
check "mguard-vpn sms with an unknown token answers unknown" eval \
	'[ "$(vpn moon sms "vpn/start nope")" = unknown ]'

# --- reload keeps unchanged connections --------------------------------------
check "Athen up again" expect "name=Athen&cmd=up" 200 ok
check "Athen active" wait_until is_status Athen active
n=$(log_count moon "terminating IKE_SA #[0-9]+ of 'athen'")
check "reload answers ok" eval '[ "$(vpn moon reload)" = ok ]'
check "reload kept Athen up and Started" eval \
	'sleep 2; is_status Athen active && [ "$(log_count moon "terminating IKE_SA #[0-9]+ of '"'athen'"'")" = "$n" ]'

# --- an invalid model is refused, the running one stays ----------------------
cp "$(gw_dir moon)/vpn.conf" "$(gw_dir moon)/vpn.conf.good"
echo "bogus = 1" >> "$(gw_dir moon)/vpn.conf"
check "reload of an invalid model fails with exit 1" eval \
	'vpn moon reload >/dev/null 2>&1; [ $? = 1 ]'
check "and the previous model stays in force" eval \
	'is_status Athen active && is_status Nope unknown'
mv "$(gw_dir moon)/vpn.conf.good" "$(gw_dir moon)/vpn.conf"

# --- apply: a changed model, translated, loaded and picked up ---------------
sed -i 's/^\(        name = \)Rio$/\1Rio de Janeiro/' "$(gw_dir moon)/vpn.conf"
check "mguard-vpn apply answers ok" eval \
	'[ "$(vpn moon --model "$(gw_dir moon)/vpn.conf" --swanctl-dir "$(swanctl_dir moon)" apply)" = ok ]'
check "apply wrote the swanctl configuration" \
	grep -q "Rio de Janeiro" "$(swanctl_dir moon)/conf.d/mguard.conf"
check "the renamed connection answers to its new name" is_status Rio%20de%20Janeiro void
check "its old name is unknown" is_status Rio unknown
check "apply kept Athen up" eval \
	'is_status Athen active && [ "$(log_count moon "terminating IKE_SA #[0-9]+ of '"'athen'"'")" = "$n" ]'

finish
