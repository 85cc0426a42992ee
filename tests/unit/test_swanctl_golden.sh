#!/bin/sh
# Golden and behaviour tests of mguard-swanctl: every example model in
# swanctl.d/ must translate to exactly its reviewed expected output
# (swanctl.d/expected/<name>.conf), deterministically; invalid models and
# usage errors must write nothing and exit 1 or 2.
#
# Run by `make check` from the build's tests/unit (srcdir is exported by
# automake); MGUARD_SWANCTL overrides the binary.

srcdir=${srcdir:-.}
top_srcdir=$(cd "$srcdir/../.." && pwd)
models="$top_srcdir/swanctl.d"
bin=${MGUARD_SWANCTL:-../../helpers/mguard-swanctl/mguard-swanctl}
tmp=$(mktemp -d /tmp/test-swanctl.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0
count=0

ok()
{
	count=$((count + 1))
	echo "ok $count - $*"
}

fail()
{
	count=$((count + 1))
	failed=$((failed + 1))
	echo "not ok $count - $*"
}

if [ ! -x "$bin" ]; then
	echo "mguard-swanctl not built at $bin"
	exit 1
fi

# golden output of every example
for model in "$models"/*.conf; do
	name=$(basename "$model" .conf)
	expected="$models/expected/$name.conf"
	if [ ! -f "$expected" ]; then
		fail "$name: no expected output $expected"
		continue
	fi
	if "$bin" --model "$model" --swanctl-dir "$tmp/$name" --output - \
			>"$tmp/$name.out" 2>"$tmp/$name.err" &&
	   diff -u "$expected" "$tmp/$name.out" >"$tmp/$name.diff"; then
		ok "$name: output matches swanctl.d/expected/$name.conf"
	else
		fail "$name: output differs or translation failed"
		cat "$tmp/$name.err" "$tmp/$name.diff"
	fi
	"$bin" --model "$model" --swanctl-dir "$tmp/$name" --output - \
		>"$tmp/$name.out2" 2>/dev/null
	if cmp -s "$tmp/$name.out" "$tmp/$name.out2"; then
		ok "$name: output is deterministic"
	else
		fail "$name: two runs gave different output"
	fi
done

# certificates and keys are placed, keys 0600
dir="$tmp/place"
if "$bin" --model "$models/athen.conf" --swanctl-dir "$dir" 2>/dev/null &&
   [ -f "$dir/conf.d/mguard.conf" ] &&
   cmp -s "$dir/x509/mguard-athen.pem" "$models/certs/athen.crt" &&
   cmp -s "$dir/private/mguard-athen.pem" "$models/certs/athen.key" &&
   [ "$(stat -c %a "$dir/private/mguard-athen.pem")" = 600 ] &&
   [ "$(stat -c %a "$dir/conf.d/mguard.conf")" = 600 ]; then
	ok "default output DIR/conf.d/mguard.conf, certificate and key (0600) placed"
else
	fail "default output, certificate or key placement"
	ls -lR "$dir"
fi
if "$bin" --model "$models/tunnel-group-hub.conf" --swanctl-dir "$dir" \
		2>/dev/null &&
   cmp -s "$dir/x509ca/mguard-ca.pem" "$models/certs/ca.crt"; then
	ok "remote CA placed in DIR/x509ca"
else
	fail "remote CA placement"
fi

# files of an earlier run the model no longer names are removed (a stale CA
# would stay trusted), files of others stay
touch "$dir/x509ca/other.pem"
if "$bin" --model "$models/psk-ikev1.conf" --swanctl-dir "$dir" 2>/dev/null &&
   [ ! -e "$dir/x509ca/mguard-ca.pem" ] && [ ! -e "$dir/x509/mguard-hq.pem" ] &&
   [ ! -e "$dir/private/mguard-athen.pem" ] && [ -e "$dir/x509ca/other.pem" ]; then
	ok "stale mguard-*.pem removed, other files kept"
else
	fail "stale certificate removal"
	ls -lR "$dir"
fi
"$bin" --model "$models/athen.conf" --swanctl-dir "$dir" 2>/dev/null

# an invalid model: exit 1, every error, nothing written or replaced
cat >"$tmp/bad.conf" <<'MODEL'
connections {
    Athen {
        gateway = %any
        startup = sometimes
        authentication {
            method = psk
            psk = "a long enough secret"
        }
        tunnels {
            t1 {
                local = 10.1.7.0/24
                remote = 10.0.0.0/8
                protocol = icmp
                local_port = 80
            }
        }
    }
}
MODEL
echo "previous" >"$dir/conf.d/mguard.conf"
"$bin" --model "$tmp/bad.conf" --swanctl-dir "$dir" >"$tmp/bad.out" \
	2>"$tmp/bad.err"
rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$dir/conf.d/mguard.conf")" = previous ] &&
   [ ! -s "$tmp/bad.out" ] &&
   grep -q "^$tmp/bad.conf: connections.Athen.gateway: %any is only allowed with authentication.method = x509" "$tmp/bad.err" &&
   grep -q "^$tmp/bad.conf: connections.Athen.startup: invalid value 'sometimes'; allowed: initiate | on_traffic | wait" "$tmp/bad.err" &&
   grep -q "^$tmp/bad.conf: connections.Athen.tunnels.t1.local_port: ports need protocol tcp or udp" "$tmp/bad.err" &&
   [ "$(wc -l <"$tmp/bad.err")" -eq 3 ] &&
   [ -z "$(find "$dir" -name '*.XXXXXX' -o -name 'mguard.conf.*')" ]; then
	ok "invalid model: exit 1, all three errors, nothing written"
else
	fail "invalid model (exit $rc)"
	cat "$tmp/bad.err"
fi

# a missing certificate is a model error, and nothing is written
sed -e "s|certs/athen.crt|$tmp/missing.crt|" \
	-e "s|certs/athen.key|$models/certs/athen.key|" \
	"$models/athen.conf" >"$tmp/missing.conf"
"$bin" --model "$tmp/missing.conf" --swanctl-dir "$tmp/missing" \
	2>"$tmp/missing.err"
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$tmp/missing" ] &&
   grep -q "connections.Athen.authentication.local_certificate: cannot read" "$tmp/missing.err"; then
	ok "missing certificate: exit 1, nothing written"
else
	fail "missing certificate (exit $rc)"
	cat "$tmp/missing.err"
fi

# xauth.pam = yes: the server checks logins with xauth-pam, the model's
# users are ignored (with a warning) and their passwords written nowhere
sed -e "s|certs/|$models/certs/|" -e 's|^xauth {$|xauth {\n    pam = yes|' \
	"$models/mode-config.conf" >"$tmp/pam.conf"
"$bin" --model "$tmp/pam.conf" --swanctl-dir "$tmp/pam" --output - \
	>"$tmp/pam.out" 2>"$tmp/pam.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -q "xauth.users: warning: ignored with xauth.pam = yes" "$tmp/pam.err" &&
   grep -q "^			auth = xauth-pam$" "$tmp/pam.out" &&
   ! grep -q "xauth-user-\|alice\|bob-secret" "$tmp/pam.out"; then
	ok "xauth.pam = yes: xauth-pam round, no user passwords written"
else
	fail "xauth.pam = yes (exit $rc)"
	cat "$tmp/pam.err" "$tmp/pam.out"
fi

# IKEv1 XAuth with an ECDSA key cannot work in strongSwan: a model error
sed -e "s|certs/gateway-rsa|$models/certs/hq|" \
	-e "s|certs/ca.crt|$models/certs/ca.crt|" \
	"$models/mode-config.conf" >"$tmp/ecxauth.conf"
"$bin" --check --model "$tmp/ecxauth.conf" 2>"$tmp/ecxauth.err"
rc=$?
if [ $rc -eq 1 ] &&
   grep -q "connections.roadwarriors.authentication.local_key: an ECDSA key cannot be used with IKEv1 XAuth" "$tmp/ecxauth.err"; then
	ok "IKEv1 XAuth with an ECDSA key: exit 1 with the reason"
else
	fail "IKEv1 XAuth with an ECDSA key (exit $rc)"
	cat "$tmp/ecxauth.err"
fi

# --check writes nothing
if "$bin" --check --model "$models/athen.conf" --swanctl-dir "$tmp/check" \
		>"$tmp/check.out" 2>/dev/null &&
   [ ! -e "$tmp/check" ] && [ ! -s "$tmp/check.out" ]; then
	ok "--check validates and writes nothing"
else
	fail "--check"
fi

# usage and I/O errors: exit 2, nothing written
"$bin" --bogus >/dev/null 2>&1
rc1=$?
"$bin" --model "$tmp/nonexistent.conf" --swanctl-dir "$tmp/io" 2>/dev/null
rc2=$?
"$bin" --model "$models/athen.conf" --output /nonexistent/dir/out.conf \
	--swanctl-dir "$tmp/io" 2>/dev/null
rc3=$?
if [ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] &&
   [ ! -e "$tmp/io/conf.d" ]; then
	ok "usage error, unreadable model and unwritable output exit 2"
else
	fail "exit codes for usage/I/O errors ($rc1 $rc2 $rc3)"
fi

echo "$((count - failed)) passed, $failed failed"
[ $failed -eq 0 ]
