/* Per-peer encoding of a canonical blob (RFC 4271 section 5.1, RFC 6793
 * section 4.2.2), matching ExaBGP's bytes: type-code order, ORIGIN and
 * AS_PATH always present, extended length only when the value needs it. */
#include "wire/attrs.h"

#include <string.h>

enum { AS_TRANS = 23456 };

/* Reserve an attribute header with a 2-byte length; attr_close shrinks it
 * to the 1-byte form when the value fits (RFC 4271 section 4.3). */
static size_t attr_open(struct buf *out, uint8_t flags, uint8_t code)
{
	size_t at = out->len;
	uint8_t *p = buf_extend(out, 4);
	p[0] = flags & (uint8_t)~ATTR_FLAG_EXTENDED;
	p[1] = code;
	return at;
}

static void attr_close(struct buf *out, size_t at, bool force_ext)
{
	uint8_t *p = out->data + at;
	size_t vlen = out->len - at - 4;
	if (vlen > 255 || force_ext) {
		p[0] |= ATTR_FLAG_EXTENDED;
		put_be16(p + 2, (uint16_t)(vlen > 65535 ? 65535 : vlen));
	} else {
		p[2] = (uint8_t)vlen;
		memmove(p + 3, p + 4, vlen);
		out->len--;
	}
}

static void attr_put(struct buf *out, uint8_t flags, uint8_t code, const uint8_t *v, size_t vlen,
                     bool force_ext)
{
	size_t at = attr_open(out, flags, code);
	if (vlen)
		buf_put(out, v, vlen);
	attr_close(out, at, force_ext);
}

static inline void put_asn(struct buf *out, uint32_t asn, bool four, bool *needs_as4)
{
	if (four) {
		buf_put_u32(out, asn);
	} else {
		if (asn > 65535) {
			*needs_as4 = true;
			asn = AS_TRANS;
		}
		buf_put_u16(out, (uint16_t)asn);
	}
}

/* Write the segments of a canonical (4-octet) AS_PATH, prepending `prepend`
 * when non-zero (RFC 4271 section 5.1.2: into the leading AS_SEQUENCE, or a
 * new one when the first segment is not a sequence or is full).  For
 * AS4_PATH the confederation segments are left out (RFC 6793 section 3). */
static void aspath_write(struct buf *out, const uint8_t *v, size_t len, uint32_t prepend,
                         bool four, bool skip_confed, bool *needs_as4)
{
	size_t off = 0;
	bool first = true;
	if (prepend) {
		if (len >= 2 && v[0] == AS_SEQUENCE && v[1] < 255 && len >= 2 + 4 * (size_t)v[1]) {
			buf_put_u8(out, AS_SEQUENCE);
			buf_put_u8(out, (uint8_t)(v[1] + 1));
			put_asn(out, prepend, four, needs_as4);
			for (unsigned i = 0; i < v[1]; i++)
				put_asn(out, get_be32(v + 2 + 4 * i), four, needs_as4);
			off = 2 + 4 * (size_t)v[1];
			first = false;
		} else {
			buf_put_u8(out, AS_SEQUENCE);
			buf_put_u8(out, 1);
			put_asn(out, prepend, four, needs_as4);
		}
	}
	(void)first;
	while (len - off >= 2) {
		uint8_t type = v[off], n = v[off + 1];
		size_t seglen = 2 + 4 * (size_t)n;
		if (len - off < seglen)
			break;   /* malformed blob: stop rather than read past it */
		if (!(skip_confed && (type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET))) {
			buf_put_u8(out, type);
			buf_put_u8(out, n);
			for (unsigned i = 0; i < n; i++)
				put_asn(out, get_be32(v + off + 2 + 4 * i), four, needs_as4);
		}
		off += seglen;
	}
}

struct enc_state {
	struct buf *out;
	const struct wire_encode_ctx *ctx;
	const uint8_t *aspath;
	size_t aspath_len;
	bool have_origin, have_lp;
	bool need_as4path, need_as4agg;
	uint8_t as4agg[8];
	int next;            /* index of the next synthetic slot */
};

static const uint8_t synth_codes[] = { ATTR_ORIGIN, ATTR_AS_PATH, ATTR_LOCAL_PREF,
                                       ATTR_AS4_PATH, ATTR_AS4_AGGREGATOR };

