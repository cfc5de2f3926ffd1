/* Strict base64 decoding, for TCP-MD5 keys given with md5-base64 (a key
 * that decodes to other bytes than intended would leave the session down
 * with no clue, so anything doubtful is refused). */
#include "base/base64.h"

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long base64_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t pad = 0;
	while (pad < n && s[n - 1 - pad] == '=')
		pad++;
	if (pad > 2)
		return -1;
	size_t data = n - pad;
	/* a lone sixth of a byte cannot be; a short group needs its padding */
	switch (data % 4) {
	case 1:
		return -1;
	case 2:
		if (pad != 2)
			return -1;
		break;
	case 3:
		if (pad != 1)
			return -1;
		break;
	default:
		break;
	}
	size_t len = data / 4 * 3 + (data % 4 ? data % 4 - 1 : 0);
	if (len > cap)
		return -2;
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < data; i++) {
		int v = b64_value((unsigned char)s[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return (long)o;
}
