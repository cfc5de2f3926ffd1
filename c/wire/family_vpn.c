/* Multicast (RFC 4760), labeled unicast (RFC 8277), VPN-IPv4/IPv6 (RFC 4364
 * section 4.3.4, RFC 4659) and Route Target Constraint (RFC 4684) families.
 *
 * A labeled/VPN NLRI is <length in bits><labels><RD (VPN)><prefix>, the
 * length counting every bit after it; the RIB keys it by these bytes.
 * Errors (RFC 7606 section 5.3) name the problem; the UPDATE decoder adds
 * the family and the NLRI's offset in the message, and disables the family. */
#include "wire/family_vpn.h"
#include "wire/nlri.h"

#include <arpa/inet.h>
#include <string.h>

int vpn_labels(const uint8_t *p, size_t bytes, uint32_t raw[VPN_MAX_LABELS])
{
	int n = 0;
	for (size_t at = 0; at + 3 <= bytes && n < VPN_MAX_LABELS; at += 3) {
		uint32_t v = (uint32_t)p[at] << 16 | (uint32_t)p[at + 1] << 8 | p[at + 2];
		raw[n++] = v;
		/* The bottom-of-stack bit ends the stack.  0x800000 (RFC 3107's
		 * withdrawal value) and 0 stand for a whole stack, so they end it
		 * only as its first label: below it they are labels (0 is IPv4
		 * explicit null) and the stack goes on, as ExaBGP reads it. */
		if ((v & 1) || (n == 1 && (v == 0x800000 || v == 0)))
			return n;
	}
	return -1;
}

void vpn_rd_text(struct buf *out, const uint8_t rd[8])
{
	unsigned type = get_be16(rd);
	if (type == 0)
		buf_printf(out, "%u:%u", get_be16(rd + 2), get_be32(rd + 4));
	else if (type == 1)
		buf_printf(out, "%u.%u.%u.%u:%u", rd[2], rd[3], rd[4], rd[5], get_be16(rd + 6));
	else if (type == 2)
		buf_printf(out, "%u:%u", get_be32(rd + 2), get_be16(rd + 6));
	else   /* an RD type RFC 4364 does not define: ExaBGP's hexstring of all 8 octets */
		buf_printf(out, "0x%02X%02X%02X%02X%02X%02X%02X%02X", rd[0], rd[1], rd[2], rd[3], rd[4], rd[5],
		           rd[6], rd[7]);
}

/* Length of a labeled (and, with rd, VPN) NLRI; prefix bits are checked
 * against the address size once labels and RD are taken off. */
static int labeled_len(const uint8_t *p, size_t left, unsigned addr_bits, bool rd, const char *fam,
                       struct wire_error *e)
{
	if (left < 1) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "%s NLRI: missing length", fam);
		return -1;
	}
	unsigned bits = p[0];
	size_t n = 1 + (bits + 7) / 8;
	if (n > left) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "%s NLRI: length %u bits overruns the field (%zu octets left)", fam, bits,
		               left);
		return -1;
	}
	uint32_t raw[VPN_MAX_LABELS];
	int nl = vpn_labels(p + 1, bits / 8, raw);
	if (nl < 0) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "%s NLRI: no bottom of label stack in %u bits", fam, bits);
		return -1;
	}
	unsigned fixed = 24u * (unsigned)nl + (rd ? 64u : 0u);
	if (bits < fixed || bits - fixed > addr_bits) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "%s NLRI: length %u bits does not fit %d label(s)%s and a /%u prefix", fam,
		               bits, nl, rd ? ", RD" : "", addr_bits);
		return -1;
	}
	return (int)n;
}

/* Text and JSON of a labeled/VPN NLRI, ExaBGP's:
 * "nlri": "10.0.0.0/24", "label": [ [1000, 16001] ], "rd": "65000:1" */
struct lab_view {
	int nl;
	uint32_t raw[VPN_MAX_LABELS];
	const uint8_t *rd;
	uint8_t prefix[17];
	size_t plen;
};

static bool lab_view(const uint8_t *nlri, size_t len, bool rd, struct lab_view *v)
{
	if (len < 1)
		return false;
	unsigned bits = nlri[0];
	v->nl = vpn_labels(nlri + 1, len - 1, v->raw);
	if (v->nl < 0)
		return false;
	unsigned fixed = 24u * (unsigned)v->nl + (rd ? 64u : 0u);
	if (bits < fixed || 1 + fixed / 8 > len)
		return false;
	v->rd = rd ? nlri + 1 + 3 * v->nl : NULL;
	unsigned pbits = bits - fixed;
	size_t pbytes = (pbits + 7) / 8;
	if (pbytes > 16 || 1 + fixed / 8 + pbytes > len)
		return false;
	v->prefix[0] = (uint8_t)pbits;
	memcpy(v->prefix + 1, nlri + 1 + fixed / 8, pbytes);
	v->plen = 1 + pbytes;
	return true;
}

