/* The BGP-LS attribute (type 29) from raw bytes: every TLV ExaBGP knows by
 * name (RFC 9552 5.3, RFC 9085, RFC 8571, RFC 9514) rendered as ExaBGP
 * renders it, and the malformed ones (wrong length, truncated, repeated)
 * refused by bgpls_attr_problem so the attribute is discarded (RFC 9552
 * 8.2.2) and json_attr_bgpls writes nothing.  The expected strings are
 * ExaBGP's output for the same bytes.  Also the Python-compatible float
 * and string formatting they rely on (json_pyfmt.c). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../unit.h"
#include "base/buf.h"
#include "base/hex.h"
#include "event/json_pyfmt.h"
#include "wire/bgpls.h"

bool json_attr_bgpls(struct buf *out, const uint8_t *v, size_t len);

#define SID "fc000000000000000000000000000001"
#define F_ADJ_VL "{\"F\": 0, \"B\": 0, \"V\": 1, \"L\": 1, \"S\": 0, \"P\": 0, \"RSV\": 0}"
#define F_PFX0 "{\"R\": 0, \"N\": 0, \"P\": 0, \"E\": 0, \"V\": 0, \"L\": 0, \"RSV\": 0}"
#define F_SRV6 "{\"B\": 0, \"S\": 0, \"P\": 0, \"RSV\": 0}"

static const struct {
	const char *hex, *json;
} good[] = {
	/* 258 Link Local/Remote Identifiers as an attribute TLV */
	{ "0102000800000001000000ff", "{ \"link-local-remote-identifiers\": {\"local-id\": 1, \"remote-id\": 255} }" },
	/* 1025 opaque node attribute: lower-case hex */
	{ "04010003010203", "{ \"opaque\": \"010203\" }" },
	/* 1038 SRv6 capabilities: ExaBGP's O is the 0x0040 bit of the flags,
	 * kept in place (64); RFC 9514 3.1's O (0x4000) shows as 0 */
	{ "040e000400400000", "{ \"srv6-capabilities\": {\"flags\": {\"O\": 64}} }" },
	{ "040e000440000000", "{ \"srv6-capabilities\": {\"flags\": {\"O\": 0}} }" },
	/* 1093 link protection type, 1094 MPLS protocol mask */
	{ "044500028400", "{ \"link-protection-flags\": {\"ExtraTrafic\": 1, \"Unprotected\": 0, \"Shared\": 0, "
	  "\"Dedicated 1:1\": 0, \"Dedicated 1+1\": 0, \"Enhanced\": 1, \"RSV\": 0} }" },
	{ "04460001c0", "{ \"mpls-mask\": {\"LDP\": 1, \"RSVP-TE\": 1, \"RSV\": 0} }" },
	/* 1096 SRLG, empty too */
	{ "04480008000000010000010f", "{ \"shared-risk-link-groups\": [1, 271] }" },
	{ "04480000", "{ \"shared-risk-link-groups\": [] }" },
	/* 1097 opaque link, 1098 link name (UTF-8 with replacement, escaped) */
	{ "04490002abcd", "{ \"opaque-link\": \"abcd\" }" },
	{ "044a00056574682d30", "{ \"link-name\": \"eth-0\" }" },
	{ "044a000572c3a9ff22", "{ \"link-name\": \"r\\u00e9\\ufffd\\\"\" }" },
	/* 1100 LAN adjacency SID: ExaBGP merges it by its flags alone */
	{ "044c000d300000000102030405060493e0", "{ \"sr-adj-lan\": [" F_ADJ_VL "] }" },
	/* 1117 loss in 0.000003 % units, 1118-1120 IEEE floats (Python repr) */
	{ "045d000480000001", "{ \"unidirectional-link-loss\": {\"loss-percent\": 3e-06, \"anomalous\": true} }" },
	{ "045d000400ffffff", "{ \"unidirectional-link-loss\": {\"loss-percent\": 50.331645, \"anomalous\": false} }" },
	{ "045e00044cee6b28", "{ \"unidirectional-residual-bandwidth\": 125000000.0 }" },
	{ "045f00043f8ccccd", "{ \"unidirectional-available-bandwidth\": 1.100000023841858 }" },
	{ "04600004a0000000", "{ \"unidirectional-utilized-bandwidth\": -1.0842021724855044e-19 }" },
	/* 1152 IGP flags, 1153/1154 route tags, 1155 prefix metric */
	{ "04800001a0", "{ \"igp-flags\": {\"D\": 1, \"N\": 0, \"L\": 1, \"P\": 0, \"RSV\": 0} }" },
	{ "0481000800000064000000c8", "{ \"igp-route-tags\": [100, 200] }" },
	{ "04820008ffffffffffffffff", "{ \"igp-extended-route-tags\": [18446744073709551615] }" },
	{ "048300040000000a", "{ \"prefix-metric\": 10 }" },
	/* 1156 OSPF forwarding address, 1157 opaque prefix */
	{ "048400040a000001", "{ \"ospf-forwarding-address\": \"10.0.0.1\" }" },
	{ "0484001020010db8000000000000000000000001", "{ \"ospf-forwarding-address\": \"2001:db8::1\" }" },
	{ "04850001ff", "{ \"opaque-prefix\": \"ff\" }" },
	/* 1158 prefix SID: a 4-octet index, a 3-octet label (V+L), only V */
	{ "048600080000000000000064", "{ \"sr-prefix-sids\": [{\"sr-prefix-flags\": " F_PFX0 ", \"sids\": [100], "
	  "\"undecoded-sids\": [], \"sr-algorithm\": 0}] }" },
	{ "048600070c0100000003e8", "{ \"sr-prefix-sids\": [{\"sr-prefix-flags\": {\"R\": 0, \"N\": 0, \"P\": 0, "
	  "\"E\": 0, \"V\": 1, \"L\": 1, \"RSV\": 0}, \"sids\": [1000], \"undecoded-sids\": [], \"sr-algorithm\": 1}] }" },
	{ "048600060800000003e8", "{ \"sr-prefix-sids\": [{\"sr-prefix-flags\": {\"R\": 0, \"N\": 0, \"P\": 0, "
	  "\"E\": 0, \"V\": 1, \"L\": 0, \"RSV\": 0}, \"sids\": [], \"undecoded-sids\": [\"0x03E8\"], "
	  "\"sr-algorithm\": 0}] }" },
	/* 1162 SRv6 locator, 1170 prefix attribute flags, 1171 source router-id */
	{ "048a00088080000000000064", "{ \"srv6-locators\": [{\"flags\": {\"D\": 1, \"RSV\": 0}, \"algorithm\": 128, "
	  "\"metric\": 100}] }" },
	{ "049200018f", "{ \"sr-prefix-attribute-flags\": {\"X\": 1, \"R\": 0, \"N\": 0, \"RSV\": 0} }" },
	{ "04930004c0a80001", "{ \"sr-source-router-id\": \"192.168.0.1\" }" },
	/* 1250 SRv6 endpoint behavior, 1252 SRv6 SID structure */
	{ "04e200040030000a", "{ \"srv6-endpoint-behavior\": {\"endpoint-behavior\": 48, \"flags\": [], "
	  "\"algorithm\": 10} }" },
	{ "04e4000420100000", "{ \"srv6-sid-structure\": {\"loc_block_len\": 32, \"loc_node_len\": 16, "
	  "\"func_len\": 0, \"arg_len\": 0} }" },
	/* merged arrays first, in order of first appearance; 1028/1029 share a key */
	{ "048a00080000000000000001" "048600080000000000000064" "040400040a000001"
	  "0405001020010db8000000000000000000000001" "0bb800020102" "0486000800800000000000c8",
	  "{ \"srv6-locators\": [{\"flags\": {\"D\": 0, \"RSV\": 0}, \"algorithm\": 0, \"metric\": 1}], "
	  "\"sr-prefix-sids\": [{\"sr-prefix-flags\": " F_PFX0 ", \"sids\": [100], \"undecoded-sids\": [], "
	  "\"sr-algorithm\": 0}, {\"sr-prefix-flags\": " F_PFX0 ", \"sids\": [200], \"undecoded-sids\": [], "
	  "\"sr-algorithm\": 128}], \"local-router-ids\": [\"10.0.0.1\", \"2001:db8::1\"], "
	  "\"generic-lsid-3000\": [\"0x0102\"] }" },
	/* SRv6 End.X sub-TLVs: a repeated code keeps its place and its last
	 * value; one overrunning its TLV is cut at the end */
	{ "04520026000b40010a00" SID "04e400042010000004e4000420200000",
	  "{ \"srv6-endx\": [{\"flags\": {\"B\": 0, \"S\": 1, \"P\": 0, \"RSV\": 0}, \"behavior\": 11, "
	  "\"algorithm\": 1, \"weight\": 10, \"sid\": \"fc00::1\", \"srv6-sid-structure\": {\"loc_block_len\": 32, "
	  "\"loc_node_len\": 32, \"func_len\": 0, \"arg_len\": 0}}] }" },
	{ "0452001e000b00000000" SID "04e4000a20100000",
	  "{ \"srv6-endx\": [{\"flags\": " F_SRV6 ", \"behavior\": 11, \"algorithm\": 0, \"weight\": 0, "
	  "\"sid\": \"fc00::1\", \"srv6-sid-structure\": {\"loc_block_len\": 32, \"loc_node_len\": 16, "
	  "\"func_len\": 0, \"arg_len\": 0}}] }" },
	/* OSPF LAN End.X: ExaBGP reads the SID from octet 6 (over the
	 * neighbor id) and the sub-TLVs from 22 */
	{ "0454001a000b00000000c0a80001" SID,
	  "{ \"srv6-lan-endx-ospf\": [{\"flags\": " F_SRV6 ", \"neighbor-id\": \"192.168.0.1\", \"behavior\": 11, "
	  "\"algorithm\": 0, \"weight\": 0, \"sid\": \"c0a8:1:fc00::\", \"unknown-subtlv-0\": \"0x\"}] }" },
	/* adjacency SID: a trailing part too short for a label is dropped */
	{ "044b0008300000000493e001", "{ \"sr-adjs\": [{\"flags\": " F_ADJ_VL ", \"sids\": [300000], "
	  "\"weight\": 0, \"undecoded-sids\": []}] }" },
	/* an unknown code, repeated: one array */
	{ "0bb8000101" "0bb8000102", "{ \"generic-lsid-3000\": [\"0x01\", \"0x02\"] }" },
};

