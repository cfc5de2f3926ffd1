/* IPv4/IPv6 MCAST-VPN (SAFI 5), RFC 6514 section 4: <type:1><length:1>
 * <value>.  Decoded as ExaBGP does: route types 5 (Source Active A-D), 6
 * and 7 (C-multicast shared/source tree join); any other type, or a
 * malformed value, is kept as raw bytes ("parsed": false) and costs that
 * route only (RFC 7606 section 5.4). */
#include "wire/family_fq.h"
#include "wire/nlri.h"

enum { MVPN_SOURCE_AD = 5, MVPN_SHARED_JOIN = 6, MVPN_SOURCE_JOIN = 7 };

static bool mvpn_parsable(const uint8_t *p, size_t len);
static size_t src_at(uint8_t type);

static int mvpn_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	if (left < 2) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "MVPN NLRI: %zu octet(s) cannot hold type and length", left);
		return -1;
	}
	size_t n = 2 + (size_t)p[1];
	if (n > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "MVPN NLRI: route type %u of %zu octets overruns the field (%zu left)",
		               p[0], n, left);
		return -1;
	}
	/* A type we decode whose value does not add up: kept raw, logged. */
	if (src_at(p[0]) && !mvpn_parsable(p, n))
		wire_error_set(e, WIRE_ATTR_DISCARD, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "MVPN NLRI: route type %u malformed (%u octets), kept raw", p[0], p[1]);
	return (int)n;
}

/* Offset of the source-length octet, or 0 for a type we do not parse. */
static size_t src_at(uint8_t type)
{
	return type == MVPN_SOURCE_AD ? 10 : (type == MVPN_SHARED_JOIN || type == MVPN_SOURCE_JOIN) ? 14 : 0;
}

static bool mvpn_parsable(const uint8_t *p, size_t len)
{
	size_t at = src_at(p[0]);
	if (!at || len < at + 1)
		return false;
	unsigned sb = p[at];
	if (sb != 32 && sb != 128)
		return false;
	size_t g = at + 1 + sb / 8;
	if (len < g + 1)
		return false;
	unsigned gb = p[g];
	return (gb == 32 || gb == 128) && len == g + 1 + gb / 8;
}

static const char *mvpn_name(uint8_t type)
{
	switch (type) {
	case MVPN_SOURCE_AD: return "Source Active A-D Route";
	case MVPN_SHARED_JOIN: return "C-Multicast Shared Tree Join route";
	case MVPN_SOURCE_JOIN: return "C-Multicast Source Tree Join route";
	default: return "";
	}
}

static void mvpn_json(struct buf *out, const uint8_t *p, size_t len)
{
	bool parsed = len >= 2 && mvpn_parsable(p, len);
	buf_printf(out, "\"code\": %u, \"parsed\": %s, \"raw\": \"", len ? p[0] : 0, parsed ? "true" : "false");
	fq_hex(out, p, len);
	buf_put_u8(out, '"');
	if (!parsed)
		return;
	buf_printf(out, ", \"name\": \"%s\", ", mvpn_name(p[0]));
	fq_rd_json(out, p + 2);
	size_t at = src_at(p[0]);
	if (p[0] != MVPN_SOURCE_AD)
		buf_printf(out, ", \"source-as\": \"%u\"", get_be32(p + 10));
	size_t sl = p[at] / 8, g = at + 1 + sl;
	buf_puts(out, ", \"source\": \"");
	fq_ip_text(out, p + at + 1, sl);
	buf_puts(out, "\", \"group\": \"");
	fq_ip_text(out, p + g + 1, p[g] / 8);
	buf_put_u8(out, '"');
}

/* Logs and the text API: ExaBGP's str() of the route, e.g.
 * "mvpn:shared-join::65000:99999:65000:10.99.199.1:239.251.255.228";
 * "mvpn:unknown:0x<value>" for what is not parsed. */
static void mvpn_text(struct buf *out, const uint8_t *p, size_t len)
{
	if (!(len >= 2 && mvpn_parsable(p, len))) {
		buf_puts(out, "mvpn:unknown:0x");
		for (size_t i = 2; i < len; i++)
			buf_printf(out, "%02x", p[i]);
		return;
	}
	static const char *const shorts[] = { "sourcead", "shared-join", "source-join" };
	buf_printf(out, "mvpn:%s::", shorts[p[0] - MVPN_SOURCE_AD]);
	fq_rd_text(out, p + 2);
	size_t at = src_at(p[0]);
	if (p[0] != MVPN_SOURCE_AD)
		buf_printf(out, ":%u", get_be32(p + 10));
	size_t sl = p[at] / 8, g = at + 1 + sl;
	buf_put_u8(out, ':');
	fq_ip_text(out, p + at + 1, sl);
	buf_put_u8(out, ':');
	fq_ip_text(out, p + g + 1, p[g] / 8);
}

const struct family_ops family_ipv4_mcast_vpn = {
	.afi = AFI_IPV4, .safi = SAFI_MCAST_VPN, .name = "ipv4 mcast-vpn", .addr_bits = 32,
	.nlri_len = mvpn_len, .nlri_json = mvpn_json, .nlri_text = mvpn_text,
};

const struct family_ops family_ipv6_mcast_vpn = {
	.afi = AFI_IPV6, .safi = SAFI_MCAST_VPN, .name = "ipv6 mcast-vpn", .addr_bits = 128,
	.nlri_len = mvpn_len, .nlri_json = mvpn_json, .nlri_text = mvpn_text,
};
