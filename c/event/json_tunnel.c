/* ExaBGP's JSON for the Tunnel Encapsulation attribute (type 23, RFC 9012)
 * with the SR Policy tunnel type (15) and its sub-TLVs (RFC 9830). */
#include "event/json_int.h"

bool json_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len)
{
	(void)out; (void)v; (void)len;
	return false;
}
