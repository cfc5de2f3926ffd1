/* The ExaBGP JSON encoder and `lunabgp decode` (decode_to_json), checked
 * against ExaBGP's decoding vectors structurally (conformance README
 * section 9), plus exact-text checks where helpers match substrings. */
#include "unit.h"

#include "base/hex.h"
#include "event/decode.h"
#include "event/json.h"

#include <dirent.h>
#include <stdlib.h>

/* ------------------------------------------------------------------
 * A small JSON canonicaliser: parses a document and prints it with object
 * keys sorted, no white space, numbers normalised, so that two documents
 * are structurally equal when their canonical texts are equal. */
struct jp {
	const char *p, *end;
	bool err;
};

static void jp_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static void jp_value(struct jp *j, struct buf *out, int depth);

static void jp_string(struct jp *j, struct buf *out)
{
	if (j->p >= j->end || *j->p != '"') {
		j->err = true;
		return;
	}
	const char *s = j->p++;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\')
			j->p++;
		j->p++;
	}
	if (j->p >= j->end) {
		j->err = true;
		return;
	}
	j->p++;
	buf_put(out, s, (size_t)(j->p - s));
}

struct member {
	char *key;
	char *val;
};

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->key, ((const struct member *)b)->key);
}

static void jp_object(struct jp *j, struct buf *out, int depth)
{
	static const char *const dropped[] = { "\"exabgp\"", "\"host\"", "\"pid\"", "\"ppid\"", "\"time\"",
		"\"version\"" };
	struct member *m = NULL;
	size_t n = 0;
	j->p++;
	jp_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
	} else {
		for (int guard = 0; guard < 100000 && !j->err; guard++) {
			struct buf k = BUF_INIT, v = BUF_INIT;
			jp_ws(j);
			jp_string(j, &k);
			jp_ws(j);
			if (j->p >= j->end || *j->p != ':')
				j->err = true;
			else
				j->p++;
			jp_value(j, &v, depth + 1);
			bool drop = false;
			for (size_t i = 0; depth == 0 && i < 6; i++)
				drop |= strcmp(buf_cstr(&k), dropped[i]) == 0;
			if (!drop) {
				m = xrealloc(m, (n + 1) * sizeof *m);
				m[n].key = xstrdup(buf_cstr(&k));
				m[n].val = xstrdup(buf_cstr(&v));
				n++;
			}
			buf_free(&k);
			buf_free(&v);
			jp_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				break;
			}
			j->err = true;
		}
	}
	if (n)
		qsort(m, n, sizeof *m, member_cmp);
	buf_puts(out, "{");
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "%s%s:%s", i ? "," : "", m[i].key, m[i].val);
		free(m[i].key);
		free(m[i].val);
	}
	buf_puts(out, "}");
	free(m);
}

static void jp_value(struct jp *j, struct buf *out, int depth)
{
	jp_ws(j);
	if (j->p >= j->end) {
		j->err = true;
		return;
	}
	char c = *j->p;
	if (c == '{') {
		jp_object(j, out, depth);
	} else if (c == '[') {
		j->p++;
		buf_puts(out, "[");
		jp_ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
		} else {
			for (int i = 0; i < 100000 && !j->err; i++) {
				if (i)
					buf_puts(out, ",");
				jp_value(j, out, depth + 1);
				jp_ws(j);
				if (j->p < j->end && *j->p == ',') {
					j->p++;
					continue;
				}
				if (j->p < j->end && *j->p == ']') {
					j->p++;
					break;
				}
				j->err = true;
			}
		}
		buf_puts(out, "]");
	} else if (c == '"') {
		jp_string(j, out);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		const char *s = j->p;
		bool integer = true;
		while (j->p < j->end && strchr("+-0123456789.eE", *j->p)) {
			if (strchr(".eE", *j->p))
				integer = false;
			j->p++;
		}
		if (integer)
			buf_put(out, s, (size_t)(j->p - s));
		else
			buf_printf(out, "%.17g", strtod(s, NULL));
	} else {
		static const char *const words[] = { "true", "false", "null" };
		for (int i = 0; i < 3; i++) {
			size_t l = strlen(words[i]);
			if ((size_t)(j->end - j->p) >= l && memcmp(j->p, words[i], l) == 0) {
				buf_puts(out, words[i]);
				j->p += l;
				return;
			}
		}
		j->err = true;
	}
}

