#!/bin/bash
# The control socket and `lunabgp ctl`: socket mode 0600, -e results and
# exit codes, multi-line chunks on stdin, API commands, two clients at once,
# a client killed mid-command leaves no task behind, runaway chunks
# (`while true do end`, with and without pcall) and a memory bomb are
# stopped while the daemon keeps serving, the sandbox, completion, and the
# read-only socket.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 33000)
SOCK=$TMP/ctl.sock
RO=$TMP/ctl-ro.sock
nb 127.0.0.2 127.0.0.1 65001 'passive;' >"$TMP/c.conf"
env exabgp_tcp_port=$port exabgp_tcp_bind=127.0.0.1 "$LUNABGP" -d --control "$SOCK" --control-readonly "$RO" \
	"$TMP/c.conf" >"$TMP/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
for _ in $(seq 100); do [ -S "$SOCK" ] && [ -S "$RO" ] && break; sleep 0.05; done
ctl() { "$LUNABGP" ctl --socket "$SOCK" "$@"; }

check "control socket created" test -S "$SOCK"
check "control socket mode 0600 ($(stat -c %a "$SOCK"))" test "$(stat -c %a "$SOCK")" = 600
check "read-only socket mode 0600" test "$(stat -c %a "$RO")" = 600

out=$(ctl -e 'return 6*7'); rc=$?
check "-e 'return 6*7' prints 42 ($out)" test "$out" = 42 -a $rc -eq 0
out=$(ctl -e '6*7')
check "an expression without return ($out)" test "$out" = 42
out=$(ctl -e 'error("boom", 0)' 2>&1); rc=$?
check "an error: message and exit 1 (rc $rc, $out)" test $rc -eq 1 -a "$out" = boom
out=$(ctl -e 'local x = ' 2>&1); rc=$?
check "-e with an incomplete chunk fails (rc $rc)" test $rc -eq 1
out=$(ctl -e 'return {a=1, "x"}')
check "tables pretty-printed" grep -q 'a = 1' <<<"$out"
out=$(printf 'do\n  local s = 0\n  for i = 1, 10 do\n    s = s + i\n  end\n  print("sum", s)\n  r = s * 2\nend\nreturn r\n' | ctl); rc=$?
check "multi-line chunk on stdin (rc $rc)" test $rc -eq 0 -a "$(printf 'sum\t55\n110')" = "$out"
out=$(printf 'function f(x)\n return x + 1\nend\nreturn f(41)\n' | ctl)
check "function defined over lines, then used ($out)" test "$out" = 42
out=$(printf 'for i = 1, 2 do\n' | ctl 2>&1); rc=$?
check "incomplete chunk at end of stdin fails (rc $rc)" test $rc -eq 1
out=$(ctl -e 'g_shared = 7'; ctl -e 'return g_shared')
check "globals persist between clients ($out)" test "$out" = 7

out=$(ctl -e 'show neighbor summary'); rc=$?
check "API command: show neighbor summary (rc $rc)" grep -q '127.0.0.2' <<<"$out"
out=$(ctl -e 'return neighbors()[1].state')
check "neighbors() from Lua ($out)" grep -Eq '"(idle|active|connect)"' <<<"$out"
out=$(ctl -e 'frobnicate the peer' 2>&1); rc=$?
check "a bad command fails (rc $rc)" test $rc -eq 1

# two clients at once: a slow one does not hold up a fast one
t0=$(date +%s%N)
"$LUNABGP" ctl --socket "$SOCK" -e 'sleep(1.5) return "slow"' >"$TMP/slow.out" 2>&1 &
SLOW=$!
sleep 0.2
out=$(ctl -e 'return "fast"')
t1=$(date +%s%N)
check "second client answered while the first sleeps ($(((t1 - t0) / 1000000)) ms)" test "$out" = '"fast"' -a $(((t1 - t0) / 1000000)) -lt 1200
wait $SLOW
check "first client got its result" grep -q '"slow"' "$TMP/slow.out"

