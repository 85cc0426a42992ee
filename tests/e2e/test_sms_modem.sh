#!/bin/bash
# mguard-sms: text messages received by a modem through ModemManager start a
# connection (right token) or change nothing (wrong token, logged without
# echoing it); every handled message is deleted from the modem, sent ones
# are left alone. ModemManager is a fake (fake_modemmanager.py) on a private
# dbus-daemon; mguard-sms and charon are the real ones.
#
#   moon (mguard-control; dbus-daemon, fake ModemManager, mguard-sms)
#   lan 10.1.2.1/24                                      sun (responder)
#        |                                               lan 10.2.2.1/24
#        +---------- wan 192.0.2.1 ---- 192.0.2.2 ----------+
#
# moon's model: Bonn (stopped, initiate, to sun, token bonn-token-42).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/control_model.sh"

# Debian's python3, which python3-dbus and python3-gi belong to (not one
# that PATH may find first)
PY=/usr/bin/python3
for tool in mguard-sms mguard-vpn mguard-swanctl dbus-daemon dbus-send $PY; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
$PY -c 'import dbus, gi.repository.GLib' 2>/dev/null ||
	die "python3-dbus and python3-gi are needed (scripts/install)"

wan_create
gw_create moon 192.0.2.1/24 10.1.2.1/24
gw_create sun 192.0.2.2/24 10.2.2.1/24
{
	echo "connections {"
	conn bonn Bonn stopped initiate 192.0.2.2 10.1.2.0/24 10.2.2.0/24 moon-bonn sun-bonn 0 bonn-token-42
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
{
	echo "connections {"
	conn bonn BonnR started wait 192.0.2.1 10.2.2.0/24 10.1.2.0/24 sun-bonn moon-bonn
	echo "}"
} > "$(gw_dir sun)/vpn.conf"
control_gw_start moon
control_gw_start sun

# --- a private bus with the fake ModemManager ----------------------------------
BUS=unix:path=$E2E_DIR/bus
cat > "$E2E_DIR/bus.conf" <<BUSCONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>$BUS</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
BUSCONF
bg_start moon dbus dbus-daemon --config-file="$E2E_DIR/bus.conf" --nofork --nopidfile
wait_until test -S "$E2E_DIR/bus" || die "dbus-daemon did not come up: $(cat "$E2E_DIR/dbus.log")"
bg_start moon mm $PY "$(dirname "$0")/fake_modemmanager.py" "$BUS"
wait_until grep -qx ready "$E2E_DIR/mm.log" || die "fake ModemManager did not come up: $(cat "$E2E_DIR/mm.log")"

# modem METHOD [ARGS...]: call the fake modem's test interface, print the reply
modem() {
	local m=$1
	shift
	dbus-send --bus="$BUS" --print-reply=literal --dest=org.freedesktop.ModemManager1 \
		/org/freedesktop/ModemManager1/Modem/0 "org.strongswan.mguard.FakeModem.$m" "$@"
}
messages() { [ "$(modem Count | awk '{print $2}')" = "$1" ]; }
status() { [ "$(gw_exec moon mguard-vpn status Bonn | head -n 1)" = "$1" ]; }
sms_log() { cat "$E2E_DIR/sms.log"; }

# a message that waits on the modem before mguard-sms starts
modem Receive string:"vpn/start wrong-token-XYZ" string:"+491510000001" >/dev/null
bg_start moon sms env STRONGSWAN_CONF="$(gw_dir moon)/strongswan.conf" \
	DBUS_SYSTEM_BUS_ADDRESS="$BUS" mguard-sms --interval 1

# --- wrong token -----------------------------------------------------------------
check "a waiting message with a wrong token is handled and deleted" wait_until messages 0
check "the wrong token is logged as such, without the token" eval \
	'sms_log | grep "from +491510000001: no connection has this token" >/dev/null &&
	 ! sms_log | grep wrong-token-XYZ >/dev/null && ! grep -q wrong-token-XYZ "$(gw_dir moon)/charon.log"'
check "the wrong token changes nothing" holds_for 2 status void

# --- right token -----------------------------------------------------------------
modem Receive string:"vpn/start bonn-token-42" string:"+491510000002" >/dev/null
check "a message with Bonn's token starts Bonn" wait_until status active
check "that message is deleted" wait_until messages 0
check "the right token is not logged either" eval \
	'sms_log | grep "from +491510000002: ok" >/dev/null && ! sms_log | grep bonn-token-42 >/dev/null'

# --- not ours --------------------------------------------------------------------
modem Store string:"vpn/stop bonn-token-42" string:"+491510000003" >/dev/null
check "a sent message is left on the modem (and Bonn stays up)" \
	holds_for 3 eval 'messages 1 && status active'
modem Receive string:"hello there" string:"+491510000004" >/dev/null
check "a received text that is no command is deleted and logged as such" eval \
	'wait_until messages 1 && sms_log | grep "from +491510000004 is not a VPN command" >/dev/null'
modem Receive string:"vpn/stop bonn-token-42" string:"+491510000002" >/dev/null
check "vpn/stop with the token stops Bonn" wait_until status void

finish
