/* RFC 7606 error handling: one row per case of RELIABILITY.md section 2,
 * then a "never crashes" loop over truncations and mutations. */
#include "unit.h"
#include "wire/wire_test.h"

#include <stdlib.h>

enum { OK = WIRE_OK, DISCARD = WIRE_ATTR_DISCARD, TAW = WIRE_TREAT_AS_WITHDRAW,
       DISABLE = WIRE_AFISAFI_DISABLE, RESET = WIRE_SESSION_RESET };
enum { IBGP = 0, EBGP = 1 };
enum { AS2 = 0, AS4 = 1 };

struct row {
	const char *name;
	bool ebgp, asn4;
	const char *withdrawn, *attrs, *nlri;   /* hex; lengths computed */
	const char *body;                       /* whole body instead, if set */
	int action;
	uint8_t attr;                           /* err.attr expected (0: not checked) */
	uint8_t sub;                            /* UPDATE subcode for RESET (0: not checked) */
};

/* Well-formed pieces. */
#define O   "40010100"                   /* ORIGIN IGP */
#define P   "400200"                     /* AS_PATH empty */
#define P4  "4002060201" "0000FDE8"      /* AS_PATH [65000], 4-octet */
#define P2  "4002040201" "FDE8"          /* AS_PATH [65000], 2-octet */
#define N   "4003040A000001"             /* NEXT_HOP 10.0.0.1 */
#define LP  "4005040000006" "4"          /* LOCAL_PREF 100 */
#define B   O P N
#define NL  "180A0000"                   /* 10.0.0.0/24 */
#define NH6 "20010DB8000000000000000000000001"
#define MPR6 "800E1A00020110" NH6 "00" "2020010DB8"   /* ipv6 unicast 2001:db8::/32 */
#define MPU6 "800F08000201" "2020010DB8"

