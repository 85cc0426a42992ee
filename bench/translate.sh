#!/bin/sh
# Benchmark of mguard-swanctl: translate generated models of 100, 1,000 and
# 10,000 connections (gen_model.sh) and print wall time, peak memory (max
# RSS from /usr/bin/time), the ratio to the 100-connection run per
# connection (1.0 = linear) and the target: 10,000 connections in under 1 s.
# Not a test; run by hand after building:
#   bench/translate.sh [path/to/mguard-swanctl]
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
	for b in "$top/build/helpers/mguard-swanctl/mguard-swanctl" \
			 /usr/sbin/mguard-swanctl; do
		if [ -x "$b" ]; then
			bin=$b
			break
		fi
	done
fi
if [ ! -x "$bin" ] || [ ! -x /usr/bin/time ]; then
	echo "translate.sh: need a built mguard-swanctl and /usr/bin/time" >&2
	exit 2
fi
tmp=$(mktemp -d /tmp/bench-translate.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
certs="$top/swanctl.d/certs"
runs=3

echo "mguard-swanctl: $bin"
printf "%12s %9s %9s %8s %12s %16s %10s\n" connections "model KB" \
	"wall (s)" "CPU (s)" "peak RSS MB" "wall/conn vs 100" "output KB"
base=""
last=""
for n in 100 1000 10000; do
	"$here/gen_model.sh" $n "$certs" >"$tmp/model-$n.conf"
	best=""
	cpu=""
	rss=0
	for r in $(seq $runs); do
		rm -rf "$tmp/sw"
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$bin" \
			--model "$tmp/model-$n.conf" --swanctl-dir "$tmp/sw" \
			--output "$tmp/out-$n.conf" 2>"$tmp/err"
		read t m u s <"$tmp/time"
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
			cpu=$(printf "%.2f" "$(echo "$u + $s" | bc)")
		fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	per=$(echo "scale=8; $best / $n" | bc)
	if [ -z "$base" ]; then
		base=$per
		ratio="1.00"
	elif [ "$(echo "$base > 0" | bc)" = 1 ]; then
		ratio=$(printf "%.2f" "$(echo "scale=4; $per / $base" | bc)")
	else
		ratio="n/a"
	fi
	printf "%12d %9d %9s %8s %12.1f %16s %10d\n" $n \
		$(( $(stat -c %s "$tmp/model-$n.conf") / 1024 )) "$best" "$cpu" \
		"$(echo "scale=1; $rss / 1024" | bc)" "$ratio" \
		$(( $(stat -c %s "$tmp/out-$n.conf") / 1024 ))
	last=$best
done
echo "best of $runs runs each (wall time; CPU = user + system of that run);"
echo "includes writing the configuration and placing certificates and keys"
echo "(every tenth connection uses X.509); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$(echo "$last < 1" | bc)" = 1 ]; then
	echo "target: 10,000 connections in under 1 s: met ($last s)"
else
	echo "target: 10,000 connections in under 1 s: NOT met ($last s)"
fi
