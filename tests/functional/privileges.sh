#!/bin/bash
# Privileges, as ExaBGP handles them (exabgp.daemon.user, exabgp.daemon.drop):
# started as root, lunabgp binds its listeners, then runs as daemon.user
# (nobody by default); its helpers start after the drop (daemon.drop true,
# the default) or before it, as root (false).  daemon.user root keeps root;
# an unknown user is an error and lunabgp does not run at all.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

if [ "$(id -u)" != 0 ]; then
	ok "skip: not started as root, nothing to drop"
	finish
	exit
fi
NOBODY=$(id -u nobody 2>/dev/null) || { ok "skip: no user nobody"; finish; exit; }

uid_of() { awk '/^Uid:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }   # real uid
# A helper that writes its own uid, then stays a while whatever it is told.
cat >"$TMP/whoami.sh" <<'SH'
#!/bin/sh
id -u > "$1"
exec sleep 8   # ignores EOF: the daemon must not wait for it
SH
chmod 755 "$TMP/whoami.sh"
conf() { # conf FILE UIDFILE: one neighbor, the helper
	{
		printf 'process who {\n\trun %s %s;\n\tencoder json;\n}\n' "$TMP/whoami.sh" "$2"
		nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv4 unicast; }' 'api { processes [ who ]; }'
	} >"$1"
}

# 1. Default: nobody after the listener is bound; the helper runs as nobody;
#    a session still comes up through the listener bound as root.
port=$(free_port 31500)
conf "$TMP/a.conf" "$TMP/a.uid"
start_daemon a "$TMP/a.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
A=$DPID
wait_listen 127.0.0.1 "$port" 5
check "default: the listener is up" wait_grep "$TMP/a.log" "listening on 127.0.0.1 port $port" 3
check "default: runs as nobody" wait_grep "$TMP/a.log" 'running as user nobody' 3
check "default: the daemon's uid is nobody's ($(uid_of "$A"))" test "$(uid_of "$A")" = "$NOBODY"
check "default: the helper runs as nobody too" wait_grep "$TMP/a.uid" "^$NOBODY\$" 3
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --duration 1 \
	>"$TMP/a.peer" 2>&1
check "default: a session comes up through the listener bound as root" grep -q '^RECV KEEPALIVE' "$TMP/a.peer"
check "default: SIGUSR1 reload as nobody keeps running" eval 'kill -USR1 "$A" && sleep 0.3 && alive "$A"'
kill -TERM "$A"
check "default: exits cleanly" eval 'wait_exit "$A" 5 && test "$RC" = 0'

# 2. daemon.drop false: the helper starts before the drop, as root.
port=$(free_port 32500)
conf "$TMP/b.conf" "$TMP/b.uid"
start_daemon b "$TMP/b.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port exabgp_daemon_drop=false
B=$DPID
check "drop false: the helper runs as root" wait_grep "$TMP/b.uid" '^0$' 3
check "drop false: the daemon is nobody" eval 'wait_grep "$TMP/b.log" "running as user nobody" 3 && test "$(uid_of "$B")" = "$NOBODY"'
kill -TERM "$B"
check "drop false: exits on SIGTERM" wait_exit "$B" 5

# 3. daemon.user root: nothing is dropped.
port=$(free_port 33500)
conf "$TMP/c.conf" "$TMP/c.uid"
start_daemon c "$TMP/c.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port exabgp_daemon_user=root
C=$DPID
check "user root: the helper runs as root" wait_grep "$TMP/c.uid" '^0$' 3
check "user root: the daemon stays root" test "$(uid_of "$C")" = 0
kill -TERM "$C"
check "user root: exits on SIGTERM" wait_exit "$C" 5

# 4. An unknown user: an error, exit non-zero, no helper started.
conf "$TMP/d.conf" "$TMP/d.uid"
start_daemon d "$TMP/d.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$(free_port 34500) \
	exabgp_daemon_user=no-such-user-lunabgp
D=$DPID
check "unknown user: exits non-zero" eval 'wait_exit "$D" 5 && test "$RC" != 0'
check "unknown user: says why" grep -q "cannot drop privileges (exabgp.daemon.user): unknown user 'no-such-user-lunabgp'" "$TMP/d.log"
check "unknown user: no helper ran" test ! -e "$TMP/d.uid"

finish
