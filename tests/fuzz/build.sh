#!/bin/sh
# Build every libFuzzer target tests/fuzz/fuzz_*.c into tests/fuzz/bin/ with
# clang -fsanitize=fuzzer,address,undefined.
#
# Each target lists the project sources and libraries it needs, either in
# the table below or, for targets not in the table, on a line of its header
# comment: " * Sources: a.c b.c; libraries: -lfoo." (paths relative to the
# top source directory; "libstrongswan" means the strongSwan flags).
#
# The strongSwan tree: $STRONGSWAN_SOURCE, else the one
# scripts/prepare-strongswan-source prepared for the installed version.
#
# Usage: tests/fuzz/build.sh [target ...]    (default: all)
set -e

top=$(cd "$(dirname "$0")/../.." && pwd)
fuzz="$top/tests/fuzz"
bin="$fuzz/bin"
CC=${CLANG:-clang}

if [ -z "$STRONGSWAN_SOURCE" ]; then
	STRONGSWAN_SOURCE=$("$top/scripts/prepare-strongswan-source")
fi
if [ ! -r "$STRONGSWAN_SOURCE/config.h" ]; then
	echo "build.sh: no configured strongSwan source tree (set STRONGSWAN_SOURCE)" >&2
	exit 2
fi
SS_CFLAGS="-include $STRONGSWAN_SOURCE/config.h -I$STRONGSWAN_SOURCE/src/libstrongswan"
SS_LIBS="-L/usr/lib/ipsec -Wl,-rpath,/usr/lib/ipsec -lstrongswan"

CONF="common/mguard_conf_parser.c common/mguard_conf_lexer.c common/mguard_conf_tree.c common/mguard_conf_sources.c"
COMMON="$CONF common/mguard_model.c common/mguard_model_schema.c common/mguard_model_rules.c common/mguard_source_spec.c common/mguard_model_build.c common/mguard_model_query.c common/mguard_validate.c common/mguard_values.c common/mguard_report.c"

# target -> "sources; libraries"
table()
{
	case "$1" in
		fuzz_model)
			echo "$COMMON; libstrongswan"
			;;
		fuzz_conf_diff)
			echo "$CONF common/mguard_report.c; libstrongswan"
			;;
		fuzz_swanctl)
			echo "$COMMON helpers/mguard-swanctl/translate.c; libstrongswan"
			;;
		fuzz_firewall_rules)
			echo "$COMMON plugins/firewall/mguard_firewall_rules.c plugins/firewall/mguard_firewall_spec.c plugins/firewall/mguard_firewall_expr.c; libstrongswan -lnftnl -lmnl"
			;;
		*)
			# from the target's header comment
			sed -n '1,40{/Sources:/{N;s/\n \*/ /;s/.*Sources:[ ]*//;s/\.[ ]*$//;p;q}}' \
				"$fuzz/$1.c"
			;;
	esac
}

mkdir -p "$bin"
if [ $# -eq 0 ]; then
	set -- $(cd "$fuzz" && ls fuzz_*.c | sed 's/\.c$//')
fi
failed=0
for target in "$@"; do
	spec=$(table "$target")
	sources=$(echo "$spec" | sed 's/;.*//')
	libs=$(echo "$spec" | sed -n 's/.*;[ ]*libraries:[ ]*//p; s/.*;[ ]*\(libstrongswan\)/\1/p' | head -1)
	cflags=""
	ldflags=""
	case " $libs " in
		*libstrongswan*)
			cflags="$SS_CFLAGS"
			ldflags="$SS_LIBS"
			libs=$(echo "$libs" | sed 's/libstrongswan//')
			;;
	esac
	srcs=""
	for s in $sources; do
		srcs="$srcs $top/$s"
	done
	echo "  FUZZ     $target"
	if ! $CC -g -O1 -fsanitize=fuzzer,address,undefined \
			-fno-omit-frame-pointer -fno-sanitize-recover=undefined \
			-Wno-format $cflags -I"$top" -I"$top/common" \
			-o "$bin/$target" "$fuzz/$target.c" $srcs $ldflags $libs; then
		echo "build.sh: $target failed to build" >&2
		failed=1
	fi
done
exit $failed
