/* json_put_string (json_attrs.c): text a peer chose (OPEN hostname and
 * software version, names) written as a JSON string that stays valid
 * whatever the bytes: valid UTF-8 is copied, invalid bytes become \ufffd. */
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "event/json_int.h"

static const char *js(const char *s, size_t n)
{
	static struct buf out;
	out.len = 0;
	json_put_string(&out, s, n);
	return buf_cstr(&out);
}

int main(void)
{
	CHECK_EQ_STR(js("router-1", 8), "\"router-1\"");
	CHECK_EQ_STR(js("a\"b\\c\n", 6), "\"a\\\"b\\\\c\\n\"");
	CHECK_EQ_STR(js("\x01", 1), "\"\\u0001\"");
	CHECK_EQ_STR(js("caf\xc3\xa9", 5), "\"caf\xc3\xa9\"");              /* UTF-8 kept */
	CHECK_EQ_STR(js("\xe2\x82\xac", 3), "\"\xe2\x82\xac\"");             /* 3-byte sequence */
	CHECK_EQ_STR(js("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"");     /* 4-byte sequence */
	CHECK_EQ_STR(js("\xef\xbf\xbd", 3), "\"\xef\xbf\xbd\"");             /* a real U+FFFD stays */
	CHECK_EQ_STR(js("a\xff" "b", 3), "\"a\\ufffdb\"");                   /* invalid byte */
	CHECK_EQ_STR(js("\xc3", 1), "\"\\ufffd\"");                          /* cut sequence at the end */
	CHECK_EQ_STR(js("\xe2\x82" "x", 3), "\"\\ufffdx\"");                 /* cut sequence inside */
	CHECK_EQ_STR(js("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");               /* overlong: two bad bytes */
	return unit_done();
}
