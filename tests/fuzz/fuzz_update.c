/* libFuzzer target: UPDATE bodies through the decoder in every session
 * context (2-/4-octet AS, eBGP/iBGP, ADD-PATH), then the JSON encoder, then
 * re-encoding of the resulting attribute blob.  Property: no crash, no
 * out-of-bounds access (ASan), a decoded blob is always valid. */
#include <stdlib.h>
#include <string.h>

#include "event/json.h"
#include "wire/attrs.h"
#include "wire/update.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	data++;
	size--;
	/* An exactly sized heap copy so ASan sees any overrun. */
	uint8_t *body = malloc(size ? size : 1);
	memcpy(body, data, size);
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = mode & 1;
	ctx.ebgp = mode & 2;
	ctx.local_as = 65000;
	ctx.peer_as = ctx.ebgp ? 65001 : 65000;
	ctx.max_msg = (mode & 4) ? BGP_MAX_EXT_MSG : BGP_MAX_MSG;
	ctx.fam[FAM_IPV4_UNICAST] = ctx.fam[FAM_IPV6_UNICAST] = true;
	ctx.addpath_rx[FAM_IPV4_UNICAST] = ctx.addpath_rx[FAM_IPV6_UNICAST] = mode & 8;
	struct wire_update u;
	struct buf blob = BUF_INIT, out = BUF_INIT;
	wire_update_decode(body, size, &ctx, &u, &blob);
	if (u.err.action != WIRE_SESSION_RESET) {
		if (!attrs_valid(blob.data, blob.len))
			abort();
		struct json_peer jp = { .api = JSON_API_V4, .host = "fuzz", .local_addr = "127.0.0.1",
		                        .peer_addr = "127.0.0.1", .router_id = "127.0.0.1", .direction = "in" };
		json_update(&out, &jp, &ctx, &u, blob.data, blob.len, NULL);
		struct wire_encode_ctx enc = { .asn4 = ctx.asn4, .ebgp = ctx.ebgp, .local_as = 65000 };
		buf_reset(&out);
		wire_attrs_encode(&out, blob.data, blob.len, &enc, true);
	}
	buf_free(&blob);
	buf_free(&out);
	free(body);
	return 0;
}
