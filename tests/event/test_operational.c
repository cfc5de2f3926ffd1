/* OPERATIONAL messages as ExaBGP's JSON and text encoders print them
 * (reactor/api/response/json.py and text.py, `operational`), from raw
 * bodies: every category, ASCII escaping of the advisory with UTF-8
 * replacement, one line in text whatever the peer put in it. */
#include "unit.h"

#include "base/hex.h"
#include "event/json.h"
#include "event/text.h"
#include "event/utf8.h"

#include <stdlib.h>

static struct json_peer peer(void)
{
	struct json_peer p;
	memset(&p, 0, sizeof p);
	p.api = JSON_API_V4;
	p.host = "h";
	p.pid = 1;
	p.ppid = 2;
	p.counter = 3;
	p.local_addr = "127.0.0.1";
	p.peer_addr = "127.0.0.2";
	p.local_as = 1;
	p.peer_as = 2;
	p.router_id = "1.2.3.4";
	p.direction = "receive";
	p.time = 1.5;
	return p;
}

#define ENVELOPE "{ \"exabgp\": \"4.0.1\", \"time\": 1.500000, \"host\" : \"h\", \"pid\" : 1, \"ppid\" : 2, " \
	"\"counter\": 3, \"type\": \"operational\", \"neighbor\": { \"address\": { \"local\": \"127.0.0.1\", " \
	"\"peer\": \"127.0.0.2\" }, \"asn\": { \"local\": 1, \"peer\": 2 }, \"router-id\": \"1.2.3.4\" , " \
	"\"direction\": \"receive\", "

/* body hex -> JSON and text lines */
static void check(const char *body_hex, const char *json_op, const char *text)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	CHECK_EQ_INT(hex_decode(&b, body_hex), 0);
	struct wire_operational op;
	struct wire_error e;
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	struct json_peer p = peer();
	json_operational(&out, &p, &op, NULL);
	struct buf want = BUF_INIT;
	buf_printf(&want, ENVELOPE "\"operational\": { %s } } }\n", json_op);
	CHECK_EQ_STR(buf_cstr(&out), buf_cstr(&want));
	buf_reset(&out);
	text_operational(&out, "127.0.0.2", "receive", &op, NULL);
	buf_reset(&want);
	buf_printf(&want, "neighbor 127.0.0.2 receive operational %s\n", text);
	CHECK_EQ_STR(buf_cstr(&out), buf_cstr(&want));
	buf_free(&want);
	buf_free(&out);
	buf_free(&b);
}

static void test_categories(void)
{
	check("0001000A00010168656C6C6F2D31",
	      "\"name\": \"ADM\", \"afi\": \"ipv4\", \"safi\": \"unicast\", \"advisory\": \"hello-1\"",
	      "ADM afi ipv4 safi unicast advisory \"hello-1\"");
	check("0005000B0002800A00000100000007", "\"name\": \"APCQ\", \"afi\": \"ipv6\", \"safi\": \"mpls-vpn\"",
	      "APCQ afi ipv6 safi mpls-vpn");
	check("0008000F0001010A00000100000005FFFFFFFF",
	      "\"name\": \"LPCP\", \"afi\": \"ipv4\", \"safi\": \"unicast\", \"router-id\": \"10.0.0.1\", "
	      "\"sequence\": 5, \"counter\": 4294967295",
	      "LPCP afi ipv4 safi unicast router-id 10.0.0.1 sequence 5 counter 4294967295");
	check("0009000300ABCD", "\"name\": \"unknown\", \"type\": \"operational-type-9\", \"data\": \"0x00ABCD\"",
	      "unknown type operational-type-9 data 0x00ABCD");
	check("FFFF0000", "\"name\": \"unknown\", \"type\": \"operational-type-65535\", \"data\": \"0x\"",
	      "unknown type operational-type-65535 data 0x");
	/* families ExaBGP has no name for */
	check("0003000B006308C0000201000000FF",
	      "\"name\": \"RPCQ\", \"afi\": \"unknown-afi-0x63\", \"safi\": \"unknown safi 8\"",
	      "RPCQ afi unknown-afi-0x63 safi unknown safi 8");
	check("000300000000000000000000000000", "\"name\": \"RPCQ\", \"afi\": \"undefined\", \"safi\": \"undefined\"",
	      "RPCQ afi undefined safi undefined");
}

