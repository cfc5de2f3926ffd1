/* libFuzzer target: EVPN, VPLS, MVPN and MUP NLRI fields (family_evpn.c,
 * family_vpls.c, family_mvpn.c, family_mup.c).  The first byte picks the
 * family; the rest is an NLRI field: framing, then JSON and text of every
 * NLRI the check accepted.  Property: no crash, no out-of-bounds access. */
#include <stdlib.h>
#include <string.h>

#include "wire/nlri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fam_t fams[] = { FAM_L2VPN_EVPN, FAM_L2VPN_VPLS, FAM_IPV4_MCAST_VPN, FAM_IPV6_MCAST_VPN,
		FAM_IPV4_MUP, FAM_IPV6_MUP };
	if (size < 1)
		return 0;
	fam_t fam = fams[data[0] % (sizeof fams / sizeof fams[0])];
	bool addpath = data[0] & 0x80;
	uint8_t *field = malloc(size);
	memcpy(field, data + 1, size - 1);
	struct wire_error e;
	const struct family_ops *ops = family_ops(fam);
	if (nlri_field_check(fam, addpath, field, size - 1, &e) >= 0) {
		struct nlri_iter it;
		struct nlri_ref n;
		struct buf out = BUF_INIT;
		nlri_iter_init(&it, fam, addpath, field, size - 1);
		while (nlri_iter_next(&it, &n)) {
			/* An exactly sized copy of each NLRI so ASan sees overreads. */
			uint8_t *one = malloc(n.len ? n.len : 1);
			memcpy(one, n.data, n.len);
			ops->nlri_json(&out, one, n.len);
			ops->nlri_text(&out, one, n.len);
			if (!nlri_one_valid(fam, one, n.len) && n.len <= NLRI_MAX_LEN)
				abort();
			free(one);
		}
		buf_free(&out);
	}
	free(field);
	return 0;
}
