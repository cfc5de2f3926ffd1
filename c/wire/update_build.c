/* Packing UPDATEs for sending, in ExaBGP's layout (README section 10):
 * withdrawn | attributes in type order, MP_UNREACH first, MP_REACH last |
 * classic NLRI.  No allocation per NLRI: bytes go straight into out. */
#include "wire/update.h"

#include <string.h>

void wire_update_builder_init(struct wire_update_builder *b, struct buf *out,
                              const struct wire_session_ctx *ctx, const struct wire_encode_ctx *enc)
{
	memset(b, 0, sizeof *b);
	b->out = out;
	b->ctx = ctx;
	b->enc = enc;
	b->limit = ctx->max_msg ? ctx->max_msg : BGP_MAX_MSG;
	if (b->limit > BGP_MAX_EXT_MSG)
		b->limit = BGP_MAX_EXT_MSG;
	buf_init(&b->attrs);
}

void wire_update_builder_free(struct wire_update_builder *b)
{
	buf_free(&b->attrs);
}

/* Open an MP attribute with a 2-byte length; wire_update_end shrinks it to
 * the 1-byte form when it fits, as ExaBGP does (0x80, not 0x90). */
static void mp_open(struct wire_update_builder *b, uint8_t code)
{
	b->mp_attr_at = b->out->len;
	uint8_t *p = buf_extend(b->out, 4);
	p[0] = ATTR_FLAG_OPTIONAL;
	p[1] = code;
	p[2] = p[3] = 0;
}

/* May an IPv4 next hop also go in a NEXT_HOP attribute beside MP_REACH?
 * ExaBGP leaves it out for FlowSpec and VPLS (conf-flow.ci, api-vpls.ci). */
static bool nh_attr_family(const struct family_ops *ops)
{
	return ops->safi != SAFI_FLOW && ops->safi != SAFI_FLOW_VPN && ops->safi != SAFI_VPLS &&
	       ops->safi != SAFI_SR_POLICY;   /* conf-sr-policy.ci */
}

bool wire_update_begin_announce(struct wire_update_builder *b, fam_t fam, const uint8_t *blob, size_t len)
{
	const struct family_ops *ops = family_ops(fam);
	if (b->open)
		wire_update_end(b);
	if (!ops)
		return false;
	struct attr_entry nh = { 0 };
	bool have_nh = attrs_find(blob, len, ATTR_NEXT_HOP, &nh);
	const struct wire_encode_ctx *enc = b->enc;
	/* Resolve the next hop: 0 bytes means "self" in the NLRI's family. */
	const uint8_t *nhv = have_nh ? nh.value : NULL;
	size_t nhl = have_nh ? nh.len : 0;
	if (have_nh && nhl == 0) {
		if (fam == FAM_IPV4_UNICAST || ops->addr_bits == 32) {
			nhv = enc->have_self_v4 ? enc->self_v4 : NULL;
			nhl = enc->have_self_v4 ? 4 : 0;
		} else {
			nhv = enc->have_self_v6 ? enc->self_v6 : NULL;
			nhl = enc->have_self_v6 ? 16 : 0;
		}
	}
	uint8_t nh32[32];
	if (nhl == 16 && enc->have_link_local) {
		memcpy(nh32, nhv, 16);
		memcpy(nh32 + 16, enc->link_local, 16);
		nhv = nh32;
		nhl = 32;
	}
	/* RFC 4364 4.3.2 / RFC 4659 3.2.1: a VPN next hop is a zero RD and the
	 * address; VPNv6 with an IPv4 next hop uses its IPv4-mapped form. */
	const bool nh4 = nhl == 4;
	uint8_t nhvpn[8 + 32] = { 0 };
	if (ops->safi == SAFI_MPLS_VPN && nhl) {
		if (ops->afi == AFI_IPV6 && nhl == 4) {
			nhvpn[18] = nhvpn[19] = 0xff;
			memcpy(nhvpn + 20, nhv, 4);
			nhl = 16;
		} else {
			memcpy(nhvpn + 8, nhv, nhl);
		}
		nhv = nhvpn;
		nhl += 8;
	}
	/* Classic fields for IPv4 unicast with an IPv4 next hop; RFC 8950: an
	 * IPv6 next hop moves IPv4 NLRI into MP_REACH.  An IPv4 next hop also
	 * goes in a NEXT_HOP attribute next to MP_REACH (ExaBGP does so for
	 * IPv6 unicast with an IPv4 next hop, extended-nexthop.ci). */
	b->classic = fam == FAM_IPV4_UNICAST && nhl != 16 && nhl != 32;
	/* Not for FlowSpec (RFC 8955 section 6: the next hop, if any, is only
	 * in MP_REACH; conf-flow.ci) nor VPLS (api-vpls.ci). */
	bool nh_attr = nh4 && nh_attr_family(ops);
	b->fam = fam;
	b->withdraw = false;
	b->wd_attrs = false;     /* else wire_update_end appends the attributes again */
	b->count = 0;
	buf_reset(&b->attrs);
	if (!wire_attrs_encode(&b->attrs, blob, len, enc, nh_attr))
		return false;
	struct buf *out = b->out;
	size_t fixed = BGP_HEADER_LEN + 4 + b->attrs.len + (b->classic ? 0 : 4 + 5 + nhl);
	if (fixed > b->limit)
		return false;
	b->msg_start = wire_msg_begin(out, BGP_UPDATE);
	buf_put_u16(out, 0);                       /* no withdrawn routes */
	b->len_at = out->len;
	buf_put_u16(out, 0);                       /* attribute length, patched */
	buf_put(out, b->attrs.data, b->attrs.len);
	if (!b->classic) {
		mp_open(b, ATTR_MP_REACH_NLRI);
		buf_put_u16(out, ops->afi);
		buf_put_u8(out, ops->safi);
		buf_put_u8(out, (uint8_t)nhl);
		if (nhl)
			buf_put(out, nhv, nhl);
		buf_put_u8(out, 0);                /* reserved */
	}
	b->open = true;
	return true;
}

