/* ExaBGP's JSON for a BGP Prefix-SID attribute (40) holding SRv6 service
 * TLVs (RFC 9252): "bgp-prefix-sid": { "l3-service": [ { "sid", "flags",
 * "endpoint_behavior", "structure": {...} } ] }.  The label-index/SRGB form
 * is printed by json_attrs.c; anything we cannot render returns false and
 * the generic form is shown. */
#include "event/json_int.h"
#include "wire/attr_srv6.h"

static void sid_json(struct buf *out, const struct srv6_sid_info *s)
{
	buf_puts(out, "{ \"sid\": \"");
	json_put_ip(out, s->sid, 16);
	/* RFC 9252 3.1 defines no SID flag and asks receivers to ignore the
	 * octet; ExaBGP prints 0 whatever it holds, and so do we. */
	buf_printf(out, "\", \"flags\": 0, \"endpoint_behavior\": %u", s->behavior);
	if (s->has_structure)
		buf_printf(out,
		           ", \"structure\": { \"locator-block-length\": %u, \"locator-node-length\": %u, "
		           "\"function-length\": %u, \"argument-length\": %u, \"transposition-length\": %u, "
		           "\"transposition-offset\": %u }",
		           s->structure[0], s->structure[1], s->structure[2], s->structure[3], s->structure[4],
		           s->structure[5]);
	buf_puts(out, " }");
}

/* One SRv6 service TLV (type 5 or 6) as its member, "l3-service": [ ... ];
 * false when it does not parse. */
bool json_prefix_sid_service(struct buf *out, uint8_t t, const uint8_t *p, size_t l)
{
	struct srv6_service s;
	if ((t != SRV6_TLV_L3_SERVICE && t != SRV6_TLV_L2_SERVICE) || srv6_service_parse(t, p, l, &s) < 0)
		return false;
	buf_printf(out, "\"%s\": [ ", t == SRV6_TLV_L3_SERVICE ? "l3-service" : "l2-service");
	for (size_t i = 0; i < s.nsids; i++) {
		if (i)
			buf_puts(out, ", ");
		sid_json(out, &s.sids[i]);
	}
	buf_puts(out, " ]");
	return true;
}

bool json_attr_prefix_sid_srv6(struct buf *out, const uint8_t *v, size_t len)
{
	size_t off = 0, l;
	uint8_t t;
	const uint8_t *p;
	int r;
	bool first = true;
	buf_puts(out, "\"bgp-prefix-sid\": { ");
	while ((r = prefix_sid_tlv_next(v, len, &off, &t, &p, &l)) == 1) {
		if (t != SRV6_TLV_L3_SERVICE && t != SRV6_TLV_L2_SERVICE)
			return false;
		struct srv6_service s;
		if (srv6_service_parse(t, p, l, &s) < 0)
			return false;
		buf_printf(out, "%s\"%s\": [ ", first ? "" : ", ", t == SRV6_TLV_L3_SERVICE ? "l3-service" : "l2-service");
		for (size_t i = 0; i < s.nsids; i++) {
			if (i)
				buf_puts(out, ", ");
			sid_json(out, &s.sids[i]);
		}
		buf_puts(out, " ]");
		first = false;
	}
	if (r < 0 || first)
		return false;
	buf_puts(out, " }");
	return true;
}
