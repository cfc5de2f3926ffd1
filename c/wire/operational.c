/* OPERATIONAL messages (draft-ietf-idr-operational-message-00; ExaBGP's
 * TLV numbering and layouts, see operational.h). */
#include "wire/operational.h"

#include <string.h>
#include <strings.h>

static const struct {
	uint16_t type;
	const char *name;
	enum wire_op_category cat;
} op_types[] = {
	{ OP_ADM, "ADM", OP_CAT_ADVISORY },  { OP_ASM, "ASM", OP_CAT_ADVISORY },
	{ OP_RPCQ, "RPCQ", OP_CAT_QUERY },   { OP_RPCP, "RPCP", OP_CAT_COUNTER },
	{ OP_APCQ, "APCQ", OP_CAT_QUERY },   { OP_APCP, "APCP", OP_CAT_COUNTER },
	{ OP_LPCQ, "LPCQ", OP_CAT_QUERY },   { OP_LPCP, "LPCP", OP_CAT_COUNTER },
};
#define NTYPES (sizeof op_types / sizeof op_types[0])

const char *wire_operational_name(uint16_t type)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (op_types[i].type == type)
			return op_types[i].name;
	return NULL;
}

enum wire_op_category wire_operational_category(uint16_t type)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (op_types[i].type == type)
			return op_types[i].cat;
	return OP_CAT_UNKNOWN;
}

uint16_t wire_operational_by_name(const char *name)
{
	for (size_t i = 0; name && i < NTYPES; i++)
		if (!strcasecmp(op_types[i].name, name))
			return op_types[i].type;
	return 0;
}

/* ExaBGP answers a body shorter than its TLV needs with NOTIFICATION 5/0
 * and the reason as data (the draft defines no error of its own for it). */
#define OP_SHORT(e, ...) do { \
	wire_error_set(e, WIRE_SESSION_RESET, ERR_FSM, 0, 0, __VA_ARGS__); \
	wire_error_data(e, (const uint8_t *)(e)->why, strlen((e)->why)); \
	return -1; \
} while (0)

int wire_operational_decode(const uint8_t *body, size_t len, struct wire_operational *op,
                            struct wire_error *e)
{
	memset(op, 0, sizeof *op);
	struct wire_reader r;
	wire_reader_init(&r, body, len);
	if (len < 4)
		OP_SHORT(e, "OPERATIONAL: %zu bytes, too short for a TLV header (4)", len);
	op->type = wire_get_u16(&r);
	uint16_t tlv_len = wire_get_u16(&r);
	if (len - 4 < tlv_len)
		OP_SHORT(e, "OPERATIONAL: TLV %u says %u bytes of value, %zu present", op->type, tlv_len, len - 4);
	enum wire_op_category cat = wire_operational_category(op->type);
	/* The fixed part each layout needs, counted from the start of the body
	 * as ExaBGP counts it (a short TLV length with enough bytes behind it
	 * is accepted, as there). */
	static const unsigned need[] = { [OP_CAT_UNKNOWN] = 4, [OP_CAT_ADVISORY] = 7, [OP_CAT_QUERY] = 15,
		                         [OP_CAT_COUNTER] = 19 };
	if (len < need[cat])
		OP_SHORT(e, "OPERATIONAL: TLV %u (%s) needs %u bytes, %zu present", op->type,
		         wire_operational_name(op->type), need[cat], len);
	if (cat == OP_CAT_UNKNOWN) {
		op->data = body + 4;
		op->data_len = tlv_len;
		return 0;
	}
	op->afi = wire_get_u16(&r);
	op->safi = wire_get_u8(&r);
	if (cat == OP_CAT_ADVISORY) {
		/* The text runs to the end of the TLV's value. */
		op->data = body + 7;
		op->data_len = tlv_len > 3 ? (size_t)tlv_len - 3 : 0;
		return 0;
	}
	op->router_id = wire_get_u32(&r);
	op->sequence = wire_get_u32(&r);
	if (cat == OP_CAT_COUNTER)
		op->counter = wire_get_u32(&r);
	return 0;
}

void wire_operational_encode(struct buf *out, const struct wire_operational *op)
{
	size_t start = wire_msg_begin(out, BGP_OPERATIONAL);
	enum wire_op_category cat = wire_operational_category(op->type);
	buf_put_u16(out, op->type);
	size_t lenpos = out->len;
	buf_put_u16(out, 0);
	size_t value = out->len;
	if (cat == OP_CAT_UNKNOWN) {
		/* Raw value, kept within a standard-size message. */
		size_t n = op->data_len;
		if (n > BGP_MAX_MSG - BGP_HEADER_LEN - 4)
			n = BGP_MAX_MSG - BGP_HEADER_LEN - 4;
		if (n)
			buf_put(out, op->data, n);
	} else {
		buf_put_u16(out, op->afi);
		buf_put_u8(out, op->safi);
	}
	if (cat == OP_CAT_ADVISORY) {
		if (op->data_len > OP_MAX_ADVISORY) {
			buf_put(out, op->data, OP_MAX_ADVISORY - 3);
			buf_put(out, "...", 3);
		} else if (op->data_len) {
			buf_put(out, op->data, op->data_len);
		}
	} else if (cat == OP_CAT_QUERY || cat == OP_CAT_COUNTER) {
		buf_put_u32(out, op->router_id);
		buf_put_u32(out, op->sequence);
		if (cat == OP_CAT_COUNTER)
			buf_put_u32(out, op->counter);
	}
	put_be16(out->data + lenpos, (uint16_t)(out->len - value));
	wire_msg_finish(out, start);
}
