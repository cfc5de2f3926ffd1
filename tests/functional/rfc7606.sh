#!/bin/bash
# RFC 7606 on the wire.  The cases of rfc7606_cases.txt go over real
# sessions to a passive lunabgp: for each case the test peer announces the
# case's prefix P, sends the malformed UPDATE, then a sentinel prefix S.
# treat-as-withdraw / discard / pass cases share one session (they must not
# bring it down); each reset case gets a session of its own and must end with
# exactly the NOTIFICATION of the table.  A second peer (127.0.0.3) stays up
# throughout.  The assertions read lunabgp's --events JSON, its log and the
# test peer's output.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

CASES="$(dirname "$0")/rfc7606_cases.txt"
port=$(free_port 24000)
{
	nb 127.0.0.2 127.0.0.1 65001 'passive;' 'hold-time 30;' 'family { ipv4 unicast; ipv6 unicast; }'
	nb 127.0.0.3 127.0.0.1 65003 'passive;' 'hold-time 30;' 'family { ipv4 unicast; ipv6 unicast; }'
} >"$TMP/d.conf"
start_daemon d "$TMP/d.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
wait_listen 127.0.0.1 "$port" 5 || { fail "lunabgp does not listen on 127.0.0.1:$port"; cat "$TMP/d.log"; finish; exit; }
EV=$TMP/d.ev

