#!/bin/bash
# Reload and the REPL (docs/lua.md, Reload): `reload()` from the control
# socket with a changed import policy keeps the sessions and sends a
# ROUTE-REFRESH (RFC 2918) to the peer that negotiated route refresh, logs
# why not for the one that did not; an unchanged policy sends none;
# `policies()` shows the chains; a rejected configuration makes reload()
# fail; `reload_script("hb")` re-reads one script's file, sessions untouched.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 34000)
SOCK=$TMP/ctl.sock
printf 'on("startup", function() log("hb v1") end)\n' >"$TMP/hb.lua"
conf() {
	cat <<CONF
lua {
	function all(r) end
	function no_long(r) if r:plen() > 24 then r:reject() end end
}
script hb { file hb.lua; }
$(nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'capability { route-refresh; }' "import $1;")
$(nb 127.0.0.3 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' "import $1;")
CONF
}
conf all >"$TMP/r.conf"
NLRI="$(pfx4 10.7.0.0/24)$(pfx4 10.7.1.0/25)"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 12 \
	--capabilities ipv4-unicast,asn4,route-refresh --send "$(upd '' "$ATTR_BASE" "$NLRI")" >"$TMP/a.out" 2>&1 &
PIDS="$PIDS $!"
"$LBPEER" --listen 127.0.0.3:$port --asn 65001 --router-id 127.0.0.3 --duration 12 \
	--capabilities ipv4-unicast,asn4 --send "$(upd '' "$ATTR_BASE" "$NLRI")" >"$TMP/b.out" 2>&1 &
PIDS="$PIDS $!"
wait_listen 127.0.0.2 "$port" 3
wait_listen 127.0.0.3 "$port" 3
env exabgp_tcp_bind= exabgp_tcp_port=$port "$LUNABGP" -d --control "$SOCK" "$TMP/r.conf" >"$TMP/r.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
ctl() { "$LUNABGP" ctl --socket "$SOCK" "$@"; }
EOR='^RECV UPDATE F{32}00170200000000$'
wait_grep "$TMP/a.out" "$EOR" 5 || fail "peer a: no End-of-RIB"
wait_grep "$TMP/b.out" "$EOR" 5 || fail "peer b: no End-of-RIB"
check "hb script started" wait_grep "$TMP/r.log" 'script hb: hb v1' 3
RR='^RECV ROUTE-REFRESH F{32}00170500010001$'

out=$(ctl -e 'return policies()["127.0.0.2"].import .. "/" .. policies()["127.0.0.2"].import_default')
check "policies(): import chain of 127.0.0.2 ($out)" test "$out" = '"all/reject"'
out=$(ctl -e 'return rib("127.0.0.2", "in")')
check "import all: the /25 is in Adj-RIB-In" grep -q '10.7.1.0/25' <<<"$out"

# the same configuration again: no ROUTE-REFRESH
out=$(ctl -e 'return reload()'); rc=$?
check "reload() unchanged: true (rc $rc, $out)" test $rc -eq 0 -a "$out" = true
sleep 0.5
check "unchanged import policy: no ROUTE-REFRESH" eval '! grep -q "^RECV ROUTE-REFRESH" "$TMP/a.out"'

# a changed import chain: ROUTE-REFRESH to a, a log line for b, same sessions
conf no_long >"$TMP/r.conf"
out=$(ctl -e 'return reload()'); rc=$?
check "reload() with a new import policy: true (rc $rc, $out)" test $rc -eq 0 -a "$out" = true
check "peer a (route refresh negotiated): ROUTE-REFRESH ipv4 unicast received" wait_grep "$TMP/a.out" "$RR" 3
check "peer a: exactly one ROUTE-REFRESH" test "$(count "$TMP/a.out" '^RECV ROUTE-REFRESH')" -eq 1
check "peer b (not negotiated): no ROUTE-REFRESH" eval '! grep -q "^RECV ROUTE-REFRESH" "$TMP/b.out"'
check "peer b: logged that the new policy applies to new routes only" \
	grep -q 'peer 127.0.0.3: import policy changed, but route refresh was not negotiated' "$TMP/r.log"
check "same sessions: one OPEN each, no NOTIFICATION" \
	eval '[ "$(count "$TMP/a.out" "^RECV OPEN")" -eq 1 ] && [ "$(count "$TMP/b.out" "^RECV OPEN")" -eq 1 ] && ! grep -q "^RECV NOTIFICATION" "$TMP/a.out" "$TMP/b.out"'
out=$(ctl -e 'return policies()["127.0.0.3"].import')
check "policies() after the reload ($out)" test "$out" = '"no_long"'

# a rejected configuration: reload() fails, nothing changes
printf 'neighbor 127.0.0.2 {\n\tfrobnicate;\n}\n' >"$TMP/r.conf"
out=$(ctl -e 'reload()' 2>&1); rc=$?
check "reload() of a bad configuration fails (rc $rc, $out)" test $rc -eq 1 && grep -q 'reload failed' <<<"$out"
check "still one OPEN on a" test "$(count "$TMP/a.out" '^RECV OPEN')" -eq 1
conf no_long >"$TMP/r.conf"

# reload_script: the file is read again, sessions and policies untouched
printf 'on("startup", function() log("hb v2") end)\n' >"$TMP/hb.lua"
out=$(ctl -e 'return reload_script("hb")'); rc=$?
check "reload_script(\"hb\") (rc $rc, $out)" test $rc -eq 0 -a "$out" = '"running"'
check "hb restarted from its file" wait_grep "$TMP/r.log" 'script hb: hb v2' 3
out=$(ctl -e 'reload_script("nope")' 2>&1); rc=$?
check "reload_script of an unknown script fails (rc $rc)" test $rc -eq 1 && grep -q "no script 'nope'" <<<"$out"
sleep 0.3
check "reload_script: no new ROUTE-REFRESH, no new OPEN" \
	eval '[ "$(count "$TMP/a.out" "^RECV ROUTE-REFRESH")" -eq 1 ] && [ "$(count "$TMP/a.out" "^RECV OPEN")" -eq 1 ]'
check "daemon alive" alive $DPID
kill -TERM $DPID
wait_exit $DPID 5
finish
