#!/bin/bash
# Reactive helper of ExaBGP's api-healthcheck-module test
# (api-healthcheck-module.script.txt): the healthcheck program with rise 1,
# fall 1, a check that succeeds once and then fails: announce at t=0, then a
# withdraw every second (no debounce).  It never reads the speaker's answers.
set -u
trap '' PIPE
trap 'echo "peer * withdraw route 10.0.0.1/32 next-hop self"; exit 0' TERM
parent=$PPID
echo "peer * announce route 10.0.0.1/32 next-hop self med 100" || exit 0
for _ in $(seq 1 60); do
	sleep 1
	kill -0 "$parent" 2>/dev/null || exit 0
	echo "peer * withdraw route 10.0.0.1/32 next-hop self" || exit 0
done
