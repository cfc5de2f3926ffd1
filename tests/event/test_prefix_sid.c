/* ExaBGP JSON of the Prefix-SID SRv6 service TLVs (json_prefix_sid.c):
 * good values from the conformance data; malformed ones are refused so the
 * generic form is printed instead. */
#include <stdbool.h>
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "base/hex.h"

bool json_attr_prefix_sid_srv6(struct buf *out, const uint8_t *v, size_t len);

static bool json_hex(const char *hex, struct buf *out)
{
	struct buf b = BUF_INIT;
	if (hex_decode(&b, hex) != 0)
		return false;
	out->len = 0;
	bool ok = json_attr_prefix_sid_srv6(out, b.data, b.len);
	buf_free(&b);
	return ok;
}

#define VPN_NH "05001900010015002001000100000000000000000000000000000000"

int main(void)
{
	struct buf out = BUF_INIT;
	CHECK(json_hex(VPN_NH, &out));
	CHECK_EQ_STR(buf_cstr(&out), "\"bgp-prefix-sid\": { \"l3-service\": [ { \"sid\": \"2001:1::\", \"flags\": 0, "
	                             "\"endpoint_behavior\": 0 } ] }");
	CHECK(json_hex("0500220001001E00" "20010DB8000100010000000000000000" "00004800" "010006" "401810000000", &out));
	CHECK_EQ_STR(buf_cstr(&out),
	             "\"bgp-prefix-sid\": { \"l3-service\": [ { \"sid\": \"2001:db8:1:1::\", \"flags\": 0, "
	             "\"endpoint_behavior\": 72, \"structure\": { \"locator-block-length\": 64, \"locator-node-length\": 24, "
	             "\"function-length\": 16, \"argument-length\": 0, \"transposition-length\": 0, "
	             "\"transposition-offset\": 0 } } ] }");
	/* flags octet 1: shown as 0, as ExaBGP does (RFC 9252 3.1: ignored) */
	CHECK(json_hex("0600190001001500" "20010DB8000000000000000000000001" "01000500", &out));
	CHECK_EQ_STR(buf_cstr(&out), "\"bgp-prefix-sid\": { \"l2-service\": [ { \"sid\": \"2001:db8::1\", \"flags\": 0, "
	                             "\"endpoint_behavior\": 5 } ] }");
	CHECK(!json_hex("050030000100", &out));          /* TLV overruns */
	CHECK(!json_hex("0500", &out));                  /* header truncated */
	CHECK(!json_hex(VPN_NH "05", &out));             /* trailing byte */
	CHECK(!json_hex("010007000000000000000A", &out)); /* label index: json_attrs.c's */
	CHECK(!json_hex("", &out));
	CHECK(!json_hex("05000700010004" "00200100", &out)); /* SID info too short */
	buf_free(&out);
	return unit_done();
}
