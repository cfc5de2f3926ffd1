/* SR Policy SAFI 73 (RFC 9830 section 2.1): NLRI = [length in bits:1]
 * [distinguisher:4][color:4][endpoint:4|16]; ExaBGP's JSON
 * { "distinguisher": D, "color": C, "endpoint": "A" }. */
#include "wire/family.h"

#include <arpa/inet.h>
#include <stdio.h>

static int srp_len(const uint8_t *p, size_t left, unsigned alen, struct wire_error *e)
{
	if (left < 1) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "SR Policy NLRI: missing length");
		return -1;
	}
	if (p[0] != (8 + alen) * 8) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "SR Policy NLRI: length %u bits at octet 0, expected %u", p[0], (8 + alen) * 8);
		return -1;
	}
	if (left < 9 + alen) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "SR Policy NLRI: %zu octets left, need %u", left, 9 + alen);
		return -1;
	}
	return (int)(9 + alen);
}

static int srp4_len(const uint8_t *p, size_t left, struct wire_error *e) { return srp_len(p, left, 4, e); }
static int srp6_len(const uint8_t *p, size_t left, struct wire_error *e) { return srp_len(p, left, 16, e); }

/* ExaBGP's JSON members: "distinguisher": D, "color": C, "endpoint": "A". */
static void srp_json(struct buf *out, const uint8_t *n, size_t len)
{
	char s[INET6_ADDRSTRLEN] = "";
	if (len != 13 && len != 25)
		return;
	inet_ntop(len == 13 ? AF_INET : AF_INET6, n + 9, s, sizeof s);
	buf_printf(out, "\"distinguisher\": %u, \"color\": %u, \"endpoint\": \"%s\"", get_be32(n + 1),
	           get_be32(n + 5), s);
}

/* Logs and the text API: ExaBGP's str(), "sr-policy distinguisher D color C
 * endpoint A" (the JSON members were printed here before). */
static void srp_text(struct buf *out, const uint8_t *n, size_t len)
{
	char s[INET6_ADDRSTRLEN] = "";
	if (len != 13 && len != 25)
		return;
	inet_ntop(len == 13 ? AF_INET : AF_INET6, n + 9, s, sizeof s);
	buf_printf(out, "sr-policy distinguisher %u color %u endpoint %s", get_be32(n + 1), get_be32(n + 5), s);
}

const struct family_ops family_ipv4_sr_policy = {
	.afi = AFI_IPV4, .safi = SAFI_SR_POLICY, .name = "ipv4 sr-policy", .addr_bits = 32,
	.nlri_len = srp4_len, .nlri_json = srp_json, .nlri_text = srp_text,
};

const struct family_ops family_ipv6_sr_policy = {
	.afi = AFI_IPV6, .safi = SAFI_SR_POLICY, .name = "ipv6 sr-policy", .addr_bits = 128,
	.nlri_len = srp6_len, .nlri_json = srp_json, .nlri_text = srp_text,
};
