#!/bin/bash
# Sessions end to end: active and passive, static routes and End-of-RIB,
# SIGTERM's Cease 6/2 and exit 0, an unconfigured address refused,
# exabgp_tcp_connections=1, IPv6 transport.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

EOR=FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000
# 10.0.0.0/24 next-hop 127.0.0.1 as sent to AS 65001 by AS 65000 (4-octet ASNs)
R1=FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002F02000000144001010040020602010000FDE84003047F000001180A0000
ROUTES='static { route 10.0.0.0/24 next-hop 127.0.0.1; route 10.0.1.0/24 next-hop 127.0.0.1 med 10; route 10.0.2.0/24 next-hop 127.0.0.1 community [ 65000:1 ]; }'

# 1. Active: lunabgp connects to the test peer.
port=$(free_port 26000)
nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "$ROUTES" >"$TMP/a.conf"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 10 \
	--expect-notification 6/2 >"$TMP/a.out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
wait_listen 127.0.0.2 "$port" 3
start_daemon a "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
check "active: OPEN received" wait_grep "$TMP/a.out" '^RECV OPEN ' 5
check "active: KEEPALIVE received" wait_grep "$TMP/a.out" '^RECV KEEPALIVE ' 3
check "active: End-of-RIB received" wait_grep "$TMP/a.out" "^RECV UPDATE $EOR\$" 5
check "active: 10.0.0.0/24 arrives byte-exact" grep -q "^RECV UPDATE $R1\$" "$TMP/a.out"
n=$(grep '^RECV UPDATE' "$TMP/a.out" | grep -vc "$EOR\$")
check "active: 3 route UPDATEs before End-of-RIB ($n)" test "$n" -eq 3
eor_line=$(grep -n "$EOR" "$TMP/a.out" | head -1 | cut -d: -f1)
last_route=$(grep -n '^RECV UPDATE' "$TMP/a.out" | grep -v "$EOR" | tail -1 | cut -d: -f1)
check "active: End-of-RIB comes after the routes" test "${last_route:-99}" -lt "${eor_line:-0}"
check "active: events say up" grep -q '"peer": "127.0.0.2".*"state": "up"' "$TMP/a.ev"
kill -TERM "$DPID"
if wait_exit "$DPID" 5; then
	check "SIGTERM: lunabgp exits 0 (rc=$RC)" test "$RC" -eq 0
else
	fail "SIGTERM: lunabgp still running after 5 s"
fi
wait "$LP" 2>/dev/null
check "SIGTERM: the peer received NOTIFICATION 6/2" grep -Eq '^RECV NOTIFICATION F{32}[0-9A-F]{4}030602' "$TMP/a.out"

# 2. Passive: the peer connects; 127.0.0.9 (not configured) is refused.
port=$(free_port 27000)
nb 127.0.0.2 127.0.0.1 65001 'passive;' 'hold-time 30;' 'family { ipv4 unicast; }' "$ROUTES" >"$TMP/p.conf"
start_daemon p "$TMP/p.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
wait_listen 127.0.0.1 "$port" 5
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.9 --asn 65001 --router-id 127.0.0.9 --duration 2 \
	>"$TMP/p9.out" 2>&1 &
L9=$!
PIDS="$PIDS $L9"
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 \
	--duration 1.5 >"$TMP/p.out" 2>&1
n=$(grep '^RECV UPDATE' "$TMP/p.out" | grep -vc "$EOR\$")
check "passive: the configured peer gets a session and 3 routes ($n)" test "$n" -eq 3
check "passive: End-of-RIB" grep -q "^RECV UPDATE $EOR\$" "$TMP/p.out" 
wait "$L9" 2>/dev/null
check "passive: 127.0.0.9 gets no OPEN" eval '! grep -q "^RECV OPEN" "$TMP/p9.out"'
check "passive: 127.0.0.9 gets no session" eval '! grep -q "^PASS" "$TMP/p9.out"'
check "passive: no event names 127.0.0.9" eval '! grep -q "127.0.0.9" "$TMP/p.ev"'
check "passive: lunabgp still runs" alive "$DPID"
kill -TERM "$DPID"
wait_exit "$DPID" 5 || fail "passive: lunabgp ignores SIGTERM"

# 3. exabgp_tcp_connections=1: one connection per neighbor, then the daemon
#    exits (ExaBGP's tcp.once).  Active first, then passive.
port=$(free_port 28000)
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 1 >"$TMP/c1.out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
wait_listen 127.0.0.2 "$port" 3
start_daemon c1 "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$port exabgp_tcp_connections=1
wait "$LP" 2>/dev/null
check "tcp.connections=1 (active): a session ran" grep -q '^RECV KEEPALIVE' "$TMP/c1.out"
if wait_exit "$DPID" 5; then
	ok "tcp.connections=1 (active): lunabgp exits after the peer closed (rc=$RC)"
else
	fail "tcp.connections=1 (active): lunabgp still runs 5 s after the only connection closed"
fi
port=$(free_port 28500)
start_daemon c "$TMP/p.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port exabgp_tcp_connections=1
wait_listen 127.0.0.1 "$port" 5
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --duration 1 \
	>"$TMP/c.out" 2>&1
check "tcp.connections=1 (passive): a session ran" grep -q '^RECV KEEPALIVE' "$TMP/c.out"
if wait_exit "$DPID" 5; then
	ok "tcp.connections=1 (passive): lunabgp exits after the peer closed (rc=$RC)"
else
	fail "tcp.connections=1 (passive): BUG lunabgp still runs 5 s after the only (incoming) connection closed: tcp.connections only counts outgoing attempts (c/session/peer.c peer_attempts_left); the ExaBGP-compatible expectation is that the neighbor is done after its one session whichever side opened it"
fi

# 4. IPv6 transport on ::1.
port=$(free_port 29000)
nb ::1 ::1 65001 'hold-time 30;' 'family { ipv4 unicast; ipv6 unicast; }' \
	'static { route 2001:db8:1::/48 next-hop ::1; route 10.6.0.0/24 next-hop 127.0.0.1; }' >"$TMP/v6.conf"
"$LBPEER" --listen '[::1]':$port --asn 65001 --router-id 127.0.0.2 --timestamps --duration 2.5 \
	--send "$(upd "" "$ATTR_BASE" "$(pfx4 50.6.0.0/24)")" >"$TMP/v6.out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
sleep 0.2
start_daemon v6 "$TMP/v6.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
wait "$LP" 2>/dev/null
check "IPv6 transport: session on ::1 and both routes arrive" grep -q '^PREFIXES 2$' "$TMP/v6.out"
check "IPv6 transport: 2001:db8:1::/48 announced in MP_REACH" grep -q '^RECV UPDATE .*800E.*3020010DB80001' "$TMP/v6.out"
check "IPv6 transport: the peer's route is accepted" grep -q '"peer": "::1".*"nlri": "50.6.0.0/24"' "$TMP/v6.ev"
finish
