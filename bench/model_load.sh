#!/bin/bash
# The model reader at 1,000 and 10,000 connections (bench/gen_model.sh,
# every connection initial_mode = stopped so that mguard-control only
# records it), in every reader:
#   - mguard-swanctl --check (process start, parse, validate);
#   - a real charon with mguard-license and mguard-control, in a network
#     namespace: the time from `swanctl --reload-settings` to
#     mguard-control's "N connections from" line (both plugins have read the
#     changed model by then), and how many times the model was parsed for
#     that reload (the store's "mguard-model-store: read" lines);
#   - bench_model_load: the tree alone (mguard_conf) and the model
#     (mguard_model_load) in one process.
# Baselines in the same run, same files: read(2) of the file, and
# libstrongswan 5.9.8's own settings parser (settings_parser_parse_file,
# what the plugins used before). Best of N runs.
# Targets: under 1 s each at 10,000 connections, linear from 1,000 to
# 10,000 (ratio of the times at most ~12).
#
# Usage (as root, after make install): bench/model_load.sh [N]
# Uses tests/e2e/lib.sh for the namespace, charon and the teardown.
E2E_TEST=bench_model_load
. "$(dirname "$0")/../tests/e2e/lib.sh"

N=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
driver=${MGUARD_BENCH_MODEL_LOAD:-$top/build/bench/bench_model_load}
[ -x "$driver" ] || die "no $driver (build first)"

wan_create
gw_create moon 192.0.2.1/24 10.1.0.1/24
dir=$(gw_dir moon)
for n in 1000 10000; do
	"$here/gen_model.sh" $n "$top/swanctl.d/certs" |
		sed 's/^\(        name = Site .*\)$/\1\n        initial_mode = stopped/' \
		> "$dir/model-$n.conf"
	# the same model with another license, so that a reload reads a change
	sed 's/peers = 0/peers = 5/' "$dir/model-$n.conf" > "$dir/model-$n-b.conf"
done

# now_ns: wall clock in ns
now_ns() { date +%s%N; }

# best VALUES...: the smallest
best() { printf '%s\n' "$@" | sort -g | head -n 1; }

# ms NS: nanoseconds as milliseconds
ms() { awk -v ns="$1" 'BEGIN { printf "%.0f", ns / 1e6 }'; }

# swanctl_check_ns FILE: wall time of mguard-swanctl --check
swanctl_check_ns() {
	local s e
	s=$(now_ns)
	mguard-swanctl --check --model "$1" >/dev/null 2>&1 ||
		die "mguard-swanctl --check $1 failed"
	e=$(now_ns)
	echo $((e - s))
}

# install FILE: make FILE the model (written before the reload: the store
# distrusts a file modified in the last 50 ms, see mguard_conf.h)
install_model() {
	cp "$1" "$dir/vpn.conf"
	touch -d '-2 seconds' "$dir/vpn.conf"
}

# reload_ns N: reload the settings, wait for mguard-control's line for N
# connections, print the wall time
reload_ns() {
	local n=$1 before s e
	before=$(log_count moon "mguard-control: $n connections from")
	s=$(now_ns)
	swanctl_cmd moon --reload-settings >/dev/null
	while [ "$(log_count moon "mguard-control: $n connections from")" -le "$before" ]; do
		[ $(( $(now_ns) - s )) -lt 60000000000 ] || die "no reload line for $n"
		sleep 0.005
	done
	e=$(now_ns)
	echo $((e - s))
}

declare -A result
for n in 1000 10000; do
	f=$dir/model-$n.conf
	read -r _ read_s < <("$driver" "$f" "$N" read)
	read -r _ settings_s < <("$driver" "$f" 1 settings)
	read -r _ conf_s < <("$driver" "$f" "$N" conf)
	read -r _ model_s < <("$driver" "$f" "$N" model)
	times=()
	for ((r = 0; r < N; r++)); do times+=("$(swanctl_check_ns "$f")"); done
	result[$n,read]=$(awk -v s="$read_s" 'BEGIN { printf "%.1f", s * 1000 }')
	result[$n,settings]=$(awk -v s="$settings_s" 'BEGIN { printf "%.0f", s * 1000 }')
	result[$n,conf]=$(awk -v s="$conf_s" 'BEGIN { printf "%.0f", s * 1000 }')
	result[$n,model]=$(awk -v s="$model_s" 'BEGIN { printf "%.0f", s * 1000 }')
	result[$n,swanctl]=$(ms "$(best "${times[@]}")")

	install_model "$f"
	charon_start moon --plugins "mguard-license mguard-control" \
		--set "charon.plugins.mguard-license.model=$dir/vpn.conf" \
		--set "charon.plugins.mguard-control.model=$dir/vpn.conf"
	log_wait moon "mguard-control: $n connections from" ||
		die "charon did not load the $n-connection model"
	times=()
	reads=$(log_count moon "mguard-model-store: read ")
	for ((r = 0; r < N; r++)); do
		if [ $((r % 2)) = 0 ]; then
			install_model "$dir/model-$n-b.conf"
		else
			install_model "$f"
		fi
		times+=("$(reload_ns "$n")")
	done
	result[$n,reload]=$(ms "$(best "${times[@]}")")
	result[$n,parses]=$(awk -v a="$(log_count moon "mguard-model-store: read ")" \
		-v b="$reads" -v n="$N" 'BEGIN { printf "%.1f", (a - b) / n }')
	charon_stop moon
done

printf '# %-52s %10s %10s %8s\n' "model reader, best of $N (ms)" "1,000" "10,000" "ratio"
row() {
	local what=$1 key=$2
	printf '# %-52s %10s %10s %8s\n' "$what" "${result[1000,$key]}" \
		"${result[10000,$key]}" "$(awk -v a="${result[1000,$key]}" \
		-v b="${result[10000,$key]}" 'BEGIN { if (a > 0) printf "%.1f", b / a; else print "-" }')"
}
row "charon: --reload-settings to mguard-control's line" reload
row "mguard-swanctl --check (process, parse, validate)" swanctl
row "mguard_model_load (tree, types, validation)" model
row "mguard_conf_parse_file (the tree alone)" conf
row "baseline: libstrongswan's settings parser (1 run)" settings
row "baseline: read(2) of the file" read
printf '# %-52s %10s %10s\n' "model parses per charon reload (both plugins)" \
	"${result[1000,parses]}" "${result[10000,parses]}"
note "model sizes: $(( $(stat -c %s "$dir/model-1000.conf") / 1024 )) KB and $(( $(stat -c %s "$dir/model-10000.conf") / 1024 )) KB"
note "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"

under() { awk -v m="$1" 'BEGIN { exit !(m < 1000) }'; }
linear() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && b / a <= 12.5) }'; }
check "charon reload of 10,000 connections under 1 s (${result[10000,reload]} ms)" \
	under "${result[10000,reload]}"
check "mguard-swanctl --check of 10,000 connections under 1 s (${result[10000,swanctl]} ms)" \
	under "${result[10000,swanctl]}"
check "charon reload linear from 1,000 to 10,000" \
	linear "${result[1000,reload]}" "${result[10000,reload]}"
check "mguard-swanctl --check linear from 1,000 to 10,000" \
	linear "${result[1000,swanctl]}" "${result[10000,swanctl]}"
check "one parse per charon reload for both plugins" \
	test "${result[10000,parses]}" = "1.0"
finish
