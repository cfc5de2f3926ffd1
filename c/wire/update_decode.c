/* UPDATE decoding (RFC 4271 section 4.3, RFC 4760, RFC 7911, RFC 6793) with
 * the error handling of RFC 7606.  No allocation: the attributes are
 * appended to the caller's blob, NLRI fields point into the message. */
#include "wire/update.h"
#include "wire/attr_decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { AS_TRANS = 23456 };

/* One received attribute kept for the second (emitting) pass. */
struct seen_attr {
	uint8_t flags, code;
	uint16_t len;
	const uint8_t *value;
};

static void note(struct wire_update *u, enum wire_action a, uint8_t subcode, uint8_t attr,
                 const uint8_t *data, size_t dlen, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Record an error; RFC 7606 section 3 (h): the strongest action wins, and
 * among equals the first error is the one reported. */
static void note(struct wire_update *u, enum wire_action a, uint8_t subcode, uint8_t attr,
                 const uint8_t *data, size_t dlen, const char *fmt, ...)
{
	if (a == WIRE_ATTR_DISCARD)
		u->discarded++;
	if (a <= u->err.action)
		return;
	struct wire_error *e = &u->err;
	e->action = a;
	e->code = ERR_UPDATE;
	e->subcode = subcode;
	e->attr = attr;
	e->data_len = 0;
	if (data)
		wire_error_data(e, data, dlen);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof e->why, fmt, ap);
	va_end(ap);
}

/* Where p is in the message as logged (peer.c prints the whole message, so
 * the 19-octet header counts): the byte offset of a malformed NLRI. */
static size_t msg_octet(const struct wire_update *u, const uint8_t *p)
{
	return BGP_HEADER_LEN + (size_t)(p - u->body);
}

static void field_init(struct wire_nlri_field *f)
{
	memset(f, 0, sizeof *f);
	f->fam = FAM_NONE;
}

/* MP_REACH_NLRI (RFC 4760 section 3).  Errors that leave the AFI/SAFI
 * readable disable that family (RFC 4760 section 7, RFC 7606 section 7.11);
 * without a readable AFI/SAFI the session is reset with 3/9. */
