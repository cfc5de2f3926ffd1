#!/bin/bash
# Reactive helper of ExaBGP's api-health test (api-health.script.txt):
# ping, expect "pong <uuid>" and "done", announce, status (must mention the
# UUID and PID), announce again.  Every read is bounded in time.
set -u
trap '' PIPE
wait_done() { # wait_done SECONDS
	local end=$((SECONDS + $1 + 1)) line
	while [ $SECONDS -lt $end ]; do
		IFS= read -r -t "$1" line || return 1
		[ "$line" = done ] && return 0
	done
	return 1
}
sleep 2
echo ping
IFS= read -r -t 5 pong || exit 1
case $pong in
*'"pong"'*'"active"'*|pong\ *) ;;
*) exit 1 ;;
esac
uuid=$(echo "$pong" | sed -n 's/^pong \([^ ]*\).*/\1/p')
IFS= read -r -t 5 line || exit 1
[ "$line" = done ] || exit 1
echo "announce route 192.168.0.1/32 next-hop 10.0.0.1"
wait_done 2
sleep 0.1
echo status
text=
for _ in $(seq 1 100); do
	IFS= read -r -t 5 line || exit 1
	[ "$line" = done ] && break
	text="$text $line"
done
case $text in *UUID*|*"${uuid:-no-uuid}"*) ;; *) exit 1 ;; esac
case $text in *PID*) ;; *) exit 1 ;; esac
echo "announce route 192.168.0.2/32 next-hop 10.0.0.2"
wait_done 2
sleep 0.1
for _ in $(seq 1 70); do
	if IFS= read -r -t 0.1 line; then
		[ -z "$line" ] && exit 0
		case $line in *shutdown*) exit 0 ;; esac
	elif [ $? -le 128 ]; then
		exit 0   # end of input
	fi
done
