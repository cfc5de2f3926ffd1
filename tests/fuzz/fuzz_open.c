/* libFuzzer target: OPEN bodies, then negotiation against a fixed local
 * OPEN, then re-encoding.  No crash, no out-of-bounds access. */
#include <stdlib.h>
#include <string.h>

#include "wire/open.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *body = malloc(size ? size : 1);
	memcpy(body, data, size);
	struct wire_open o, local;
	struct wire_error e;
	if (wire_open_decode(body, size, &o, &e) == 0) {
		memset(&local, 0, sizeof local);
		local.version = 4;
		local.my_as = 65000;
		local.hold_time = 90;
		local.bgp_id = 1;
		local.caps.present = true;
		local.caps.mp[FAM_IPV4_UNICAST] = local.caps.mp[FAM_IPV6_UNICAST] = true;
		local.caps.as4 = true;
		local.caps.as4_value = 65000;
		struct wire_session_ctx ctx;
		wire_negotiate(&local, &o, &ctx);
		struct buf out = BUF_INIT;
		wire_open_encode(&out, &o);
		buf_free(&out);
	}
	free(body);
	return 0;
}
