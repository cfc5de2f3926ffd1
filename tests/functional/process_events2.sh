#!/bin/bash
# API helpers, the rest of ExaBGP's events and per-helper switches:
#  - `system api version 6` switches that helper's answers (and events) to
#    the v6 JSON form in C, not only in the Lua grammar's record; the other
#    helper stays v4;
#  - api { negotiated; }: after the OPEN exchange, ExaBGP's "negotiated"
#    JSON event (message size, hold time, asn4, refresh, families...);
#  - api { signal; }: SIGUSR1 reaches the subscribed helpers as a "signal"
#    event before the reload; the text encoder prints neither (ExaBGP).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 34000)
# a helper that writes the commands given as arguments, then records its stdin
cat >"$TMP/rec.sh" <<'SH'
#!/bin/bash
out=$1; shift
for c in "$@"; do printf '%s\n' "$c"; sleep 0.1; done
exec cat >"$out"
SH
chmod +x "$TMP/rec.sh"
{
	printf 'process v6 {\n\trun %s %s "announce route 10.9.1.0/24 next-hop 127.0.0.1" "system api version 6" "announce route 10.9.2.0/24 next-hop 127.0.0.1" "bogus";\n\tencoder text;\n}\n' \
		"$TMP/rec.sh" "$TMP/v6.out"
	printf 'process v4 {\n\trun %s %s "announce route 10.9.3.0/24 next-hop 127.0.0.1";\n\tencoder text;\n}\n' \
		"$TMP/rec.sh" "$TMP/v4.out"
	printf 'process ev {\n\trun %s %s;\n\tencoder json;\n}\n' "$TMP/rec.sh" "$TMP/ev.out"
	printf 'process evt {\n\trun %s %s;\n\tencoder text;\n}\n' "$TMP/rec.sh" "$TMP/evt.out"
	nb 127.0.0.2 127.0.0.1 65001 'passive;' 'hold-time 9;' 'family { ipv4 unicast; }' \
		'api { processes [ v6, v4 ]; neighbor-changes; }' \
		'api { processes [ ev, evt ]; negotiated; signal; }'
} >"$TMP/e.conf"

start_daemon e "$TMP/e.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
wait_listen 127.0.0.1 "$port" 5
sleep 0.6   # the helpers' commands (0.1 s apart) are in before the session
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --hold 9 \
	--duration 1.5 >"$TMP/peer.out" 2>&1 &
PP=$!
PIDS="$PIDS $PP"
wait_grep "$TMP/e.ev" '"state": "up"' 5
kill -USR1 "$DPID"
sleep 0.3
wait_exit "$PP" 5
sleep 0.2
kill "$DPID"; wait_exit "$DPID" 5
V6="$TMP/v6.out" V4="$TMP/v4.out" EV="$TMP/ev.out"

# 1. api version
check "v6: first answer in v4 form" test "$(head -1 "$V6")" = "done"
check "v6: version switch acknowledged" grep -qx 'API version set to 6' "$V6"
check "v6: answers after the switch are v6 JSON" \
	test "$(grep -c '^{ "answer": "done", "message": "command completed" }$' "$V6")" -ge 2
check "v6: error answer in v6 JSON" grep -q '^{ "error": "unknown command' "$V6"
check "v6: state events in JSON after the switch" grep -q '"state": "up"' "$V6"
check "v6: no text state line after the switch" eval '! grep -q "^neighbor 127.0.0.2 up" "$V6"'
check "v4: still text answers and events" test "$(head -1 "$V4")" = "done"
check "v4: text state event" grep -qx 'neighbor 127.0.0.2 up' "$V4"

# 3. negotiated and signal
check "negotiated: one event" test "$(grep -c '"type": "negotiated"' "$EV")" -eq 1
check "negotiated: ExaBGP's fields" grep -q '"negotiated": { "message_size": 4096, "hold_time": 9, "asn4": true, "multisession": false, "operational": false, "refresh": "[a-z]*", "families": \[ "ipv4 unicast" \], "nexthop": \[ \], "add_path": { "send": \[ \], "receive": \[ \] } }' "$EV"
check "negotiated: neighbor envelope" grep -q '"neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.2" }' "$EV"
check "signal: SIGUSR1 reported" grep -q '"type": "signal".*"code": "10", "name": "SIGUSR1"' "$EV"
check "signal/negotiated: not for helpers without the flag" eval '! grep -q "\"type\": \"\(signal\|negotiated\)\"" "$V6"'
check "text encoder: neither event (as ExaBGP)" eval '! grep -Eq "negotiated|signal|SIGUSR1" "$TMP/evt.out"'
finish
