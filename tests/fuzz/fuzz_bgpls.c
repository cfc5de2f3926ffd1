/* libFuzzer target: BGP-LS NLRI (both SAFIs, types 1-4 and 6) through the
 * family's length check and its JSON with and without a next hop, and the
 * bytes as a BGP-LS attribute (check and JSON).  Property: no crash, no
 * out-of-bounds access (ASan); the JSON is written for every NLRI whose
 * length fits, malformed contents included (treat-as-withdraw NLRI are
 * still reported, as withdrawn), and an attribute renders only if the
 * check accepted it. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "wire/bgpls.h"
#include "wire/family.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
bool json_attr_bgpls(struct buf *out, const uint8_t *v, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct buf out = BUF_INIT;
	static const uint8_t nh[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	for (fam_t f = FAM_BGPLS; f <= FAM_BGPLS_VPN; f++) {
		const struct family_ops *o = family_ops(f);
		struct wire_error e;
		size_t off = 0;
		while (off < size) {
			int n = o->nlri_len(p + off, size - off, &e);
			if (n <= 0)
				break;
			o->nlri_json_nh(&out, p + off, (size_t)n, nh, 16);
			o->nlri_json(&out, p + off, (size_t)n);
			o->nlri_text(&out, p + off, (size_t)n);
			off += (size_t)n;
		}
	}
	size_t at;
	bool ok = bgpls_attr_problem(p, size, &at) == NULL;
	size_t before = out.len;
	if (json_attr_bgpls(&out, p, size) != ok || (!ok && out.len != before))
		abort();
	buf_free(&out);
	free(p);
	return 0;
}
