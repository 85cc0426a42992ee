#!/bin/bash
# mguard-control at charon start: what happens when it cannot be set up.
#
#   moon (one charon, no peer needed)
#     |
#   wan 192.0.2.1
#
# Must hold:
#   - the control socket cannot be created (its directory does not exist):
#     the plugin is unloaded and nothing of it runs afterwards (its periodic
#     work used to keep running on freed memory: with an unsupported CMD 1
#     source it logged "CMD 1 source ... is not supported" after unloading,
#     or crashed charon)
#   - the model is invalid at start: the plugin refuses to load and says
#     why (it used to start with no connections, which lets in peers of
#     connections the model says are Stopped or Disabled)
#   - with a valid model it loads (the same setup, so the checks above
#     fail for the right reason); the libipsec acquire shim is registered
#     with kernel-libipsec only
. "$(dirname "$0")/lib.sh"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
model=$(gw_dir moon)/vpn.conf
cat > "$model" <<EOF
global {
    service_inputs {
        cmd1 = gpio:gpiochip0:1
        mode = switch
    }
}
connections {
    athen {
        name = Athen
        initial_mode = stopped
        startup = wait
        gateway = 192.0.2.2
        service_input = cmd1
        tunnels {
            t1 {
                local = 10.1.0.0/24
                remote = 10.2.0.0/24
            }
        }
        authentication {
            method = psk
            psk = secret-of-athen-0123456789
            local_id = @moon
            remote_id = @sun
        }
    }
}
EOF

# plugin_loaded: mguard-control is among charon's loaded plugins
plugin_loaded() {
	swanctl_cmd moon --stats | grep -E '^loaded plugins:' |
		grep -qw mguard-control
}
# lines_after REGEX: charon log lines after the first one matching REGEX
lines_after() {
	sed -n "/$1/,\$p" "$(gw_dir moon)/charon.log" | sed 1d
}
# periodic work is due every second: a tick that survived the unloading
# logs within 3 s (a bounded wait for something that must not happen)
no_tick_after_unload() {
	! wait_until -t 3 eval \
		'lines_after "unloading plugin .mguard-control." | grep "mguard-control" >/dev/null'
}

# --- the socket's directory does not exist -----------------------------------
# (level 2: the loader says "unloading plugin" at that level)
charon_start moon --plugins mguard-control --loglevel 2 \
	--set "charon.plugins.mguard-control.model=$model" \
	--set charon.plugins.mguard-control.socket=unix:///nonexistent-dir/ctl
check "creating the socket fails and says so" \
	log_wait moon "mguard-control: creating control socket 'unix:///nonexistent-dir/ctl' failed"
check "the plugin is unloaded" \
	log_wait moon "unloading plugin 'mguard-control'"
check "nothing of the unloaded plugin runs afterwards" no_tick_after_unload
check "charon keeps running" eval 'charon_running moon && swanctl_cmd moon --stats'
charon_stop moon
mv "$(gw_dir moon)/charon.log" "$(gw_dir moon)/charon-socket.log"

# --- a valid model, a usable socket: loads ---------------------------------
charon_start moon --plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$model"
check "with a valid model the plugin loads" plugin_loaded
check "with kernel-libipsec it raises acquires for libipsec" log_has moon \
	"mguard-control: raising acquires for packets kernel-libipsec drops"
check "and answers on its socket" eval \
	'[ "$(gw_exec moon mguard-vpn status Athen)" = void ]'
charon_stop moon
mv "$(gw_dir moon)/charon.log" "$(gw_dir moon)/charon-valid.log"

# --- without kernel-libipsec: no acquire shim --------------------------------
E2E_PLUGINS=${E2E_PLUGINS/kernel-libipsec /} charon_start moon \
	--plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$model"
check "without kernel-libipsec the plugin loads" plugin_loaded
check "and registers no acquire shim" eval \
	'! log_has moon "mguard-control: raising acquires"'
charon_stop moon
mv "$(gw_dir moon)/charon.log" "$(gw_dir moon)/charon-xfrm.log"

# --- an invalid model at start ------------------------------------------------
echo "bogus = 1" >> "$model"
charon_start moon --plugins mguard-control \
	--set "charon.plugins.mguard-control.model=$model"
check "an invalid model at start is refused with the reason" \
	log_wait moon "mguard-control: model .*vpn.conf is invalid, not loading the plugin"
check "the plugin is not loaded" eval '! plugin_loaded'
check "no control socket exists" \
	eval '[ ! -e "$(gw_dir moon)/charon-mguard.ctl" ]'
check "the log does not speak of a previous model" \
	eval '! log_has moon "keeping the previous one"'

finish