static const struct row rows[] = {
	/* controls */
	{ "valid ibgp", IBGP, AS4, "", B LP, NL, NULL, OK, 0, 0 },
	{ "valid ebgp", EBGP, AS4, "", O P4 N, NL, NULL, OK, 0, 0 },
	{ "valid 2-octet", IBGP, AS2, "", O P2 N, NL, NULL, OK, 0, 0 },
	{ "withdraw only", IBGP, AS4, NL, "", "", NULL, OK, 0, 0 },
	/* ORIGIN */
	{ "ORIGIN length 0", IBGP, AS4, "", "400100" P N, NL, NULL, TAW, 1, 0 },
	{ "ORIGIN length 2", IBGP, AS4, "", "4001020000" P N, NL, NULL, TAW, 1, 0 },
	{ "ORIGIN value 3", IBGP, AS4, "", "40010103" P N, NL, NULL, TAW, 1, 0 },
	{ "ORIGIN value 255", IBGP, AS4, "", "400101FF" P N, NL, NULL, TAW, 1, 0 },
	{ "ORIGIN flags optional", IBGP, AS4, "", "C0010100" P N, NL, NULL, TAW, 1, 0 },
	{ "ORIGIN incomplete valid", IBGP, AS4, "", "40010102" P N, NL, NULL, OK, 0, 0 },
	/* AS_PATH */
	{ "AS_PATH unknown segment type", IBGP, AS4, "", O "4002060501" "0000FDE8" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH segment overruns", IBGP, AS4, "", O "4002060202" "0000FDE8" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH one octet left", IBGP, AS4, "", O "4002070201" "0000FDE8" "02" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH segment length 0", IBGP, AS4, "", O "4002020200" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH confed from ebgp", EBGP, AS4, "", O "4002060301" "0000FDE8" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH confed from ibgp", IBGP, AS4, "", O "4002060301" "0000FDE8" N, NL, NULL, OK, 0, 0 },
	{ "AS_PATH AS 0", IBGP, AS4, "", O "4002060201" "00000000" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH AS 0 2-octet", IBGP, AS2, "", O "4002040201" "0000" N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH length 0 valid", IBGP, AS4, "", B, NL, NULL, OK, 0, 0 },
	{ "AS_PATH 4-octet sized on 2-octet", IBGP, AS2, "", O P4 N, NL, NULL, TAW, 2, 0 },
	{ "AS_PATH flags optional", IBGP, AS4, "", O "C00200" N, NL, NULL, TAW, 2, 0 },
	/* NEXT_HOP */
	{ "NEXT_HOP length 3", IBGP, AS4, "", O P "4003030A0000", NL, NULL, TAW, 3, 0 },
	{ "NEXT_HOP length 5", IBGP, AS4, "", O P "4003050A00000100", NL, NULL, TAW, 3, 0 },
	{ "NEXT_HOP length 0", IBGP, AS4, "", O P "400300", NL, NULL, TAW, 3, 0 },
	{ "NEXT_HOP missing with NLRI", IBGP, AS4, "", O P, NL, NULL, TAW, 3, 0 },
	{ "NEXT_HOP flags optional", IBGP, AS4, "", O P "C003040A000001", NL, NULL, TAW, 3, 0 },
	{ "NEXT_HOP absent, MP only", IBGP, AS4, "", O P MPR6, "", NULL, OK, 0, 0 },
	/* MED */
	{ "MED length 3", IBGP, AS4, "", B "800403000000", NL, NULL, TAW, 4, 0 },
	{ "MED length 5", IBGP, AS4, "", B "80040500000000FF", NL, NULL, TAW, 4, 0 },
	{ "MED length 0", IBGP, AS4, "", B "800400", NL, NULL, TAW, 4, 0 },
	{ "MED flags transitive", IBGP, AS4, "", B "C0040400000001", NL, NULL, TAW, 4, 0 },
	{ "MED valid", IBGP, AS4, "", B "80040400000001", NL, NULL, OK, 0, 0 },
	/* LOCAL_PREF */
	{ "LOCAL_PREF from ebgp", EBGP, AS4, "", O P4 N LP, NL, NULL, DISCARD, 5, 0 },
	{ "LOCAL_PREF malformed from ebgp", EBGP, AS4, "", O P4 N "400503000064", NL, NULL, DISCARD, 5, 0 },
	{ "LOCAL_PREF length 3 ibgp", IBGP, AS4, "", B "400503000064", NL, NULL, TAW, 5, 0 },
	{ "LOCAL_PREF length 0 ibgp", IBGP, AS4, "", B "400500", NL, NULL, TAW, 5, 0 },
	{ "LOCAL_PREF flags optional ibgp", IBGP, AS4, "", B "C0050400000064", NL, NULL, TAW, 5, 0 },
	/* ATOMIC_AGGREGATE */
	{ "ATOMIC_AGGREGATE length 1", IBGP, AS4, "", B "40060100", NL, NULL, DISCARD, 6, 0 },
	{ "ATOMIC_AGGREGATE valid", IBGP, AS4, "", B "400600", NL, NULL, OK, 0, 0 },
	/* AGGREGATOR */
	{ "AGGREGATOR length 6 on 4-octet", IBGP, AS4, "", B "C00706FDE80A000001", NL, NULL, DISCARD, 7, 0 },
	{ "AGGREGATOR length 8 on 2-octet", IBGP, AS2, "", O P2 N "C007080000FDE80A000001", NL, NULL, DISCARD, 7, 0 },
	{ "AGGREGATOR AS 0", IBGP, AS4, "", B "C007080000000000000001", NL, NULL, DISCARD, 7, 0 },
	{ "AGGREGATOR length 0", IBGP, AS4, "", B "C00700", NL, NULL, DISCARD, 7, 0 },
	{ "AGGREGATOR valid 2-octet", IBGP, AS2, "", O P2 N "C00706FDE80A000001", NL, NULL, OK, 0, 0 },
	/* COMMUNITIES */
	{ "COMMUNITIES length 0", IBGP, AS4, "", B "C00800", NL, NULL, TAW, 8, 0 },
	{ "COMMUNITIES length 3", IBGP, AS4, "", B "C00803000100", NL, NULL, TAW, 8, 0 },
	{ "COMMUNITIES length 5", IBGP, AS4, "", B "C0080500010002FF", NL, NULL, TAW, 8, 0 },
	{ "COMMUNITIES valid", IBGP, AS4, "", B "C0080800010002FFFFFF01", NL, NULL, OK, 0, 0 },
	/* ORIGINATOR_ID */
	{ "ORIGINATOR_ID from ebgp", EBGP, AS4, "", O P4 N "80090401020304", NL, NULL, DISCARD, 9, 0 },
	{ "ORIGINATOR_ID length 3", IBGP, AS4, "", B "800903010203", NL, NULL, TAW, 9, 0 },
	{ "ORIGINATOR_ID length 5", IBGP, AS4, "", B "8009050102030405", NL, NULL, TAW, 9, 0 },
	{ "ORIGINATOR_ID valid", IBGP, AS4, "", B "80090401020304", NL, NULL, OK, 0, 0 },
	/* CLUSTER_LIST */
	{ "CLUSTER_LIST from ebgp", EBGP, AS4, "", O P4 N "800A0401020304", NL, NULL, DISCARD, 10, 0 },
	{ "CLUSTER_LIST length 0", IBGP, AS4, "", B "800A00", NL, NULL, TAW, 10, 0 },
	{ "CLUSTER_LIST length 6", IBGP, AS4, "", B "800A06010203040506", NL, NULL, TAW, 10, 0 },
	{ "CLUSTER_LIST valid", IBGP, AS4, "", B "800A080102030405060708", NL, NULL, OK, 0, 0 },
	/* MP_REACH_NLRI */
	{ "MP_REACH valid", IBGP, AS4, "", O P MPR6, "", NULL, OK, 0, 0 },
	{ "MP_REACH next-hop length 5", IBGP, AS4, "", O P "800E0E0002010501020304050020" "20010DB8", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH attribute 4 octets", IBGP, AS4, "", O P "800E0400020110", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH attribute 2 octets", IBGP, AS4, "", O P "800E020002", "", NULL, RESET, 14, 9 },
	{ "MP_REACH prefix /129", IBGP, AS4, "", O P "800E1A00020110" NH6 "00" "8120010DB8", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH last NLRI overruns", IBGP, AS4, "", O P "800E1A00020110" NH6 "00" "4020010DB8", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH flags transitive", IBGP, AS4, "", O P "C00E1A00020110" NH6 "00" "2020010DB8", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH next hop overruns", IBGP, AS4, "", O P "800E0800020120" "20010DB8", "", NULL, DISABLE, 14, 0 },
	{ "MP_REACH twice", IBGP, AS4, "", O P MPR6 MPR6, "", NULL, RESET, 14, 1 },
	{ "MP_REACH ipv4 with ipv6 next hop", IBGP, AS4, "", O P "800E1900010110" NH6 "00" "180A0000", "", NULL, OK, 0, 0 },
	/* MP_UNREACH_NLRI */
	{ "MP_UNREACH valid", IBGP, AS4, "", MPU6, "", NULL, OK, 0, 0 },
	{ "MP_UNREACH 2 octets", IBGP, AS4, "", "800F020002", "", NULL, RESET, 15, 9 },
	{ "MP_UNREACH overrun", IBGP, AS4, "", "800F08000201" "3020010DB8", "", NULL, DISABLE, 15, 0 },
	{ "MP_UNREACH prefix /129", IBGP, AS4, "", "800F08000201" "8120010DB8", "", NULL, DISABLE, 15, 0 },
	{ "MP_UNREACH twice", IBGP, AS4, "", MPU6 MPU6, "", NULL, RESET, 15, 1 },
	{ "MP_UNREACH empty is EoR", IBGP, AS4, "", "900F0003000201", "", NULL, OK, 0, 0 },
	/* EXTENDED_COMMUNITIES */
	{ "EXT_COMM length 0", IBGP, AS4, "", B "C01000", NL, NULL, TAW, 16, 0 },
	{ "EXT_COMM length 7", IBGP, AS4, "", B "C0100700020000000000", NL, NULL, TAW, 16, 0 },
	{ "EXT_COMM length 12", IBGP, AS4, "", B "C0100C000200000000000100000000", NL, NULL, TAW, 16, 0 },
	{ "EXT_COMM unknown type valid", IBGP, AS4, "", B "C01008EE01020304050607", NL, NULL, OK, 0, 0 },
	/* AS4_PATH */
	{ "AS4_PATH on 4-octet session", IBGP, AS4, "", B "C0110602010001000" "0", NL, NULL, DISCARD, 17, 0 },
	{ "AS4_PATH odd length", IBGP, AS2, "", O P2 N "C011070201000100000" "0", NL, NULL, DISCARD, 17, 0 },
	{ "AS4_PATH length 4", IBGP, AS2, "", O P2 N "C0110402010001", NL, NULL, DISCARD, 17, 0 },
	{ "AS4_PATH segment length 0", IBGP, AS2, "", O P2 N "C01106020000010000", NL, NULL, DISCARD, 17, 0 },
	{ "AS4_PATH unknown segment", IBGP, AS2, "", O P2 N "C01106070100010000", NL, NULL, DISCARD, 17, 0 },
	{ "AS4_PATH confed stripped", IBGP, AS2, "", O "4002080201" "5BA0" "0301" "5BA0" N "C0110C0201000100000301" "00020000", NL, NULL, OK, 0, 0 },
	{ "AS4_PATH before AS_PATH malformed", IBGP, AS2, "", "C01106070100010000" O P2 N, NL, NULL, DISCARD, 17, 0 },
	/* AS4_AGGREGATOR */
	{ "AS4_AGGREGATOR length 6", IBGP, AS2, "", O P2 N "C00706" "5BA00A000001" "C012060001000A0000", NL, NULL, DISCARD, 18, 0 },
	{ "AS4_AGGREGATOR on 4-octet session", IBGP, AS4, "", B "C012080001000A0A000001", NL, NULL, DISCARD, 18, 0 },
	{ "AS4_AGGREGATOR valid", IBGP, AS2, "", O P2 N "C00706" "5BA00A000001" "C012080001000A0A000001", NL, NULL, OK, 0, 0 },
	/* IPv6 extended communities */
	{ "IPV6_EXT_COMM length 0", IBGP, AS4, "", B "C01900", NL, NULL, TAW, 25, 0 },
	{ "IPV6_EXT_COMM length 19", IBGP, AS4, "", B "C01913" "00020000000000000000000000000000000000", NL, NULL, TAW, 25, 0 },
	{ "IPV6_EXT_COMM valid", IBGP, AS4, "", B "C01914" "0002" NH6 "0001", NL, NULL, OK, 0, 0 },
	/* LARGE_COMMUNITY */
	{ "LARGE_COMMUNITY length 0", IBGP, AS4, "", B "C02000", NL, NULL, TAW, 32, 0 },
	{ "LARGE_COMMUNITY length 11", IBGP, AS4, "", B "C0200B0000000100000002000000", NL, NULL, TAW, 32, 0 },
	{ "LARGE_COMMUNITY length 13", IBGP, AS4, "", B "C0200D00000001000000020000000300", NL, NULL, TAW, 32, 0 },
	{ "LARGE_COMMUNITY duplicates valid", IBGP, AS4, "", B "C02018000000010000000200000003000000010000000200000003", NL, NULL, OK, 0, 0 },
	/* OTC */
	{ "OTC length 3", IBGP, AS4, "", B "C02303000001", NL, NULL, TAW, 35, 0 },
	{ "OTC length 5", IBGP, AS4, "", B "C0230500000001FF", NL, NULL, TAW, 35, 0 },
	{ "OTC valid", IBGP, AS4, "", B "C0230400000001", NL, NULL, OK, 0, 0 },
	/* unknown attributes */
	{ "unknown optional transitive kept", IBGP, AS4, "", B "C0630401020304", NL, NULL, OK, 0, 0 },
	{ "unknown optional non-transitive dropped", IBGP, AS4, "", B "80630401020304", NL, NULL, OK, 0, 0 },
	{ "unknown well-known", IBGP, AS4, "", B "40630401020304", NL, NULL, TAW, 99, 0 },
	{ "unknown well-known, no NLRI", IBGP, AS4, NL, B "40630401020304", "", NULL, RESET, 99, 2 },
	/* duplicates */
	{ "ORIGIN twice", IBGP, AS4, "", B "40010101", NL, NULL, DISCARD, 1, 0 },
	{ "COMMUNITIES twice", IBGP, AS4, "", B "C00804FFFFFF01C00804FFFFFF02", NL, NULL, DISCARD, 8, 0 },
	{ "duplicate then TAW: strongest wins", IBGP, AS4, "", B "40010101" "C00800", NL, NULL, TAW, 8, 0 },
	/* framing of the attribute list */
	{ "attribute overruns total length", IBGP, AS4, "", B "4005080000006" "4", NL, NULL, TAW, 5, 0 },
	{ "two octets left", IBGP, AS4, "", B "4005", NL, NULL, TAW, 0, 0 },
	{ "extended length with three octets left", IBGP, AS4, "", B "500500", NL, NULL, TAW, 0, 0 },
	{ "extended length overrun", IBGP, AS4, "", B "50080100", NL, NULL, TAW, 8, 0 },
	{ "overrun and no NLRI", IBGP, AS4, NL, B "4005080000006" "4", "", NULL, RESET, 5, 5 },
	{ "extended length valid", IBGP, AS4, "", O P "5003000400" "0A0001", NL, NULL, OK, 0, 0 },
	/* UPDATE lengths (RFC 7606 3 b) */
	{ "withdrawn length beyond message", IBGP, AS4, NULL, NULL, NULL, "00100000", RESET, 0, 1 },
	{ "attribute length beyond message", IBGP, AS4, NULL, NULL, NULL, "000000104001010040", RESET, 0, 1 },
	{ "body of 3 octets", IBGP, AS4, NULL, NULL, NULL, "000000", RESET, 0, 1 },
	{ "empty body", IBGP, AS4, NULL, NULL, NULL, "", RESET, 0, 1 },
	/* NLRI and withdrawn fields (RFC 7606 5.3) */
	{ "NLRI /33", IBGP, AS4, "", B, "210A000000FF", NULL, RESET, 0, 10 },
	{ "NLRI last prefix overruns", IBGP, AS4, "", B, NL "180A00", NULL, RESET, 0, 10 },
	{ "withdrawn /33", IBGP, AS4, "210A000000FF", "", "", NULL, RESET, 0, 10 },
	{ "withdrawn overrun", IBGP, AS4, "200A0000", "", "", NULL, RESET, 0, 10 },
	{ "NLRI /0 valid", IBGP, AS4, "", B, "00", NULL, OK, 0, 0 },
	{ "NLRI /32 valid", IBGP, AS4, "", B, "200A000001", NULL, OK, 0, 0 },
	/* missing mandatory attributes (RFC 7606 3 d) */
	{ "ORIGIN missing", IBGP, AS4, "", P N, NL, NULL, TAW, 1, 0 },
	{ "AS_PATH missing", IBGP, AS4, "", O N, NL, NULL, TAW, 2, 0 },
	{ "no attributes, NLRI present", IBGP, AS4, "", "", NL, NULL, TAW, 1, 0 },
	{ "MP_UNREACH plus NLRI, no mandatory", IBGP, AS4, "", MPU6, NL, NULL, TAW, 1, 0 },
	{ "attributes without NLRI, malformed MED", IBGP, AS4, "", B "800403000000", "", NULL, RESET, 4, 5 },
	/* several errors: the strongest */
	{ "discard + TAW", EBGP, AS4, "", O P4 N LP "C00800", NL, NULL, TAW, 8, 0 },
	{ "TAW + disable", IBGP, AS4, "", O P "800E0400020110" "C00800", "", NULL, DISABLE, 14, 0 },
	{ "disable + reset", IBGP, AS4, "", O P "800E0400020110" MPU6 MPU6, "", NULL, RESET, 15, 1 },
};

static void build_body(const struct row *r, struct buf *body)
{
	if (r->body) {
		struct buf b = hexbuf(r->body);
		buf_put(body, b.data, b.len);
		buf_free(&b);
		return;
	}
	struct buf w = hexbuf(r->withdrawn), a = hexbuf(r->attrs), n = hexbuf(r->nlri);
	buf_put_u16(body, (uint16_t)w.len);
	buf_put(body, w.data, w.len);
	buf_put_u16(body, (uint16_t)a.len);
	buf_put(body, a.data, a.len);
	buf_put(body, n.data, n.len);
	buf_free(&w);
	buf_free(&a);
	buf_free(&n);
}

static void test_rows(void)
{
	int n = (int)(sizeof rows / sizeof rows[0]);
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		struct wire_session_ctx s = test_session(r->ebgp, r->asn4);
		struct buf body = BUF_INIT, blob = BUF_INIT;
		build_body(r, &body);
		struct wire_update u;
		wire_update_decode(body.data, body.len, &s, &u, &blob);
		bool ok = (int)u.err.action == r->action;
		if (r->attr && u.err.attr != r->attr)
			ok = false;
		if (r->action == RESET && (u.err.code != ERR_UPDATE || (r->sub && u.err.subcode != r->sub)))
			ok = false;
		if (r->action < RESET && !attrs_valid(blob.data, blob.len))
			ok = false;
		if (!ok)
			fprintf(stderr, "row '%s': action %d attr %u code %u/%u (%s); wanted action %d attr %u sub %u\n",
			        r->name, u.err.action, u.err.attr, u.err.code, u.err.subcode, u.err.why,
			        r->action, r->attr, r->sub);
		CHECK(ok);
		if (r->action != OK)
			CHECK(u.err.why[0] != 0);
		buf_free(&body);
		buf_free(&blob);
	}
	printf("%d RFC 7606 rows\n", n);
}

/* Specific content checks behind some rows. */
static void test_details(void)
{
	struct buf blob = BUF_INIT;
	struct attr_entry e;
	struct wire_update u;
	/* unknown optional transitive: kept, Partial set. */
	struct wire_session_ctx s = test_session(false, true);
	struct buf body = BUF_INIT;
	struct row r1 = { "", IBGP, AS4, "", B "C0630401020304", NL, NULL, OK, 0, 0 };
	build_body(&r1, &body);
	wire_update_decode(body.data, body.len, &s, &u, &blob);
	CHECK(attrs_find(blob.data, blob.len, 99, &e));
	CHECK_EQ_INT(e.flags, 0xE0);
	buf_reset(&body);
	/* unknown optional non-transitive: gone. */
	struct row r2 = { "", IBGP, AS4, "", B "80630401020304", NL, NULL, OK, 0, 0 };
	build_body(&r2, &body);
	wire_update_decode(body.data, body.len, &s, &u, &blob);
	CHECK(!attrs_find(blob.data, blob.len, 99, &e));
	buf_reset(&body);
	/* AS4_PATH confed stripped, merge: AS_PATH [23456] confed[23456]
	 * + AS4_PATH [65536] confed [131072] -> [65536] (confed of AS_PATH kept). */
	struct wire_session_ctx s2 = test_session(false, false);
	struct row r3 = rows[0];
	r3.attrs = O "4002080201" "5BA0" "0301" "5BA0" N "C0110C0201000100000301" "00020000";
	build_body(&r3, &body);
	wire_update_decode(body.data, body.len, &s2, &u, &blob);
	CHECK_EQ_INT(u.err.action, OK);
	CHECK(attrs_find(blob.data, blob.len, ATTR_AS_PATH, &e));
	/* count(AS_PATH) = 1 = count(AS4_PATH): no leading AS of AS_PATH is
	 * kept; AS4_PATH's confederation segment is dropped. */
	struct buf want = hexbuf("0201" "00010000");
	CHECK_EQ_MEM(e.value, e.len, want.data, want.len);
	buf_free(&want);
	CHECK(!attrs_find(blob.data, blob.len, ATTR_AS4_PATH, &e));
	buf_reset(&body);
	/* EoR flagged. */
	struct row r4 = { "", IBGP, AS4, "", "900F0003000201", "", NULL, OK, 0, 0 };
	build_body(&r4, &body);
	wire_update_decode(body.data, body.len, &s, &u, &blob);
	CHECK(u.eor);
	CHECK_EQ_INT(u.eor_fam, FAM_IPV6_UNICAST);
	buf_reset(&body);
	/* A reset carries the offending attribute as NOTIFICATION data. */
	struct row r5 = { "", IBGP, AS4, "", O P "800E020002", "", NULL, RESET, 14, 9 };
	build_body(&r5, &body);
	wire_update_decode(body.data, body.len, &s, &u, &blob);
	struct buf d = hexbuf("800E020002");
	CHECK_EQ_MEM(u.err.data, u.err.data_len, d.data, d.len);
	CHECK(strstr(u.err.why, "MP_REACH_NLRI") != NULL);
	buf_free(&d);
	buf_free(&body);
	buf_free(&blob);
}

/* Never crash, never read out of bounds: every truncation of every row and
 * deterministic mutations (xorshift), each decoded from an exactly sized
 * heap copy so that ASan sees any overrun. */
static uint32_t rng = 2463534242u;
static uint32_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void decode_copy(const uint8_t *p, size_t n, const struct wire_session_ctx *s, struct buf *blob)
{
	uint8_t *c = malloc(n ? n : 1);
	if (n)
		memcpy(c, p, n);
	struct wire_update u;
	wire_update_decode(c, n, s, &u, blob);
	/* Property: what is kept is a well-formed canonical blob, and the NLRI
	 * fields of a non-reset decision can be iterated to their end. */
	if ((int)u.err.action < RESET) {
		if (!attrs_valid(blob->data, blob->len)) {
			unit_failed++;
			fprintf(stderr, "fuzz: invalid blob\n");
		}
		struct wire_nlri_field *f[] = { &u.withdrawn, &u.nlri, &u.mp_reach, &u.mp_unreach };
		for (int i = 0; i < 4; i++) {
			if (f[i]->fam == FAM_NONE || !f[i]->data || (i >= 2 && (int)u.err.action == DISABLE))
				continue;
			struct nlri_iter it;
			struct nlri_ref r;
			size_t total = 0;
			nlri_iter_init(&it, f[i]->fam, f[i]->addpath, f[i]->data, f[i]->len);
			while (nlri_iter_next(&it, &r))
				total += r.len + (f[i]->addpath ? 4 : 0);
			if (total != f[i]->len) {
				unit_failed++;
				fprintf(stderr, "fuzz: NLRI field %d not fully iterable\n", i);
			}
		}
	}
	free(c);
}

static void test_never_crash(void)
{
	int n = (int)(sizeof rows / sizeof rows[0]);
	long decodes = 0;
	struct buf blob = BUF_INIT;
	for (int i = 0; i < n; i++) {
		struct buf body = BUF_INIT;
		build_body(&rows[i], &body);
		for (int v = 0; v < 4; v++) {
			struct wire_session_ctx s = test_session(v & 1, v & 2);
			s.addpath_rx[FAM_IPV4_UNICAST] = s.addpath_rx[FAM_IPV6_UNICAST] = (i % 3 == 0);
			for (size_t t = 0; t <= body.len; t++, decodes++)
				decode_copy(body.data, t, &s, &blob);
			for (int m = 0; m < 60 && body.len; m++, decodes++) {
				struct buf mut = BUF_INIT;
				buf_put(&mut, body.data, body.len);
				int k = 1 + (int)(xorshift() % 4);
				for (int j = 0; j < k; j++) {
					size_t pos = xorshift() % mut.len;
					switch (xorshift() % 3) {
					case 0: mut.data[pos] = (uint8_t)xorshift(); break;
					case 1: mut.data[pos] ^= (uint8_t)(1u << (xorshift() % 8)); break;
					default: mut.data[pos] = (uint8_t)(xorshift() & 1 ? 0xFF : 0x00); break;
					}
				}
				decode_copy(mut.data, mut.len, &s, &blob);
				buf_free(&mut);
			}
		}
		buf_free(&body);
	}
	buf_free(&blob);
	printf("%ld fuzz decodes\n", decodes);
	CHECK(decodes > 10000);
}

int main(void)
{
	test_rows();
	test_details();
	test_never_crash();
	return unit_done();
}