static void test_advisory_text(void)
{
	/* quote, backslash, tab, DEL; é (2 bytes), € (3), 🎉 (4: a surrogate
	 * pair in JSON), then a lone continuation byte, a truncated 3-byte
	 * sequence and an overlong 2-byte one (two replacements) */
	check("00020018000101" "225C097F" "C3A9" "E282AC" "F09F8E89" "80" "E282" "41" "C080" "0D0A",
	      "\"name\": \"ASM\", \"afi\": \"ipv4\", \"safi\": \"unicast\", \"advisory\": "
	      "\"\\\"\\\\\\t\\u007f\\u00e9\\u20ac\\ud83c\\udf89\\ufffd\\ufffdA\\ufffd\\ufffd\\r\\n\"",
	      "ASM afi ipv4 safi unicast advisory \"\"\\\\t\\x7f\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\x89"
	      "\xEF\xBF\xBD\xEF\xBF\xBD" "A\xEF\xBF\xBD\xEF\xBF\xBD\\r\\n\"");
	/* a line separator and a no-break space would end or hide a line */
	check("00020009000101" "E280A8" "C2A0" "58",
	      "\"name\": \"ASM\", \"afi\": \"ipv4\", \"safi\": \"unicast\", \"advisory\": \"\\u2028\\u00a0X\"",
	      "ASM afi ipv4 safi unicast advisory \"\\u2028\\xa0X\"");
}

static void test_utf8(void)
{
	uint32_t cp;
	const uint8_t surrogate[] = { 0xED, 0xA0, 0x80 };
	CHECK_EQ_INT(utf8_next(surrogate, 3, &cp), 1);   /* ED then A0 breaks: 1 byte replaced */
	CHECK_EQ_INT(cp, 0xFFFD);
	const uint8_t big[] = { 0xF4, 0x90, 0x80, 0x80 };
	CHECK_EQ_INT(utf8_next(big, 4, &cp), 1);
	CHECK_EQ_INT(cp, 0xFFFD);
	const uint8_t max[] = { 0xF4, 0x8F, 0xBF, 0xBF };
	CHECK_EQ_INT(utf8_next(max, 4, &cp), 4);
	CHECK_EQ_INT(cp, 0x10FFFF);
	const uint8_t cut[] = { 0xF0, 0x9F, 0x8E };
	CHECK_EQ_INT(utf8_next(cut, 3, &cp), 3);         /* runs out: all of it, once */
	CHECK_EQ_INT(cp, 0xFFFD);
	CHECK_EQ_INT(utf8_next(cut, 1, &cp), 1);
}

/* The negotiated event and the OPEN's capability list say operational. */
static void test_capability_shown(void)
{
	struct buf out = BUF_INIT;
	struct json_peer p = peer();
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.max_msg = 4096;
	ctx.operational = true;
	json_negotiated(&out, &p, &ctx);
	CHECK(strstr(buf_cstr(&out), "\"multisession\": false, \"operational\": true, ") != NULL);
	buf_reset(&out);
	struct wire_open o;
	memset(&o, 0, sizeof o);
	o.version = 4;
	o.caps.operational = true;
	json_open(&out, &p, &o, NULL);
	CHECK(strstr(buf_cstr(&out), "\"capabilities\": { \"185\": { \"name\": \"operational\" } }") != NULL);
	buf_reset(&out);
	text_open(&out, "127.0.0.2", "receive", &o, NULL);
	CHECK(strstr(buf_cstr(&out), "capabilities [operational]") != NULL);
	buf_free(&out);
}

int main(void)
{
	test_categories();
	test_advisory_text();
	test_utf8();
	test_capability_shown();
	return unit_done();
}
