#!/bin/bash
# Soak: lunabgp under churn for SOAK_SECONDS (default 600; nightly 86400).
#   - SOAK_PEERS test peers (default 8) connect from 127.0.0.(10+i), send
#     SOAK_ROUTES prefixes (default 20000), stay 2..6 s and drop, over and over;
#   - one API helper announces and withdraws a few hundred routes in a loop;
#   - a reload (SIGUSR1) every 30 s; control socket queries every 10 s.
# Every 5 s: the daemon is alive, its RSS and open fds are sampled.
# Passes when the daemon lived through it, answered the control socket, its
# RSS peak over the last fifth of the run is at most max(4 MiB, 5 %) plus
# 1 MiB per hour above its peak over the second fifth (the first is warm-up:
# tables grow to their working size; peaks, because how many peers are up at
# one moment varies), and its fd count came back to where it was.  Loopback only; every loop is bounded by the deadline.
# Run: cmake -DLUNABGP_SOAK=ON [-DLUNABGP_SOAK_SECONDS=N] .. && ctest -L soak
. "$(dirname "$0")/../functional/lib.bash"
. "$(dirname "$0")/../functional/bgp.bash"

SECS=${SOAK_SECONDS:-600}
# below ~2.5 minutes a fifth holds too few samples to compare peaks
[ "$SECS" -lt 150 ] && { echo "soak: SOAK_SECONDS $SECS raised to 150"; SECS=150; }
NPEERS=${SOAK_PEERS:-8}
ROUTES=${SOAK_ROUTES:-20000}
port=$(free_port 38500)
deadline=$((SECONDS + SECS))

# UPDATEs of 200 prefixes each, ROUTES in all (10.x.y.0/24)
awk -v attrs="$ATTR_BASE" -v n="$ROUTES" 'BEGIN {
	for (m = 0; m * 200 < n; m++) {
		nlri = ""
		for (j = 0; j < 200 && m * 200 + j < n; j++) { i = m * 200 + j
			nlri = nlri sprintf("18%02X%02X%02X", 10 + int(i / 65536), int(i / 256) % 256, i % 256) }
		printf "020000%04X%s%s\n", length(attrs) / 2, attrs, nlri
	} }' >"$TMP/updates.hex"

cat >"$TMP/churn.sh" <<SH
#!/bin/bash
# announce and withdraw 300 routes, again and again, until told to stop;
# the events it is sent are read and dropped
cat >/dev/null &
end=\$((SECONDS + $SECS + 30))
while [ \$SECONDS -lt \$end ]; do
	for i in \$(seq 0 299); do echo "announce route 172.16.\$((i / 256)).\$((i % 256))/32 next-hop 127.0.0.1"; done
	sleep 1
	for i in \$(seq 0 299); do echo "withdraw route 172.16.\$((i / 256)).\$((i % 256))/32"; done
	sleep 1
done
SH
chmod 755 "$TMP/churn.sh"

{
	printf 'process churn {\n\trun %s;\n\tencoder json;\n}\n' "$TMP/churn.sh"
	printf 'lua {\n\tfunction tag(r) if r:plen() > 24 then r:reject() end end\n}\n'
	for ((i = 0; i < NPEERS; i++)); do
		nb 127.0.0.$((10 + i)) 127.0.0.1 65001 'passive;' 'hold-time 30;' 'family { ipv4 unicast; }' \
			'import tag;' 'api { processes [ churn ]; receive { parsed; update; } }'
	done
} >"$TMP/soak.conf"
env exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port "$LUNABGP" --control "$TMP/ctl.sock" "$TMP/soak.conf" \
	>/dev/null 2>"$TMP/d.log" &
D=$!
PIDS="$PIDS $D"
wait_listen 127.0.0.1 "$port" 10 || fail "daemon did not listen"

# peer i: connect, send, stay a while, drop; again until the deadline
flapper() {
	local i=$1 stay
	while [ $SECONDS -lt $deadline ]; do
		stay=$((2 + RANDOM % 5))
		timeout $((stay + 10)) "$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.$((10 + i)) --asn 65001 \
			--router-id 127.0.0.$((10 + i)) --hold 30 --send-file "$TMP/updates.hex" --duration $stay \
			>/dev/null 2>&1
		sleep 0.$((RANDOM % 10))
	done
}
for ((i = 0; i < NPEERS; i++)); do flapper $i & PIDS="$PIDS $!"; done

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$D/status" 2>/dev/null; }
fds() { ls "/proc/$D/fd" 2>/dev/null | wc -l; }
fifth=$((SECS / 5))
start=$SECONDS
early_max=0 late_max=0 fds_warm= ctl_ok=0 ctl_tries=0 reloads=0 samples=0
while [ $SECONDS -lt $deadline ]; do
	sleep 5
	alive "$D" || break
	r=$(rss) f=$(fds) t=$((SECONDS - start))
	samples=$((samples + 1))
	if [ $t -ge $fifth ] && [ $t -lt $((2 * fifth)) ]; then
		[ "${r:-0}" -gt "$early_max" ] && early_max=$r
		[ -z "$fds_warm" ] && fds_warm=$f
	fi
	[ $t -ge $((4 * fifth)) ] && [ "${r:-0}" -gt "$late_max" ] && late_max=$r
	if [ $((samples % 6)) = 0 ]; then kill -USR1 "$D"; reloads=$((reloads + 1)); fi
	if [ $((samples % 2)) = 0 ]; then
		ctl_tries=$((ctl_tries + 1))
		timeout 5 "$LUNABGP" ctl -s "$TMP/ctl.sock" -e 'show neighbor summary' >/dev/null 2>&1 && ctl_ok=$((ctl_ok + 1))
	fi
done
check "the daemon lived through ${SECS} s of churn ($samples samples, $reloads reloads)" alive "$D"
# the peers stop at the deadline; give the sessions a moment to close
sleep 8
f_end=$(fds)
hours_x100=$(( (SECS * 100) / 3600 ))
allow=$(( early_max * 5 / 100 ))
[ "$allow" -lt 4096 ] && allow=4096
allow=$(( allow + 1024 * hours_x100 / 100 ))
check "control socket answered ${ctl_ok} of ${ctl_tries}" test "$ctl_ok" -ge $(( ctl_tries * 9 / 10 ))
check "RSS peak ${early_max} KiB in the second fifth, ${late_max} KiB in the last (allowed growth ${allow} KiB)" \
	test "$early_max" -gt 0 -a "$late_max" -gt 0 -a "$(( late_max - early_max ))" -le "$allow"
check "open fds back to ${fds_warm:-?} or fewer at the end (${f_end:-?}, no sessions left)" \
	test -n "$f_end" -a "${f_end:-999}" -le "$(( ${fds_warm:-0} + 2 ))"
kill -TERM "$D"
check "clean exit on SIGTERM" eval 'wait_exit "$D" 10 && test "$RC" = 0'
finish
