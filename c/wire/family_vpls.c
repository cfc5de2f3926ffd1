/* L2VPN VPLS (AFI 25, SAFI 65), RFC 4761 section 3.2.2: <length:2 = 17>
 * <RD:8><VE ID:2><VE block offset:2><VE block size:2><label base:3>.  The
 * RIB key is the whole NLRI, as ExaBGP indexes every field. */
#include "wire/family_fq.h"
#include "wire/nlri.h"

enum { VPLS_NLRI_LEN = 19 };

static int vpls_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	if (left < 2) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "VPLS NLRI: %zu octet(s) cannot hold its length", left);
		return -1;
	}
	size_t n = 2 + (size_t)get_be16(p);
	/* RFC 4761 fixes the length; any other value leaves the rest of the
	 * field unframed (RFC 7606 section 5.3). */
	if (n != VPLS_NLRI_LEN || n > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "VPLS NLRI: length %zu (expected 17) with %zu octets left", n - 2, left);
		return -1;
	}
	return (int)n;
}

static uint32_t vpls_base(const uint8_t *p)
{
	return ((uint32_t)p[16] << 16 | (uint32_t)p[17] << 8 | p[18]) >> 4;
}

/* ExaBGP: "rd": "...", "endpoint": 5, "base": 10702, "offset": 1, "size": 8 */
static void vpls_json(struct buf *out, const uint8_t *p, size_t len)
{
	if (len != VPLS_NLRI_LEN)
		return;
	fq_rd_json(out, p + 2);
	buf_printf(out, ", \"endpoint\": %u, \"base\": %u, \"offset\": %u, \"size\": %u", get_be16(p + 10),
	           vpls_base(p), get_be16(p + 12), get_be16(p + 14));
}

static void vpls_text(struct buf *out, const uint8_t *p, size_t len)
{
	if (len != VPLS_NLRI_LEN)
		return;
	buf_puts(out, "vpls rd ");
	fq_rd_text(out, p + 2);
	buf_printf(out, " endpoint %u base %u offset %u size %u", get_be16(p + 10), vpls_base(p),
	           get_be16(p + 12), get_be16(p + 14));
}

const struct family_ops family_l2vpn_vpls = {
	.afi = AFI_L2VPN, .safi = SAFI_VPLS, .name = "l2vpn vpls", .addr_bits = 0,
	.nlri_len = vpls_len, .nlri_json = vpls_json, .nlri_text = vpls_text,
};