/* Malformed: the attribute is refused (discarded by the UPDATE decoder). */
static const char *const bad[] = {
	"0102000400000001",                 /* 258 not 8 octets */
	"040e0003400000",                   /* 1038 not 4 */
	"044500018400",                     /* 1093 not 2 */
	"0446000200c0",                     /* 1094 not 1 */
	"044800050000000100",               /* 1096 not a multiple of 4 */
	"044a0100" "00",                    /* 1098 longer than 255 (and overruns) */
	"044c00093000000001020304050604",   /* 1100 shorter than 10 */
	"045d000380000001",                 /* 1117 not 4 */
	"045e00054cee6b2800",               /* 1118 not 4 */
	"04800000",                         /* 1152 empty */
	"048100060000006400",               /* 1153 not a multiple of 4 */
	"0482000400000001",                 /* 1154 not a multiple of 8 */
	"0483000800000000000000aa",         /* 1155 not 4 */
	"048400050a00000100",               /* 1156 not 4 or 16 */
	"048600030000",                     /* 1158 shorter than 4 */
	"04860007000000000000aa",           /* 1158 index (neither V nor L) not 4 */
	"048a0007800000000000",             /* 1162 shorter than 8 */
	"0492000200aa",                     /* 1170 not 1 */
	"04930008c0a80001c0a80002",         /* 1171 not 4 or 16 */
	"04e20003003000",                   /* 1250 shorter than 4 */
	"04e40003201000",                   /* 1252 shorter than 4 */
	"048300040000000a048300040000000b", /* 1155 may not repeat */
	"04930004c0a80001" "0493000400000001", /* 1171 may not repeat */
	"0452001d000b60010a00" SID "04e40003201000", /* End.X: SID structure of 3 */
	"0454001a000b00000000c0a80001fc00000000000000000000000004e40002", /* OSPF LAN End.X (as ExaBGP) */
	"048a0008808000000000",             /* TLV overruns the attribute */
	"048a",                             /* truncated header */
};

