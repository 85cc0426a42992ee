#!/bin/bash
# vpn-status.cgi through the real web server (lighttpd, HTTPS, Basic auth)
# in a real headless browser (Debian's chromium over the DevTools protocol,
# tests/e2e/cdp.py): a connection moves Waiting -> Pending -> Established,
# Restart re-establishes it with a new IKE_SA, a connection named
# <script>alert(1)</script> is text, POSTs without a valid CSRF token
# change nothing, and ?format=json validates against the schema.
#
#   alice 10.1.0.10                                        bob 10.2.0.10
#      |                                                       |
#   moon (lighttpd 192.0.2.1:443, chromium)                   sun
#   lan 10.1.0.1/24 ------- wan 192.0.2.1 ---- 192.0.2.2 ---- lan 10.2.0.1/24
#                                               (nftables drops IKE for a
#                                                while: Pending)
#
# moon: Tokyo (tok: started, on_traffic), <script>alert(1)</script> (xss:
# stopped), Rio (rio: stopped, unreachable peer: a failed attempt).
# sun: the responder of tok (started, wait).
# A screenshot of the established page is kept in tests/e2e/logs/.
. "$(dirname "$0")/lib.sh"

PASSWORD=mGuard-e2e
for tool in lighttpd curl openssl chromium mguard-vpn mguard-swanctl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
/usr/bin/python3 -c 'import websocket, jsonschema' 2>/dev/null ||
	die "python3-websocket and python3-jsonschema are needed"
CGI=${MGUARD_STATUS_CGI:-/usr/lib/cgi-bin/vpn-status.cgi}
NPH=${MGUARD_CGI:-/usr/lib/cgi-bin/nph-vpn.cgi}
SNIPPET=${MGUARD_LIGHTTPD_SNIPPET:-/etc/lighttpd/conf-available/50-mguard-nph-vpn.conf}
SCHEMA=$E2E_LIBDIR/../../cgi/vpn-status.schema.json
SHOTS=$E2E_LIBDIR/logs/artifacts
[ -x "$CGI" ] || die "$CGI is not installed"
[ -r "$SNIPPET" ] || die "$SNIPPET is not installed"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
gw_create sun 192.0.2.2/24 10.2.0.1/24
host_create alice moon 10.1.0.10/24
host_create bob sun 10.2.0.10/24

. "$(dirname "$0")/control_model.sh"
XSS='<script>alert(1)</script>'
{
	echo "connections {"
	conn tok Tokyo started on_traffic 192.0.2.2 10.1.0.0/24 10.2.0.0/24 moon sun
	conn xss "\"$XSS\"" stopped initiate 192.0.2.2 10.1.1.0/24 10.2.1.0/24 moon-x sun-x
	conn rio Rio stopped initiate 192.0.2.77 10.1.5.0/24 10.2.5.0/24 moon-rio rio
	echo "}"
} > "$(gw_dir moon)/vpn.conf"
{
	echo "connections {"
	conn tok TokyoR started wait 192.0.2.1 10.2.0.0/24 10.1.0.0/24 sun moon
	echo "}"
} > "$(gw_dir sun)/vpn.conf"

# sun drops IKE until the test lets it through: tok stays Pending
in_ns sun nft -f - <<-'EOF2'
table inet e2e_hold {
  chain input {
    type filter hook input priority 0; policy accept;
    udp dport { 500, 4500 } drop
  }
}
EOF2

for gw in moon sun; do
	control_gw_start "$gw" \
		--set charon.plugins.mguard-control.retry_interval=2 \
		--set charon.retransmit_tries=8 \
		--set charon.retransmit_timeout=1 \
		--set charon.retransmit_base=1.2 \
		--set "mguard-status.secret=$(gw_dir $gw)/csrf.key" \
		--set mguard-status.refresh=2
done

web_start moon 192.0.2.1 "$PASSWORD" "$NPH" "$SNIPPET"
web=$(gw_dir moon)/web
BASE="https://192.0.2.1/vpn-status.cgi"

# --- the browser, in moon's namespace, profile in the run dir ---------------
profile=$(mktemp -d "$E2E_DIR/chromium.XXXXXX")
bg_start moon chromium env HOME="$profile" XDG_CONFIG_HOME="$profile" \
	XDG_CACHE_HOME="$profile" chromium --headless=new --no-sandbox --disable-gpu \
	--user-data-dir="$profile" --remote-debugging-port=9222 \
	--remote-debugging-address=127.0.0.1 --ignore-certificate-errors \
	--no-first-run --no-default-browser-check --disable-extensions \
	--disable-background-networking --disable-component-update \
	--disable-sync --password-store=basic --window-size=1280,900 about:blank
