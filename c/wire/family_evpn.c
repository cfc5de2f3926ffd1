/* L2VPN EVPN (AFI 25, SAFI 70): RFC 7432 section 7 route types 1-4 and
 * RFC 9136 type 5.  An NLRI is <type:1><length:1><value>; the RIB key is
 * the whole NLRI.  Framing alone decides the NLRI boundaries, so a route
 * type we do not know, or a known one whose value is malformed, costs that
 * route only (RFC 7606 section 5.4): like ExaBGP we keep it as raw bytes
 * and report it with "parsed": false; the malformed known one is logged
 * (a WIRE_ATTR_DISCARD-level note from nlri_len, the UPDATE stands). */
#include "wire/family_fq.h"
#include "wire/nlri.h"

#include <string.h>

enum { EVPN_AD = 1, EVPN_MAC = 2, EVPN_MCAST = 3, EVPN_SEGMENT = 4, EVPN_PREFIX = 5 };

static bool evpn_parsable(const uint8_t *p, size_t len);
static const char *evpn_name(uint8_t code);

static int evpn_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	if (left < 2) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "EVPN NLRI: %zu octet(s) cannot hold type and length", left);
		return -1;
	}
	size_t n = 2 + (size_t)p[1];
	if (n > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "EVPN NLRI: route type %u of %zu octets overruns the field (%zu left)",
		               p[0], n, left);
		return -1;
	}
	/* A route type we know whose value does not add up: kept as raw bytes
	 * like an unknown type (that route only), but logged. */
	if (evpn_name(p[0]) && !evpn_parsable(p, n))
		wire_error_set(e, WIRE_ATTR_DISCARD, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "EVPN NLRI: route type %u malformed (%u octets), kept raw", p[0], p[1]);
	return (int)n;
}

static bool ip_bits_ok(unsigned bits)
{
	return bits == 32 || bits == 128;
}

/* Is the value of a known route type well-formed (ExaBGP's own checks)? */
static bool evpn_parsable(const uint8_t *p, size_t len)
{
	size_t v = len - 2;
	switch (p[0]) {
	case EVPN_AD:
		return v >= 25 && (v - 22) % 3 == 0;
	case EVPN_MAC: {
		if (v < 30 || p[24] > 48)
			return false;
		unsigned ipb = p[31];
		if (ipb != 0 && !ip_bits_ok(ipb))
			return false;
		size_t base = 33 + ipb / 8;          /* payload with one label */
		return v == base || v == base + 3;
	}
	case EVPN_MCAST:
		return v >= 13 && ip_bits_ok(p[14]) && v == 13 + (size_t)p[14] / 8;
	case EVPN_SEGMENT:
		return v >= 19 && ip_bits_ok(p[20]) && v == 19 + (size_t)p[20] / 8;
	case EVPN_PREFIX:
		return v == 34 || v == 58;
	default:
		return false;
	}
}

static const char *evpn_name(uint8_t code)
{
	static const char *const names[] = { NULL, "Ethernet Auto-Discovery", "MAC/IP advertisement",
		"Inclusive Multicast Ethernet Tag", "Ethernet Segment", "IP Prefix Advertisement" };
	return code >= 1 && code <= 5 ? names[code] : NULL;
}

static void esi_json(struct buf *out, const uint8_t *esi)
{
	static const uint8_t zero[10];
	buf_puts(out, ", \"esi\": \"");
	if (memcmp(esi, zero, 10) == 0) {
		buf_put_u8(out, '-');
	} else {
		for (int i = 0; i < 10; i++)
			buf_printf(out, i ? ":%02x" : "%02x", esi[i]);
	}
	buf_put_u8(out, '"');
}

static void mac_json(struct buf *out, const uint8_t *mac)
{
	buf_puts(out, ", \"mac\": \"");
	for (int i = 0; i < 6; i++)
		buf_printf(out, i ? ":%02X" : "%02X", mac[i]);
	buf_put_u8(out, '"');
}

static void ip_member(struct buf *out, const char *key, const uint8_t *ip, size_t len)
{
	buf_printf(out, ", \"%s\": \"", key);
	fq_ip_text(out, ip, len);
	buf_put_u8(out, '"');
}

/* The label stack of a type 1 route runs to the bottom-of-stack bit. */
static size_t stack_len(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i + 3 <= n) {
		i += 3;
		if (p[i - 1] & 1)
			break;
	}
	return i;
}

static void labels_member(struct buf *out, const uint8_t *p, size_t n)
{
	if (n >= 3) {
		buf_puts(out, ", ");
		fq_labels_json(out, p, n);
	}
}