static void test_tlvs(void)
{
	struct buf out = BUF_INIT, b = BUF_INIT;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		buf_reset(&b);
		CHECK(hex_decode(&b, good[i].hex) == 0);
		size_t at;
		const char *pb = bgpls_attr_problem(b.data, b.len, &at);
		if (pb)
			fprintf(stderr, "good[%zu] refused: %s at %zu\n", i, pb, at);
		CHECK(pb == NULL);
		buf_reset(&out);
		CHECK(json_attr_bgpls(&out, b.data, b.len));
		const char *s = buf_cstr(&out), *pre = "\"bgp-ls\": ";
		CHECK(strncmp(s, pre, strlen(pre)) == 0);
		CHECK_EQ_STR(s + strlen(pre), good[i].json);
		/* every truncation inside a TLV is refused, from an exactly sized
		 * copy (ASan); one at a TLV boundary is a shorter attribute */
		size_t next = 0;
		for (size_t n = 1; n < b.len; n++) {
			if (n == next + 4 + get_be16(b.data + next + 2)) {
				next = n;
				continue;
			}
			uint8_t *c = malloc(n);
			memcpy(c, b.data, n);
			struct buf o2 = BUF_INIT;
			CHECK(bgpls_attr_problem(c, n, &at) != NULL);
			CHECK(!json_attr_bgpls(&o2, c, n));
			CHECK_EQ_INT(o2.len, 0);
			buf_free(&o2);
			free(c);
		}
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&b);
		CHECK(hex_decode(&b, bad[i]) == 0);
		size_t at;
		if (!bgpls_attr_problem(b.data, b.len, &at))
			fprintf(stderr, "bad[%zu] accepted\n", i);
		CHECK(bgpls_attr_problem(b.data, b.len, &at) != NULL);
		buf_reset(&out);
		CHECK(!json_attr_bgpls(&out, b.data, b.len));
		CHECK_EQ_INT(out.len, 0);
	}
	/* where: the second (repeated) prefix metric is at octet 8 */
	buf_reset(&b);
	CHECK(hex_decode(&b, "048300040000000a048300040000000b") == 0);
	size_t at = 0;
	CHECK(bgpls_attr_problem(b.data, b.len, &at) != NULL);
	CHECK_EQ_INT(at, 8);
	buf_free(&out);
	buf_free(&b);
}

