#!/bin/bash
# When the strongSwan a user runs lacks a plugin the project relies on, the
# project's plugin says which one (and its Debian package) instead of
# leaving the user with charon's unrelated-looking error.
#
#   moon =========== WAN =========== sun
#   192.0.2.1        (bridge)        192.0.2.2
#
#   Both charons load mguard-control but NOT openssl (which, with gcm, is
#   what provides AES-GCM to kernel-libipsec): an AES-GCM CHILD_SA cannot be
#   installed. A CHILD_SA with AES-CBC/HMAC (aes, hmac, sha2 are loaded)
#   can: the hint must appear only for the missing algorithm.
#
# Must hold:
#   - the AES-GCM CHILD_SA fails to install; sun (the responder, which
#     installs first) logs a line naming AES_GCM_16, the openssl/gcm plugins
#     and libstrongswan-standard-plugins
#   - the AES-CBC CHILD_SA is installed and draws no such line
#   - vici is loaded: no "vici plugin is not loaded" line
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# the harness's list without openssl (curve25519 gives x25519)
E2E_PLUGINS=${E2E_PLUGINS/ openssl / }

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24

# gw_conf GW LOCAL REMOTE LOCAL_ID REMOTE_ID LOCAL_NET REMOTE_NET LOCAL_HOST
#         REMOTE_HOST (the cbc child: gateway to gateway, so that the responder
#         tells the two children apart by their selectors)
gw_conf() {
	cat > "$(swanctl_conf "$1")" <<-EOF
	connections {
	  gw-gw {
	    version = 2
	    local_addrs = $2
	    remote_addrs = $3
	    proposals = aes256-sha256-x25519
	    local {
	      auth = psk
	      id = $4
	    }
	    remote {
	      auth = psk
	      id = $5
	    }
	    children {
	      gcm {
	        local_ts = $6
	        remote_ts = $7
	        esp_proposals = aes256gcm16-x25519
	        start_action = none
	      }
	      cbc {
	        local_ts = $8
	        remote_ts = $9
	        esp_proposals = aes256-sha256-x25519
	        start_action = none
	      }
	    }
	  }
	}
	secrets {
	  ike-gw {
	    id-1 = moon.example.org
	    id-2 = sun.example.org
	    secret = 0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL
	  }
	}
	EOF
}
gw_conf moon 192.0.2.1 192.0.2.2 moon.example.org sun.example.org \
	10.1.0.0/24 10.2.0.0/24 10.1.0.1/32 10.2.0.1/32
gw_conf sun 192.0.2.2 192.0.2.1 sun.example.org moon.example.org \
	10.2.0.0/24 10.1.0.0/24 10.2.0.1/32 10.1.0.1/32
for gw in moon sun; do
	printf 'connections {\n}\n' > "$(gw_dir $gw)/vpn.conf"
	charon_start "$gw" --plugins mguard-control \
		--set "charon.plugins.mguard-control.model=$(gw_dir $gw)/vpn.conf"
	swanctl_load "$gw" || die "loading $gw's connections failed"
done

hint='mguard-control: CHILD_SA gcm\{[0-9]+\} not installed: no loaded strongSwan plugin provides AES_GCM_16 for kernel-libipsec; load the openssl or gcm plugin \(Debian package libstrongswan-standard-plugins\)'

swanctl_cmd moon --initiate --child gcm --timeout 15 \
	> "$(gw_dir moon)/initiate-gcm.log" 2>&1 || true
check "moon: the AES-GCM CHILD_SA is not installed" \
	eval '! sa_is moon gw-gw gcm INSTALLED'
check "sun's log names AES_GCM_16, openssl/gcm and the Debian package" \
	log_wait sun "$hint"

swanctl_cmd moon --initiate --child cbc --timeout 15 \
	> "$(gw_dir moon)/initiate-cbc.log" 2>&1 || true
check "moon: the AES-CBC CHILD_SA is installed" sa_wait moon gw-gw cbc
check "no hint for the CHILD_SA whose algorithms are loaded" \
	eval '! log_has sun "CHILD_SA cbc.* not installed"'
check "vici is loaded: no hint about it" \
	eval '! log_has sun "vici plugin is not loaded"'

finish
