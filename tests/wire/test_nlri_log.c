/* Malformed NLRI are reported with their family and the byte offset of the
 * bad NLRI in the message (header included, as peer.c logs the message in
 * hex next to the sentence; c/session adds the peer).  One case per family
 * kind: classic IPv4 fields, labeled/VPN, RTC, typed NLRI (EVPN, MVPN, MUP:
 * both a route that cannot be framed and one kept raw), VPLS, SR Policy,
 * FlowSpec, and the ADD-PATH path identifier. */
#include "wire/fam_test.h"

/* In fam_decide's UPDATE the NLRI of MP_REACH (4-octet next hop) start at
 * body octet 24, those of MP_UNREACH at 18: message octets 43 and 37. */
enum { REACH_AT = 43, UNREACH_AT = 37 };

struct row {
	fam_t fam;
	bool reach;
	const char *nh, *field;
	int action;
	unsigned octet;         /* message octet of the bad NLRI */
	const char *what;       /* a word of the family's sentence */
};

#define EVPN3 "0311" "0000FDE800000001" "00000064" "20" "C0A80001"   /* 19 octets */
#define MUP_ISD "0100010C0000006400000064180A0001"                    /* 16 octets */

static const struct row rows[] = {
	{ FAM_IPV4_MPLS_VPN, true, "0000000000000000" "0A000001", "68003E810000FDE8000000010104" "50003E81",
	  WIRE_AFISAFI_DISABLE, REACH_AT + 8 + 14, "VPN NLRI" },
	{ FAM_IPV4_NLRI_MPLS, false, NULL, "30800000" "0A0000" "30000640" "0A0000",
	  WIRE_AFISAFI_DISABLE, UNREACH_AT + 7, "bottom of label stack" },
	{ FAM_IPV4_RTC, true, "0A000001", "00" "1F0000FDE8", WIRE_AFISAFI_DISABLE, REACH_AT + 1, "RTC NLRI" },
	{ FAM_IPV4_MULTICAST, true, "0A000001", "18E00000" "18E00000" "21E0000000FF", WIRE_AFISAFI_DISABLE,
	  REACH_AT + 8, "exceeds" },
	{ FAM_L2VPN_EVPN, true, "0A000001", EVPN3 "0225" "0000FDE800000001", WIRE_AFISAFI_DISABLE, REACH_AT + 19,
	  "EVPN NLRI" },
	{ FAM_L2VPN_EVPN, true, "0A000001", EVPN3 EVPN3 "0203000000", WIRE_ATTR_DISCARD, REACH_AT + 38,
	  "route type 2" },
	{ FAM_L2VPN_EVPN, false, NULL, EVPN3 "0203000000", WIRE_ATTR_DISCARD, UNREACH_AT + 19, "withdrawn anyway" },
	{ FAM_IPV4_MCAST_VPN, true, "0A000001", "05120000FDE80001869F200A630C0420EFFBFFE4" "0616AA",
	  WIRE_AFISAFI_DISABLE, REACH_AT + 20, "MVPN NLRI" },
	{ FAM_IPV4_MCAST_VPN, true, "0A000001", "05120000FDE80001869F200A630C0420EFFBFFE4" "0700",
	  WIRE_ATTR_DISCARD, REACH_AT + 20, "MVPN NLRI" },
	{ FAM_IPV4_MUP, true, "0A000002", MUP_ISD "0100010F00", WIRE_AFISAFI_DISABLE, REACH_AT + 16, "MUP NLRI" },
	{ FAM_IPV4_MUP, true, "0A000002", MUP_ISD MUP_ISD "010001080000006400000064", WIRE_ATTR_DISCARD,
	  REACH_AT + 32, "MUP NLRI" },
	{ FAM_L2VPN_VPLS, true, "C0A8C901", "00110001C0A8C901007B000500010008029CE1" "0010",
	  WIRE_AFISAFI_DISABLE, REACH_AT + 19, "VPLS NLRI" },
	{ FAM_IPV4_SR_POLICY, true, "C0000201", "60000000000000006" "40A000001" "58", WIRE_AFISAFI_DISABLE,
	  REACH_AT + 13, "SR Policy NLRI" },
	/* FlowSpec: a component out of order is treat-as-withdraw (RFC 8955 4.2) */
	{ FAM_IPV4_FLOW, true, "", "0501180A0000" "0A02180A000001180B0000", WIRE_TREAT_AS_WITHDRAW, 0, "" },
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct wire_update u;
		struct buf body = BUF_INIT, blob = BUF_INIT;
		int a = (int)fam_decide(r->fam, r->reach, r->nh, r->field, "", &u, &body, &blob);
		char want[64];
		snprintf(want, sizeof want, "NLRI at message octet %u:", r->octet);
		bool ok = a == r->action && strstr(u.err.why, family_name(r->fam)) && strstr(u.err.why, r->what) &&
		          (!r->octet || strstr(u.err.why, want));
		if (!ok)
			fprintf(stderr, "row %zu (%s): action %d, why '%s'; wanted %d, '%s'\n", i, family_name(r->fam), a,
			        u.err.why, r->action, want);
		CHECK(ok);
		buf_free(&body);
		buf_free(&blob);
	}
}

/* The classic IPv4 fields: the offset of the bad prefix. */
static void test_classic(void)
{
	struct wire_session_ctx ctx = test_session(false, true);
	struct wire_update u;
	struct buf blob = BUF_INIT;
	/* NLRI: 10.0.0.0/24 then a /33 at body octet 4 + 14 + 4 */
	struct buf body = hexbuf("0000" "000E" "40010100" "400200" "4003040A000001" "180A0000" "210A000000FF");
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_SESSION_RESET);
	CHECK(strstr(u.err.why, "NLRI (ipv4 unicast) at message octet 41:") != NULL);
	buf_free(&body);
	/* withdrawn: a /24 overrunning at body octet 2 + 4 */
	body = hexbuf("0007" "180A0000" "180A00" "0000");
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_SESSION_RESET);
	CHECK(strstr(u.err.why, "withdrawn routes (ipv4 unicast), NLRI at message octet 25:") != NULL);
	buf_free(&body);
	/* ADD-PATH: a path identifier cut short after one route (body 2 + 8) */
	ctx.addpath_rx[FAM_IPV4_UNICAST] = true;
	body = hexbuf("000A" "00000001" "180A0000" "0000" "0000");
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_SESSION_RESET);
	CHECK(strstr(u.err.why, "at message octet 29: NLRI: path identifier overruns") != NULL);
	buf_free(&body);
	buf_free(&blob);
}

int main(void)
{
	test_rows();
	test_classic();
	return unit_done();
}
