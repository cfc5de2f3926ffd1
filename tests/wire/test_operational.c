/* OPERATIONAL messages (type 6) and their capability: raw bytes both ways,
 * malformed bodies, and negotiation. */
#include "unit.h"

#include "base/hex.h"
#include "wire/capability.h"
#include "wire/operational.h"

#include <stdlib.h>

#define FF16 "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void check_hex(const struct buf *b, const char *want)
{
	struct buf t = BUF_INIT;
	hex_encode(&t, b->data, b->len);
	CHECK_EQ_STR(buf_cstr(&t), want);
	buf_free(&t);
}

static struct buf bytes(const char *hex)
{
	struct buf b = BUF_INIT;
	if (hex_decode(&b, hex) < 0)
		abort();
	return b;
}

static void test_encode(void)
{
	struct buf out = BUF_INIT;
	struct wire_operational op = { .type = OP_ADM, .afi = 1, .safi = 1,
	                               .data = (const uint8_t *)"Test", .data_len = 4 };
	wire_operational_encode(&out, &op);
	/* header (30 bytes, type 6), TLV 1 length 7: AFI 1 SAFI 1 "Test" */
	check_hex(&out, FF16 "001E06" "0001" "0007" "000101" "54657374");

	buf_reset(&out);
	struct wire_operational q = { .type = OP_RPCQ, .afi = 2, .safi = 1, .router_id = 0xC0000201,
	                              .sequence = 12345 };
	wire_operational_encode(&out, &q);
	check_hex(&out, FF16 "002206" "0003" "000B" "000201" "C0000201" "00003039");

	buf_reset(&out);
	struct wire_operational c = { .type = OP_LPCP, .afi = 1, .safi = 128, .router_id = 0x0A000001,
	                              .sequence = 67890, .counter = 10000 };
	wire_operational_encode(&out, &c);
	check_hex(&out, FF16 "002606" "0008" "000F" "000180" "0A000001" "00010932" "00002710");

	/* An advisory over 2 KiB is cut to 2045 bytes and "..." (ExaBGP). */
	static uint8_t big[3000];
	memset(big, 'A', sizeof big);
	buf_reset(&out);
	struct wire_operational a = { .type = OP_ASM, .afi = 1, .safi = 1, .data = big, .data_len = sizeof big };
	wire_operational_encode(&out, &a);
	CHECK_EQ_INT(out.len, 19 + 4 + 3 + OP_MAX_ADVISORY);
	CHECK_EQ_INT(get_be16(out.data + 21), 3 + OP_MAX_ADVISORY);
	CHECK_EQ_MEM(out.data + out.len - 4, 4, "A...", 4);
	buf_free(&out);
}

static void test_decode(void)
{
	struct wire_operational op;
	struct wire_error e;
	struct buf b = bytes("0001" "0007" "000101" "54657374");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	CHECK_EQ_INT(op.type, OP_ADM);
	CHECK_EQ_STR(wire_operational_name(op.type), "ADM");
	CHECK_EQ_INT(wire_operational_category(op.type), OP_CAT_ADVISORY);
	CHECK_EQ_INT(op.afi, 1);
	CHECK_EQ_INT(op.safi, 1);
	CHECK_EQ_MEM(op.data, op.data_len, "Test", 4);
	buf_free(&b);

	/* Empty advisory; bytes after the TLV are ignored. */
	b = bytes("0002" "0003" "000201" "EEEE");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	CHECK_EQ_INT(op.type, OP_ASM);
	CHECK_EQ_INT(op.afi, 2);
	CHECK_EQ_INT(op.data_len, 0);
	buf_free(&b);

	b = bytes("0005" "000B" "000101" "C0000201" "00003039");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	CHECK_EQ_STR(wire_operational_name(op.type), "APCQ");
	CHECK_EQ_INT(op.router_id, 0xC0000201);
	CHECK_EQ_INT(op.sequence, 12345);
	buf_free(&b);

	b = bytes("0004" "000F" "000101" "0A000001" "00010932" "FFFFFFFF");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	CHECK_EQ_STR(wire_operational_name(op.type), "RPCP");
	CHECK_EQ_INT(wire_operational_category(op.type), OP_CAT_COUNTER);
	CHECK_EQ_INT(op.router_id, 0x0A000001);
	CHECK_EQ_INT(op.sequence, 67890);
	CHECK_EQ_INT(op.counter, 0xFFFFFFFFu);
	buf_free(&b);

	/* A type ExaBGP does not know: kept raw, not an error. */
	b = bytes("0009" "0002" "ABCD" "99");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), 0);
	CHECK_EQ_INT(op.type, 9);
	CHECK(wire_operational_name(9) == NULL);
	CHECK_EQ_INT(wire_operational_category(9), OP_CAT_UNKNOWN);
	CHECK_EQ_MEM(op.data, op.data_len, "\xAB\xCD", 2);
	buf_free(&b);

	/* Names from the API and configuration, any case. */
	CHECK_EQ_INT(wire_operational_by_name("rpcq"), OP_RPCQ);
	CHECK_EQ_INT(wire_operational_by_name("LPCP"), OP_LPCP);
	CHECK_EQ_INT(wire_operational_by_name("ns"), 0);
	CHECK_EQ_INT(wire_operational_by_name(NULL), 0);
}

/* Every malformed body is NOTIFICATION 5/0 with the reason as data, and is
 * never read past its end (ASan checks the copies below). */
