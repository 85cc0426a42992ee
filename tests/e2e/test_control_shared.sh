#!/bin/bash
# Two mguard-control connections to the same peer with equal IKE settings:
# charon puts the second one's CHILD_SA into the first one's IKE_SA
# (peer_cfg->equals() ignores names). Status, up and down must follow each
# connection's own CHILD_SAs wherever charon placed them.
#
#   moon (mguard-control)                          sun (mguard-control)
#   lan 10.1.0.1/24 10.1.1.1/24                    lan 10.2.0.1/24 10.2.1.1/24
#        |                                              |
#        +------------ wan 192.0.2.1 ---- 192.0.2.2 ----+
#
# moon: Alpha 10.1.0.0/24 === 10.2.0.0/24, Beta 10.1.1.0/24 === 10.2.1.0/24,
#       both stopped + initiate, the same gateway, identities and PSK.
# sun:  one connection (Center) with both tunnels, started + wait.
#
# Must hold:
#   - Alpha up: active; Beta up: its CHILD_SA lands in Alpha's IKE_SA and
#     Beta is active (it used to stay void and be re-initiated for good)
#   - Beta down: only Beta's CHILD_SA goes, Alpha stays up and carries
#     traffic (stopping Beta used to find no IKE_SA of its own)
#   - Alpha down while it carries Beta: only Alpha's CHILD_SA goes, Beta
#     stays up and carries traffic (it used to take Beta down with it)
. "$(dirname "$0")/lib.sh"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
addr_add moon lan 10.1.1.1/24
addr_add sun lan 10.2.1.1/24

# (equal IKE settings: one PSK for both connections)
MODEL_PSK=secret-of-moon-and-sun-0123456789
. "$(dirname "$0")/control_model.sh"
{
	echo "connections {"
	conn alpha Alpha stopped initiate 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon sun
	conn beta Beta stopped initiate 192.0.2.2 10.1.1.0/24 10.2.1.0/24 moon sun
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
# sun, the center, has both tunnels in one connection: it accepts Beta's
# CHILD_SA inside the IKE_SA moon's Alpha opened
conn alpha Center started wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon |
	sed 's/^\( *\)tunnels {$/&\n\1    t2 {\n\1        local = 10.2.1.0\/24\n\1        remote = 10.1.1.0\/24\n\1    }/' |
	{ echo "connections {"; cat; echo "}"; } > "$(gw_dir sun)/vpn.conf"

for gw in moon sun; do
	mguard-swanctl --model "$(gw_dir $gw)/vpn.conf" \
		--swanctl-dir "$(swanctl_dir $gw)" 2>"$(gw_dir $gw)/translate.log" ||
		die "mguard-swanctl failed for $gw: $(cat "$(gw_dir $gw)/translate.log")"
	charon_start "$gw" --plugins mguard-control \
		--set "charon.plugins.mguard-control.model=$(gw_dir $gw)/vpn.conf" \
		--set charon.plugins.mguard-control.retry_interval=2
	swanctl_load "$gw" || die "loading $gw's connections failed"
done

vpn() { gw_exec "$1" mguard-vpn "${@:2}"; }
is_status() { [ "$(vpn moon status "$1")" = "$2" ]; }
initiations() { log_count moon "mguard-control: initiating 'beta-t1'"; }
# no_new_initiation: no initiation of Beta beyond $before within two retry
# intervals (a bounded wait for something that must not happen)
more_initiations() { [ "$(initiations)" -gt "$before" ]; }
no_new_initiation() { ! wait_until -t 5 more_initiations; }

# --- both up: one IKE_SA ------------------------------------------------------
check "up Alpha answers ok" eval '[ "$(vpn moon up Alpha)" = ok ]'
check "Alpha becomes active" wait_until is_status Alpha active
check "up Beta answers ok" eval '[ "$(vpn moon up Beta)" = ok ]'
check "Beta's CHILD_SA is installed inside Alpha's IKE_SA" \
	wait_until sa_is moon alpha beta-t1 INSTALLED
check "there is no IKE_SA of Beta's own" eval '[ -z "$(sa_state moon beta)" ]'
check "Beta is active" wait_until -t 5 is_status Beta active
check "list counts Beta's tunnel" eval \
	'vpn moon list | grep -x "Beta: started, active, 1/1 tunnels up" >/dev/null'
before=$(initiations)
check "Beta is not initiated again while it is up" no_new_initiation
check "traffic flows through Beta's tunnel" \
	in_ns moon ping -c 2 -W 2 -I 10.1.1.1 10.2.1.1

# --- Beta down: Alpha stays --------------------------------------------------
check "down Beta answers ok" eval '[ "$(vpn moon down Beta)" = ok ]'
check "Beta's CHILD_SA goes" wait_until eval \
	'[ -z "$(sa_state moon alpha beta-t1)" ]'
check "Beta is void" wait_until -t 5 is_status Beta void
check "Alpha is still active" is_status Alpha active
check "Alpha's CHILD_SA is still installed" sa_is moon alpha alpha-t1 INSTALLED
check "traffic still flows through Alpha's tunnel" \
	in_ns moon ping -c 2 -W 2 -I 10.1.0.1 10.2.0.1

# --- Alpha down while it carries Beta: Beta stays ------------------------------
check "up Beta again answers ok" eval '[ "$(vpn moon up Beta)" = ok ]'
check "Beta is active again" wait_until is_status Beta active
check "down Alpha answers ok" eval '[ "$(vpn moon down Alpha)" = ok ]'
check "Alpha's CHILD_SA goes" wait_until eval \
	'[ -z "$(sa_state moon alpha alpha-t1)" ]'
check "Alpha is void" wait_until -t 5 is_status Alpha void
check "Beta is still active" is_status Beta active
check "Beta's CHILD_SA is still installed" sa_is moon alpha beta-t1 INSTALLED
check "traffic still flows through Beta's tunnel" \
	in_ns moon ping -c 2 -W 2 -I 10.1.1.1 10.2.1.1

finish