static void mp_reach_parse(struct wire_update *u, const struct wire_session_ctx *ctx,
                           const uint8_t *hdr, size_t hlen, const uint8_t *v, size_t len)
{
	struct wire_nlri_field *f = &u->mp_reach;
	u->has_mp_reach = true;
	if (len < 3) {
		note(u, WIRE_SESSION_RESET, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI: attribute too short (%zu octets)", len);
		return;
	}
	f->afi = get_be16(v);
	f->safi = v[2];
	f->fam = family_lookup(f->afi, f->safi);
	const char *fname = f->fam != FAM_NONE ? family_name(f->fam) : "unknown family";
	if (len < 5) {
		note(u, WIRE_AFISAFI_DISABLE, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI: attribute too short (%zu octets) for %s", len, fname);
		return;
	}
	size_t nhlen = v[3];
	if (4 + nhlen + 1 > len) {
		note(u, WIRE_AFISAFI_DISABLE, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI: next-hop length %zu overruns attribute (%s)", nhlen, fname);
		return;
	}
	const uint8_t *nh = v + 4;
	if (f->fam == FAM_IPV4_UNICAST || f->fam == FAM_IPV6_UNICAST) {
		/* RFC 4760 / RFC 2545: 4 for IPv4, 16 or 32 for IPv6; RFC 8950 lets
		 * either family carry the other's next hop (ExaBGP sends a 4-byte
		 * IPv4 next hop for IPv6 NLRI: extended-nexthop.ci). */
		if (nhlen != 4 && nhlen != 16 && nhlen != 32) {
			note(u, WIRE_AFISAFI_DISABLE, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
			     "MP_REACH_NLRI: next-hop length %zu invalid for %s", nhlen, fname);
			return;
		}
	}
	if (nhlen <= sizeof u->mp_nh) {
		memcpy(u->mp_nh, nh, nhlen);
		u->mp_nh_len = (uint8_t)nhlen;
	}
	/* One reserved octet (formerly SNPAs) follows the next hop. */
	f->data = v + 4 + nhlen + 1;
	f->len = len - 4 - nhlen - 1;
	if (f->fam == FAM_NONE)
		return;
	f->addpath = ctx->addpath_rx[f->fam];
	struct wire_error e;
	size_t at;
	if (nlri_field_check_at(f->fam, f->addpath, f->data, f->len, &e, &at) < 0)
		note(u, WIRE_AFISAFI_DISABLE, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI (%s), NLRI at message octet %zu: %s", fname, msg_octet(u, f->data + at), e.why);
	else if (e.action == WIRE_TREAT_AS_WITHDRAW)   /* a bad FlowSpec component */
		note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI (%s), NLRI at message octet %zu: %s", fname, msg_octet(u, f->data + at), e.why);
	else if (e.action == WIRE_ATTR_DISCARD)   /* a typed route kept raw: logged, routes stand */
		note(u, WIRE_ATTR_DISCARD, ERR_UPDATE_OPTIONAL, ATTR_MP_REACH_NLRI, hdr, hlen,
		     "MP_REACH_NLRI (%s), NLRI at message octet %zu: %s", fname, msg_octet(u, f->data + at), e.why);
}

static void mp_unreach_parse(struct wire_update *u, const struct wire_session_ctx *ctx,
                             const uint8_t *hdr, size_t hlen, const uint8_t *v, size_t len)
{
	struct wire_nlri_field *f = &u->mp_unreach;
	u->has_mp_unreach = true;
	if (len < 3) {
		note(u, WIRE_SESSION_RESET, ERR_UPDATE_OPTIONAL, ATTR_MP_UNREACH_NLRI, hdr, hlen,
		     "MP_UNREACH_NLRI: attribute too short (%zu octets)", len);
		return;
	}
	f->afi = get_be16(v);
	f->safi = v[2];
	f->fam = family_lookup(f->afi, f->safi);
	f->data = v + 3;
	f->len = len - 3;
	if (f->fam == FAM_NONE)
		return;
	f->addpath = ctx->addpath_rx[f->fam];
	struct wire_error e;
	size_t at;
	if (nlri_field_check_at(f->fam, f->addpath, f->data, f->len, &e, &at) < 0)
		note(u, WIRE_AFISAFI_DISABLE, ERR_UPDATE_OPTIONAL, ATTR_MP_UNREACH_NLRI, hdr, hlen,
		     "MP_UNREACH_NLRI (%s), NLRI at message octet %zu: %s", family_name(f->fam),
		     msg_octet(u, f->data + at), e.why);
	else if (e.action != WIRE_OK)   /* withdrawn anyway: log only */
		note(u, WIRE_ATTR_DISCARD, ERR_UPDATE_OPTIONAL, ATTR_MP_UNREACH_NLRI, hdr, hlen,
		     "MP_UNREACH_NLRI (%s), NLRI at message octet %zu: %s (withdrawn anyway)", family_name(f->fam),
		     msg_octet(u, f->data + at), e.why);
}

static void blob_put(struct buf *blob, uint8_t flags, uint8_t code, const uint8_t *v, size_t len)
{
	uint8_t *p = buf_extend(blob, 4 + len);
	p[0] = flags;
	p[1] = code;
	put_be16(p + 2, (uint16_t)len);
	if (len)
		memcpy(p + 4, v, len);
}

void wire_update_decode(const uint8_t *body, size_t len, const struct wire_session_ctx *ctx,
                        struct wire_update *u, struct buf *blob)
{
	memset(&u->err, 0, sizeof u->err);
	u->body = body;
	field_init(&u->withdrawn);
	field_init(&u->nlri);
	field_init(&u->mp_reach);
	field_init(&u->mp_unreach);
	u->has_mp_reach = u->has_mp_unreach = false;
	u->nh_len = u->mp_nh_len = 0;
	u->has_attrs = false;
	u->eor = false;
	u->eor_fam = FAM_NONE;
	u->eor_afi = 0;
	u->eor_safi = 0;
	u->discarded = 0;
	buf_reset(blob);

	/* RFC 4271 6.3 / RFC 7606 section 3 (b): the two length fields must
	 * fit the message, else nothing can be located: 3/1. */
	struct wire_reader r;
	wire_reader_init(&r, body, len);
	uint16_t wlen = wire_get_u16(&r);
	const uint8_t *wdata = wire_get_bytes(&r, wlen);
	uint16_t alen = wire_get_u16(&r);
	const uint8_t *adata = wire_get_bytes(&r, alen);
	if (r.err) {
		note(u, WIRE_SESSION_RESET, ERR_UPDATE_ATTR_LIST, 0, NULL, 0,
		     "UPDATE: withdrawn (%u) and attribute (%u) lengths exceed the message (%zu)",
		     wlen, alen, len);
		return;
	}
	const bool addpath4 = ctx->addpath_rx[FAM_IPV4_UNICAST];
	u->withdrawn.fam = FAM_IPV4_UNICAST;
	u->withdrawn.afi = AFI_IPV4;
	u->withdrawn.safi = SAFI_UNICAST;
	u->withdrawn.addpath = addpath4;
	u->withdrawn.data = wdata;
	u->withdrawn.len = wlen;
	u->nlri = u->withdrawn;
	u->nlri.data = r.p;
	u->nlri.len = r.left;
	u->has_attrs = alen > 0;

	/* RFC 7606 section 5.3: a classic NLRI field that cannot be parsed. */
	struct wire_error e;
	size_t bad;
	if (nlri_field_check_at(FAM_IPV4_UNICAST, addpath4, wdata, wlen, &e, &bad) < 0) {
		note(u, WIRE_SESSION_RESET, ERR_UPDATE_NETWORK, 0, NULL, 0,
		     "withdrawn routes (ipv4 unicast), NLRI at message octet %zu: %s", msg_octet(u, wdata + bad), e.why);
		return;
	}
	if (nlri_field_check_at(FAM_IPV4_UNICAST, addpath4, u->nlri.data, u->nlri.len, &e, &bad) < 0) {
		note(u, WIRE_SESSION_RESET, ERR_UPDATE_NETWORK, 0, NULL, 0,
		     "NLRI (ipv4 unicast) at message octet %zu: %s", msg_octet(u, u->nlri.data + bad), e.why);
		return;
	}

	/* First pass: framing, duplicates, flags, values; keep what stays. */
	struct seen_attr kept[256];
	unsigned nkept = 0, nattrs = 0;
	uint8_t dup[32] = { 0 };
	const uint8_t *as4path = NULL, *as4agg = NULL, *aggregator = NULL;
	size_t as4path_len = 0;
	bool have_origin = false, have_aspath = false;
	const struct attr_check_ctx cc = { .asn4 = ctx->asn4, .ebgp = ctx->ebgp };
	wire_reader_init(&r, adata, alen);
	while (r.left > 0) {
		const uint8_t *hdr = r.p;
		/* RFC 7606 section 4: an attribute that overruns the Total Path
		 * Attribute Length ends parsing; treat-as-withdraw. */
		if (r.left < 3 || (r.p[0] & ATTR_FLAG_EXTENDED && r.left < 4)) {
			note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_LENGTH, 0, hdr, r.left,
			     "attributes: %zu trailing octets cannot hold an attribute header", r.left);
			break;
		}
		uint8_t flags = wire_get_u8(&r), code = wire_get_u8(&r);
		size_t alen1 = flags & ATTR_FLAG_EXTENDED ? wire_get_u16(&r) : wire_get_u8(&r);
		const uint8_t *val = wire_get_bytes(&r, alen1);
		const char *name = attr_name(code);
		if (!val) {
			note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_LENGTH, code, hdr, (size_t)(adata + alen - hdr),
			     "%s (code %u): length %zu overruns the attributes (%zu left)", name, code,
			     alen1, (size_t)(adata + alen - hdr) - (flags & ATTR_FLAG_EXTENDED ? 4 : 3));
			break;
		}
		size_t hlen = (size_t)(val + alen1 - hdr);
		nattrs++;
		/* RFC 7606 section 3 (g). */
		if (dup[code / 8] & (1u << (code % 8))) {
			if (code == ATTR_MP_REACH_NLRI || code == ATTR_MP_UNREACH_NLRI)
				note(u, WIRE_SESSION_RESET, ERR_UPDATE_ATTR_LIST, code, NULL, 0,
				     "%s: appears twice", name);
			else
				note(u, WIRE_ATTR_DISCARD, ERR_UPDATE_ATTR_LIST, code, hdr, hlen,
				     "%s (code %u): duplicate, discarded", name, code);
			continue;
		}
		dup[code / 8] |= (uint8_t)(1u << (code % 8));

		int known = attrs_known_flags(code);
		if (known < 0) {
			if (!(flags & ATTR_FLAG_OPTIONAL)) {
				/* An unrecognised well-known attribute: RFC 4271 says
				 * NOTIFICATION 3/2; like BIRD and FRR we treat-as-withdraw
				 * so that one peer's novelty cannot reset sessions. */
				note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_UNKNOWN_WELLKNOWN, code, hdr, hlen,
				     "unknown attribute code %u with the optional bit clear", code);
				continue;
			}
			if (!(flags & ATTR_FLAG_TRANSITIVE))
				continue;   /* RFC 4271 section 5: quietly ignored */
			kept[nkept++] = (struct seen_attr){
				(uint8_t)((flags & ~ATTR_FLAG_EXTENDED) | ATTR_FLAG_PARTIAL), code,
				(uint16_t)alen1, val };
			continue;
		}
		/* RFC 7606 section 3 (c): Optional/Transitive bits that conflict. */
		if ((flags & (ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE)) != known) {
			if (code == ATTR_MP_REACH_NLRI || code == ATTR_MP_UNREACH_NLRI) {
				if (code == ATTR_MP_REACH_NLRI)
					mp_reach_parse(u, ctx, hdr, hlen, val, alen1);
				else
					mp_unreach_parse(u, ctx, hdr, hlen, val, alen1);
				note(u, alen1 >= 3 ? WIRE_AFISAFI_DISABLE : WIRE_SESSION_RESET,
				     ERR_UPDATE_FLAGS, code, hdr, hlen,
				     "%s: flags 0x%02x, must be optional non-transitive", name, flags);
			} else {
				note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_FLAGS, code, hdr, hlen,
				     "%s: flags 0x%02x conflict with 0x%02x", name, flags, known);
			}
			continue;
		}
		switch (code) {
		case ATTR_MP_REACH_NLRI:
			mp_reach_parse(u, ctx, hdr, hlen, val, alen1);
			continue;
		case ATTR_MP_UNREACH_NLRI:
			mp_unreach_parse(u, ctx, hdr, hlen, val, alen1);
			continue;
		default:
			break;
		}
		struct attr_verdict v;
		if (!attr_check(code, val, alen1, &cc, &v)) {
			note(u, v.action, v.subcode, code, hdr, hlen, "%s: %s", name, v.why);
			continue;
		}
		switch (code) {
		case ATTR_NEXT_HOP:
			memcpy(u->nh, val, 4);
			u->nh_len = 4;
			continue;
		case ATTR_AS4_PATH:
			as4path = val;
			as4path_len = alen1;
			continue;
		case ATTR_AS4_AGGREGATOR:
			as4agg = val;
			continue;
		case ATTR_AGGREGATOR:
			aggregator = val;
			break;
		case ATTR_ORIGIN:
			have_origin = true;
			break;
		case ATTR_AS_PATH:
			have_aspath = true;
			break;
		default:
			break;
		}
		kept[nkept++] = (struct seen_attr){ (uint8_t)known, code, (uint16_t)alen1, val };
	}

	bool reach = u->nlri.len > 0 || (u->has_mp_reach && u->mp_reach.len > 0);
	/* RFC 7606 section 3 (d): mandatory attributes missing while NLRI are
	 * present; NEXT_HOP only for classic NLRI (RFC 4760). */
	if (reach && u->err.action < WIRE_SESSION_RESET) {
		static const uint8_t c1 = ATTR_ORIGIN, c2 = ATTR_AS_PATH, c3 = ATTR_NEXT_HOP;
		if (!have_origin && !(dup[0] & 0x02))
			note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_MISSING_WELLKNOWN, ATTR_ORIGIN, &c1, 1,
			     "ORIGIN: missing");
		if (!have_aspath && !(dup[0] & 0x04))
			note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_MISSING_WELLKNOWN, ATTR_AS_PATH, &c2, 1,
			     "AS_PATH: missing");
		if (u->nlri.len > 0 && !(dup[0] & 0x08))
			note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_MISSING_WELLKNOWN, ATTR_NEXT_HOP, &c3, 1,
			     "NEXT_HOP: missing with IPv4 NLRI");
	}
	/* RFC 7606 section 5.2 (RELIABILITY.md): an error that would withdraw
	 * routes in an UPDATE that announces none cannot be contained. */
	if (u->err.action == WIRE_TREAT_AS_WITHDRAW && !reach) {
		u->err.action = WIRE_SESSION_RESET;
		char tmp[sizeof u->err.why];
		memcpy(tmp, u->err.why, sizeof tmp);
		snprintf(u->err.why, sizeof u->err.why, "%.130s (no NLRI to withdraw)", tmp);
	}
	if (u->err.action == WIRE_SESSION_RESET)
		return;

	/* End-of-RIB (RFC 4724 section 2). */
	if (u->err.action == WIRE_OK) {
		if (len == 4) {
			u->eor = true;
			u->eor_fam = FAM_IPV4_UNICAST;
			u->eor_afi = AFI_IPV4;
			u->eor_safi = SAFI_UNICAST;
		} else if (nattrs == 1 && u->has_mp_unreach && u->mp_unreach.len == 0 &&
		           wlen == 0 && u->nlri.len == 0) {
			u->eor = true;
			u->eor_fam = u->mp_unreach.fam;
			u->eor_afi = u->mp_unreach.afi;
			u->eor_safi = u->mp_unreach.safi;
		}
	}

	/* Second pass: the canonical blob, sorted by code. */
	for (unsigned i = 1; i < nkept; i++) {
		struct seen_attr t = kept[i];
		unsigned j = i;
		while (j > 0 && kept[j - 1].code > t.code) {
			kept[j] = kept[j - 1];
			j--;
		}
		kept[j] = t;
	}
	/* RFC 6793 4.2.3: a 2-octet AGGREGATOR that is not AS_TRANS means the
	 * path was aggregated by an OLD speaker: AS4_* are then stale. */
	if (!ctx->asn4 && aggregator && get_be16(aggregator) != AS_TRANS && as4agg) {
		as4agg = NULL;
		as4path = NULL;
	}
	buf_reserve(blob, alen + 64);
	for (unsigned i = 0; i < nkept; i++) {
		struct seen_attr *a = &kept[i];
		if (a->code == ATTR_AS_PATH && !ctx->asn4) {
			size_t at = blob->len;
			blob_put(blob, a->flags, a->code, NULL, 0);
			aspath_normalise(blob, a->value, a->len, 2, as4path, as4path_len);
			size_t vlen = blob->len - at - 4;
			if (vlen > 65535) {
				/* Cannot happen from a 4096/65535-byte message, but keep
				 * the blob consistent: drop the path, withdraw. */
				blob->len = at;
				note(u, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE_AS_PATH, ATTR_AS_PATH, NULL, 0,
				     "AS_PATH: too long once merged");
				continue;
			}
			put_be16(blob->data + at + 2, (uint16_t)vlen);
		} else if (a->code == ATTR_AGGREGATOR && !ctx->asn4) {
			uint8_t v[8];
			if (as4agg && get_be16(a->value) == AS_TRANS)
				memcpy(v, as4agg, 8);
			else {
				put_be32(v, get_be16(a->value));
				memcpy(v + 4, a->value + 2, 4);
			}
			blob_put(blob, a->flags, a->code, v, 8);
		} else {
			blob_put(blob, a->flags, a->code, a->value, a->len);
		}
	}
}
