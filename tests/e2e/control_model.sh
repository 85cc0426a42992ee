# shellcheck shell=bash
# Model snippets for the mguard-control end-to-end tests (sourced).

# conn KEY NAME MODE STARTUP GATEWAY LOCALNET REMOTENET LID RID [TIMEOUT]
#      [TOKEN] [INPUT] [INVERTED]: one model connection with one tunnel and a
# PSK ($MODEL_PSK, else one of its own)
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
	            psk = ${MODEL_PSK:-secret-of-$1-0123456789}
	            local_id = @$8
	            remote_id = @$9
	        }
	    }
	EOF
}

# model_translate GW: mguard-swanctl of $(gw_dir GW)/vpn.conf into GW's
# swanctl directory; stops the test with the translator's errors on failure
model_translate() {
	mguard-swanctl --model "$(gw_dir "$1")/vpn.conf" \
		--swanctl-dir "$(swanctl_dir "$1")" 2>"$(gw_dir "$1")/translate.log" ||
		die "mguard-swanctl failed for $1: $(cat "$(gw_dir "$1")/translate.log")"
}

# control_gw_start GW [charon_start options...]: translate GW's model, start
# its charon with mguard-license and mguard-control reading it (and the
# options given), load its connections
control_gw_start() {
	local gw=$1
	shift
	model_translate "$gw"
	charon_start "$gw" --plugins "mguard-license mguard-control" \
		--set "charon.plugins.mguard-license.model=$(gw_dir "$gw")/vpn.conf" \
		--set "charon.plugins.mguard-control.model=$(gw_dir "$gw")/vpn.conf" \
		"$@"
	swanctl_load "$gw" || die "loading $gw's connections failed"
}
