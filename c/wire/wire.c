/* Message framing and the error value shared by the decoders. */
#include "wire/wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wire_error_set(struct wire_error *e, enum wire_action action, uint8_t code, uint8_t subcode,
                    uint8_t attr, const char *fmt, ...)
{
	e->action = action;
	e->code = code;
	e->subcode = subcode;
	e->attr = attr;
	e->data_len = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof e->why, fmt, ap);
	va_end(ap);
}

void wire_error_data(struct wire_error *e, const uint8_t *p, size_t n)
{
	if (n > sizeof e->data)
		n = sizeof e->data;
	memcpy(e->data, p, n);
	e->data_len = (uint16_t)n;
}

/* ExaBGP answers a type it cannot decode with 1/0 and this text, not with
 * RFC 4271's 1/3; the unknown-message vector expects it. */
void wire_error_bad_type(struct wire_error *e, uint8_t type)
{
	wire_error_set(e, WIRE_SESSION_RESET, ERR_HEADER, 0, 0, "can not decode update message of type \"%u\"",
	               type);
	wire_error_data(e, (const uint8_t *)e->why, strlen(e->why));
}

/* RFC 4271 section 6.1: a marker that is not all ones is a Connection Not
 * Synchronized error; a length outside 19..max, or too short for the type,
 * is Bad Message Length with the length as data; an unknown type is Bad
 * Message Type with the type as data. */
int wire_header_check(const uint8_t *hdr, size_t max_len, uint16_t *len, uint8_t *type,
                      struct wire_error *e)
{
	for (int i = 0; i < BGP_MARKER_LEN; i++) {
		if (hdr[i] != 0xff) {
			wire_error_set(e, WIRE_SESSION_RESET, ERR_HEADER, ERR_HEADER_SYNC, 0,
			               "header: marker is not all ones");
			return -1;
		}
	}
	uint16_t l = get_be16(hdr + 16);
	uint8_t t = hdr[18];
	size_t min = BGP_HEADER_LEN;
	switch (t) {
	case BGP_OPEN: min = 29; break;
	case BGP_UPDATE: min = 23; break;
	case BGP_NOTIFICATION: min = 21; break;
	case BGP_KEEPALIVE: min = 19; break;
	case BGP_ROUTE_REFRESH: min = 23; break;
	case BGP_OPERATIONAL: min = 19; break;
	default:
		wire_error_bad_type(e, t);
		return -1;
	}
	if (l < min || l > max_len || (t == BGP_KEEPALIVE && l != BGP_HEADER_LEN)) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_HEADER, ERR_HEADER_LENGTH, 0,
		               "header: bad length %u for message type %u", l, t);
		wire_error_data(e, hdr + 16, 2);
		return -1;
	}
	*len = l;
	*type = t;
	return 0;
}

size_t wire_msg_begin(struct buf *out, uint8_t type)
{
	size_t start = out->len;
	uint8_t *p = buf_extend(out, BGP_HEADER_LEN);
	memset(p, 0xff, BGP_MARKER_LEN);
	put_be16(p + 16, BGP_HEADER_LEN);
	p[18] = type;
	return start;
}

void wire_msg_finish(struct buf *out, size_t start)
{
	put_be16(out->data + start + 16, (uint16_t)(out->len - start));
}

void wire_keepalive_encode(struct buf *out)
{
	wire_msg_begin(out, BGP_KEEPALIVE);
}
