/* Whole UPDATEs of every family through the decoder and ExaBGP's encoders
 * (json_update, text_update): the exact bytes helper scripts read, for an
 * announcement and a withdrawal per family.  The messages are the shared
 * vectors' (encoding/api .ci files and decoding/) where one exists; their
 * JSON matches the vectors structurally (tests/conformance/decode-sweep),
 * this pins ExaBGP's spacing and our text form.  LUNABGP_REGEN=1 prints
 * what the encoders give instead of checking. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "base/hex.h"
#include "event/decode.h"
#include "event/json.h"
#include "event/text.h"

struct msg {
	const char *name;
	fam_t fam;
	const char *body;       /* UPDATE body, hex */
};

static const struct msg msgs[] = {
	{ "api-vpnv4 announce", FAM_IPV4_MPLS_VPN,
	  "00000049400101004002004003046501650140050400000064C0080400640001C010080002FDE900000001800E1F0001800C0000000000000000650165010068003E810000FDE8000000010104" },
	{ "api-vpnv4 withdraw", FAM_IPV4_MPLS_VPN,
	  "0000003B800F1100018068003E810000FDE8000000010104400101004002004003046501650140050400000064C0080400640001C010080002FDE900000001" },
	{ "conf-parity vpnv6", FAM_IPV6_MPLS_VPN,
	  "000000674001010040020E0203000062620000FDE80000FC0040050400000064C00804FDE80021800904392302F0C010080002282B04F95C78800E2F00028018000000000000000000000000000000000000FFFF5134119200880039E100000C8F22C6DB3D20014B5020C0" },
	{ "conf-prefix-sid labeled", FAM_IPV4_NLRI_MPLS,
	  "0000004740010100400200400304C633640240050400000064C0281B0100070000000000012C03000E00000C35000010000F4240001388800E1100010404C63364020038C35021C6336465" },
	{ "labeled withdraw, two labels", FAM_IPV4_NLRI_MPLS, "00000010" "800F0D000104" "48000640000C810A0000" },
	{ "multicast", FAM_IPV4_MULTICAST,
	  "0000001C" "40010100" "400200" "800E12000102040A00000100" "18E00000" "20E0000001" },
	{ "rtc", FAM_IPV4_RTC,
	  "00000021" "40010100" "400200" "800E17000184040A00000100" "00" "600000FDE80002FDE800000001" },
	{ "conf-mvpn shared join", FAM_IPV4_MCAST_VPN,
	  "00000044400101004002004003040A0A060340050400000064C010080102C0A85E0C0005800E21000105040A0A06030006160000FDE80001869F0000FDE8200A63C70120EFFBFFE4" },
	{ "api-mvpn withdraw", FAM_IPV4_MCAST_VPN,
	  "0000003E800F1B00010506160000FDE80001869F0000FDE8200A63C70120EFFBFFE4400101004002004003040A0A060340050400000064C010080102C0A85E0C0005" },
	{ "conf-srv6-mup isd", FAM_IPV4_MUP,
	  "00000023" "40010100" "400200" "800E19000155040A00000200" "0100010C0000006400000064180A0001" },
	{ "api-vpls announce", FAM_L2VPN_VPLS,
	  "0000007E4001010040021E020700007814000078140000781400007814000078140000781400007814800404000007D040050400000064C00804D53F007B800904C0A81601800A0803030303C0A8C901C010100002D53F00000006800A130005DC006F800E1C00194104C0A8C9010000110001C0A8C901007B000500010008029CE1" },
	{ "api-vpls withdraw", FAM_L2VPN_VPLS,
	  "00000027800F1600194100110001C0A8C901007B000500010008029CE14001010040020040050400000064" },
	{ "evpn announce", FAM_L2VPN_EVPN,
	  "0000003A" "40010100" "400200" "800E30001946040A00000100" "0225" "0001252C372E0001000000000000000000000000051530E88088308BE9200A22100A000000" },
	{ "bgp-sr-policy-1", FAM_IPV4_SR_POLICY,
	  "000000524001010040020040050400000064C01728000F00240C060000000000640D06100005DC01008000110009060000000000010106000003E81100800E1600014904C0000201006000000000000000640A000001" },
};

static struct json_peer peer(void)
{
	struct json_peer p;
	memset(&p, 0, sizeof p);
	p.api = JSON_API_V4;
	p.host = "h";
	p.pid = p.ppid = 1;
	p.counter = 1;
	p.local_addr = p.peer_addr = "127.0.0.1";
	p.local_as = p.peer_as = 65533;
	p.router_id = "127.0.0.1";
	p.direction = "in";
	p.time = 1.0;
	return p;
}

/* The `"message": ...` member to the end of the line, without the closing
 * braces of neighbor and envelope. */
