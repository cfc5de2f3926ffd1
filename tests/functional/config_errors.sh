#!/bin/bash
# Bad configuration: `validate` and the daemon print file:line:col and exit
# non-zero; no half-started daemon.  Good configurations (etc/, and the
# unicast configurations of ExaBGP's vectors) validate.
. "$(dirname "$0")/lib.bash"

expect_error() { # name, expected "line:col" prefix, expected message part, config text
	name=$1 where=$2 msg=$3
	f="$TMP/$name.conf"
	printf '%s\n' "$4" >"$f"
	out=$("$LUNABGP" validate "$f" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "^$f:$where" && printf '%s' "$out" | grep -qi -- "$msg"; then
		ok "validate rejects $name ($where)"
	else
		fail "validate $name: rc=$rc output: $out"
	fi
}

expect_error unknown-keyword "3:2" "" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4;
	frobnicate 12;
}'
expect_error bad-prefix "7:9" "" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4;
	local-as 1;
	peer-as 1;
	static {
		route 10.0.0.0/24 next-hop 1.2.3.4;
		route 10.0.0.300/24 next-hop 1.2.3.4;
	}
}'
expect_error unterminated-block "1:" "not closed" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4;'
expect_error bad-as "3:11" "ASN" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4;
	local-as notanumber;
	peer-as 1;
}'
expect_error bad-attribute "5:38" "unknown attribute" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-as 1; peer-as 1;
	family { ipv4 unicast; }
	static {
		route 10.0.0.0/24 next-hop 1.2.3.4 colour blue;
	}
}'
# TCP-MD5 keys are checked as ExaBGP checks them: at most 80 bytes once
# decoded, valid base64 with md5-base64 true.
expect_error md5-too-long "1:" "md5-password is longer than 80 bytes" "neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-as 1; peer-as 1;
	md5-password $(printf 'k%.0s' {1..81});
}"
expect_error md5-base64-too-long "1:" "decodes to more than 80 bytes" "neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-as 1; peer-as 1;
	md5-password $(printf 'a2tr%.0s' {1..27}); md5-base64 true;
}"
expect_error md5-bad-base64 "1:" "md5-password is not valid base64" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-as 1; peer-as 1;
	md5-password c2Vj!mV0; md5-base64 true;
}'
expect_error md5-bad-padding "1:" "not valid base64" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-as 1; peer-as 1;
	md5-password c2VjcmV0c; md5-base64 true;
}'
expect_error md5-ip-family "1:" "md5-ip ::1 is not of the neighbor's address family" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4; local-address 127.0.0.1; local-as 1; peer-as 1;
	md5-password secret; md5-ip ::1;
}'
printf 'neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4; local-address 127.0.0.1; local-as 1; peer-as 1;\n\tmd5-password %s; md5-ip 127.0.0.1;\n}\n' \
	"$(printf 'k%.0s' {1..80})" >"$TMP/md5.conf"
check "validate accepts an 80-byte md5-password and md5-ip" "$LUNABGP" validate "$TMP/md5.conf"
printf 'neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4; local-as 1; peer-as 1;\n\tmd5-password "c2VjcmV0"; md5-base64 true;\n}\n' >"$TMP/md5b.conf"
check "validate accepts a base64 md5-password" "$LUNABGP" validate "$TMP/md5b.conf"
expect_error missing-asn "1:" "local-as" 'neighbor 127.0.0.1 {
	router-id 1.2.3.4; peer-as 1;
}'

# The daemon refuses a bad configuration before opening any socket.
printf 'neighbor 127.0.0.1 {\n\trouter-id 1.2.3.4;\n\tfrobnicate;\n}\n' >"$TMP/bad.conf"
port=$(free_port 21000)
out=$(exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port timeout 10 "$LUNABGP" "$TMP/bad.conf" 2>&1)
rc=$?
check "daemon exits non-zero on a bad configuration (rc=$rc)" test $rc -ne 0 -a $rc -ne 124
check "daemon names file:line:col" grep -q "$TMP/bad.conf:3:" <<<"$out"

# Everything under etc/ validates.
for f in "$LUNABGP_SOURCE"/etc/*.conf; do
	check "validate $(basename "$f")" "$LUNABGP" validate "$f" >/dev/null
done

# ExaBGP's configurations that use only IPv4/IPv6 unicast validate.
if [ -d "$SHARED/conformance/exabgp" ]; then
	for n in conf-attributes conf-cap-link-local-nexthop conf-cap-software-version conf-ebgp \
	         conf-extended-attributes conf-generic-attribute conf-group conf-ipself4 \
	         conf-ipv46routes4family conf-ipv46routes6family conf-ipv6grouping conf-llnh-lla-only \
	         conf-llnh-update conf-name conf-new-v4 conf-no-asn4 conf-path-information \
	         conf-template conf-unknowncap unknown-message; do
		check "validate ExaBGP $n.conf" "$LUNABGP" validate "$SHARED/conformance/exabgp/encoding/$n.conf" >/dev/null
	done
else
	fail "conformance data not found at $SHARED/conformance/exabgp"
fi
finish
