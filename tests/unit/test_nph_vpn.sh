#!/bin/bash
# nph-vpn.cgi and mguard-vpn without charon: a fake control socket (socat)
# answers, the tests check the request line each tool sends and what each
# makes of the answer (status line, body, exit code). Also: no
# REMOTE_USER, a wrong method or a bad query never reach the socket.
#
# Run by `make check` from the build's tests/unit; MGUARD_CGI and
# MGUARD_VPN override the binaries.

cgi=${MGUARD_CGI:-../../cgi/nph-vpn.cgi}
vpn=${MGUARD_VPN:-../../helpers/mguard-vpn/mguard-vpn}
tmp=$(mktemp -d /tmp/test-nph-vpn.XXXXXX)
server=
filler=
cleanup() {
	[ -z "$filler" ] || kill "$filler" 2>/dev/null
	[ -z "$server" ] || { kill -CONT "$server"; kill "$server"; } 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
count=0
failed=0
ok() { count=$((count + 1)); echo "ok $count - $*"; }
fail() { count=$((count + 1)); failed=$((failed + 1)); echo "not ok $count - $*"; }

for b in "$cgi" "$vpn"; do
	[ -x "$b" ] || { echo "$b is not built"; exit 1; }
done
command -v socat >/dev/null || { echo "socat is not installed"; exit 1; }

sock=$tmp/ctl
cat > "$tmp/strongswan.conf" <<EOF
charon {
  plugins {
    mguard-control {
      socket = unix://$sock
    }
    vici {
      socket = unix://$tmp/vici
    }
  }
}
EOF
export STRONGSWAN_CONF=$tmp/strongswan.conf

# wait_listen [PATH]: until a listener is on the socket (bound is not yet
# listening)
wait_listen() {
	local path=${1:-$sock}
	for _ in $(seq 100); do
		ss -Hxl 2>/dev/null | grep -F " $path " >/dev/null && return 0
		sleep 0.05
	done
	echo "# no listener on $path"
}

# serve ANSWER: accept one connection, record its request line, answer
serve() {
	rm -f "$sock" "$tmp/request"
	printf '%b' "$1" > "$tmp/answer"
	timeout 10 socat UNIX-LISTEN:"$sock" \
		SYSTEM:"head -n 1 > '$tmp/request'; cat '$tmp/answer'" &
	server=$!
	wait_listen
}
served() { wait "$server" 2>/dev/null; server=; }

# run_cgi QUERY [ENV...]: the CGI's raw output in $tmp/out
run_cgi() {
	local query=$1
	shift
	env -i STRONGSWAN_CONF="$STRONGSWAN_CONF" REQUEST_METHOD=GET \
		REMOTE_USER=admin SERVER_PROTOCOL=HTTP/1.1 QUERY_STRING="$query" \
		"$@" "$cgi" > "$tmp/out" 2>/dev/null
}
status_line() { head -n 1 "$tmp/out" | tr -d '\r'; }
body() { sed '1,/^\r$/d' "$tmp/out"; }

# check_cgi WHAT QUERY ANSWER REQUEST STATUS BODY
check_cgi() {
	serve "$3"
	run_cgi "$2"
	served
	if [ "$(cat "$tmp/request" 2>/dev/null)" = "$4" ] &&
	   [ "$(status_line)" = "$5" ] && [ "$(body)" = "$(printf '%b' "$6")" ]; then
		ok "$1"
	else
		fail "$1: sent '$(cat "$tmp/request" 2>/dev/null)', got '$(status_line)' '$(body)'"
	fi
}

check_cgi "status: the word with 200" "name=Athen&cmd=status" \
	"done active\n" "status Athen" "HTTP/1.1 200 OK" "active"
check_cgi "a name with %20 is decoded and sent escaped" \
	"name=New%20York&cmd=status" "done void\n" "status New%20York" \
	"HTTP/1.1 200 OK" "void"
check_cgi "up: ok" "name=Athen&cmd=up" "done ok\n" "up Athen" \
	"HTTP/1.1 200 OK" "ok"
check_cgi "up of an unknown name: unknown" "name=Nope&cmd=up" \
	"done unknown\n" "up Nope" "HTTP/1.1 200 OK" "unknown"
check_cgi "error lines keep their status" "name=Paris&cmd=up" \
	"error 409 disabled\n" "up Paris" "HTTP/1.1 409 Conflict" "error: disabled"
check_cgi "synup: the word first, then the log lines" "name=Athen&cmd=synup" \
	"log [IKE] initiating\nlog [IKE] established\ndone active\n" \
	"synup Athen" "HTTP/1.1 200 OK" "active\n[IKE] initiating\n[IKE] established"
check_cgi "a malformed answer is a 502" "name=Athen&cmd=syndown" \
	"bogus\n" "syndown Athen" "HTTP/1.1 502 Bad Gateway" \
	"error: malformed answer from charon"
check_cgi "no final line is a 502" "name=Athen&cmd=status" \
	"log x\n" "status Athen" "HTTP/1.1 502 Bad Gateway" \
	"error: no answer from charon"
long=$(head -c 4084 /dev/zero | tr '\0' a)
check_cgi "a query of 4096 bytes (the protocol's line limit) is sent" \
	"name=$long&cmd=up" "done ok\n" "up $long" "HTTP/1.1 200 OK" "ok"

# REMOTE_USER is escaped in the log line: a newline cannot forge a line
serve "done ok\n"
env -i STRONGSWAN_CONF="$STRONGSWAN_CONF" REQUEST_METHOD=GET \
	REMOTE_USER="$(printf 'eve\nnph-vpn.cgi: admin: up Athen: 200 ok')" \
	QUERY_STRING="name=Athen&cmd=status" "$cgi" > "$tmp/out" 2> "$tmp/log"
served
[ "$(wc -l < "$tmp/log")" = 1 ] &&
	grep -q "^nph-vpn.cgi: eve%0Anph-vpn.cgi%3A%20admin%3A%20up%20Athen%3A%20200%20ok: status Athen: 200 " "$tmp/log" &&
	ok "a newline in REMOTE_USER is escaped: one log line" ||
	fail "REMOTE_USER in the log: $(cat "$tmp/log")"

# refusals that never reach the socket
serve "done ok\n"
run_cgi "name=Athen&cmd=up" REMOTE_USER=
[ "$(status_line)" = "HTTP/1.1 403 Forbidden" ] &&
	[ "$(body)" = "error: no authenticated user" ] && [ ! -e "$tmp/request" ] &&
	ok "no authenticated user: 403, nothing sent" ||
	fail "no authenticated user: got '$(status_line)'"
run_cgi "name=Athen&cmd=up" REQUEST_METHOD=POST
[ "$(status_line)" = "HTTP/1.1 405 Method Not Allowed" ] && [ ! -e "$tmp/request" ] &&
	ok "POST: 405, nothing sent" || fail "POST: got '$(status_line)'"
run_cgi "name=a;b&cmd=up"
[ "$(status_line)" = "HTTP/1.1 400 Bad Request" ] && [ ! -e "$tmp/request" ] &&
	[ "$(body | wc -l)" = 1 ] &&
	ok "name=a;b: 400 with a one-line reason, nothing sent" ||
	fail "name=a;b: got '$(status_line)'"
# HEAD changes nothing: 405 with Allow: GET, no body, nothing sent
run_cgi "name=Athen&cmd=up" REQUEST_METHOD=HEAD
[ "$(status_line)" = "HTTP/1.1 405 Method Not Allowed" ] && [ ! -e "$tmp/request" ] &&
	grep -q "^Allow: GET"$'\r'"\$" "$tmp/out" && [ -z "$(body)" ] &&
	ok "HEAD: 405 with Allow: GET and no body, nothing sent" ||
	fail "HEAD: got '$(status_line)', sent '$(cat "$tmp/request" 2>/dev/null)'"
# one limit (MGC_LINE_MAX, 4096 bytes) for the query and the protocol line
long=$(head -c 4084 /dev/zero | tr '\0' a)
run_cgi "name=${long}a&cmd=up"
[ "$(status_line)" = "HTTP/1.1 414 URI Too Long" ] && [ ! -e "$tmp/request" ] &&
	ok "a query of 4097 bytes: 414, nothing sent" || fail "oversize: got '$(status_line)'"
run_cgi "name=Athen&cmd=up" SERVER_PROTOCOL=
[ "$(status_line)" = "HTTP/1.0 200 OK" ] && [ "$(cat "$tmp/request")" = "up Athen" ] &&
	ok "without SERVER_PROTOCOL the status line says HTTP/1.0" ||
	fail "no SERVER_PROTOCOL: got '$(status_line)'"
served
grep -q "^Content-Length: 3" "$tmp/out" && ok "Content-Length matches the body" ||
	fail "Content-Length"
rm -f "$sock"
run_cgi "name=Athen&cmd=status"
[ "$(status_line)" = "HTTP/1.1 503 Service Unavailable" ] &&
	[ "$(body)" = "error: charon is not running" ] &&
	ok "no socket: 503 charon is not running" || fail "no socket: got '$(status_line)'"

# a socket the CGI may not use (the web server's user lacks the group)
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	chmod 0755 "$tmp"
	chmod 0644 "$STRONGSWAN_CONF"
	serve "done ok\n"
	chmod 0600 "$sock"
	env -i STRONGSWAN_CONF="$STRONGSWAN_CONF" REQUEST_METHOD=GET \
		REMOTE_USER=admin QUERY_STRING="name=Athen&cmd=status" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$(realpath "$cgi")" \
		> "$tmp/out" 2>/dev/null
	kill "$server" 2>/dev/null; served
	[ "$(status_line)" = "HTTP/1.0 503 Service Unavailable" ] &&
		[ "$(body)" = "error: no permission to use the control socket" ] &&
		ok "no permission on the socket: 503 and says so" ||
		fail "no permission: got '$(status_line)' '$(body)'"
fi

# mguard-vpn: output and exit codes
# check_vpn WHAT ANSWER REQUEST EXIT STDOUT ARGS...
check_vpn() {
	local what=$1 answer=$2 request=$3 want=$4 stdout=$5 rc
	shift 5
	serve "$answer"
	"$vpn" "$@" > "$tmp/vpn.out" 2>/dev/null
	rc=$?
	served
	if [ "$(cat "$tmp/request" 2>/dev/null)" = "$request" ] && [ $rc = "$want" ] &&
	   [ "$(cat "$tmp/vpn.out")" = "$(printf '%b' "$stdout")" ]; then
		ok "mguard-vpn: $what"
	else
		fail "mguard-vpn: $what: sent '$(cat "$tmp/request" 2>/dev/null)', exit $rc, printed '$(cat "$tmp/vpn.out")'"
	fi
}
check_vpn "status prints the word, exit 0" "done ready\n" "status New%20York" 0 \
	"ready" status "New York"
check_vpn "unknown name: exit 4" "done unknown\n" "up Nope" 4 "unknown" up Nope
check_vpn "an error from charon: exit 1" "error 409 disabled\n" "down Paris" 1 \
	"" down Paris
check_vpn "synup that ends void: exit 1" "log why\ndone void\n" "synup Rio" 1 \
	"why\nvoid" synup Rio
check_vpn "list prints the lines" "line A: started, active, 1/1 tunnels up\ndone ok\n" \
	"list" 0 "A: started, active, 1/1 tunnels up\nok" list
check_vpn "sms sends the body escaped" "done ok\n" "sms vpn%2Fstart%20tok" 0 \
	"ok" sms "vpn/start tok"
check_vpn "--socket overrides the setting" "done ok\n" "reload" 0 "ok" \
	--socket "unix://$sock" reload
# apply without charon's vici plugin: says so by name, translates nothing
check_vpn "apply, charon runs without vici: exit 3" \
	"line peers connected: 0\nline peers licensed: unlimited\ndone ok\n" \
	"license" 3 "" --model "$tmp/nonexistent.conf" apply
"$vpn" --model "$tmp/nonexistent.conf" apply 2> "$tmp/vpn.err" >/dev/null
grep -q "charon is not running, or its vici plugin is not loaded (package strongswan-swanctl" "$tmp/vpn.err" &&
	ok "mguard-vpn apply, no charon: names the vici plugin and its package" ||
	fail "mguard-vpn apply, no charon: $(cat "$tmp/vpn.err")"
serve "line peers connected: 0\nline peers licensed: unlimited\ndone ok\n"
"$vpn" --model "$tmp/nonexistent.conf" apply 2> "$tmp/vpn.err" >/dev/null
served
grep -q "charon is running, but its vici plugin is not loaded (unix://$tmp/vici: .*strongswan-swanctl" "$tmp/vpn.err" &&
	ok "mguard-vpn apply, charon without vici: says the vici plugin is not loaded" ||
	fail "mguard-vpn apply, charon without vici: $(cat "$tmp/vpn.err")"
rm -f "$sock"
"$vpn" status Athen >/dev/null 2>&1
rc=$?
[ $rc = 3 ] && ok "mguard-vpn: no socket: exit 3" || fail "mguard-vpn: no socket: exit $rc"
"$vpn" bogus >/dev/null 2>&1
rc=$?
[ $rc = 2 ] && ok "mguard-vpn: unknown command: exit 2" || fail "mguard-vpn: unknown command: exit $rc"
"$vpn" up >/dev/null 2>&1
rc=$?
[ $rc = 2 ] && ok "mguard-vpn: missing name: exit 2" || fail "mguard-vpn: missing name: exit $rc"

# a stalled socket: bounded waits (1 s each here), 503/504 and exit 3; each
# case has a socket path of its own (a listener that is going away may
# still show its path)
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# check_stall WHAT SOCKET STATUS BODY: the CGI and mguard-vpn against it
check_stall() {
	local t0 t1 rc
	cat > "$tmp/stall.conf" <<EOF
charon {
  plugins {
    mguard-control {
      socket = unix://$2
      client_connect_timeout = 1
      client_timeout = 1
    }
  }
}
EOF
	t0=$(ms)
	timeout 20 env -i STRONGSWAN_CONF="$tmp/stall.conf" REQUEST_METHOD=GET \
		REMOTE_USER=admin SERVER_PROTOCOL=HTTP/1.1 \
		QUERY_STRING="name=Athen&cmd=status" "$cgi" > "$tmp/out" 2>/dev/null
	t1=$(ms)
	if [ "$(status_line)" = "$3" ] && [ "$(body)" = "$4" ] &&
	   [ $((t1 - t0)) -lt 5000 ]; then
		ok "CGI, $1: '$3' within $((t1 - t0)) ms"
	else
		fail "CGI, $1: got '$(status_line)' '$(body)' after $((t1 - t0)) ms"
	fi
	t0=$(ms)
	STRONGSWAN_CONF="$tmp/stall.conf" timeout 20 "$vpn" status Athen \
		> /dev/null 2> "$tmp/vpn.err"
	rc=$?
	t1=$(ms)
	if [ $rc = 3 ] && [ $((t1 - t0)) -lt 5000 ] &&
	   [ "$(wc -l < "$tmp/vpn.err")" = 1 ]; then
		ok "mguard-vpn, $1: exit 3 within $((t1 - t0)) ms: $(cat "$tmp/vpn.err")"
	else
		fail "mguard-vpn, $1: exit $rc after $((t1 - t0)) ms: $(cat "$tmp/vpn.err")"
	fi
}
# accepts, reads the request, never answers
stall=$tmp/ctl-silent
socat UNIX-LISTEN:"$stall",fork SYSTEM:'exec cat >/dev/null' &
server=$!
wait_listen "$stall"
check_stall "a socket that never answers" "$stall" \
	"HTTP/1.1 504 Gateway Timeout" "error: no answer from charon within 1 s"
kill "$server"; wait "$server" 2>/dev/null; server=

# accepts nothing: the listener is stopped, one client fills its backlog
stall=$tmp/ctl-full
socat UNIX-LISTEN:"$stall",backlog=0 SYSTEM:'exec cat >/dev/null' &
server=$!
wait_listen "$stall"
kill -STOP "$server"
socat -u UNIX-CONNECT:"$stall" /dev/null &
filler=$!
for _ in $(seq 50); do
	[ "$(ss -Hxl 2>/dev/null | grep -F " $stall " | awk '{ print $3 }')" = 1 ] &&
		break
	sleep 0.1
done
check_stall "a socket whose backlog is full" "$stall" \
	"HTTP/1.1 503 Service Unavailable" \
	"error: charon's control socket accepts no connection (busy or stalled)"
kill "$filler"; wait "$filler" 2>/dev/null; filler=
kill -CONT "$server"; kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
server=

echo "$((count - failed)) passed, $failed failed"
[ $failed -eq 0 ]