static char *message_part(const struct buf *out)
{
	struct buf c = *out;
	const char *s = buf_cstr(&c);
	const char *m = strstr(s, "\"message\": ");
	if (!m)
		return strdup("");
	size_t l = strlen(m);
	while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
		l--;
	if (l >= 4 && memcmp(m + l - 4, " } }", 4) == 0)
		l -= 4;
	return strndup(m, l);
}

/* Expected outputs, one file line per message: JSON then text with \n as
 * "\\n" (tests/event/families.expected, read from the source tree). */
static char *expected[sizeof msgs / sizeof msgs[0]][2];

static void load_expected(void)
{
	FILE *f = fopen("event/families.expected", "r");
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	size_t i = 0, k = 0;
	while (getline(&line, &cap, f) > 0 && i < sizeof msgs / sizeof msgs[0]) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || !line[0])
			continue;
		/* unescape \n */
		char *o = line;
		for (char *p = line; *p; p++) {
			if (p[0] == '\\' && p[1] == 'n') {
				*o++ = '\n';
				p++;
			} else {
				*o++ = *p;
			}
		}
		*o = 0;
		expected[i][k] = strdup(line);
		if (++k == 2) {
			k = 0;
			i++;
		}
	}
	free(line);
	fclose(f);
}

static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
	putchar('\n');
}

static void test_messages(bool regen)
{
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		const struct msg *m = &msgs[i];
		struct wire_session_ctx ctx;
		memset(&ctx, 0, sizeof ctx);
		ctx.asn4 = true;
		ctx.max_msg = BGP_MAX_EXT_MSG;
		ctx.fam[m->fam] = true;
		ctx.ext_nh[m->fam] = true;
		struct buf body = BUF_INIT, blob = BUF_INIT, out = BUF_INIT, text = BUF_INIT;
		CHECK_EQ_INT(hex_decode(&body, m->body), 0);
		struct wire_update u;
		wire_update_decode(body.data, body.len, &ctx, &u, &blob);
		if (u.err.action != WIRE_OK)
			fprintf(stderr, "%s: %s\n", m->name, u.err.why);
		CHECK_EQ_INT(u.err.action, WIRE_OK);
		struct json_peer p = peer();
		json_update(&out, &p, &ctx, &u, blob.data, blob.len, NULL);
		text_update(&text, "127.0.0.1", "receive", &u, blob.data, blob.len, NULL);
		char *j = message_part(&out);
		if (regen) {
			printf("# %s\n", m->name);
			print_escaped(j);
			print_escaped(buf_cstr(&text));
		} else {
			CHECK(expected[i][0] && expected[i][1]);
			if (expected[i][0]) {
				if (strcmp(j, expected[i][0]))
					fprintf(stderr, "%s: JSON differs\n", m->name);
				CHECK_EQ_STR(j, expected[i][0]);
			}
			if (expected[i][1]) {
				if (strcmp(buf_cstr(&text), expected[i][1]))
					fprintf(stderr, "%s: text differs\n", m->name);
				CHECK_EQ_STR(buf_cstr(&text), expected[i][1]);
			}
		}
		free(j);
		buf_free(&body);
		buf_free(&blob);
		buf_free(&out);
		buf_free(&text);
	}
}

/* lunabgp decode -i: ADD-PATH on every family (conf-addpath's VPN route),
 * also for bare NLRI. */
static void test_path_information(void)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct decode_opts o = { .path_information = true };
	CHECK_EQ_INT(decode_to_json_opts("update", NULL,
	             "0000004F40010100400200400304C0A8000140050400000064C0101000020000000000000002000100000001"
	             "800E240001800C0000000000000000C0A80001000000000A7004E2C100000064000000640A0000",
	             &o, &out, &err), 0);
	CHECK(strstr(buf_cstr(&out), "{ \"nlri\": \"10.0.0.0/24\", \"label\": [ [20012, 320193] ], \"rd\": \"100:100\", "
	                             "\"path-information\": \"0.0.0.10\" }") != NULL);
	CHECK_EQ_INT(err.len, 0);
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json_opts("nlri", "ipv4 mpls-vpn", "0000000A" "7004E2C100000064000000640A0000", &o, &out,
	                                 &err), 0);
	CHECK_EQ_STR(buf_cstr(&out), "{ \"nlri\": \"10.0.0.0/24\", \"label\": [ [20012, 320193] ], \"rd\": \"100:100\", "
	                             "\"path-information\": \"0.0.0.10\" }\n");
	/* without -i the same bytes are not a VPN route */
	buf_reset(&out);
	CHECK(decode_to_json("nlri", "ipv4 mpls-vpn", "0000000A" "7004E2C100000064000000640A0000", &out, &err) < 0);
	CHECK(strstr(buf_cstr(&err), "invalid NLRI at octet") != NULL);
	buf_free(&out);
	buf_free(&err);
}

int main(void)
{
	bool regen = getenv("LUNABGP_REGEN") != NULL;
	if (!regen)
		load_expected();
	test_messages(regen);
	if (regen)
		return 0;
	test_path_information();
	return unit_done();
}
