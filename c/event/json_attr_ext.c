/* Attributes whose JSON lives in their own file (json_int.h's
 * json_attr_ext): one line per attribute code, added by the file's owner. */
#include "event/json_int.h"

bool json_attr_bgpls(struct buf *out, const uint8_t *v, size_t len);        /* json_bgpls.c */
bool json_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len); /* json_tunnel.c */
bool json_attr_prefix_sid_srv6(struct buf *out, const uint8_t *v, size_t len); /* json_prefix_sid.c */

const struct json_attr_ext json_attr_ext[] = {
	{ 29, json_attr_bgpls },
	{ 23, json_attr_tunnel_encap },
	{ 40, json_attr_prefix_sid_srv6 },
	{ 0, NULL },
};
