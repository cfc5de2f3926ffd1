#!/bin/bash
# on("update") (docs/lua.md): an event script sees each received UPDATE as
# one table: announced prefixes per family with the next hop, the attributes
# as ExaBGP words, withdrawn prefixes, End-of-RIB; a second script without
# the handler is unaffected, and an error in the handler marks only that
# script failed.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 38000)
cat >"$TMP/u.conf" <<CONF
script watch {
	on("update", function(peer, u)
		local t = {}
		for fam, list in pairs(u.announce) do
			t[#t + 1] = "A " .. fam .. " nh=" .. tostring(list.next_hop) .. " " .. table.concat(list, ",")
		end
		for fam, list in pairs(u.withdraw) do t[#t + 1] = "W " .. fam .. " " .. table.concat(list, ",") end
		if u.attributes then t[#t + 1] = "T " .. u.attributes end
		if u.eor then t[#t + 1] = "E " .. u.eor end
		log("update from " .. peer .. ": " .. table.concat(t, " | "))
	end)
}
script broken {
	on("update", function(peer, u) error("boom") end)
}
$(nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }')
CONF

"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 5 \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.1.0.0/24)$(pfx4 10.1.1.0/24)")" --send-delay 0.3 \
	--send "$(upd "$(pfx4 10.1.1.0/24)" '' '')" --send-delay 0.3 \
	--send "$(upd '' '' '')" >"$TMP/a.out" 2>&1 &
PIDS="$PIDS $!"
wait_listen 127.0.0.2 "$port" 3
env exabgp_tcp_port=$port exabgp_tcp_bind= "$LUNABGP" -d --control none "$TMP/u.conf" >"$TMP/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"

check "announce: both prefixes, next hop, attributes" wait_grep "$TMP/d.log" \
	'script watch: update from 127\.0\.0\.2: A ipv4 unicast nh=127\.0\.0\.2 10\.1\.0\.0/24,10\.1\.1\.0/24 \| T origin igp as-path \[ 65001 \]' 5
check "withdraw: one prefix" wait_grep "$TMP/d.log" \
	'script watch: update from 127\.0\.0\.2: W ipv4 unicast 10\.1\.1\.0/24$' 3
check "End-of-RIB" wait_grep "$TMP/d.log" 'script watch: update from 127\.0\.0\.2: E ipv4 unicast$' 3
check "failing handler: that script failed" grep -q 'script broken failed: .*boom' "$TMP/d.log"
check "watch still ran after broken failed (3 updates)" test "$(count "$TMP/d.log" 'script watch: update from')" -eq 3
# A reload after events were delivered starts the configuration's new
# scripts (queued events used to reset the control state's startup flag,
# and the new scripts were never started).
sed -i 's/^script broken {/script later {\n\ton("startup", function() log("later started") end)\n}\nscript broken {/' "$TMP/u.conf"
kill -USR1 $DPID
check "reload after events: a new script starts" wait_grep "$TMP/d.log" 'later started' 5
check "daemon alive" alive $DPID
finish