cdp() { in_ns moon /usr/bin/python3 "$E2E_LIBDIR/cdp.py" 9222 "$@"; }
wait_until cdp eval 1 || die "chromium did not come up: $(tail -3 "$E2E_DIR/chromium.log")"

# load the page (credentials in the URL, as the seed's curl example; the
# browser keeps them for the page's own requests)
page_load() { cdp load "https://admin:$PASSWORD@192.0.2.1/vpn-status.cgi"; }
# in_list LIST KEY: after a fresh load, the connection is in that list
in_list() {
	page_load >/dev/null 2>&1 || return 1
	[ "$(cdp eval "document.querySelectorAll('#$1 article.conn[data-key=\"$2\"]').length")" = 1 ]
}
# ike_id: the IKE_SA id the page shows for tok in Established
ike_id() {
	cdp eval "(document.querySelector('#established article[data-key=\"tok\"] table.ike')||{}).dataset.ikeId||''" | tr -d '"'
}
ctl() {
	in_ns moon curl -s --insecure -u "admin:$PASSWORD" "$@"
}

# --- Waiting -> Pending -> Established ----------------------------------------
check "Tokyo (on traffic, no SA) is Waiting" wait_until in_list waiting tok
check "the page shows the license counter" eval \
	'[ "$(cdp eval "document.getElementById(\"peers\").textContent")" = "\"0\"" ]'
host_exec alice ping -c 1 -W 1 10.2.0.10 >/dev/null 2>&1 || true
bg_start alice pinger ping -i 0.5 10.2.0.10
check "traffic starts the IKE_SA, sun drops it: Tokyo is Pending" \
	wait_until in_list pending tok
check "Pending says what is being negotiated" eval \
	'cdp eval "document.querySelector(\"#pending article[data-key=tok] .what\").textContent" | grep "negotiating the ISAKMP SA" >/dev/null'
in_ns sun nft delete table inet e2e_hold
check "sun lets IKE through: Tokyo is Established" \
	wait_until in_list established tok
check "Established shows addresses, ports and identities" eval \
	'cdp eval "document.querySelector(\"#established article[data-key=tok] table.ike\").textContent" | grep -E "192.0.2.1:(500|4500)ID moon.*192.0.2.2:(500|4500)ID sun" >/dev/null'
child_shown() {
	page_load >/dev/null 2>&1 &&
	cdp eval "document.querySelector('#established article[data-key=tok] table.child').textContent" |
		grep -qE "10.1.0.0/24 … 10.2.0.0/24.*INSTALLED.*[1-9][0-9]* bytes in"
}
check "Established shows the IPsec SA's networks, state and bytes" \
	wait_until child_shown
mkdir -p "$SHOTS"
check "a screenshot of the page" cdp screenshot "$SHOTS/status-page.png"
first=$(ike_id)
note "IKE_SA of Tokyo: #$first"

# --- Restart by a click -------------------------------------------------------
# no traffic from now on: the new IKE_SA must come from Restart, not a trap
bg_stop pinger
check "the auto-refresh can be switched off" cdp tap "#auto"
check "and it is off" eval '[ "$(cdp eval "document.getElementById(\"auto\").checked")" = false ]'
check "a click on Tokyo's Restart loads the page again" \
	cdp click "#established article[data-key=\"tok\"] button.restart"
note "after the click: $(cdp eval "location.href + ' ' + document.body.innerText.slice(0, 120)")"
restarted() { page_load >/dev/null 2>&1 && id=$(ike_id) && [ -n "$id" ] && [ "$id" != "$first" ]; }
check "Restart re-establishes Tokyo with a new IKE_SA" wait_until restarted
second=$(ike_id)
note "IKE_SA of Tokyo after Restart: #$second"
check "Restart initiated it (vici initiate in charon's log)" \
	log_has moon "vici client [0-9]+ requests: initiate"
check "charon has exactly the new IKE_SA" eval \
	"[ \"\$(sa_get moon tok uniqueid)\" = '$second' ]"

# --- escaping -----------------------------------------------------------------
check "the page loads without any dialog" page_load
check "the name <script>alert(1)</script> is shown as text" eval \
	"[ \"\$(cdp eval \"document.querySelector('tr[data-key=xss] td.name').textContent\")\" = '\"$XSS\"' ]"
check "the page has no script but its own" eval \
	'[ "$(cdp eval "document.scripts.length")" = 1 ]'

# --- CSRF -----------------------------------------------------------------------
token=$(cdp eval "document.querySelector('input[name=token]').value" | tr -d '"')
post() { ctl -o "$web/post.out" -w '%{http_code}' -X POST "$@" "$BASE"; }
check "a POST without token is refused" eval \
	'[ "$(post --data "action=restart&conn=tok")" = 400 ]'
check "a POST with a forged token is refused" eval \
	'[ "$(post --data "action=restart&conn=tok&token=1-0000000000000000000000000000000000000000000000000000000000000000")" = 403 ]'
