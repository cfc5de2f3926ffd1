/* OPEN messages (RFC 4271 section 4.2 and 6.2, RFC 9072). */
#include "wire/capability.h"
#include "wire/open.h"

#include <string.h>

enum { OPEN_FIXED_LEN = 10, OPT_PARAM_CAPABILITIES = 2, OPT_PARAM_EXTENDED = 255, AS_TRANS = 23456 };

static int open_bad(struct wire_error *e, uint8_t subcode, const char *why)
{
	wire_error_set(e, WIRE_SESSION_RESET, ERR_OPEN, subcode, 0, "OPEN: %s", why);
	return -1;
}

/* The optional parameters: RFC 4271 gives no subcode for a length that
 * does not add up, so that is Unspecific (0), like ExaBGP; a parameter type
 * other than Capabilities (including the deprecated Authentication, type 1)
 * is Unsupported Optional Parameter (4). */
static int open_params_decode(struct wire_reader *r, bool ext, struct wire_caps *c, struct wire_error *e)
{
	while (r->left) {
		uint8_t type = wire_get_u8(r);
		size_t plen = ext ? wire_get_u16(r) : wire_get_u8(r);
		const uint8_t *p = wire_get_bytes(r, plen);
		if (r->err || !p)
			return open_bad(e, 0, "optional parameter overruns the parameters length");
		if (type != OPT_PARAM_CAPABILITIES) {
			open_bad(e, ERR_OPEN_OPTPARAM, "unsupported optional parameter");
			wire_error_data(e, &type, 1);
			return -1;
		}
		struct wire_reader cr;
		wire_reader_init(&cr, p, plen);
		while (cr.left) {
			uint8_t code = wire_get_u8(&cr);
			uint8_t clen = wire_get_u8(&cr);
			const uint8_t *v = wire_get_bytes(&cr, clen);
			if (cr.err || !v)
				return open_bad(e, 0, "capability overruns its optional parameter");
			if (wire_capability_decode(c, code, v, clen, e) < 0)
				return -1;
		}
	}
	return 0;
}

int wire_open_decode(const uint8_t *body, size_t len, struct wire_open *o, struct wire_error *e)
{
	memset(o, 0, sizeof *o);
	memset(e, 0, sizeof *e);
	if (len < OPEN_FIXED_LEN) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_HEADER, ERR_HEADER_LENGTH, 0,
		               "OPEN: %zu bytes, shorter than its fixed part", len);
		uint8_t l[2];
		put_be16(l, (uint16_t)(len + BGP_HEADER_LEN));
		wire_error_data(e, l, 2);
		return -1;
	}
	struct wire_reader r;
	wire_reader_init(&r, body, len);
	o->version = wire_get_u8(&r);
	o->my_as = wire_get_u16(&r);
	o->hold_time = wire_get_u16(&r);
	o->bgp_id = wire_get_u32(&r);
	uint8_t optlen = wire_get_u8(&r);

	/* RFC 4271 section 6.2: the data of Unsupported Version Number is the
	 * largest version we support, as a 2-octet integer. */
	if (o->version != 4) {
		open_bad(e, ERR_OPEN_VERSION, "unsupported version number");
		uint8_t v[2] = { 0, 4 };
		wire_error_data(e, v, 2);
		return -1;
	}
	/* RFC 4271 section 6.2: a hold time of one or two seconds is refused. */
	if (o->hold_time == 1 || o->hold_time == 2)
		return open_bad(e, ERR_OPEN_HOLD, "unacceptable hold time");
	/* RFC 6286 section 2.2: the identifier must be non-zero. */
	if (o->bgp_id == 0)
		return open_bad(e, ERR_OPEN_BGP_ID, "BGP identifier is 0");

	/* RFC 9072 section 2: a non-extended length of 255 followed by a
	 * parameter type of 255 announces a two-octet length and two-octet
	 * parameter lengths. */
	bool ext = false;
	size_t plen = optlen;
	if (optlen == OPT_PARAM_EXTENDED && r.left >= 1 && r.p[0] == OPT_PARAM_EXTENDED) {
		wire_get_u8(&r);
		plen = wire_get_u16(&r);
		if (r.err)
			return open_bad(e, 0, "extended optional parameters length truncated");
		ext = true;
	}
	if (plen != r.left)
		return open_bad(e, 0, "optional parameters length does not match the message");
	struct wire_reader pr;
	wire_reader_init(&pr, r.p, plen);
	return open_params_decode(&pr, ext, &o->caps, e);
}

/* ExaBGP falls back to RFC 9072's encoding only when the parameters do not
 * fit the one-octet length. */
void wire_open_encode(struct buf *out, const struct wire_open *o)
{
	size_t start = wire_msg_begin(out, BGP_OPEN);
	buf_put_u8(out, o->version ? o->version : 4);
	buf_put_u16(out, o->my_as);
	buf_put_u16(out, o->hold_time);
	buf_put_u32(out, o->bgp_id);
	size_t len_at = out->len;
	buf_put_u8(out, 0);
	wire_capabilities_encode(out, &o->caps, false);
	size_t plen = out->len - len_at - 1;
	if (plen < 255) {
		out->data[len_at] = (uint8_t)plen;
	} else {
		out->len = len_at;
		buf_put_u8(out, OPT_PARAM_EXTENDED);
		buf_put_u8(out, OPT_PARAM_EXTENDED);
		size_t l2 = out->len;
		buf_put_u16(out, 0);
		wire_capabilities_encode(out, &o->caps, true);
		put_be16(out->data + l2, (uint16_t)(out->len - l2 - 2));
	}
	wire_msg_finish(out, start);
}

uint32_t wire_open_asn(const struct wire_open *o)
{
	return o->caps.as4 ? o->caps.as4_value : o->my_as;
}
