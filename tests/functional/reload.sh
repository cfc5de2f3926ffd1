#!/bin/bash
# SIGUSR1 reload: a removed static route is withdrawn, an added one
# announced, unchanged ones are not resent, on the same TCP session; a bad
# configuration on reload is rejected (log line) and the old one keeps running.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 31000)
conf() { nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "static { $* }"; }
conf 'route 10.0.0.0/24 next-hop 127.0.0.1; route 10.0.1.0/24 next-hop 127.0.0.1; route 10.0.2.0/24 next-hop 127.0.0.1 med 5;' >"$TMP/r.conf"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 9 >"$TMP/r.out" 2>&1 &
LP=$!
PIDS="$PIDS $LP"
wait_listen 127.0.0.2 "$port" 3
start_daemon r "$TMP/r.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
EOR='^RECV UPDATE F{32}00170200000000$'
wait_grep "$TMP/r.out" "$EOR" 5 || fail "no End-of-RIB before the reload"
before=$(count "$TMP/r.out" '^RECV UPDATE')
for x in 0 1 2; do
	check "initial table: 10.0.$x.0/24 announced" grep -q "^RECV UPDATE .*180A000$x" "$TMP/r.out"
done

# remove 10.0.1.0/24, add 10.0.3.0/24, keep 10.0.0.0/24 and 10.0.2.0/24
conf 'route 10.0.0.0/24 next-hop 127.0.0.1; route 10.0.2.0/24 next-hop 127.0.0.1 med 5; route 10.0.3.0/24 next-hop 127.0.0.1;' >"$TMP/r.conf"
kill -USR1 "$DPID"
WD='^RECV UPDATE F{32}001B020004180A00010000$'
check "reload: 10.0.1.0/24 withdrawn" wait_grep "$TMP/r.out" "$WD" 4
check "reload: 10.0.3.0/24 announced" wait_grep "$TMP/r.out" '^RECV UPDATE .*180A0003$' 4
sleep 0.5
after=$(tail -n +1 "$TMP/r.out" | grep '^RECV UPDATE' | tail -n +$((before + 1)))
resent=$(grep -Ec '180A000[02]' <<<"$after")
check "reload: unchanged routes not resent ($resent)" test "$resent" -eq 0
check "reload: exactly 2 UPDATEs for the change ($(grep -c . <<<"$after"))" test "$(grep -c . <<<"$after")" -eq 2
check "reload: same TCP session (one OPEN)" test "$(count "$TMP/r.out" '^RECV OPEN')" -eq 1

# a bad configuration: rejected, the old one keeps running
printf 'neighbor 127.0.0.2 {\n\trouter-id 127.0.0.1;\n\tfrobnicate;\n}\n' >"$TMP/r.conf"
n0=$(count "$TMP/r.out" '^RECV UPDATE')
kill -USR1 "$DPID"
sleep 1
check "bad reload: lunabgp still runs" alive "$DPID"
check "bad reload: logged with file:line" grep -q "$TMP/r.conf:3" "$TMP/r.log"
check "bad reload: no NOTIFICATION, no new OPEN, no UPDATE" \
	eval '! grep -q "^RECV NOTIFICATION" "$TMP/r.out" && [ "$(count "$TMP/r.out" "^RECV OPEN")" -eq 1 ] && [ "$(count "$TMP/r.out" "^RECV UPDATE")" -eq "$n0" ]'
check "bad reload: no down event" eval '! grep -q "\"state\": \"down\"" "$TMP/r.ev"'
# and the old configuration is still the one in force: a good reload that
# removes 10.0.3.0/24 withdraws it
conf 'route 10.0.0.0/24 next-hop 127.0.0.1; route 10.0.2.0/24 next-hop 127.0.0.1 med 5;' >"$TMP/r.conf"
kill -USR1 "$DPID"
check "good reload after a bad one: 10.0.3.0/24 withdrawn" \
	wait_grep "$TMP/r.out" '^RECV UPDATE F{32}001B020004180A00030000$' 4
check "still one OPEN" test "$(count "$TMP/r.out" '^RECV OPEN')" -eq 1
finish