check "a POST with a token from the far future is refused" eval \
	'[ "$(post --data "action=restart&conn=tok&token=${token%%-*}0-${token#*-}")" = 403 ]'
# mktoken USER AGE: a token computed as doc/status-page.md says, with the
# CGI's secret, issued AGE seconds ago
mktoken() {
	/usr/bin/python3 -c '
import hashlib, hmac, sys, time
key = open(sys.argv[1], "rb").read()
t = str(int(time.time()) - int(sys.argv[3]))
msg = b"mguard vpn-status csrf v1\0" + sys.argv[2].encode() + b"\0" + t.encode()
print(t + "-" + hmac.new(key, msg, hashlib.sha256).hexdigest())
' "$(gw_dir moon)/csrf.key" "$1" "$2"
}
check "a token made as documented is accepted (Reload)" eval \
	'[ "$(post --data "action=reload&token=$(mktoken admin 0)")" = 303 ]'
check "a POST with a token 13 hours old is refused" eval \
	'[ "$(post --data "action=restart&conn=tok&token=$(mktoken admin 46800)")" = 403 ]'
check "a POST with the token of another user is refused" eval \
	'[ "$(post --data "action=restart&conn=tok&token=$(mktoken other 0)")" = 403 ]'
check "a POST with a valid token from another site is refused" eval \
	'[ "$(post -H "Origin: https://evil.example" --data "action=restart&conn=tok&token=$token")" = 403 ]'
unchanged() { [ "$(sa_get moon tok uniqueid)" = "$second" ] && sa_is moon tok ESTABLISHED; }
check "the refused POSTs changed nothing" holds_for 3 unchanged
check "the page's own token works (Reload)" eval \
	'[ "$(post --data "action=reload&token=$token")" = 303 ]'

# --- JSON and Prometheus ------------------------------------------------------
swanctl_cmd moon --rekey --child tok-t1 >/dev/null 2>&1 || true
gw_exec moon mguard-vpn synup Rio >/dev/null 2>&1 || true
ctl -o "$web/status.json" "$BASE?format=json"
check "JSON validates against cgi/vpn-status.schema.json" /usr/bin/python3 -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
' "$SCHEMA" "$web/status.json"
check "JSON: Tokyo established, the name of xss as given" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["key"]: x for x in d["connections"]}
assert c["tok"]["list"] == "established", c["tok"]
assert c["xss"]["name"] == sys.argv[2], c["xss"]
assert any(s["connections"] == ["tok"] and s["state"] == "ESTABLISHED" for s in d["ike_sas"])
' "$web/status.json" "$XSS"
ctl -o "$web/metrics" "$BASE?format=prometheus"
check "Prometheus: one tunnel up for Tokyo, one peer connected" eval \
	"grep -qx 'mguard_vpn_tunnels_up{connection=\"tok\",name=\"Tokyo\"} 1' $web/metrics &&
	 grep -qx 'mguard_vpn_peers_connected 1' $web/metrics"
check "Prometheus: the rekeying is counted, the failed attempt of Rio too" eval \
	"grep -qE '^mguard_vpn_rekeys_total\\{connection=\"tok\",name=\"Tokyo\"\\} [1-9]' $web/metrics &&
	 grep -qE '^mguard_vpn_failed_attempts_total\\{connection=\"rio\",name=\"Rio\"\\} [1-9]' $web/metrics"
check "Prometheus: label values are escaped" eval \
	"grep -qF 'name=\"<script>alert(1)</script>\"' $web/metrics"
check "an unknown format is refused with a 400" eval \
	"[ \"\$(ctl -o /dev/null -w '%{http_code}' \"$BASE?format=xml\")\" = 400 ]"
check "without credentials: 401" eval \
	"[ \"\$(in_ns moon curl -s --insecure -o /dev/null -w '%{http_code}' \"$BASE\")\" = 401 ]"

# lighttpd hands a CGI's stderr to its own stderr (no server.breakagelog)
cgi_log=$E2E_DIR/lighttpd-moon.log
check "each POST is logged on the web server's log (Restart, a refusal)" eval \
	'grep -q "vpn-status.cgi: admin: restart tok: 303 ok" "$cgi_log" &&
	 grep -q "vpn-status.cgi: admin: restart tok: 403 invalid CSRF token" "$cgi_log"'
# with MGUARD_STATUS_CGI=build-sanitizers/cgi/vpn-status.cgi (ASan/UBSan)
# every request above ran under the sanitizers; they report on stderr
check "the CGI wrote no sanitizer report to the web server's log" eval \
	'! grep -A12 -E "ERROR: [A-Za-z]+Sanitizer|runtime error" "$cgi_log"'
bg_stop chromium
finish
