#!/bin/bash
# max-prefix (RFC 4486): past N routes of a family in the Adj-RIB-In the
# session ends with Cease/1 carrying AFI, SAFI and N; then no session for the
# restart time, or until the configuration is reloaded; warning-only logs
# once and keeps the session.  Bad max-prefix lines are configuration errors.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

# 4 IPv4 prefixes in one UPDATE
FOUR=$(upd '' "$ATTR_BASE" "$(pfx4 10.1.0.0/24)$(pfx4 10.1.1.0/24)$(pfx4 10.1.2.0/24)$(pfx4 10.1.3.0/24)")
peer() { # peer OUT PORT SECONDS: lbpeer listening for the daemon, sending FOUR
	"$LBPEER" --listen 127.0.0.2:$2 --asn 65001 --router-id 127.0.0.2 --duration "$3" --send "$FOUR" \
		>"$1" 2>&1 &
	PIDS="$PIDS $!"
	LPID=$!
	wait_listen 127.0.0.2 "$2" 3
}

# 1. limit 3, restart 1: Cease/1 with 0001 01 00000003, back after ~1 s
port=$(free_port 35500)
nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'max-prefix 3 restart 1;' >"$TMP/a.conf"
peer "$TMP/a1.out" "$port" 1
start_daemon a "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
A=$DPID
wait "$LPID" 2>/dev/null
check "limit 3: the peer got Cease/1 with AFI 1, SAFI 1, limit 3" \
	grep -q '^RECV NOTIFICATION FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001C0306010001010000000[3]$' "$TMP/a1.out"
check "limit 3: logged with family and count" grep -q 'ipv4 unicast: 4 routes, more than max-prefix 3' "$TMP/a.log"
check "limit 3: held down for the restart time" grep -q 'no session for 1 s (max-prefix restart)' "$TMP/a.log"
peer "$TMP/a2.out" "$port" 2
check "restart 1: a new session after the hold-down" wait_grep "$TMP/a2.out" '^RECV KEEPALIVE' 4
kill -TERM "$A"; wait_exit "$A" 5

# 2. no restart: down until a reload
port=$(free_port 36500)
nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'max-prefix 2;' >"$TMP/b.conf"
peer "$TMP/b1.out" "$port" 1
start_daemon b "$TMP/b.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
B=$DPID
wait "$LPID" 2>/dev/null
check "limit 2: Cease/1 with limit 2" grep -q '^RECV NOTIFICATION .*0306010001010000000[2]$' "$TMP/b1.out"
check "limit 2: down until a reload" grep -q 'no session until the configuration is reloaded (max-prefix)' "$TMP/b.log"
attempts() { count "$TMP/b.log" 'connecting to port'; }
before=$(attempts)
sleep 2.5
check "limit 2: no new attempt meanwhile ($before then $(attempts))" test "$(attempts)" -eq "$before"
peer "$TMP/b2.out" "$port" 2
nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'max-prefix 10;' >"$TMP/b.conf"
kill -USR1 "$B"
check "reload: a new session (the limit is 10 now)" wait_grep "$TMP/b2.out" '^RECV KEEPALIVE' 4
wait "$LPID" 2>/dev/null
check "reload: 4 routes under the new limit, no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/b2.out"'
kill -TERM "$B"; wait_exit "$B" 5

# 3. warning-only: one warning, the session stays up
port=$(free_port 37500)
nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'max-prefix 1 warning-only;' >"$TMP/c.conf"
peer "$TMP/c.out" "$port" 1.5
start_daemon c "$TMP/c.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
C=$DPID
wait "$LPID" 2>/dev/null
check "warning-only: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/c.out"'
check "warning-only: one warning" test "$(count "$TMP/c.log" 'more than max-prefix 1 \(warning-only\)')" -eq 1
kill -TERM "$C"; wait_exit "$C" 5

# 4. configuration errors: file:line:col and a non-zero exit
bad() { # bad NAME LINE-TEXT EXPECTED
	nb 127.0.0.2 127.0.0.1 65001 "$2" >"$TMP/$1.conf"
	out=$("$LUNABGP" validate "$TMP/$1.conf" 2>&1)
	rc=$? want=$3
	check "config: $1 refused (${out%%$'\n'*})" eval 'test $rc -ne 0 && printf "%s" "$out" | grep -q -- "$want"'
}
bad zero 'max-prefix 0;' "$TMP/zero.conf:6:13: 'max-prefix' expects a number of prefixes"
bad restart 'max-prefix 5 restart x;' "$TMP/restart.conf:6:23: 'restart' expects seconds"
bad word 'max-prefix 5 forever;' "$TMP/word.conf:6:15: unexpected 'forever' after max-prefix"
bad no-rib 'max-prefix 5; adj-rib-in false;' "neighbor 127.0.0.2: max-prefix counts the Adj-RIB-In"

finish
