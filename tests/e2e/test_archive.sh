#!/bin/bash
# mguard-archive: connection attempts started by synup, up, a text message
# and a CMD contact
# are archived with their log lines and outcome; only_on_failure; entries
# survive a charon restart and are readable while charon is down; a full
# archive drops the oldest entries.
#
#   moon (mguard-archive, -control, -license)          sun (responders)
#   lan 10.1.0.1/24 10.1.1.1/24 10.1.2.1/24            lan 10.2.0.1/24 ...
#        |                                                  |
#        +----------- wan 192.0.2.1 ---- 192.0.2.2 ---------+
#
# moon's model: Athen (stopped, initiate, to sun), Rio (stopped, initiate,
# peer 192.0.2.77 does not exist), Bonn (stopped, initiate, to sun, text
# message token), Kiel (stopped, initiate, to sun, CMD 1 from a file),
# archive in $(gw_dir moon)/archive.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/control_model.sh"

for tool in mguard-vpn mguard-swanctl tar; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
addr_add moon lan 10.1.1.1/24
addr_add moon lan 10.1.2.1/24
addr_add moon lan 10.1.3.1/24
addr_add sun lan 10.2.1.1/24
addr_add sun lan 10.2.2.1/24
addr_add sun lan 10.2.3.1/24

MODEL=$(gw_dir moon)/vpn.conf
ARCHIVE=$(gw_dir moon)/archive

# moon_model ONLY_ON_FAILURE MAX_SIZE
moon_model() {
	{
		cat <<-EOF
		global {
		    service_inputs {
		        cmd1 = file:$(gw_dir moon)/cmd1
		        mode = switch
		    }
		    archive {
		        enabled = yes
		        only_on_failure = $1
		        dir = $ARCHIVE
		        max_size = $2
		    }
		}
		EOF
		echo "connections {"
		conn athen Athen stopped initiate 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon sun
		conn rio Rio stopped initiate 192.0.2.77 10.1.1.0/24 10.2.1.0/24 moon-rio rio
		conn bonn Bonn stopped initiate 192.0.2.2 10.1.2.0/24 10.2.2.0/24 moon-bonn sun-bonn 0 bonn-token-42
		conn kiel Kiel stopped initiate 192.0.2.2 10.1.3.0/24 10.2.3.0/24 moon-kiel sun-kiel 0 "" cmd1
		echo "}"
	} > "$MODEL"
}
moon_model no 1M
{
	echo "connections {"
	conn athen Rom started wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon
	conn bonn BonnR started wait 192.0.2.1 10.2.2.0/24 10.1.2.0/24 sun-bonn moon-bonn
	conn kiel KielR started wait 192.0.2.1 10.2.3.0/24 10.1.3.0/24 sun-kiel moon-kiel
	echo "}"
} > "$(gw_dir sun)/vpn.conf"

moon_start() {
	charon_start moon --plugins "mguard-license mguard-archive mguard-control" \
		--set "charon.plugins.mguard-license.model=$MODEL" \
		--set "charon.plugins.mguard-archive.model=$MODEL" \
		--set "charon.plugins.mguard-control.model=$MODEL" \
		--set charon.plugins.mguard-archive.min_free=0 \
		--set charon.plugins.mguard-control.sync_timeout=15 \
		--set charon.retransmit_tries=2 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.4
	swanctl_load moon || die "loading moon's connections failed"
}
model_translate moon
control_gw_start sun
moon_start

vpn() { gw_exec moon mguard-vpn "$@"; }
archive() { vpn --model "$MODEL" archive "$@"; }
# count N: the archive lists N entries
count() { [ "$(archive list | wc -l)" = "$1" ]; }
# entry ID OUTCOME TRIGGER NAME: archive list shows that entry
entry() {
	archive list | grep -E "^$1  [0-9-]+ [0-9:]+  $2 +$3 +$4\$" >/dev/null
}
# last_id: the newest entry's number
last_id() { archive list | tail -n 1 | cut -d' ' -f1; }

# --- a successful and a failed synup ----------------------------------------
check "synup Athen is active" eval '[ "$(vpn synup Athen | tail -n 1)" = active ]'
check "synup Rio (no peer) is void" eval '[ "$(vpn synup Rio | tail -n 1)" = void ]'
check "both attempts are archived" wait_until count 2
check "entry 1: Athen established by synup" entry 1 established synup Athen
check "entry 2: Rio failed by synup" entry 2 failed synup Rio
check "show 1 has the attempt's log lines and the CHILD_SA" eval \
	'o=$(archive show 1) && grep -q "^outcome: established: CHILD_SA athen-t1{[0-9]*} established" <<< "$o" &&
	 grep -qE "^[0-9:]{8} \[IKE\] initiating IKE_SA athen\[[0-9]+\] to 192.0.2.2" <<< "$o" &&
	 ! grep -q "moon-rio\|192.0.2.77" <<< "$o"'
