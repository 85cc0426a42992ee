# shellcheck shell=bash
# End-to-end test harness for strongswan-mguard: network namespaces joined by
# veth, one real charon per gateway (kernel-libipsec data path, private /run,
# its own strongswan.conf, vici socket and swanctl directory), polling for
# states, TAP-like result lines and a teardown that always runs.
#
# Source it at the top of a test (after the ASCII topology in the header):
#
#	. "$(dirname "$0")/lib.sh"
#	wan_create
#	gw_create moon 192.0.2.1/24 10.1.0.1/24
#	host_create alice moon 10.1.0.10/24
#	charon_start moon
#	cat > "$(swanctl_conf moon)" <<EOF ... EOF
#	swanctl_load moon
#	sa_wait moon gw-gw net
#	check "alice reaches bob" host_ping alice 10.2.0.10
#	finish
#
# Output: every check prints exactly "ok - WHAT" or "not ok - WHAT"; anything
# else the harness prints starts with "# ". A test that stops early (a setup
# command failed, a signal) prints "not ok - TEST: stopped early ..." and
# exits non-zero; `finish` exits non-zero when a check failed.
#
# Names: the short names a test uses (moon, alice, wan) become namespaces
# "${E2E_PREFIX}NAME"; the prefix is unique per run, so several runs (and
# other people's namespaces) do not collide. The teardown kills every process
# in this run's namespaces (charons included), deletes the namespaces and the
# run directory; on failure it first copies the charon logs to
# tests/e2e/logs/TEST/ and prints their tail.
#
# A test may define e2e_after_cleanup(): called with the exit status once
# everything is torn down.
#
# Functions (details above each one):
#   results    check WHAT CMD..., check_fails WHAT CMD..., ok, not_ok, note,
#              die TEXT, finish
#   waiting    wait_until [-t S] CMD..., holds_for S CMD...,
#              sa_wait GW IKE [CHILD],
#              sa_wait_gone GW IKE [CHILD], log_wait GW REGEX
#   topology   wan_create [SEG], gw_create NAME WAN/PLEN LAN/PLEN [SEG],
#              host_create NAME GW ADDR/PLEN, ns_create NAME,
#              veth_create NS_A IF_A NS_B IF_B, wan_attach SEG NS IF ADDR/PLEN,
#              addr_add NS IF ADDR/PLEN, ns NAME, in_ns NAME CMD...,
#              gw_wan_addr GW, gw_lan_addr GW
#   charon     charon_start GW [opts], charon_stop GW, charon_running GW,
#              charon_pid GW, gw_dir GW, vici_uri GW, gw_exec GW CMD...,
#              swanctl_cmd GW ARGS..., swanctl_dir GW, swanctl_conf GW,
#              swanctl_load GW
#   SAs, logs  sa_list GW [IKE], sa_get GW IKE [CHILD] FIELD,
#              sa_state GW IKE [CHILD], sa_is GW IKE [CHILD] STATE,
#              log_has GW REGEX, log_count GW REGEX
#   traffic    host_exec HOST CMD..., host_ping FROM ADDR [COUNT],
#              host_ping_fails FROM ADDR, tcp_transfer FROM TO ADDR [BYTES]
#              [PORT] [BIND], if_counter NS IF rx|tx packets|bytes,
#              wan_watch [SEG], wan_count [SEG] clear|esp|ike,
#              bg_start NS NAME CMD..., bg_stop NAME
#   PKI        pki_ca DIR, pki_cert DIR NAME [rsa]
#
# Environment (all optional):
#	E2E_TIMEOUT    whole seconds a wait may take before it fails (default 30)
#	E2E_LOGLEVEL   charon filelog default level (default 1; ike/cfg/chd/knl
#	               get max(level, 2) so failures are diagnosable)
#	E2E_PLUGINS    charon's base plugin list (default below)
#	E2E_EXTRA_PLUGINS  plugins appended for every charon of the run
#	E2E_KEEP_LOGS  1: keep logs under tests/e2e/logs/TEST/ even on success
#	E2E_LOGDIR     where logs are kept (default tests/e2e/logs/TEST)
#	E2E_VERBOSE    1: echo setup steps as "# ..." lines

set -eEu -o pipefail

E2E_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_TEST=${E2E_TEST:-$(basename "$0" .sh)}
E2E_TIMEOUT=${E2E_TIMEOUT:-30}
E2E_LOGLEVEL=${E2E_LOGLEVEL:-1}
E2E_PLUGINS=${E2E_PLUGINS:-"random nonce aes sha1 sha2 hmac kdf pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl curve25519 gmp kernel-libipsec kernel-netlink socket-default vici updown"}
E2E_EXTRA_PLUGINS=${E2E_EXTRA_PLUGINS:-}
E2E_LOGDIR=${E2E_LOGDIR:-$E2E_LIBDIR/logs/$E2E_TEST}
E2E_CHARON=${E2E_CHARON:-/usr/lib/ipsec/charon}
E2E_PREFIX="mg$$-"
E2E_FAILED=0
E2E_PASSED=0
E2E_FINISHED=0
E2E_LASTERR=
E2E_DIR=

