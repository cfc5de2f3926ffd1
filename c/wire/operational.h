/* OPERATIONAL messages (BGP message type 6) of
 * draft-ietf-idr-operational-message-00, as ExaBGP implements them: the
 * body is one TLV, type(2) length(2) value, and every TLV ExaBGP knows
 * starts its value with AFI(2) SAFI(1):
 *
 *   ADM, ASM     advisory (demand / static): AFI SAFI text (UTF-8)
 *   RPCQ APCQ    prefix count queries (Adj-RIB-In reachable, Adj-RIB-Out,
 *   LPCQ         Loc-RIB): AFI SAFI router-id(4) sequence(4)
 *   RPCP APCP    the replies: AFI SAFI router-id(4) sequence(4) counter(4)
 *   LPCP
 *
 * Sent only when both OPENs carried the OPERATIONAL capability (code 185,
 * ExaBGP's private number, c/wire/capability.c).  Pure codec: libc only. */
#ifndef LB_WIRE_OPERATIONAL_H
#define LB_WIRE_OPERATIONAL_H

#include "wire/wire.h"

/* TLV types (ExaBGP's numbering of the draft's messages). */
enum wire_op_type {
	OP_ADM = 1, OP_ASM = 2,
	OP_RPCQ = 3, OP_RPCP = 4,
	OP_APCQ = 5, OP_APCP = 6,
	OP_LPCQ = 7, OP_LPCP = 8,
};

/* How a TLV's value is laid out (and reported to the API). */
enum wire_op_category { OP_CAT_UNKNOWN, OP_CAT_ADVISORY, OP_CAT_QUERY, OP_CAT_COUNTER };

/* Advisory text limit: longer text is cut to OP_MAX_ADVISORY - 3 bytes plus
 * "..." when encoding (ExaBGP's 2 KiB). */
enum { OP_MAX_ADVISORY = 2048 };

struct wire_operational {
	uint16_t type;              /* enum wire_op_type, or any number received */
	uint16_t afi;
	uint8_t safi;
	uint32_t router_id;         /* queries and counters; host byte order */
	uint32_t sequence;
	uint32_t counter;           /* counters only */
	const uint8_t *data;        /* advisory text; for an unknown type, its value */
	size_t data_len;
};

/* "ADM", "RPCQ" ...; NULL for a type ExaBGP does not know. */
const char *wire_operational_name(uint16_t type);
enum wire_op_category wire_operational_category(uint16_t type);
/* "adm" -> OP_ADM (case-insensitive); 0 when unknown. */
uint16_t wire_operational_by_name(const char *name);

/* Decode an OPERATIONAL body (after the 19-byte header).  Returns 0, or -1
 * with e set to the NOTIFICATION ExaBGP sends for a body too short for what
 * its TLV announces: Finite State Machine Error (5), subcode 0, the reason as
 * data.  An unknown TLV type is not an error: op->data holds its value.
 * Bytes after the TLV are ignored.  op->data points into body. */
int wire_operational_decode(const uint8_t *body, size_t len, struct wire_operational *op,
                            struct wire_error *e);
/* Append a complete OPERATIONAL message (header included).  Advisory text
 * longer than OP_MAX_ADVISORY is cut as ExaBGP cuts it; an unknown type
 * carries op->data as its value. */
void wire_operational_encode(struct buf *out, const struct wire_operational *op);

#endif
