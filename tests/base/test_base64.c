/* Strict base64 for md5-base64 keys: RFC 4648 section 10 vectors, padding
 * rules as Python's b64decode(validate=True) (what ExaBGP uses), refusals. */
#include "base/base64.h"
#include "unit.h"

static long dec(const char *s, uint8_t *out, size_t cap)
{
	return base64_decode(s, strlen(s), out, cap);
}

int main(void)
{
	uint8_t b[128];
	static const struct { const char *in, *out; } ok[] = {
		{ "", "" }, { "Zg==", "f" }, { "Zm8=", "fo" }, { "Zm9v", "foo" },
		{ "Zm9vYg==", "foob" }, { "Zm9vYmE=", "fooba" }, { "Zm9vYmFy", "foobar" },
		{ "YWJj==", "abc" },        /* surplus padding after a full group */
		{ "c2VjcmV0", "secret" },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		long n = dec(ok[i].in, b, sizeof b);
		CHECK_EQ_MEM(b, (size_t)(n < 0 ? 0 : n), ok[i].out, strlen(ok[i].out));
		CHECK_EQ_INT(n, (long)strlen(ok[i].out));
	}
	/* binary bytes, all 64 symbols */
	long n = dec("+/8A", b, sizeof b);
	CHECK_EQ_INT(n, 3);
	CHECK(b[0] == 0xfb && b[1] == 0xff && b[2] == 0x00);
	static const char *bad[] = {
		"Zg", "Zg=", "Zm8", "Zm8==", "Z", "Zm9vY", "Zm9v===", "Zm 9v", "Zm9v\n",
		"Zm-v", "Zm_v", "Z=g=", "=Zg=", "Zm9v!",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long r = dec(bad[i], b, sizeof b);
		if (r != -1)
			fprintf(stderr, "accepted '%s'\n", bad[i]);
		CHECK_EQ_INT(r, -1);
	}
	/* too long for the buffer: -2, nothing read past cap */
	CHECK_EQ_INT(dec("Zm9vYmFy", b, 5), -2);
	CHECK_EQ_INT(dec("Zm9vYmFy", b, 6), 6);
	return unit_done();
}
