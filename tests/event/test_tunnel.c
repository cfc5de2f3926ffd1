/* ExaBGP JSON of the Tunnel Encapsulation attribute (json_tunnel.c) and its
 * RFC 7606 framing check (wire/tunnel.c).  The segment bytes are the ones
 * config/srpolicy.lua builds (tests/spec/srpolicy_spec.lua), so what the
 * configuration sends decodes to what ExaBGP prints for it. */
#include <stdbool.h>
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "base/hex.h"
#include "wire/tunnel.h"

bool json_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len);

static struct buf attr;

/* Tunnel type 15 holding the given sub-TLVs (hex). */
static void sr_policy(const char *subs_hex)
{
	struct buf s = BUF_INIT;
	CHECK(hex_decode(&s, subs_hex) == 0);
	attr.len = 0;
	buf_put_u8(&attr, 0);
	buf_put_u8(&attr, 15);
	buf_put_u8(&attr, (uint8_t)(s.len >> 8));
	buf_put_u8(&attr, (uint8_t)s.len);
	buf_put(&attr, s.data, s.len);
	buf_free(&s);
}

/* One segment list (weight 1) holding one or more segments (hex). */
static void one_list(const char *segs_hex)
{
	struct buf s = BUF_INIT;
	CHECK(hex_decode(&s, segs_hex) == 0);
	size_t l = 1 + 8 + s.len;
	char head[64];
	snprintf(head, sizeof head, "80%04zX000906000000000001", l);
	struct buf h = BUF_INIT;
	buf_puts(&h, head);
	hex_encode(&h, s.data, s.len);
	sr_policy(buf_cstr(&h));
	buf_free(&h);
	buf_free(&s);
}

static const char *json(void)
{
	static struct buf out;
	out.len = 0;
	if (!json_attr_tunnel_encap(&out, attr.data, attr.len))
		return "(refused)";
	return buf_cstr(&out);
}

static const char *problem(const char *hex, size_t *at)
{
	struct buf b = BUF_INIT;
	CHECK(hex_decode(&b, hex) == 0);
	const char *p = tunnel_encap_problem(b.data, b.len, at);
	buf_free(&b);
	return p;
}

#define SL(segs) "\"tunnel-encap\": {\"sr-policy\": {\"segment-lists\": [{\"weight\": 1, \"segments\": [" segs "]}]}}"

