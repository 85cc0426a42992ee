# shellcheck shell=bash
# Helpers of the mguard-firewall end-to-end tests (source after lib.sh):
# probes that tell open / refused / timeout apart, listeners, an nflog
# reader, the plugin's table as nft shows it, and charon with the plugin.

# fw_listen NS NAME ADDR: TCP echo listeners on ADDR ports 80 and 502 and a
# UDP echo on port 9, in namespace NS (stopped at teardown)
fw_listen() {
	local n=$1 name=$2 addr=$3 p
	for p in 80 502; do
		bg_start "$n" "$name-tcp$p" socat "TCP4-LISTEN:$p,bind=$addr,reuseaddr,fork" PIPE
	done
	bg_start "$n" "$name-udp9" socat "UDP4-RECVFROM:9,bind=$addr,fork" PIPE
	wait_until _fw_listening "$n" 80 && wait_until _fw_listening "$n" 502 &&
		wait_until _fw_udp_listening "$n" 9
}
_fw_listening() { [ -n "$(in_ns "$1" ss -Hltn "sport = :$2")" ]; }
_fw_udp_listening() { [ -n "$(in_ns "$1" ss -Hlun "sport = :$2")" ]; }

# tcp_probe FROM ADDR PORT: prints open, refused or timeout (2 s)
tcp_probe() {
	local rc=0 err
	err=$(in_ns "$1" timeout 2 bash -c "exec 3<>/dev/tcp/$2/$3" 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then echo open
	elif [ "$rc" = 124 ]; then echo timeout
	elif [[ $err == *refused* ]]; then echo refused
	else echo "error($rc): $err"
	fi
}

# udp_probe FROM ADDR PORT: prints open (echo answered), refused (ICMP
# unreachable) or timeout (2 s)
udp_probe() {
	local out rc=0
	out=$(echo fwprobe | in_ns "$1" timeout 3 socat -T 2 - "UDP4:$2:$3" 2>&1) || rc=$?
	if [[ $out == *fwprobe* ]]; then echo open
	elif [[ $out == *refused* ]]; then echo refused
	else echo timeout
	fi
}

# ping_probe FROM ADDR: prints open (answered) or blocked
ping_probe() {
	if in_ns "$1" ping -n -q -c 1 -W 1 "$2" >/dev/null 2>&1; then
		echo open
	else
		echo blocked
	fi
}

# expect WHAT RESULT PROBE ARGS...: check that PROBE prints RESULT
expect() {
	local what=$1 want=$2
	shift 2
	check "$what: $want" _fw_expect "$want" "$@"
}
_fw_expect() {
	local want=$1 got
	shift
	got=$("$@")
	echo "$*: $got (expected $want)"
	[ "$got" = "$want" ]
}

# fw_nft GW ARGS...: nft in GW's namespace
fw_nft() { in_ns "$1" nft "${@:2}"; }

# fw_table GW: the plugin's table, without counters' values
fw_table() { fw_nft "$1" list table inet mguard; }

# fw_counter GW CHAIN REGEX: packets of the first rule of CHAIN matching REGEX
fw_counter() {
	fw_nft "$1" list chain inet mguard "$2" |
		grep -E "$3" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

# fw_nflog_start GW GROUP: read nflog GROUP in GW's namespace into
# $E2E_DIR/nflog-GW.log (prefix a line), ready when it returns
fw_nflog_start() {
	bg_start "$1" "nflog-$1" tshark -i "nflog:$2" -l -T fields -e nflog.prefix
	wait_until grep -q "Capturing on" "$E2E_DIR/nflog-$1.log"
}

# fw_nflog_count GW REGEX: log lines so far matching REGEX
fw_nflog_count() { grep -cE "$2" "$E2E_DIR/nflog-$1.log" || true; }

# fw_nflog_wait GW REGEX BEFORE: wait until more than BEFORE lines match
fw_nflog_wait() {
	wait_until _fw_nflog_more "$@" && return 0
	echo "nflog of $1 has $(fw_nflog_count "$1" "$2") lines matching $2; its last lines:"
	tail -n 5 "$E2E_DIR/nflog-$1.log"
	return 1
}
_fw_nflog_more() { [ "$(fw_nflog_count "$1" "$2")" -gt "$3" ]; }

# fw_nflog_wait_probe GW REGEX BEFORE PROBE...: like fw_nflog_wait, running
# PROBE before every look (a line can take its time to reach the reader)
fw_nflog_wait_probe() {
	local gw=$1 re=$2 before=$3
	shift 3
	wait_until -t 15 _fw_probe_then_more "$gw" "$re" "$before" "$@" && return 0
	echo "nflog of $gw has $(fw_nflog_count "$gw" "$re") lines matching $re; its last lines:"
	tail -n 5 "$E2E_DIR/nflog-$gw.log"
	return 1
}
_fw_probe_then_more() {
	local gw=$1 re=$2 before=$3
	shift 3
	"$@" >/dev/null 2>&1 || true
	_fw_nflog_more "$gw" "$re" "$before"
}

# fw_charon_start GW MODEL [charon_start options]: charon with mguard-firewall
# reading MODEL, logging to nflog group 5
fw_charon_start() {
	local gw=$1 model=$2
	shift 2
	charon_start "$gw" --plugins mguard-firewall \
		--set "charon.plugins.mguard-firewall.model=$model" \
		--set charon.plugins.mguard-firewall.log_group=5 "$@"
}

# fw_reload GW: swanctl --reload-settings and wait until the firewall has
# rebuilt its table
fw_reload() {
	local n
	n=$(log_count "$1" 'mguard-firewall: table mguard built \(new model\)')
	swanctl_cmd "$1" --reload-settings >/dev/null
	wait_until _fw_more_lines "$1" "$n" 'mguard-firewall: table mguard built \(new model\)'
}
_fw_more_lines() { [ "$(log_count "$1" "$3")" -gt "$2" ]; }

# fw_model_conn KEY GATEWAY LOCAL REMOTE IN_POLICY OUT_POLICY [IN_RULES]
# [OUT_RULES]: a connection section of the model (rules: the inside of a
# rules { } section)
fw_model_conn() {
	cat <<-EOF
	    $1 {
	        gateway = $2
	        authentication {
	            method = psk
	            psk = not-used-by-this-test
	        }
	        tunnels {
	            t1 {
	                local = $3
	                remote = $4
	            }
	        }
	        firewall {
	            incoming {
	                policy = $5
	                log_unknown = yes
	                rules {
	${7:-}
	                }
	            }
	            outgoing {
	                policy = $6
	                rules {
	${8:-}
	                }
	            }
	        }
	    }
	EOF
}

# fw_swanctl_conn NAME LOCAL_ADDR REMOTE_ADDR LOCAL_ID REMOTE_ID LOCAL_TS
# REMOTE_TS: a swanctl connection NAME with child NAME-t1 (the name the
# firewall finds in the model)
fw_swanctl_conn() {
	cat <<-EOF
	  $1 {
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
	      $1-t1 {
	        local_ts = $6
	        remote_ts = $7
	        esp_proposals = aes256gcm16-x25519
	        start_action = none
	      }
	    }
	  }
	EOF
}
