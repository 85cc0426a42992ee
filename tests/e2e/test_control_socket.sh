#!/bin/bash
# mguard-control's control socket under load: idle clients, synups that
# wait, clients of one user that open too many connections.
#
#   moon (mguard-control)            192.0.2.77 (nobody answers)
#     |                                   :
#   wan 192.0.2.1 ------------------------+
#
# moon's model: Athen (stopped, wait), Rio (stopped, initiate, its peer
# does not answer: a synup of Rio waits about 11 s for charon to give up).
#
# Must hold:
#   - 10 idle connections and 4 synups in flight: `status` still answers
#     at once (it used to wait: 4 requests were served at a time, an idle
#     client held one of them for 5 s and a synup for the whole attempt)
#   - a 5th synup while 4 wait is refused at once (503), not queued
#   - idle clients are dropped after 5 s
#   - one user may hold clients_per_user connections; the next one is
#     refused (429) while another user is still served
. "$(dirname "$0")/lib.sh"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
model=$(gw_dir moon)/vpn.conf
. "$(dirname "$0")/control_model.sh"
{
	echo "connections {"
	conn athen Athen stopped wait 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon-athen athen
	conn rio Rio stopped initiate 192.0.2.77 10.1.5.0/24 10.2.5.0/24 moon-rio rio
	echo "}"
} > "$model"
mguard-swanctl --model "$model" --swanctl-dir "$(swanctl_dir moon)" \
	2>"$(gw_dir moon)/translate.log" ||
	die "mguard-swanctl failed: $(cat "$(gw_dir moon)/translate.log")"
charon_start moon --plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$model" \
	--set charon.plugins.mguard-control.sync_timeout=20 \
	--set charon.plugins.mguard-control.clients_per_user=20 \
	--set charon.plugins.mguard-control.group=nogroup \
	--set charon.retransmit_tries=4 \
	--set charon.retransmit_timeout=1 \
	--set charon.retransmit_base=1.4
swanctl_load moon || die "loading moon's connections failed"
sock=$(gw_dir moon)/charon-mguard.ctl

# request LINE: send a raw request, print the response (10 s at most)
request() {
	printf '%s\n' "$1" | timeout 10 socat -t 10 - "UNIX-CONNECT:$sock"
}
# idle NAME: a client that connects and sends nothing
idle() { bg_start moon "$1" socat -u "UNIX-CONNECT:$sock" STDOUT; }
# bg_gone NAME: the background client NAME has exited
bg_gone() { ! kill -0 "$(cat "$E2E_DIR/$1.pid")" 2>/dev/null; }
# prompt MS REQUEST WANT: REQUEST answers WANT within MS milliseconds
prompt() {
	local start end got
	start=$(date +%s%N)
	got=$(request "$2")
	end=$(date +%s%N)
	echo "answer '$got' after $(((end - start) / 1000000)) ms" |
		tee -a "$E2E_DIR/timings"
	[ "$got" = "$3" ] && [ $(((end - start) / 1000000)) -lt "$1" ]
}

# synups_logging: the four synup clients got log lines
synups_logging() {
	local i
	for i in 1 2 3 4; do
		grep -q "^log " "$E2E_DIR/synup$i.log" || return 1
	done
}
# synups_done: and ended with "done void"
synups_done() {
	local i
	synups_logging || return 1
	for i in 1 2 3 4; do
		[ "$(tail -n 1 "$E2E_DIR/synup$i.log")" = "done void" ] || return 1
	done
}

check "status answers with nothing else going on" prompt 1000 "status Athen" "done void"

# --- idle clients and waiting synups ----------------------------------------
for i in 1 2 3 4 5 6 7 8 9 10; do idle "idle$i"; done
for i in 1 2 3 4; do
	bg_start moon "synup$i" sh -c "printf 'synup Rio\n' | socat -t 30 - UNIX-CONNECT:$sock"
done
# (charon puts all four into one IKE_SA: each gets its log lines)
check "4 synups are in flight" wait_until -t 10 synups_logging
check "status answers within 1 s beside 10 idle clients and 4 synups" \
	prompt 1000 "status Athen" "done void"
note "status beside 10 idle clients and 4 synups: $(tail -n 1 "$E2E_DIR/timings")"
check "list answers too" eval \
	'request list | grep -x "done ok" >/dev/null'
check "a 5th synup is refused at once while 4 wait" prompt 1000 "synup Rio" \
	"error 503 too many synup/syndown in progress, try again later"
check "the synups are still waiting" eval \
	'! bg_gone synup1 && ! bg_gone synup4'
check "idle clients are dropped after 5 s" wait_until -t 10 eval \
	'bg_gone idle1 && bg_gone idle10'
check "the synups end with their outcome" wait_until -t 30 eval \
	'bg_gone synup1 && bg_gone synup2 && bg_gone synup3 && bg_gone synup4'
check "each synup got its log lines and 'done void'" synups_done

# --- clients per user -----------------------------------------------------------
# connected: established connections to the socket (the kernel accepts in
# order, so a later client is served after these)
connected() {
	in_ns moon ss -xH state established | awk -v s="$sock" '$4 == s' | wc -l
}
for i in $(seq 1 20); do idle "user$i"; done
check "20 idle clients of one user are connected" wait_until -t 5 eval \
	'[ "$(connected)" -ge 20 ]'
check "the 21st connection of one user is refused" eval \
	'[ "$(request "status Athen")" = "error 429 too many connections" ]'
check "the refusal is logged" log_has moon \
	"mguard-control: refusing a client of uid 0: it has 20 connections already"
chmod o+x "$E2E_DIR" "$(gw_dir moon)"
check "another user is still served" eval \
	'[ "$(printf "status Athen\n" | timeout 10 setpriv --reuid=nobody --regid=nogroup --clear-groups socat -t 10 - "UNIX-CONNECT:$sock")" = "done void" ]'
check "once the idle ones are dropped the user is served again" \
	wait_until -t 15 eval '[ "$(request "status Athen")" = "done void" ]'

finish
