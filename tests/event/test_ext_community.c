/* Extended communities ExaBGP names (json_attrs.c): the FlowSpec
 * interface-set community, the only one whose JSON also says whether it is
 * transitive. */
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
	/* AS 65000, direction input (1), group 5; transitive type 0x07 */
	CHECK_EQ_STR(members("C0100008" "07020000FDE84005"),
	             "\"extended-community\": [ { \"value\": 504966112478773253, \"string\": "
	             "\"interface-set:input:65000:5\", \"transitive\": true } ]");
	/* non-transitive 0x47, direction input-output (3), group 16383 */
	CHECK_EQ_STR(members("C0100008" "47020000FDE8FFFF"),
	             "\"extended-community\": [ { \"value\": 5116652130906210303, \"string\": "
	             "\"interface-set:input-output:65000:16383\", \"transitive\": false } ]");
	/* direction 0 has no name: the number */
	CHECK_EQ_STR(members("C0100008" "0702000000010007"),
	             "\"extended-community\": [ { \"value\": 504966108218982407, \"string\": "
	             "\"interface-set:0:1:7\", \"transitive\": true } ]");
	/* other communities keep ExaBGP's two members */
	CHECK_EQ_STR(members("C0100008" "0002FDE800000064"),
	             "\"extended-community\": [ { \"value\": 842122827661412, \"string\": \"target:65000:100\" } ]");

	/* Found by the differential test against ExaBGP's decoder (lookup by
	 * the type's low nibble and the subtype, as ExaBGP does): */
	/* FlowSpec actions with a type other than 0x80 */
	CHECK(strstr(members("C0100008" "4006000047C35000"), "\"rate-limit:100000\""));
	CHECK(strstr(members("C0100008" "0007000000000003"), "\"action sample-terminal\""));
	CHECK(strstr(members("C0100008" "C008FDE800000001"), "\"redirect:65000:1\""));
	CHECK(strstr(members("C0100008" "1009000000000005"), "\"mark 5\""));
	/* rates: truncated, any size, packets floored at 0; NaN/inf as hex */
	CHECK(strstr(members("C0100008" "80060000C0000000"), "\"rate-limit:-2\""));
	CHECK(strstr(members("C0100008" "800C0000C0000000"), "\"rate-limit:0:packets\""));
	CHECK(strstr(members("C0100008" "8006000070A5A5A5"), "\"rate-limit:410122228569824189159005224960\""));
	CHECK(strstr(members("C0100008" "800600007F800000"), "\"0x800600007F800000\""));
	/* redirect with a 4-octet AS and link bandwidth: ExaBGP shows hex */
	CHECK(strstr(members("C0100008" "8208FDE800000001"), "\"0x8208FDE800000001\""));
	CHECK(strstr(members("C0100008" "4004FDE847C35000"), "\"0x4004FDE847C35000\""));
	/* RT-record (RFC 9015) */
	CHECK(strstr(members("C0100008" "0013FDE800000064"), "\"rtrecord:65000:100\""));
	CHECK(strstr(members("C0100008" "01130A0000010064"), "\"rtrecord:10.0.0.1:100\""));
	/* encapsulation type 0, MAC mobility flags other than exactly 1 */
	CHECK(strstr(members("C0100008" "030C000000000000"), "\"encap:Default\""));
	CHECK(strstr(members("C0100008" "0600030000000007"), "\"mac-mobility:7\""));
	CHECK(strstr(members("C0100008" "0600010000000007"), "\"mac-mobility:7:sticky\""));
	/* IPv6 extended community: redirect / copy to an IPv6 next hop */
	CHECK(strstr(members("C0190014" "000C20010DB8000000000000000000000001" "0000"),
	              "\"redirect-to-nexthop-ietf 2001:db8::1\""));
	CHECK(strstr(members("C0190014" "400C20010DB8000000000000000000000001" "0001"),
	              "\"copy-to-nexthop-ietf 2001:db8::1 (with copy)\""));
	return unit_done();
}
