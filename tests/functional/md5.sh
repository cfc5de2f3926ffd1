#!/bin/bash
# TCP-MD5 signatures (RFC 2385) as ExaBGP configures them: md5-password,
# md5-base64.  A matching key gives a session whichever side connects; a
# wrong key, or a key on one side only, gives none (the kernel drops the
# SYNs) and lunabgp keeps running; a reload moves the listener to the new key
# and deletes a key no longer configured; a kernel that refuses TCP_MD5SIG
# (simulated with an LD_PRELOAD shim) leaves the session down, never
# unsigned.  Skipped when this kernel has no TCP-MD5.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"
: "${LBNOMD5:=$(dirname "$LBPEER")/lbnomd5.so}"

if ! why=$("$LBPEER" --md5-check); then
	ok "skip: the kernel refuses TCP_MD5SIG ($why)"
	finish
	exit
fi

KEY=s3cret
KEY64=czNjcmV0   # base64 of s3cret
peer_conf() { # peer_conf FILE PASSWORD-LINES...: neighbor 127.0.0.2, local 127.0.0.1
	local f=$1
	shift
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "$@" >"$f"
}
# lbpeer connecting from 127.0.0.2 to the daemon's listener: lb_connect OUT SECONDS [ARGS]
lb_connect() {
	local out=$1 dur=$2
	shift 2
	"$LBPEER" --connect 127.0.0.1:$pport --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 \
		--duration "$dur" "$@" >"$out" 2>&1
}
established() { grep -q '^RECV KEEPALIVE' "$1"; }
no_session() { ! grep -q '^RECV OPEN' "$1"; }

# 1. Active, matching key: lunabgp signs its SYN, the peer's listener wants it.
aport=$(free_port 26500)
peer_conf "$TMP/a.conf" "md5-password $KEY;"
"$LBPEER" --listen 127.0.0.2:$aport --asn 65001 --router-id 127.0.0.2 --duration 1.5 --md5 $KEY \
	>"$TMP/a.out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
wait_listen 127.0.0.2 "$aport" 3
start_daemon a "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$aport exabgp_lunabgp_connect_timeout=1
A=$DPID
# md5-ip, as in ExaBGP: the local address of the signed session (it is
# bound instead of local-address); the key stays the peer's.
cport=$(free_port 25500)
nb 127.0.0.5 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "md5-password $KEY;" \
	'md5-ip 127.0.0.4;' >"$TMP/c.conf"
"$LBPEER" --listen 127.0.0.5:$cport --asn 65001 --router-id 127.0.0.5 --duration 1.5 --md5 $KEY \
	--md5-peer 127.0.0.4 >"$TMP/c.out" 2>&1 &
LC=$!
PIDS="$PIDS $LC"
wait_listen 127.0.0.5 "$cport" 3
start_daemon c "$TMP/c.conf" exabgp_tcp_bind= exabgp_tcp_port=$cport
C=$DPID
wait "$LP" "$LC" 2>/dev/null
check "active, same key: session established" established "$TMP/a.out"
check "md5-ip: session from 127.0.0.4 with the key for the peer" established "$TMP/c.out"
check "md5-ip: the events show local address 127.0.0.4" grep -q '"address": { "local": "127.0.0.4"' "$TMP/c.ev"
kill -TERM "$C"

# 2. Active, wrong key and no key on the peer, at once (the daemon of 1 keeps
#    retrying): no session within 3 s, lunabgp still runs.
"$LBPEER" --listen 127.0.0.2:$aport --asn 65001 --router-id 127.0.0.2 --duration 3 --md5 other \
	>"$TMP/aw.out" 2>&1 &
LW=$!
PIDS="$PIDS $LW"
# key on lunabgp only: a second daemon for 127.0.0.3, unsigned listener
bport=$(free_port 27500)
nb 127.0.0.3 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "md5-password $KEY;" >"$TMP/b.conf"
"$LBPEER" --listen 127.0.0.3:$bport --asn 65001 --router-id 127.0.0.3 --duration 3 >"$TMP/b.out" 2>&1 &
LB=$!
PIDS="$PIDS $LB"
wait_listen 127.0.0.3 "$bport" 3
start_daemon b "$TMP/b.conf" exabgp_tcp_bind= exabgp_tcp_port=$bport
B=$DPID