/* README section 10 of the vectors: ExaBGP sends withdrawals of every MP
 * family but unicast/multicast with the route's path attributes (after
 * MP_UNREACH); receivers ignore them (RFC 4760), harness diffs do not. */
bool wire_family_withdraw_attrs(fam_t fam)
{
	return fam != FAM_IPV4_UNICAST && fam != FAM_IPV6_UNICAST && fam != FAM_IPV4_MULTICAST &&
	       fam != FAM_IPV6_MULTICAST;
}

bool wire_update_begin_withdraw_attrs(struct wire_update_builder *b, fam_t fam, const uint8_t *blob, size_t len)
{
	struct attr_entry nh = { 0 };
	bool nh4 = attrs_find(blob, len, ATTR_NEXT_HOP, &nh) && nh.len == 4;
	const struct family_ops *ops = family_ops(fam);
	if (!ops || !wire_update_begin_withdraw(b, fam))
		return false;
	bool nh_attr = nh4 && nh_attr_family(ops);
	buf_reset(&b->attrs);
	if (!wire_attrs_encode(&b->attrs, blob, len, b->enc, nh_attr)) {
		b->open = false;
		b->out->len = b->msg_start;
		return false;
	}
	b->wd_attrs = true;
	return true;
}

bool wire_update_begin_withdraw(struct wire_update_builder *b, fam_t fam)
{
	const struct family_ops *ops = family_ops(fam);
	if (b->open)
		wire_update_end(b);
	if (!ops)
		return false;
	struct buf *out = b->out;
	b->fam = fam;
	b->withdraw = true;
	b->wd_attrs = false;
	b->classic = fam == FAM_IPV4_UNICAST;
	b->count = 0;
	b->msg_start = wire_msg_begin(out, BGP_UPDATE);
	b->len_at = out->len;
	buf_put_u16(out, 0);                       /* withdrawn length (classic) or 0 */
	if (!b->classic) {
		buf_put_u16(out, 0);               /* attribute length, patched */
		mp_open(b, ATTR_MP_UNREACH_NLRI);
		buf_put_u16(out, ops->afi);
		buf_put_u8(out, ops->safi);
	}
	b->open = true;
	return true;
}

bool wire_update_add(struct wire_update_builder *b, const struct nlri_ref *n)
{
	if (!b->open)
		return false;
	bool addpath = b->ctx->addpath_tx[b->fam];
	size_t need = n->len + (addpath ? 4 : 0);
	/* A classic withdrawal still needs its 2-byte attribute length; a
	 * withdrawal with attributes their bytes after MP_UNREACH. */
	size_t tail = b->classic && b->withdraw ? 2 : b->wd_attrs ? b->attrs.len : 0;
	if (b->out->len - b->msg_start + need + tail > b->limit)
		return false;
	uint8_t *p = buf_extend(b->out, need);
	if (addpath) {
		put_be32(p, n->path_id);
		p += 4;
	}
	memcpy(p, n->data, n->len);
	b->count++;
	return true;
}

void wire_update_end(struct wire_update_builder *b)
{
	if (!b->open)
		return;
	struct buf *out = b->out;
	b->open = false;
	if (b->count == 0) {
		out->len = b->msg_start;
		return;
	}
	if (b->classic && b->withdraw) {
		put_be16(out->data + b->len_at, (uint16_t)(out->len - b->len_at - 2));
		buf_put_u16(out, 0);
	} else {
		if (!b->classic) {
			uint8_t *p = out->data + b->mp_attr_at;
			size_t vlen = out->len - b->mp_attr_at - 4;
			if (vlen > 255) {
				p[0] |= ATTR_FLAG_EXTENDED;
				put_be16(p + 2, (uint16_t)vlen);
			} else {
				p[2] = (uint8_t)vlen;
				memmove(p + 3, p + 4, vlen);
				out->len--;
			}
			if (b->wd_attrs)
				buf_put(out, b->attrs.data, b->attrs.len);
		}
		size_t attr_start = b->withdraw ? b->len_at + 4 : b->len_at + 2;
		size_t attr_end = b->classic ? attr_start + b->attrs.len : out->len;
		/* withdraw: len_at is the withdrawn length, the attribute length
		 * follows it; announce: len_at is the attribute length itself. */
		size_t alen_at = b->withdraw ? b->len_at + 2 : b->len_at;
		put_be16(out->data + alen_at, (uint16_t)(attr_end - attr_start));
	}
	wire_msg_finish(out, b->msg_start);
}

void wire_update_eor_encode_afi(struct buf *out, uint16_t afi, uint8_t safi)
{
	size_t start = wire_msg_begin(out, BGP_UPDATE);
	if (afi == AFI_IPV4 && safi == SAFI_UNICAST) {
		buf_put_u32(out, 0);
	} else {
		/* ExaBGP writes the empty MP_UNREACH with the extended-length bit. */
		static const uint8_t head[] = { 0, 0, 0, 7, 0x90, ATTR_MP_UNREACH_NLRI, 0, 3 };
		buf_put(out, head, sizeof head);
		buf_put_u16(out, afi);
		buf_put_u8(out, safi);
	}
	wire_msg_finish(out, start);
}

void wire_update_eor_encode(struct buf *out, fam_t fam)
{
	const struct family_ops *ops = family_ops(fam);
	if (ops)
		wire_update_eor_encode_afi(out, ops->afi, ops->safi);
}
