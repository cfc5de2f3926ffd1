/* Tunnel Encapsulation attribute framing (RFC 9012): see tunnel.h. */
#include "wire/tunnel.h"

void tunnel_tlv_iter_init(struct tunnel_tlv_iter *it, const uint8_t *v, size_t n)
{
	it->p = v;
	it->n = n;
	it->off = 0;
	it->error = false;
}

bool tunnel_tlv_next(struct tunnel_tlv_iter *it, struct tunnel_tlv *t)
{
	if (it->error || it->off >= it->n)
		return false;
	size_t left = it->n - it->off;
	const uint8_t *p = it->p + it->off;
	if (left < 4 || left - 4 < get_be16(p + 2)) {
		it->error = true;
		return false;
	}
	t->type = get_be16(p);
	t->len = get_be16(p + 2);
	t->value = p + 4;
	it->off += 4 + (size_t)t->len;
	return true;
}

void tunnel_sub_iter_init(struct tunnel_sub_iter *it, const uint8_t *v, size_t n)
{
	it->p = v;
	it->n = n;
	it->off = 0;
	it->error = false;
}

bool tunnel_sub_next(struct tunnel_sub_iter *it, struct tunnel_sub *s)
{
	if (it->error || it->off >= it->n)
		return false;
	size_t left = it->n - it->off;
	const uint8_t *p = it->p + it->off;
	size_t head = p[0] >= 128 ? 3 : 2;
	size_t len = 0;
	if (left >= head)
		len = head == 3 ? get_be16(p + 1) : p[1];
	if (left < head || left - head < len) {
		it->error = true;
		return false;
	}
	s->type = p[0];
	s->len = (uint16_t)len;
	s->value = p + head;
	it->off += head + len;
	return true;
}

/* Segment List value: a reserved octet, then [type:1][length:1] items. */
static const char *segment_list_problem(const uint8_t *v, size_t n, size_t *where)
{
	for (size_t off = n ? 1 : 0; off < n;) {
		if (n - off < 2 || n - off - 2 < v[off + 1]) {
			*where = off;
			return "segment sub-TLV overruns its segment list";
		}
		off += 2 + (size_t)v[off + 1];
	}
	return NULL;
}

const char *tunnel_encap_problem(const uint8_t *v, size_t n, size_t *where)
{
	struct tunnel_tlv_iter it;
	struct tunnel_tlv t;
	tunnel_tlv_iter_init(&it, v, n);
	while (tunnel_tlv_next(&it, &t)) {
		size_t base = (size_t)(t.value - v);
		struct tunnel_sub_iter si;
		struct tunnel_sub s;
		tunnel_sub_iter_init(&si, t.value, t.len);
		while (tunnel_sub_next(&si, &s)) {
			size_t at;
			if (t.type == TUNNEL_TYPE_SR_POLICY && s.type == TUNNEL_SUB_SEGMENT_LIST &&
			    segment_list_problem(s.value, s.len, &at)) {
				*where = (size_t)(s.value - v) + at;
				return "segment sub-TLV overruns its segment list";
			}
		}
		if (si.error) {
			*where = base + si.off;
			return "sub-TLV overruns its tunnel TLV";
		}
	}
	if (it.error) {
		*where = it.off;
		return "tunnel TLV overruns the attribute";
	}
	return NULL;
}
