/* libFuzzer target: FlowSpec NLRI fields of the four flow families (first
 * byte picks the family), checked, iterated and rendered as text and JSON
 * the way the decoder and the API reports do.  No crash, no out-of-bounds
 * access, whatever the component bytes. */
#include <stdlib.h>
#include <string.h>

#include "wire/family_flow.h"
#include "wire/nlri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const fam_t fams[] = { FAM_IPV4_FLOW, FAM_IPV6_FLOW, FAM_IPV4_FLOW_VPN, FAM_IPV6_FLOW_VPN };
	fam_t fam = fams[data[0] & 3];
	bool addpath = data[0] & 4;
	/* an exact copy so that ASan sees every read past the end */
	size_t n = size - 1;
	uint8_t *p = malloc(n ? n : 1);
	memcpy(p, data + 1, n);
	const struct family_ops *ops = family_ops(fam);
	struct wire_error e;
	if (nlri_field_check(fam, addpath, p, n, &e) >= 0) {
		struct nlri_iter it;
		struct nlri_ref r;
		struct buf out = BUF_INIT;
		static const uint8_t nh[16] = { 1, 2, 3, 4 };
		nlri_iter_init(&it, fam, addpath, p, n);
		while (nlri_iter_next(&it, &r)) {
			ops->nlri_text(&out, r.data, r.len);
			ops->nlri_json(&out, r.data, r.len);
			ops->nlri_json_nh(&out, r.data, r.len, nh, 4);
			(void)nlri_one_valid(fam, r.data, r.len);
			buf_reset(&out);
		}
		buf_free(&out);
	}
	free(p);
	return 0;
}
