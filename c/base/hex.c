#include "base/hex.h"

#include <ctype.h>
#include <string.h>

void hex_encode(struct buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	uint8_t *o = buf_extend(b, 2 * n);
	for (size_t i = 0; i < n; i++) {
		o[2 * i] = digits[p[i] >> 4];
		o[2 * i + 1] = digits[p[i] & 15];
	}
}

static int nibble(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int hex_decode(struct buf *out, const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	int hi = -1;
	for (; *s; s++) {
		if (*s == ':' || isspace((unsigned char)*s))
			continue;
		int v = nibble((unsigned char)*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			buf_put_u8(out, (uint8_t)(hi << 4 | v));
			hi = -1;
		}
	}
	return hi < 0 ? 0 : -1;
}
