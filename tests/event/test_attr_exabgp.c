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

	/* Prefix-SID (RFC 8669): TLVs in wire order, SRGB as json.dumps
	 * writes it, an unknown TLV as attribute-not-implemented-N */
	CHECK_EQ_STR(members("C0280021" "010007" "00000000000064" "03000E" "0000" "0C3500001000" "0F42400003E8"
	                     "020003" "ABCDEF"),
	             "\"bgp-prefix-sid\": { \"sr-label-index\": 100, \"sr-srgbs\": [[800000, 4096], "
	             "[1000000, 1000]], \"attribute-not-implemented-2\": \"0xABCDEF\" }");
	CHECK_EQ_STR(members("C0280003" "070000"), "\"bgp-prefix-sid\": { \"attribute-not-implemented-7\": \"0x\" }");
	/* SRv6 L3 service beside an SRGB */
	CHECK_EQ_STR(members("C0280030" "030008" "0000" "0C3500001000"
	                     "050022" "00" "01001E" "00" "20010DB8000000000000000000000001" "00" "0013" "00"
	                     "010006" "201008000800"),
	             "\"bgp-prefix-sid\": { \"sr-srgbs\": [[800000, 4096]], \"l3-service\": [ { \"sid\": "
	             "\"2001:db8::1\", \"flags\": 0, \"endpoint_behavior\": 19, \"structure\": { "
	             "\"locator-block-length\": 32, \"locator-node-length\": 16, \"function-length\": 8, "
	             "\"argument-length\": 0, \"transposition-length\": 8, \"transposition-offset\": 0 } } ] }");
	/* SRv6 SID flags (RFC 9252 3.1: none defined, ignored): always 0 */
	CHECK(strstr(members("C0280025" "050022" "00" "01001E" "00" "20010DB8000000000000000000000001" "F1" "0013" "00"
	                     "010006" "201008000800"), "\"flags\": 0,"));
	/* a label index of the wrong size: generic */
	CHECK(strstr(members("C0280009" "010006" "000000000000"), "attribute-0x28-0xC0"));

	/* SR Policy name (tunnel type 15, sub-TLV 130) with bytes that are not
	 * UTF-8: replaced and escaped as ExaBGP does, never copied raw */
	CHECK_EQ_STR(members("C0170012" "000F000E" "82000B" "00" "02CBBDF4C83C5E" "C3A9" "22"),
	             "\"tunnel-encap\": {\"sr-policy\": {\"policy-name\": "
	             "\"\\u0002\\u02fd\\ufffd\\ufffd<^\\u00e9\\\"\"}}");
	return unit_done();
}
