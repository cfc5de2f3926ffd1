/* libFuzzer target for one family decoder: compiled once per family by
 * tests/fuzz/CMakeLists.txt with FUZZ_FAMS, the fam_t values of that
 * decoder (its IPv4 and IPv6 variants).  Input: one selector byte (bit 7:
 * ADD-PATH, the rest picks the family among FUZZ_FAMS), then an NLRI field.
 *
 * The field goes through nlri_field_check_at, and when it is accepted every
 * NLRI is copied to an exactly sized buffer (ASan sees any overread) and
 * rendered with nlri_json and nlri_text.  Properties (abort otherwise):
 *   - a refused field names its offset inside the field;
 *   - the NLRI of an accepted field cover it exactly;
 *   - each NLRI, alone, has the length the field check gave it, and
 *     nlri_one_valid holds exactly when it carries no soft error.
 * Then the same field as MP_REACH_NLRI and MP_UNREACH_NLRI of an UPDATE,
 * through wire_update_decode and the JSON and text encoders. */
#include <stdlib.h>
#include <string.h>

#include "event/json.h"
#include "event/text.h"
#include "wire/nlri.h"
#include "wire/update.h"

#ifndef FUZZ_FAMS
#error "FUZZ_FAMS: the families of the decoder under test"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void through_update(fam_t fam, bool addpath, bool reach, const uint8_t *field, size_t n)
{
	const struct family_ops *ops = family_ops(fam);
	if (n > 60000)
		return;
	static const uint8_t head[] = { 0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x00 };   /* ORIGIN, AS_PATH */
	static const uint8_t nh16[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct buf b = BUF_INIT;
	size_t mplen = 3 + (reach ? 1 + 16 + 1 : 0) + n;
	buf_put_u16(&b, 0);
	buf_put_u16(&b, (uint16_t)(sizeof head + 4 + mplen));
	buf_put(&b, head, sizeof head);
	buf_put_u8(&b, 0x90);
	buf_put_u8(&b, reach ? ATTR_MP_REACH_NLRI : ATTR_MP_UNREACH_NLRI);
	buf_put_u16(&b, (uint16_t)mplen);
	buf_put_u16(&b, ops->afi);
	buf_put_u8(&b, ops->safi);
	if (reach) {
		buf_put_u8(&b, 16);
		buf_put(&b, nh16, 16);
		buf_put_u8(&b, 0);
	}
	if (n)
		buf_put(&b, field, n);
	uint8_t *body = malloc(b.len);
	memcpy(body, b.data, b.len);
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.max_msg = BGP_MAX_EXT_MSG;
	ctx.fam[fam] = true;
	ctx.addpath_rx[fam] = addpath;
	struct wire_update u;
	struct buf blob = BUF_INIT, out = BUF_INIT;
	wire_update_decode(body, b.len, &ctx, &u, &blob);
	if (u.err.action != WIRE_SESSION_RESET && u.err.action != WIRE_AFISAFI_DISABLE) {
		struct json_peer jp = { .api = JSON_API_V4, .host = "fuzz", .local_addr = "127.0.0.1",
		                        .peer_addr = "127.0.0.1", .router_id = "127.0.0.1", .direction = "in" };
		json_update(&out, &jp, &ctx, &u, blob.data, blob.len, NULL);
		jp.api = JSON_API_V6;
		json_update(&out, &jp, &ctx, &u, blob.data, blob.len, NULL);
		text_update(&out, "127.0.0.1", "receive", &u, blob.data, blob.len, NULL);
	}
	buf_free(&blob);
	buf_free(&out);
	buf_free(&b);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fam_t fams[] = { FUZZ_FAMS };
	if (size < 1)
		return 0;
	fam_t fam = fams[(data[0] & 0x7f) % (sizeof fams / sizeof fams[0])];
	bool addpath = data[0] & 0x80;
	const struct family_ops *ops = family_ops(fam);
	size_t n = size - 1;
	uint8_t *field = malloc(n ? n : 1);
	memcpy(field, data + 1, n);
	struct wire_error e;
	size_t at;
	int count = nlri_field_check_at(fam, addpath, field, n, &e, &at);
	if (count < 0) {
		if (at >= (n ? n : 1) || !e.why[0])
			abort();
	} else {
		struct nlri_iter it;
		struct nlri_ref r;
		struct buf out = BUF_INIT;
		size_t covered = 0;
		int seen = 0;
		nlri_iter_init(&it, fam, addpath, field, n);
		while (nlri_iter_next(&it, &r)) {
			uint8_t *one = malloc(r.len ? r.len : 1);
			memcpy(one, r.data, r.len);
			struct wire_error e1;
			e1.action = WIRE_OK;
			if (ops->nlri_len(one, r.len, &e1) != (int)r.len)
				abort();
			if (r.len && r.len <= NLRI_MAX_LEN && nlri_one_valid(fam, one, r.len) != (e1.action == WIRE_OK))
				abort();
			buf_reset(&out);
			ops->nlri_json(&out, one, r.len);
			ops->nlri_text(&out, one, r.len);
			if (ops->nlri_json_nh) {
				static const uint8_t nh4[4] = { 10, 0, 0, 1 };
				ops->nlri_json_nh(&out, one, r.len, nh4, 4);
				ops->nlri_json_nh(&out, one, r.len, NULL, 0);
			}
			covered += r.len + (addpath ? 4 : 0);
			seen++;
			free(one);
		}
		if (covered != n || seen != count)
			abort();
		buf_free(&out);
	}
	through_update(fam, addpath, true, field, n);
	through_update(fam, addpath, false, field, n);
	free(field);
	return 0;
}