static void synth_emit(struct enc_state *s, uint8_t code)
{
	struct buf *out = s->out;
	const struct wire_encode_ctx *ctx = s->ctx;
	uint32_t prepend = ctx->ebgp ? ctx->local_as : 0;
	switch (code) {
	case ATTR_ORIGIN:
		if (!s->have_origin) {
			static const uint8_t igp = 0;
			attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_ORIGIN, &igp, 1, false);
		}
		break;
	case ATTR_AS_PATH: {
		size_t at = attr_open(out, ATTR_FLAG_TRANSITIVE, ATTR_AS_PATH);
		aspath_write(out, s->aspath, s->aspath_len, prepend, ctx->asn4, false, &s->need_as4path);
		attr_close(out, at, false);
		break;
	}
	case ATTR_LOCAL_PREF:
		if (!ctx->ebgp && ctx->add_local_pref && !s->have_lp) {
			static const uint8_t lp100[4] = { 0, 0, 0, 100 };
			attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_LOCAL_PREF, lp100, 4, false);
		}
		break;
	case ATTR_AS4_PATH:
		/* RFC 6793 section 4.2.2: an OLD peer gets the real path in AS4_PATH
		 * when AS_TRANS had to stand in for a 4-octet ASN. */
		if (!ctx->asn4 && s->need_as4path) {
			bool dummy = false;
			size_t at = attr_open(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AS4_PATH);
			aspath_write(out, s->aspath, s->aspath_len, prepend, true, true, &dummy);
			attr_close(out, at, false);
		}
		break;
	case ATTR_AS4_AGGREGATOR:
		if (!ctx->asn4 && s->need_as4agg)
			attr_put(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AS4_AGGREGATOR,
			         s->as4agg, 8, false);
		break;
	}
}

static void synth_upto(struct enc_state *s, unsigned code)
{
	while (s->next < (int)sizeof synth_codes && synth_codes[s->next] < code)
		synth_emit(s, synth_codes[s->next++]);
}

bool wire_attrs_encode(struct buf *out, const uint8_t *blob, size_t len,
                       const struct wire_encode_ctx *ctx, bool classic_next_hop)
{
	size_t start = out->len;
	struct enc_state s = { .out = out, .ctx = ctx };
	struct attr_iter it;
	struct attr_entry e;

	attr_iter_init(&it, blob, len);
	while (attr_iter_next(&it, &e)) {
		if (e.value + e.len > blob + len)
			break;
		if (e.code == ATTR_ORIGIN)
			s.have_origin = true;
		else if (e.code == ATTR_AS_PATH) {
			s.aspath = e.value;
			s.aspath_len = e.len;
		} else if (e.code == ATTR_LOCAL_PREF)
			s.have_lp = true;
	}

	buf_reserve(out, len + 64);
	attr_iter_init(&it, blob, len);
	while (attr_iter_next(&it, &e)) {
		if (e.value + e.len > blob + len)
			break;
		synth_upto(&s, e.code);
		switch (e.code) {
		case ATTR_AS_PATH:
		case ATTR_MP_REACH_NLRI:
		case ATTR_MP_UNREACH_NLRI:
		case ATTR_AS4_PATH:
		case ATTR_AS4_AGGREGATOR:
			continue;   /* synthesised, or never in a canonical blob */
		case ATTR_NEXT_HOP:
			if (!classic_next_hop)
				continue;
			if (e.len == 4)
				attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP, e.value, 4, false);
			else if (e.len == 0 && ctx->have_self_v4)
				attr_put(out, ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP, ctx->self_v4, 4, false);
			continue;
		case ATTR_LOCAL_PREF:
		case ATTR_ORIGINATOR_ID:
		case ATTR_CLUSTER_LIST:
			/* RFC 4271 section 5.1.5, RFC 4456 section 8: not sent to eBGP. */
			if (ctx->ebgp)
				continue;
			break;
		case ATTR_AGGREGATOR:
			if (e.len == 8 && !ctx->asn4) {
				uint8_t v[6];
				uint32_t as = get_be32(e.value);
				if (as > 65535) {
					s.need_as4agg = true;
					memcpy(s.as4agg, e.value, 8);
					as = AS_TRANS;
				}
				put_be16(v, (uint16_t)as);
				memcpy(v + 2, e.value + 4, 4);
				attr_put(out, ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE, ATTR_AGGREGATOR, v, 6, false);
				continue;
			}
			break;
		default:
			if (e.code >= 0xF0)
				continue;   /* local pseudo-attributes are never sent */
			break;
		}
		/* Unknown attributes keep the extended-length bit when the blob has
		 * it: ExaBGP sends a configured generic attribute with the flags
		 * given (conf-generic-attribute: 0x70).  Decoded blobs never have it. */
		bool force = attrs_known_flags(e.code) < 0 && (e.flags & ATTR_FLAG_EXTENDED);
		attr_put(out, e.flags, e.code, e.value, e.len, force);
	}
	synth_upto(&s, 256);
	return out->len - start <= 65535;
}
