#!/bin/bash
# configure must refuse a strongSwan source tree that does not match the
# installed charon, since a mismatched config.h silently shifts structure
# layouts inside charon. Runs configure against doctored copies of the
# prepared tree's config.h (no namespaces, no daemons).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tree=$("$top/scripts/prepare-strongswan-source" 2>/dev/null)
work=$(mktemp -d /tmp/mguard-build-guard.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=1; }

# fake_tree NAME SED-EXPR: a tree with the real headers' layout and a
# config.h changed by SED-EXPR
fake_tree() {
	mkdir -p "$work/$1/src/libcharon" "$work/$1/src/libstrongswan"
	sed "$2" "$tree/config.h" > "$work/$1/config.h"
	echo "$work/$1"
}

# expect_refusal WHAT TREE REGEX: configure fails and says REGEX
expect_refusal() {
	local out
	mkdir -p "$work/build-$1"
	out=$(cd "$work/build-$1" && "$top/configure" --with-strongswan-source="$2" 2>&1)
	if [ $? -ne 0 ] && grep -qE "$3" <<< "$out"; then
		ok "configure refuses $1: $(grep -m1 -oE 'error: .*' <<< "$out" | cut -c1-100)"
	else
		not_ok "configure refuses $1"
		tail -5 <<< "$out" | sed 's/^/#   /'
	fi
}

[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
expect_refusal "a tree of another version" \
	"$(fake_tree other-version 's/^#define VERSION .*/#define VERSION "5.9.7"/')" \
	'is strongSwan 5\.9\.7 but the installed libstrongswan is'
expect_refusal "a config.h without mediation (ME)" \
	"$(fake_tree no-me '/^#define ME /d')" \
	'lacks ME or HAVE_PRINTF_SPECIFIER'
expect_refusal "a config.h with the builtin printf" \
	"$(fake_tree builtin-printf '$a #define USE_BUILTIN_PRINTF 1')" \
	'lacks ME or HAVE_PRINTF_SPECIFIER, or uses builtin printf'
# a tree whose libipsec logs another text for a dropped packet
libipsec_tree=$(fake_tree other-libipsec 's/^$//')
mkdir -p "$libipsec_tree/src/libipsec"
sed 's/could not find an outbound IPsec SA for reqid/no outbound SA for reqid/' \
	"$tree/src/libipsec/ipsec_processor.c" > "$libipsec_tree/src/libipsec/ipsec_processor.c"
expect_refusal "a libipsec without the message the acquire shim matches" \
	"$libipsec_tree" \
	'src/libipsec does not log "could not find an outbound IPsec SA for reqid \{%u\}"'
expect_refusal "a missing tree" "$work/nonexistent" \
	'is not a configured strongSwan source tree'
mkdir -p "$work/build-ok"
if (cd "$work/build-ok" && "$top/configure" --with-strongswan-source="$tree" >/dev/null 2>&1); then
	ok "configure accepts the prepared tree $tree"
else
	not_ok "configure accepts the prepared tree $tree"
fi
exit $failed