static void check_malformed(const char *hex)
{
	struct buf b = bytes(hex);
	uint8_t *exact = malloc(b.len ? b.len : 1);
	if (b.len)
		memcpy(exact, b.data, b.len);
	struct wire_operational op;
	struct wire_error e;
	memset(&e, 0, sizeof e);
	CHECK_EQ_INT(wire_operational_decode(exact, b.len, &op, &e), -1);
	CHECK_EQ_INT(e.action, WIRE_SESSION_RESET);
	CHECK_EQ_INT(e.code, 5);
	CHECK_EQ_INT(e.subcode, 0);
	CHECK(e.data_len > 0);
	CHECK(strncmp(e.why, "OPERATIONAL: ", 13) == 0);
	free(exact);
	buf_free(&b);
}

static void test_malformed(void)
{
	check_malformed("");
	check_malformed("000100");
	/* TLV length beyond the body */
	check_malformed("0001" "0008" "000101" "54657374");
	check_malformed("0009" "0010" "AB");
	/* too short for the layout of the type */
	check_malformed("0001" "0000" "0001");
	check_malformed("0003" "000B" "000101" "C0000201" "000030");
	check_malformed("0006" "000F" "000101" "0A000001" "00010932" "000027");
	/* the reason reads well */
	struct buf b = bytes("0007" "000B" "000101");
	struct wire_operational op;
	struct wire_error e;
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), -1);
	CHECK_EQ_STR(e.why, "OPERATIONAL: TLV 7 says 11 bytes of value, 3 present");
	buf_free(&b);
	b = bytes("0007" "0000" "000101" "0102");
	CHECK_EQ_INT(wire_operational_decode(b.data, b.len, &op, &e), -1);
	CHECK_EQ_STR(e.why, "OPERATIONAL: TLV 7 (LPCQ) needs 15 bytes, 9 present");
	CHECK_EQ_MEM(e.data, e.data_len, e.why, strlen(e.why));
	buf_free(&b);
}

/* Capability 185: empty, anywhere in the OPEN, offered only when enabled,
 * negotiated only when both sides offered it. */
static void test_capability(void)
{
	struct wire_caps c;
	struct wire_error e;
	memset(&c, 0, sizeof c);
	CHECK_EQ_INT(wire_capability_decode(&c, CAP_OPERATIONAL, NULL, 0, &e), 0);
	CHECK(c.operational);
	CHECK_EQ_INT(c.unknown_len, 0);

	struct buf out = BUF_INIT;
	memset(&c, 0, sizeof c);
	c.route_refresh = c.enhanced_route_refresh = c.extended_message = true;
	c.operational = true;
	wire_capabilities_encode(&out, &c, false);
	/* ExaBGP's order: refresh, enhanced refresh, operational, extended message */
	check_hex(&out, "02020200" "02024600" "0202B900" "02020600");
	buf_reset(&out);
	c.operational = false;
	wire_capabilities_encode(&out, &c, false);
	check_hex(&out, "02020200" "02024600" "02020600");
	buf_free(&out);

	struct wire_open a, b;
	struct wire_session_ctx ctx;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.version = b.version = 4;
	a.my_as = b.my_as = 65000;
	a.bgp_id = 0x01020304;
	a.hold_time = b.hold_time = 90;
	a.caps.operational = true;
	wire_negotiate(&a, &b, &ctx);
	CHECK(!ctx.operational);
	wire_negotiate(&b, &a, &ctx);
	CHECK(!ctx.operational);
	b.caps.operational = true;
	wire_negotiate(&a, &b, &ctx);
	CHECK(ctx.operational);

	/* Through a whole OPEN. */
	struct buf msg = BUF_INIT;
	wire_open_encode(&msg, &a);
	struct wire_open o;
	CHECK_EQ_INT(wire_open_decode(msg.data + 19, msg.len - 19, &o, &e), 0);
	CHECK(o.caps.operational);
	buf_free(&msg);
}

/* Decode what we encode, for every known type. */
static void test_roundtrip(void)
{
	for (uint16_t t = OP_ADM; t <= OP_LPCP; t++) {
		struct wire_operational in = { .type = t, .afi = 2, .safi = 133, .router_id = 0x01020304,
		                               .sequence = t * 1000u, .counter = t * 7u,
		                               .data = (const uint8_t *)"hello", .data_len = 5 };
		struct buf out = BUF_INIT;
		wire_operational_encode(&out, &in);
		uint16_t len;
		uint8_t type;
		struct wire_error e;
		CHECK_EQ_INT(wire_header_check(out.data, BGP_MAX_MSG, &len, &type, &e), 0);
		CHECK_EQ_INT(type, BGP_OPERATIONAL);
		CHECK_EQ_INT(len, out.len);
		struct wire_operational got;
		CHECK_EQ_INT(wire_operational_decode(out.data + 19, out.len - 19, &got, &e), 0);
		CHECK_EQ_INT(got.type, t);
		CHECK_EQ_INT(got.afi, 2);
		CHECK_EQ_INT(got.safi, 133);
		enum wire_op_category cat = wire_operational_category(t);
		if (cat == OP_CAT_ADVISORY) {
			CHECK_EQ_MEM(got.data, got.data_len, "hello", 5);
		} else {
			CHECK_EQ_INT(got.router_id, 0x01020304);
			CHECK_EQ_INT(got.sequence, t * 1000u);
			CHECK_EQ_INT(got.counter, cat == OP_CAT_COUNTER ? t * 7u : 0);
		}
		buf_free(&out);
	}
}

int main(void)
{
	test_encode();
	test_decode();
	test_malformed();
	test_capability();
	test_roundtrip();
	return unit_done();
}