/* Thousands of repeated unknown TLVs: grouped in one pass, not quadratic. */
static void test_many(void)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	for (unsigned i = 0; i < 16000; i++) {
		buf_put_u16(&b, (uint16_t)(3000 + i % 500));
		buf_put_u16(&b, 0);
	}
	CHECK(json_attr_bgpls(&out, b.data, b.len));
	const char *s = buf_cstr(&out);
	CHECK(strncmp(s, "\"bgp-ls\": { \"generic-lsid-3000\": [\"0x\"", 38) == 0);
	CHECK(strstr(s, "\"generic-lsid-3499\"") != NULL);
	buf_free(&b);
	buf_free(&out);
}

static const char *pyfloat(double d)
{
	static struct buf b;
	buf_reset(&b);
	json_put_pyfloat(&b, d);
	return buf_cstr(&b);
}

static const char *pystr(const char *hex)
{
	static struct buf b, h;
	buf_reset(&b);
	buf_reset(&h);
	if (hex_decode(&h, hex) != 0)
		return "bad hex";
	json_put_pystr(&b, h.data, h.len);
	return buf_cstr(&b);
}

static void test_pyfmt(void)
{
	/* Python 3: repr(float) */
	CHECK_EQ_STR(pyfloat(0.0), "0.0");
	CHECK_EQ_STR(pyfloat(-0.0), "-0.0");
	CHECK_EQ_STR(pyfloat(1.5), "1.5");
	CHECK_EQ_STR(pyfloat(125000000.0), "125000000.0");
	CHECK_EQ_STR(pyfloat(0.1), "0.1");
	CHECK_EQ_STR(pyfloat(0.0001), "0.0001");
	CHECK_EQ_STR(pyfloat(0.00001), "1e-05");
	CHECK_EQ_STR(pyfloat(1e15), "1000000000000000.0");
	CHECK_EQ_STR(pyfloat(1e16), "1e+16");
	CHECK_EQ_STR(pyfloat(1.25e17), "1.25e+17");
	CHECK_EQ_STR(pyfloat(3.3e-7), "3.3e-07");
	CHECK_EQ_STR(pyfloat(1e100), "1e+100");
	CHECK_EQ_STR(pyfloat((double)1.1f), "1.100000023841858");
	CHECK_EQ_STR(pyfloat((double)3.4028234663852886e38f), "3.4028234663852886e+38");
	CHECK_EQ_STR(pyfloat(-2.5), "-2.5");
	CHECK_EQ_STR(pyfloat(INFINITY), "Infinity");
	CHECK_EQ_STR(pyfloat(-INFINITY), "-Infinity");
	CHECK_EQ_STR(pyfloat(NAN), "NaN");
	/* Python 3: json.dumps(b.decode('utf-8', 'replace')) */
	CHECK_EQ_STR(pystr(""), "\"\"");
	CHECK_EQ_STR(pystr("41225c2f7e7f"), "\"A\\\"\\\\/~\\u007f\"");
	CHECK_EQ_STR(pystr("08090a0c0d1f"), "\"\\b\\t\\n\\f\\r\\u001f\"");
	CHECK_EQ_STR(pystr("c3a9e282acf09f9880"), "\"\\u00e9\\u20ac\\ud83d\\ude00\"");
	CHECK_EQ_STR(pystr("ff"), "\"\\ufffd\"");
	CHECK_EQ_STR(pystr("c0af"), "\"\\ufffd\\ufffd\"");            /* overlong lead */
	CHECK_EQ_STR(pystr("e282"), "\"\\ufffd\"");                    /* truncated: one */
	CHECK_EQ_STR(pystr("e28241"), "\"\\ufffdA\"");
	CHECK_EQ_STR(pystr("eda080"), "\"\\ufffd\\ufffd\\ufffd\"");    /* surrogate */
	CHECK_EQ_STR(pystr("f09f98"), "\"\\ufffd\"");
	CHECK_EQ_STR(pystr("f4908080"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
	CHECK_EQ_STR(pystr("80bf"), "\"\\ufffd\\ufffd\"");
}

int main(void)
{
	test_tlvs();
	test_many();
	test_pyfmt();
	return unit_done();
}
