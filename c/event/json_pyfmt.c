/* Python's float repr and json.dumps string escaping, so that values ExaBGP
 * renders through json.dumps (BGP-LS bandwidths, loss, names) come out the
 * same here.  Written from the behaviour (repr: shortest round-trip digits,
 * fixed notation for exponents -4..15; ensure_ascii escapes); the UTF-8
 * 'replace' decoding is utf8.c's. */
#include "event/json_pyfmt.h"
#include "event/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_put_pyfloat(struct buf *out, double d)
{
	if (isnan(d)) {
		buf_puts(out, "NaN");
		return;
	}
	if (isinf(d)) {
		buf_puts(out, d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	/* Fewest significant digits whose correctly rounded value reads back
	 * as d; 17 always does. */
	char s[48];
	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof s, "%.*e", p - 1, d);
		if (p == 17 || strtod(s, NULL) == d)
			break;
	}
	const char *m = s[0] == '-' ? s + 1 : s, *e = strchr(m, 'e');
	if (!e)
		return;
	char dig[24];
	int nd = 0, exp = atoi(e + 1);
	for (const char *c = m; c < e && nd < (int)sizeof dig; c++)
		if (*c >= '0' && *c <= '9')
			dig[nd++] = *c;
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (s[0] == '-')
		buf_put_u8(out, '-');
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			buf_puts(out, "0.");
			for (int i = -1; i > exp; i--)
				buf_put_u8(out, '0');
			buf_put(out, dig, (size_t)nd);
			return;
		}
		for (int i = 0; i <= exp; i++)
			buf_put_u8(out, (uint8_t)(i < nd ? dig[i] : '0'));
		buf_put_u8(out, '.');
		if (nd > exp + 1)
			buf_put(out, dig + exp + 1, (size_t)(nd - exp - 1));
		else
			buf_put_u8(out, '0');
		return;
	}
	buf_put_u8(out, (uint8_t)dig[0]);
	if (nd > 1) {
		buf_put_u8(out, '.');
		buf_put(out, dig + 1, (size_t)(nd - 1));
	}
	buf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

static void put_u16esc(struct buf *out, unsigned u)
{
	buf_printf(out, "\\u%04x", u);
}

void json_put_pystr(struct buf *out, const uint8_t *s, size_t n)
{
	buf_put_u8(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(s + i, n - i, &cp);   /* U+FFFD for a bad sequence */
		switch (cp) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (cp >= 0x20 && cp < 0x7f) {
				buf_put_u8(out, (uint8_t)cp);
			} else if (cp < 0x10000) {
				put_u16esc(out, cp);
			} else {
				cp -= 0x10000;
				put_u16esc(out, 0xd800 | (cp >> 10));
				put_u16esc(out, 0xdc00 | (cp & 0x3ff));
			}
		}
	}
	buf_put_u8(out, '"');
}