# --- reporting --------------------------------------------------------------

# note TEXT...: a diagnostic line ("# TEXT")
note() { printf '# %s\n' "$*"; }

# ok WHAT / not_ok WHAT: record a result
ok() { E2E_PASSED=$((E2E_PASSED + 1)); printf 'ok - %s\n' "$*"; }
not_ok() { E2E_FAILED=$((E2E_FAILED + 1)); printf 'not ok - %s\n' "$*"; }

# check WHAT CMD...: ok if CMD succeeds, not ok otherwise (its output is shown
# as "# " lines when it fails). CMD runs in this shell (it may set variables),
# its output goes to a file (background processes it starts cannot block).
check() {
	local what=$1 out=$E2E_DIR/check.out rc=0
	shift
	"$@" > "$out" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		ok "$what"
	else
		not_ok "$what"
		tail -n 15 "$out" | sed -e '/^#/!s/^/# /' -e 's/^#/#  /'
	fi
	return 0
}

# check_fails WHAT CMD...: ok if CMD fails
check_fails() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then not_ok "$what"; else ok "$what"; fi
}

# die TEXT: stop the test (the teardown reports it as "not ok")
die() {
	E2E_LASTERR="$*"
	exit 1
}

_e2e_verbose() { [ "${E2E_VERBOSE:-0}" != 1 ] || note "$@"; }

# finish: end of the test; exit status 0 only if every check passed and at
# least one ran
finish() {
	E2E_FINISHED=1
	if [ "$E2E_FAILED" -gt 0 ] || [ "$E2E_PASSED" = 0 ]; then
		[ "$E2E_PASSED" -gt 0 ] || [ "$E2E_FAILED" -gt 0 ] ||
			not_ok "$E2E_TEST: no checks ran"
		exit 1
	fi
	exit 0
}

# --- waiting ----------------------------------------------------------------

# wait_until [-t SECONDS] CMD...: poll CMD (every 0.1 s, then 0.5 s) until it
# succeeds; fails after the timeout (default E2E_TIMEOUT)
wait_until() {
	local timeout=$E2E_TIMEOUT start now delay=0.1
	if [ "${1:-}" = -t ]; then timeout=$2; shift 2; fi
	start=$(date +%s%N)
	while ! "$@" >/dev/null 2>&1; do
		now=$(date +%s%N)
		[ $(((now - start) / 1000000)) -lt $((timeout * 1000)) ] || return 1
		[ $(((now - start) / 1000000)) -lt 2000 ] || delay=0.5
		sleep "$delay"
	done
}

# holds_for SECONDS CMD...: CMD keeps succeeding for SECONDS (polled; for
# "nothing happens" checks, which need a bounded wait by nature)
holds_for() {
	local end=$(($(date +%s%N) + $1 * 1000000000))
	shift
	while [ "$(date +%s%N)" -lt "$end" ]; do
		"$@" || return 1
		sleep 0.2
	done
}

# --- namespaces and links ---------------------------------------------------

# ns NAME: the namespace name behind a short name
ns() { printf '%s%s' "$E2E_PREFIX" "$1"; }

# in_ns NAME CMD...: run CMD in namespace NAME
in_ns() {
	local n=$1
	shift
	ip netns exec "$(ns "$n")" "$@"
}

