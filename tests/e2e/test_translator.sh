#!/bin/bash
# mguard-swanctl's output run by real charons: models in, swanctl --load-all,
# tunnels up. Two scenarios on separate WAN segments:
#
#   1. PSK over IKEv1 (main mode), moon initiates (startup = initiate),
#      sun waits (startup = wait); one tunnel with a port in the selectors
#      and one plain tunnel
#
#   alice ----- moon ========= wan1 ========= sun ----- bob
#   10.1.0.10  10.1.0.1  198.51.100.1   198.51.100.2  10.2.0.1  10.2.0.10
#
#   2. X.509 over IKEv2, the seed's tunnel group: the hub waits for any
#      peer (gateway %any, bound to its address) with 10.0.0.0/8 ===
#      10.0.0.0/8 and accepts certificates matching the mGuard subject
#      filter "CN=*, O=Smith and Co., C=US"; two spokes initiate with their
#      own /24 as local network; certificates generated at test time
#
#                center 10.0.0.10
#                   |
#                 hub 10.0.0.1 / 192.0.2.1
#                   |
#   ============== wan2 ===============
#       |                          |
#   spokea 192.0.2.2           spokeb 192.0.2.3
#   10.1.7.1                   10.3.9.1
#       |                          |
#   alice2 10.1.7.10           bob2 10.3.9.10
#
#   3. Mode Config over IKEv1 with XAuth: a server hands out an address from
#      its pool to a client that logs in with XAuth (X.509 both ways, RSA:
#      strongSwan's IKEv1 XAuth methods are RSA only)
#
# Must hold: mguard-swanctl accepts each model (exit 0), writes
# conf.d/mguard.conf, places certificates and keys (0600), swanctl
# --load-all loads it without error, the connections that start on their
# own come up (no swanctl --initiate), the hub narrows 10.0.0.0/8 to each
# spoke's /24, and traffic crosses every tunnel. A model the hub would
# accept only with a wrong CA (or a subject filter that matches no spoke)
# keeps the tunnel down.
#
# MGUARD_SWANCTL: the translator to test (default: mguard-swanctl in PATH).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SWANCTL_BIN=${MGUARD_SWANCTL:-$(command -v mguard-swanctl || true)}
[ -n "$SWANCTL_BIN" ] && [ -x "$SWANCTL_BIN" ] ||
	die "mguard-swanctl not found (install it or set MGUARD_SWANCTL)"
command -v openssl >/dev/null || die "openssl not found"

# translate GW: mguard-swanctl for GW's model into GW's swanctl directory
translate() {
	"$SWANCTL_BIN" --model "$(gw_dir "$1")/vpn.conf" \
		--swanctl-dir "$(swanctl_dir "$1")" > "$(gw_dir "$1")/translate.log" 2>&1
	local rc=$?
	sed 's/^/# /' "$(gw_dir "$1")/translate.log"
	return $rc
}

# --- certificates (scenario 2) -------------------------------------------
PKI=$E2E_DIR/pki
pki_ca "$PKI"
for n in hub spokea spokeb; do pki_cert "$PKI" $n; done
# RSA: strongSwan's IKEv1 XAuth signs with RSA only
for n in gwrsa roadrsa; do pki_cert "$PKI" $n rsa; done
# a CA the spokes' certificates do not chain to
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	-nodes -keyout "$PKI/other-ca.key" -out "$PKI/other-ca.crt" -days 2 \
	-subj "/C=US/O=Other/CN=Other CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	>> "$PKI/openssl.log" 2>&1 || die "openssl failed: $(tail -3 "$PKI/openssl.log")"

