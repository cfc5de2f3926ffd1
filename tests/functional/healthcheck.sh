#!/bin/bash
# Event script health check (etc/healthcheck.conf + etc/healthcheck.lua on a
# test port): the service route is announced while a listener on 127.0.0.1
# accepts, withdrawn when it is closed, announced again when it comes back;
# the session stays up throughout, and the script's state is visible over
# the control socket.  Also: a failing event script is logged with file:line
# and marked failed while the daemon carries on; a runaway event script is
# stopped by the time budget.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 34000)
svc=$(free_port 36000)
SOCK=$TMP/hc.sock
sed "s/port = 8080/port = $svc/; s/INTERVAL = 1 /INTERVAL = 0.2 /" \
	"$LUNABGP_SOURCE/etc/healthcheck.lua" >"$TMP/healthcheck.lua"
sed '/^script/d' "$LUNABGP_SOURCE/etc/healthcheck.conf" >"$TMP/hc.conf"
cat >>"$TMP/hc.conf" <<EOC
script healthcheck { file healthcheck.lua; }
script broken {
	on("startup", function()
		sleep(0.1)
		local t = nil
		return t.field
	end)
}
script spin {
	on("startup", function() while true do end end)
}
EOC
check "etc/healthcheck.conf validates" "$LUNABGP" validate "$LUNABGP_SOURCE/etc/healthcheck.conf"

"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --duration 25 >"$TMP/p.out" 2>&1 &
PIDS="$PIDS $!"
wait_listen 127.0.0.2 "$port" 3
env exabgp_tcp_port=$port exabgp_tcp_bind= "$LUNABGP" -d --control "$SOCK" "$TMP/hc.conf" >"$TMP/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
ctl() { "$LUNABGP" ctl --socket "$SOCK" "$@"; }

# 192.0.2.80/32 as NLRI: 20 C0 00 02 50
ANN='^RECV UPDATE .*20C0000250$'
WD='^RECV UPDATE F{32}.{6}00092000C0000250|^RECV UPDATE F{32}.{4}02000520C0000250'
wait_grep "$TMP/p.out" '^RECV UPDATE F{32}00170200000000$' 5 || fail "no End-of-RIB"
sleep 0.6
check "no announcement while the service is down" test "$(count "$TMP/p.out" "$ANN")" -eq 0

# the service comes up: a listener on 127.0.0.1:$svc
python3 -c "import socket,time,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(16); time.sleep(float(sys.argv[2]))" $svc 3 &
L1=$!
PIDS="$PIDS $L1"
check "service up: route announced" wait_grep "$TMP/p.out" "$ANN" 4
check "announced with the script's community (65000:80 = FDE80050)" grep -Eq '^RECV UPDATE .*FDE80050.*20C0000250$' "$TMP/p.out"
out=$(ctl -e 'return scripts().healthcheck.status')
check "scripts(): healthcheck running ($out)" test "$out" = '"running"'
out=$(ctl -e 'show adj-rib out')
check "show adj-rib out has the service route" grep -q '192.0.2.80/32' <<<"$out"

# the service goes away: withdrawn (after FALL failed probes)
wait $L1 2>/dev/null
n=$(grep -Ec '^RECV UPDATE' "$TMP/p.out")
check "service down: route withdrawn" wait_grep "$TMP/p.out" "$(printf '^RECV UPDATE F{32}001B020004 20C0000250' | tr -d ' ')|$WD" 4
python3 -c "import socket,time,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(16); time.sleep(float(sys.argv[2]))" $svc 3 &
PIDS="$PIDS $!"
sleep 1.5
check "service back: announced again" test "$(count "$TMP/p.out" "$ANN")" -ge 2
check "one session throughout (one OPEN)" test "$(count "$TMP/p.out" '^RECV OPEN')" -eq 1

# the failing and the runaway scripts
line=$(grep -n 'return t.field' "$TMP/hc.conf" | cut -d: -f1)
check "broken script: logged with file:line (hc.conf:$line)" grep -Eq "script broken failed: .*hc.conf:$line: attempt to index" "$TMP/d.log"
out=$(ctl -e 'return scripts().broken.status')
check "broken script marked failed ($out)" test "$out" = '"failed"'
check "runaway script stopped by the time budget" grep -q "script spin failed: .*time budget" "$TMP/d.log"
check "daemon alive" alive $DPID
finish