NH6=20010DB8000000000000000000000001
expand() { # hex with tokens -> plain hex; P in $2
	local h=${1//[[:space:]]/}
	[ "$h" = "-" ] && h=
	h=${h//\{B\}/$ATTR_BASE}
	h=${h//\{O\}/$ATTR_ORIGIN}
	h=${h//\{AS\}/$ATTR_ASPATH}
	h=${h//\{NH\}/$ATTR_NEXTHOP}
	h=${h//\{MPR6\}/800E1A00020110${NH6}002020010DB8}
	h=${h//\{MPU6\}/800F080002012020010DB8}
	h=${h//\{P\}/$2}
	echo "$h"
}
full_msg() { # type+body hex for lbpeer -> whole message hex as logged
	printf 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF%04X%s' $((${#1} / 2 + 18)) "$1"
}

# The second session, up before the first case and until the end.
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.3 --asn 65003 --router-id 127.0.0.3 --duration 55 \
	--send "$(upd "" 4001010040020602010000FDEB4003047F000003 "$(pfx4 40.0.0.0/24)")" >"$TMP/peer3.out" 2>&1 &
PIDS="$PIDS $!"
PEER3=$!
check "second session (127.0.0.3) comes up" wait_grep "$EV" '"peer": "127.0.0.3".*"state": "up"' 5

# Read the table.
names=() kinds=() msgs=() prefixes=() sentinels=()
n=0
while IFS='|' read -r name w a nl expect; do
	name=${name//[[:space:]]/}
	[ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
	n=$((n + 1))
	expect=${expect//[[:space:]]/}
	P=$(pfx4 10.$n.0.0/24)
	w=${w//[[:space:]]/}
	if [ "${w#body:}" != "$w" ]; then
		m="02$(expand "${w#body:}" "$P")"
	else
		m=$(upd "$(expand "$w" "$P")" "$(expand "$a" "$P")" "$(expand "$nl" "$P")")
	fi
	names+=("$name") kinds+=("$expect") msgs+=("$m")
	prefixes+=("10.$n.0.0/24") sentinels+=("20.$n.0.0/24")
done <"$CASES"
check "case table has at least 25 rows ($n)" test "$n" -ge 25

good() { upd "" "$ATTR_BASE" "$(pfx4 "$1")"; }

# 1. treat-as-withdraw, discard and pass cases: one session, in table order.
batch=$TMP/batch.txt
: >"$batch"
for ((i = 0; i < n; i++)); do
	case ${kinds[$i]} in reset:*) continue ;; esac
	{ good "${prefixes[$i]}"; echo "${msgs[$i]}"; good "${sentinels[$i]}"; } >>"$batch"
done
good 30.0.0.0/24 >>"$batch"
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --duration 20 \
	--send-file "$batch" >"$TMP/batch.out" 2>&1 &
BPID=$!
PIDS="$PIDS $BPID"
if wait_grep "$EV" '"peer": "127.0.0.2".*"nlri": "30.0.0.0/24"' 15; then
	ok "batch session: the closing sentinel 30.0.0.0/24 arrived"
else
	fail "batch session: the closing sentinel never arrived"
fi
sleep 0.2
check "batch session: no NOTIFICATION sent to the peer" eval '! grep -q "^RECV NOTIFICATION" "$TMP/batch.out"'
check "batch session: no down event while the peer was connected" eval '! grep "\"peer\": \"127.0.0.2\"" "$EV" | grep -q "\"state\": \"down\""'
kill "$BPID" 2>/dev/null
wait "$BPID" 2>/dev/null

LOG=$TMP/d.log
for ((i = 0; i < n; i++)); do
	k=${kinds[$i]} name=${names[$i]} p=${prefixes[$i]} s=${sentinels[$i]}
	case $k in reset:*) continue ;; esac
	# the events naming P, from this peer, in order
	mapfile -t evp < <(grep '"peer": "127.0.0.2"' "$EV" | grep -F "\"nlri\": \"$p\"")
	sent=$(grep '"peer": "127.0.0.2"' "$EV" | grep -F "\"nlri\": \"$s\"" | grep -c '"announce"')
	why=""
	if [ "${#evp[@]}" -ne 2 ]; then
		why="${#evp[@]} events for $p, expected 2"
	elif ! grep -q '"announce"' <<<"${evp[0]}"; then
		why="first event for $p is not an announce"
	else
		second=${evp[1]}
		case $k in
		taw)
			grep -q '"withdraw"' <<<"$second" && ! grep -q '"announce"' <<<"$second" ||
				why="P not withdrawn: $second" ;;
		discard:*)
			key=${k#discard:}
			if ! grep -q '"announce"' <<<"$second"; then why="P not announced: $second"
			elif grep -qF "\"$key" <<<"$second"; then why="attribute $key still present: $second"; fi ;;
		pass:*)
			key=${k#pass:}
			grep -q '"announce"' <<<"$second" && grep -qF "\"$key\"" <<<"$second" ||
				why="P not announced with $key: $second" ;;
		esac
	fi
	[ -z "$why" ] && [ "$sent" -ne 1 ] && why="sentinel $s announced $sent times"
	# every error is logged with the peer and the UPDATE's hex (RFC 7606 6)
	if [ -z "$why" ] && [ "${k%%:*}" != pass ] && [ "$name" != unknown_opt_non_transit ]; then
		grep -F "peer 127.0.0.2: UPDATE error:" "$LOG" | grep -qF "update $(full_msg "${msgs[$i]}")" ||
			why="no log line naming the peer with the UPDATE's hex"
	fi
	if [ -z "$why" ]; then ok "$name: $k"; else fail "$name ($k): $why"; fi
done

# 2. reset cases: one session each; lunabgp must accept the next one.
for ((i = 0; i < n; i++)); do
	k=${kinds[$i]} name=${names[$i]}
	case $k in reset:*) ;; *) continue ;; esac
	code=${k#reset:} c=${code%/*} s=${code#*/}
	out=$TMP/reset-$name.out
	"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --duration 5 \
		--send "$(good "${prefixes[$i]}")" --send "${msgs[$i]}" --expect-notification "$c/$s" >"$out" 2>&1
	re=$(printf '^RECV NOTIFICATION F{32}[0-9A-F]{4}03%02X%02X' "$c" "$s")
	got=$(grep '^RECV NOTIFICATION' "$out" | head -1 | cut -c1-60)
	why=""
	if ! grep -q '^RECV OPEN' "$out"; then why="no session (lunabgp did not accept again?)"
	elif ! grep -Eq "$re" "$out"; then why="expected NOTIFICATION $c/$s, got: ${got:-nothing}"
	elif [ "$(count "$out" '^RECV NOTIFICATION')" -ne 1 ]; then why="more than one NOTIFICATION"
	elif ! alive "$DPID"; then why="lunabgp died"
	elif ! grep -F "peer 127.0.0.2: UPDATE error:" "$LOG" | grep -qF "update $(full_msg "${msgs[$i]}")"; then
		why="no log line naming the peer with the UPDATE's hex"
	fi
	if [ -z "$why" ]; then ok "$name: NOTIFICATION $c/$s"; else fail "$name ($k): $why"; fi
done

# 3. after all that: the first peer gets a session again, and the second
#    session never went down.
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --duration 1 \
	--send "$(good 30.1.0.0/24)" >"$TMP/last.out" 2>&1
check "after the resets 127.0.0.2 gets a session and its route is accepted" \
	wait_grep "$EV" '"peer": "127.0.0.2".*"nlri": "30.1.0.0/24"' 3
check "lunabgp still runs" alive "$DPID"
check "second session (127.0.0.3) never went down" eval '! grep "\"peer\": \"127.0.0.3\"" "$EV" | grep -q "\"state\": \"down\""'
check "second session's route 40.0.0.0/24 was accepted" grep -q '"peer": "127.0.0.3".*"nlri": "40.0.0.0/24"' "$EV"
check "second peer received no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/peer3.out"'
finish
