#!/bin/bash
# Message, OPEN and FSM errors (RELIABILITY.md section 6 item 4): the test
# peer sends a broken header or OPEN, or a message the FSM does not expect;
# lunabgp must answer with the right NOTIFICATION, keep running, and leave a
# second configured session (127.0.0.3) alone.  Then the stream edge cases:
# every byte in its own TCP segment, and 100 UPDATEs in one write.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 25000)
{
	nb 127.0.0.2 127.0.0.1 65001 'passive;' 'hold-time 30;' 'family { ipv4 unicast; }' \
		'static { route 100.0.0.0/24 next-hop 127.0.0.1; route 100.0.1.0/24 next-hop 127.0.0.1; }'
	nb 127.0.0.3 127.0.0.1 65003 'passive;' 'hold-time 30;' 'family { ipv4 unicast; }'
} >"$TMP/d.conf"
start_daemon d "$TMP/d.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
wait_listen 127.0.0.1 "$port" 5 || { fail "lunabgp does not listen on 127.0.0.1:$port"; cat "$TMP/d.log"; finish; exit; }
EV=$TMP/d.ev

"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.3 --asn 65003 --router-id 127.0.0.3 --duration 50 \
	>"$TMP/peer3.out" 2>&1 &
PIDS="$PIDS $!"
check "second session (127.0.0.3) comes up" wait_grep "$EV" '"peer": "127.0.0.3".*"state": "up"' 5

M=FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
PEER2=(--connect 127.0.0.1:$port --bind 127.0.0.2 --router-id 127.0.0.2 --duration 4)
tohex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }

# expect_notif NAME CODE SUB|any [TEXT] -- lbpeer options
expect_notif() {
	local name=$1 c=$2 s=$3 text=$4 re out why=""
	shift 4
	[ "$1" = "--" ] && shift
	out=$TMP/$name.out
	"$LBPEER" "${PEER2[@]}" "$@" >"$out" 2>&1
	if [ "$s" = any ]; then
		re=$(printf '^RECV NOTIFICATION F{32}[0-9A-F]{4}03%02X' "$c")
	else
		re=$(printf '^RECV NOTIFICATION F{32}[0-9A-F]{4}03%02X%02X' "$c" "$s")
	fi
	got=$(grep '^RECV NOTIFICATION' "$out" | head -1 | cut -c19-80)
	if ! grep -Eq "$re" "$out"; then
		why="expected NOTIFICATION $c/$s, got ${got:-none} (output: $(tr '\n' ' ' <"$out" | cut -c1-200))"
	elif [ -n "$text" ] && ! grep '^RECV NOTIFICATION' "$out" | grep -q "$(tohex "$text")"; then
		why="NOTIFICATION data does not carry '$text': $got"
	elif ! alive "$DPID"; then
		why="lunabgp died"
	fi
	if [ -z "$why" ]; then ok "$name: NOTIFICATION $c/$s"; else fail "$name: $why"; fi
}

OPEN_OK=0104FDE900B47F000002140206010400010001020641040000FDE902020200
# header errors (RFC 4271 6.1)
expect_notif bad_marker 1 1 "" -- --no-open --raw "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE0031$OPEN_OK"
expect_notif length_18 1 2 "" -- --no-open --raw "${M}001204"
expect_notif length_4097 1 2 "" -- --no-open --raw "${M}100104$(printf '00%.0s' $(seq 1 64))"
expect_notif keepalive_length_20 1 2 "" -- --no-open --raw "${M}00140400"
# an unknown type, after the session is up: 1/0 with ExaBGP's text, deliberately
expect_notif unknown_type 1 0 'can not decode update message of type "10"' -- --asn 65001 --send 0A
# OPEN errors (RFC 4271 6.2)
expect_notif open_version_3 2 1 "" -- --asn 65001 --open 0103FDE900B47F00000200
expect_notif open_wrong_as 2 2 "" -- --asn 65002
expect_notif open_bgp_id_0 2 3 "" -- --asn 65001 --router-id 0.0.0.0
expect_notif open_hold_1 2 6 "" -- --asn 65001 --hold 1
expect_notif open_hold_2 2 6 "" -- --asn 65001 --hold 2
# optional parameters longer than the OPEN, or a parameter overrunning them
expect_notif open_optparams_truncated 2 any "" -- --asn 65001 --open 0104FDE900B47F0000020802060104
expect_notif open_param_overrun 2 any "" -- --asn 65001 --open 0104FDE900B47F000002040206010400
expect_notif open_capability_overrun 2 any "" -- --asn 65001 --open 0104FDE900B47F0000020402020108
# FSM (RFC 4271 8.2.2): an UPDATE in OpenSent
expect_notif update_before_open 5 any "" -- --no-open --raw "${M}0017020000000000"
# a KEEPALIVE instead of an OPEN
expect_notif keepalive_before_open 5 any "" -- --no-open --raw "${M}001304"

# Stream edge cases.  Each byte in its own segment: the session comes up,
# our routes arrive, and the peer's route is accepted.
out=$TMP/split.out
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --router-id 127.0.0.2 --duration 1.5 --timestamps \
	--asn 65001 --split --send "$(upd "" "$ATTR_BASE" "$(pfx4 50.0.0.0/24)")" >"$out" 2>&1
check "split: the session comes up with one byte per segment" grep -q '^RECV KEEPALIVE' "$out"
check "split: both static routes reach the peer" grep -q '^PREFIXES 2$' "$out"
check "split: the peer's UPDATE sent a byte at a time is accepted" \
	wait_grep "$EV" '"peer": "127.0.0.2".*"nlri": "50.0.0.0/24"' 3
check "split: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$out"'

# 100 UPDATEs in one write.
f=$TMP/hundred.txt
: >"$f"
for i in $(seq 0 99); do upd "" "$ATTR_BASE" "$(pfx4 60.$i.0.0/16)" >>"$f"; done
out=$TMP/coalesced.out
"$LBPEER" "${PEER2[@]}" --asn 65001 --coalesce --send-file "$f" --duration 3 >"$out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
wait_grep "$EV" '"peer": "127.0.0.2".*"nlri": "60.99.0.0/16"' 5
got=$(grep '"peer": "127.0.0.2"' "$EV" | grep -c '"nlri": "60\.[0-9]*\.0\.0/16"')
check "coalesced: 100 UPDATEs in one write give 100 announcements ($got)" test "$got" -eq 100
wait "$LP" 2>/dev/null
check "coalesced: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$out"'

check "lunabgp still runs" alive "$DPID"
check "second session (127.0.0.3) never went down" eval '! grep "\"peer\": \"127.0.0.3\"" "$EV" | grep -q "\"state\": \"down\""'
check "second peer received no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/peer3.out"'
finish
