/* NOTIFICATION and ROUTE-REFRESH codec. */
#include "unit.h"

#include "base/hex.h"
#include "wire/notify.h"

#include <stdlib.h>

static void check_hex(const struct buf *b, const char *want)
{
	struct buf t = BUF_INIT;
	hex_encode(&t, b->data, b->len);
	CHECK_EQ_STR(buf_cstr(&t), want);
	buf_free(&t);
}

#define FF16 "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void test_notification(void)
{
	struct buf out = BUF_INIT;
	/* api-teardown: Cease / Administrative Reset with an RFC 9003 text. */
	wire_notification_encode_text(&out, 6, 4, "Administrative Reset");
	check_hex(&out, FF16 "002A" "03" "0604" "14" "41646D696E6973747261746976652052657365" "74");
	struct wire_notification n;
	CHECK_EQ_INT(wire_notification_decode(out.data + 19, out.len - 19, &n), 0);
	CHECK_EQ_INT(n.code, 6);
	CHECK_EQ_INT(n.subcode, 4);
	CHECK(n.has_text);
	CHECK_EQ_STR(n.text, "Administrative Reset");
	CHECK_EQ_INT(n.data_len, 21);

	/* unknown-message: 1/0 with ExaBGP's sentence as data. */
	buf_reset(&out);
	const char *msg = "can not decode update message of type \"255\"";
	wire_notification_encode(&out, 1, 0, (const uint8_t *)msg, strlen(msg));
	CHECK_EQ_INT(out.len, 19 + 2 + strlen(msg));
	CHECK_EQ_INT(wire_notification_decode(out.data + 19, out.len - 19, &n), 0);
	CHECK(!n.has_text);
	CHECK_EQ_MEM(n.data, n.data_len, msg, strlen(msg));

	/* Text too long for its data: not a communication. */
	uint8_t bad[] = { 6, 2, 10, 'a', 'b' };
	CHECK_EQ_INT(wire_notification_decode(bad, sizeof bad, &n), 0);
	CHECK(!n.has_text);
	/* Empty communication. */
	uint8_t empty[] = { 6, 2, 0 };
	CHECK_EQ_INT(wire_notification_decode(empty, sizeof empty, &n), 0);
	CHECK(n.has_text);
	CHECK_EQ_STR(n.text, "");
	/* Shutdown without data. */
	CHECK_EQ_INT(wire_notification_decode(empty, 2, &n), 0);
	CHECK(!n.has_text);
	/* Truncated body: reported, never read past. */
	CHECK_EQ_INT(wire_notification_decode(empty, 1, &n), -1);
	CHECK_EQ_INT(wire_notification_decode(empty, 0, &n), -1);

	/* A 300-byte text is cut at 255 on a character boundary. */
	char big[301];
	memset(big, 'x', 300);
	big[300] = 0;
	memcpy(big + 254, "\xc3\xa9", 2); /* é straddles the limit */
	buf_reset(&out);
	wire_notification_encode_text(&out, 6, 2, big);
	CHECK_EQ_INT(out.data[21], 254);
	buf_free(&out);
}

static void test_names(void)
{
	CHECK_EQ_STR(wire_notification_code_name(6), "Cease");
	CHECK_EQ_STR(wire_notification_code_name(2), "OPEN message error");
	CHECK_EQ_STR(wire_notification_code_name(99), "unknown error");
	CHECK_EQ_STR(wire_notification_subcode_name(6, 4), "Administrative Reset");
	CHECK_EQ_STR(wire_notification_subcode_name(6, 2), "Administrative Shutdown");
	CHECK_EQ_STR(wire_notification_subcode_name(2, 6), "Unacceptable Hold Time");
	CHECK_EQ_STR(wire_notification_subcode_name(1, 3), "Bad Message Type");
	CHECK_EQ_STR(wire_notification_subcode_name(3, 11), "Malformed AS_PATH");
	CHECK_EQ_STR(wire_notification_subcode_name(5, 3), "Receive Unexpected Message in Established State");
	CHECK_EQ_STR(wire_notification_subcode_name(4, 0), "Unspecific");
	CHECK_EQ_STR(wire_notification_subcode_name(6, 200), "unknow reason");
	CHECK_EQ_STR(wire_notification_subcode_name(200, 0), "unknow reason");
}

static void test_route_refresh(void)
{
	struct buf out = BUF_INIT;
	wire_route_refresh_encode(&out, 2, 1, RR_BORR);
	check_hex(&out, FF16 "0017" "05" "00020101");
	struct wire_route_refresh rr;
	struct wire_error e;
	CHECK_EQ_INT(wire_route_refresh_decode(out.data + 19, 4, &rr, &e), 0);
	CHECK_EQ_INT(rr.afi, 2);
	CHECK_EQ_INT(rr.safi, 1);
	CHECK_EQ_INT(rr.subtype, RR_BORR);
	buf_reset(&out);
	wire_route_refresh_encode(&out, 1, 1, RR_EORR);
	CHECK_EQ_INT(wire_route_refresh_decode(out.data + 19, 4, &rr, &e), 0);
	CHECK_EQ_INT(rr.subtype, RR_EORR);
	/* RFC 7313 section 5: wrong length is 7/1 with the message as data. */
	CHECK_EQ_INT(wire_route_refresh_decode(out.data + 19, 3, &rr, &e), -1);
	CHECK_EQ_INT(e.code, 7);
	CHECK_EQ_INT(e.subcode, 1);
	CHECK_EQ_INT(e.data_len, 3);
	CHECK_EQ_INT(wire_route_refresh_decode(out.data + 19, 0, &rr, &e), -1);
	buf_free(&out);
}

int main(void)
{
	test_notification();
	test_names();
	test_route_refresh();
	return unit_done();
}
