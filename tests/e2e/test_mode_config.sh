#!/bin/bash
# Mode Config with network tranches, XAuth and split tunneling (IKEv1, real
# charons, mguard-control's tranche provider on the server and its
# selector widening on the clients).
#
#   srv 10.50.0.10, 10.51.0.10, 10.52.0.10
#    |
#   server 10.50.0.1, 10.51.0.1, 10.52.0.1 / 203.0.113.10
#    |   pool 10.200.0.0/16, tranches of /28, split tunnel 10.50.0.0/24
#    |   and 10.51.0.0/24 (not 10.52.0.0/24), DNS 10.50.0.53 10.50.0.54,
#    |   WINS 10.50.0.55; XAuth users alice and bob
#   ============================= wan ==============================
#    |                                         |
#   roada 203.0.113.21 (XAuth alice)          roadb 203.0.113.22 (XAuth bob)
#    |  10.60.0.1                              |  10.61.0.1
#   lana 10.60.0.10 + an address of           lanb 10.61.0.10 + an address
#        roada's tranche                           of roadb's tranche
#
#   roadc 203.0.113.23 (XAuth carol): stock strongSwan, no mguard-control,
#   asks for the whole pool 10.200.0.0/16 as its local network
#
# Must hold: each client gets a whole /28 (its own), its CHILD_SA covers
# that network === the two split-tunnel networks only; a LAN host with an
# address of the tranche reaches both split networks, not 10.52.0.0/24, and
# the same host from an address outside the tranche does not reach them;
# (the clients use startup = wait so that the test decides when they
# connect: mguard-control keeps an "initiate" connection up on its own)
# a client that asks for more than its tranche gets just its tranche;
# the clients log the DNS and WINS servers the server sent; a wrong XAuth
# password is refused with a log line naming connection and user (never
# the password); a restarted server charon gives each identity its
# tranche again, also when the clients come back in the other order; with
# a server that sends no split tunneling the client keeps 0.0.0.0/0.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

command -v mguard-swanctl >/dev/null || die "mguard-swanctl not installed"

PKI=$E2E_DIR/pki
pki_ca "$PKI"
# RSA: strongSwan's IKEv1 XAuth methods sign with RSA only
for n in server roada roadb roadc; do pki_cert "$PKI" $n rsa; done

wan_create wan
gw_create server 203.0.113.10/24 10.50.0.1/24
gw_create roada 203.0.113.21/24 10.60.0.1/24
gw_create roadb 203.0.113.22/24 10.61.0.1/24
gw_create roadc 203.0.113.23/24 10.62.0.1/24
addr_add server lan 10.51.0.1/24
addr_add server lan 10.52.0.1/24
host_create srv server 10.50.0.10/24
addr_add srv eth0 10.51.0.10/24
addr_add srv eth0 10.52.0.10/24
host_create lana roada 10.60.0.10/24
host_create lanb roadb 10.61.0.10/24

cat > "$(gw_dir server)/vpn.conf" <<EOF
xauth {
    users {
        u1 {
            name = alice
            password = "alice's password"
        }
        u2 {
            name = bob
            password = bob-secret
        }
        u3 {
            name = carol
            password = carol-secret
        }
    }
}
connections {
    roadwarriors {
        name = Road warriors
        gateway = %any
        any_interface = address
        any_address = 203.0.113.10
        startup = wait
        version = ikev1
        mode_config {
            mode = server
            local = table
            local_networks = 10.50.0.0/24, 10.51.0.0/24
            remote = pool
            pool = 10.200.0.0/16
            tranche = 28
            dns1 = 10.50.0.53
            dns2 = 10.50.0.54
            wins1 = 10.50.0.55
        }
        authentication {
            method = x509
            local_certificate = $PKI/server.crt
            local_key = $PKI/server.key
            remote_ca = $PKI/ca.crt
            remote_id = "CN=*, O=Smith and Co., C=US"
        }
    }
}
EOF
# client_model GW USER PASSWORD
client_model() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-EOF
	connections {
	    provider {
	        name = Provider
	        gateway = 203.0.113.10
	        startup = wait
	        version = ikev1
	        mode_config {
	            mode = client
	            remote_mode = server
	            xauth_login = $2
	            xauth_password = "$3"
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/$1.crt
	            local_key = $PKI/$1.key
	            remote_ca = $PKI/ca.crt
	            remote_id = "CN=server.example.com, O=Smith and Co., C=US"
	        }
	    }
	}
	EOF
}
client_model roada alice "alice's password"
client_model roadb bob bob-secret

translate() {
	mguard-swanctl --model "$(gw_dir "$1")/vpn.conf" \
		--swanctl-dir "$(swanctl_dir "$1")" > "$(gw_dir "$1")/translate.log" 2>&1
}
for gw in server roada roadb; do
	check "mguard-swanctl translates $gw's model" translate $gw
