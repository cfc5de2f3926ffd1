#!/bin/bash
# Lua import/export policies (docs/lua.md): a peer's routes go through
# `import` (a /25 rejected, a community added when the AS path holds 65001,
# local-pref set for this peer; a chain function prints what it sees after
# the others), static routes through `export` (MED set on the wire, a /25
# dropped), and a runaway policy (`while true do end`) on a second peer is
# stopped by the time budget: logged with file:line, the default action
# applies, the daemon and both sessions stay up.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 32000)
cat >"$TMP/p.conf" <<CONF
lua {
	-- braces in strings and comments do not end the block: "}" }
	function reject_long(r)
		if r:plen() > 24 then r:reject() end
	end
	function tag(r)
		if r:aspath_has(65001) then r:add_community(65000, 1) end
	end
	function show(r)
		print(r:prefix() .. " lp=" .. tostring(r:local_pref()) .. " comm=" .. tostring(r:has_community(65000, 1)))
	end
	function ex_med(r)
		if r:plen() > 24 then return r:reject() end
		r:set_med(77)
	end
}
script lp {
	return function(r)
		if r:peer() == "127.0.0.2" then r:set_local_pref(200) end
	end
}
script bomb {
	local calls = 0
	return function(r)
		calls = calls + 1
		if calls == 1 then local t = {} for i = 1, 1e9 do t[i] = i end end
	end
}
script spin {
	return function(r)
		while true do end
	end
}
$(nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' \
	'import reject_long tag lp show;' 'export ex_med;' \
	'static { route 10.9.0.0/24 next-hop 127.0.0.1; route 10.9.1.0/25 next-hop 127.0.0.1; }')
$(nb 127.0.0.3 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'import spin show;' 'import-default accept;')
$(nb 127.0.0.4 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'import bomb show;')
CONF
spin_line=$(grep -n 'while true do end' "$TMP/p.conf" | cut -d: -f1)

NLRI="$(pfx4 10.1.0.0/24)$(pfx4 10.1.1.0/25)"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 6 \
	--send "$(upd '' "$ATTR_BASE" "$NLRI")" >"$TMP/a.out" 2>&1 &
PIDS="$PIDS $!"
"$LBPEER" --listen 127.0.0.3:$port --asn 65001 --router-id 127.0.0.3 --duration 6 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.2.0.0/24)")" --send-delay 0.5 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.2.1.0/24)")" >"$TMP/b.out" 2>&1 &
PIDS="$PIDS $!"
# a table bomb under a 32 MiB cap: the first batch fails (default reject),
# the state is reused for the second one
"$LBPEER" --listen 127.0.0.4:$port --asn 65001 --router-id 127.0.0.4 --duration 6 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.4.0.0/24)")" --send-delay 0.5 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.4.1.0/24)")" >"$TMP/c.out" 2>&1 &
PIDS="$PIDS $!"
wait_listen 127.0.0.4 "$port" 3
wait_listen 127.0.0.2 "$port" 3
wait_listen 127.0.0.3 "$port" 3
start_daemon p "$TMP/p.conf" exabgp_tcp_bind= exabgp_tcp_port=$port LUNABGP_POLICY_MEMORY_MB=32 LUNABGP_POLICY_BUDGET_MS=600

check "import: 10.1.0.0/24 accepted with local-pref 200 and 65000:1" \
	wait_grep "$TMP/p.log" 'policy: 10\.1\.0\.0/24 lp=200 comm=true' 5
check "import: 10.1.1.0/25 rejected before later chain functions" eval '! grep -q "policy: 10\.1\.1\.0/25" "$TMP/p.log"'
# export: MED 77 (80 04 04 0000004D) on 10.9.0.0/24; the /25 never sent
check "export: 10.9.0.0/24 sent with MED 77" wait_grep "$TMP/a.out" '^RECV UPDATE .*8004040000004D.*180A0900' 5
check "export: 10.9.1.0/25 not sent" eval '! grep -q "^RECV UPDATE .*190A090100" "$TMP/a.out"'
check "runaway policy: budget error logged with file:line" \
	wait_grep "$TMP/p.log" "$TMP/p.conf:$spin_line: policy time budget exceeded" 5
sleep 1.5
check "runaway policy: two failed batches" test "$(count "$TMP/p.log" 'neighbor 127.0.0.3 import: policy error, accept applies')" -ge 2
check "memory cap: the table bomb failed its batch (reject)" \
	wait_grep "$TMP/p.log" 'neighbor 127.0.0.4 import: policy error, reject applies.*(memory|not enough)' 5
check "memory cap: 10.4.0.0/24 not seen after the bomb" eval '! grep -q "policy: 10\.4\.0\.0/24" "$TMP/p.log"'
check "memory cap: the state works for the next batch" wait_grep "$TMP/p.log" 'policy: 10\.4\.1\.0/24' 5
check "daemon alive" alive "$DPID"
check "sessions up: no NOTIFICATION, no close" \
	eval '! grep -Eq "^(RECV NOTIFICATION|CLOSED)" "$TMP/a.out" "$TMP/b.out" "$TMP/c.out"'
check "first peer still served after the runaway" grep -q 'policy: 10.1.0.0/24' "$TMP/p.log"
finish