# ns_create NAME: an empty namespace (loopback up, IPv6 off)
ns_create() {
	local n
	n=$(ns "$1")
	_e2e_verbose "namespace $n"
	ip netns add "$n" || die "cannot create namespace $n"
	echo "$n" >> "$E2E_DIR/namespaces"
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

_e2e_ifname() {
	[ ${#1} -le 15 ] || die "interface name '$1' longer than 15 characters"
}

# veth_create NS_A IF_A NS_B IF_B: a veth pair between two namespaces, up
veth_create() {
	_e2e_ifname "$2"
	_e2e_ifname "$4"
	ip -n "$(ns "$1")" link add "$2" type veth peer name "$4" \
		netns "$(ns "$3")" ||
		die "cannot create veth $1/$2 - $3/$4"
	ip -n "$(ns "$1")" link set "$2" up
	ip -n "$(ns "$3")" link set "$4" up
}

# addr_add NS IF ADDR/PLEN: add an address
addr_add() {
	ip -n "$(ns "$1")" addr add "$3" dev "$2" ||
		die "cannot add $3 to $1/$2"
}

# wan_create [SEG]: a switched segment (bridge br0 in namespace SEG,
# default "wan") that gateways attach to
wan_create() {
	local seg=${1:-wan}
	ns_create "$seg"
	ip -n "$(ns "$seg")" link add br0 type bridge stp_state 0 forward_delay 0
	ip -n "$(ns "$seg")" link set br0 up
}

# wan_attach SEG NS IF ADDR/PLEN: plug interface IF of namespace NS into
# segment SEG (the bridge port in SEG is named after NS)
wan_attach() {
	local seg=$1 n=$2 ifc=$3 addr=$4
	veth_create "$n" "$ifc" "$seg" "$n"
	ip -n "$(ns "$seg")" link set "$n" master br0
	addr_add "$n" "$ifc" "$addr"
}

# gw_create NAME WAN_ADDR/PLEN LAN_ADDR/PLEN [SEG]: a gateway with interface
# "wan" on segment SEG (default "wan") and a LAN bridge "lan" that carries
# LAN_ADDR and that hosts attach to; forwarding on
gw_create() {
	local gw=$1 wan=$2 lan=$3 seg=${4:-wan}
	ns_create "$gw"
	in_ns "$gw" sysctl -qw net.ipv4.ip_forward=1 >/dev/null
	wan_attach "$seg" "$gw" wan "$wan"
	ip -n "$(ns "$gw")" link add lan type bridge stp_state 0 forward_delay 0
	ip -n "$(ns "$gw")" link set lan up
	addr_add "$gw" lan "$lan"
	mkdir -p "$E2E_DIR/$gw"/swanctl/{conf.d,x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
	echo 'include conf.d/*.conf' > "$E2E_DIR/$gw/swanctl/swanctl.conf"
	echo "${lan%/*}" > "$E2E_DIR/$gw/lan-addr"
	echo "${wan%/*}" > "$E2E_DIR/$gw/wan-addr"
}

# gw_wan_addr GW / gw_lan_addr GW: the gateway's addresses (no prefix length)
gw_wan_addr() { cat "$E2E_DIR/$1/wan-addr"; }
gw_lan_addr() { cat "$E2E_DIR/$1/lan-addr"; }

# host_create NAME GW ADDR/PLEN: a LAN host (interface eth0) on GW's LAN
# bridge, default route via the gateway's LAN address
host_create() {
	local h=$1 gw=$2 addr=$3
	ns_create "$h"
	veth_create "$h" eth0 "$gw" "h-$h"
	ip -n "$(ns "$gw")" link set "h-$h" master lan
	addr_add "$h" eth0 "$addr"
	ip -n "$(ns "$h")" route add default via "$(gw_lan_addr "$gw")" ||
		die "cannot add default route of $h"
}

# --- charon -----------------------------------------------------------------

# gw_dir GW: the gateway's directory in the run dir (strongswan.conf,
# charon.log, charon.vici, swanctl/)
gw_dir() { printf '%s/%s' "$E2E_DIR" "$1"; }

# vici_uri GW: the URI of the gateway's vici socket
vici_uri() { printf 'unix://%s/charon.vici' "$(gw_dir "$1")"; }

# _e2e_setting KEY VALUE: a dotted key as nested strongswan.conf sections
_e2e_setting() {
	local key=$1 value=$2 IFS=. parts i n
	read -ra parts <<< "$key"
	n=${#parts[@]}
	for ((i = 0; i < n - 1; i++)); do printf '%s { ' "${parts[i]}"; done
	printf '%s = %s' "${parts[n - 1]}" "$value"
	for ((i = 0; i < n - 1; i++)); do printf ' }'; done
	printf '\n'
}

# charon_start GW [--plugins "P..."] [--set KEY=VALUE]... [--include FILE]...
#              [--plugin-conf FILE]... [--loglevel N] [--hosts FILE]
# Writes GW's strongswan.conf, starts a charon in GW's namespace with a
# private /run and waits until its vici socket answers.
#	--plugins   appended to the load list (after E2E_PLUGINS and
#	            E2E_EXTRA_PLUGINS), e.g. "mguard-license"
#	--set       any strongswan.conf setting as a dotted key, e.g.
#	            --set charon.plugins.mguard-license.model=/path/vpn.conf
#	--include   a file included at the top level of strongswan.conf
#	--plugin-conf  a plugin's settings snippet, included inside
#	            charon.plugins (e.g. /etc/strongswan.d/charon/mguard-license.conf);
#	            --set values override it
#	--loglevel  this charon's filelog default level
#	--hosts     a file bind-mounted over /etc/hosts in charon's mount
#	            namespace: the test resolves host names by rewriting it
#	            in place (same inode)
# Preset: charon.routing_table = 0, vici socket $(gw_dir GW)/charon.vici,
# charon.plugins.mguard-control.socket = unix://$(gw_dir GW)/charon-mguard.ctl.
# The same strongswan.conf is used by swanctl_cmd/gw_exec (STRONGSWAN_CONF).
charon_start() {
	local gw=$1 plugins="$E2E_PLUGINS $E2E_EXTRA_PLUGINS" level=$E2E_LOGLEVEL
	local dir conf sets=() incs=() pincs=() list s f pid sub hosts=
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--plugins) plugins="$plugins $2"; shift 2 ;;
		--set) sets+=("$2"); shift 2 ;;
		--include) incs+=("$2"); shift 2 ;;
		--plugin-conf) pincs+=("$2"); shift 2 ;;
		--loglevel) level=$2; shift 2 ;;
		--hosts) hosts=$2; shift 2 ;;
		*) die "charon_start: unknown option $1" ;;
		esac
	done
	sub=$((level > 2 ? level : 2))
	dir=$(gw_dir "$gw")
	conf=$dir/strongswan.conf
	mkdir -p "$dir"
	read -ra list <<< "$plugins"
	plugins=${list[*]}
	{
		cat <<-EOF
		# generated by tests/e2e/lib.sh for gateway $gw
		charon {
		  load = $plugins
		  routing_table = 0
		  filelog {
		    e2e {
		      path = $dir/charon.log
		      time_format = %H:%M:%S
		      ike_name = yes
		      flush_line = yes
		      append = yes
		      default = $level
		      ike = $sub
		      cfg = $sub
		      chd = $sub
		      knl = $sub
		    }
		  }
		  syslog {
		    daemon {
		      default = -1
		    }
		  }
		  plugins {
		    vici {
		      socket = unix://$dir/charon.vici
		    }
		    mguard-control {
		      socket = unix://$dir/charon-mguard.ctl
		    }
		EOF
		for f in "${pincs[@]}"; do
			[ -r "$f" ] || die "charon_start: cannot read $f"
			echo "    include $f"
		done
		printf '  }\n}\n'
		for s in "${sets[@]}"; do
			[[ $s == *=* ]] || die "charon_start: --set $s: not KEY=VALUE"
			_e2e_setting "${s%%=*}" "${s#*=}"
		done
		for f in "${incs[@]}"; do echo "include $f"; done
	} > "$conf"
	rm -f "$dir/charon.vici"
	_e2e_verbose "charon in $gw: $plugins"
	# shellcheck disable=SC2016 # $0 expands in the inner shell
	STRONGSWAN_CONF=$conf ip netns exec "$(ns "$gw")" unshare -m sh -c \
		'mount -t tmpfs tmpfs /run &&
		 if [ -n "$1" ]; then mount --bind "$1" /etc/hosts; fi &&
		 exec "$0"' "$E2E_CHARON" "$hosts" \
		> "$dir/charon.out" 2>&1 {E2E_STDOUT}>&- {E2E_STDERR}>&- &
	pid=$!
	echo "$pid" > "$dir/charon.pid"
	echo "$pid" >> "$E2E_DIR/pids"
	wait_until _e2e_charon_ready "$gw" || true
	if ! charon_running "$gw" ||
		! swanctl --stats --uri "$(vici_uri "$gw")" >/dev/null 2>&1; then
		charon_running "$gw" || note "charon in $gw exited"
		[ ! -s "$dir/charon.out" ] || sed 's/^/#   /' "$dir/charon.out" | tail -n 5
		die "charon in $gw did not come up"
	fi
}

# (a charon that died counts as "ready" so that the wait ends at once)
_e2e_charon_ready() {
	charon_running "$1" || return 0
	[ -S "$(gw_dir "$1")/charon.vici" ] &&
		swanctl --stats --uri "$(vici_uri "$1")" >/dev/null 2>&1
}

_e2e_pstate() { sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null; }

# charon_pid GW: the pid of GW's charon
charon_pid() { cat "$(gw_dir "$1")/charon.pid"; }

# charon_running GW: true while GW's charon runs
charon_running() {
	local pid
	pid=$(charon_pid "$1" 2>/dev/null) || return 1
	[ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(_e2e_pstate "$pid")" != Z ]
}

# charon_stop GW: SIGTERM, wait, SIGKILL after 10 s
charon_stop() {
	local pid
	pid=$(charon_pid "$1" 2>/dev/null) || return 0
	_e2e_kill "$pid"
	rm -f "$(gw_dir "$1")/charon.pid"
}

_e2e_kill() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		_e2e_gone "$pid" && break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# gw_exec GW CMD...: run CMD in GW's namespace with GW's STRONGSWAN_CONF and
# SWANCTL_DIR (not in charon's mount namespace: use the sockets in gw_dir)
gw_exec() {
	local gw=$1
	shift
	STRONGSWAN_CONF=$(gw_dir "$gw")/strongswan.conf \
	SWANCTL_DIR=$(gw_dir "$gw")/swanctl \
		ip netns exec "$(ns "$gw")" "$@"
}

# swanctl_cmd GW ARGS...: swanctl against GW's charon (--uri added)
swanctl_cmd() {
	local gw=$1
	shift
	gw_exec "$gw" swanctl "$@" --uri "$(vici_uri "$gw")"
}

# swanctl_dir GW / swanctl_conf GW: GW's swanctl directory (conf.d, x509,
# x509ca, private, ...) and the conf.d file a test writes its connections to
swanctl_dir() { printf '%s/swanctl' "$(gw_dir "$1")"; }
swanctl_conf() { printf '%s/swanctl/conf.d/test.conf' "$(gw_dir "$1")"; }

# swanctl_load GW: swanctl --load-all of GW's swanctl directory; the output
# lands in $(gw_dir GW)/swanctl-load.log, shown when loading fails
swanctl_load() {
	local gw=$1 log
	log=$(gw_dir "$gw")/swanctl-load.log
	if ! swanctl_cmd "$gw" --load-all --noprompt \
			--file "$(swanctl_dir "$gw")/swanctl.conf" > "$log" 2>&1 ||
		grep -qiE 'failed|error' "$log"; then
		sed 's/^/# /' "$log"
		return 1
	fi
}

# sa_list GW [IKE]: `swanctl --list-sas --pretty`, optionally for one IKE_SA
sa_list() {
	if [ -n "${2:-}" ]; then
		swanctl_cmd "$1" --list-sas --pretty --ike "$2"
	else
		swanctl_cmd "$1" --list-sas --pretty
	fi
}

# sa_get GW IKE [CHILD] FIELD: a field of the IKE_SA named IKE (or of its
# CHILD_SA named CHILD) as `swanctl --list-sas --pretty` shows it, e.g. state,
# remote-host, bytes-in, packets-out, local-ts (lists: one item a line).
# Several SAs of that name (rekeying): the first ESTABLISHED / INSTALLED one,
# else the first. Prints nothing if there is no such SA.
sa_get() {
	local gw=$1 ike=$2 child='' field
	if [ $# -ge 4 ]; then child=$3; field=$4; else field=$3; fi
	sa_list "$gw" "$ike" 2>/dev/null | awk -v ike="$ike" -v child="$child" \
		-v field="$field" '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	function pick(arr, good,    k) {
		if (!(field in arr)) return
		if (found && best == good) return
		if (found && arr["state"] != good) return
		found = 1; best = arr["state"]; result = arr[field]
	}
	function store(k, v) {
		if (!in_ike) return
		if (d == 2) ikef[k] = v
		else if (d == 4) cf[k] = v
	}
	{ l = trim($0) }
	inlist && l == "]" { inlist = 0; store(lkey, lval); next }
	inlist { lval = lval (lval == "" ? "" : "\n") l; next }
	l ~ / \{$/ {
		d++
		if (d == 2) { n = l; sub(/ \{$/, "", n); in_ike = (n == ike); split("", ikef) }
		if (d == 4) split("", cf)
		next
	}
	l == "}" {
		if (in_ike && d == 4 && child != "" && cf["name"] == child)
			pick(cf, "INSTALLED")
		if (in_ike && d == 2) {
			if (child == "") pick(ikef, "ESTABLISHED")
			in_ike = 0
		}
		d--; next
	}
	l ~ / = \[$/ { lkey = l; sub(/ = \[$/, "", lkey); lval = ""; inlist = 1; next }
	l ~ / = / { k = l; sub(/ = .*/, "", k); v = l; sub(/^[^=]* = /, "", v); store(k, v) }
	END { if (found) print result }
	'
}

# sa_state GW IKE [CHILD]: ESTABLISHED, INSTALLED, ... or nothing
sa_state() { sa_get "$@" state; }

# sa_is GW IKE [CHILD] STATE: true if the SA is in STATE
sa_is() {
	local want=${*: -1}
	[ "$(sa_get "${@:1:$#-1}" state)" = "$want" ]
}

# sa_wait GW IKE [CHILD]: wait until the IKE_SA is ESTABLISHED (and, with
# CHILD, the CHILD_SA INSTALLED); on timeout shows what there is and fails
sa_wait() {
	local gw=$1 ike=$2 child=${3:-}
	if [ -n "$child" ]; then
		wait_until sa_is "$gw" "$ike" "$child" INSTALLED && return 0
	else
		wait_until sa_is "$gw" "$ike" ESTABLISHED && return 0
	fi
	note "no ${child:-$ike} SA in $gw after ${E2E_TIMEOUT}s; its SAs:"
	swanctl_cmd "$gw" --list-sas 2>&1 | sed 's/^/#   /' || true
	note "and its last log lines:"
	_e2e_log_tail "$(gw_dir "$gw")/charon.log" 8
	return 1
}

# sa_wait_gone GW IKE [CHILD]: wait until the SA no longer exists
sa_wait_gone() { wait_until _e2e_sa_absent "$1" "$2" "${3:-}"; }

_e2e_sa_absent() {
	# shellcheck disable=SC2086
	[ -z "$(sa_get "$1" "$2" $3 state)" ]
}

# log_has GW REGEX: true if GW's charon log has a line matching REGEX (ERE)
log_has() { grep -qE "$2" "$(gw_dir "$1")/charon.log"; }

# log_wait GW REGEX: wait for such a line
log_wait() {
	wait_until log_has "$1" "$2" && return 0
	note "no line matching '$2' in $1's charon log after ${E2E_TIMEOUT}s"
	return 1
}

# log_count GW REGEX: number of matching lines (to wait for new ones)
log_count() { grep -cE "$2" "$(gw_dir "$1")/charon.log" || true; }

# web_start GW ADDR PASSWORD CGI SNIPPET [LINE...]: lighttpd in GW's
# namespace serving the shipped nph-vpn.cgi snippet SNIPPET (with this run's
# paths, CGI as the script, $MGUARD_STATUS_CGI as the status page if set,
# and ADDR:443 as the HTTPS socket), Basic auth user
# admin with PASSWORD, a self-signed certificate; LINEs are appended to its
# lighttpd.conf. Document root $(gw_dir GW)/web/root; the CGI gets GW's
# STRONGSWAN_CONF. Waits until HTTPS answers; stopped at teardown.
web_start() {
	local gw=$1 addr=$2 password=$3 cgi=$4 snippet=$5 web line
	shift 5
	web=$(gw_dir "$gw")/web
	mkdir -p "$web/root"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$addr" \
		-keyout "$web/server.pem" -out "$web/server.pem" >/dev/null 2>&1 ||
		die "cannot create the web server certificate"
	printf 'admin:%s\n' "$(openssl passwd -6 "$password")" > "$web/htpasswd"
	sed -e "s|/etc/mguard/web/|$web/|g" \
		-e "s|\":443\"|\"$addr:443\"|" \
		-e "s|/usr/lib/cgi-bin/nph-vpn.cgi|$cgi|" \
		-e "s|/usr/lib/cgi-bin/vpn-status.cgi|${MGUARD_STATUS_CGI:-/usr/lib/cgi-bin/vpn-status.cgi}|" \
		"$snippet" > "$web/mguard.conf"
	cat > "$web/lighttpd.conf" <<-EOF
	server.document-root = "$web/root"
	server.bind = "127.0.0.1"
	server.port = 8080
	server.pid-file = "$web/lighttpd.pid"
	server.errorlog = "$web/error.log"
	server.modules = ( "mod_setenv" )
	setenv.set-environment = ( "STRONGSWAN_CONF" => "$(gw_dir "$gw")/strongswan.conf" )
	include "$web/mguard.conf"
	EOF
	for line in "$@"; do
		printf '%s\n' "$line" >> "$web/lighttpd.conf"
	done
	in_ns "$gw" lighttpd -tt -f "$web/lighttpd.conf" > "$web/check.log" 2>&1 ||
		die "lighttpd rejects the configuration: $(cat "$web/check.log")"
	bg_start "$gw" "lighttpd-$gw" lighttpd -D -f "$web/lighttpd.conf"
	wait_until in_ns "$gw" curl -s --insecure -o /dev/null "https://$addr/" ||
		die "lighttpd did not come up: $(cat "$web/error.log" 2>/dev/null)"
}

# --- traffic ----------------------------------------------------------------

# host_exec HOST CMD...: run CMD in a LAN host (or any namespace of the run)
host_exec() { in_ns "$@"; }

# bg_start NS NAME CMD...: run CMD in namespace NS in the background, its
# output in $E2E_DIR/NAME.log, its pid in
# $E2E_DIR/NAME.pid; stopped (SIGTERM, then SIGKILL) at teardown or by
# bg_stop NAME
bg_start() {
	local n=$1 name=$2 pid
	shift 2
	ip netns exec "$(ns "$n")" "$@" < /dev/null > "$E2E_DIR/$name.log" 2>&1 \
		{E2E_STDOUT}>&- {E2E_STDERR}>&- &
	pid=$!
	echo "$pid" > "$E2E_DIR/$name.pid"
	echo "$pid" >> "$E2E_DIR/pids"
}

# bg_stop NAME: stop a process started by bg_start
bg_stop() {
	[ -f "$E2E_DIR/$1.pid" ] || return 0
	_e2e_kill "$(cat "$E2E_DIR/$1.pid")"
	rm -f "$E2E_DIR/$1.pid"
}

# host_ping FROM ADDR [COUNT]: COUNT (default 3) pings, all answered within
# 2 s each
host_ping() {
	in_ns "$1" ping -n -q -c "${3:-3}" -i 0.2 -W 2 "$2"
}

# host_ping_fails FROM ADDR: one ping, not answered within 1 s
host_ping_fails() { ! in_ns "$1" ping -n -q -c 1 -W 1 "$2"; }

# if_counter NS IF rx|tx packets|bytes: an interface counter
if_counter() {
	in_ns "$1" cat "/sys/class/net/$2/statistics/${3}_$4"
}

# tcp_transfer FROM TO ADDR [BYTES] [PORT] [BIND]: send BYTES (default 1 MiB)
# of random data from host FROM to a socat listener in host TO at ADDR:PORT
# (default 5001); true if the SHA-256 received equals the one sent. BIND is
# the address the listener binds to (default ADDR; another one when ADDR is
# translated on the way, as with 1:1 NAT)
tcp_transfer() {
	local from=$1 to=$2 addr=$3 bytes=${4:-1048576} port=${5:-5001}
	local bind=${6:-$3} d lpid sum_sent sum_recv
	d=$(mktemp -d "$E2E_DIR/tcp.XXXXXX")
	head -c "$bytes" /dev/urandom > "$d/sent"
	ip netns exec "$(ns "$to")" socat -u \
		"TCP-LISTEN:$port,reuseaddr,bind=$bind" "CREATE:$d/received" \
		< /dev/null > "$d/listener.out" 2>&1 {E2E_STDOUT}>&- {E2E_STDERR}>&- &
	lpid=$!
	if ! wait_until -t 10 _e2e_listening "$to" "$port"; then
		echo "listener on $to:$port did not start"
		_e2e_kill "$lpid"
		return 1
	fi
	if ! timeout "$E2E_TIMEOUT" ip netns exec "$(ns "$from")" \
			socat -u "OPEN:$d/sent" "TCP:$addr:$port,connect-timeout=5" \
			2> "$d/sender.err"; then
		echo "sender failed: $(cat "$d/sender.err")"
		_e2e_kill "$lpid"
		return 1
	fi
	if ! wait_until -t 10 _e2e_gone "$lpid"; then
		echo "listener did not see the end of the stream"
		_e2e_kill "$lpid"
		return 1
	fi
	wait "$lpid" 2>/dev/null || true
	sum_sent=$(sha256sum < "$d/sent")
	sum_recv=$(sha256sum < "$d/received")
	echo "sent $bytes bytes, received $(stat -c %s "$d/received")"
	[ "$sum_sent" = "$sum_recv" ]
}

_e2e_listening() { [ -n "$(in_ns "$1" ss -Hltn "sport = :$2")" ]; }
_e2e_gone() { [ ! -d "/proc/$1" ] || [ "$(_e2e_pstate "$1")" = Z ]; }

# wan_watch [SEG]: count packets crossing segment SEG's bridge (nftables,
# bridge family): "clear" = IPv4 to or from 10.0.0.0/8 (LAN traffic in the
# clear), "esp" = ESP or UDP 4500, "ike" = UDP 500
wan_watch() {
	local seg=${1:-wan}
	in_ns "$seg" nft -f - <<-'EOF'
	table bridge e2e {
	  counter c_clear { }
	  counter c_esp { }
	  counter c_ike { }
	  chain forward {
	    type filter hook forward priority 0; policy accept;
	    ip saddr 10.0.0.0/8 counter name c_clear
	    ip daddr 10.0.0.0/8 counter name c_clear
	    ip protocol esp counter name c_esp
	    udp dport 4500 counter name c_esp
	    udp dport 500 counter name c_ike
	  }
	}
	EOF
}

# wan_count [SEG] clear|esp|ike: packets counted so far
wan_count() {
	local seg=wan
	if [ $# -ge 2 ]; then seg=$1; shift; fi
	in_ns "$seg" nft list counter bridge e2e "c_$1" |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

# --- certificates -----------------------------------------------------------

# pki_ca DIR: a test CA (DIR/ca.crt, DIR/ca.key; EC P-256, two days)
pki_ca() {
	mkdir -p "$1"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$1/ca.key" -out "$1/ca.crt" -days 2 \
		-subj "/C=US/O=Smith and Co./CN=Test CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		>> "$1/openssl.log" 2>&1 || die "openssl: $(tail -3 "$1/openssl.log")"
}

# pki_cert DIR NAME [rsa]: DIR/NAME.crt and DIR/NAME.key signed by DIR's CA,
# subject "C=US, O=Smith and Co., CN=NAME.example.com" with that DNS name
pki_cert() {
	local dir=$1 n=$2 key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
	[ "${3:-}" != rsa ] || key=(-newkey rsa:2048)
	{
		openssl req "${key[@]}" -nodes -keyout "$dir/$n.key" \
			-out "$dir/$n.csr" -subj "/C=US/O=Smith and Co./CN=$n.example.com" &&
		printf 'subjectAltName=DNS:%s.example.com\n' "$n" > "$dir/$n.ext" &&
		openssl x509 -req -in "$dir/$n.csr" -CA "$dir/ca.crt" \
			-CAkey "$dir/ca.key" -CAcreateserial -days 2 -out "$dir/$n.crt" \
			-extfile "$dir/$n.ext"
	} >> "$dir/openssl.log" 2>&1 || die "openssl: $(tail -3 "$dir/openssl.log")"
}

# --- setup and teardown -----------------------------------------------------

_e2e_on_err() {
	[ -n "$E2E_LASTERR" ] || E2E_LASTERR="line $1: ${2%%$'\n'*}"
}

_e2e_on_signal() {
	trap '' INT TERM HUP USR1
	if [ "$1" = USR1 ]; then
		E2E_LASTERR="interrupted by SIGINT"
	else
		E2E_LASTERR="interrupted by SIG$1"
	fi
	exit 130
}

# _e2e_log_tail FILE N: the last N lines of a charon log, without the vici
# connection chatter that polling produces
_e2e_log_tail() {
	grep -vE '\[CFG\] vici client [0-9]+ (connected|disconnected|registered|requests)' \
		"$1" 2>/dev/null | tail -n "$2" | sed 's/^/#   /' || true
}

# keep the run's charon logs (and configs) under E2E_LOGDIR
_e2e_keep_logs() {
	local d gw
	rm -rf "$E2E_LOGDIR"
	mkdir -p "$E2E_LOGDIR"
	for d in "$E2E_DIR"/*/; do
		[ -f "$d/strongswan.conf" ] || continue
		gw=$(basename "$d")
		mkdir -p "$E2E_LOGDIR/$gw"
		cp -r "$d"/charon.log "$d"/charon.out "$d"/strongswan.conf \
			"$d"/swanctl "$d"/swanctl-load.log "$E2E_LOGDIR/$gw/" 2>/dev/null || true
	done
}

# kill processes of our namespaces, delete them, remove a run dir; with
# "stale", do not trust recorded pids (they may have been reused)
_e2e_teardown_dir() {
	local dir=$1 pid n p
	if [ "${2:-}" != stale ] && [ -f "$dir/pids" ]; then
		while read -r pid; do _e2e_kill "$pid"; done < "$dir/pids"
	fi
	if [ -f "$dir/namespaces" ]; then
		while read -r n; do
			for p in $(ip netns pids "$n" 2>/dev/null); do
				kill -KILL "$p" 2>/dev/null || true
			done
		done < "$dir/namespaces"
		while read -r n; do
			ip netns del "$n" 2>/dev/null || true
		done < "$dir/namespaces"
	fi
	rm -rf "$dir"
}

_e2e_cleanup() {
	local rc=$? d
	trap - EXIT ERR
	trap '' INT TERM HUP USR1
	set +eE
	# we may be inside a check whose output goes to a file
	exec 1>&"$E2E_STDOUT" 2>&"$E2E_STDERR"
	[ -z "${E2E_WATCHDOG:-}" ] || kill "$E2E_WATCHDOG" 2>/dev/null || true
	if [ "$E2E_FINISHED" != 1 ]; then
		not_ok "$E2E_TEST: stopped early${E2E_LASTERR:+ ($E2E_LASTERR)}"
		[ "$rc" != 0 ] || rc=1
	fi
	if [ -n "$E2E_DIR" ] && [ -d "$E2E_DIR" ]; then
		if [ "$E2E_FAILED" -gt 0 ] || [ "${E2E_KEEP_LOGS:-0}" = 1 ]; then
			_e2e_keep_logs
		elif [ "$rc" = 0 ]; then
			rm -rf "$E2E_LOGDIR"
		fi
		if [ "$E2E_FAILED" -gt 0 ]; then
			note "charon logs kept in $E2E_LOGDIR"
			for d in "$E2E_LOGDIR"/*/; do
				[ -f "$d/charon.log" ] || continue
				note "--- last lines of $(basename "$d")'s charon.log"
				_e2e_log_tail "$d/charon.log" 25
			done
		fi
		_e2e_teardown_dir "$E2E_DIR"
	fi
	if declare -F e2e_after_cleanup >/dev/null; then
		e2e_after_cleanup "$rc" || true
	fi
	exit "$rc"
}

# bash drops a trapped SIGINT when the foreground command exits normally
# after handling it (ping, charon and swanctl do): a helper in our process
# group turns SIGINT into SIGUSR1 for this shell, which is never dropped. It
# exits with the shell.
_e2e_watchdog() {
	command -v perl >/dev/null || return 0
	perl -e '
		my $p = shift;
		$SIG{INT} = sub { kill "USR1", $p; exit 0 };
		while (kill 0, $p) { sleep 1 }
	' "$$" < /dev/null > /dev/null 2>&1 {E2E_STDOUT}>&- {E2E_STDERR}>&- &
	E2E_WATCHDOG=$!
}

# runs left behind by a SIGKILLed test: their pid is gone
_e2e_sweep_stale() {
	local d pid
	for d in /tmp/mguard-e2e.*; do
		[ -f "$d/owner" ] || continue
		pid=$(cat "$d/owner")
		[ -d "/proc/$pid" ] && continue
		note "removing leftovers of an earlier run (pid $pid)"
		_e2e_teardown_dir "$d" stale
	done
}

_e2e_init() {
	local c
	[ "$(id -u)" = 0 ] || { echo "# $E2E_TEST: must run as root" >&2; exit 1; }
	for c in ip swanctl socat nft ss unshare sha256sum timeout; do
		command -v "$c" >/dev/null || { echo "# $E2E_TEST: $c missing" >&2; exit 1; }
	done
	[ -x "$E2E_CHARON" ] || { echo "# $E2E_TEST: $E2E_CHARON missing" >&2; exit 1; }
	_e2e_sweep_stale
	exec {E2E_STDOUT}>&1 {E2E_STDERR}>&2
	E2E_DIR=$(mktemp -d "/tmp/mguard-e2e.$$.XXXXXX")
	echo $$ > "$E2E_DIR/owner"
	: > "$E2E_DIR/namespaces"
	: > "$E2E_DIR/pids"
	trap _e2e_cleanup EXIT
	trap '_e2e_on_signal INT' INT
	trap '_e2e_on_signal TERM' TERM
	trap '_e2e_on_signal HUP' HUP
	trap '_e2e_on_signal USR1' USR1
	_e2e_watchdog
	trap '_e2e_on_err $LINENO "$BASH_COMMAND"' ERR
}

_e2e_init