# --- every example model: translated and loaded -----------------------------
# one charon that only loads configuration (no peers)
ns_create_examples() {
	wan_create wan0
	gw_create loader 203.0.113.1/24 10.9.0.1/24 wan0
}
ns_create_examples
charon_start loader
EXAMPLES=$(cd "$E2E_LIBDIR/../../swanctl.d" && pwd)
for model in "$EXAMPLES"/*.conf; do
	name=$(basename "$model" .conf)
	rm -f "$(swanctl_dir loader)"/conf.d/*.conf
	check "example $name translates" "$SWANCTL_BIN" --model "$model" \
		--swanctl-dir "$(swanctl_dir loader)"
	check "example $name loads into charon (swanctl --load-all)" \
		swanctl_load loader
	swanctl_cmd loader --list-conns > "$(gw_dir loader)/conns-$name.log" 2>&1
	swanctl_cmd loader --list-pools > "$(gw_dir loader)/pools-$name.log" 2>&1
done
conns_listed() { grep -qE "^$1: IKEv$2" "$(gw_dir loader)/conns-$3.log"; }
check "charon lists the examples' connections (Athen, IKEv2)" \
	conns_listed Athen 2 athen
check "charon lists the examples' connections (roadwarriors, IKEv1)" \
	conns_listed roadwarriors 1 mode-config
# the pool is mguard-control's (network tranches), not a swanctl pool
mc_pool() {
	"$SWANCTL_BIN" --model "$EXAMPLES/mode-config.conf" \
		--swanctl-dir "$(gw_dir loader)/mc" --output - |
		grep -q '^		pools = mguard-roadwarriors$'
}
check "the Mode Config server names mguard-control's pool" mc_pool
charon_stop loader

# --- scenario 1: PSK, IKEv1 ----------------------------------------------
wan_create wan1
gw_create moon 198.51.100.1/24 10.1.0.1/24 wan1
gw_create sun 198.51.100.2/24 10.2.0.1/24 wan1
host_create alice moon 10.1.0.10/24
host_create bob sun 10.2.0.10/24
# the port-restricted tunnel gets a network of its own: kernel-libipsec
# installs a route only when the gateway has an address in the local
# selector, and two CHILD_SAs must not share a remote network
addr_add sun lan 10.2.1.1/24
addr_add bob eth0 10.2.1.10/24

# psk_model GW PEER LAN REMOTE_LAN STARTUP WEB_LOCAL WEB_REMOTE
#           WEB_LOCAL_PORT WEB_REMOTE_PORT
# (IKEv1 does not narrow: both ends name the same selectors)
psk_model() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-EOF
	connections {
	    office {
	        name = Office
	        gateway = $2
	        startup = $5
	        version = ikev1
	        tunnels {
	            lan {
	                local = $3
	                remote = $4
	            }
	            web {
	                local = $6
	                remote = $7
	                protocol = tcp
	                local_port = $8
	                remote_port = $9
	            }
	        }
	        authentication {
	            method = psk
	            psk = "a shared secret, # with a hash"
	        }
	        ike {
	            proposals = aes256-sha256-modp3072
	            esp_proposals = aes256-sha256-modp3072
	        }
	    }
	}
	EOF
}
psk_model moon 198.51.100.2 10.1.0.0/24 10.2.0.0/24 initiate \
	10.1.0.0/24 10.2.1.0/24 %all 5201
psk_model sun 198.51.100.1 10.2.0.0/24 10.1.0.0/24 wait \
	10.2.1.0/24 10.1.0.0/24 5201 %all

check "mguard-swanctl translates moon's PSK/IKEv1 model" translate moon
check "mguard-swanctl translates sun's PSK/IKEv1 model" translate sun
check "moon's configuration is in conf.d/mguard.conf" \
	test -s "$(swanctl_dir moon)/conf.d/mguard.conf"

charon_start sun
charon_start moon
check "sun loads the translator's output (swanctl --load-all)" swanctl_load sun
check "moon loads the translator's output (swanctl --load-all)" swanctl_load moon

# moon's startup = initiate: start_action = start, no --initiate here
check "moon brings up office-lan on its own (IKEv1, PSK)" \
	sa_wait moon office office-lan
check "moon brings up office-web on its own" sa_wait moon office office-web
check "sun: CHILD_SA office-lan INSTALLED" sa_wait sun office office-lan
# plain `swanctl --list-sas` lines: "office: #1, ESTABLISHED, IKEv1, ..."
# and "    remote 10.2.0.10/32[tcp/5201]"
sas() { swanctl_cmd "$1" --list-sas --ike "$2" | tee "$(gw_dir "$1")/sas.log"; }
ikev1() { sas "$1" office | grep -E '^office: #[0-9]+, ESTABLISHED, IKEv1' >/dev/null; }
check "the IKE_SA is IKEv1" ikev1 moon
web_ts() { sas moon office | grep -E '^ +remote +10\.2\.1\.0/24\[tcp/5201\]$' >/dev/null; }
check "sun: CHILD_SA office-web INSTALLED" sa_wait sun office office-web
check "office-web negotiated 10.2.1.0/24[tcp/5201]" web_ts
check "alice pings bob through office-lan" host_ping alice 10.2.0.10 3
web_bytes=$(sa_get sun office office-web bytes-in)
check "a TCP transfer alice -> bob:5201 arrives intact" \
	tcp_transfer alice bob 10.2.1.10 65536 5201
web_grew() {
	local now
	now=$(sa_get sun office office-web bytes-in)
	echo "office-web bytes-in: $web_bytes -> $now"
	[ -n "$web_bytes" ] && [ -n "$now" ] && [ "$now" -ge $((web_bytes + 65536)) ]
}
check "the transfer crossed office-web (port 5201 only)" web_grew
web_stable() { ! log_has sun 'unable to install IPsec policies'; }
check "sun installed every CHILD_SA on the first try" web_stable

# --- scenario 2: X.509, IKEv2, tunnel group --------------------------------
wan_create wan2
gw_create hub 192.0.2.1/24 10.0.0.1/24 wan2
gw_create spokea 192.0.2.2/24 10.1.7.1/24 wan2
gw_create spokeb 192.0.2.3/24 10.3.9.1/24 wan2
host_create center hub 10.0.0.10/24
host_create alice2 spokea 10.1.7.10/24
host_create bob2 spokeb 10.3.9.10/24

# hub_model CA SUBJECT_FILTER
hub_model() {
	cat > "$(gw_dir hub)/vpn.conf" <<-EOF
	connections {
	    branches {
	        name = Branches
	        gateway = %any
	        any_interface = address
	        any_address = 192.0.2.1
	        startup = wait
	        tunnels {
	            group {
	                local = 10.0.0.0/8
	                remote = 10.0.0.0/8
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/hub.crt
	            local_key = $PKI/hub.key
	            remote_ca = $PKI/$1
	            remote_id = "$2"
	        }
	    }
	}
	EOF
}
# spoke_model GW LAN
spoke_model() {
	cat > "$(gw_dir "$1")/vpn.conf" <<-EOF
	connections {
	    hq {
	        name = Headquarters
	        gateway = 192.0.2.1
	        tunnels {
	            t1 {
	                local = $2
	                remote = 10.0.0.0/8
	            }
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/$1.crt
	            local_key = $PKI/$1.key
	            remote_ca = $PKI/ca.crt
	            remote_id = "CN=hub.example.com, O=Smith and Co., C=US"
	        }
	    }
	}
	EOF
}
hub_model ca.crt "CN=*, O=Smith and Co., C=US"
spoke_model spokea 10.1.7.0/24
spoke_model spokeb 10.3.9.0/24
check "mguard-swanctl translates the hub's tunnel group model" translate hub
check "mguard-swanctl translates spoke A's model" translate spokea
check "mguard-swanctl translates spoke B's model" translate spokeb
key_mode() { [ "$(stat -c %a "$(swanctl_dir hub)/private/mguard-hub.pem")" = 600 ]; }
check "the hub's key is placed in private/ with mode 0600" key_mode
check "the hub's CA is placed in x509ca/" \
	cmp -s "$(swanctl_dir hub)/x509ca/mguard-ca.pem" "$PKI/ca.crt"

charon_start hub
check "the hub loads the translator's output" swanctl_load hub
charon_start spokea
charon_start spokeb
check "spoke A loads the translator's output" swanctl_load spokea
check "spoke B loads the translator's output" swanctl_load spokeb

check "spoke A brings up hq-t1 on its own (IKEv2, X.509)" sa_wait spokea hq hq-t1
check "spoke B brings up hq-t1 on its own" sa_wait spokeb hq hq-t1
hub_narrowed() { # the hub has a CHILD_SA 10.0.0.0/8 === the spoke's /24
	sas hub branches > "$(gw_dir hub)/narrowed.log"
	grep -qE '^ +local +10\.0\.0\.0/8$' "$(gw_dir hub)/narrowed.log" &&
		grep -qE "^ +remote +$1\$" "$(gw_dir hub)/narrowed.log"
}
check "the hub narrowed 10.0.0.0/8 to spoke A's 10.1.7.0/24" \
	wait_until hub_narrowed '10\.1\.7\.0/24'
check "the hub narrowed 10.0.0.0/8 to spoke B's 10.3.9.0/24" \
	wait_until hub_narrowed '10\.3\.9\.0/24'
peer_id() { sas hub branches | grep "CN=$1.example.com" >/dev/null; }
check "the subject filter accepted spoke A's certificate" peer_id spokea
check "alice2 (spoke A) pings the center through the group" \
	host_ping alice2 10.0.0.10 3
check "bob2 (spoke B) pings the center through the group" \
	host_ping bob2 10.0.0.10 3

# a CA that did not sign the spokes: reloaded, spoke B's next attempt fails
swanctl_cmd spokeb --terminate --ike hq --timeout 10 > /dev/null 2>&1 || true
check "spoke B's SA is gone after terminate" sa_wait_gone spokeb hq
hub_model other-ca.crt "CN=*, O=Smith and Co., C=US"
check "the hub's model with another CA translates" translate hub
check "the hub reloads it" swanctl_load hub
swanctl_cmd spokeb --initiate --child hq-t1 --timeout 10 \
	> "$(gw_dir spokeb)/initiate.log" 2>&1 || true
check_fails "spoke B is refused by the hub with a CA that did not sign it" \
	sa_is spokeb hq hq-t1 INSTALLED

# --- scenario 3: Mode Config server and client, IKEv1, XAuth ---------------
#
#   c3host 10.50.0.10 --- modecfg 10.50.0.1 / 203.0.113.10 === wan3 ===
#                         road 203.0.113.20 (gets 10.200.0.x from the pool)
wan_create wan3
gw_create modecfg 203.0.113.10/24 10.50.0.1/24 wan3
gw_create road 203.0.113.20/24 10.60.0.1/24 wan3
host_create c3host modecfg 10.50.0.10/24
cat > "$(gw_dir modecfg)/vpn.conf" <<EOF
xauth {
    users {
        u1 {
            name = alice
            password = "alice's password"
        }
    }
}
connections {
    roadwarriors {
        gateway = %any
        any_interface = address
        any_address = 203.0.113.10
        startup = wait
        version = ikev1
        mode_config {
            mode = server
            local = fixed
            local_network = 10.50.0.0/24
            remote = pool
            pool = 10.200.0.0/24
            dns1 = 10.50.0.53
        }
        authentication {
            method = x509
            local_certificate = $PKI/gwrsa.crt
            local_key = $PKI/gwrsa.key
            remote_ca = $PKI/ca.crt
            remote_id = "CN=*, O=Smith and Co., C=US"
        }
    }
}
EOF
# road_model XAUTH_PASSWORD
road_model() {
	cat > "$(gw_dir road)/vpn.conf" <<-EOF
	connections {
	    provider {
	        gateway = 203.0.113.10
	        version = ikev1
	        mode_config {
	            mode = client
	            remote_mode = fixed
	            remote_network = 10.50.0.0/24
	            xauth_login = alice
	            xauth_password = "$1"
	        }
	        authentication {
	            method = x509
	            local_certificate = $PKI/roadrsa.crt
	            local_key = $PKI/roadrsa.key
	            remote_ca = $PKI/ca.crt
	            remote_id = "CN=gwrsa.example.com, O=Smith and Co., C=US"
	        }
	    }
	}
	EOF
}
road_model "alice's password"
check "mguard-swanctl translates the Mode Config server model" translate modecfg
check "mguard-swanctl translates the Mode Config client model" translate road
charon_start modecfg --plugins "xauth-generic attr unity mguard-control" \
	--set "charon.plugins.mguard-control.model=$(gw_dir modecfg)/vpn.conf" \
	--set "charon.plugins.mguard-control.state_dir=$(gw_dir modecfg)"
check "the Mode Config server loads it" swanctl_load modecfg
charon_start road --plugins "xauth-generic attr unity"
check "the Mode Config client loads it" swanctl_load road
check "road authenticates with XAuth and brings up provider-modecfg" \
	sa_wait road provider provider-modecfg
vip() { sas road provider | grep -E '^ +local +10\.200\.0\.[0-9]+/32$' >/dev/null; }
check "road got a virtual IP from the pool 10.200.0.0/24" vip
lease() {
	grep -qE '^lease mguard-roadwarriors 10\.200\.0\.[0-9]+/32 alice$' \
		"$(gw_dir modecfg)/mguard-tranches"
}
check "the server keeps alice's lease (mguard-control's state file)" lease
check "road reaches 10.50.0.10 from its virtual IP" \
	in_ns road ping -n -q -c 3 -W 2 10.50.0.10
swanctl_cmd road --terminate --ike provider --timeout 10 > /dev/null 2>&1 || true
check "road's SA is gone after terminate" sa_wait_gone road provider
road_model "a wrong password"
check "the client model with a wrong XAuth password translates" translate road
check "road reloads it" swanctl_load road
swanctl_cmd road --initiate --child provider-modecfg --timeout 10 \
	> "$(gw_dir road)/initiate.log" 2>&1 || true
check_fails "a wrong XAuth password is refused" \
	sa_is road provider provider-modecfg INSTALLED

finish
