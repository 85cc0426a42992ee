# shellcheck shell=bash
# Shared by the web benchmarks (control_status.sh, status_cgi.sh), sourced
# after tests/e2e/lib.sh.

# median_ms URL: N requests from namespace moon on one keep-alive
# connection (the first, with the TLS handshake, is not counted); prints
# the median in ms
median_ms() {
	local url=$1 args=() i
	for ((i = 0; i <= N; i++)); do args+=(-o /dev/null "$url"); done
	in_ns moon curl -s --insecure -w '%{time_total}\n' "${args[@]}" |
		tail -n +2 | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] * 1000 }'
}