int main(void)
{
	/* the conf-sr-policy vector's first policy */
	sr_policy("0C060000000000640D06100005DC0100800011000906000000000001" "0106000003E81100");
	CHECK_EQ_STR(json(), "\"tunnel-encap\": {\"sr-policy\": {\"preference\": 100, \"binding-sid\": {\"type\": "
	                     "\"mpls\", \"label\": 24000}, \"segment-lists\": [{\"weight\": 1, \"segments\": [{\"type\": "
	                     "\"A\", \"label\": 16001, \"tc\": 0, \"s\": true, \"ttl\": 0}]}]}}");

	/* type B with endpoint behavior, SRv6 binding SID, names (order kept) */
	sr_policy("0C060000000000C8" "14120000FC000000000000000000000000000001"
	          "8000250009060000000000020D1A1000FC000000000000000000000000000001004100002000100082000A006D792D706F"
	          "6C696379810008007072696D617279");
	CHECK_EQ_STR(json(), "\"tunnel-encap\": {\"sr-policy\": {\"preference\": 200, \"srv6-binding-sid\": \"fc00::1\", "
	                     "\"policy-name\": \"my-policy\", \"candidate-path-name\": \"primary\", \"segment-lists\": "
	                     "[{\"weight\": 2, \"segments\": [{\"type\": \"B\", \"sid\": \"fc00::1\", \"endpoint-behavior\": "
	                     "{\"behavior\": 65, \"lb-length\": 32, \"ln-length\": 0, \"fun-length\": 16, \"arg-length\": "
	                     "0}}]}]}}");

	/* priority, binding-sid null, unknown sub-TLV */
	sr_policy("0F020A00" "0D020000" "0C06000000000005" "6303AABBCC");
	CHECK_EQ_STR(json(), "\"tunnel-encap\": {\"sr-policy\": {\"priority\": 10, \"binding-sid\": null, "
	                     "\"preference\": 5, \"unknown-subtlv-99\": \"0xAABBCC\"}}");

	one_list("030A4080C000020103E81100");
	CHECK_EQ_STR(json(), SL("{\"type\": \"C\", \"ipv4_node\": \"192.0.2.1\", \"algorithm\": 128, \"sid\": 16001, "
	                        "\"tc\": 0, \"s\": true, \"ttl\": 0}"));
	one_list("03060000C0000201");
	CHECK_EQ_STR(json(), SL("{\"type\": \"C\", \"ipv4_node\": \"192.0.2.1\", \"algorithm\": 0}"));
	one_list("0106000003E81000" "0106000003E82100");
	CHECK_EQ_STR(json(), SL("{\"type\": \"A\", \"label\": 16001, \"tc\": 0, \"s\": false, \"ttl\": 0}, "
	                        "{\"type\": \"A\", \"label\": 16002, \"tc\": 0, \"s\": true, \"ttl\": 0}"));
	one_list("0416400220010DB800000000000000000000000103E81000");
	CHECK_EQ_STR(json(), SL("{\"type\": \"D\", \"ipv6_node\": \"2001:db8::1\", \"algorithm\": 2, \"sid\": 16001}"));
	one_list("050E000000000007C000020103E81000");
	CHECK_EQ_STR(json(), SL("{\"type\": \"E\", \"local_if_id\": 7, \"ipv4_node\": \"192.0.2.1\", \"sid\": 16001}"));
	one_list("060A0000C0000201C0000202");
	CHECK_EQ_STR(json(), SL("{\"type\": \"F\", \"local_ipv4\": \"192.0.2.1\", \"remote_ipv4\": \"192.0.2.2\"}"));
	one_list("0822000020010DB800000000000000000000000120010DB8000000000000000000000002");
	CHECK_EQ_STR(json(), SL("{\"type\": \"H\", \"local_ipv6\": \"2001:db8::1\", \"remote_ipv6\": \"2001:db8::2\"}"));
#define IFADDRS "00000001FE80000000000000000000000000000100000002FE800000000000000000000000000002"
	one_list("072A0000" IFADDRS);
	CHECK_EQ_STR(json(), SL("{\"type\": \"G\", \"local_if_id\": 1, \"local_ipv6\": \"fe80::1\", \"remote_if_id\": 2, "
	                        "\"remote_ipv6\": \"fe80::2\"}"));
	one_list("0F425005" IFADDRS "FC0000000000000000000000000000010041000020100800");
	CHECK_EQ_STR(json(), SL("{\"type\": \"J\", \"local_if_id\": 1, \"local_ipv6\": \"fe80::1\", \"remote_if_id\": 2, "
	                        "\"remote_ipv6\": \"fe80::2\", \"algorithm\": 5, \"sid\": \"fc00::1\", \"endpoint-behavior\": "
	                        "{\"behavior\": 65, \"lb-length\": 32, \"ln-length\": 16, \"fun-length\": 8, "
	                        "\"arg-length\": 0}}"));
	one_list("0E22000020010DB8000000000000000000000001FC000000000000000000000000000001");
	CHECK_EQ_STR(json(), SL("{\"type\": \"I\", \"ipv6_node\": \"2001:db8::1\", \"algorithm\": 0, \"sid\": \"fc00::1\"}"));
	one_list("1032400120010DB800000000000000000000000120010DB8000000000000000000000002"
	         "FC000000000000000000000000000001");
	CHECK_EQ_STR(json(), SL("{\"type\": \"K\", \"local_ipv6\": \"2001:db8::1\", \"remote_ipv6\": \"2001:db8::2\", "
	                        "\"algorithm\": 1, \"sid\": \"fc00::1\"}"));
	/* shorter than its fixed part: ExaBGP's defaults, not an error */
	one_list("0302" "0000");
	CHECK_EQ_STR(json(), SL("{\"type\": \"C\", \"ipv4_node\": \"0.0.0.0\", \"algorithm\": 0}"));
	/* unknown segment type: skipped */
	one_list("6302AABB" "0106000003E81100");
	CHECK_EQ_STR(json(), SL("{\"type\": \"A\", \"label\": 16001, \"tc\": 0, \"s\": true, \"ttl\": 0}"));

	/* another tunnel type: hex, as ExaBGP */
	attr.len = 0;
	CHECK(hex_decode(&attr, "00080002" "0100") == 0);
	CHECK_EQ_STR(json(), "\"tunnel-encap\": {\"tunnel-type-8\": \"0x0100\"}");
	attr.len = 0;

	/* framing: overruns are refused by the JSON and reported for RFC 7606 */
	size_t at = 99;
	CHECK(problem("000F00040C060000", &at) != NULL);    /* sub-TLV overruns its tunnel */
	CHECK_EQ_INT((long)at, 4);
	CHECK(problem("000F0010", &at) != NULL);            /* tunnel TLV overruns the attribute */
	CHECK_EQ_INT((long)at, 0);
	CHECK(problem("000F", &at) != NULL);                /* header truncated */
	CHECK(problem("000F0004800001" "00", &at) == NULL);
	CHECK(problem("000F0007" "800004" "000106" "AA", &at) != NULL); /* segment overruns its list */
	CHECK_EQ_INT((long)at, 8);
	CHECK(problem("", &at) == NULL);
	CHECK(problem("000F0000", &at) == NULL);
	attr.len = 0;
	CHECK(hex_decode(&attr, "000F00040C060000") == 0);   /* the JSON refuses what the check reports */
	CHECK_EQ_STR(json(), "(refused)");
	buf_free(&attr);
	return unit_done();
}
