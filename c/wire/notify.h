/* NOTIFICATION and ROUTE-REFRESH messages. */
#ifndef LB_WIRE_NOTIFY_H
#define LB_WIRE_NOTIFY_H

#include "wire/family.h"

struct wire_notification {
	uint8_t code, subcode;
	const uint8_t *data;
	size_t data_len;
	/* RFC 8203/9003 shutdown communication when code 6, subcode 2 or 4 */
	char text[256];
	bool has_text;
};

int wire_notification_decode(const uint8_t *body, size_t len, struct wire_notification *n);
void wire_notification_encode(struct buf *out, uint8_t code, uint8_t subcode,
                              const uint8_t *data, size_t data_len);
/* Cease with an RFC 9003 communication (length byte + UTF-8, at most 255). */
void wire_notification_encode_text(struct buf *out, uint8_t code, uint8_t subcode, const char *text);
/* "Cease", "Administrative Reset" ... (ExaBGP's wording for JSON and logs). */
const char *wire_notification_code_name(uint8_t code);
const char *wire_notification_subcode_name(uint8_t code, uint8_t subcode);

/* ROUTE-REFRESH (RFC 2918) and enhanced route refresh subtypes (RFC 7313). */
enum { RR_NORMAL = 0, RR_BORR = 1, RR_EORR = 2 };
struct wire_route_refresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};
int wire_route_refresh_decode(const uint8_t *body, size_t len, struct wire_route_refresh *rr,
                              struct wire_error *e);
void wire_route_refresh_encode(struct buf *out, uint16_t afi, uint8_t safi, uint8_t subtype);

#endif
