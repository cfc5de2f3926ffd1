#!/bin/sh
# The README's first command: install what is missing, build, and run lunabgp
# on etc/demo.conf against the test peer (tests/peer/lbpeer) on loopback.
# You see the session come up, the routes arrive at the peer, and lunabgp's
# JSON events; it stops by itself after a few seconds.
set -e
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
port=${DEMO_PORT:-17900}
log=$(mktemp)
echo "== test peer listening on 127.0.0.1:$port"
build/tests/lbpeer --listen 127.0.0.1:$port --asn 65001 --router-id 127.0.0.2 --duration 4 \
	--send-default-route >"$log" 2>&1 &
peer=$!
sleep 0.3
echo "== lunabgp etc/demo.conf (JSON events below)"
exabgp_tcp_port=$port exabgp_tcp_bind= timeout 6 build/lunabgp --events -v etc/demo.conf || true
wait $peer || true
echo "== what the test peer received"
cat "$log"
rm -f "$log"
