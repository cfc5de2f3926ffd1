/* Value checks of received path attributes, per RFC 7606 section 7 (and
 * RFC 6793 section 6, RFC 7607, RFC 8092 section 6, RFC 9234), and the
 * AS_PATH normalisation to 4-octet ASNs. */
#include "wire/attr_decode.h"
#include "wire/attr_srv6.h"
#include "wire/bgpls.h"
#include "wire/tunnel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *attr_name(uint8_t code)
{
	switch (code) {
	case ATTR_ORIGIN: return "ORIGIN";
	case ATTR_AS_PATH: return "AS_PATH";
	case ATTR_NEXT_HOP: return "NEXT_HOP";
	case ATTR_MED: return "MULTI_EXIT_DISC";
	case ATTR_LOCAL_PREF: return "LOCAL_PREF";
	case ATTR_ATOMIC_AGGREGATE: return "ATOMIC_AGGREGATE";
	case ATTR_AGGREGATOR: return "AGGREGATOR";
	case ATTR_COMMUNITIES: return "COMMUNITIES";
	case ATTR_ORIGINATOR_ID: return "ORIGINATOR_ID";
	case ATTR_CLUSTER_LIST: return "CLUSTER_LIST";
	case ATTR_MP_REACH_NLRI: return "MP_REACH_NLRI";
	case ATTR_MP_UNREACH_NLRI: return "MP_UNREACH_NLRI";
	case ATTR_EXT_COMMUNITIES: return "EXTENDED_COMMUNITIES";
	case ATTR_AS4_PATH: return "AS4_PATH";
	case ATTR_AS4_AGGREGATOR: return "AS4_AGGREGATOR";
	case ATTR_PMSI_TUNNEL: return "PMSI_TUNNEL";
	case ATTR_TUNNEL_ENCAP: return "TUNNEL_ENCAPSULATION";
	case ATTR_IPV6_EXT_COMMUNITIES: return "IPV6_EXTENDED_COMMUNITIES";
	case ATTR_AIGP: return "AIGP";
	case ATTR_BGP_LS: return "BGP-LS";
	case ATTR_LARGE_COMMUNITIES: return "LARGE_COMMUNITY";
	case ATTR_OTC: return "OTC";
	case ATTR_PREFIX_SID: return "PREFIX_SID";
	default: return "attribute";
	}
}

const char *aspath_problem(const uint8_t *v, size_t len, unsigned asz, bool ebgp, bool allow_confed)
{
	size_t off = 0;
	while (off < len) {
		if (len - off < 2)
			return "one octet left after the last segment";
		uint8_t type = v[off], n = v[off + 1];
		if (type < AS_SET || type > AS_CONFED_SET)
			return "unknown segment type";
		if (n == 0)
			return "segment length 0";
		if (len - off - 2 < (size_t)n * asz)
			return "segment overruns attribute";
		/* RFC 5065 section 5.1 / RFC 7606 7.2: an external peer outside the
		 * confederation never sends confederation segments. */
		if (ebgp && !allow_confed && (type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET))
			return "confederation segment from an external peer";
		for (unsigned i = 0; i < n; i++) {
			const uint8_t *a = v + off + 2 + (size_t)i * asz;
			uint32_t as = asz == 4 ? get_be32(a) : get_be16(a);
			if (as == 0)
				return "AS 0 (RFC 7607)";
		}
		off += 2 + (size_t)n * asz;
	}
	return NULL;
}

unsigned aspath_count(const uint8_t *v, size_t len, unsigned asz)
{
	unsigned count = 0;
	size_t off = 0;
	while (len - off >= 2) {
		uint8_t type = v[off], n = v[off + 1];
		if (type == AS_SEQUENCE)
			count += n;
		else if (type == AS_SET)
			count += 1;
		off += 2 + (size_t)n * asz;
		if (off > len)
			break;
	}
	return count;
}