# 3. Passive, meanwhile: matching key, md5-base64, wrong key, unsigned.
pport=$(free_port 28500)
peer_conf "$TMP/p.conf" 'passive;' "md5-password $KEY64;" 'md5-base64 true;'
start_daemon p "$TMP/p.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$pport
P=$DPID
wait_listen 127.0.0.1 "$pport" 5
lb_connect "$TMP/p.out" 1 --md5 $KEY
check "passive, md5-base64 key: session established" established "$TMP/p.out"
lb_connect "$TMP/pw.out" 2 --md5 other &
L1=$!
lb_connect "$TMP/pn.out" 2 &
L2=$!
wait "$L1" "$L2" "$LW" "$LB" 2>/dev/null
check "passive, wrong key: no session" no_session "$TMP/pw.out"
check "passive, key on lunabgp only: no session" no_session "$TMP/pn.out"
check "active, wrong key: no session" no_session "$TMP/aw.out"
check "active, key on lunabgp only: no session" no_session "$TMP/b.out"
check "active, wrong key: lunabgp tried again meanwhile" test "$(count "$TMP/a.log" 'connecting to port')" -ge 2
check "active, wrong key: the unanswered connect was given up (lunabgp.connect_timeout)" \
	grep -q 'connection closed: connection timed out' "$TMP/a.log"
check "lunabgp (active, wrong key) still runs" alive "$A"
check "lunabgp (key on its side only) still runs" alive "$B"
check "lunabgp (passive) still runs" alive "$P"
check "the listener logged its key" grep -q 'TCP-MD5 key of neighbor 127.0.0.2 installed' "$TMP/p.log"
kill -TERM "$A" "$B"

# 4. Reload: a new password is what the listener wants afterwards; a
#    password removed is deleted from the listener (unsigned works again).
# wait_count FILE REGEX N SECONDS: true once FILE has N lines matching REGEX.
wait_count() {
	local i
	for ((i = 0; i < $4 * 20; i++)); do
		[ "$(count "$1" "$2")" -ge "$3" ] && return 0
		sleep 0.05
	done
	return 1
}
peer_conf "$TMP/p.conf" 'passive;' 'md5-password n3w;'
kill -USR1 "$P"
check "reload: the new key is installed on the listener" \
	wait_count "$TMP/p.log" 'TCP-MD5 key of neighbor 127.0.0.2 installed' 2 3
lb_connect "$TMP/r1.out" 1 --md5 n3w
check "reload: the new key gives a session" established "$TMP/r1.out"
lb_connect "$TMP/r2.out" 1 --md5 $KEY
check "reload: the old key no longer does" no_session "$TMP/r2.out"
peer_conf "$TMP/p.conf" 'passive;'
kill -USR1 "$P"
check "reload: password removed, the key is deleted from the listener" \
	wait_grep "$TMP/p.log" 'TCP-MD5 key of 127.0.0.2 deleted' 3
lb_connect "$TMP/r3.out" 1
check "reload: password removed, an unsigned session comes up" established "$TMP/r3.out"
check "reload: lunabgp still runs" alive "$P"
kill -TERM "$P"

# 5. A kernel without TCP_MD5SIG (shim): an error naming the neighbor, no
#    unsigned connection either way, no crash.
if [ -f "$LBNOMD5" ]; then
	nport=$(free_port 29500)
	peer_conf "$TMP/n.conf" "md5-password $KEY;"
	"$LBPEER" --listen 127.0.0.2:$nport --asn 65001 --router-id 127.0.0.2 --duration 2 >"$TMP/n.out" 2>&1 &
	LN=$!
	PIDS="$PIDS $LN"
	wait_listen 127.0.0.2 "$nport" 3
	pport=$nport
	start_daemon n "$TMP/n.conf" LD_PRELOAD="$LBNOMD5" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$nport
	N=$DPID
	wait_listen 127.0.0.1 "$nport" 3
	lb_connect "$TMP/nl.out" 1.5
	wait "$LN" 2>/dev/null
	check "no TCP_MD5SIG: lunabgp does not connect unsigned" no_session "$TMP/n.out"
	check "no TCP_MD5SIG: an unsigned incoming connection is refused" no_session "$TMP/nl.out"
	check "no TCP_MD5SIG: error for the connection names the neighbor" \
		grep -q 'peer 127.0.0.2: cannot install the TCP-MD5 key' "$TMP/n.log"
	check "no TCP_MD5SIG: error for the listener names the neighbor" \
		grep -q 'neighbor 127.0.0.2: cannot install the TCP-MD5 key .* on listener' "$TMP/n.log"
	check "no TCP_MD5SIG: lunabgp still runs" alive "$N"
	kill -TERM "$N"
	wait_exit "$N" 5 || fail "no TCP_MD5SIG: lunabgp ignores SIGTERM"
else
	ok "skip: no $LBNOMD5 (kernel-refusal cases)"
fi
finish