/* ExaBGP's extensive form: "10.0.0.0/24 label 1000 (16001) rd 65000:1", with
 * several labels "label [ 100 (1600) 200 (3201) ]"; the raw 24-bit value in
 * brackets is left out when it is 0 (the RFC 3107 withdrawal label). */
static void lab_text(struct buf *out, const uint8_t *nlri, size_t len, unsigned abits, bool rd)
{
	struct lab_view v;
	if (!lab_view(nlri, len, rd, &v)) {
		buf_puts(out, "malformed");
		return;
	}
	nlri_ip_text(out, v.prefix, v.plen, abits);
	buf_puts(out, v.nl > 1 ? " label [" : " label");
	for (int i = 0; i < v.nl; i++) {
		buf_printf(out, " %u", v.raw[i] >> 4);
		if (v.raw[i])
			buf_printf(out, " (%u)", v.raw[i]);
	}
	if (v.nl > 1)
		buf_puts(out, " ]");
	if (rd) {
		buf_puts(out, " rd ");
		vpn_rd_text(out, v.rd);
	}
}

/* "label": [ [label, raw], ... ], raw left out when 0 (ExaBGP's Labels.json). */
static void lab_json(struct buf *out, const uint8_t *nlri, size_t len, unsigned abits, bool rd)
{
	struct lab_view v;
	if (!lab_view(nlri, len, rd, &v)) {
		buf_puts(out, "\"nlri\": \"malformed\"");
		return;
	}
	buf_puts(out, "\"nlri\": \"");
	nlri_ip_text(out, v.prefix, v.plen, abits);
	buf_puts(out, "\", \"label\": [ ");
	for (int i = 0; i < v.nl; i++) {
		buf_printf(out, "%s[%u", i ? ", " : "", v.raw[i] >> 4);
		if (v.raw[i])
			buf_printf(out, ", %u", v.raw[i]);
		buf_put_u8(out, ']');
	}
	buf_puts(out, " ]");
	if (rd) {
		buf_puts(out, ", \"rd\": \"");
		vpn_rd_text(out, v.rd);
		buf_put_u8(out, '"');
	}
}

#define LABELED(NAME, BITS, RD, FAMNAME)                                                        \
	static int NAME##_len(const uint8_t *p, size_t left, struct wire_error *e)              \
	{                                                                                       \
		return labeled_len(p, left, BITS, RD, FAMNAME, e);                              \
	}                                                                                       \
	static void NAME##_text(struct buf *out, const uint8_t *nlri, size_t len)               \
	{                                                                                       \
		lab_text(out, nlri, len, BITS, RD);                                             \
	}                                                                                       \
	static void NAME##_json(struct buf *out, const uint8_t *nlri, size_t len)               \
	{                                                                                       \
		lab_json(out, nlri, len, BITS, RD);                                             \
	}

LABELED(mpls4, 32, false, "labeled")
LABELED(mpls6, 128, false, "labeled")
LABELED(vpn4, 32, true, "VPN")
LABELED(vpn6, 128, true, "VPN")

const struct family_ops family_ipv4_nlri_mpls = {
	.afi = AFI_IPV4, .safi = SAFI_NLRI_MPLS, .name = "ipv4 nlri-mpls", .addr_bits = 32,
	.nlri_len = mpls4_len, .nlri_json = mpls4_json, .nlri_text = mpls4_text,
};
const struct family_ops family_ipv6_nlri_mpls = {
	.afi = AFI_IPV6, .safi = SAFI_NLRI_MPLS, .name = "ipv6 nlri-mpls", .addr_bits = 128,
	.nlri_len = mpls6_len, .nlri_json = mpls6_json, .nlri_text = mpls6_text,
};
const struct family_ops family_ipv4_mpls_vpn = {
	.afi = AFI_IPV4, .safi = SAFI_MPLS_VPN, .name = "ipv4 mpls-vpn", .addr_bits = 32,
	.nlri_len = vpn4_len, .nlri_json = vpn4_json, .nlri_text = vpn4_text,
};
const struct family_ops family_ipv6_mpls_vpn = {
	.afi = AFI_IPV6, .safi = SAFI_MPLS_VPN, .name = "ipv6 mpls-vpn", .addr_bits = 128,
	.nlri_len = vpn6_len, .nlri_json = vpn6_json, .nlri_text = vpn6_text,
};

