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

# model_start GW [charon_start options...]: translate GW's model
# ($(gw_dir GW)/vpn.conf) with mguard-swanctl, start GW's charon with
# mguard-license and mguard-control on it (retries every 2 s, IKE gives up
# after about 3 s) and load the connections
model_start() {
	local gw=$1 model
	shift
	model=$(gw_dir "$gw")/vpn.conf
	mguard-swanctl --model "$model" --swanctl-dir "$(swanctl_dir "$gw")" \
		2>"$(gw_dir "$gw")/translate.log" ||
		die "mguard-swanctl failed for $gw: $(cat "$(gw_dir "$gw")/translate.log")"
	charon_start "$gw" --plugins "mguard-license mguard-control" \
		--set "charon.plugins.mguard-license.model=$model" \
		--set "charon.plugins.mguard-control.model=$model" \
		--set charon.plugins.mguard-control.retry_interval=2 \
		--set charon.retransmit_tries=2 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.4 "$@"
	swanctl_load "$gw" || die "loading $gw's connections failed"
}
