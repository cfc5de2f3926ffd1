/* UTF-8 with replacement (see utf8.h).  The valid ranges of each byte after
 * a lead byte are those of RFC 3629 section 4 (no overlong forms, no
 * surrogates, nothing above U+10FFFF); a sequence that breaks off is
 * replaced as a whole, the byte that broke it starts the next one. */
#include "event/utf8.h"

size_t utf8_next(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t need;
	uint8_t lo = 0x80, hi = 0xbf;   /* range of the second byte */
	uint32_t v;
	if (b >= 0xc2 && b <= 0xdf) {
		need = 1;
		v = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		need = 2;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0;   /* overlong */
		else if (b == 0xed)
			hi = 0x9f;   /* surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		need = 3;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;   /* overlong */
		else if (b == 0xf4)
			hi = 0x8f;   /* above U+10FFFF */
	} else {
		*cp = 0xfffd;    /* continuation byte, C0, C1, F5..FF */
		return 1;
	}
	size_t i = 1;
	for (; i <= need; i++) {
		if (i >= n)
			break;
		uint8_t c = p[i];
		if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xbf))
			break;
		v = v << 6 | (c & 0x3f);
	}
	if (i <= need) {
		*cp = 0xfffd;
		return i;
	}
	*cp = v;
	return need + 1;
}
