#!/bin/bash
# mguard-control: reload keeps unchanged connections, an invalid model is refused,
# apply translates, loads and picks up a changed model
# (topology, models and helpers: control_lib.sh)
. "$(dirname "$0")/control_lib.sh"

# sun's side of Athen ("Rom") is Stopped at first: start it
[ "$(vpn sun up Rom)" = ok ] || die "mguard-vpn up Rom on sun failed"
# --- reload keeps unchanged connections --------------------------------------
check "Athen up again" expect "name=Athen&cmd=up" 200 ok
check "Athen active" wait_until is_status Athen active
n=$(log_count moon "terminating IKE_SA #[0-9]+ of 'athen'")
check "reload answers ok" eval '[ "$(vpn moon reload)" = ok ]'
check "reload kept Athen up and Started" holds_for 2 eval \
	'is_status Athen active && [ "$(log_count moon "terminating IKE_SA #[0-9]+ of '"'athen'"'")" = "$n" ]'

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
