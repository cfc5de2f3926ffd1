# BGP helpers for the functional tests, sourced after lib.bash.
# (Named .bash, not .sh, so that CTest does not register it as a test.)

# Length of a hex string in bytes, as 2 or 1 octets of hex.
hexlen16() { printf '%04X' $((${#1} / 2)); }
hexlen8() { printf '%02X' $((${#1} / 2)); }

# An IPv4 prefix a.b.c.d/len as NLRI hex (length octet + significant octets).
pfx4() {
	local a=${1%/*} l=${1#*/} o n i out
	IFS=. read -r -a o <<<"$a"
	n=$(((l + 7) / 8))
	out=$(printf '%02X' "$l")
	for ((i = 0; i < n; i++)); do out+=$(printf '%02X' "${o[$i]}"); done
	echo "$out"
}

# An UPDATE for lbpeer --send (type byte + body): withdrawn, attributes, NLRI hex.
upd() { echo "02$(hexlen16 "$1")$1$(hexlen16 "$2")$2$3"; }

# Well-formed attributes from the test peer (AS 65001, 4-octet AS negotiated).
ATTR_ORIGIN=40010100
ATTR_ASPATH=40020602010000FDE9
ATTR_NEXTHOP=4003047F000002
ATTR_BASE=$ATTR_ORIGIN$ATTR_ASPATH$ATTR_NEXTHOP

# A neighbor block.  nb PEER LOCAL PEER_AS [extra lines...]
nb() {
	local peer=$1 local=$2 pas=$3
	shift 3
	printf 'neighbor %s {\n\trouter-id 127.0.0.1;\n\tlocal-address %s;\n\tlocal-as 65000;\n\tpeer-as %s;\n' "$peer" "$local" "$pas"
	for l in "$@"; do printf '\t%s\n' "$l"; done
	printf '}\n'
}

# start_daemon NAME CONF [ENV=VALUE...]: lunabgp in the background, events on
# $TMP/NAME.ev, log on $TMP/NAME.log; sets DPID.
start_daemon() {
	local name=$1 conf=$2
	shift 2
	env "$@" "$LUNABGP" -d --events "$conf" >"$TMP/$name.ev" 2>"$TMP/$name.log" &
	DPID=$!
	PIDS="$PIDS $DPID"
}

# wait_grep FILE REGEX SECONDS: true once FILE has a line matching REGEX.
wait_grep() {
	local f=$1 re=$2 i n=$(($3 * 20))
	for ((i = 0; i < n; i++)); do
		grep -Eq -- "$re" "$f" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# wait_listen ADDR PORT SECONDS: true once something accepts on ADDR:PORT.
wait_listen() {
	local i n=$(($3 * 20))
	for ((i = 0; i < n; i++)); do
		ss -Hltn "src $1:$2" 2>/dev/null | grep -q . && return 0
		sleep 0.05
	done
	return 1
}

# wait_exit PID SECONDS: true (and RC set) when PID exited within the time.
wait_exit() {
	local i n=$(($2 * 20))
	for ((i = 0; i < n; i++)); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1" 2>/dev/null
			RC=$?
			return 0
		fi
		sleep 0.05
	done
	return 1
}

alive() { kill -0 "$1" 2>/dev/null; }

# Count of lines matching REGEX in FILE (0 when none or no file).
count() { grep -Ec -- "$2" "$1" 2>/dev/null || true; }
