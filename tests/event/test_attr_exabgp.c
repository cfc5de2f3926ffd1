/* Path attributes whose JSON the differential test against ExaBGP's
 * decoder (exabgp decode) pinned down, one raw attribute each. */
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "base/hex.h"
#include "event/json_int.h"

static const char *members(const char *blob_hex)
{
	static struct buf out;
	struct buf b = BUF_INIT;
	CHECK(hex_decode(&b, blob_hex) == 0);
	out.len = 0;
	json_attributes_members(&out, b.data, b.len, NULL, 0);
	buf_free(&b);
	return buf_cstr(&out);
}

int main(void)
{
	/* PMSI tunnel (RFC 6514 5): flags, type, label, tunnel identifier */
	CHECK_EQ_STR(members("C0160009" "01" "01" "28F0A0" "0A000009"),
	             "\"pmsi\": \"pmsi:rsvp-tep2mplsp:1:167690:0x0A000009\"");
	CHECK_EQ_STR(members("C0160009" "00" "06" "000640" "0A000009"),
	             "\"pmsi\": \"pmsi:ingressreplication:0:100:10.0.0.9\"");
	/* a 5-octet endpoint is not an IPv4 address: hex */
	CHECK_EQ_STR(members("C016000A" "00" "06" "000640" "0A00000901"),
	             "\"pmsi\": \"pmsi:ingressreplication:0:100:0x0A00000901\"");
	/* low label bits set: label(raw); no tunnel identifier */
	CHECK_EQ_STR(members("C0160005" "80" "00" "000641"), "\"pmsi\": \"pmsi:notunnel:128:100(1601):\"");
	CHECK_EQ_STR(members("C0160005" "00" "FF" "000000"), "\"pmsi\": \"pmsi:unknown:0:0:\"");
	return unit_done();
}
