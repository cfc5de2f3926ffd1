/* BGP Prefix-SID (attribute 40) error handling, RFC 8669 section 6: a
 * Prefix-SID that cannot be parsed (shorter than a TLV, a TLV running past
 * the attribute, a TLV length its type does not allow) is discarded and the
 * routes stand, RFC 7606's "attribute discard"; the same for the SRv6
 * service TLVs of RFC 9252 section 2.  TLV types we do not know are kept. */
#include "wire/fam_test.h"
#include "wire/attr_srv6.h"

enum { OK = WIRE_OK, DISCARD = WIRE_ATTR_DISCARD };

/* conf-prefix-sid.ci: labeled unicast route 198.51.100.101/32 */
#define LU "38C35021C6336465"
#define LABEL_INDEX "010007" "00" "0000" "0000012C"
#define SRGB "03000E" "0000" "0C3500001000" "0F4240001388"
/* conf-srv6-mup.ci: L3 service, SID 2001:db8:1:1::, End.DT4-ish behavior 0x48, structure */
#define L3SVC "0500220001001E00" "20010DB8000100010000000000000000" "00004800" "010006" "401810000000"

struct row {
	const char *name;
	const char *value;       /* the attribute value in hex */
	int action;
	unsigned at;             /* octet of the bad TLV in the value (checked when DISCARD) */
};

static const struct row rows[] = {
	{ "label index", LABEL_INDEX, OK, 0 },
	{ "label index and SRGB", LABEL_INDEX SRGB, OK, 0 },
	{ "SRGB one range", "030008" "0000" "0C3500001000", OK, 0 },
	{ "SRv6 L3 service", L3SVC, OK, 0 },
	{ "SRv6 L2 service", "0600190001001500" "20010DB8000000000000000000000001" "01000500", OK, 0 },
	{ "unknown TLV kept", "090002AABB" LABEL_INDEX, OK, 0 },
	{ "unknown TLV of length 0", "0A0000", OK, 0 },
	/* malformed: discarded */
	{ "empty", "", DISCARD, 0 },
	{ "two octets", "0100", DISCARD, 0 },
	{ "label index length 6", "010006" "00" "0000" "00012C", DISCARD, 0 },
	{ "label index length 8", "010008" "00" "0000" "0000012C" "00", DISCARD, 0 },
	{ "label index after SRGB, length 3", SRGB "010003" "000000", DISCARD, 17 },
	{ "SRGB flags only", "030002" "0000", DISCARD, 0 },
	{ "SRGB length 7", "030007" "0000" "0C350000", DISCARD, 0 },
	{ "SRGB length 13", LABEL_INDEX "03000D" "0000" "0C3500001000" "0F42400013", DISCARD, 10 },
	{ "TLV past the attribute", "010010" "00" "0000" "0000012C", DISCARD, 0 },
	{ "trailing octets after a good TLV", LABEL_INDEX "0100", DISCARD, 10 },
	{ "SRv6 SID information too short", "05000700010004" "00200100", DISCARD, 0 },
	{ "SRv6 sub-TLV past the service TLV", "05000500010030" "00", DISCARD, 0 },
	{ "SRv6 SID structure length 5", "0500210001001D00" "20010DB8000000000000000000000001" "00004800" "010005"
	  "4018100000", DISCARD, 0 },
	{ "SRv6 service after a label index, no reserved octet", LABEL_INDEX "050000", DISCARD, 10 },
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct buf attr = BUF_INIT, v = hexbuf(r->value);
		/* optional transitive, extended length when needed */
		buf_put_u8(&attr, 0xD0);
		buf_put_u8(&attr, ATTR_PREFIX_SID);
		buf_put_u16(&attr, (uint16_t)v.len);
		buf_put(&attr, v.data, v.len);
		struct buf hex = BUF_INIT;
		hex_encode(&hex, attr.data, attr.len);
		struct wire_update u;
		struct buf body = BUF_INIT, blob = BUF_INIT;
		int a = (int)fam_decide(FAM_IPV4_NLRI_MPLS, true, "C6336402", LU, buf_cstr(&hex), &u, &body, &blob);
		struct attr_entry e;
		bool kept = attrs_find(blob.data, blob.len, ATTR_PREFIX_SID, &e);
		char want[48];
		snprintf(want, sizeof want, "at octet %u", r->at);
		bool ok = a == r->action && u.mp_reach.fam == FAM_IPV4_NLRI_MPLS && u.mp_reach.len == 8 &&
		          kept == (r->action == OK);
		if (r->action == DISCARD)
			ok = ok && u.err.attr == ATTR_PREFIX_SID && strstr(u.err.why, "PREFIX_SID") && strstr(u.err.why, want);
		else
			ok = ok && e.len == v.len && memcmp(e.value, v.data, v.len) == 0;
		if (!ok)
			fprintf(stderr, "%s: action %d (%s), kept %d; wanted %d '%s'\n", r->name, a, u.err.why, kept,
			        r->action, want);
		CHECK(ok);
		/* the checker alone agrees */
		size_t at;
		CHECK((prefix_sid_problem(v.data, v.len, &at) == NULL) == (r->action == OK));
		buf_free(&attr);
		buf_free(&v);
		buf_free(&hex);
		buf_free(&body);
		buf_free(&blob);
	}
}

/* Every truncation of a good value is either well-formed or refused, and
 * never read past (ASan). */
static void test_truncations(void)
{
	const char *const good[] = { LABEL_INDEX SRGB, L3SVC LABEL_INDEX };
	for (size_t g = 0; g < 2; g++) {
		struct buf v = hexbuf(good[g]);
		for (size_t n = 0; n <= v.len; n++) {
			uint8_t *c = malloc(n ? n : 1);
			memcpy(c, v.data, n);
			size_t at;
			const char *pb = prefix_sid_problem(c, n, &at);
			CHECK(pb == NULL || at < (n ? n : 1));
			free(c);
		}
		CHECK(prefix_sid_problem(v.data, v.len, &(size_t){ 0 }) == NULL);
		buf_free(&v);
	}
}

int main(void)
{
	test_rows();
	test_truncations();
	return unit_done();
}
