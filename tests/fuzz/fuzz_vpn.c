/* libFuzzer target: the NLRI decoders of family_vpn.c (multicast, labeled
 * unicast, VPNv4/VPNv6, RTC).  The first byte picks the family and ADD-PATH;
 * a field that passes nlri_field_check is iterated and printed as JSON and
 * text.  No crash, no out-of-bounds access. */
#include <stdlib.h>
#include <string.h>

#include "wire/nlri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fam_t fams[] = { FAM_IPV4_MULTICAST, FAM_IPV6_MULTICAST, FAM_IPV4_NLRI_MPLS,
		FAM_IPV6_NLRI_MPLS, FAM_IPV4_MPLS_VPN, FAM_IPV6_MPLS_VPN, FAM_IPV4_RTC };
	if (size < 1)
		return 0;
	fam_t fam = fams[(data[0] & 0x7f) % (sizeof fams / sizeof fams[0])];
	bool addpath = data[0] & 0x80;
	size_t n = size - 1;
	uint8_t *p = malloc(n ? n : 1);   /* exact size: ASan sees any overrun */
	memcpy(p, data + 1, n);
	struct wire_error e;
	if (nlri_field_check(fam, addpath, p, n, &e) >= 0) {
		const struct family_ops *ops = family_ops(fam);
		struct nlri_iter it;
		struct nlri_ref r;
		struct buf out = BUF_INIT;
		nlri_iter_init(&it, fam, addpath, p, n);
		while (nlri_iter_next(&it, &r)) {
			ops->nlri_json(&out, r.data, r.len);
			ops->nlri_text(&out, r.data, r.len);
			(void)nlri_one_valid(fam, r.data, r.len);
		}
		buf_free(&out);
	}
	free(p);
	return 0;
}
