#!/bin/bash
# One model, one reading: mguard-swanctl and charon with mguard-license and
# mguard-control read the model through common/'s one settings reader and
# refuse the same duplicated model with the same error (issue 8 defects 4
# and 7); the same valid model is accepted by all, and charon parses it
# once for both plugins (the model store).
#
#   moon (192.0.2.1, 10.1.0.1)    charon: mguard-license, mguard-control
#     dup.conf:   include one.conf, include two.conf
#     valid.conf: include one.conf
#     one.conf:   connections { c1 { gateway = 192.0.2.2 ... } }
#     two.conf:   connections { c1 { gateway = 192.0.2.3 } }
#                 (the same connection key, in a second included file)
#
# Must hold:
#   - mguard-swanctl --check exits 1 and names two.conf, its line, the path
#     and where connections was first defined (one.conf, line 6)
#   - charon logs that same line; mguard-license does not load, mguard-control
#     refuses the model
#   - the valid model passes mguard-swanctl --check and is loaded by both
#     plugins from one parse
#   - a reload of the duplicated model: both plugins refuse it with the same
#     line, from one more parse
. "$(dirname "$0")/lib.sh"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24

dir=$(gw_dir moon)
mkdir -p "$dir"
cat > "$dir/one.conf" <<END
global {
    license {
        peers = 2
    }
}
connections {
    c1 {
        gateway = 192.0.2.2
        authentication {
            method = psk
            psk = secret-one-4711
        }
        tunnels {
            t1 {
                local = 10.1.0.0/24
                remote = 10.2.0.0/24
            }
        }
    }
}
END
cat > "$dir/two.conf" <<END
connections {
    c1 {
        gateway = 192.0.2.3
    }
}
END
printf 'include one.conf\ninclude two.conf\n' > "$dir/dup.conf"
printf 'include one.conf\n' > "$dir/valid.conf"

# model FILE: make FILE the model the plugins read, as an edit would (the
# times set back: the store trusts no file changed in the last 50 ms)
model() {
	cp "$dir/$1" "$dir/vpn.conf"
	touch -d '-2 seconds' "$dir/vpn.conf"
}

# log_text TEXT: the charon log has a line containing TEXT
log_text() { grep -qF -- "$1" "$dir/charon.log"; }

# text_count TEXT: lines of the charon log containing TEXT
text_count() { grep -cF -- "$1" "$dir/charon.log" || true; }

# swanctl_check FILE: mguard-swanctl --check on FILE, stderr in check.err
swanctl_check() {
	mguard-swanctl --check --model "$dir/$1" 2> "$dir/check.err"
}

start() {
	charon_start moon --plugins "mguard-license mguard-control" \
		--set "charon.plugins.mguard-license.model=$dir/vpn.conf" \
		--set "charon.plugins.mguard-control.model=$dir/vpn.conf"
}

# plugins: the plugins charon loaded
plugins() { swanctl_cmd moon --stats | sed -n 's/^loaded plugins: //p'; }

# --- the duplicated model ----------------------------------------------------
rc=0
swanctl_check dup.conf || rc=$?
check "mguard-swanctl refuses the duplicated model with exit 1" \
	test "$rc" = 1
error=$(grep -F "defined more than once" "$dir/check.err" | head -n 1 || true)
expected="$dir/two.conf: connections: defined more than once; allowed: each \
key once per table and each key or section once per section (line 1, first \
as a section at $dir/one.conf line 6)"
check "its error names the file, line, path and the first definition" \
	test "$error" = "$expected"

model dup.conf
start
check "charon logs the same error" wait_until log_text "$expected"
check "mguard-license refuses the model" \
	log_wait moon "mguard-license: model .*/vpn.conf is invalid"
check "mguard-control refuses the model" \
	log_wait moon "mguard-control: model .*/vpn.conf is invalid"
check "mguard-license is not loaded" eval '! plugins | grep -w mguard-license >/dev/null'
charon_stop moon

# --- the valid model ---------------------------------------------------------
check "mguard-swanctl accepts the valid model" swanctl_check valid.conf
model valid.conf
reads=$(log_count moon "mguard-model-store: read ")
start
check "mguard-license loads it" \
	log_wait moon "mguard-license: VPN license for 2 peers"
check "mguard-control loads it" \
	log_wait moon "mguard-control: 1 connections from .*/vpn.conf"
check "mguard-license is loaded" eval 'plugins | grep -w mguard-license >/dev/null'
check "charon parsed it once for both plugins" \
	test "$(log_count moon "mguard-model-store: read ")" = $((reads + 1))

# --- a reload of the duplicated model ----------------------------------------
model dup.conf
errors=$(text_count "$expected")
refused=$(log_count moon "mguard-control: model .*/vpn.conf is invalid")
swanctl_cmd moon --reload-settings >/dev/null
check "on reload both plugins log the same error" \
	wait_until eval '[ "$(text_count "$expected")" -ge $((errors + 2)) ]'
check "mguard-control keeps the previous model" \
	wait_until eval '[ "$(log_count moon "mguard-control: model .*/vpn.conf is invalid")" -gt "$refused" ]'
check "mguard-license keeps its license" \
	eval '! log_has moon "mguard-license: no VPN license limit"'
check "one more parse for both" \
	test "$(log_count moon "mguard-model-store: read ")" = $((reads + 2))

finish
