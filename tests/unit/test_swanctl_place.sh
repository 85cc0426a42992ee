#!/bin/bash
# mguard-swanctl writes nothing on exit 2: when a certificate, key or the
# configuration cannot be placed, the swanctl directory is left exactly as
# it was (no new or replaced certificate, key or configuration, no
# temporary file). Each case makes one step fail in a way that works as
# root too: a file where a directory is expected, a read-only bind mount in
# a private mount namespace, a directory where the configuration goes.
#
# Run by `make check` from the build's tests/unit; MGUARD_SWANCTL overrides
# the binary.

srcdir=${srcdir:-.}
top_srcdir=$(cd "$srcdir/../.." && pwd)
models="$top_srcdir/swanctl.d"
bin=${MGUARD_SWANCTL:-../../helpers/mguard-swanctl/mguard-swanctl}
bin=$(realpath "$bin")
tmp=$(mktemp -d /tmp/test-swanctl-place.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0
count=0
ok() { count=$((count + 1)); echo "ok $count - $*"; }
fail() { count=$((count + 1)); failed=$((failed + 1)); echo "not ok $count - $*"; }

[ -x "$bin" ] || { echo "mguard-swanctl not built at $bin"; exit 1; }

# a model placing a certificate (x509), a key (private) and a CA (x509ca)
sed -e "s|certs/|$models/certs/|g" "$models/machine-tcp.conf" > "$tmp/model.conf"

# snapshot DIR: every entry with type and mode, and every file's content
snapshot() {
	(cd "$1" && find . -printf '%p %y %m\n' | sort &&
		find . -type f -exec md5sum {} + | sort)
}

# a directory as an earlier run left it: an old configuration, old files
populate() {
	rm -rf "$1"
	mkdir -p "$1/conf.d" "$1/x509" "$1/x509ca" "$1/private"
	echo previous > "$1/conf.d/mguard.conf"
	echo old-cert > "$1/x509/mguard-athen.pem"
	echo old-key > "$1/private/mguard-athen.pem"
	echo old-ca > "$1/x509ca/mguard-ca.pem"
	echo stale > "$1/x509ca/mguard-stale.pem"
}

# check WHAT DIR CMD...: CMD exits 2, names the failing path, DIR unchanged
check() {
	local what=$1 dir=$2 rc
	shift 2
	snapshot "$dir" > "$tmp/before"
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	snapshot "$dir" > "$tmp/after"
	if [ $rc = 2 ] && diff -u "$tmp/before" "$tmp/after" > "$tmp/diff" &&
	   grep -q "^mguard-swanctl: cannot .* $dir/" "$tmp/err"; then
		ok "$what: exit 2, names the path, nothing changed"
	else
		fail "$what: exit $rc"
		cat "$tmp/err" "$tmp/diff"
	fi
}

# the translation works in a fresh directory (the cases below are failures
# of the file system only)
if "$bin" --model "$tmp/model.conf" --swanctl-dir "$tmp/good" 2> "$tmp/err" &&
   [ -f "$tmp/good/x509/mguard-athen.pem" ] &&
   [ -f "$tmp/good/private/mguard-athen.pem" ] &&
   [ -f "$tmp/good/x509ca/mguard-ca.pem" ]; then
	ok "certificate, key and CA placed in a writable directory"
else
	fail "placement in a writable directory"
	cat "$tmp/err"
fi

# obstacle WHAT NAME ENTRY file|dir [ARGS...]: in a populated directory
# NAME, ENTRY is replaced by a file or a non-empty directory, then the run
# must fail and change nothing
obstacle() {
	local what=$1 entry=$3 kind=$4
	dir=$tmp/$2
	shift 4
	populate "$dir"
	rm -rf "${dir:?}/$entry"
	if [ "$kind" = file ]; then
		echo "not a directory" > "$dir/$entry"
	else
		mkdir -p "$dir/$entry/keep"
	fi
	check "$what" "$dir" \
		"$bin" --model "$tmp/model.conf" --swanctl-dir "$dir" "$@"
}
obstacle "x509ca is a file" file-for-dir x509ca file
obstacle "private is a file" private-file private file
# the configuration cannot replace a directory: every file is staged and
# renamed, the last rename fails, the renamed files must be put back
obstacle "the configuration's rename fails last" conf-is-dir \
	conf.d/mguard.conf dir
# with --output - the files are placed before the configuration goes to
# stdout; a CA that cannot be replaced leaves the others alone too
obstacle "the CA cannot replace a directory (--output -)" ca-is-dir \
	x509ca/mguard-ca.pem dir --output -
if [ ! -s "$tmp/out" ]; then
	ok "nothing on stdout when the files cannot be placed"
else
	fail "stdout has the configuration although exit 2"
fi

# read-only private/ and x509ca/: a read-only bind mount in a private mount
# namespace (root may write to a mode 0500 directory)
if unshare -m true 2>/dev/null; then
	# ro SUB CMD...: CMD with DIR/SUB read-only in a private namespace
	ro() {
		unshare -m sh -c '
			mount --bind "$1/$2" "$1/$2" &&
			mount -o remount,bind,ro "$1/$2" || exit 99
			shift 2
			exec "$@"' sh "$dir" "$@"
	}
	for sub in private x509ca x509; do
		dir=$tmp/ro-$sub
		populate "$dir"
		check "read-only $sub/" "$dir" ro "$sub" \
			"$bin" --model "$tmp/model.conf" --swanctl-dir "$dir"
		dir=$tmp/ro-new-$sub
		rm -rf "$dir"
		mkdir -p "$dir/$sub"
		check "read-only $sub/ in a new directory" "$dir" ro "$sub" \
			"$bin" --model "$tmp/model.conf" --swanctl-dir "$dir"
	done
else
	echo "# unshare -m not permitted here: read-only cases skipped"
fi

# after a failure the next good run still works and removes the stale file
dir=$tmp/file-for-dir
rm -f "$dir/x509ca"
if "$bin" --model "$tmp/model.conf" --swanctl-dir "$dir" 2> "$tmp/err" &&
   cmp -s "$dir/x509ca/mguard-ca.pem" "$models/certs/ca.crt" &&
   ! ls "$dir"/*/*.pem.* "$dir"/conf.d/mguard.conf.* 2>/dev/null | grep . >/dev/null; then
	ok "a good run after a failure places everything, no temporary left"
else
	fail "a good run after a failure"
	cat "$tmp/err"
	ls -lR "$dir"
fi

echo "$((count - failed)) passed, $failed failed"
[ $failed -eq 0 ]
