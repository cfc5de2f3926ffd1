/* FlowSpec NLRI (family_flow.c): framing, component checks (RFC 8955 4.2,
 * RFC 7606 5.4: treat-as-withdraw with the byte offset), ExaBGP's text and
 * JSON, and whole UPDATEs through the decoder and the builder. */
#include <string.h>

#include "../unit.h"
#include "wire/family_flow.h"
#include "wire_test.h"

static int check_hex(const char *hex, bool v6, bool vpn, struct wire_error *e)
{
	struct buf b = hexbuf(hex);
	int n = flow_nlri_check(b.data, b.len, v6, vpn, e);
	buf_free(&b);
	return n;
}

static void text_is(const char *hex, bool v6, bool vpn, const char *want)
{
	struct buf b = hexbuf(hex), out = BUF_INIT;
	flow_nlri_text(&out, b.data, b.len, v6, vpn);
	CHECK_EQ_STR(buf_cstr(&out), want);
	buf_free(&b);
	buf_free(&out);
}

static void test_valid(void)
{
	struct wire_error e;
	/* conf-flow.ci */
	CHECK_EQ_INT(check_hex("1301200A00000202200A00000103810605910C38", false, false, &e), 20);
	CHECK_EQ_INT(e.action, WIRE_OK);
	text_is("1301200A00000202200A00000103810605910C38", false, false,
	        "flow destination-ipv4 10.0.0.2/32 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =3128");
	text_is("250120C0A8000102200A0000020301118106040150911F9005121F90541F98910C3806920400", false, false,
	        "flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.2/32 protocol [ =udp =tcp ] port [ =80 =8080 ] "
	        "destination-port [ >8080&<8088 =3128 ] source-port >1024");
	text_is("1C01200A00000202200A00000103810605910C3809000200044001C308", false, false,
	        "flow destination-ipv4 10.0.0.2/32 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =3128 "
	        "tcp-flags [ syn rst&fin&!=push ]");
	text_is("0C0A02C854012C120190D401F4", false, false, "flow packet-length [ >200&<300 >400&<500 ]");
	text_is("1C0120C0A8000102200A00000A038606048600059601BB060650961F90", false, false,
	        "flow destination-ipv4 192.168.0.1/32 source-ipv4 10.0.0.10/32 protocol !=tcp port !=0 "
	        "destination-port !=443 source-port [ !=80 !=8080 ]");
	/* As ExaBGP's decoder shows them (differential test): a first rule
	 * with the AND bit keeps its '&'; bits without a name are the whole
	 * value in decimal after ExaBGP's label. */
	text_is("0304C150", false, false, "flow port &=80");
	text_is("0309C102", false, false, "flow tcp-flags &=syn");
	text_is("0309C3FF", false, false, "flow tcp-flags &!=fin+syn+rst+push+ack+urg+ece+cwr");
	text_is("0409D10F02", false, false, "flow tcp-flags &=syn+ns+unknown tcp flag type 3842");
	text_is("030CC170", false, false, "flow fragment &=unknown fragment type 112");
	text_is("030C83FF", false, false,
	        "flow fragment !=dont-fragment+is-fragment+first-fragment+last-fragment+unknown fragment type 255");
	/* flow-vpn with its RD */
	CHECK_EQ_INT(check_hex("0E0000FFFF0001000002200A000001", false, true, &e), 15);
	CHECK_EQ_INT(e.action, WIRE_OK);
	text_is("0E0000FFFF0001000002200A000001", false, true, "flow source-ipv4 10.0.0.1/32 rd 65535:65536");
	/* IPv6 (bgp-flow-1) and the offset form */
	const char *v6 = "280180002A0229B8192500000000000000002E69024000BEEFF00E000000000381060C000400028008";
	CHECK_EQ_INT(check_hex(v6, true, false, &e), 41);
	CHECK_EQ_INT(e.action, WIRE_OK);
	text_is(v6, true, false,
	        "flow destination-ipv6 2a02:29b8:1925::2e69/128/0 source-ipv6 beef:f00e::/64/0 next-header =tcp "
	        "fragment [ first-fragment is-fragment last-fragment ]");
	text_is("1602807800000000000000000000000000000001038111", true, false,
	        "flow source-ipv6 ::1/128/120 next-header =udp");
	/* two-byte length (RFC 8955 4.1): 0xF0F0 = 240 bytes of body */
	struct buf big = BUF_INIT;
	buf_put_u16(&big, 0xF0F0);
	buf_put(&big, "\x01\x18\x0a\x00\x00", 5);
	buf_put_u8(&big, 0x04);
	for (int i = 0; i < 117; i++) {
		buf_put_u8(&big, i == 116 ? 0x81 : 0x01);
		buf_put_u8(&big, (uint8_t)i);
	}
	CHECK_EQ_INT(flow_nlri_check(big.data, big.len, false, false, &e), 242);
	CHECK_EQ_INT(e.action, WIRE_OK);
	buf_free(&big);
}

