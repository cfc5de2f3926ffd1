#!/bin/bash
# Lua import/export policies (docs/lua.md): a peer's routes go through
# `import` (a /25 rejected, a community added when the AS path holds 65001,
# local-pref set for this peer; a chain function prints what it sees after
# the others), static routes through `export` (MED set on the wire, a /25
# dropped), and a runaway policy (`while true do end`) on a second peer is
# stopped by the time budget: logged with file:line, the default action
# applies, the daemon and both sessions stay up.  A prefix set
# (lunabgp.prefix_set) rejects bogons on a third peer; a policy that fails
# every batch on a fourth is disabled after policy-failure-limit 2 (the
# default applies without Lua, one warning), the counters in `lunabgp ctl`
# (policy_stats, show neighbor extensive) say so and policy_enable() turns
# it on again.  A bad
# prefix-set entry is a configuration error with file:line.
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
script bogons {
	local set = lunabgp.prefix_set{
		"10.5.0.0/16 le 24",
		{ "192.0.2.0/24", "10.7.0.0/16+" },
		"2001:db8::/32 ge 48 le 64",
	}
	print("bogons " .. #set .. " " .. tostring(set:contains("10.5.3.0/24")) .. " " .. tostring(set:contains("10.5.3.0/25")))
	return function(r)
		if set:match(r) then r:reject() end
	end
}
script boom {
	return function(r)
		error("boom " .. r:prefix())
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
$(nb 127.0.0.5 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'import bogons show;')
$(nb 127.0.0.6 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'import boom show;' \
	'import-default accept;' 'policy-failure-limit 2;')
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
NLRI5="$(pfx4 10.5.1.0/24)$(pfx4 10.6.0.0/24)$(pfx4 10.7.9.0/24)$(pfx4 10.5.0.0/25)"
"$LBPEER" --listen 127.0.0.5:$port --asn 65001 --router-id 127.0.0.5 --duration 6 \
	--send "$(upd '' "$ATTR_BASE" "$NLRI5")" >"$TMP/d.out" 2>&1 &
PIDS="$PIDS $!"
# three UPDATEs: two failed batches, then the policy is off (default accept)
"$LBPEER" --listen 127.0.0.6:$port --asn 65001 --router-id 127.0.0.6 --duration 6 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.8.0.0/24)")" --send-delay 0.3 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.8.1.0/24)")" --send-delay 0.3 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.8.2.0/24)")" >"$TMP/e.out" 2>&1 &
PIDS="$PIDS $!"
for a in 2 3 4 5 6; do wait_listen 127.0.0.$a "$port" 3; done
SOCK=$TMP/ctl.sock
env exabgp_tcp_bind= exabgp_tcp_port=$port LUNABGP_POLICY_MEMORY_MB=32 LUNABGP_POLICY_BUDGET_MS=600 \
	"$LUNABGP" -d --events --control "$SOCK" "$TMP/p.conf" >"$TMP/p.ev" 2>"$TMP/p.log" &
DPID=$!
PIDS="$PIDS $DPID"
ctl() { "$LUNABGP" ctl --socket "$SOCK" "$@"; }

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

# prefix sets
check "prefix set built at load: 4 entries, contains() exact/le semantics" grep -q 'policy: bogons 4 true false' "$TMP/p.log"
check "prefix set: 10.6.0.0/24 (outside) accepted" wait_grep "$TMP/p.log" 'policy: 10\.6\.0\.0/24' 5
check "prefix set: 10.5.0.0/25 (longer than le 24) accepted" wait_grep "$TMP/p.log" 'policy: 10\.5\.0\.0/25' 5
check "prefix set: 10.5.1.0/24 and 10.7.9.0/24 rejected" eval '! grep -Eq "policy: 10\.(5\.1|7\.9)\.0/24" "$TMP/p.log"'
out=$(ctl -e 'local f = policy_stats("127.0.0.5").import.functions; return f[1].name .. " " .. f[1].seen .. " " .. f[1].rejected .. " " .. f[1].accepted .. " " .. f[2].seen')
check "ctl policy_stats: bogons saw 4, rejected 2; show saw 2 ($out)" test "$out" = '"bogons 4 2 0 2"'
out=$(ctl -e 'local s = policy_stats("127.0.0.2").import; return s.functions[1].rejected .. " " .. s.functions[2].seen .. " " .. s.functions[2].modified .. " " .. s.routes .. " " .. s.accepted')
check "ctl policy_stats: reject_long rejected 1, tag saw 1 and modified 1, 2 routes, 1 accepted ($out)" test "$out" = '"1 1 1 2 1"'
ctl -e 'show neighbor 127.0.0.5 extensive' >"$TMP/ext.txt" 2>&1
check "show neighbor extensive: the import chain and its counters" \
	eval 'grep -q "Import Policy  *bogons show (default reject)" "$TMP/ext.txt" && grep -q "4 routes, 2 accepted, 2 rejected, 0 failed batches" "$TMP/ext.txt" && grep -Eq "^ +bogons +seen 4, accepted 0, rejected 2, modified 0, errors 0" "$TMP/ext.txt"'