/* Canonical text, or NULL when the input is not one JSON document. */
static char *json_canon(const char *text, size_t len)
{
	struct jp j = { text, text + len, false };
	struct buf out = BUF_INIT;
	jp_value(&j, &out, 0);
	jp_ws(&j);
	if (j.err || j.p != j.end) {
		buf_free(&out);
		return NULL;
	}
	char *s = xstrdup(buf_cstr(&out));
	buf_free(&out);
	return s;
}

/* ---------------------------------------------------------- vectors */

/* Families the core does not decode yet (later issues). */
static const char *const expected_failures[] = {
	"bgp-evpn-1", "bgp-flow-1", "bgp-flow-2", "bgp-flow-4", "bgp-flow-5", "bgp-ls-1", "bgp-ls-10",
	"bgp-ls-2", "bgp-ls-3", "bgp-ls-5", "bgp-ls-6", "bgp-ls-7", "bgp-ls-9", "bgp-sr-policy-1",
	"vpnv4-extended-nexthop-1",
};

static bool is_expected_failure(const char *name)
{
	for (size_t i = 0; i < sizeof expected_failures / sizeof expected_failures[0]; i++)
		if (strcmp(name, expected_failures[i]) == 0)
			return true;
	return false;
}

struct vector {
	char type[32], family[64];
	char *hex, *json;
};

static bool vector_read(const char *path, struct vector *v)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t cap = 0;
	char *lines[3] = { NULL, NULL, NULL };
	for (int i = 0; i < 3; i++) {
		cap = 0;
		if (getline(&lines[i], &cap, f) < 0)
			break;
		lines[i][strcspn(lines[i], "\r\n")] = '\0';
	}
	fclose(f);
	if (!lines[0] || !lines[1] || !lines[2]) {
		for (int i = 0; i < 3; i++)
			free(lines[i]);
		return false;
	}
	v->type[0] = v->family[0] = '\0';
	char a[32] = "", s[32] = "";
	int n = sscanf(lines[0], "%31s %31s %31s", v->type, a, s);
	if (n == 3)
		snprintf(v->family, sizeof v->family, "%s %s", a, s);
	free(lines[0]);
	v->hex = lines[1];
	v->json = lines[2];
	return true;
}

