/* IPv4/IPv6 BGP-MUP (SAFI 85), draft-mpmz-bess-mup-safi: <architecture
 * type:1><route type:2><length:1><value>.  ExaBGP decodes architecture 1
 * (3GPP 5G) route types 1 (ISD), 2 (DSD), 3 (Type 1 ST) and 4 (Type 2 ST);
 * anything else, or a malformed value, is kept raw and costs that route
 * only (RFC 7606 section 5.4). */
#include "wire/family_fq.h"
#include "wire/nlri.h"

#include <string.h>

enum { MUP_ISD = 1, MUP_DSD = 2, MUP_T1ST = 3, MUP_T2ST = 4 };

static bool mup_parsable(const uint8_t *p, size_t len, size_t alen);

static int mup_len(const uint8_t *p, size_t left, size_t alen, struct wire_error *e)
{
	if (left < 4) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "MUP NLRI: %zu octet(s) cannot hold its header", left);
		return -1;
	}
	size_t n = 4 + (size_t)p[3];
	if (n > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "MUP NLRI: route type %u of %zu octets overruns the field (%zu left)",
		               get_be16(p + 1), n, left);
		return -1;
	}
	/* An architecture 1 route type we decode whose value does not add up:
	 * kept raw (that route only), logged. */
	uint16_t code = get_be16(p + 1);
	if (p[0] == 1 && code >= MUP_ISD && code <= MUP_T2ST && !mup_parsable(p, n, alen))
		wire_error_set(e, WIRE_ATTR_DISCARD, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "MUP NLRI: route type %u malformed (%u octets), kept raw", code, p[3]);
	return (int)n;
}

static int mup4_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return mup_len(p, left, 4, e);
}

static int mup6_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return mup_len(p, left, 16, e);
}

/* Is the route a known one with a consistent value?  alen: 4 or 16. */
static bool mup_parsable(const uint8_t *p, size_t len, size_t alen)
{
	if (len < 12 || p[0] != 1)
		return false;
	unsigned bits = alen * 8;
	switch (get_be16(p + 1)) {
	case MUP_ISD:
		return len >= 13 && p[12] <= bits && len == 13 + ((size_t)p[12] + 7) / 8;
	case MUP_DSD:
		return len == 12 + alen;
	case MUP_T1ST: {
		if (len < 13 || p[12] > bits)
			return false;
		size_t at = 13 + ((size_t)p[12] + 7) / 8 + 5;   /* TEID, QFI */
		if (len < at + 1 || (p[at] != 32 && p[at] != 128))
			return false;
		at += 1 + p[at] / 8;
		if (len == at)
			return true;
		return len > at && (p[at] == 32 || p[at] == 128) && len == at + 1 + p[at] / 8;
	}
	case MUP_T2ST:
		return len >= 13 && p[12] >= bits && p[12] <= bits + 32 &&
		       len == 13 + alen + ((size_t)p[12] - bits + 7) / 8;
	default:
		return false;
	}
}

static const char *mup_name(uint16_t code)
{
	static const char *const names[] = { NULL, "InterworkSegmentDiscoveryRoute", "DirectSegmentDiscoveryRoute",
		"Type1SessionTransformedRoute", "Type2SessionTransformedRoute" };
	return code >= 1 && code <= 4 ? names[code] : "";
}

static void prefix_member(struct buf *out, const char *key, const uint8_t *p, unsigned bits, size_t alen)
{
	uint8_t a[16] = { 0 };
	memcpy(a, p, (bits + 7) / 8);
	buf_printf(out, "\"%s\": \"", key);
	fq_ip_text(out, a, alen);
	buf_puts(out, "\", ");
}

static void raw_member(struct buf *out, const uint8_t *p, size_t len)
{
	buf_puts(out, "\"raw\": \"");
	fq_hex(out, p, len);
	buf_put_u8(out, '"');
}