done
no_tranche_warning() { ! grep -q tranche "$(gw_dir server)/translate.log"; }
check "the translator no longer warns about tranches" no_tranche_warning
check "the server's connection names mguard-control's pool" \
	grep -q '^		pools = mguard-roadwarriors$' \
	"$(swanctl_dir server)/conf.d/mguard.conf"

# start GW: charon with mguard-control reading GW's model, Unity on
start() {
	charon_start "$1" --plugins "xauth-generic attr unity mguard-control" \
		--set "charon.plugins.mguard-control.model=$(gw_dir "$1")/vpn.conf" \
		--set "charon.plugins.mguard-control.state_dir=$(gw_dir "$1")/state" \
		--set charon.cisco_unity=yes
}
start server
check "the server loads its configuration" swanctl_load server

sas() { swanctl_cmd "$1" --list-sas --ike provider > "$(gw_dir "$1")/sas.log"; }
# tranche GW: the network of GW's CHILD_SA's local selector
tranche() {
	sas "$1"
	sed -n 's|^ \+local \+\(10\.200\.[0-9.]*/28\)$|\1|p' "$(gw_dir "$1")/sas.log"
}
# remote_ts GW: GW's CHILD_SA's remote selectors, one line
remote_ts() {
	sas "$1"
	sed -n 's|^ \+remote \+\([0-9]\)|\1|p' "$(gw_dir "$1")/sas.log" | tr '\n' ' '
}
# server_has GW NET: the server's CHILD_SA of GW's peer has remote NET
server_has() {
	swanctl_cmd server --list-sas --ike roadwarriors > "$(gw_dir server)/sas.log"
	grep -qE "^ +remote +${2//./\\.}\$" "$(gw_dir server)/sas.log"
}
# lan_use HOST GW NET: give HOST the second address of GW's tranche NET
lan_use() {
	local base=${3%/*}
	local pre=${base%.*} last=${base##*.}
	ip -n "$(ns "$1")" addr replace "$pre.$((last + 2))/28" dev eth0
	ip -n "$(ns "$2")" route replace "$3" dev lan
	echo "$pre.$((last + 2))"
}

start roada
check "roada loads its configuration" swanctl_load roada
up() {
	swanctl_cmd "$1" --initiate --child provider-modecfg --timeout 15 \
		> "$(gw_dir "$1")/initiate.log" 2>&1 || true
}
up roada
check "roada logs in with XAuth and brings up provider-modecfg" \
	sa_wait roada provider provider-modecfg
TA=$(tranche roada)
note "roada's tranche: $TA"
check "roada got a whole /28 out of 10.200.0.0/16" test -n "$TA"
start roadb
check "roadb loads its configuration" swanctl_load roadb
up roadb
check "roadb brings up provider-modecfg" sa_wait roadb provider provider-modecfg
TB=$(tranche roadb)
note "roadb's tranche: $TB"
check "roadb got a /28 of its own" test -n "$TB" -a "$TB" != "$TA"
check "the server narrowed roada's selector to $TA" server_has roada "$TA"
check "the server narrowed roadb's selector to $TB" server_has roadb "$TB"
split_ts() { [ "$(remote_ts "$1")" = "10.50.0.0/24 10.51.0.0/24 " ]; }
check "roada's remote selectors are the split-tunnel networks only" \
	split_ts roada
check "roadb's remote selectors are the split-tunnel networks only" \
	split_ts roadb
mc_log='Mode Config from the server: address 10\.200\.[0-9.]+/28, DNS 10\.50\.0\.53 10\.50\.0\.54, WINS 10\.50\.0\.55'
check "roada received the DNS and WINS servers" log_has roada "$mc_log"
check "roadb received the DNS and WINS servers" log_has roadb "$mc_log"

A=$(lan_use lana roada "$TA")
B=$(lan_use lanb roadb "$TB")
ping_from() { in_ns "$1" ping -n -q -c 3 -i 0.2 -W 2 -I "$2" "$3"; }
ping_fails_from() { ! in_ns "$1" ping -n -q -c 1 -W 1 -I "$2" "$3"; }
check "lana ($A) reaches 10.50.0.10 through the tunnel" \
	ping_from lana "$A" 10.50.0.10
check "lana ($A) reaches the second split network 10.51.0.10" \
	ping_from lana "$A" 10.51.0.10
check "lanb ($B) reaches 10.50.0.10" ping_from lanb "$B" 10.50.0.10
check "lana does not reach 10.52.0.10 (not in the split tunnel)" \
	ping_fails_from lana "$A" 10.52.0.10
check "lana from 10.60.0.10 (outside the tranche) does not reach 10.50.0.10" \
	ping_fails_from lana 10.60.0.10 10.50.0.10

# --- a greedy client: the server cuts its proposal to its own tranche -----
cp "$PKI/roadc.crt" "$(swanctl_dir roadc)/x509/"
cp "$PKI/roadc.key" "$(swanctl_dir roadc)/private/"
cp "$PKI/ca.crt" "$(swanctl_dir roadc)/x509ca/"
cat > "$(swanctl_conf roadc)" <<EOF
connections {
    provider {
        version = 1
        remote_addrs = 203.0.113.10
        vips = 0.0.0.0
        local {
            auth = pubkey
            certs = roadc.crt
        }
        local-xauth {
            auth = xauth
            xauth_id = carol
        }
        remote {
            auth = pubkey
            id = "C=US, O=Smith and Co., CN=server.example.com"
        }
        children {
            provider-modecfg {
                local_ts = 10.200.0.0/16
                remote_ts = 10.50.0.0/24
                esp_proposals = aes128gcm16-ecp256
            }
        }
    }
}
secrets {
    xauth-carol {
        id = carol
        secret = carol-secret
    }
}
EOF
charon_start roadc --plugins "xauth-generic"
check "roadc (stock strongSwan) loads its configuration" swanctl_load roadc
up roadc
check "roadc brings up provider-modecfg" sa_wait roadc provider provider-modecfg
check "the server cut roadc's 10.200.0.0/16 to its tranche 10.200.0.32/28" \
	server_has roadc 10.200.0.32/28
greedy_cut() { ! grep -qE '^ +remote +10\.200\.0\.0/16$' "$(gw_dir server)/sas.log"; }
check "no CHILD_SA of the server covers the whole pool" greedy_cut
carol_narrowed() { sas roadc; grep -qE '^ +local +10\.200\.0\.32/28$' "$(gw_dir roadc)/sas.log"; }
check "roadc accepted the narrowed selector" carol_narrowed
swanctl_cmd roadc --terminate --ike provider --timeout 10 > /dev/null 2>&1 || true
charon_stop roadc

# --- wrong XAuth password --------------------------------------------------
swanctl_cmd roadb --terminate --ike provider --timeout 10 > /dev/null 2>&1 || true
check "roadb's SA is gone after terminate" sa_wait_gone roadb provider
client_model roadb bob "not bob's password"
check "roadb's model with a wrong password translates" translate roadb
check "roadb reloads it" swanctl_load roadb
up roadb
check_fails "the wrong XAuth password is refused" \
	sa_is roadb provider provider-modecfg INSTALLED
check "the server logs the refusal with connection and user" \
	log_wait server "XAuth login of user 'bob' refused on connection 'roadwarriors'"
no_password() { ! grep -q "not bob's password" "$(gw_dir server)/charon.log" "$(gw_dir roadb)/charon.log"; }
check "the password is in no log" no_password
client_model roadb bob bob-secret
translate roadb && swanctl_load roadb ||
	die "roadb's model with the right password does not load"

# --- restart: the state file keeps the assignment ---------------------------
for gw in roada roadb; do
	swanctl_cmd $gw --terminate --ike provider --timeout 10 > /dev/null 2>&1 || true
done
check "roada's SA is gone" sa_wait_gone roada provider
check "roadb's SA is gone" sa_wait_gone roadb provider
state=$(gw_dir server)/state/mguard-tranches
check "the server keeps the leases in a state file" \
	grep -q "^lease mguard-roadwarriors $TA alice$" "$state"
charon_stop server
start server
check "the restarted server loads its configuration" swanctl_load server
# bob first: without the state he would get the first tranche, alice's
up roadb
check "roadb comes back" sa_wait roadb provider provider-modecfg
check "roadb got its tranche $TB again" test "$(tranche roadb)" = "$TB"
up roada
check "roada comes back" sa_wait roada provider provider-modecfg
check "roada got its tranche $TA again" test "$(tranche roada)" = "$TA"
check "lana ($A) reaches 10.50.0.10 again" ping_from lana "$A" 10.50.0.10

# --- a server without split tunneling: the client keeps 0.0.0.0/0 ----------
swanctl_cmd roada --terminate --ike provider --timeout 10 > /dev/null 2>&1 || true
check "roada's SA is gone again" sa_wait_gone roada provider
sed -i -e 's|^            local = table$|            local = fixed|' \
	-e 's|^            local_networks = .*$|            local_network = 0.0.0.0/0|' \
	"$(gw_dir server)/vpn.conf"
check "the server's model with local network 0.0.0.0/0 translates" \
	translate server
check "the server reloads it" swanctl_load server
up roada
check "roada comes up with that server" sa_wait roada provider provider-modecfg
check "no split tunneling sent: roada's remote selector stays 0.0.0.0/0" \
	test "$(remote_ts roada)" = "0.0.0.0/0 "
check "roada's local selector is still its tranche $TA" \
	test "$(tranche roada)" = "$TA"

finish