/* ---- Route Target Constraint (RFC 4684 section 4) ----
 * <length in bits: 0, or 32..96><origin AS:4><route target prefix>. */

static int rtc_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	if (left < 1) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "RTC NLRI: missing length");
		return -1;
	}
	unsigned bits = p[0];
	if (bits != 0 && (bits < 32 || bits > 96)) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "RTC NLRI: length %u bits not 0 or 32..96", bits);
		return -1;
	}
	size_t n = 1 + (bits + 7) / 8;
	if (n > left) {
		wire_error_set(e, WIRE_AFISAFI_DISABLE, ERR_UPDATE, ERR_UPDATE_OPTIONAL, 0,
		               "RTC NLRI: length %u bits overruns the field (%zu octets left)", bits, left);
		return -1;
	}
	return (int)n;
}

/* The route target as ExaBGP names it (RFC 4360 type, RFC 4684 section 4:
 * the Transitive and IANA bits of the type are not part of the key). */
static void rtc_target(struct buf *out, const uint8_t *rt)
{
	unsigned type = rt[0] & 0x3f;
	if (rt[1] == 0x02 && type == 0x00)
		buf_printf(out, "target:%u:%u", get_be16(rt + 2), get_be32(rt + 4));
	else if (rt[1] == 0x02 && type == 0x01)
		buf_printf(out, "target:%u.%u.%u.%u:%u", rt[2], rt[3], rt[4], rt[5], get_be16(rt + 6));
	else if (rt[1] == 0x02 && type == 0x02)
		buf_printf(out, "target:%u:%u", get_be32(rt + 2), get_be16(rt + 6));
	else
		buf_printf(out, "0x%02X%02X%02X%02X%02X%02X%02X%02X", type, rt[1], rt[2], rt[3], rt[4], rt[5],
		           rt[6], rt[7]);
}

/* A partial route target (a prefix of 32..95 bits): its octets in hex. */
static void rtc_partial(struct buf *out, const uint8_t *nlri, size_t len)
{
	buf_puts(out, "0x");
	for (size_t i = 5; i < len; i++)
		buf_printf(out, "%02X", i == 5 ? nlri[i] & 0x3f : nlri[i]);
}

/* ExaBGP's forms: "rtc wildcard", "rtc 65000:target:65000:1",
 * "rtc 65000:0x0002FDE8/64"; JSON "origin", "route-target" (null unless the
 * whole target is there) and, for a partial one, "prefix-length" and
 * "route-target-prefix". */
static void rtc_body(struct buf *out, const uint8_t *nlri, size_t len, bool json)
{
	if (len < 5) {
		buf_puts(out, json ? "\"origin\": 0, \"route-target\": null" : "rtc wildcard");
		return;
	}
	unsigned bits = nlri[0];
	uint32_t origin = get_be32(nlri + 1);
	if (bits == 96 && len >= 13) {
		if (json)
			buf_printf(out, "\"origin\": %u, \"route-target\": \"", origin);
		else
			buf_printf(out, "rtc %u:", origin);
		rtc_target(out, nlri + 5);
		if (json)
			buf_put_u8(out, '"');
		return;
	}
	if (json) {
		buf_printf(out, "\"origin\": %u, \"route-target\": null, \"prefix-length\": %u, "
		           "\"route-target-prefix\": \"", origin, bits);
		rtc_partial(out, nlri, len);
		buf_put_u8(out, '"');
	} else {
		buf_printf(out, "rtc %u:", origin);
		rtc_partial(out, nlri, len);
		buf_printf(out, "/%u", bits);
	}
}

static void rtc_text(struct buf *out, const uint8_t *nlri, size_t len)
{
	rtc_body(out, nlri, len, false);
}
static void rtc_json(struct buf *out, const uint8_t *nlri, size_t len)
{
	rtc_body(out, nlri, len, true);
}

const struct family_ops family_ipv4_rtc = {
	.afi = AFI_IPV4, .safi = SAFI_RTC, .name = "ipv4 rtc", .addr_bits = 0,
	.nlri_len = rtc_len, .nlri_json = rtc_json, .nlri_text = rtc_text,
};