static void mup_json(struct buf *out, const uint8_t *p, size_t len, size_t alen)
{
	if (!mup_parsable(p, len, alen)) {
		buf_printf(out, "\"arch\": %u, \"code\": %u, ", len ? p[0] : 0, len >= 3 ? get_be16(p + 1) : 0);
		raw_member(out, p, len);
		return;
	}
	uint16_t code = get_be16(p + 1);
	buf_printf(out, "\"name\": \"%s\", \"arch\": %u, \"code\": %u, ", mup_name(code), p[0], code);
	switch (code) {
	case MUP_ISD:
		buf_printf(out, "\"prefix_ip_len\": %u, ", p[12]);
		prefix_member(out, "prefix_ip", p + 13, p[12], alen);
		fq_rd_json(out, p + 4);
		break;
	case MUP_DSD:
		prefix_member(out, "ip", p + 12, (unsigned)alen * 8, alen);
		fq_rd_json(out, p + 4);
		break;
	case MUP_T1ST: {
		size_t at = 13 + ((size_t)p[12] + 7) / 8;
		buf_printf(out, "\"prefix_ip_len\": %u, ", p[12]);
		prefix_member(out, "prefix_ip", p + 13, p[12], alen);
		buf_printf(out, "\"teid\": \"%u\", \"qfi\": \"%u\", ", get_be32(p + at), p[at + 4]);
		fq_rd_json(out, p + 4);
		at += 5;
		buf_printf(out, ", \"endpoint_ip_len\": %u, \"endpoint_ip\": \"", p[at]);
		fq_ip_text(out, p + at + 1, p[at] / 8);
		at += 1 + p[at] / 8;
		if (at < len) {
			buf_printf(out, "\", \"source_ip_len\": %u, \"source_ip\": \"", p[at]);
			fq_ip_text(out, p + at + 1, p[at] / 8);
		} else {
			/* ExaBGP prints the Python bytes literal of its empty source */
			buf_puts(out, "\", \"source_ip_len\": 0, \"source_ip\": \"b''");
		}
		buf_puts(out, "\", ");
		break;
	}
	case MUP_T2ST: {
		uint32_t teid = 0;
		for (size_t i = 13 + alen; i < len; i++)
			teid = teid << 8 | p[i];
		buf_printf(out, "\"endpoint_len\": %u, \"endpoint_ip\": \"", p[12]);
		fq_ip_text(out, p + 13, alen);
		buf_puts(out, "\", ");
		fq_rd_json(out, p + 4);
		buf_printf(out, ", \"teid\": \"%u\"", teid);
		break;
	}
	default:
		break;
	}
	if (code != MUP_T1ST)
		buf_puts(out, ", ");
	raw_member(out, p, len);
}

static void mup4_json(struct buf *out, const uint8_t *p, size_t len)
{
	mup_json(out, p, len, 4);
}

static void mup6_json(struct buf *out, const uint8_t *p, size_t len)
{
	mup_json(out, p, len, 16);
}

/* An address of alen octets from the first (bits+7)/8 octets at p. */
static void padded_ip(struct buf *out, const uint8_t *p, unsigned bits, size_t alen)
{
	uint8_t a[16] = { 0 };
	memcpy(a, p, (bits + 7) / 8);
	fq_ip_text(out, a, alen);
}

/* Logs and the text API: ExaBGP's str() of the route ("mup:isd::100:100:
 * 10.0.1.0/24"; its T1ST prints the prefix length after the endpoint too);
 * "mup:unknown:0x<value>" for what is not parsed. */
static void mup_text(struct buf *out, const uint8_t *p, size_t len, size_t alen)
{
	if (!mup_parsable(p, len, alen)) {
		buf_puts(out, "mup:unknown:0x");
		for (size_t i = 4; i < len; i++)
			buf_printf(out, "%02x", p[i]);
		return;
	}
	static const char *const shorts[] = { NULL, "isd", "dsd", "t1st", "t2st" };
	uint16_t code = get_be16(p + 1);
	buf_printf(out, "mup:%s::", shorts[code]);
	fq_rd_text(out, p + 4);
	buf_put_u8(out, ':');
	switch (code) {
	case MUP_ISD:
		padded_ip(out, p + 13, p[12], alen);
		buf_printf(out, "/%u", p[12]);
		break;
	case MUP_DSD:
		fq_ip_text(out, p + 12, alen);
		break;
	case MUP_T1ST: {
		size_t at = 13 + ((size_t)p[12] + 7) / 8;
		padded_ip(out, p + 13, p[12], alen);
		buf_printf(out, "/%u:%u:%u:", p[12], get_be32(p + at), p[at + 4]);
		at += 5;
		fq_ip_text(out, p + at + 1, p[at] / 8);
		buf_printf(out, "/%u", p[12]);
		at += 1 + p[at] / 8;
		if (at < len && p[at]) {
			buf_put_u8(out, ':');
			fq_ip_text(out, p + at + 1, p[at] / 8);
			buf_printf(out, "/%u", p[at]);
		}
		break;
	}
	case MUP_T2ST: {
		uint32_t teid = 0;
		for (size_t i = 13 + alen; i < len; i++)
			teid = teid << 8 | p[i];
		buf_printf(out, "%u:", p[12]);
		fq_ip_text(out, p + 13, alen);
		buf_printf(out, ":%u:", teid);
		break;
	}
	default:
		break;
	}
}

static void mup4_text(struct buf *out, const uint8_t *p, size_t len)
{
	mup_text(out, p, len, 4);
}

static void mup6_text(struct buf *out, const uint8_t *p, size_t len)
{
	mup_text(out, p, len, 16);
}

const struct family_ops family_ipv4_mup = {
	.afi = AFI_IPV4, .safi = SAFI_MUP, .name = "ipv4 mup", .addr_bits = 32,
	.nlri_len = mup4_len, .nlri_json = mup4_json, .nlri_text = mup4_text,
};

const struct family_ops family_ipv6_mup = {
	.afi = AFI_IPV6, .safi = SAFI_MUP, .name = "ipv6 mup", .addr_bits = 128,
	.nlri_len = mup6_len, .nlri_json = mup6_json, .nlri_text = mup6_text,
};
