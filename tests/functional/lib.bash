# Shared helpers for the functional tests (sourced, not a test itself).
# Every test prints "N passed, M failed" at the end and exits non-zero on failure.
set -u
: "${LUNABGP:=$(pwd)/build/lunabgp}"
: "${LBPEER:=$(pwd)/build/tests/lbpeer}"
: "${LUNABGP_SOURCE:=$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED="$LUNABGP_SOURCE/../shared"
# Memory bounds grow under ASan (shadow memory, quarantine): rss_bound KB.
rss_bound() {
	if [ "${LUNABGP_SANITIZED:-0}" = 1 ]; then echo $(($1 * 3)); else echo "$1"; fi
}
PASSED=0
FAILED=0
TMP=$(mktemp -d /tmp/lunabgp-ft.XXXXXX)
# Started as root, lunabgp drops to exabgp.daemon.user (nobody) once its
# listeners are bound, and its helpers run as that user: like ExaBGP's, they
# must be able to read and write here.
chmod 777 "$TMP"
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.1
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
check() { # check "description" command...
	desc=$1; shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}
# Under ASan/UBSan a report in a daemon's or helper's log is a failure, even
# when every behaviour checked was right.
sanitizer_reports() {
	local f
	[ "${LUNABGP_SANITIZED:-0}" = 1 ] || return 0
	for f in $(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$TMP"/* 2>/dev/null); do
		fail "sanitizer report in ${f##*/}: $(grep -m1 -E 'ERROR: |runtime error:' "$f")"
	done
}
finish() {
	sanitizer_reports
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
# A free TCP port on loopback (bounded search).
free_port() {
	base=${1:-20000}
	for i in $(seq 0 200); do
		p=$((base + ($$ + i * 7) % 20000))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo $p; return; fi
	done
	echo 0
}