# failure limit
check "failing policy disabled after 2 failures (warning once)" \
	wait_grep "$TMP/p.log" 'neighbor 127\.0\.0\.6 import: policy disabled after 2 consecutive failures; accept applies' 5
sleep 0.8
check "failing policy: 2 failed batches logged, not 3" test "$(count "$TMP/p.log" 'neighbor 127.0.0.6 import: policy error')" -eq 2
check "failing policy: one warning" test "$(count "$TMP/p.log" 'neighbor 127.0.0.6 import: policy disabled')" -eq 1
out=$(ctl -e 'local s = policy_stats("127.0.0.6").import; return tostring(s.disabled) .. " " .. s.failures .. " " .. s.skipped .. " " .. s.functions[1].errors .. " " .. s.failure_limit')
check "ctl policy_stats: disabled, 2 failures, 1 route skipped, boom 2 errors ($out)" test "$out" = '"true 2 1 2 2"'
check "disabled policy: 10.8.2.0/24 took the default (accept) into Adj-RIB-In" \
	eval 'ctl -e "return table.concat(rib(\"127.0.0.6\", \"in\"), \"\\n\")" | grep -q "10\.8\.2\.0/24"'
ctl -e 'return policy_stats()' >"$TMP/stats.txt" 2>&1
check "policy_stats() prints every neighbor's chains" grep -q 'last_error = ".*boom 10.8.1.0/24' "$TMP/stats.txt"
out=$(ctl -e 'return policy_enable("127.0.0.6", "import")')
check "policy_enable re-enables it ($out)" test "$out" = 1
out=$(ctl -e 'return tostring(policy_stats("127.0.0.6").import.disabled) .. " " .. policy_enable("127.0.0.6")')
check "enabled: not disabled, nothing more to enable ($out)" test "$out" = '"false 0"'
check "log: policy enabled again" grep -q 'neighbor 127.0.0.6 import: policy enabled again' "$TMP/p.log"
check "enabled again: the peer is asked to resend (ROUTE-REFRESH)" \
	grep -Eq 'peer 127.0.0.6: import policy enabled again(: ROUTE-REFRESH sent|, but route refresh was not negotiated)' "$TMP/p.log"
# a reload starts the counters again (new chains)
out=$(ctl -e 'reload(); local s = policy_stats("127.0.0.6").import; return s.failures .. " " .. s.routes .. " " .. tostring(s.disabled)')
check "reload: counters start again ($out)" test "$out" = '"0 0 false"'

# a bad prefix-set entry: file:line of the call
cat >"$TMP/bad.conf" <<CONF
lua {
	local ok = lunabgp.prefix_set{ "10.0.0.0/8" }
	local bad = lunabgp.prefix_set{ "10.0.0.0/8", "10.1.0.1/16 le 24" }
}
CONF
out=$("$LUNABGP" validate "$TMP/bad.conf" 2>&1); rc=$?
check "bad prefix-set entry: configuration error with file:line ($out)" \
	eval '[ $rc -ne 0 ] && grep -q "bad.conf:3:1: .*prefix_set: entry 2: host bits set in .10.1.0.1/16" <<<"$out"'
finish