static void test_malformed(void)
{
	struct wire_error e;
	/* Overrunning length: the field cannot be delimited (hard error). */
	CHECK_EQ_INT(check_hex("13012000", false, false, &e), -1);
	CHECK(strstr(e.why, "overruns") != NULL);
	CHECK_EQ_INT(check_hex("F1", false, false, &e), -1);
	/* FRR CVE-2022-37032 class: length 0 -> treat-as-withdraw, not a crash. */
	CHECK_EQ_INT(check_hex("00", false, false, &e), 1);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* Operator list one too long: no end bit before the NLRI ends. */
	CHECK_EQ_INT(check_hex("050401500150", false, false, &e), 6);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(e.why, "not terminated") != NULL);
	/* Value overruns the NLRI. */
	CHECK_EQ_INT(check_hex("03049150", false, false, &e), 4);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* Components out of order; unknown type; reserved bits; wrong width. */
	CHECK_EQ_INT(check_hex("06038106012000", false, false, &e), 7);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(e.why, "offset 4") != NULL);
	CHECK_EQ_INT(check_hex("030D8101", false, false, &e), 4);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK_EQ_INT(check_hex("03038906", false, false, &e), 4);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK_EQ_INT(check_hex("0403910006", false, false, &e), 5);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* Prefix too long, IPv6 offset beyond the length. */
	CHECK_EQ_INT(check_hex("0601210A000001", false, false, &e), 7);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK_EQ_INT(check_hex("0401081000", true, false, &e), 5);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* flow-vpn shorter than its RD. */
	CHECK_EQ_INT(check_hex("0400000000", false, true, &e), 5);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* The field checker passes soft errors up; nlri_one_valid refuses them. */
	struct buf f = hexbuf("00 0601200A000001");
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_FLOW, false, f.data, f.len, &e), 2);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(!nlri_one_valid(FAM_IPV4_FLOW, f.data, 1));
	CHECK(nlri_one_valid(FAM_IPV4_FLOW, f.data + 1, 7));
	buf_free(&f);
}

static void test_update(void)
{
	struct wire_session_ctx ctx = test_session(false, true);
	ctx.fam[FAM_IPV4_FLOW] = true;
	struct wire_encode_ctx enc = test_encode(&ctx);
	/* bgp-flow-2's UPDATE body decodes; MP_REACH with no next hop. */
	struct buf body = hexbuf("000000274001010040020040050400000064C010088006000000000000800E0B0001850000050901048109");
	struct wire_update u;
	struct buf blob = BUF_INIT;
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK_EQ_INT(u.mp_reach.fam, FAM_IPV4_FLOW);
	CHECK_EQ_INT(u.mp_nh_len, 0);
	CHECK_EQ_INT(u.mp_reach.len, 6);
	/* Build it back: encode(decode(x)) == x. */
	struct buf out = BUF_INIT;
	struct wire_update_builder b;
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_announce(&b, FAM_IPV4_FLOW, blob.data, blob.len));
	struct nlri_ref n = { FAM_IPV4_FLOW, 0, (uint16_t)u.mp_reach.len, u.mp_reach.data };
	CHECK(wire_update_add(&b, &n));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	CHECK(out.len == 19 + body.len);
	if (out.len == 19 + body.len) {
		hexdump_diff("flow update", out.data + 19, out.len - 19, body.data, body.len);
		CHECK(memcmp(out.data + 19, body.data, body.len) == 0);
	}
	/* With a next hop: no NEXT_HOP attribute beside MP_REACH (conf-flow). */
	buf_reset(&out);
	struct buf sorted = BUF_INIT;
	/* blob must stay sorted by code: rebuild it */
	blob_add(&sorted, -1, ATTR_NEXT_HOP, "01020304");
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_announce(&b, FAM_IPV4_FLOW, sorted.data, sorted.len));
	CHECK(wire_update_add(&b, &n));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	struct buf want = hexbuf("000000204001010040020040050400000064800E0F000185040102030400050901048109");
	CHECK(out.len == 19 + want.len);
	if (out.len == 19 + want.len)
		hexdump_diff("flow nh", out.data + 19, out.len - 19, want.data, want.len);
	buf_free(&want);
	buf_free(&sorted);

	/* A bad component: treat-as-withdraw, the session stays up. */
	struct buf bad = hexbuf("000000274001010040020040050400000064C010088006000000000000800E0B0001850000050901040109");
	wire_update_decode(bad.data, bad.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(u.err.why, "ipv4 flow") != NULL);
	CHECK(strstr(u.err.why, "offset") != NULL);
	/* An overrunning flow length: the family is disabled, no reset. */
	struct buf over = hexbuf("000000274001010040020040050400000064C010088006000000000000800E0B0001850000090901048109");
	wire_update_decode(over.data, over.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_AFISAFI_DISABLE);
	buf_free(&over);
	buf_free(&bad);
	buf_free(&out);
	buf_free(&blob);
	buf_free(&body);
}

int main(void)
{
	test_valid();
	test_malformed();
	test_update();
	return unit_done();
}
