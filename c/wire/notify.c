/* NOTIFICATION (RFC 4271 section 4.5, RFC 8203/9003) and ROUTE-REFRESH
 * (RFC 2918, RFC 7313) messages. */
#include "wire/notify.h"

#include <string.h>

/* RFC 9003 section 2: Administrative Shutdown and Administrative Reset may
 * carry a length-prefixed UTF-8 communication of up to 255 octets.  Only a
 * length that fits the data makes it a communication; anything else stays
 * raw data. */
int wire_notification_decode(const uint8_t *body, size_t len, struct wire_notification *n)
{
	memset(n, 0, sizeof *n);
	if (len < 2) {
		/* RFC 4271 section 6.5: never answer a NOTIFICATION with one;
		 * report what little there is. */
		n->code = len ? body[0] : 0;
		return -1;
	}
	n->code = body[0];
	n->subcode = body[1];
	n->data = body + 2;
	n->data_len = len - 2;
	if (n->code == ERR_CEASE &&
	    (n->subcode == ERR_CEASE_ADMIN_SHUTDOWN || n->subcode == ERR_CEASE_ADMIN_RESET) &&
	    n->data_len >= 1 && (size_t)n->data[0] + 1 <= n->data_len) {
		size_t tl = n->data[0];
		memcpy(n->text, n->data + 1, tl);
		n->text[tl] = '\0';
		n->has_text = true;
	}
	return 0;
}

void wire_notification_encode(struct buf *out, uint8_t code, uint8_t subcode, const uint8_t *data,
                              size_t data_len)
{
	size_t start = wire_msg_begin(out, BGP_NOTIFICATION);
	buf_put_u8(out, code);
	buf_put_u8(out, subcode);
	if (data_len > BGP_MAX_MSG - BGP_HEADER_LEN - 2)
		data_len = BGP_MAX_MSG - BGP_HEADER_LEN - 2;
	if (data_len)
		buf_put(out, data, data_len);
	wire_msg_finish(out, start);
}

void wire_notification_encode_text(struct buf *out, uint8_t code, uint8_t subcode, const char *text)
{
	size_t tl = text ? strlen(text) : 0;
	if (tl > 255) {
		/* Do not cut a UTF-8 sequence in half. */
		tl = 255;
		while (tl > 0 && ((uint8_t)text[tl] & 0xc0) == 0x80)
			tl--;
	}
	uint8_t data[256];
	data[0] = (uint8_t)tl;
	if (tl)
		memcpy(data + 1, text, tl);
	wire_notification_encode(out, code, subcode, data, tl + 1);
}

const char *wire_notification_code_name(uint8_t code)
{
	switch (code) {
	case 1: return "Message header error";
	case 2: return "OPEN message error";
	case 3: return "UPDATE message error";
	case 4: return "Hold timer expired";
	case 5: return "State machine error";
	case 6: return "Cease";
	case 7: return "Route refresh message error";
	default: return "unknown error";
	}
}

/* ExaBGP's wording (bgp/message/notification.py), so that logs and text
 * reports read the same. */
const char *wire_notification_subcode_name(uint8_t code, uint8_t subcode)
{
	static const char *const header[] = { "Unspecific", "Connection Not Synchronized",
		"Bad Message Length", "Bad Message Type" };
	static const char *const open[] = { "Unspecific", "Unsupported Version Number", "Bad Peer AS",
		"Bad BGP Identifier", "Unsupported Optional Parameter",
		"Authentication Notification (Deprecated)", "Unacceptable Hold Time",
		"Unsupported Capability", "Grouping Conflict", "Grouping Required",
		"Capability Value Mismatch", "Role Mismatch" };
	static const char *const update[] = { "Unspecific", "Malformed Attribute List",
		"Unrecognized Well-known Attribute", "Missing Well-known Attribute",
		"Attribute Flags Error", "Attribute Length Error", "Invalid ORIGIN Attribute",
		"AS Routing Loop", "Invalid NEXT_HOP Attribute", "Optional Attribute Error",
		"Invalid Network Field", "Malformed AS_PATH" };
	static const char *const fsm[] = { "Unspecific", "Receive Unexpected Message in OpenSent State",
		"Receive Unexpected Message in OpenConfirm State",
		"Receive Unexpected Message in Established State" };
	static const char *const cease[] = { "Unspecific", "Maximum Number of Prefixes Reached",
		"Administrative Shutdown", "Peer De-configured", "Administrative Reset",
		"Connection Rejected", "Other Configuration Change", "Connection Collision Resolution",
		"Out of Resources", "Hard Reset", "BFD Down" };
	static const char *const refresh[] = { "Unspecific", "Invalid Message Length",
		"Malformed Message Subtype" };
#define PICK(t) (subcode < sizeof(t) / sizeof(t[0]) ? t[subcode] : "unknow reason")
	switch (code) {
	case 1: return PICK(header);
	case 2: return PICK(open);
	case 3: return PICK(update);
	case 4: return subcode == 0 ? "Unspecific" : "unknow reason";
	case 5: return PICK(fsm);
	case 6: return PICK(cease);
	case 7: return PICK(refresh);
	default: return "unknow reason";
	}
#undef PICK
}

/* RFC 2918 section 3 / RFC 7313 section 3.2: AFI(2) subtype(1) SAFI(1); a
 * body of another length is Route-Refresh Message Error / Invalid Message
 * Length (RFC 7313 section 5) with the message as data. */
int wire_route_refresh_decode(const uint8_t *body, size_t len, struct wire_route_refresh *rr,
                              struct wire_error *e)
{
	memset(rr, 0, sizeof *rr);
	if (len != 4) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_ROUTE_REFRESH, 1, 0,
		               "ROUTE-REFRESH: body of %zu bytes, expected 4", len);
		wire_error_data(e, body, len);
		return -1;
	}
	rr->afi = get_be16(body);
	rr->subtype = body[2];
	rr->safi = body[3];
	return 0;
}

void wire_route_refresh_encode(struct buf *out, uint16_t afi, uint8_t safi, uint8_t subtype)
{
	size_t start = wire_msg_begin(out, BGP_ROUTE_REFRESH);
	buf_put_u16(out, afi);
	buf_put_u8(out, subtype);
	buf_put_u8(out, safi);
	wire_msg_finish(out, start);
}
