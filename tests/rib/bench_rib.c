/* Micro-benchmark of c/rib on 1M IPv4 /24 routes (bench/README.md's size):
 * rib_table insert/find/remove and memory, rib_out queue + flush into 4096-
 * byte UPDATEs and its peak RSS.  Not a CTest test; build it against a
 * build directory's libraries:
 *   gcc -O2 -Ic -Itests tests/rib/bench_rib.c build-X/liblb_rib.a \
 *       build-X/liblb_wire.a build-X/liblb_base.a -o /tmp/bench_rib
 *   /tmp/bench_rib [routes] [attribute sets]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rib/ribout.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident and peak resident set, KiB. */
static void rss(long *cur, long *peak)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	*cur = *peak = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "VmRSS:", 6))
			*cur = atol(line + 6);
		else if (!strncmp(line, "VmHWM:", 6))
			*peak = atol(line + 6);
	}
	fclose(f);
}

static struct nlri_ref v4(uint8_t *k, uint32_t i)
{
	uint32_t a = (0x01000000u + i) << 8;
	k[0] = 24;
	k[1] = a >> 24;
	k[2] = a >> 16;
	k[3] = a >> 8;
	struct nlri_ref n = { FAM_IPV4_UNICAST, 0, 4, k };
	return n;
}

int main(int argc, char **argv)
{
	uint32_t N = argc > 1 ? (uint32_t)atol(argv[1]) : 1000000;
	uint32_t S = argc > 2 ? (uint32_t)atol(argv[2]) : 1;
	uint8_t blob[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1, 0x80, 4, 0, 4, 0, 0, 0, 0 };
	struct attrset **sets = malloc(S * sizeof *sets);
	for (uint32_t i = 0; i < S; i++) {
		memcpy(blob + 17, &i, 4);
		sets[i] = attrset_intern(blob, sizeof blob);
	}
	uint8_t k[8];
	long r0, p0, r1, p1;

	rss(&r0, &p0);
	struct rib_table *t = rib_table_new();
	double t0 = now();
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, i);
		rib_table_update(t, &n, sets[i % S]);
	}
	double t1 = now();
	size_t hit = 0;
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, i);
		hit += rib_table_find(t, &n) != NULL;
	}
	double t2 = now();
	rss(&r1, &p1);
	printf("rib_table: %u routes, %u sets: insert %.0f ns/route, find %.0f ns/route, %.1f bytes/route (RSS)\n",
	       N, S, (t1 - t0) * 1e9 / N, (t2 - t1) * 1e9 / N, (r1 - r0) * 1024.0 / N);
	if (hit != N)
		printf("find: %zu of %u\n", hit, N);
	double t3 = now();
	rib_table_free(t);
	printf("rib_table: free %.0f ns/route\n", (now() - t3) * 1e9 / N);

	rss(&r0, &p0);
	struct rib_out *o = rib_out_new();
	t0 = now();
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, i);
		rib_out_announce(o, &n, sets[i % S]);
	}
	t1 = now();
	rss(&r1, &p1);
	printf("rib_out: queue %.0f ns/route, %.1f bytes/route (RSS)\n", (t1 - t0) * 1e9 / N,
	       (r1 - r0) * 1024.0 / N);
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.max_msg = 4096;
	ctx.fam[FAM_IPV4_UNICAST] = true;
	struct wire_encode_ctx enc;
	memset(&enc, 0, sizeof enc);
	enc.asn4 = true;
	enc.add_local_pref = true;
	struct buf out = BUF_INIT;
	size_t bytes = 0, msgs = 0, calls = 0;
	t0 = now();
	for (bool more = true; more; calls++) {
		buf_reset(&out);
		more = rib_out_flush(o, &out, 256 * 1024, &ctx, &enc, true);
		bytes += out.len;
		for (size_t off = 0; off + 19 <= out.len; off += get_be16(out.data + off + 16))
			msgs++;
	}
	t1 = now();
	printf("rib_out: flush %.0f ns/route, %zu UPDATEs, %.1f MB, %zu calls of 256 KiB\n",
	       (t1 - t0) * 1e9 / N, msgs, bytes / 1e6, calls);
	/* Withdraw all, flush again. */
	t0 = now();
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, i);
		rib_out_withdraw(o, &n);
	}
	msgs = 0;
	for (bool more = true; more;) {
		buf_reset(&out);
		more = rib_out_flush(o, &out, 256 * 1024, &ctx, &enc, true);
		for (size_t off = 0; off + 19 <= out.len; off += get_be16(out.data + off + 16))
			msgs++;
	}
	t1 = now();
	rss(&r1, &p1);
	printf("rib_out: withdraw+flush %.0f ns/route, %zu UPDATEs; peak RSS %.1f MB\n",
	       (t1 - t0) * 1e9 / N, msgs, p1 / 1024.0);
	buf_free(&out);
	rib_out_free(o);
	for (uint32_t i = 0; i < S; i++)
		attrset_unref(sets[i]);
	free(sets);
	return 0;
}