static void seg_put(struct buf *out, uint8_t type, const uint8_t *asns, unsigned n, unsigned asz)
{
	uint8_t *p = buf_extend(out, 2 + 4 * (size_t)n);
	p[0] = type;
	p[1] = (uint8_t)n;
	p += 2;
	for (unsigned i = 0; i < n; i++, p += 4)
		put_be32(p, asz == 4 ? get_be32(asns + i * asz) : get_be16(asns + i * asz));
}

void aspath_normalise(struct buf *out, const uint8_t *path, size_t len, unsigned asz,
                      const uint8_t *as4, size_t as4len)
{
	unsigned keep = ~0u;
	if (as4) {
		unsigned c2 = aspath_count(path, len, asz), c4 = aspath_count(as4, as4len, 4);
		/* RFC 6793 4.2.3: an AS4_PATH longer than AS_PATH is ignored;
		 * otherwise the leading c2 - c4 ASes of AS_PATH precede it. */
		if (c2 >= c4)
			keep = c2 - c4;
		else
			as4 = NULL;
	}
	size_t off = 0;
	while (len - off >= 2) {
		uint8_t type = path[off], n = path[off + 1];
		const uint8_t *asns = path + off + 2;
		if (len - off - 2 < (size_t)n * asz)
			break;
		off += 2 + (size_t)n * asz;
		bool confed = type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
		if (as4 && keep == 0 && !confed)
			break;
		if (!as4 || confed) {
			seg_put(out, type, asns, n, asz);
		} else if (type == AS_SET) {
			seg_put(out, type, asns, n, asz);
			keep--;
		} else {
			unsigned m = n < keep ? n : keep;
			seg_put(out, type, asns, m, asz);
			keep -= m;
		}
	}
	if (!as4)
		return;
	off = 0;
	while (as4len - off >= 2) {
		uint8_t type = as4[off], n = as4[off + 1];
		if (as4len - off - 2 < (size_t)n * 4)
			break;
		/* RFC 6793 section 6: confederation segments in AS4_PATH are dropped. */
		if (type != AS_CONFED_SEQUENCE && type != AS_CONFED_SET)
			seg_put(out, type, as4 + off + 2, n, 4);
		off += 2 + (size_t)n * 4;
	}
}

static bool verdict(struct attr_verdict *v, enum wire_action a, uint8_t sub, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool verdict(struct attr_verdict *v, enum wire_action a, uint8_t sub, const char *fmt, ...)
{
	v->action = a;
	v->subcode = sub;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof v->why, fmt, ap);
	va_end(ap);
	return false;
}

/* Lengths and values per RFC 7606 section 7; the action for each is the
 * table of RELIABILITY.md section 2. */
