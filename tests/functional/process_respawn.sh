#!/bin/bash
# API helpers: respawn without leaks, ExaBGP's respawn limit, no zombies.
# 1. A helper that exits at once is respawned 20+ times (limit raised):
#    lunabgp's open fd count is the same after 5 and after 20+ deaths.
# 2. With ExaBGP's limit (5 respawns per ~64 s window) it is given up,
#    with a log line; no zombie is left; the daemon keeps running.
# 3. respawn false: started once, not restarted.
# 4. At exit: the helper gets the shutdown notice, then EOF, and is reaped.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# The count moves by a helper's three pipes as it starts and dies (at most
# one helper at a time); a leak raises the ceiling: compare the highest of
# 20 samples.
fds_max() {
	local max=0 n i
	for ((i = 0; i < 20; i++)); do
		n=$(fds "$1")
		[ "$n" -gt "$max" ] && max=$n
		sleep 0.01
	done
	echo "$max"
}
zombies() { ps -o stat= --ppid "$1" 2>/dev/null | grep -c '^Z' || true; }
deaths() { count "$1" 'process quick \(pid [0-9]+\) exited'; }

cat >"$TMP/quick.sh" <<'SH'
#!/bin/sh
echo "hello from quick" >&2
exit 3
SH
chmod +x "$TMP/quick.sh"
printf 'process quick {\n\trun %s;\n\tencoder text;\n}\n' "$TMP/quick.sh" >"$TMP/q.conf"

# 1. many respawns, fd count flat
start_daemon q "$TMP/q.conf" exabgp_tcp_bind= exabgp_lunabgp_api_respawn_max=1000000 exabgp_log_level=INFO
for ((i = 0; i < 100; i++)); do [ "$(deaths "$TMP/q.log")" -ge 5 ] && break; sleep 0.02; done
f5=$(fds_max "$DPID")
for ((i = 0; i < 200; i++)); do [ "$(deaths "$TMP/q.log")" -ge 25 ] && break; sleep 0.02; done
n=$(deaths "$TMP/q.log")
f25=$(fds_max "$DPID")
check "helper respawned 25+ times ($n deaths)" test "$n" -ge 25
# A leak of even one fd per death would add 20+; a helper caught between
# start and reap moves the count by its three pipes.
check "fd count flat across respawns ($f5 after 5, $f25 after $n)" test "$f5" -gt 0 -a "$f25" -le $((f5 + 3))
check "stderr logged with the helper's name" grep -q 'process quick: hello from quick' "$TMP/q.log"
kill "$DPID"; wait_exit "$DPID" 5
check "daemon exits cleanly (rc ${RC:-?})" test "${RC:-1}" -eq 0

# 2. ExaBGP's limit
start_daemon l "$TMP/q.conf" exabgp_tcp_bind= exabgp_log_level=INFO
wait_grep "$TMP/l.log" 'giving up' 5
check "respawn limit: given up with a log line" grep -q 'process quick: too many deaths.*giving up' "$TMP/l.log"
n=$(deaths "$TMP/l.log")
check "respawn limit: started at most 6 times in the window ($n)" test "$n" -ge 6 -a "$n" -le 12
sleep 0.3
check "no zombie left ($(zombies "$DPID"))" test "$(zombies "$DPID")" -eq 0
check "daemon still runs" alive "$DPID"
kill "$DPID"; wait_exit "$DPID" 5

# 2b. api.terminate: the daemon exits instead
start_daemon t "$TMP/q.conf" exabgp_tcp_bind= exabgp_api_terminate=true
check "api.terminate: daemon exits when the helper is given up" wait_exit "$DPID" 5
check "api.terminate: non-zero exit (${RC:-?})" test "${RC:-0}" -ne 0

# 3. respawn false
printf 'process quick {\n\trun %s;\n\tencoder text;\n\trespawn false;\n}\n' "$TMP/quick.sh" >"$TMP/n.conf"
start_daemon n "$TMP/n.conf" exabgp_tcp_bind= exabgp_log_level=INFO
wait_grep "$TMP/n.log" 'not respawned' 3
sleep 0.3
check "respawn false: started once ($(deaths "$TMP/n.log") death)" test "$(deaths "$TMP/n.log")" -eq 1
kill "$DPID"; wait_exit "$DPID" 5

# 4. shutdown notice, EOF, reaped
cat >"$TMP/reader.sh" <<SH
#!/bin/sh
cat >"$TMP/reader.\$1.out"
echo eof >>"$TMP/reader.\$1.out"
SH
chmod +x "$TMP/reader.sh"
printf 'process rt {\n\trun %s text;\n\tencoder text;\n}\nprocess rj {\n\trun %s json;\n\tencoder json;\n}\n' \
	"$TMP/reader.sh" "$TMP/reader.sh" >"$TMP/s.conf"
start_daemon s "$TMP/s.conf" exabgp_tcp_bind=
sleep 0.5
kids=$(ps -o pid= --ppid "$DPID" | tr '\n' ' ')
kill "$DPID"; wait_exit "$DPID" 5
check "text helper read 'shutdown PID PPID' then EOF" grep -Eq "^shutdown $DPID [0-9]+$" "$TMP/reader.text.out"
check "text helper saw EOF" grep -q '^eof$' "$TMP/reader.text.out"
check "json helper read the shutdown notification" grep -q '"type": "notification", "notification": "shutdown" }' "$TMP/reader.json.out"
left=0
for k in $kids; do alive "$k" && left=$((left + 1)); done
check "helpers gone after exit (${kids:-none} left $left)" test -n "$kids" -a "$left" -eq 0
finish