/* Every truncation of a vector's bytes must decode or fail cleanly. */
static void truncations(const struct vector *v)
{
	struct buf bytes = BUF_INIT;
	if (hex_decode(&bytes, v->hex) < 0) {
		buf_free(&bytes);
		return;
	}
	for (size_t n = 0; n < bytes.len; n++) {
		struct buf h = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
		hex_encode(&h, bytes.data, n);
		int rc = decode_to_json(v->type, v->family[0] ? v->family : NULL, buf_cstr(&h), &out, &err);
		CHECK(rc == 0 || err.len > 0);
		/* Also with a header whose length was patched to match. */
		if (n >= 19) {
			uint8_t *p = xmalloc(n);
			memcpy(p, bytes.data, n);
			put_be16(p + 16, (uint16_t)n);
			buf_reset(&h);
			hex_encode(&h, p, n);
			buf_reset(&out);
			buf_reset(&err);
			rc = decode_to_json(v->type, v->family[0] ? v->family : NULL, buf_cstr(&h), &out, &err);
			CHECK(rc == 0 || err.len > 0);
			free(p);
		}
		buf_free(&h);
		buf_free(&out);
		buf_free(&err);
	}
	buf_free(&bytes);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_vectors(void)
{
	const char *dir = getenv("LUNABGP_DECODING_DIR");
	if (!dir)
		dir = "../../shared/conformance/exabgp/decoding";
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "no decoding vectors at %s (set LUNABGP_DECODING_DIR): skipped\n", dir);
		return;
	}
	char *names[256];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 256)
		if (de->d_name[0] != '.')
			names[nn++] = xstrdup(de->d_name);
	closedir(d);
	qsort(names, nn, sizeof names[0], name_cmp);
	int passed = 0, failed = 0, xfail = 0, xpass = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct vector v;
		if (!vector_read(path, &v)) {
			free(names[i]);
			continue;
		}
		struct buf out = BUF_INIT, err = BUF_INIT;
		int rc = decode_to_json(v.type, v.family[0] ? v.family : NULL, v.hex, &out, &err);
		char *got = rc == 0 && err.len == 0 ? json_canon((const char *)out.data, out.len) : NULL;
		char *want = json_canon(v.json, strlen(v.json));
		bool ok = got && want && strcmp(got, want) == 0;
		bool expected = is_expected_failure(names[i]);
		if (ok) {
			passed++;
			if (expected)
				xpass++, fprintf(stderr, "XPASS %s (remove it from the expected failures)\n", names[i]);
		} else if (expected) {
			xfail++;
			/* A clear message, never a crash or empty stderr. */
			CHECK(rc != 0 ? err.len > 0 : true);
		} else {
			failed++;
			fprintf(stderr, "FAIL %s\n  err: %s\n  got: %s\n want: %s\n", names[i], buf_cstr(&err),
			        got ? got : buf_cstr(&out), want ? want : "(bad JSON)");
		}
		truncations(&v);
		free(got);
		free(want);
		buf_free(&out);
		buf_free(&err);
		free(v.hex);
		free(v.json);
		free(names[i]);
	}
	printf("decoding vectors: %d passed, %d failed (%d expected failures, %d unexpected passes)\n", passed,
	       failed + xfail, xfail, xpass);
	CHECK_EQ_INT(failed, 0);
	CHECK(passed >= 2);
}

/* -------------------------------------------------------- exact text */

static struct json_peer peer(void)
{
	struct json_peer p;
	memset(&p, 0, sizeof p);
	p.api = JSON_API_V4;
	p.host = "h";
	p.pid = 1;
	p.ppid = 1;
	p.counter = 1;
	p.local_addr = "127.0.0.1";
	p.peer_addr = "127.0.0.2";
	p.local_as = 1;
	p.peer_as = 2;
	p.router_id = "1.2.3.4";
	p.direction = "in";
	p.time = 1.0;
	return p;
}

static bool contains(const struct buf *b, const char *s)
{
	struct buf c = *b;
	return strstr(buf_cstr(&c), s) != NULL;
}

static void check_text(struct buf *out, const char *canon_want)
{
	char *got = json_canon((const char *)out->data, out->len);
	CHECK(got != NULL);
	CHECK_EQ_STR(got, canon_want);
	free(got);
}

