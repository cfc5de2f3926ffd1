/* ExaBGP's JSON for the Tunnel Encapsulation attribute (type 23, RFC 9012)
 * with the SR Policy tunnel type (15) and its sub-TLVs (RFC 9830 2.4):
 * "tunnel-encap": {"sr-policy": {...}}.  Anything else is left to the
 * generic form (returns false). */
#include "event/json_int.h"

/* Sub-TLV header: type:1, length:1 (types < 128) or 2 (>= 128). */
static bool sub_next(const uint8_t *v, size_t n, size_t *off, uint8_t *t, const uint8_t **p, size_t *l)
{
	if (*off >= n)
		return false;
	*t = v[*off];
	size_t h = *t >= 128 ? 3 : 2;
	if (n - *off < h)
		return false;
	*l = *t >= 128 ? get_be16(v + *off + 1) : v[*off + 1];
	if (n - *off - h < *l)
		return false;
	*p = v + *off + h;
	*off += h + *l;
	return true;
}

static bool segment_list(struct buf *out, const uint8_t *v, size_t n)
{
	size_t off = 1;   /* reserved octet */
	uint8_t t;
	const uint8_t *p;
	size_t l;
	bool first = true;
	buf_puts(out, "{");
	struct buf segs = BUF_INIT;
	bool ok = n >= 1;
	while (ok && off < n) {
		if (!sub_next(v, n, &off, &t, &p, &l)) {
			ok = false;
			break;
		}
		if (t == 9 && l == 6) {
			buf_printf(out, "%s\"weight\": %u", first ? "" : ", ", get_be32(p + 2));
			first = false;
		} else if (t == 1 && l == 6) {
			uint32_t w = get_be32(p + 2);
			buf_printf(&segs, "%s{\"type\": \"A\", \"label\": %u, \"tc\": %u, \"s\": %s, \"ttl\": %u}",
			           segs.len ? ", " : "", w >> 12, (w >> 9) & 7, (w >> 8) & 1 ? "true" : "false", w & 0xff);
		} else {
			ok = false;
		}
	}
	if (ok)
		buf_printf(out, "%s\"segments\": [%.*s]}", first ? "" : ", ", (int)segs.len, (const char *)segs.data);
	buf_free(&segs);
	return ok;
}

bool json_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len)
{
	if (len < 4 || get_be16(v) != 15 || get_be16(v + 2) != len - 4)
		return false;
	const uint8_t *b = v + 4;
	size_t n = len - 4, off = 0, l;
	uint8_t t;
	const uint8_t *p;
	buf_puts(out, "\"tunnel-encap\": {\"sr-policy\": {");
	bool first = true, lists = false;
	while (off < n) {
		if (!sub_next(b, n, &off, &t, &p, &l))
			return false;
		if (t == 12 && l == 6) {
			buf_printf(out, "%s\"preference\": %u", first ? "" : ", ", get_be32(p + 2));
		} else if (t == 13 && l == 6) {
			buf_printf(out, "%s\"binding-sid\": {\"type\": \"mpls\", \"label\": %u}", first ? "" : ", ",
			           get_be32(p + 2) >> 12);
		} else if (t == 128) {
			if (!lists)
				buf_puts(out, first ? "\"segment-lists\": [" : ", \"segment-lists\": [");
			else
				buf_puts(out, ", ");
			if (!segment_list(out, p, l))
				return false;
			lists = true;
			first = false;
			continue;
		} else {
			return false;
		}
		if (lists)
			return false;   /* keep simple: segment lists last, as ExaBGP sends */
		first = false;
	}
	if (lists)
		buf_puts(out, "]");
	buf_puts(out, "}}");
	return true;
}