# a client killed mid-command: its task is gone
"$LUNABGP" ctl --socket "$SOCK" -e 'sleep(30) return 1' >/dev/null 2>&1 &
K=$!
sleep 0.3
n=$(ctl -e 'return tasks()')
check "while a command sleeps: 2 tasks ($n)" test "$n" = 2
kill -9 $K
wait $K 2>/dev/null
sleep 0.3
n=$(ctl -e 'return tasks()')
check "client killed mid-command: only the asking task is left ($n)" test "$n" = 1

# runaway chunks are stopped by the time budget; the daemon keeps serving
t0=$(date +%s)
out=$(timeout 20 "$LUNABGP" ctl --socket "$SOCK" -e 'while true do end' 2>&1); rc=$?
check "while true do end is stopped (rc $rc, $out)" test $rc -eq 1 && grep -q 'time budget' <<<"$out"
out=$(timeout 20 "$LUNABGP" ctl --socket "$SOCK" -e 'while true do pcall(function() while true do end end) end' 2>&1); rc=$?
check "a pcall does not swallow the stop (rc $rc)" test $rc -eq 1
check "daemon alive after runaway chunks" alive $DPID
out=$(ctl -e 'return 1+1')
check "daemon still serves ($out)" test "$out" = 2
check "the session's timers were not held: peer still configured" grep -q 127.0.0.2 <<<"$(ctl -e 'show neighbor summary')"
out=$(ctl -e 'local t = {} for i = 1, 1e8 do t[i] = string.rep("x", 4096) .. i end' 2>&1); rc=$?
check "memory bomb: not enough memory (rc $rc, $out)" test $rc -eq 1 && grep -q 'memory' <<<"$out"
out=$(ctl -e 'return 3')
check "after the memory bomb the state works ($out)" test "$out" = 3

# sandbox
check "no io in the REPL" test "$(ctl -e 'return io')" = nil
check "no os.execute" test "$(ctl -e 'return os.execute')" = nil
check "no debug" test "$(ctl -e 'return debug')" = nil
check "no string.dump" test "$(ctl -e 'return string.dump')" = nil
out=$(ctl -e 'return load(string.char(27) .. "LJ", "x", "b")' 2>&1); rc=$?
check "no bytecode loading (rc $rc)" test $rc -eq 1

# completion (frame 'T', answer 'C'), over the raw protocol
comp=$(python3 - "$SOCK" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
p = b"x = string.fo"
s.sendall(b"T" + struct.pack(">I", len(p)) + p)
h = s.recv(5); n = struct.unpack(">I", h[1:])[0]; d = b""
while len(d) < n: d += s.recv(n - len(d))
print(h[:1].decode(), d.decode().replace("\n", " "))
PY
)
check "completion of string.fo ($comp)" grep -q '^C .*string.format' <<<"$comp"

# read-only socket
out=$("$LUNABGP" ctl --socket "$RO" -e 'show neighbor summary'); rc=$?
check "read-only socket: show works (rc $rc)" grep -q 127.0.0.2 <<<"$out"
out=$("$LUNABGP" ctl --socket "$RO" -e 'return 1' 2>&1); rc=$?
check "read-only socket: Lua refused (rc $rc)" test $rc -eq 1 && grep -q 'read-only' <<<"$out"
out=$("$LUNABGP" ctl --socket "$RO" -e 'shutdown' 2>&1); rc=$?
check "read-only socket: shutdown refused (rc $rc)" test $rc -eq 1
check "daemon alive" alive $DPID

# a second daemon may not take a live socket
"$LUNABGP" --control "$SOCK" "$TMP/c.conf" >"$TMP/d2.log" 2>&1 &
D2=$!
PIDS="$PIDS $D2"
wait_exit $D2 5
check "a second daemon on the same socket exits non-zero (rc $RC)" test "$RC" -ne 0
check "the first daemon's socket still answers" test "$(ctl -e 'return 5')" = 5

kill -TERM $DPID
wait_exit $DPID 5
check "socket removed at exit" test ! -e "$SOCK"
finish