static void test_messages(void)
{
	struct json_peer p = peer();
	char *cn;
	struct buf out = BUF_INIT, err = BUF_INIT;
	/* An UPDATE with ExaBGP's "nlri": spacing that helpers grep for. */
	CHECK_EQ_INT(decode_to_json("update", NULL,
	             "0000001540010100400200400304010203044005040000006418010000", &out, &err), 0);
	CHECK(contains(&out, "\"nlri\": \"1.0.0.0/24\""));
	CHECK(contains(&out, "\"counter\": 1, \"type\": \"update\""));
	CHECK(contains(&out, "\"host\" : \""));
	CHECK(contains(&out, "\"exabgp\": \"4.0.1\""));

	/* Withdraw with NEXT_HOP: shown as an attribute (ExaBGP include_nexthop). */
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json("update", "ipv4 unicast", "0004180A0000" "000B" "40010102" "4003040A000001", &out, &err), 0);
	CHECK(contains(&out, "\"withdraw\": { \"ipv4 unicast\": [ { \"nlri\": \"10.0.0.0/24\" } ] }"));
	CHECK(contains(&out, "\"next-hop\": \"10.0.0.1\""));

	/* End-of-RIB, IPv4 and IPv6. */
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json("update", NULL, "00000000", &out, &err), 0);
	CHECK(contains(&out, "\"message\": { \"eor\": { \"afi\" : \"ipv4\", \"safi\" : \"unicast\" } }"));
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json("update", NULL, "00000007900F0003000201", &out, &err), 0);
	CHECK(contains(&out, "\"eor\": { \"afi\" : \"ipv6\", \"safi\" : \"unicast\" }"));

	/* Every attribute the blob may hold. */
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json("update", "ipv4 unicast",
	             "0000" "008B"
	             "40010101" "4002" "10" "0201" "0000FDE8" "0102" "00000001" "00000002"
	             "400304" "0A000001" "800404" "00000005" "400504" "00000064" "400600"
	             "C00708" "0000FDE8" "01020304" "C00808" "00010002" "FFFFFF01"
	             "800904" "05060708" "800A08" "01010101" "02020202"
	             "C01010" "0002000100000002" "8006000000000000"
	             "C00B03" "AABBCC"
	             "C02018" "000000010000000200000003" "0000000A0000000B0000000C"
	             "18" "0B0000", &out, &err), 0);
	check_text(&out, "{\"counter\":1,\"neighbor\":{\"address\":{\"local\":\"127.0.0.1\",\"peer\":\"127.0.0.1\"},"
	           "\"asn\":{\"local\":65533,\"peer\":65533},\"direction\":\"in\",\"message\":{\"update\":{"
	           "\"announce\":{\"ipv4 unicast\":{\"10.0.0.1\":[{\"nlri\":\"11.0.0.0/24\"}]}},"
	           "\"attribute\":{\"aggregator\":\"65000:1.2.3.4\",\"as-path\":{\"0\":{\"element\":\"as-sequence\","
	           "\"value\":[65000]},\"1\":{\"element\":\"as-set\",\"value\":[1,2]}},\"atomic-aggregate\":true,"
	           "\"attribute-0x0B-0xE0\":\"0xaabbcc\",\"cluster-list\":[\"1.1.1.1\",\"2.2.2.2\"],"
	           "\"community\":[[1,2],[65535,65281]],\"extended-community\":[{\"string\":\"target:1:2\","
	           "\"value\":562954248388610},{\"string\":\"rate-limit:0\",\"value\":9225060886715039744}],"
	           "\"large-community\":[[1,2,3],[10,11,12]],\"local-preference\":100,\"med\":5,"
	           "\"origin\":\"egp\",\"originator-id\":\"5.6.7.8\"}}},\"router-id\":\"127.0.0.1\"},"
	           "\"type\":\"update\"}");

	/* Add-path NLRI carry their path identifier. */
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.fam[FAM_IPV4_UNICAST] = true;
	ctx.addpath_rx[FAM_IPV4_UNICAST] = true;
	ctx.max_msg = 4096;
	struct buf body = BUF_INIT, blob = BUF_INIT;
	hex_decode(&body, "0000000E40010100400200400304C0000201" "00000001" "18C10000");
	struct wire_update u;
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	buf_reset(&out);
	json_update(&out, &p, &ctx, &u, blob.data, blob.len, NULL);
	CHECK(contains(&out, "{ \"nlri\": \"193.0.0.0/24\", \"path-information\": \"0.0.0.1\" }"));
	CHECK(contains(&out, "\"192.0.2.1\": [ "));
	buf_free(&body);
	buf_free(&blob);

	/* NOTIFICATION with an RFC 9003 communication. */
	uint8_t nb[] = { 6, 4, 5, 'h', 'e', 'l', 'l', 'o' };
	struct wire_notification n;
	wire_notification_decode(nb, sizeof nb, &n);
	buf_reset(&out);
	json_notification(&out, &p, &n, NULL);
	CHECK(contains(&out, "\"type\": \"notification\""));
	CHECK(contains(&out, "\"notification\": { \"code\": 6, \"subcode\": 4, \"data\": \""));
	CHECK(contains(&out, "\"message\": \"Shutdown Communication: \\\"hello\\\"\""));
	cn = json_canon((const char *)out.data, out.len);
	CHECK(cn != NULL);
	free(cn);

	/* KEEPALIVE, ROUTE-REFRESH, state, shutdown notice. */
	buf_reset(&out);
	json_keepalive(&out, &p, NULL);
	check_text(&out, "{\"counter\":1,\"neighbor\":{\"address\":{\"local\":\"127.0.0.1\",\"peer\":\"127.0.0.2\"},"
	           "\"asn\":{\"local\":1,\"peer\":2},\"direction\":\"in\",\"router-id\":\"1.2.3.4\"},\"type\":\"keepalive\"}");
	buf_reset(&out);
	struct wire_route_refresh rr = { 2, RR_BORR, 1 };
	json_refresh(&out, &p, &rr, NULL);
	CHECK(contains(&out, "\"route-refresh\": { \"afi\": \"ipv6\", \"safi\": \"unicast\", \"subtype\": \"begin\" }"));
	buf_reset(&out);
	json_state(&out, &p, "down", "peer reset \"x\"");
	CHECK(contains(&out, "\"type\": \"state\""));
	CHECK(contains(&out, "\"state\": \"down\", \"reason\": \"peer reset \\\"x\\\"\""));
	cn = json_canon((const char *)out.data, out.len);
	CHECK(cn != NULL);
	free(cn);
	buf_reset(&out);
	json_notice(&out, &p, "shutdown");
	CHECK(contains(&out, "\"type\": \"notification\", \"notification\": \"shutdown\" }"));
	CHECK(!contains(&out, "counter"));
	p.api = JSON_API_V6;
	buf_reset(&out);
	json_keepalive(&out, &p, NULL);
	CHECK(contains(&out, "\"exabgp\": \"6.0.0\""));

	/* Raw packets are included when given. */
	uint8_t hdr[19];
	memset(hdr, 0xff, 16);
	hdr[16] = 0;
	hdr[17] = 19;
	hdr[18] = 4;
	struct json_raw raw = { hdr, NULL, 0, true };
	buf_reset(&out);
	json_keepalive(&out, &p, &raw);
	CHECK(contains(&out, "\"header\": \"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304\""));

	/* OPEN with many capabilities. */
	buf_reset(&out);
	CHECK_EQ_INT(decode_to_json("open", NULL, "0400010000C0A80001" "27" "0206010400020001" "02024600"
	             "0206450400020103" "0208400680780002018002020200" "02034201AA", &out, &err), 0);
	check_text(&out, "{\"counter\":1,\"neighbor\":{\"address\":{\"local\":\"127.0.0.1\",\"peer\":\"127.0.0.1\"},"
	           "\"asn\":{\"local\":65533,\"peer\":65533},\"direction\":\"in\",\"open\":{\"asn\":1,"
	           "\"capabilities\":{\"1\":{\"families\":[\"ipv6/unicast\"],\"name\":\"multiprotocol\"},"
	           "\"2\":{\"name\":\"route-refresh\",\"variant\":\"RFC\"},"
	           "\"64\":{\"address-family-flags\":{\"ipv6/unicast\":[\"restart\"]},\"name\":\"graceful restart\","
	           "\"restart-flags\":[\"forwarding\"],\"time\":120},"
	           "\"66\":{\"iana\":\"unknown\",\"name\":\"unknown\",\"raw\":\"AA\",\"value\":66},"
	           "\"69\":{\"ipv6/unicast\":\"send/receive\",\"name\":\"addpath\"},"
	           "\"70\":{\"name\":\"enhanced-route-refresh\"}},\"hold_time\":0,\"router_id\":\"192.168.0.1\","
	           "\"version\":4},\"router-id\":\"127.0.0.1\"},\"type\":\"open\"}");

	/* Errors are sentences, never crashes. */
	buf_reset(&out);
	buf_reset(&err);
	CHECK(decode_to_json("update", "ipv4 bogus", "00000000", &out, &err) < 0);
	CHECK(contains(&err, "not supported"));
	buf_reset(&err);
	CHECK(decode_to_json("update", NULL, "zz", &out, &err) < 0);
	CHECK(err.len > 0);
	buf_reset(&err);
	CHECK(decode_to_json("nlri", "ipv4 unicast", "180A0000", &out, &err) == 0);
	CHECK(contains(&out, "{ \"nlri\": \"10.0.0.0/24\" }"));
	buf_free(&out);
	buf_free(&err);
}

int main(void)
{
	test_messages();
	test_vectors();
	return unit_done();
}