check "show 2 says why Rio failed, with the retransmits" eval \
	'o=$(archive show 2) && grep -q "^outcome: failed: the peer did not answer" <<< "$o" &&
	 grep -qE "\[IKE\] (retransmit|giving up after)" <<< "$o"'
check "a text message's attempt is archived as sms" eval \
	'[ "$(vpn sms "vpn/start bonn-token-42")" = ok ] && wait_until count 3 &&
	 entry 3 established sms Bonn'
check "an up's attempt is archived as up" eval \
	'[ "$(vpn up Rio)" = ok ] && wait_until count 4 && entry 4 failed up Rio'
echo 1 > "$(gw_dir moon)/cmd1"
check "a CMD contact's attempt is archived as cmd" eval \
	'wait_until count 5 && entry 5 established cmd Kiel'
# off again: a switch that is on when charon starts would start Kiel anew
echo 0 > "$(gw_dir moon)/cmd1"
check "an unknown entry is refused with exit 4" eval \
	'archive show 99; [ $? = 4 ]'
check "entries are files of their own, no temporary files" eval \
	'[ "$(ls -A "$ARCHIVE" | tr "\n" " ")" = "0000000001.entry 0000000002.entry 0000000003.entry 0000000004.entry 0000000005.entry " ]'

# --- charon restarts ----------------------------------------------------------
charon_stop moon
check "mguard-vpn archive list works while charon is down" count 5
moon_start
check "after the restart the entries remain" eval 'count 5 && entry 1 established synup Athen'
check "a new attempt after the restart is numbered on" eval \
	'[ "$(vpn synup Rio | tail -n 1)" = void ] && wait_until count 6 && entry 6 failed synup Rio'

# --- only_on_failure ----------------------------------------------------------
moon_model yes 1M
swanctl_cmd moon --reload-settings >/dev/null || die "reload-settings failed"
vpn syndown Athen >/dev/null || true
check "only_on_failure: synup Athen is active" eval '[ "$(vpn synup Athen | tail -n 1)" = active ]'
check "only_on_failure: synup Rio is void" eval '[ "$(vpn synup Rio | tail -n 1)" = void ]'
# Athen's attempt ended first: had it been archived, it would come before Rio's
check "only_on_failure: only the failure is archived" eval \
	'wait_until count 7 && entry 7 failed synup Rio'

# --- a full archive drops the oldest -------------------------------------------
# room for the two newest entries and a bit: the next one pushes out the oldest
cap=$(( $(stat -c %s "$ARCHIVE/0000000006.entry") + $(stat -c %s "$ARCHIVE/0000000007.entry") + 200 ))
moon_model no "$cap"
swanctl_cmd moon --reload-settings >/dev/null || die "reload-settings failed"
check "full archive: synup Rio is void" eval '[ "$(vpn synup Rio | tail -n 1)" = void ]'
check "full archive: the new entry is there, the oldest are gone" eval \
	'wait_until entry 8 failed synup Rio && ! entry 1 established synup Athen &&
	 [ "$(archive list | head -n 1 | cut -d" " -f1)" -ge 6 ]'
check "full archive: the total stays within max_size" eval \
	'[ "$(cat "$ARCHIVE"/*.entry | wc -c)" -le "$cap" ]'

# --- support snapshot ---------------------------------------------------------
snap=$(gw_dir moon)/snapshot.tar
# the newest entry before the snapshot: Rio's retries may archive more meanwhile
newest=$(last_id)
# the listing once: tar writes it line by line, and under pipefail a grep -q
# that stops reading early would fail it with SIGPIPE
check "snapshot: a tarball with archive, model and swanctl config" eval \
	'vpn --model "$MODEL" --swanctl-dir "$(swanctl_dir moon)" archive snapshot "$snap" &&
	 list=$(tar -tf "$snap") &&
	 grep -qx snapshot/model/vpn.conf <<< "$list" &&
	 grep -qx snapshot/swanctl/mguard.conf <<< "$list" &&
	 grep -qx "snapshot/archive/$(printf %010u "$newest").entry" <<< "$list"'
check "snapshot: no PSK in it, redacted instead" eval \
	'! tar -xOf "$snap" | grep "secret-of-" >/dev/null &&
	 tar -xOf "$snap" snapshot/model/vpn.conf | grep "psk = <redacted>" >/dev/null'

finish