bool attr_check(uint8_t code, const uint8_t *val, size_t len, const struct attr_check_ctx *c,
                struct attr_verdict *v)
{
	v->action = WIRE_OK;
	v->subcode = 0;
	v->why[0] = 0;
	const enum wire_action TAW = WIRE_TREAT_AS_WITHDRAW, DISCARD = WIRE_ATTR_DISCARD;
	const char *pb;
	switch (code) {
	case ATTR_ORIGIN:
		if (len != 1)
			return verdict(v, TAW, ERR_UPDATE_LENGTH, "length %zu, expected 1", len);
		if (val[0] > 2)
			return verdict(v, TAW, ERR_UPDATE_ORIGIN, "invalid value %u", val[0]);
		return true;
	case ATTR_AS_PATH:
		pb = aspath_problem(val, len, c->asn4 ? 4 : 2, c->ebgp, false);
		if (pb)
			return verdict(v, TAW, ERR_UPDATE_AS_PATH, "%s", pb);
		return true;
	case ATTR_NEXT_HOP:
		if (len != 4)
			return verdict(v, TAW, ERR_UPDATE_LENGTH, "length %zu, expected 4", len);
		return true;
	case ATTR_MED:
		if (len != 4)
			return verdict(v, TAW, ERR_UPDATE_LENGTH, "length %zu, expected 4", len);
		return true;
	case ATTR_LOCAL_PREF:
		/* RFC 4271 5.1.5: ignored from external peers, even well-formed. */
		if (c->ebgp)
			return verdict(v, DISCARD, 0, "received from an external peer");
		if (len != 4)
			return verdict(v, TAW, ERR_UPDATE_LENGTH, "length %zu, expected 4", len);
		return true;
	case ATTR_ATOMIC_AGGREGATE:
		if (len != 0)
			return verdict(v, DISCARD, ERR_UPDATE_LENGTH, "length %zu, expected 0", len);
		return true;
	case ATTR_AGGREGATOR: {
		size_t want = c->asn4 ? 8 : 6;
		if (len != want)
			return verdict(v, DISCARD, ERR_UPDATE_LENGTH, "length %zu, wrong for the AS size", len);
		uint32_t as = c->asn4 ? get_be32(val) : get_be16(val);
		if (as == 0)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "AS 0 (RFC 7607)");
		return true;
	}
	case ATTR_COMMUNITIES:
		if (len == 0 || len % 4)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, not a positive multiple of 4", len);
		return true;
	case ATTR_ORIGINATOR_ID:
		if (c->ebgp)
			return verdict(v, DISCARD, 0, "received from an external peer");
		if (len != 4)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, expected 4", len);
		return true;
	case ATTR_CLUSTER_LIST:
		if (c->ebgp)
			return verdict(v, DISCARD, 0, "received from an external peer");
		if (len == 0 || len % 4)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, not a positive multiple of 4", len);
		return true;
	case ATTR_EXT_COMMUNITIES:
		if (len == 0 || len % 8)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, not a positive multiple of 8", len);
		return true;
	case ATTR_AS4_PATH:
		/* RFC 6793 section 6: from a NEW speaker, or malformed: discard. */
		if (c->asn4)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "received on a 4-octet AS session");
		if (len < 6 || len % 2)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "length %zu, odd or below 6", len);
		pb = aspath_problem(val, len, 4, false, true);
		if (pb)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "%s", pb);
		return true;
	case ATTR_AS4_AGGREGATOR:
		if (c->asn4)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "received on a 4-octet AS session");
		if (len != 8)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "length %zu, expected 8", len);
		if (get_be32(val) == 0)
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "AS 0 (RFC 7607)");
		return true;
	case ATTR_IPV6_EXT_COMMUNITIES:
		if (len == 0 || len % 20)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, not a positive multiple of 20", len);
		return true;
	case ATTR_LARGE_COMMUNITIES:
		/* RFC 8092 section 6; duplicates inside are not an error. */
		if (len == 0 || len % 12)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, not a positive multiple of 12", len);
		return true;
	case ATTR_OTC:
		if (len != 4)
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "length %zu, expected 4", len);
		return true;
	case ATTR_BGP_LS: {
		/* RFC 9552 section 8.2.2: a malformed BGP-LS attribute is discarded. */
		size_t at;
		if ((pb = bgpls_attr_problem(val, len, &at)))
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "%s at octet %zu", pb, at);
		return true;
	}
	case ATTR_TUNNEL_ENCAP: {
		/* RFC 9012 section 13 and RFC 7606 section 2: a Tunnel
		 * Encapsulation attribute whose TLVs overrun their containers
		 * cannot be trusted for the routes it carries: treat-as-withdraw. */
		size_t at;
		if ((pb = tunnel_encap_problem(val, len, &at)))
			return verdict(v, TAW, ERR_UPDATE_OPTIONAL, "%s at octet %zu", pb, at);
		return true;
	}
	case ATTR_PREFIX_SID: {
		/* RFC 8669 section 6 (and RFC 9252 section 2 for the SRv6
		 * service TLVs): a malformed Prefix-SID is discarded, the
		 * routes stand ("attribute discard" of RFC 7606). */
		size_t at;
		if ((pb = prefix_sid_problem(val, len, &at)))
			return verdict(v, DISCARD, ERR_UPDATE_OPTIONAL, "%s at octet %zu", pb, at);
		return true;
	}
	default:
		return true;   /* known but opaque here (PMSI, AIGP) */
	}
}