/* ExaBGP: { "code": 2, "parsed": true, "raw": "...", "name": "...", "rd": ..., ... } */
static void evpn_json(struct buf *out, const uint8_t *p, size_t len)
{
	bool parsed = len >= 2 && evpn_name(p[0]) && evpn_parsable(p, len);
	buf_printf(out, "\"code\": %u, \"parsed\": %s, \"raw\": \"", len ? p[0] : 0,
	           parsed ? "true" : "false");
	fq_hex(out, p, len);
	buf_put_u8(out, '"');
	if (!parsed)
		return;
	buf_printf(out, ", \"name\": \"%s\", ", evpn_name(p[0]));
	fq_rd_json(out, p + 2);
	switch (p[0]) {
	case EVPN_AD:
		esi_json(out, p + 10);
		buf_printf(out, ", \"ethernet-tag\": %u", get_be32(p + 20));
		labels_member(out, p + 24, stack_len(p + 24, len - 24));
		break;
	case EVPN_MAC: {
		size_t ipl = p[31] / 8;
		esi_json(out, p + 10);
		buf_printf(out, ", \"ethernet-tag\": %u", get_be32(p + 20));
		mac_json(out, p + 25);
		labels_member(out, p + 32 + ipl, 3);
		if (ipl)
			ip_member(out, "ip", p + 32, ipl);
		break;
	}
	case EVPN_MCAST:
		buf_printf(out, ", \"ethernet-tag\": %u", get_be32(p + 10));
		ip_member(out, "ip", p + 15, p[14] / 8);
		break;
	case EVPN_SEGMENT:
		esi_json(out, p + 10);
		ip_member(out, "ip", p + 21, p[20] / 8);
		break;
	case EVPN_PREFIX: {
		size_t al = len == 36 ? 4 : 16;
		esi_json(out, p + 10);
		buf_printf(out, ", \"ethernet-tag\": %u", get_be32(p + 20));
		labels_member(out, p + 25 + 2 * al, 3);
		ip_member(out, "ip", p + 25, al);
		buf_printf(out, ", \"iplen\": %u", p[24]);
		ip_member(out, "gateway", p + 25 + al, al);
		break;
	}
	default:
		break;
	}
}

/* ExaBGP's label stack as text: " label 100 (1601)", " label [ 1 (16) 2 (33) ]"
 * (the raw value left out when 0), nothing without labels. */
static void labels_text(struct buf *out, const uint8_t *p, size_t n)
{
	size_t count = n / 3;
	if (!count)
		return;
	buf_puts(out, count > 1 ? " label [" : " label");
	for (size_t i = 0; i + 3 <= n; i += 3) {
		uint32_t raw = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf_printf(out, " %u", raw >> 4);
		if (raw)
			buf_printf(out, " (%u)", raw);
	}
	if (count > 1)
		buf_puts(out, " ]");
}

static void esi_text(struct buf *out, const uint8_t *esi)
{
	static const uint8_t zero[10];
	if (memcmp(esi, zero, 10) == 0) {
		buf_put_u8(out, '-');
		return;
	}
	for (int i = 0; i < 10; i++)
		buf_printf(out, i ? ":%02x" : "%02x", esi[i]);
}

/* Logs and the text API: ExaBGP's str() of the route, fields joined by ':'
 * after "evpn:NAME:" (hence the double colon), e.g.
 * "evpn:macadv::65000:1:-:100:00:11:22:33:44:55:10.0.0.1: label 100 (1601)";
 * "evpn:unknown:0x<value>" for what is not parsed. */
static void evpn_text(struct buf *out, const uint8_t *p, size_t len)
{
	if (!(len >= 2 && evpn_name(p[0]) && evpn_parsable(p, len))) {
		buf_puts(out, "evpn:unknown:0x");
		for (size_t i = 2; i < len; i++)
			buf_printf(out, "%02x", p[i]);
		return;
	}
	static const char *const shorts[] = { NULL, "ethernetad", "macadv", "multicast", "segment", "prfxadv" };
	buf_printf(out, "evpn:%s::", shorts[p[0]]);
	fq_rd_text(out, p + 2);
	buf_put_u8(out, ':');
	switch (p[0]) {
	case EVPN_AD:
		esi_text(out, p + 10);
		buf_printf(out, ":%u:", get_be32(p + 20));
		labels_text(out, p + 24, stack_len(p + 24, len - 24));
		break;
	case EVPN_MAC: {
		size_t ipl = p[31] / 8;
		esi_text(out, p + 10);
		buf_printf(out, ":%u:%02X:%02X:%02X:%02X:%02X:%02X", get_be32(p + 20), p[25], p[26], p[27],
		           p[28], p[29], p[30]);
		if (p[24] != 48)
			buf_printf(out, "/%u", p[24]);
		buf_put_u8(out, ':');
		if (ipl)
			fq_ip_text(out, p + 32, ipl);
		buf_put_u8(out, ':');
		labels_text(out, p + 32 + ipl, 3);
		break;
	}
	case EVPN_MCAST:
		buf_printf(out, "%u:", get_be32(p + 10));
		fq_ip_text(out, p + 15, p[14] / 8);
		break;
	case EVPN_SEGMENT:
		esi_text(out, p + 10);
		buf_put_u8(out, ':');
		fq_ip_text(out, p + 21, p[20] / 8);
		break;
	case EVPN_PREFIX: {
		size_t al = len == 36 ? 4 : 16;
		esi_text(out, p + 10);
		buf_printf(out, ":%u:", get_be32(p + 20));
		fq_ip_text(out, p + 25, al);
		buf_printf(out, "/%u:", p[24]);
		fq_ip_text(out, p + 25 + al, al);
		buf_put_u8(out, ':');
		labels_text(out, p + 25 + 2 * al, 3);
		break;
	}
	default:
		break;
	}
}

const struct family_ops family_l2vpn_evpn = {
	.afi = AFI_L2VPN, .safi = SAFI_EVPN, .name = "l2vpn evpn", .addr_bits = 0,
	.nlri_len = evpn_len, .nlri_json = evpn_json, .nlri_text = evpn_text,
};
